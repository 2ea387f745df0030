/** The Prometheus client's pure parts, and its failures as sentences. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import { MAX_SERIES, parsePrometheusUrl, PrometheusError, queryUrl, queryVector, readVectorAnswer } from './prometheus';

const BASE = 'http://prom:9090';
const vector = (result: unknown[]) => JSON.stringify({ status: 'success', data: { resultType: 'vector', result } });

describe('readVectorAnswer', () => {
  it('gives each series its labels and value', () => {
    const text = vector([
      { metric: { instance: 'h1:7070', job: 'ebpf-dash' }, value: [1700000000.123, '17.5'] },
      { metric: { instance: 'h2:7070' }, value: [1700000000.123, '0'] },
    ]);
    expect(readVectorAnswer(BASE, 'up', 200, text)).toEqual([
      { labels: { instance: 'h1:7070', job: 'ebpf-dash' }, value: 17.5 },
      { labels: { instance: 'h2:7070' }, value: 0 },
    ]);
    expect(readVectorAnswer(BASE, 'up', 200, vector([]))).toEqual([]);
  });

  it('makes NaN and infinities no value: JSON has no such numbers', () => {
    const text = vector(['NaN', '+Inf', '-Inf'].map((v, i) => ({ metric: { instance: `h${i}` }, value: [1, v] })));
    expect(readVectorAnswer(BASE, 'x', 200, text).map((s) => s.value)).toEqual([null, null, null]);
  });

  it("passes on Prometheus' own error, with its type and the HTTP status", () => {
    const text = JSON.stringify({ status: 'error', errorType: 'bad_data', error: '1:6: parse error: unclosed left bracket' });
    expect(() => readVectorAnswer(BASE, 'rate(up[', 400, text)).toThrow(
      new PrometheusError('Prometheus refused the query rate(up[: 1:6: parse error: unclosed left bracket (bad_data, HTTP 400)'),
    );
    const timeout = JSON.stringify({ status: 'error', errorType: 'timeout', error: 'query timed out in expression evaluation' });
    expect(() => readVectorAnswer(BASE, 'up', 503, timeout)).toThrow(/query timed out in expression evaluation \(timeout, HTTP 503\)/);
  });

  it('says what answered when it is not Prometheus (a proxy page, a wrong path)', () => {
    expect(() => readVectorAnswer(BASE, 'up', 502, '<html>\n<h1>502 Bad Gateway</h1></html>')).toThrow(
      'Prometheus at http://prom:9090 answered HTTP 502 ("<html> <h1>502 Bad Gateway</h1></html>"), not its API\'s JSON: is that the URL Prometheus is at?',
    );
    expect(() => readVectorAnswer(BASE, 'up', 404, '')).toThrow(/answered HTTP 404, not its API's JSON/);
    expect(() => readVectorAnswer(BASE, 'up', 200, 'x'.repeat(500))).toThrow(/\("x{120}…"\)/);
    expect(() => readVectorAnswer(BASE, 'up', 500, '{"status":"success"}')).toThrow(
      'Prometheus at http://prom:9090 answered HTTP 500 to the query up',
    );
  });

  it('refuses an answer that is not an instant vector', () => {
    const matrix = JSON.stringify({ status: 'success', data: { resultType: 'matrix', result: [] } });
    expect(() => readVectorAnswer(BASE, 'up[1m]', 200, matrix)).toThrow(
      'Prometheus answered the query up[1m] with a matrix, not an instant vector',
    );
    const bad = vector([{ metric: { instance: 'h' }, value: ['1', 2] }]);
    expect(() => readVectorAnswer(BASE, 'up', 200, bad)).toThrow(/^Prometheus at http:\/\/prom:9090 gave an answer that is not an instant vector: /);
  });
});

describe('queryUrl', () => {
  it('asks /api/v1/query at one instant, under a path prefix too', () => {
    const u = new URL(queryUrl('http://mon.example/prometheus', 'sum by (instance) (rate(x{job="a"}[1m]))', 1700000000.5));
    expect(u.origin + u.pathname).toBe('http://mon.example/prometheus/api/v1/query');
    expect(u.searchParams.get('query')).toBe('sum by (instance) (rate(x{job="a"}[1m]))');
    expect(u.searchParams.get('time')).toBe('1700000000.500');
    expect(u.searchParams.get('timeout')).toBe('5s');
    expect(new URL(queryUrl('http://p:9090/', 'up', 1)).pathname).toBe('/api/v1/query');
  });
});

describe('parsePrometheusUrl', () => {
  it('takes an http(s) URL, without its trailing slash', () => {
    expect(parsePrometheusUrl('http://prometheus:9090')).toEqual({ ok: true, url: 'http://prometheus:9090' });
    expect(parsePrometheusUrl('https://mon.example/prometheus/')).toEqual({ ok: true, url: 'https://mon.example/prometheus' });
    expect(parsePrometheusUrl('http://[::1]:9090/')).toEqual({ ok: true, url: 'http://[::1]:9090' });
  });
  it('refuses anything else, saying why', () => {
    expect(parsePrometheusUrl('prometheus:9090')).toMatchObject({ ok: false, error: expect.stringMatching(/http:\/\/ or https:\/\//) });
    expect(parsePrometheusUrl('localhost')).toMatchObject({ ok: false, error: expect.stringMatching(/must be a URL such as/) });
    expect(parsePrometheusUrl('ftp://p')).toMatchObject({ ok: false });
    expect(parsePrometheusUrl('http://u:secret@p:9090')).toMatchObject({ ok: false, error: expect.stringMatching(/user or password/) });
    expect(parsePrometheusUrl('http://p:9090/?x=1')).toMatchObject({ ok: false });
  });
});

describe('queryVector', () => {
  it('says when Prometheus cannot be reached', async () => {
    // A port that was just free: nothing listens there.
    const server = http.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    await new Promise((resolve) => server.close(resolve));
    await expect(queryVector(`http://127.0.0.1:${port}`, 'up', 1)).rejects.toThrow(
      `cannot reach Prometheus at http://127.0.0.1:${port}: connect ECONNREFUSED 127.0.0.1:${port}`,
    );
  });

  it('says when it does not answer in time', async () => {
    const hang: typeof fetch = () => Promise.reject(new DOMException('The operation was aborted due to timeout', 'TimeoutError'));
    await expect(queryVector(BASE, 'up', 1, hang)).rejects.toThrow('cannot reach Prometheus at http://prom:9090: no answer within 5 s');
  });

  it('reads the answer of a Prometheus that answers', async () => {
    const asked: string[] = [];
    const fake: typeof fetch = async (input) => {
      asked.push(String(input));
      return new Response(vector([{ metric: { instance: 'h:1' }, value: [1, '1'] }]), { status: 200 });
    };
    expect(await queryVector(BASE, 'up{job="ebpf-dash"}', 12.5, fake)).toEqual([{ labels: { instance: 'h:1' }, value: 1 }]);
    expect(asked).toEqual([`${BASE}/api/v1/query?query=up%7Bjob%3D%22ebpf-dash%22%7D&time=12.500&timeout=5s`]);
  });
});

/** A server on a free loopback port answering every request with `answer`. */
async function serve(answer: http.RequestListener): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer(answer);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

