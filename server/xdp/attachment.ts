/**
 * Where the filter runs: attached where the user asks, through the lockout
 * guard, and watched, since nothing may look enforced when it is not. When
 * it stops running where it was asked to (the interface went away,
 * someone detached it), that is audited and said, and rules show
 * inactive; when the interface comes back it is re-attached, through the
 * same guard as at start.
 */
import type { AttachRequestMode } from '../../protocol/xdp';
import { XDP_PROG_NAME } from '../../protocol/xdp-filter';
import type { XdpContext } from './context';
import { XdpError } from './errors';
import { lockoutProblems } from './guard';
import { listInterfaces } from './links';
import { protectedOn, refuseUnconfirmed, type Force } from './lockout';
import { detachFrom } from './program';
import type { RuleSet } from './rule-set';
import type { XdpState } from './state-file';

type Wanted = NonNullable<XdpState['attached']>;

const goneMessage = (ifname: string) =>
  `${ifname} is gone: the filter is not running, and its rules are inactive until it is attached`;

export class Attachment {
  /** Where the user wants the filter, as the state file keeps it. */
  wanted: XdpState['attached'] = null;
  /** The watch's last finding, so that each change is audited once. */
  private saw: 'running' | 'gone' | 'lost' = 'running';

  constructor(
    private readonly ctx: XdpContext,
    private readonly rules: RuleSet,
  ) {}

  /** At start: where the state file says, and nowhere else. */
  async start(wanted: XdpState['attached']): Promise<void> {
    this.wanted = wanted;
    const here = await this.ctx.program.attachedInterface();
    if (here && here.name !== wanted?.ifname) await detachFrom(here);
    if (wanted && here?.name !== wanted.ifname) await this.restore(wanted, 'at start');
  }

  async attach(ifname: string, mode: AttachRequestMode, force: Force, client: string[]): Promise<void> {
    const { program } = this.ctx;
    const ifaces = await listInterfaces();
    const target = ifaces.find((i) => i.name === ifname);
    if (!target) throw new XdpError('not-found', `no interface named '${ifname}'`);
    const other = target.xdp && !program.runsOn(target)
      ? [`${ifname} already runs XDP program '${target.xdp.progName}' (id ${target.xdp.progId}), which is not ours: attaching replaces it`]
      : [];
    // The rules take effect now: the guard looks at them now, with this interface's addresses.
    const guard = protectedOn(target, client, this.ctx.opts.dashboardPort);
    const rules = this.rules.all();
    const problems = [...other, ...lockoutProblems(rules, this.rules.dflt, guard)];
    refuseUnconfirmed(`Attaching to ${ifname} puts the rules in force`, problems, force);
    // Confirmed: the user saw these rules' warnings, so a restore keeps them.
    for (const r of rules) if (lockoutProblems([r], 'pass', guard).length) r.confirmed = true;
    const here = ifaces.find((i) => program.runsOn(i));
    if (here && here.name !== ifname) await detachFrom(here);
    await program.attachTo(ifname, mode, target.xdp !== null);
    this.wanted = { ifname, mode };
    this.saw = 'running';
    this.ctx.message = null;
    this.ctx.save();
  }

  /** why: set when the filter is detached for the user by something they
   *  did not ask to detach (removing the lab it runs on): audited. */
  async detach(why?: string): Promise<void> {
    const here = await this.ctx.program.attachedInterface();
    if (!here && !this.wanted) throw new XdpError('conflict', 'the filter is not attached');
    // Not running but wanted (its interface is gone): stop waiting for it.
    if (here) await detachFrom(here);
    if (here && why) this.ctx.opts.onSystem('detach', { ifname: here.name }, `ok: ${why}`);
    this.wanted = null;
    this.ctx.message = null;
    this.ctx.save();
  }

  /** At every tick of the watch: the filter is where the user wants it,
   *  or the user is told (and the audit log says). */
  async check(): Promise<void> {
    const want = this.wanted;
    const { program, opts } = this.ctx;
    if (!want || !program.loaded) return;
    const target = (await listInterfaces()).find((i) => i.name === want.ifname);
    if (target && program.runsOn(target)) return;
    if (!target) {
      if (this.saw !== 'gone') {
        this.saw = 'gone';
        this.ctx.message = goneMessage(want.ifname);
        opts.onSystem('detached', { ifname: want.ifname }, 'the interface is gone');
      }
      return;
    }
    if (this.saw === 'gone' && !target.xdp) {
      // The interface is back (a lab re-made, a NIC re-plugged).
      const ok = await this.restore(want, 'when it came back');
      if (ok) opts.onSystem('attach', { ifname: want.ifname }, 'ok: the interface came back');
      return;
    }
    if (this.saw === 'running') {
      this.saw = 'lost';
      const now = target.xdp ? `program '${target.xdp.progName}' (id ${target.xdp.progId}) runs there now` : 'no XDP program runs there now';
      this.ctx.message = `the filter was detached from ${want.ifname} by something else (${now}): its rules are inactive; attach it again to enforce them`;
      opts.onSystem('detached', { ifname: want.ifname }, `detached from outside: ${now}`);
    }
  }

  /** Attaches where the state says, unless a rule the user never confirmed
   *  now covers an address of the interface (its addresses changed, or the
   *  state file was edited): then it says so and stays detached. */
  private async restore(want: Wanted, when: string): Promise<boolean> {
    const target = (await listInterfaces()).find((i) => i.name === want.ifname);
    if (!target) {
      this.ctx.message = goneMessage(want.ifname);
      this.saw = 'gone';
      return false;
    }
    const unconfirmed = this.rules.all().filter((r) => !r.confirmed);
    const problems = lockoutProblems(unconfirmed, 'pass', protectedOn(target, [], this.ctx.opts.dashboardPort));
    if (problems.length) {
      this.ctx.message = `not re-attached to ${want.ifname} ${when}: ${problems.join('; ')}. Attach it by hand to confirm`;
      this.ctx.opts.onSystem('attach', { ifname: want.ifname }, `refused ${when}: ${problems[0]}`);
      this.saw = 'lost';
      return false;
    }
    try {
      await this.ctx.program.attachTo(want.ifname, want.mode, target.xdp !== null && target.xdp.progName === XDP_PROG_NAME);
    } catch (err) {
      this.ctx.message = `not re-attached to ${want.ifname} ${when}: ${(err as Error).message}`;
      this.saw = 'lost';
      return false;
    }
    this.ctx.message = null;
    this.saw = 'running';
    return true;
  }
}
