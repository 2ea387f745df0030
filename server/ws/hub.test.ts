/**
 * The hub with a real WebSocket and a real (file-fed) event source: batches
 * stay bounded, a burst is sampled across its whole span, and every event
 * is either sent or counted as omitted.
 */
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { parseMessage, serverMessageSchema, type UpdateMessage } from '../../protocol/messages';
import { openReplay } from '../trace/replay';
import { DEFAULT_HUB_OPTIONS, Hub } from './hub';

const TAG = '8123456789abcdef';
const N = 5000;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'odash-hub-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('Hub', () => {
  it('sends bounded, time-ordered samples of a burst and counts the rest as omitted', async () => {
    const file = path.join(dir, 'burst.log');
    const lines = [`#odash-tag ${TAG}`];
    for (let i = 0; i < N; i++) {
      lines.push(
        `  cat-7 [000] ...21 ${(100 + i / 1e4).toFixed(6)}: bpf_trace_printk: odash tag=${TAG} sys=openat pid=7 tid=7 uid=0 flags=0x0 ret=3 comm=cat path=/f${i} trunc=0`,
      );
    }
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
    const { pipeline, replay: source } = await openReplay({ file, speed: 0 });
    const hub = new Hub(pipeline, 0, { ...DEFAULT_HUB_OPTIONS, flushMs: 50, maxBatch: 100, rateMs: 50 });
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    wss.on('connection', (ws) => hub.add(ws));
    await new Promise((r) => wss.once('listening', r));
    const updates: UpdateMessage[] = [];
    const client = new WebSocket(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}`);
    client.on('message', (data) => {
      const msg = parseMessage(serverMessageSchema, data.toString());
      if (msg.ok && msg.value.type === 'update') updates.push(msg.value);
    });
    await new Promise((r) => client.once('open', r));
    client.send(JSON.stringify({ type: 'filter', filter: { comm: 'cat' }, id: 5 }));
    await new Promise((r) => setTimeout(r, 100)); // hello and filter handled, client registered

    await source.start();
    await source.finished();
    const total = () => updates.reduce((n, u) => n + u.events.length + u.omitted, 0);
    for (let i = 0; i < 100 && total() < N; i++) await new Promise((r) => setTimeout(r, 20));

    expect(total()).toBe(N);
    // Every omitted event counted in the total the metrics expose too.
    expect(hub.omittedTotal).toBe(updates.reduce((n, u) => n + u.omitted, 0));
    expect(hub.omittedTotal).toBeGreaterThan(0);
    // Every update says which filter it was for.
    expect(updates.filter((u) => u.events.length > 0).every((u) => u.filterId === 5)).toBe(true);
    const sent = updates.flatMap((u) => u.events);
    expect(Math.max(...updates.map((u) => u.events.length))).toBeLessThanOrEqual(100);
    for (const u of updates) {
      const ts = u.events.map((e) => e.ts);
      expect(ts).toEqual([...ts].sort((a, b) => a - b));
    }
    // A sample of the whole burst, not its first hundred events.
    const indexes = sent.map((e) => Number(e.path.slice(2)));
    expect(Math.max(...indexes)).toBeGreaterThan(N / 2);
    // Whatever was sampled, the seconds' counts come whole from the store
    // (read again while they may still change): the burst's one second
    // (100.0000-100.4999) holds all of it.
    const second = () => updates.flatMap((u) => u.rate).filter((p) => p.t === 100).at(-1);
    for (let i = 0; i < 100 && second()?.opens !== N; i++) await new Promise((r) => setTimeout(r, 20));
    expect(second()).toEqual({ t: 100, opens: N, failed: 0 });

    client.close();
    hub.close();
    wss.close();
    await pipeline.close();
  });
});
