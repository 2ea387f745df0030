/**
 * Calls to the backend's JSON API. Every answer is checked against the
 * protocol's schemas before a page uses it; a failure becomes one sentence
 * for the user: the server's own, or one saying what went wrong on the way.
 */
import { z } from 'zod';
import { apiErrorSchema, type ApiError } from '../../protocol/xdp';
import { authHeaders, NO_TOKEN_HINT } from './session';

export type ApiResult<T> =
  | { ok: true; value: T }
  | {
      ok: false;
      error: string;
      /** The server refused, but would do it sent again with this as its
       *  "force": the token confirming what `error` names (protocol/xdp.ts). */
      force: string | null;
      /** An import's bad lines, each with its number and why. */
      lines?: ImportLine[];
      /** No answer came (the network, a server restarting): about the
       *  server, not this request; any later answer says it is back. */
      unreachable?: true;
    };

export type ImportLine = NonNullable<ApiError['lines']>[number];

/** Pure: one HTTP answer -> a checked value or a sentence. `what` names
 *  the request, e.g. "POST /api/xdp/rules". */
export function readAnswer<T>(what: string, status: number, text: string, schema: z.ZodType<T>): ApiResult<T> {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { ok: false, error: `${what}: HTTP ${status}, and the answer is not JSON`, force: null };
  }
  if (status < 200 || status > 299) {
    const e = apiErrorSchema.safeParse(body);
    if (!e.success) return { ok: false, error: `${what}: HTTP ${status} without an error message`, force: null };
    // The server marks the refusals that force would settle; the sentence
    // is for the user, not for matching.
    return {
      ok: false,
      error: e.data.error,
      force: status === 409 ? (e.data.force ?? null) : null,
      ...(e.data.lines && { lines: e.data.lines }),
    };
  }
  const r = schema.safeParse(body);
  if (!r.success) {
    return {
      ok: false,
      error: `${what}: the answer does not match what this page expects (are the UI and the server from different versions?): ${z.prettifyError(r.error)}`,
      force: null,
    };
  }
  return { ok: true, value: r.data };
}

export async function call<T>(
  method: 'GET' | 'POST' | 'DELETE',
  url: string,
  schema: z.ZodType<T>,
  body?: object,
  signal?: AbortSignal,
): Promise<ApiResult<T>> {
  const what = `${method} ${url.split('?')[0]}`;
  try {
    const res = await fetch(url, {
      method,
      cache: 'no-store',
      signal,
      headers: { ...authHeaders(), ...(body && { 'Content-Type': 'application/json' }) },
      ...(body && { body: JSON.stringify(body) }),
    });
    if (res.status === 401) return { ok: false, error: `${what}: not authorized: ${NO_TOKEN_HINT}`, force: null };
    return readAnswer(what, res.status, await res.text(), schema);
  } catch (err) {
    return { ok: false, error: `${what}: cannot reach the server (${(err as Error).message})`, force: null, unreachable: true };
  }
}
