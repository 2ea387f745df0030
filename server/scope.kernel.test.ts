/** --comm pushes the filter into the BPF program: nothing else is traced. */
import { describe, expect, it } from 'vitest';
import type { ProcessStats } from '../protocol/event';
import type { TracerStatus } from '../protocol/status';
import { runOpener, startBackend, waitFor } from './testing/backend';

describe('trace scope', () => {
  it('traces only the named process when started with --comm', async () => {
    const backend = await startBackend(7186, ['--comm', 'scoped one', '--state-dir', '/tmp/odash-scope-state']);
    try {
      const health = await backend.api<{ tracer: TracerStatus }>('/api/health');
      expect(health.body.tracer.scope).toEqual({ pid: null, uid: null, comm: 'scoped one' });
      const other = await runOpener('not scoped', [Buffer.from('/etc/hostname')]);
      const scoped = await runOpener('scoped one', [Buffer.from('/etc/hostname')]);
      const procs = await waitFor(async () => {
        const { body } = await backend.api<{ processes: ProcessStats[] }>('/api/processes?group=pid');
        return body.processes.some((p) => p.pid === scoped) ? body.processes : undefined;
      }, 'the scoped process');
      expect(procs.map((p) => p.comm)).toEqual(['scoped one']);
      expect(procs.some((p) => p.pid === other)).toBe(false);
    } finally {
      await backend.stop();
    }
  });
});
