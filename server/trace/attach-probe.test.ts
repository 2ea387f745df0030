import { describe, expect, it } from 'vitest';
import { autoMode, type ModeSupport } from './attach-probe';

const m = (mode: ModeSupport['mode'], ok: boolean): ModeSupport => ({ mode, ok, why: ok ? '' : 'no' });

describe('autoMode', () => {
  it('takes fentry, then kprobe, then tracepoint, whatever order the probe printed', () => {
    expect(autoMode([m('tracepoint', true), m('kprobe', true), m('fentry', true)])).toBe('fentry');
    expect(autoMode([m('fentry', false), m('kprobe', true), m('tracepoint', true)])).toBe('kprobe');
    expect(autoMode([m('fentry', false), m('kprobe', false), m('tracepoint', true)])).toBe('tracepoint');
  });
  it('is null when nothing works', () => {
    expect(autoMode([m('fentry', false), m('kprobe', false), m('tracepoint', false)])).toBeNull();
    expect(autoMode([])).toBeNull();
  });
});
