/**
 * One secret token guards the API and the WebSocket (the static UI holds no
 * data and needs none). Requests carry `Authorization: Bearer T`; sockets
 * carry it as a subprotocol (see protocol/auth.ts) or the same header.
 * Never a cookie: see protocol/auth.ts for why. Compared in constant time.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { tokenFromProtocols } from '../../protocol/auth';

const digest = (s: string) => createHash('sha256').update(s).digest();

export function tokenMatches(expected: string, given: string | undefined): boolean {
  if (given === undefined) return false;
  // Hashing first makes the comparison length-independent.
  return timingSafeEqual(digest(expected), digest(given));
}

/** The token a request carries in its Authorization header. */
export function requestToken(req: IncomingMessage): string | undefined {
  const auth = req.headers.authorization;
  return auth?.startsWith('Bearer ') ? auth.slice(7) : undefined;
}

/** The token a WebSocket upgrade carries: subprotocol, else header. */
export function socketToken(req: IncomingMessage): string | undefined {
  const offered = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
  return tokenFromProtocols(offered) ?? requestToken(req);
}
