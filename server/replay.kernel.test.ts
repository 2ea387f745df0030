/**
 * Record a live session's raw lines, then replay the file as an
 * unprivileged user: the same events come back, with no kernel involved.
 */
import { execa } from 'execa';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TraceEvent } from '../protocol/event';
import type { TracerStatus } from '../protocol/status';
import { repoRoot, runOpener, SERVER_BUNDLE, startBackend, waitFor } from './testing/backend';

let dir: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'odash-rec-'));
  fs.chmodSync(dir, 0o755);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('record and replay', () => {
  it('replays a recording, without root, into the same events', async () => {
    const record = path.join(dir, 'session.log');
    const live = await startBackend(7184, ['--record', record, '--state-dir', path.join(dir, 'state')]);
    const comm = 'rec probe\n9';
    const paths = ['a', 'b,c "d"', 'missing'].map((n) => path.join(dir, n));
    for (const p of paths.slice(0, 2)) fs.writeFileSync(p, '');
    const pid = await runOpener(comm, paths.map((p) => Buffer.from(p)));
    const liveEvents = await waitFor(async () => {
      const { body } = await live.api<{ events: TraceEvent[] }>(`/api/events?pid=${pid}&path=${encodeURIComponent(dir)}`);
      return body.events.length === 3 ? body.events : undefined;
    }, 'the live events');
    await live.stop();
    fs.chmodSync(record, 0o644);

    // As nobody: a replay needs no privilege at all. nobody may not be
    // able to enter the checkout (a clone under /root, mode 0700), so the
    // replay runs in a mount namespace of its own that shows the checkout
    // at a path anyone can reach.
    const token = 'replay-token-1';
    const view = path.join(dir, 'checkout');
    fs.mkdirSync(view);
    const asNobody = [
      'mount --bind "$REPO" "$VIEW" && cd "$VIEW" &&',
      `exec setpriv --reuid=65534 --regid=65534 --clear-groups "$NODE" ${SERVER_BUNDLE} "$@"`,
    ].join(' ');
    const replay = execa(
      'unshare',
      ['--mount', '--propagation', 'private', 'sh', '-c', asNobody, 'sh',
        '--port', '7185', '--replay', record, '--speed', '0'],
      { reject: false, env: { HOME: dir, REPO: repoRoot, VIEW: view, NODE: process.execPath, EBPF_DASH_TOKEN: token } },
    );
    try {
      const api = async <T>(route: string) =>
        (await (await fetch(`http://127.0.0.1:7185${route}`, { headers: { Authorization: `Bearer ${token}` } })).json()) as T;
      const replayed = await waitFor(async () => {
        try {
          const { events } = await api<{ events: TraceEvent[] }>(`/api/events?pid=${pid}&path=${encodeURIComponent(dir)}`);
          return events.length === 3 ? events : undefined;
        } catch {
          return undefined; // not listening yet
        }
      }, 'the replayed events', 30_000);
      // What this machine told the live backend of its cgroups and users
      // is not in a recording; everything the kernel said is.
      const ofKernel = ({ cgroup, unit, container, user, ...e }: TraceEvent) => e;
      expect(replayed.map(ofKernel)).toEqual(liveEvents.map(ofKernel));
      expect(replayed[0]!.comm).toBe(comm);
      const health = await api<{ tracer: TracerStatus }>('/api/health');
      expect(health.tracer.state).toBe('replay');
      const xdp = await fetch('http://127.0.0.1:7185/api/xdp', { headers: { Authorization: `Bearer ${token}` } });
      expect(xdp.status).toBe(503);
    } finally {
      replay.kill('SIGTERM');
      await replay;
    }
  });

  it('never records through a symlink (root would append to a file of the link maker\'s choice)', async () => {
    const victim = path.join(dir, 'victim');
    fs.writeFileSync(victim, 'precious');
    const link = path.join(dir, 'link.log');
    fs.symlinkSync(victim, link);
    await expect(startBackend(7184, ['--record', link, '--state-dir', path.join(dir, 'state')])).rejects.toThrow(/cannot start tracing: .*ELOOP/);
    expect(fs.readFileSync(victim, 'utf8')).toBe('precious');
  });
});
