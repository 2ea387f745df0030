/**
 * Requests no browser sends, against the real backend (a replay: no root,
 * no kernel): each gets an answer, and the server is still there after.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmptyReplay, type Backend } from '../testing/backend';
import { rawRequest, requestAndReset } from '../testing/raw-http';

const PORT = 7241;
let backend: Backend;
beforeAll(async () => {
  backend = await startEmptyReplay(PORT);
});
afterAll(() => backend?.stop());

const upgrade = (target: string, extra = '') =>
  `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${PORT}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n` +
  `Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n${extra}\r\n`;

async function stillServing() {
  expect(backend.process.exitCode).toBeNull();
  expect((await backend.api('/api/health')).status).toBe(200);
}

describe('hostile requests', () => {
  it('answers an upgrade to "//" instead of throwing', async () => {
    expect([400, 404]).toContain((await rawRequest(PORT, upgrade('//'))).status);
    await stillServing();
  });

  it('answers an upgrade with a malformed cookie with 401', async () => {
    expect((await rawRequest(PORT, upgrade('/ws', 'Cookie: odash_token=%\r\n'))).status).toBe(401);
    await stillServing();
  });

  it('survives upgrades reset before the refusal is written', async () => {
    await Promise.all(Array.from({ length: 50 }, () => requestAndReset(PORT, upgrade('/nope'))));
    await new Promise((r) => setTimeout(r, 300));
    await stillServing();
  });

  it('answers a plain request to "//" too', async () => {
    const r = await rawRequest(PORT, `GET // HTTP/1.1\r\nHost: 127.0.0.1:${PORT}\r\nAuthorization: Bearer ${backend.token}\r\n\r\n`);
    expect([200, 400, 404]).toContain(r.status);
    await stillServing();
  });
});
