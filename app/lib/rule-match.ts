/**
 * What a rule matches (an address or prefix, a port, or both), worded as
 * the server words it (describeMatch in server/xdp/rule.ts), and the
 * DELETE query that names it. Pure.
 */
import { cidrContains, parseCidr, type Cidr } from '../../protocol/cidr';
import type { Direction, Proto, RuleView } from '../../protocol/xdp';

export type RuleMatch = Pick<RuleView, 'cidr' | 'direction' | 'proto' | 'port'>;

/** A match as the API takes it: absent fields may be left out. */
export interface RuleMatchInput {
  cidr?: string | null;
  direction: Direction;
  proto?: Proto | null;
  port?: number | null;
}

/** The DELETE /api/xdp/rules query: absent fields left out, since the
 *  server reads "no cidr" as "any address" and "no proto" as tcp+udp. */
export function ruleQuery(m: RuleMatchInput): string {
  const q = new URLSearchParams();
  if (m.cidr != null) q.set('cidr', m.cidr);
  q.set('direction', m.direction);
  if (m.proto != null) q.set('proto', m.proto);
  if (m.port != null) q.set('port', String(m.port));
  return q.toString();
}

/** "tcp 8080", "tcp+udp 53", or "—" for an address rule. */
export function describePort(m: Pick<RuleMatch, 'proto' | 'port'>): string {
  return m.port === null ? '—' : `${m.proto ?? 'tcp+udp'} ${m.port}`;
}

/** "10.211.0.2/32", "10.0.0.0/8 (destination)", "tcp 8080 from 10.0.0.0/8", "tcp+udp 53". */
export function describeMatch(m: RuleMatch): string {
  if (m.port === null) {
    const addr = m.cidr ?? 'any address';
    return m.direction === 'src' ? addr : `${addr} (destination)`;
  }
  return `${describePort(m)}${m.cidr !== null ? ` from ${m.cidr}` : ''}`;
}

/** "10.211.0.2/32" -> "10.211.0.2": one host reads as its address. */
export function describeAddress(cidr: string | null): string {
  if (cidr === null) return 'any address';
  const p = parseCidr(cidr);
  return p.ok && p.cidr.prefix === (p.cidr.family === 4 ? 32 : 128) ? (cidr.split('/')[0] ?? cidr) : cidr;
}

/** "packets from 10.211.0.2", "packets to 10.0.0.0/8",
 *  "packets from any address to tcp port 8080". */
export function describePackets(m: RuleMatch): string {
  const addr = `${m.direction === 'src' ? 'from' : 'to'} ${describeAddress(m.cidr)}`;
  return m.port === null ? `packets ${addr}` : `packets ${addr} to ${m.proto ?? 'tcp+udp'} port ${m.port}`;
}

/** An address or prefix as the rule that covers exactly it names it:
 *  "10.211.0.2" -> "10.211.0.2/32", "fd00:211:0::2" -> "fd00:211::2/128".
 *  null when it is neither. */
export function exactCidr(address: string): string | null {
  const p = parseCidr(address);
  return p.ok ? p.cidr.text : null;
}

/** Key of addressRuleIndex. */
const addressKey = (direction: Direction, cidr: string) => `${direction} ${cidr}`;

/** The address rules (no port) by direction and prefix: what a Block
 *  button looks up for its address, once per status and not per row. */
export function addressRuleIndex(rules: readonly RuleView[]): ReadonlyMap<string, RuleView> {
  const index = new Map<string, RuleView>();
  for (const r of rules) if (r.port === null && r.cidr !== null) index.set(addressKey(r.direction, r.cidr), r);
  return index;
}

/** The src rule (no port) for exactly this prefix, if there is one. */
export function sourceRuleFor(index: ReadonlyMap<string, RuleView>, cidr: string): RuleView | undefined {
  return index.get(addressKey('src', cidr));
}

/** Prefixes no sender owns: blocking them cuts the link's own plumbing.
 *  Parsed once: a talkers table asks for every row at every render. */
const NO_ONES: readonly { within: Cidr; why: string }[] = [
  { within: '0.0.0.0/8', why: 'no address yet: a DHCP client asking for one' },
  { within: '169.254.0.0/16', why: 'link-local: an address a host gives itself on the link' },
  { within: '::/128', why: 'no address yet: IPv6 duplicate address detection' },
  { within: 'fe80::/10', why: "link-local: neighbour discovery and the router's adverts come from these" },
].flatMap((n) => {
  const p = parseCidr(n.within);
  return p.ok ? [{ within: p.cidr, why: n.why }] : [];
});

/** Why a talker's address or prefix is not one to block (a Block button
 *  would cut more than its sender), or null. */
export function notBlockable(cidr: string): string | null {
  const c = parseCidr(cidr);
  if (!c.ok) return null;
  const n = NO_ONES.find((o) => c.cidr.prefix >= o.within.prefix && cidrContains(o.within, c.cidr));
  return n?.why ?? null;
}
