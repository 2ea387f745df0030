/**
 * The XDP filter, driven the article's way: `bpftool prog load … pinmaps`,
 * `bpftool net attach/detach`, `bpftool map update/delete` for rules, and
 * `bpftool prog show` / `ip link` for status. Rules change by map updates;
 * the program is never reloaded for them. The wanted state (interface,
 * rules, default) is kept in a state file and restored at start.
 *
 * What the API, main.ts and the metrics call. The parts: the program
 * (program.ts), where it runs and the watch (attachment.ts), the rules
 * (rule-set.ts, expiry.ts, rule-lists.ts, drop-counts.ts), top talkers
 * (talkers.ts). Control operations run here, one at a time.
 */
import type {
  AttachRequestMode, DefaultAction, RuleView, TalkerGroup, TalkersAnswer, XdpStatus,
} from '../../protocol/xdp';
import { XDP_MAPS, XDP_MAX_TALKERS, XDP_TOTAL } from '../../protocol/xdp-filter';
import { Attachment } from './attachment';
import { percpuSums } from './bpftool';
import type { XdpContext, XdpOptions } from './context';
import { DropCounts } from './drop-counts';
import { Expiry } from './expiry';
import { listInterfaces, type InterfaceInfo } from './links';
import type { Force } from './lockout';
import { u32Arg } from './map-keys';
import { XdpProgram } from './program';
import type { MatchInput, Rule } from './rule';
import { importNetset, toNetset, type ImportRequest } from './rule-lists';
import { syncRules } from './rule-maps';
import { RuleSet, type RuleRequest } from './rule-set';
import { readState, writeState } from './state-file';
import { rankTalkers, TalkerSampler } from './talkers';

const WATCH_MS = 1000;

export class XdpController {
  private readonly program: XdpProgram;
  private readonly ctx: XdpContext;
  private readonly drops: DropCounts;
  private readonly rules: RuleSet;
  private readonly expiry: Expiry;
  private readonly attachment: Attachment;
  private readonly talkers: TalkerSampler;
  private watchTimer: NodeJS.Timeout | undefined;
  private watchQueued = false;
  /** Control operations run one at a time. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly opts: XdpOptions) {
    this.program = new XdpProgram(opts.object, opts.pinDir);
    this.ctx = { opts, program: this.program, message: null, save: () => this.save() };
    this.drops = new DropCounts(this.program.mapPin(XDP_MAPS.drops));
    this.rules = new RuleSet(this.ctx, this.drops);
    this.expiry = new Expiry(this.ctx, this.rules);
    this.attachment = new Attachment(this.ctx, this.rules);
    this.talkers = new TalkerSampler(() => this.program.mapPin(XDP_MAPS.talkers));
  }

  /** A watch, unless one is queued or running: where a watch takes longer
   *  than WATCH_MS (a loaded machine, thousands of interfaces, the kernel
   *  matrix's emulation), one queued every tick piled up ahead of every
   *  action until the API hung. */
  private queueWatch(): void {
    if (this.watchQueued) return;
    this.watchQueued = true;
    void this.serial(() => this.watch())
      .catch(() => undefined)
      .finally(() => (this.watchQueued = false));
  }

