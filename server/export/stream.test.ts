/** Downloads written a page at a time: the same bytes as the whole, any size. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UNATTRIBUTED } from '../../protocol/event';
import { EventStore } from '../store/event-store';
import type { Store } from '../store/store';
import { toCsv } from './csv';
import { exportRecords } from './record';
import { streamExport } from './stream';

const BOOT_WALL_MS = 1_700_000_000_000;
let store: EventStore;
/** What the test server downloads from: the store, or a proxy of it. */
let source: Store;
let server: http.Server;
let url: string;

beforeAll(async () => {
  store = await EventStore.open({
    path: ':memory:', retentionSeconds: 86_400, maxMb: 1000, memoryLimitMb: 128, frame: { bootId: 'b', bootWallMs: BOOT_WALL_MS },
  });
  for (let i = 0; i < 2500; i++) {
    store.add({
      ts: 100 + i / 1000, cpu: 0, pid: 7, tid: 7, comm: i % 2 ? 'odd' : 'even', uid: 0, euid: 0, flags: 0, ret: 3, errno: 0,
      path: `/data/f${i}, "quoted"\nline`, truncated: false, syscall: 'openat', durationNs: 1000, cgroupId: 0, ...UNATTRIBUTED, start: 1,
    });
  }
  source = store;
  server = http.createServer((req, res) => {
    const u = new URL(req.url!, 'http://x');
    const format = u.pathname.endsWith('.csv') ? 'csv' : 'json';
    const comm = u.searchParams.get('comm');
    void streamExport(source, comm ? { comm } : {}, Number(u.searchParams.get('limit')), {}, format, BOOT_WALL_MS, res, {});
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server?.close();
  await store?.close();
});

describe('streamExport', () => {
  it('writes the newest events, oldest first, over several pages: the same CSV as the whole at once', async () => {
    const whole = await store.events({}, { limit: 2000 });
    const csv = await (await fetch(`${url}/x.csv?limit=2000`)).text();
    expect(csv).toBe(toCsv(exportRecords(whole.events, BOOT_WALL_MS)));
    expect(csv.split('\r\n')[1]).toMatch(/\/data\/f500,/);
  });

  it('says in its headers how many events it holds of how many match', async () => {
    const counts = async (q: string) => {
      const res = await fetch(`${url}/x.csv?${q}`);
      await res.text();
      return [res.headers.get('x-exported-count'), res.headers.get('x-total-count')];
    };
    expect(await counts('limit=2000')).toEqual(['2000', '2500']);
    expect(await counts('limit=5000&comm=odd')).toEqual(['1250', '1250']);
    expect(await counts('limit=10&comm=nobody')).toEqual(['0', '0']);
  });

  it('writes JSON with the cursor to the events before and the total, for a filter too', async () => {
    const body = (await (await fetch(`${url}/x.json?limit=2000`)).json()) as { events: { path: string }[]; next: number; total: number };
    expect(body.events).toHaveLength(2000);
    expect(body.events[0]!.path).toBe('/data/f500, "quoted"\nline');
    expect(body.total).toBe(2500);
    expect(body.next).toBe((await store.events({}, { limit: 2000 })).next);
    const odd = (await (await fetch(`${url}/x.json?limit=5000&comm=odd`)).json()) as { events: unknown[]; next: number | null; total: number };
    expect([odd.events.length, odd.next, odd.total]).toEqual([1250, null, 1250]);
    const none = (await (await fetch(`${url}/x.json?limit=10&comm=nobody`)).json()) as unknown;
    expect(none).toEqual({ events: [], next: null, total: 0 });
  });

  it('counts the matches once and reads each page by its range, not the whole download per page', async () => {
    const calls: string[] = [];
    const counted = new Proxy(store, {
      get: (target, key) => {
        const v = Reflect.get(target, key, target) as unknown;
        return typeof v === 'function' ? (...args: unknown[]) => (calls.push(String(key)), (v as (...a: unknown[]) => unknown).apply(target, args)) : v;
      },
    });
    source = counted;
    const body = (await (await fetch(`${url}/x.json?limit=2400`)).json()) as { events: unknown[]; total: number };
    source = store;
    expect([body.events.length, body.total]).toEqual([2400, 2500]);
    // Each page of /api/events counts the matches and sorts them: a
    // download of 50,000 made 50 of each.
    expect(calls).toEqual(['events', 'downloadStart', 'downloadPage', 'downloadPage', 'downloadPage']);
  });
});
