/**
 * SIGTERM while views are being read: the backend stops their queries,
 * closes the store and exits, putting back what it changed. It used to
 * hang there (a read whose connection closed never ended), until killed:
 * the BPF statistics switch then stayed on.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Counts } from '../protocol/status';
import { HOST_ONLY, runSteps, startBackend, waitFor } from './testing/backend';

const STATS = '/proc/sys/kernel/bpf_stats_enabled';
const PIN_DIR = '/sys/fs/bpf/ebpf-dash';

describe('shutdown', () => {
  it.runIf(HOST_ONLY)('exits promptly on SIGTERM with reads in flight, and restores the kernel settings', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'odash-shutdown-'));
    const statsBefore = fs.readFileSync(STATS, 'utf8');
    const backend = await startBackend(7190, [
      '--comm', 'odash-busy', '--db', path.join(dir, 'events.duckdb'), '--state-dir', path.join(dir, 'state'),
    ]);
    try {
      // 300k names: the files views have work to do.
      await runSteps(['comm:odash-busy', `many:300000:${path.join(dir, 'missing-')}`]);
      await waitFor(async () => {
        const c = (await backend.api<{ counts: Counts }>('/api/health')).body.counts;
        return c.events >= 300_000 && c.spooled === 0 ? true : undefined;
      }, 'the burst to be stored', 60_000);
      // Reads the Files page and the processes panel ask for, left running.
      for (const route of ['/api/files', '/api/files?group=dir', '/api/processes?group=comm']) {
        void backend.api(route).catch(() => undefined);
      }
      await new Promise((r) => setTimeout(r, 200));
      const t0 = Date.now();
      backend.process.kill('SIGTERM');
      const r = await backend.process;
      // execa kills it after 10 s: a clean exit is code 0, well before.
      expect({ exitCode: r.exitCode, signal: r.signal ?? null }).toEqual({ exitCode: 0, signal: null });
      expect(Date.now() - t0).toBeLessThan(8_000);
      expect(fs.readFileSync(STATS, 'utf8')).toBe(statsBefore);
    } finally {
      await backend.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it.runIf(HOST_ONLY)('cleans up when Ctrl-C or a service manager signals its whole process group', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'odash-shutdown-'));
    const backend = await startBackend(7190, ['--state-dir', path.join(dir, 'state')]);
    try {
      // The filter loaded and pinned, and its command runner running.
      expect((await backend.api('/api/xdp')).status).toBe(200);
      expect(fs.existsSync(PIN_DIR)).toBe(true);
      const children = fs.readFileSync(`/proc/${backend.process.pid}/task/${backend.process.pid}/children`, 'utf8').trim().split(/\s+/);
      const runner = children.map(Number).find((pid) => fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('runner-child'));
      expect(runner).toBeDefined();
      // What a terminal's Ctrl-C does: the signal to every process of the group at once.
      backend.process.kill('SIGINT');
      process.kill(runner!, 'SIGINT');
      const r = await backend.process;
      expect({ exitCode: r.exitCode, signal: r.signal ?? null }).toEqual({ exitCode: 0, signal: null });
      expect(r.stderr).not.toMatch(/XDP clean-up/);
      expect(fs.existsSync(PIN_DIR)).toBe(false);
    } finally {
      await backend.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
