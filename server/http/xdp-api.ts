/** /api/xdp routes: status, attach/detach, rules (one, or a list in and
 *  out), the default action, top talkers, lab. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import {
  attachRequestSchema, defaultRequestSchema, importRequestSchema, MAX_IMPORT_BYTES, removeByCommentSchema, ruleQuerySchema,
  ruleRequestSchema, talkersQuerySchema,
} from '../../protocol/xdp';
import type { XdpController } from '../xdp/controller';
import { XdpError, type XdpErrorKind } from '../xdp/errors';
import { LAB, type Lab } from '../xdp/lab';
import { queryObject, sendJson } from './api';
import type { AuditLog } from './audit';
import { BodyError, readJsonBody } from './body';

export interface XdpDeps {
  xdp: XdpController;
  lab: Lab;
  audit: AuditLog;
}

/** Removes the lab, the filter off it first: it must not stay on, nor
 *  stay wanted on, an interface that is about to vanish (a start would
 *  wait for it). why: the audit's reason. */
export async function removeLab({ xdp, lab }: Pick<XdpDeps, 'xdp' | 'lab'>, why: string): Promise<void> {
  if ((await xdp.attachedInterface())?.name === LAB.hostIf) await xdp.detach(why);
  await lab.destroy();
}

/** The address a request came from, without IPv4-mapped dressing. */
function clientAddress(req: IncomingMessage): string[] {
  const a = req.socket.remoteAddress;
  if (!a) return [];
  return [a.startsWith('::ffff:') ? a.slice(7) : a];
}

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new XdpError('bad-request', z.prettifyError(r.error));
  return r.data;
}

/** The status each kind of filter error answers with. */
const STATUS: Record<XdpErrorKind, 400 | 404 | 409> = { 'bad-request': 400, 'not-found': 404, conflict: 409 };

/** Answers an /api/xdp request; false when no such route. */
export async function handleXdpApi(
  deps: XdpDeps,
  req: IncomingMessage,
  url: URL,
  res: ServerResponse,
): Promise<boolean> {
  const route = `${req.method} ${url.pathname}`;
  const { xdp, lab, audit } = deps;
  // Taken now: a refused body can leave the request without its socket.
  const client = clientAddress(req);
  let args: Record<string, unknown> = {};
  /** The body, kept for the audit only when it is an object (as every
   *  valid one is): a bare null or string is refused by the schema anyway. */
  const body = async (limit?: number) => {
    const b = await readJsonBody(req, limit);
    if (b !== null && typeof b === 'object' && !Array.isArray(b)) args = b as Record<string, unknown>;
    return b;
  };
  // Every control action is audited, whether it worked or not.
  const done = (status: number, answer: unknown) => {
    if (req.method !== 'GET') {
      const result = status < 300 ? 'ok' : `${status} ${(answer as { error?: string }).error ?? ''}`.trim();
      audit.record({ client: client[0] ?? '?', action: route, args, result });
    }
    // After a refused body the rest of it is not read: close, do not wait.
    if (status === 413) res.setHeader('Connection', 'close');
    sendJson(res, status, answer);
  };
  try {
    switch (route) {
      case 'GET /api/xdp':
        done(200, { ...(await xdp.status()), lab: lab.status() });
        return true;
      case 'GET /api/xdp/talkers': {
        const q = parse(talkersQuerySchema, queryObject(url));
        done(200, await xdp.talkersAnswer(q.group, q.limit));
        return true;
      }
      case 'GET /api/xdp/rules.netset':
        res.writeHead(200, {
          'Content-Type': 'text/plain; charset=utf-8',
          'Content-Disposition': `attachment; filename="ebpf-dash-rules-${new Date().toISOString().replace(/[:.]/g, '-')}.netset"`,
          'Cache-Control': 'no-store',
        });
        res.end(xdp.exportNetset());
        return true;
      case 'POST /api/xdp/attach': {
        const a = parse(attachRequestSchema, await body());
        await xdp.attach(a.ifname, a.mode, a.force, client);
        done(200, { attached: (await xdp.status()).attached });
        return true;
      }
      case 'POST /api/xdp/detach':
        parse(z.strictObject({}), await body());
        await xdp.detach();
        done(200, { attached: null });
        return true;
      case 'POST /api/xdp/rules': {
        const r = parse(ruleRequestSchema, await body());
        const rule = await xdp.addRule(r, client);
        done(201, { rule });
        return true;
      }
      case 'DELETE /api/xdp/rules': {
        const q = parse(ruleQuerySchema, (args = queryObject(url)));
        await xdp.removeRule(q, client);
        const { force: _confirmed, ...removed } = q;
        done(200, { removed });
        return true;
      }
      case 'DELETE /api/xdp/rules/by-comment': {
        const q = parse(removeByCommentSchema, (args = queryObject(url)));
        done(200, { removed: await xdp.removeByComment(q.comment, q.force, client) });
        return true;
      }
      case 'POST /api/xdp/rules/import': {
        // The list's text is not worth an audit entry; its size and options are.
        const i = parse(importRequestSchema, await body(MAX_IMPORT_BYTES + 64 * 1024));
        args = { bytes: i.text.length, action: i.action, ttlSeconds: i.ttlSeconds, comment: i.comment, force: i.force };
        done(200, await xdp.importRules(i, client));
        return true;
      }
      case 'POST /api/xdp/default': {
        const d = parse(defaultRequestSchema, await body());
        await xdp.setDefault(d.default, d.force, client);
        done(200, { default: d.default });
        return true;
      }
      case 'POST /api/xdp/lab':
        await lab.create();
        done(201, { lab: lab.status() });
        return true;
      case 'DELETE /api/xdp/lab': {
        await removeLab(deps, 'the lab it ran on was removed');
        done(200, { lab: null });
        return true;
      }
      default:
        return false;
    }
  } catch (err) {
    if (err instanceof XdpError) {
      const extra = err.confirm ? { force: err.confirm } : err.lines ? { lines: err.lines } : {};
      done(STATUS[err.kind], { error: err.message, ...extra });
      return true;
    }
    if (err instanceof BodyError) {
      done(err.status, { error: err.message });
      return true;
    }
    done(500, { error: (err as Error).message });
    return true;
  }
}
