/**
 * A small client for Prometheus' HTTP API: instant queries whose answer is
 * a vector (GET {URL}/api/v1/query). Every failure becomes one sentence a
 * person can act on: Prometheus unreachable or silent, an HTTP status, or
 * Prometheus' own `error`.
 */
import { z } from 'zod';

export type FetchFn = typeof fetch;

/** One series of an instant vector: its labels and its value (null when
 *  not a finite number: NaN, ±Inf). */
export interface Sample {
  labels: Record<string, string>;
  value: number | null;
}

/** How long one query may take, here and (as `timeout`) in Prometheus. */
export const QUERY_TIMEOUT_MS = 5_000;
/** An answer's bytes at most, as read (after any decompression): a fleet's
 *  answers are a few KB, and a body without end, or a small compressed
 *  one that unpacks to gigabytes, must not fill the backend's memory. */
const MAX_ANSWER_BYTES = 4 * 1024 * 1024;
/** Series one answer may hold: reading more would hold up the backend's
 *  thread (200k series took seconds). */
export const MAX_SERIES = 10_000;

const vectorAnswerSchema = z.object({
  status: z.literal('success'),
  data: z.object({
    resultType: z.literal('vector'),
    result: z.array(z.object({ metric: z.record(z.string(), z.string()), value: z.tuple([z.number(), z.string()]) })),
  }),
});
const successSchema = z.object({ status: z.literal('success'), data: z.object({ resultType: z.string() }) });
const errorAnswerSchema = z.object({ status: z.literal('error'), errorType: z.string().optional(), error: z.string() });

/** A query that got no usable answer; the message says why. */
export class PrometheusError extends Error {}

/** --prometheus: an http(s) URL, maybe with a path prefix (a Prometheus
 *  behind a proxy at /prometheus); given back without its trailing slash. */
export function parsePrometheusUrl(text: string): { ok: true; url: string } | { ok: false; error: string } {
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    return { ok: false, error: `--prometheus must be a URL such as http://prometheus:9090, not '${text}'` };
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    return { ok: false, error: `--prometheus must be an http:// or https:// URL, not '${text}'` };
  }
  if (u.username || u.password) {
    return { ok: false, error: '--prometheus must not hold a user or password: they would show on the fleet page' };
  }
  if (u.search || u.hash) return { ok: false, error: `--prometheus must be the URL Prometheus is at, without ?… or #…: '${text}'` };
  return { ok: true, url: `${u.origin}${u.pathname.replace(/\/+$/, '')}` };
}

/** A route of Prometheus' HTTP API under `base` (which may hold a path prefix). */
const apiUrl = (base: string, route: string) => new URL(`api/v1/${route}`, base.endsWith('/') ? base : `${base}/`);

/** The URL of an instant query, evaluated at `timeSec` (seconds since 1970). */
export function queryUrl(base: string, promql: string, timeSec: number): string {
  const u = apiUrl(base, 'query');
  u.searchParams.set('query', promql);
  u.searchParams.set('time', timeSec.toFixed(3));
  u.searchParams.set('timeout', `${QUERY_TIMEOUT_MS / 1000}s`);
  return u.href;
}

/** Some text of an answer, on one line, for a message. */
function excerpt(text: string): string {
  const line = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return line.length > 120 ? `${line.slice(0, 120)}…` : line;
}

/** Pure: an answer's text as JSON; throws a PrometheusError saying what
 *  answered instead. */
function readJson(base: string, status: number, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    const said = excerpt(text);
    throw new PrometheusError(
      `Prometheus at ${base} answered HTTP ${status}${said ? ` ("${said}")` : ''}, not its API's JSON: is that the URL Prometheus is at?`,
    );
  }
}

/** Pure: Prometheus' answer to an instant query -> its samples; throws a
 *  PrometheusError saying why there are none. */
