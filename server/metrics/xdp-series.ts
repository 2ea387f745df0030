/**
 * The XDP filter's status as metric series: packets passed and dropped,
 * drops per rule (bounded), and whether it runs where it was asked to. Pure.
 */
import type { RuleView, XdpStatus } from '../../protocol/xdp';
import type { StickyLabels } from './sticky-labels';

/** Rules with a drop counter series of their own. */
export const MAX_RULE_SERIES = 200;

export type XdpReading = Pick<XdpStatus, 'attached' | 'wanted' | 'rules' | 'totals'>;

export interface Series<L extends string> {
  labels: Record<L, string>;
  value: number;
}

/** The program's totals since it was loaded, labelled with where it runs now. */
export function packetSeries(s: XdpReading): Series<'ifname' | 'action'>[] {
  const ifname = s.attached?.ifname ?? 'none';
  return [
    { labels: { ifname, action: 'pass' }, value: s.totals.passed },
    { labels: { ifname, action: 'drop' }, value: s.totals.dropped },
  ];
}

/** cidr "any" for a port rule; port "tcp/8080" ("tcp+udp/8080" for both),
 *  "" for an address rule. Unique per rule, as its match is. */
export function ruleLabels(r: Pick<RuleView, 'cidr' | 'direction' | 'proto' | 'port'>): Record<'cidr' | 'direction' | 'port', string> {
  return { cidr: r.cidr ?? 'any', direction: r.direction, port: r.port === null ? '' : `${r.proto ?? 'tcp+udp'}/${r.port}` };
}

/**
 * Drops per rule, for at most slots.max rules: a rule gets a series when
 * it first drops, first come first served, and keeps it while it exists
 * (its counter never goes down); a removed rule's slot is freed. Rules
 * without a slot are in the totals only.
 */
export function ruleDropSeries(rules: readonly RuleView[], slots: StickyLabels): Series<'cidr' | 'direction' | 'port'>[] {
  const keyed = rules.map((r) => {
    const labels = ruleLabels(r);
    return { labels, key: `${labels.cidr} ${labels.direction} ${labels.port}`, value: r.drops };
  });
  slots.retain(new Set(keyed.map((k) => k.key)));
  return keyed
    .filter((k) => (k.value > 0 ? slots.admit(k.key) : slots.has(k.key)))
    .map(({ labels, value }) => ({ labels, value }));
}

/** 1 while the filter runs where the user asked it to. */
export function xdpAttached(s: XdpReading): number {
  return s.wanted !== null && s.attached?.ifname === s.wanted.ifname ? 1 : 0;
}

/** 1 while the user wants it to run somewhere (even where it cannot now). */
export function xdpWanted(s: XdpReading): number {
  return s.wanted !== null ? 1 : 0;
}
