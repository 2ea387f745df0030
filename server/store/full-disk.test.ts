/**
 * A full disk: DuckDB gives up on the store for good once a checkpoint
 * cannot be written ("database has been invalidated"), so every view
 * failed until a restart. The store's thread now reopens it, once there is
 * room again, and says what happened. Runs as root (npm test does): the
 * store lives on a tmpfs of its own, filled up on purpose.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UNATTRIBUTED } from '../../protocol/event';
import { waitFor } from '../testing/backend';
import { StoreClient } from './store-client';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'odash-fulldisk-'));
const filler = path.join(dir, 'filler');
let store: StoreClient | undefined;

beforeAll(() => {
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64m,mode=0700', 'tmpfs', dir]);
});
afterAll(async () => {
  await store?.close().catch(() => undefined);
  execFileSync('umount', [dir]);
  fs.rmSync(dir, { recursive: true, force: true });
});

const ev = (i: number) => ({
  ts: 100 + i / 1000, cpu: 0, pid: 9, tid: 9, comm: 'filler', uid: 0, euid: 0, flags: 0, ret: 3, errno: 0,
  path: `/data/${i}/${'p'.repeat(200)}`, truncated: false, syscall: 'openat' as const, durationNs: 1000, cgroupId: 0,
  ...UNATTRIBUTED, start: 1,
});

describe('a full disk', () => {
  it('is reopened from once there is room again: the views answer, and the status says what happened', { timeout: 120_000 }, async () => {
    store = await StoreClient.open({
      path: path.join(dir, 'events.duckdb'), retentionSeconds: 86_400, maxMb: 1000, memoryLimitMb: 64,
      frame: { bootId: 'b', bootWallMs: 1_700_000_000_000 },
    });
    for (let i = 0; i < 1000; i++) store.add(ev(i));
    expect((await store.events({}, { limit: 1 })).total).toBe(1000);
    // Fill the disk but for 18 MB: the write-ahead log outgrows what a
    // checkpoint (at 16 MB of it) can write, and the store gives up. In
    // commits of about 1 MB: one of 9 MB could take the log past 16 and 18
    // MB at once, a failed write rather than a failed checkpoint.
    fs.writeFileSync(filler, Buffer.alloc(fs.statfsSync(dir).bavail * fs.statfsSync(dir).bsize - (18 << 20)));
    let i = 1000;
    await waitFor(async () => {
      for (let k = 0; k < 2_000; k++) store!.add(ev(i++));
      await store!.upkeep(200);
      await store!.events({}, { limit: 1 }).catch(() => undefined);
      return /invalidated/.test(store!.status.lastError ?? '') ? true : undefined;
    }, 'the store to fail for want of room', 60_000);
    fs.rmSync(filler);
    // Room again: it comes back by itself, with what it had committed.
    const page = await waitFor(() => store!.events({}, { limit: 1 }).catch(() => undefined), 'the store to answer again', 60_000);
    expect(page.total).toBeGreaterThanOrEqual(1000);
    expect(store.status.lastError).toMatch(/^reopened after a fatal error: /);
    expect(store.status.writeFailures).toBeGreaterThan(0);
    store.add(ev(i));
    expect((await store.events({ path: `/data/${i}/*` }, { limit: 1 })).total).toBe(1);
  });
});