export function readVectorAnswer(base: string, promql: string, status: number, text: string): Sample[] {
  const body = readJson(base, status, text);
  // Counted before anything reads them one by one.
  const series = (body as { data?: { result?: unknown } } | null)?.data?.result;
  if (Array.isArray(series) && series.length > MAX_SERIES) {
    throw new PrometheusError(`Prometheus answered the query ${promql} with ${series.length} series, more than the ${MAX_SERIES} read`);
  }
  const refused = errorAnswerSchema.safeParse(body);
  if (refused.success) {
    const kind = refused.data.errorType ? `${refused.data.errorType}, ` : '';
    throw new PrometheusError(`Prometheus refused the query ${promql}: ${refused.data.error} (${kind}HTTP ${status})`);
  }
  if (status < 200 || status > 299) {
    throw new PrometheusError(`Prometheus at ${base} answered HTTP ${status} to the query ${promql}`);
  }
  const r = vectorAnswerSchema.safeParse(body);
  if (!r.success) {
    const other = successSchema.safeParse(body);
    throw new PrometheusError(
      other.success && other.data.data.resultType !== 'vector'
        ? `Prometheus answered the query ${promql} with a ${other.data.data.resultType}, not an instant vector`
        : `Prometheus at ${base} gave an answer that is not an instant vector: ${z.prettifyError(r.error)}`,
    );
  }
  return r.data.data.result.map((s) => {
    const v = Number(s.value[1]);
    return { labels: s.metric, value: Number.isFinite(v) ? v : null };
  });
}

/** Why fetch failed, from the error it threw (Node puts the socket's
 *  error, ECONNREFUSED and the like, in `cause`). */
function fetchFailure(err: unknown): string {
  const e = err as Error & { cause?: { message?: string; code?: string } };
  if (e.name === 'TimeoutError') return `no answer within ${QUERY_TIMEOUT_MS / 1000} s`;
  return e.cause?.message ?? e.cause?.code ?? e.message;
}

/** GET `url` of the Prometheus at `base`: its status and text. Redirects
 *  are not followed (they could lead anywhere, and what is there would be
 *  shown), nor more than MAX_ANSWER_BYTES read, nor longer waited for than
 *  QUERY_TIMEOUT_MS; each of those throws a PrometheusError. */
async function getAnswer(base: string, url: string, fetchFn: FetchFn = fetch): Promise<{ status: number; text: string }> {
  try {
    const res = await fetchFn(url, {
      headers: { Accept: 'application/json' },
      redirect: 'manual',
      signal: AbortSignal.timeout(QUERY_TIMEOUT_MS),
    });
    if (res.status >= 300 && res.status <= 399) {
      await res.body?.cancel();
      throw new PrometheusError(
        `Prometheus at ${base} answered HTTP ${res.status}, a redirect, which is not followed: give --prometheus the URL Prometheus is at`,
      );
    }
    return { status: res.status, text: await readCapped(base, res) };
  } catch (err) {
    if (err instanceof PrometheusError) throw err;
    throw new PrometheusError(`cannot reach Prometheus at ${base}: ${fetchFailure(err)}`);
  }
}

/** The body's text, or a PrometheusError past MAX_ANSWER_BYTES. */
async function readCapped(base: string, res: Response): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    if (bytes > MAX_ANSWER_BYTES) {
      await reader.cancel();
      throw new PrometheusError(`Prometheus at ${base} answered more than ${MAX_ANSWER_BYTES / 1024 / 1024} MB: not read`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Runs one instant query at `timeSec`; throws a PrometheusError. */
export async function queryVector(
  base: string,
  promql: string,
  timeSec: number,
  fetchFn: FetchFn = fetch,
): Promise<Sample[]> {
  const { status, text } = await getAnswer(base, queryUrl(base, promql, timeSec), fetchFn);
  return readVectorAnswer(base, promql, status, text);
}

/** A target Prometheus scrapes: its labels (job, instance) and where. */
export interface Target {
  labels: Record<string, string>;
  scrapeUrl: string;
}

const targetsAnswerSchema = z.object({
  status: z.literal('success'),
  data: z.object({ activeTargets: z.array(z.object({ labels: z.record(z.string(), z.string()), scrapeUrl: z.string() })) }),
});

/** The targets Prometheus scrapes now (GET {URL}/api/v1/targets). */
export async function activeTargets(base: string, fetchFn: FetchFn = fetch): Promise<Target[]> {
  const u = apiUrl(base, 'targets');
  u.searchParams.set('state', 'active');
  const { status, text } = await getAnswer(base, u.href, fetchFn);
  const body = readJson(base, status, text);
  const r = targetsAnswerSchema.safeParse(body);
  if (status < 200 || status > 299 || !r.success) {
    throw new PrometheusError(`Prometheus at ${base} answered HTTP ${status} without its list of targets`);
  }
  return r.data.data.activeTargets;
}
