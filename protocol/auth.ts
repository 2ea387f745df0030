/**
 * How the browser proves it holds the token, without a cookie: cookies are
 * not bound to a port, so a cookie for 127.0.0.1:7070 is also sent to any
 * other local user's listener on 127.0.0.1. The page keeps the token in
 * sessionStorage (bound to scheme, host and port) and sends it as
 * `Authorization: Bearer T` on requests and, since a browser cannot set
 * headers on a WebSocket, as a subprotocol `odash.token.<base64url(T)>`
 * beside `odash.v1` (the one the server selects), as Kubernetes does.
 */
export const WS_PROTOCOL = 'odash.v1';
export const WS_TOKEN_PREFIX = 'odash.token.';

/** Tokens are printable ASCII (--token checks it): btoa is safe. */
export function tokenProtocol(token: string): string {
  return WS_TOKEN_PREFIX + btoa(token).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The token in an offered subprotocol list, if any. */
export function tokenFromProtocols(protocols: Iterable<string>): string | undefined {
  for (const p of protocols) {
    if (!p.startsWith(WS_TOKEN_PREFIX)) continue;
    const b64 = p.slice(WS_TOKEN_PREFIX.length).replace(/-/g, '+').replace(/_/g, '/');
    if (!/^[A-Za-z0-9+/]*$/.test(b64)) return undefined;
    try {
      return atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
    } catch {
      return undefined;
    }
  }
  return undefined;
}
