/**
 * The /api/xdp calls. Every answer is checked against the protocol's
 * schemas before the page uses it; a failure becomes one sentence for the
 * user: the server's own, or one saying what went wrong on the way.
 */
import { z } from 'zod';
import {
  apiErrorSchema,
  type attachRequestSchema,
  labStatusSchema,
  ruleQuerySchema,
  type ruleRequestSchema,
  ruleViewSchema,
  xdpStatusSchema,
} from '../../protocol/xdp';

export type ApiResult<T> =
  | { ok: true; value: T }
  | {
      ok: false;
      error: string;
      /** The server refused, but would do it with "force": true. */
      canForce: boolean;
    };

// protocol/xdp.ts describes the status only; the answers to actions are
// built here from its parts.
const attachedAnswer = z.strictObject({ attached: xdpStatusSchema.shape.attached });
const ruleAnswer = z.strictObject({ rule: ruleViewSchema });
const removedAnswer = z.strictObject({ removed: ruleQuerySchema });
const labAnswer = z.strictObject({ lab: labStatusSchema.nullable() });

/** Pure: one HTTP answer -> a checked value or a sentence. `what` names
 *  the request, e.g. "POST /api/xdp/rules". */
export function readAnswer<T>(what: string, status: number, text: string, schema: z.ZodType<T>): ApiResult<T> {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { ok: false, error: `${what}: HTTP ${status}, and the answer is not JSON`, canForce: false };
  }
  if (status < 200 || status > 299) {
    const e = apiErrorSchema.safeParse(body);
    if (!e.success) return { ok: false, error: `${what}: HTTP ${status} without an error message`, canForce: false };
    // The server marks the refusals that force would settle; the sentence
    // is for the user, not for matching.
    return { ok: false, error: e.data.error, canForce: status === 409 && e.data.force === true };
  }
  const r = schema.safeParse(body);
  if (!r.success) {
    return {
      ok: false,
      error: `${what}: the answer does not match what this page expects (are the UI and the server from different versions?): ${z.prettifyError(r.error)}`,
      canForce: false,
    };
  }
  return { ok: true, value: r.data };
}

async function call<T>(
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
      ...(body && { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }),
    });
    return readAnswer(what, res.status, await res.text(), schema);
  } catch (err) {
    return { ok: false, error: `${what}: cannot reach the server (${(err as Error).message})`, canForce: false };
  }
}

type AttachBody = z.input<typeof attachRequestSchema>;
type RuleBody = z.input<typeof ruleRequestSchema>;
type RuleQuery = z.output<typeof ruleQuerySchema>;

export const xdpApi = {
  status: (signal?: AbortSignal) => call('GET', '/api/xdp', xdpStatusSchema, undefined, signal),
  attach: (body: AttachBody) => call('POST', '/api/xdp/attach', attachedAnswer, body),
  detach: () => call('POST', '/api/xdp/detach', attachedAnswer, {}),
  addRule: (body: RuleBody) => call('POST', '/api/xdp/rules', ruleAnswer, body),
  removeRule: (q: RuleQuery) => call('DELETE', `/api/xdp/rules?${new URLSearchParams(q)}`, removedAnswer),
  createLab: () => call('POST', '/api/xdp/lab', labAnswer),
  removeLab: () => call('DELETE', '/api/xdp/lab', labAnswer),
};
