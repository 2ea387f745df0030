/**
 * A burst is read as fast as the kernel writes it: the reader thread only
 * moves bytes into the spool, and parsing and storing catch up behind it.
 * With a trace buffer that holds a few thousand lines, a burst many times
 * that size is delivered whole; a reader that parses between its reads
 * loses most of it to the kernel's overrun.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Counts } from '../protocol/status';
import { HOST_ONLY, runSteps, startBackend, waitFor } from './testing/backend';

const N = 200_000;

describe('a burst of opens', () => {
  // The spool is the backend's own (no kernel changes it), and under TCG
  // a 200k burst would take minutes: on the host only.
  it.runIf(HOST_ONLY)(`delivers all ${N} of a burst far bigger than the trace buffer`, async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'odash-burst-'));
    // Scoped to one name, so the machine's other opens are not in the count.
    const backend = await startBackend(7189, ['--comm', 'odash-burst', '--buffer-kb', '1024', '--state-dir', path.join(dir, 'state')]);
    try {
      await runSteps(['comm:odash-burst', `burst:${N}:/dev/null`]);
      const counts = await waitFor(async () => {
        const c = (await backend.api<{ counts: Counts }>('/api/health')).body.counts;
        return c.events + c.lost >= N && c.spooled === 0 ? c : undefined;
      }, 'the burst to be read', 60_000);
      expect({ events: counts.events, lost: counts.lost, overrun: counts.overrun }).toEqual({ events: N, lost: 0, overrun: 0 });
    } finally {
      await backend.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
