/**
 * What a new rule means next to the rules in place, said before it is
 * added. The program (bpf/xdp_filter.bpf.c) decides a packet by one rule:
 * a port rule first (longest source prefix within its protocol and port),
 * else the longest src prefix, else the longest dst prefix. So where two
 * rules cover the same packets, only one of them counts them. Pure.
 */
import { type Cidr, cidrContains, parseCidr } from '../../protocol/cidr';
import type { RuleAction, RuleView } from '../../protocol/xdp';
import { describeMatch, describePackets, type RuleMatch } from './rule-match';

export type NewRule = RuleMatch & Pick<RuleView, 'action'>;

/** How two address scopes (null: any address) relate. */
type Relation = 'same' | 'inner' | 'outer' | 'apart';

/** 'inner': a lies inside b; 'outer': b lies inside a. Prefixes nest or
 *  are disjoint, never partly overlap. */
function relate(a: Cidr | null, b: Cidr | null): Relation {
  if (a === null || b === null) return a === b ? 'same' : a === null ? 'outer' : 'inner';
  if (a.family !== b.family) return 'apart';
  if (a.prefix >= b.prefix && cidrContains(b, a)) return a.prefix === b.prefix ? 'same' : 'inner';
  if (b.prefix > a.prefix && cidrContains(a, b)) return 'outer';
  return 'apart';
}

function scope(cidr: string | null): Cidr | null | undefined {
  if (cidr === null) return null;
  const p = parseCidr(cidr);
  return p.ok ? p.cidr : undefined;
}

const OUTCOME: Record<RuleAction, string> = { allow: 'they pass', deny: 'they are dropped' };

/** Where the rule that takes the packets acts otherwise than the one that
 *  does not, the outcome changes too, not only where they are counted. */
function outcome(taker: RuleAction, other: RuleAction): string {
  return taker === other ? '' : `, so ${OUTCOME[taker]}`;
}

/** The packets both rules could match: the narrower address, and the
 *  narrower protocol of the two. */
function shared(a: RuleMatch, b: RuleMatch, relation: Relation): RuleMatch {
  const inner = relation === 'inner' ? a : b;
  const port = a.port ?? b.port;
  return { cidr: inner.cidr, direction: a.direction, proto: a.proto ?? b.proto, port };
}

/** An address rule by its prefix (both sides share a direction where
 *  this is used), a port rule as a whole. */
function name(m: RuleMatch): string {
  return m.port === null && m.cidr !== null ? m.cidr : describeMatch(m);
}

function note(next: NewRule, e: RuleView, nextCidr: Cidr | null): string | null {
  const eCidr = scope(e.cidr);
  if (eCidr === undefined) return null;
  const nextIsPort = next.port !== null;
  const eIsPort = e.port !== null;
  const relation = relate(nextCidr, eCidr);
  if (relation === 'apart') return null;
  const packets = describePackets(shared(next, e, relation));

  if (nextIsPort !== eIsPort) {
    // A port rule is looked up before any address rule; dst rules are
    // left out: which packets both match depends on both ends.
    const addressRule = nextIsPort ? e : next;
    if (addressRule.direction !== 'src') return null;
    return nextIsPort
      ? `Port rules come first: ${packets} count in the new rule, not in ${describeMatch(e)}${outcome(next.action, e.action)}`
      : `${describeMatch(e)} comes first: ${packets} count there, not in the new rule${outcome(e.action, next.action)}`;
  }

  if (next.direction !== e.direction) return null;
  if (eIsPort && (next.port !== e.port || (next.proto !== null && e.proto !== null && next.proto !== e.proto))) {
    return null;
  }
  if (relation === 'same') {
    return next.proto === e.proto
      ? `${describeMatch(e)} exists already (${e.action})`
      : `${describeMatch(e)} already matches ${packets} (${e.action})`;
  }
  // Within one trie the longest prefix takes the packets.
  return relation === 'outer'
    ? `${name(e)} is more specific: ${packets} count there, not in ${name(next)}${outcome(e.action, next.action)}`
    : `${name(e)} is less specific: ${packets} will count in the new rule, not there${outcome(next.action, e.action)}`;
}

/** Sentences on how `next` shares packets with the rules in place, at
 *  most `limit` of them (an import can bring thousands of rules), and
 *  how many more there were. */
export function overlapNotes(
  next: NewRule,
  rules: readonly RuleView[],
  limit = 5,
): { notes: string[]; more: number } {
  const nextCidr = scope(next.cidr);
  if (nextCidr === undefined) return { notes: [], more: 0 };
  const notes: string[] = [];
  let more = 0;
  for (const e of rules) {
    const n = note(next, e, nextCidr);
    if (n === null) continue;
    if (notes.length < limit) notes.push(n);
    else more++;
  }
  return { notes, more };
}
