/**
 * Local users trying to exhaust the backend (a replay here: no root or
 * kernel needed): half-sent requests, descriptors, sockets that never
 * read, floods of bad frames. It keeps serving, within bounds.
 */
import fs from 'node:fs';
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startEmptyReplay, waitFor } from '../testing/backend';

const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

/** Opens n connections that send half a request and then nothing. */
async function halfOpen(port: number, n: number): Promise<net.Socket[]> {
  return Promise.all(
    Array.from({ length: n }, () => new Promise<net.Socket>((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => {
        s.write(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n`);
        resolve(s);
      });
      s.on('error', () => resolve(s));
    })),
  );
}

describe('exhaustion', { timeout: 60_000 }, () => {
  it('survives half-sent requests past its descriptor limit, and serves again once they time out', async () => {
    // 200 descriptors: the 300 connections below would take them all.
    const backend = await startEmptyReplay(7243, ['prlimit', '--nofile=200:200']);
    try {
      const sockets = await halfOpen(7243, 300);
      // While they hang: a request may be refused, the server must not die.
      const get = (route: string) => fetch(`${backend.url}${route}`, { signal: AbortSignal.timeout(2000) }).catch(() => null);
      await get('/');
      await get('/404');
      expect(backend.process.exitCode).toBeNull();
      // Half-sent requests are cut after the 5 s header timeout.
      await waitFor(async () => ((await get('/'))?.status === 200 ? true : undefined), 'the UI again', 20_000);
      for (const s of sockets) s.destroy();
      expect((await backend.api('/api/health')).status).toBe(200);
    } finally {
      await backend.stop();
    }
  });

  it('caps browsers at once, and drops one that floods bad frames without reading', async () => {
    const backend = await startEmptyReplay(7244);
    const url = backend.url.replace('http', 'ws') + '/ws';
    const open = (ws: WebSocket) =>
      new Promise<string>((resolve) => {
        ws.once('open', () => resolve('open'));
        ws.once('unexpected-response', (_r, res) => resolve(String(res.statusCode)));
        ws.once('error', () => resolve('error'));
      });
    const sockets: WebSocket[] = [];
    try {
      const results: string[] = [];
      for (let i = 0; i < 40; i++) {
        const ws = new WebSocket(url, { headers: { Authorization: `Bearer ${backend.token}` } });
        sockets.push(ws);
        results.push(await open(ws));
      }
      expect(results.filter((r) => r === 'open')).toHaveLength(32);
      expect(results.slice(32)).toEqual(Array(8).fill('503'));
      for (const ws of sockets.splice(0)) ws.terminate();
      await new Promise((r) => setTimeout(r, 500));

      // 200k one-byte invalid frames from a client that never reads.
      const flood = new WebSocket(url, { headers: { Authorization: `Bearer ${backend.token}` } });
      expect(await open(flood)).toBe('open');
      flood.pause();
      const closed = new Promise<number>((resolve) => flood.once('close', (code) => resolve(code)));
      const rssBefore = rssMb(backend.process.pid!);
      for (let i = 0; i < 200_000 && flood.readyState === WebSocket.OPEN; i++) flood.send('x');
      flood.resume();
      expect(await closed).toBe(1008);
      expect(rssMb(backend.process.pid!) - rssBefore).toBeLessThan(100);
      expect((await backend.api('/api/health')).status).toBe(200);
    } finally {
      for (const ws of sockets) ws.terminate();
      await backend.stop();
    }
  });
});
