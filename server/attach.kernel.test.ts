/**
 * Attach modes on this kernel: a mode it cannot run is refused at start
 * with the probe's reason (never a loader restarting forever), and auto
 * says what it picked and why.
 */
import { describe, expect, it } from 'vitest';
import { attachSupport, startBackend } from './testing/backend';

const support = await attachSupport();
const unsupported = support.filter((m) => !m.ok);

describe('attach modes', () => {
  it('the probe answers for every mode, with a reason for each it rejects', () => {
    expect(support.map((m) => m.mode).sort()).toEqual(['fentry', 'kprobe', 'tracepoint']);
    for (const m of unsupported) expect(m.why, m.mode).not.toBe('');
  });

  // This VM has no kprobes and refuses fentry; Debian's kernels run all three.
  it.runIf(unsupported.length > 0)('refuses a mode this kernel cannot run, saying why and what works', async () => {
    for (const m of unsupported) {
      const started = startBackend(7186, ['--attach', m.mode, '--state-dir', `/tmp/odash-attach-${m.mode}`]);
      await expect(started).rejects.toThrow(`--attach ${m.mode} does not work on this kernel: ${m.why}`);
      await expect(started).rejects.toThrow(/--attach auto +\(picks \w+ here\)/);
    }
  });
});
