/**
 * The filter's rules, each with an id (its drop counter's index and its
 * map entries' value), and the default action. A change goes through the
 * lockout guard against the rules there are, then into the maps, then
 * into the set and the state file.
 */
import type { DefaultAction, RuleAction } from '../../protocol/xdp';
import { XDP_DEFAULT, XDP_MAX_RULES } from '../../protocol/xdp-filter';
import type { XdpContext } from './context';
import type { DropCounts } from './drop-counts';
import { XdpError } from './errors';
import { lockoutProblems, newProblems } from './guard';
import { protectedOn, refuseUnconfirmed, type Force } from './lockout';
import { describeMatch, matchKey, parseMatch, type MatchInput, type Rule, type RuleMatch } from './rule';
import { deleteRules, putRules, writeDefault } from './rule-maps';
import type { XdpState } from './state-file';

/** What new rules are made with: one rule's request, or an imported list's. */
export interface NewRules {
  action: RuleAction;
  ttlSeconds?: number | undefined;
  comment: string;
  force?: Force;
}

export interface RuleRequest extends MatchInput, NewRules {}

const expiry = (ttlSeconds: number | undefined) =>
  ttlSeconds === undefined ? null : new Date(Date.now() + ttlSeconds * 1000).toISOString();

function checkMatch(m: MatchInput): RuleMatch {
  const parsed = parseMatch(m);
  if (!parsed.ok) throw new XdpError('bad-request', parsed.error);
  return parsed.match;
}

export class RuleSet {
  private readonly byMatch = new Map<string, Rule>();
  private dfltAction: DefaultAction = 'pass';

  constructor(
    private readonly ctx: XdpContext,
    private readonly drops: DropCounts,
  ) {}

  get dflt(): DefaultAction {
    return this.dfltAction;
  }

  all(): Rule[] {
    return [...this.byMatch.values()];
  }

  has(m: RuleMatch): boolean {
    return this.byMatch.has(matchKey(m));
  }

  async add(req: RuleRequest, client: string[]): Promise<Rule> {
    const match = checkMatch(req);
    if (this.has(match)) throw new XdpError('conflict', `a rule for ${describeMatch(match)} exists already`);
    const rule = this.create([match], req)[0]!;
    await this.put([rule], req.force, client, `${describeMatch(match)} would be in force`);
    return rule;
  }

  async remove(q: MatchInput & { force?: Force }, client: string[]): Promise<void> {
    const match = checkMatch(q);
    const rule = this.byMatch.get(matchKey(match));
    if (!rule) throw new XdpError('not-found', `no rule for ${describeMatch(match)}`);
    // An allow rule may be what keeps the owner in under a default drop.
    await this.take([rule], q.force, client, `Removing ${describeMatch(match)}`);
  }

  /** Every rule with this comment: how an imported list goes again. */
  async removeByComment(comment: string, force: Force, client: string[]): Promise<number> {
    const gone = this.all().filter((r) => r.comment === comment);
    if (!gone.length) throw new XdpError('not-found', `no rule has the comment '${comment}'`);
    await this.take(gone, force, client, `Removing the ${gone.length} rules with the comment '${comment}'`);
    return gone.length;
  }

  /** drop: an allow list. The guard asks for allow rules covering the
   *  client and the owner's sessions, among the rules there are, first. */
  async setDefault(dflt: DefaultAction, force: Force, client: string[]): Promise<void> {
    await this.guard([], [], dflt, force, client, 'Dropping what no rule allows');
    await this.useDefault(dflt);
    this.ctx.save();
  }

  /** Rules for these matches, with free ids. */
  create(matches: readonly RuleMatch[], o: NewRules): Rule[] {
    const ids = this.freeIds(matches.length);
    const createdAt = new Date().toISOString();
    return matches.map((m, i) => ({
      ...m, action: o.action, id: ids[i]!, createdAt,
      expiresAt: expiry(o.ttlSeconds), comment: o.comment, confirmed: o.force !== undefined,
    }));
  }

  /** Puts new rules in force, if the guard lets them. */
  async put(rules: Rule[], force: Force, client: string[], what: string): Promise<void> {
    await this.guard(rules, [], this.dflt, force, client, what);
    await putRules(this.ctx.program.mapPin, rules, true);
    for (const r of rules) {
      this.byMatch.set(matchKey(r), r);
      this.drops.zeroed(r.id);
    }
    this.ctx.save();
  }

  /** Takes rules out of the set, once the caller has taken them out of the maps. */
  delete(rules: readonly Rule[]): void {
    for (const r of rules) this.byMatch.delete(matchKey(r));
  }

  /** The rules of the state file; an id a hand-edited file repeats gets a free one. */
  load(rules: XdpState['rules']): void {
    this.byMatch.clear();
    const used = new Set<number>();
    for (const s of rules) {
      const parsed = parseMatch({
        cidr: s.cidr ?? undefined, direction: s.direction, proto: s.proto ?? undefined, port: s.port ?? undefined,
      });
      if (!parsed.ok) continue;
      const id = s.id < XDP_MAX_RULES && !used.has(s.id) ? s.id : -1;
      const rule: Rule = { ...parsed.match, ...s, cidr: parsed.match.cidr, id };
      used.add(id);
      this.byMatch.set(matchKey(rule), rule);
    }
    for (const r of this.byMatch.values()) if (r.id < 0) r.id = this.freeIds(1)[0]!;
  }

  /** Into the settings map, then held: what packets no rule matches get. */
  async useDefault(dflt: DefaultAction): Promise<void> {
    await writeDefault(this.ctx.program.mapPin, XDP_DEFAULT[dflt]);
    this.dfltAction = dflt;
  }

  /** The rules as the state file keeps them. */
  toState(): XdpState['rules'] {
    return this.all().map((r) => ({
      cidr: r.cidr?.text ?? null, direction: r.direction, proto: r.proto, port: r.port, action: r.action,
      id: r.id, createdAt: r.createdAt, expiresAt: r.expiresAt, comment: r.comment, confirmed: r.confirmed,
    }));
  }

  private async take(rules: Rule[], force: Force, client: string[], what: string): Promise<void> {
    await this.guard([], rules, this.dflt, force, client, what);
    await deleteRules(this.ctx.program.mapPin, rules);
    this.delete(rules);
    this.ctx.save();
  }

  /** Refuses (with the token that confirms it) what a change would newly
   *  cut off: the rules with `added` and without `removed`, under `dflt`,
   *  against the rules and default now. Checked against the interface the
   *  filter runs on; while detached, attaching checks again. */
  private async guard(added: Rule[], removed: Rule[], dflt: DefaultAction, force: Force, client: string[], what: string): Promise<void> {
    const guard = protectedOn(await this.ctx.program.attachedInterface(), client, this.ctx.opts.dashboardPort);
    const now = this.all();
    const gone = new Set(removed);
    const after = [...now.filter((r) => !gone.has(r)), ...added];
    refuseUnconfirmed(what, newProblems(lockoutProblems(now, this.dflt, guard), lockoutProblems(after, dflt, guard)), force);
  }

  private freeIds(n: number): number[] {
    const used = new Set(this.all().map((r) => r.id));
    const ids: number[] = [];
    for (let id = 0; id < XDP_MAX_RULES && ids.length < n; id++) if (!used.has(id)) ids.push(id);
    if (ids.length < n) {
      throw new XdpError('conflict', `the filter holds at most ${XDP_MAX_RULES} rules: ${this.byMatch.size} are in use, and this needs ${n} more`);
    }
    return ids;
  }
}
