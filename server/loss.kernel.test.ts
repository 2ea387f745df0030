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
import { expectedAttach, openerBinary, startBackend, waitFor } from './testing/backend';

const mode = await expectedAttach();

describe('kernel-side loss', () => {
  // Every mode pairs an open's enter with its exit in the table.
  it('counts opens the BPF side could not record as startsFull and lost', async () => {
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

  // Not in kprobe mode: there each blocked open also holds one of the
  // kretprobe's few instances (2 per CPU), and past them every exit is
  // missed, whoever's (counted as exitsMissed; README: Security).
  it.runIf(mode !== 'kprobe')("keeps one user from filling the table with blocked opens: others' opens are still seen", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'odash-budget-'));
    fs.chmodSync(dir, 0o755);
    const fifo = path.join(dir, 'fifo');
    await execa('mkfifo', ['-m', '666', fifo]);
    // Room for 80 opens in flight: a user's share is 10 (root's too: the
    // machine's own opens, slow under emulation, must not fill it).
    const backend = await startBackend(7191, ['--max-inflight', '80', '--state-dir', path.join(dir, 'state')]);
    const readers: ResultPromise[] = [];
    try {
      // nobody's 30 opens block on the FIFO: 10 are followed, 20 counted.
      const opener = await openerBinary();
      for (let i = 0; i < 30; i++) {
        const args = ['--reuid=65534', '--regid=65534', '--clear-groups', opener, 'comm:odash-hog', `open:${fifo}`];
        readers.push(execa('setpriv', args, { reject: false }));
      }
      const counts = await waitFor(async () => {
        const c = (await backend.api<{ counts: Counts }>('/api/health')).body.counts;
        return c.startsFull >= 20 ? c : undefined;
      }, "nobody's opens past its share counted");
      // Its short opens (the loader's) may find its share taken too.
      expect(counts.startsFull).toBeGreaterThanOrEqual(20);
      // Meanwhile root's opens are followed and reported.
      const mine = path.join(dir, 'root-file');
      fs.writeFileSync(mine, '');
      const child = execa(opener, ['comm:odash-root', `open:${mine}`]);
      await child;
      await waitFor(async () => {
        const { body } = await backend.api<{ events: TraceEvent[] }>(`/api/events?pid=${child.pid}`);
        return body.events.some((e) => e.path === mine) ? true : undefined;
      }, "root's open");
      fs.closeSync(fs.openSync(fifo, 'w'));
      await Promise.all(readers);
      // Those followed (its share at most) are reported when they complete.
      const hogs = await waitFor(async () => {
        const { body } = await backend.api<{ events: TraceEvent[] }>(`/api/events?comm=odash-hog&path=${encodeURIComponent(fifo)}`);
        return body.events.length >= 1 ? body.events : undefined;
      }, "nobody's followed opens");
      expect(hogs.length).toBeLessThanOrEqual(10);
    } finally {
      for (const r of readers) r.kill();
      await backend.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
