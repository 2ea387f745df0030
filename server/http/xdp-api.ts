/** /api/xdp routes: status, attach/detach, rules, lab. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { attachRequestSchema, ruleQuerySchema, ruleRequestSchema } from '../../protocol/xdp';
import { XdpError, type XdpController } from '../xdp/controller';
import { LAB, type Lab } from '../xdp/lab';
import { queryObject, sendJson } from './api';
import type { AuditLog } from './audit';
import { BodyError, readJsonBody } from './body';

export interface XdpDeps {
  xdp: XdpController;
  lab: Lab;
  audit: AuditLog;
}

/** The address a request came from, without IPv4-mapped dressing. */
function clientAddress(req: IncomingMessage): string[] {
  const a = req.socket.remoteAddress;
  if (!a) return [];
  return [a.startsWith('::ffff:') ? a.slice(7) : a];
}

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new XdpError(400, z.prettifyError(r.error));
  return r.data;
}

/** Answers an /api/xdp request; false when no such route. */
export async function handleXdpApi(
  deps: XdpDeps,
  req: IncomingMessage,
  url: URL,
  res: ServerResponse,
): Promise<boolean> {
  const route = `${req.method} ${url.pathname}`;
  const { xdp, lab, audit } = deps;
  let args: Record<string, unknown> = {};
  // Every control action is audited, whether it worked or not.
  const done = (status: number, body: unknown) => {
    if (req.method !== 'GET') {
      const result = status < 300 ? 'ok' : `${status} ${(body as { error?: string }).error ?? ''}`.trim();
      audit.record({ client: clientAddress(req)[0] ?? '?', action: route, args, result });
    }
    sendJson(res, status, body);
  };
  try {
    switch (route) {
      case 'GET /api/xdp':
        done(200, { ...(await xdp.status()), lab: lab.status() });
        return true;
      case 'POST /api/xdp/attach': {
        const body = parse(attachRequestSchema, (args = (await readJsonBody(req)) as Record<string, unknown>));
        await xdp.attach(body.ifname, body.mode, body.force);
        done(200, { attached: (await xdp.status()).attached });
        return true;
      }
      case 'POST /api/xdp/detach':
        parse(z.strictObject({}), await readJsonBody(req));
        await xdp.detach();
        done(200, { attached: null });
        return true;
      case 'POST /api/xdp/rules': {
        const body = parse(ruleRequestSchema, (args = (await readJsonBody(req)) as Record<string, unknown>));
        const rule = await xdp.addRule(body.cidr, body.direction, body.force, clientAddress(req));
        done(201, { rule });
        return true;
      }
      case 'DELETE /api/xdp/rules': {
        const q = parse(ruleQuerySchema, (args = queryObject(url)));
        await xdp.removeRule(q.cidr, q.direction);
        done(200, { removed: q });
        return true;
      }
      case 'POST /api/xdp/lab':
        await lab.create();
        done(201, { lab: lab.status() });
        return true;
      case 'DELETE /api/xdp/lab': {
        // The filter must not stay on an interface that is about to vanish.
        if ((await xdp.attachedInterface())?.name === LAB.hostIf) await xdp.detach();
        await lab.destroy();
        done(200, { lab: null });
        return true;
      }
      default:
        return false;
    }
  } catch (err) {
    if (err instanceof XdpError && err.forceable) {
      done(err.status, { error: err.message, force: true });
      return true;
    }
    if (err instanceof XdpError || err instanceof BodyError) {
      done(err.status, { error: err.message });
      return true;
    }
    done(500, { error: (err as Error).message });
    return true;
  }
}
