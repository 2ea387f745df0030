/**
 * Rules past their lifetime go, at every tick of the watch and at start,
 * each with an audit entry. One whose going would cut the owner off (the
 * allow rule an SSH session comes in by, under a default drop) stays,
 * said and audited once, until that changes or the user removes it.
 */
import type { XdpContext } from './context';
import { lockoutProblems, newProblems } from './guard';
import { protectedOn } from './lockout';
import { describeMatch, matchKey, type Rule } from './rule';
import { deleteRules } from './rule-maps';
import type { RuleSet } from './rule-set';

export class Expiry {
  /** Rules past their lifetime kept because their going would lock the owner out (audited once). */
  private readonly kept = new Set<string>();

  constructor(
    private readonly ctx: XdpContext,
    private readonly rules: RuleSet,
  ) {}

  /** At every tick of the watch: the rules past their lifetime that may go, go. */
  async sweep(): Promise<void> {
    const expired = await this.expiring();
    if (!expired.length) return;
    try {
      await deleteRules(this.ctx.program.mapPin, expired);
      // Shown, and in the state file, until out of the maps: a status
      // never says a rule is gone while it still drops packets.
      this.forget(expired);
    } catch (err) {
      // Still in the maps, so still shown: tried again at the next tick.
      this.ctx.opts.onSystem('expire', { rules: expired.length }, `failed, tried again in a second: ${(err as Error).message}`);
    }
  }

  /** The rules whose lifetime is over. */
  expired(): Rule[] {
    const now = Date.now();
    return this.rules.all().filter((r) => r.expiresAt !== null && Date.parse(r.expiresAt) <= now);
  }

  /** Takes expired rules out of the set and the state file, and says so in
   *  the audit log, once the caller has taken them out of the maps. */
  forget(expired: readonly Rule[]): void {
    if (!expired.length) return;
    this.rules.delete(expired);
    this.ctx.save();
    for (const r of expired) this.ctx.opts.onSystem('expire', { rule: describeMatch(r), expiresAt: r.expiresAt }, 'ok');
  }

  /** The expired rules but those whose going would cut the owner off. */
  private async expiring(): Promise<Rule[]> {
    const expired = this.expired();
    if (!expired.length) return [];
    const guard = protectedOn(await this.ctx.program.attachedInterface(), [], this.ctx.opts.dashboardPort);
    const now = this.rules.all();
    const before = lockoutProblems(now, this.rules.dflt, guard);
    return expired.filter((r) => {
      const problems = newProblems(before, lockoutProblems(now.filter((x) => x !== r), this.rules.dflt, guard));
      const key = matchKey(r);
      if (!problems.length) {
        this.kept.delete(key);
        return true;
      }
      if (!this.kept.has(key)) {
        this.kept.add(key);
        this.ctx.message = `${describeMatch(r)} is past its lifetime but kept, since without it: ${problems[0]}. Remove it by hand to confirm`;
        this.ctx.opts.onSystem('expire', { rule: describeMatch(r), expiresAt: r.expiresAt }, `kept: ${problems[0]}`);
      }
      return false;
    });
  }
}
