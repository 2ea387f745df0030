/**
 * The token, kept in the page: read once from the address the server
 * printed (#token=…, or ?token=…), kept in sessionStorage (bound to this
 * scheme, host and port, unlike a cookie: see protocol/auth.ts), and taken
 * out of the address bar. Sent as a header on API calls and as a
 * subprotocol on the WebSocket.
 */
import { tokenProtocol, WS_PROTOCOL } from '../../protocol/auth';

const KEY = 'odash.token';

/** Pure: the token in a location's hash or query, and the address without it. */
export function tokenFromLocation(search: string, hash: string): { token: string | null; search: string; hash: string } {
  const h = new URLSearchParams(hash.replace(/^#/, ''));
  const q = new URLSearchParams(search);
  const token = h.get('token') ?? q.get('token');
  h.delete('token');
  q.delete('token');
  const rest = (p: URLSearchParams, sep: string) => (p.size ? `${sep}${p}` : '');
  return { token, search: rest(q, '?'), hash: rest(h, '#') };
}

let cached: string | null | undefined;

/** The session's token; the first call moves it out of the address bar. */
export function sessionToken(): string | null {
  if (cached !== undefined) return cached;
  if (typeof window === 'undefined') return null;
  const found = tokenFromLocation(location.search, location.hash);
  if (found.token) {
    sessionStorage.setItem(KEY, found.token);
    history.replaceState(history.state, '', `${location.pathname}${found.search}${found.hash}`);
  }
  cached = sessionStorage.getItem(KEY);
  return cached;
}

export function authHeaders(): Record<string, string> {
  const token = sessionToken();
  return token ? { Authorization: `Bearer ${token}` } : {};
}

/** What new WebSocket(url, protocols) offers. */
export function socketProtocols(): string[] {
  const token = sessionToken();
  return token ? [WS_PROTOCOL, tokenProtocol(token)] : [WS_PROTOCOL];
}

export const NO_TOKEN_HINT = 'open the link the server printed at start (…/#token=…)';
