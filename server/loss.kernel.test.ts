/**
 * Loss on the kernel side is counted, never silent: with room for one open
 * in flight, opens that block (a FIFO with no writer) fill the table, and
 * the ones that found it full show up as startsFull and in lost.
 */
import { execa, type ResultPromise } from 'execa';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../protocol/event';
import type { Counts } from '../protocol/status';
import { expectedAttach, startBackend, waitFor } from './testing/backend';

// fentry has no table of opens in flight: one program sees enter and exit.
const enterExit = (await expectedAttach()) !== 'fentry';

describe('kernel-side loss', () => {
  it.runIf(enterExit)('counts opens the BPF side could not record as startsFull and lost', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'odash-loss-'));
    const fifo = path.join(dir, 'fifo');
    await execa('mkfifo', [fifo]);
    // Scoped to one name, so nothing else on the machine takes the one slot.
    const backend = await startBackend(7188, ['--max-inflight', '1', '--comm', 'odash-fifo', '--state-dir', path.join(dir, 'state')]);
    const readers: ResultPromise[] = [];
    try {
      // Each blocks in openat until a writer comes: the first holds the slot.
      for (let i = 0; i < 3; i++) {
        readers.push(execa(process.execPath, ['-e', `process.title = 'odash-fifo'; require('fs').openSync(${JSON.stringify(fifo)}, 'r')`]));
      }
      const counts = await waitFor(async () => {
        const c = (await backend.api<{ counts: Counts }>('/api/health')).body.counts;
        return c.startsFull >= 2 ? c : undefined;
      }, 'two opens counted as not recorded');
      expect(counts.startsFull).toBe(2);
      expect(counts.lost).toBeGreaterThanOrEqual(2);
      // A writer releases them; the one that had the slot is reported.
      fs.closeSync(fs.openSync(fifo, 'w'));
      await Promise.all(readers);
      const events = await waitFor(async () => {
        const { body } = await backend.api<{ events: TraceEvent[] }>(`/api/events?path=${encodeURIComponent(fifo)}`);
        return body.events.length ? body.events : undefined;
      }, 'the recorded open');
      expect(events).toHaveLength(1);
    } finally {
      for (const r of readers) r.kill();
      await backend.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