  private serial<T>(op: () => Promise<T>): Promise<T> {
    const next = this.queue.then(op, op);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Adopts what a previous run left pinned, or loads afresh; then makes
   *  the kernel match the state file, and starts the watch. */
  init(): Promise<void> {
    return this.serial(async () => {
      const { state, problem } = readState(this.opts.stateFile);
      this.ctx.message = problem;
      await this.program.adoptOrLoad();
      this.rules.load(state.rules);
      // Rules that expired while the backend was down never take effect:
      // the maps get the others, then the expired ones are forgotten.
      const expired = this.expiry.expired();
      await syncRules(this.program.mapPin, this.rules.all().filter((r) => !expired.includes(r)));
      this.expiry.forget(expired);
      await this.rules.useDefault(state.default);
      await this.attachment.start(state.attached);
      this.save();
      this.watchTimer = setInterval(() => this.queueWatch(), WATCH_MS);
    });
  }

  /** Detaches and unpins everything of ours (unless keep: the filter stays
   *  in force for the next start to adopt). */
  shutdown(keep: boolean): Promise<void> {
    clearInterval(this.watchTimer);
    return this.serial(async () => {
      if (!keep) await this.program.remove();
    });
  }

  attach(ifname: string, mode: AttachRequestMode, force: Force, client: string[]): Promise<void> {
    return this.serial(() => this.attachment.attach(ifname, mode, force, client));
  }

  /** why: set when the filter is detached for the user by something they
   *  did not ask to detach (removing the lab it runs on): audited. */
  detach(why?: string): Promise<void> {
    return this.serial(() => this.attachment.detach(why));
  }

  addRule(req: RuleRequest, client: string[]): Promise<RuleView> {
    return this.serial(async () => (await this.views([await this.rules.add(req, client)]))[0]!);
  }

  removeRule(q: MatchInput & { force?: Force }, client: string[]): Promise<void> {
    return this.serial(() => this.rules.remove(q, client));
  }

  /** Every rule with this comment: how an imported list goes again. */
  removeByComment(comment: string, force: Force, client: string[]): Promise<number> {
    return this.serial(() => this.rules.removeByComment(comment, force, client));
  }

  setDefault(dflt: DefaultAction, force: Force, client: string[]): Promise<void> {
    return this.serial(() => this.rules.setDefault(dflt, force, client));
  }

  importRules(req: ImportRequest, client: string[]): Promise<{ added: number; present: number }> {
    return this.serial(() => importNetset(this.rules, req, client));
  }

  exportNetset(): string {
    return toNetset(this.rules.all());
  }

  async status(): Promise<Omit<XdpStatus, 'lab'>> {
    const interfaces = await listInterfaces();
    const here = interfaces.find((i) => this.program.runsOn(i));
    const totals = await percpuSums(this.program.mapPin(XDP_MAPS.totals), [XDP_TOTAL.passed, XDP_TOTAL.dropped, XDP_TOTAL.unlisted].map(u32Arg));
    return {
      interfaces,
      attached: here?.xdp ? { ifname: here.name, mode: here.xdp.mode, prog: await this.program.show() } : null,
      wanted: this.attachment.wanted,
      rules: await this.views(this.rules.all(), here !== undefined),
      default: this.rules.dflt,
      totals: { passed: totals[0] ?? 0, dropped: totals[1] ?? 0, unlisted: totals[2] ?? 0 },
      message: this.ctx.message,
    };
  }

  async talkersAnswer(group: TalkerGroup, limit: number): Promise<TalkersAnswer> {
    const [{ cur, prev }, here] = await Promise.all([this.talkers.readings(), this.attachedInterface()]);
    return {
      talkers: rankTalkers(cur, prev, group, limit),
      group,
      tracked: cur.counts.length,
      capacity: XDP_MAX_TALKERS,
      sampledAt: new Date(cur.atMs).toISOString(),
      attached: here !== undefined,
    };
  }

  /** The interface our program runs on, if any. */
  attachedInterface(): Promise<InterfaceInfo | undefined> {
    return this.program.attachedInterface();
  }

  /** Every second: rules past their lifetime go, and the filter is where
   *  the user wants it, or the user is told (and the audit log says). */
  private async watch(): Promise<void> {
    await this.expiry.sweep();
    await this.attachment.check();
  }

  private async views(rules: readonly Rule[], active?: boolean): Promise<RuleView[]> {
    const on = active ?? (await this.attachedInterface()) !== undefined;
    const drops = await this.drops.read(rules);
    return rules.map((r) => ({
      cidr: r.cidr?.text ?? null, direction: r.direction, proto: r.proto, port: r.port, action: r.action,
      drops: drops.get(r.id) ?? 0, createdAt: r.createdAt, expiresAt: r.expiresAt, comment: r.comment, active: on,
    }));
  }

  private save(): void {
    writeState(this.opts.stateFile, {
      version: 2,
      attached: this.attachment.wanted,
      default: this.rules.dflt,
      rules: this.rules.toState(),
    });
  }
}
