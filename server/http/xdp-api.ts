/** /api/xdp routes: status, attach/detach, rules, lab. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { attachRequestSchema, ruleQuerySchema, ruleRequestSchema } from '../../protocol/xdp';
import { XdpError, type XdpController } from '../xdp/controller';
import { LAB, type Lab } from '../xdp/lab';
import { queryObject, sendJson } from './api';
import { BodyError, readJsonBody } from './body';

export interface XdpDeps {
  xdp: XdpController;
  lab: Lab;
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
  const { xdp, lab } = deps;
  try {
    switch (route) {
      case 'GET /api/xdp':
        sendJson(res, 200, { ...(await xdp.status()), lab: lab.status() });
        return true;
      case 'POST /api/xdp/attach': {
        const body = parse(attachRequestSchema, await readJsonBody(req));
        await xdp.attach(body.ifname, body.mode, body.force);
        sendJson(res, 200, { attached: (await xdp.status()).attached });
        return true;
      }
      case 'POST /api/xdp/detach':
        parse(z.strictObject({}), await readJsonBody(req));
        await xdp.detach();
        sendJson(res, 200, { attached: null });
        return true;
      case 'POST /api/xdp/rules': {
        const body = parse(ruleRequestSchema, await readJsonBody(req));
        const rule = await xdp.addRule(body.cidr, body.direction, body.force, clientAddress(req));
        sendJson(res, 201, { rule });
        return true;
      }
      case 'DELETE /api/xdp/rules': {
        const q = parse(ruleQuerySchema, queryObject(url));
        await xdp.removeRule(q.cidr, q.direction);
        sendJson(res, 200, { removed: q });
        return true;
      }
      case 'POST /api/xdp/lab':
        await lab.create();
        sendJson(res, 201, { lab: lab.status() });
        return true;
      case 'DELETE /api/xdp/lab': {
        // The filter must not stay on an interface that is about to vanish.
        if ((await xdp.attachedInterface())?.name === LAB.hostIf) await xdp.detach();
        await lab.destroy();
        sendJson(res, 200, { lab: null });
        return true;
      }
      default:
        return false;
    }
  } catch (err) {
    if (err instanceof XdpError || err instanceof BodyError) {
      sendJson(res, err.status, { error: err.message });
      return true;
    }
    throw err;
  }
}
