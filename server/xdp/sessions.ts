/**
 * The owner's sessions on an interface: established TCP connections to one
 * of its addresses on SSH's port or the dashboard's, from the kernel's
 * socket tables (/proc/net/tcp and tcp6). A browser behind `ssh -L`
 * connects from loopback, but its packets arrive as the SSH session: a
 * rule or a default that cut it would lock the owner out.
 */
import fs from 'node:fs';
import { formatAddress } from '../../protocol/cidr';
import type { Flow } from './guard';

/** TCP_ESTABLISHED, as the tables write a state. */
const ESTABLISHED = '01';

export interface TcpSocket {
  local: string;
  localPort: number;
  remote: string;
  remotePort: number;
  established: boolean;
}

/** An address as the tables write it: the IPv4 word, or IPv6's four, each
 *  in the host's byte order (little-endian here), in hex. */
function hexAddress(hex: string): string | null {
  if (hex.length !== 8 && hex.length !== 32) return null;
  const bytes = new Uint8Array(hex.length / 2);
  for (let w = 0; w < hex.length / 8; w++) {
    for (let b = 0; b < 4; b++) bytes[w * 4 + b] = parseInt(hex.slice(w * 8 + (3 - b) * 2, w * 8 + (3 - b) * 2 + 2), 16);
  }
  // An IPv4 peer of an IPv6 socket: ::ffff:a.b.c.d, said as a.b.c.d.
  if (bytes.length === 16 && bytes.slice(0, 10).every((x) => x === 0) && bytes[10] === 0xff && bytes[11] === 0xff) {
    return formatAddress(4, bytes.slice(12));
  }
  return formatAddress(bytes.length === 4 ? 4 : 6, bytes);
}

/** Pure: a /proc/net/tcp or tcp6 table's sockets (lines it cannot read are skipped). */
export function parseTcpTable(text: string): TcpSocket[] {
  const out: TcpSocket[] = [];
  for (const line of text.split('\n').slice(1)) {
    const [, local, remote, state] = line.trim().split(/\s+/);
    const [la, lp] = local?.split(':') ?? [];
    const [ra, rp] = remote?.split(':') ?? [];
    if (!la || !lp || !ra || !rp || !state) continue;
    const l = hexAddress(la);
    const r = hexAddress(ra);
    if (!l || !r) continue;
    out.push({ local: l, localPort: parseInt(lp, 16), remote: r, remotePort: parseInt(rp, 16), established: state === ESTABLISHED });
  }
  return out;
}

/** Pure: the established sessions to one of `addrs` on one of `ports`, as
 *  flows the guard keeps. */
export function sessionFlows(sockets: readonly TcpSocket[], addrs: readonly string[], ports: ReadonlyMap<number, string>): Flow[] {
  const seen = new Set<string>();
  const flows: Flow[] = [];
  for (const s of sockets) {
    const name = ports.get(s.localPort);
    if (!s.established || !name || !addrs.includes(s.local)) continue;
    const key = `${s.remote} ${s.localPort}`;
    if (seen.has(key)) continue;
    seen.add(key);
    flows.push({ from: s.remote, port: s.localPort, proto: 'tcp', what: `the ${name} session from ${s.remote} (tcp ${s.localPort})` });
  }
  return flows;
}

/** The sessions now (none if the tables cannot be read). */
export function readSessions(addrs: readonly string[], ports: ReadonlyMap<number, string>): Flow[] {
  const sockets = ['/proc/net/tcp', '/proc/net/tcp6'].flatMap((f) => {
    try {
      return parseTcpTable(fs.readFileSync(f, 'latin1'));
    } catch {
      return [];
    }
  });
  return sessionFlows(sockets, addrs, ports);
}
