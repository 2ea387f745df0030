/**
 * A filter rule and the map entries that enforce it (bpf/xdp_filter.h):
 * an address rule is one entry in its direction's trie; a port rule is one
 * entry per protocol (TCP and UDP when none is named) and per family (both
 * when it names no address) in the port tries. Pure.
 */
import { parseCidr, type Cidr } from '../../protocol/cidr';
import type { Direction, Proto, RuleAction } from '../../protocol/xdp';
import { XDP_ACTION, XDP_MAPS, XDP_PORT_PREFIX_BITS, XDP_PROTO } from '../../protocol/xdp-filter';
import { lpmKey, u32Bytes, hexArg } from './map-keys';

/** What a rule matches: its identity (two rules never share one). */
export interface RuleMatch {
  cidr: Cidr | null;
  direction: Direction;
  proto: Proto | null;
  port: number | null;
}

export interface Rule extends RuleMatch {
  action: RuleAction;
  /** Index of its drop counter, and the value of its map entries. */
  id: number;
  createdAt: string;
  expiresAt: string | null;
  comment: string;
  /** Added with force: the user saw the guard's warning and went on. */
  confirmed: boolean;
}

/** A match as the API takes it: checked text. */
export interface MatchInput {
  cidr?: string | undefined;
  direction: Direction;
  proto?: Proto | undefined;
  port?: number | undefined;
}

export function parseMatch(m: MatchInput): { ok: true; match: RuleMatch } | { ok: false; error: string } {
  let cidr: Cidr | null = null;
  if (m.cidr !== undefined) {
    const parsed = parseCidr(m.cidr);
    if (!parsed.ok) return parsed;
    cidr = parsed.cidr;
  }
  return { ok: true, match: { cidr, direction: m.direction, proto: m.proto ?? null, port: m.port ?? null } };
}

/** "src 10.211.0.2/32", "src tcp 8080 10.0.0.0/8", "src tcp+udp 53 any" */
export function matchKey(m: RuleMatch): string {
  const addr = m.cidr?.text ?? 'any';
  return m.port === null ? `${m.direction} ${addr}` : `${m.direction} ${m.proto ?? 'tcp+udp'} ${m.port} ${addr}`;
}

/** How a user reads it: "10.211.0.2/32", "tcp 8080 from 10.0.0.0/8", "tcp+udp 53". */
export function describeMatch(m: RuleMatch): string {
  const addr = m.cidr?.text ?? 'any address';
  if (m.port === null) return m.direction === 'src' ? addr : `${addr} (destination)`;
  return `${m.proto ?? 'tcp+udp'} ${m.port}${m.cidr ? ` from ${m.cidr.text}` : ''}`;
}

export interface MapEntry {
  map: string;
  /** bpftool's `key hex …` words. */
  key: string[];
}

export function ruleEntries(m: RuleMatch): MapEntry[] {
  if (m.port === null) {
    if (!m.cidr) return [];
    return [{ map: addressTrie(m.cidr.family, m.direction), key: lpmKey(m.cidr) }];
  }
  const protos = m.proto ? [m.proto] : (['tcp', 'udp'] as const);
  const families = m.cidr ? [m.cidr.family] : ([4, 6] as const);
  const port = m.port;
  return families.flatMap((family) =>
    protos.map((proto) => {
      const addrBytes = m.cidr ? [...m.cidr.bytes] : new Array<number>(family === 4 ? 4 : 16).fill(0);
      const prefix = XDP_PORT_PREFIX_BITS + (m.cidr?.prefix ?? 0);
      return {
        map: family === 4 ? XDP_MAPS.portV4 : XDP_MAPS.portV6,
        key: hexArg([...u32Bytes(prefix), XDP_PROTO[proto], 0, port >> 8, port & 0xff, ...addrBytes]),
      };
    }),
  );
}

/** struct xdpf_rule: the value of every entry of a rule. */
export function ruleValue(rule: Pick<Rule, 'id' | 'action'>): string[] {
  return hexArg([...u32Bytes(rule.id), ...u32Bytes(XDP_ACTION[rule.action])]);
}

function addressTrie(family: 4 | 6, direction: Direction): string {
  if (direction === 'src') return family === 4 ? XDP_MAPS.srcV4 : XDP_MAPS.srcV6;
  return family === 4 ? XDP_MAPS.dstV4 : XDP_MAPS.dstV6;
}

/** The tries that hold rules. */
export const RULE_TRIES = [
  XDP_MAPS.srcV4, XDP_MAPS.dstV4, XDP_MAPS.srcV6, XDP_MAPS.dstV6, XDP_MAPS.portV4, XDP_MAPS.portV6,
] as const;
