import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EMPTY_STATE, readState, writeState } from './state-file';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'odash-state-test-'));
const file = path.join(dir, 'xdp.json');
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir);
});

describe('the XDP state file', () => {
  it('reads back what it wrote', () => {
    const state = {
      ...EMPTY_STATE,
      attached: { ifname: 'eth0', mode: 'auto' as const },
      default: 'drop' as const,
      rules: [{
        cidr: null, direction: 'src' as const, proto: 'tcp' as const, port: 22, action: 'allow' as const, id: 3,
        createdAt: '2026-11-30T00:00:00.000Z', expiresAt: '2026-12-01T00:00:00.000Z', comment: 'ssh', confirmed: false,
      }],
    };
    writeState(file, state);
    expect(readState(file)).toEqual({ state, problem: null });
  });

  it('takes the first version (source/destination prefixes) as deny rules the user confirmed', () => {
    fs.writeFileSync(file, JSON.stringify({
      version: 1,
      attached: { ifname: 'odash-lab0', mode: 'generic' },
      rules: [{ cidr: '10.211.0.2/32', direction: 'src', createdAt: '2026-01-01T00:00:00.000Z' }],
    }));
    const { state, problem } = readState(file);
    expect(problem).toBeNull();
    expect(state).toMatchObject({ version: 2, default: 'pass', attached: { ifname: 'odash-lab0' } });
    expect(state.rules).toEqual([{
      cidr: '10.211.0.2/32', direction: 'src', proto: null, port: null, action: 'deny', id: 0,
      createdAt: '2026-01-01T00:00:00.000Z', expiresAt: null, comment: '', confirmed: true,
    }]);
  });

  it('starts empty from a damaged file, says so, and keeps the file aside', () => {
    fs.writeFileSync(file, '{"version": 2, "rules": [');
    const { state, problem } = readState(file);
    expect(state).toEqual(EMPTY_STATE);
    expect(problem).toMatch(/was damaged .* it is kept as .*xdp\.json\.bad-/);
    expect(fs.readdirSync(dir).some((f) => f.startsWith('xdp.json.bad-'))).toBe(true);
  });
});