describe('queryVector against a hostile or squatted --prometheus', () => {
  it('follows no redirect, and shows nothing of where it leads', async () => {
    const secret = await serve((_req, res) => res.end('SECRET internal page'));
    const squat = await serve((_req, res) => res.writeHead(302, { Location: `${secret.url}/` }).end());
    try {
      const err = await queryVector(squat.url, 'up', 1).catch((e: Error) => e);
      expect(err).toBeInstanceOf(PrometheusError);
      expect((err as Error).message).toMatch(/answered HTTP 302, a redirect, which is not followed/);
      expect((err as Error).message).not.toMatch(/SECRET/);
    } finally {
      await Promise.all([secret.close(), squat.close()]);
    }
  });

  it('reads no more than 4 MB: a body without end, or a gzip bomb, is refused with little memory', async () => {
    const chunk = Buffer.alloc(1 << 20, 0x61);
    const endless = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      const more = () => {
        while (!res.destroyed && res.write(chunk));
        if (!res.destroyed) res.once('drain', more);
      };
      more();
    });
    const bomb = gzipSync(Buffer.alloc(300 << 20, 0x20)); // 300 MB of spaces, about 300 KB
    const bomber = await serve((_req, res) => res.writeHead(200, { 'Content-Encoding': 'gzip', 'Content-Type': 'application/json' }).end(bomb));
    try {
      const before = process.memoryUsage().rss;
      for (const url of [endless.url, bomber.url]) {
        await expect(queryVector(url, 'up', 1)).rejects.toThrow(/answered more than 4 MB: not read/);
      }
      expect((process.memoryUsage().rss - before) / 1e6).toBeLessThan(100);
    } finally {
      await Promise.all([endless.close(), bomber.close()]);
    }
  });

  it(`reads no answer of more than ${MAX_SERIES} series`, () => {
    const many = Array.from({ length: MAX_SERIES + 1 }, (_, i) => ({ metric: { instance: `h${i}:1` }, value: [1, '1'] }));
    expect(() => readVectorAnswer(BASE, 'up', 200, vector(many))).toThrow(`with ${MAX_SERIES + 1} series, more than the ${MAX_SERIES} read`);
    expect(readVectorAnswer(BASE, 'up', 200, vector(many.slice(1)))).toHaveLength(MAX_SERIES);
  });
});
