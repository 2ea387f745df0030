/**
 * The XDP filter, driven the article's way: `bpftool prog load … pinmaps`,
 * `bpftool net attach/detach`, `bpftool map update/delete` for rules, and
 * `bpftool prog show` / `ip link` for status. Rules change by map updates;
 * the program is never reloaded for them. The wanted state (interface,
 * rules, default) is kept in a state file and restored at start; after a
 * crash the pinned program is adopted, or cleaned away, so there are never
 * two programs of ours on an interface and never an orphan.
 *
 * Nothing may look enforced when it is not: every second a watch checks
 * that the filter still runs where it was asked to. When it does not (the
 * interface went away, someone detached it), that is audited and said, and
 * rules show inactive; when the interface comes back it is re-attached,
 * through the same lockout guard as at start.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Cidr } from '../../protocol/cidr';
import type {
  AttachRequestMode, DefaultAction, RuleAction, RuleView, TalkerGroup, TalkersAnswer, XdpStatus,
} from '../../protocol/xdp';
import { XDP_DEFAULT, XDP_MAPS, XDP_MAX_RULES, XDP_MAX_TALKERS, XDP_PROG_NAME, XDP_SIZES, XDP_TOTAL } from '../../protocol/xdp-filter';
import { ensurePrivateDir } from '../safe-files';
import { bpftool, CommandError, mapShow, percpuSums, progShow } from './bpftool';
import { confirmToken, describeProblems, lockoutProblems, newProblems, protectedFlows, SSH_PORT, type Protected } from './guard';
import { listInterfaces, type InterfaceInfo } from './links';
import { u32Arg } from './map-keys';
import { formatNetset, parseNetset, type NetsetLineError } from './netset';
import { describeMatch, matchKey, parseMatch, type MatchInput, type Rule } from './rule';
import { deleteRules, putRules, syncRules, writeDefault } from './rule-maps';
import { readSessions } from './sessions';
import { readState, writeState, type XdpState } from './state-file';
import { rankTalkers, TalkerSampler } from './talkers';

/** An error meant for the API caller: HTTP status and a sentence. */
export class XdpError extends Error {
  constructor(
    readonly status: 400 | 404 | 409 | 500,
    message: string,
    /** Sending the request again with this as "force" would do it
     *  (guard.ts, confirmToken). */
    readonly confirm: string | null = null,
    /** An import's bad lines. */
    readonly lines?: NetsetLineError[],
  ) {
    super(message);
  }
}

/** Key and value sizes an adopted pin must have: a pin of an older
 *  program version is reloaded, never driven with the wrong layout. */
const MAP_SIZES: Record<string, [number, number]> = {
  [XDP_MAPS.srcV4]: [XDP_SIZES.xdpf_key_v4, XDP_SIZES.xdpf_rule],
  [XDP_MAPS.dstV4]: [XDP_SIZES.xdpf_key_v4, XDP_SIZES.xdpf_rule],
  [XDP_MAPS.srcV6]: [XDP_SIZES.xdpf_key_v6, XDP_SIZES.xdpf_rule],
  [XDP_MAPS.dstV6]: [XDP_SIZES.xdpf_key_v6, XDP_SIZES.xdpf_rule],
  [XDP_MAPS.portV4]: [XDP_SIZES.xdpf_port_key_v4, XDP_SIZES.xdpf_rule],
  [XDP_MAPS.portV6]: [XDP_SIZES.xdpf_port_key_v6, XDP_SIZES.xdpf_rule],
  [XDP_MAPS.drops]: [4, 8],
  [XDP_MAPS.totals]: [4, 8],
  [XDP_MAPS.settings]: [4, 4],
  [XDP_MAPS.talkers]: [XDP_SIZES.xdpf_talker_key, XDP_SIZES.xdpf_talker],
};

const WATCH_MS = 1000;

export interface XdpOptions {
  /** bpf/.output/xdp_filter.bpf.o */
  object: string;
  /** Our folder in bpffs, e.g. /sys/fs/bpf/ebpf-dash */
  pinDir: string;
  stateFile: string;
  /** The dashboard's TCP port: the lockout guard keeps it reachable. */
  dashboardPort: number;
  /** What the filter did by itself (expired a rule, lost its interface):
   *  for the audit log. */
  onSystem: (action: string, args: Record<string, unknown>, result: string) => void;
}

/** A confirmation token from a 409 answer (protocol/xdp.ts, forceSchema). */
type Force = string | undefined;

export interface RuleRequest extends MatchInput {
  action: RuleAction;
  ttlSeconds?: number | undefined;
  comment: string;
  force?: Force;
}

export interface ImportRequest {
  text: string;
  action: RuleAction;
  ttlSeconds?: number | undefined;
  comment: string;
  force?: Force;
}

const expiry = (ttlSeconds: number | undefined) =>
  ttlSeconds === undefined ? null : new Date(Date.now() + ttlSeconds * 1000).toISOString();

export class XdpController {
  private rules = new Map<string, Rule>();
  private wantAttached: XdpState['attached'] = null;
  private dflt: DefaultAction = 'pass';
  private progId = 0;
  /** What the user should know about the filter's state, if anything. */
  private message: string | null = null;
  /** The watch's last finding, so that each change is audited once. */
  private watchSaw: 'running' | 'gone' | 'lost' = 'running';
  private watchTimer: NodeJS.Timeout | undefined;
  /** Control operations run one at a time. */
  private queue: Promise<unknown> = Promise.resolve();
  private readonly talkers = new TalkerSampler(() => this.mapPin(XDP_MAPS.talkers));
  private drops = { atMs: 0, byId: new Map<number, number>() };
  /** Rules past their lifetime kept because their going would lock the owner out (audited once). */
  private readonly keptPastExpiry = new Set<string>();

  constructor(private readonly opts: XdpOptions) {}

  private get progPin() {
    return path.join(this.opts.pinDir, 'prog');
  }
  private readonly mapPin = (name: string) => path.join(this.opts.pinDir, 'maps', name);

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
      this.message = problem;
      const adopted = await this.adoptPinned();
      if (!adopted) await this.loadFresh();
      await this.detachOrphans();
      this.loadRules(state);
      // Rules that expired while the backend was down never take effect:
      // the maps get the others, then the expired ones are forgotten.
      const expired = this.expiredRules();
      await syncRules(this.mapPin, [...this.rules.values()].filter((r) => !expired.includes(r)));
      this.forget(expired);
      this.dflt = state.default;
      await writeDefault(this.mapPin, XDP_DEFAULT[this.dflt]);
      this.wantAttached = state.attached;
      const here = await this.attachedInterface();
      if (here && here.name !== state.attached?.ifname) await this.detachFrom(here);
      if (state.attached && here?.name !== state.attached.ifname) await this.restoreAttach('at start');
      this.save();
      this.watchTimer = setInterval(() => void this.serial(() => this.watch()).catch(() => undefined), WATCH_MS);
    });
  }

  /** Detaches and unpins everything of ours (unless keep: the filter stays
   *  in force for the next start to adopt). */
  shutdown(keep: boolean): Promise<void> {
    clearInterval(this.watchTimer);
    return this.serial(async () => {
      if (keep) return;
      const here = await this.attachedInterface();
      if (here) await this.detachFrom(here);
      fs.rmSync(this.opts.pinDir, { recursive: true, force: true });
      this.progId = 0;
    });
  }

  attach(ifname: string, mode: AttachRequestMode, force: Force, client: string[]): Promise<void> {
    return this.serial(async () => {
      const ifaces = await listInterfaces();
      const target = ifaces.find((i) => i.name === ifname);
      if (!target) throw new XdpError(404, `no interface named '${ifname}'`);
      const other = target.xdp && target.xdp.progId !== this.progId
        ? [`${ifname} already runs XDP program '${target.xdp.progName}' (id ${target.xdp.progId}), which is not ours: attaching replaces it`]
        : [];
      // The rules take effect now: the guard looks at them now, with this interface's addresses.
      const guard = this.guardOf(target, client);
      const problems = [...other, ...lockoutProblems([...this.rules.values()], this.dflt, guard)];
      this.confirmed(`Attaching to ${ifname} puts the rules in force`, problems, force);
      // Confirmed: the user saw these rules' warnings, so a restore keeps them.
      for (const r of this.rules.values()) if (lockoutProblems([r], 'pass', guard).length) r.confirmed = true;
      const here = ifaces.find((i) => i.xdp?.progId === this.progId);
      if (here && here.name !== ifname) await this.detachFrom(here);
      await this.attachTo(ifname, mode, target.xdp !== null);
      this.wantAttached = { ifname, mode };
      this.watchSaw = 'running';
      this.message = null;
      this.save();
    });
  }

  /** why: set when the filter is detached for the user by something they
   *  did not ask to detach (removing the lab it runs on): audited. */
  detach(why?: string): Promise<void> {
    return this.serial(async () => {
      const here = await this.attachedInterface();
      if (!here && !this.wantAttached) throw new XdpError(409, 'the filter is not attached');
      // Not running but wanted (its interface is gone): stop waiting for it.
      if (here) await this.detachFrom(here);
      if (here && why) this.opts.onSystem('detach', { ifname: here.name }, `ok: ${why}`);
      this.wantAttached = null;
      this.message = null;
      this.save();
    });
  }

  addRule(req: RuleRequest, client: string[]): Promise<RuleView> {
    return this.serial(async () => {
      const match = this.checkMatch(req);
      const key = matchKey(match);
      if (this.rules.has(key)) throw new XdpError(409, `a rule for ${describeMatch(match)} exists already`);
      const rule: Rule = {
        ...match, action: req.action, id: this.freeIds(1)[0]!, createdAt: new Date().toISOString(),
        expiresAt: expiry(req.ttlSeconds), comment: req.comment, confirmed: req.force !== undefined,
      };
      await this.guard([rule], [], this.dflt, req.force, client, `${describeMatch(match)} would be in force`);
      await putRules(this.mapPin, [rule], true);
      this.drops.byId.delete(rule.id);
      this.rules.set(key, rule);
      this.save();
      return (await this.views([rule]))[0]!;
    });
  }

  removeRule(q: MatchInput & { force?: Force }, client: string[]): Promise<void> {
    return this.serial(async () => {
      const match = this.checkMatch(q);
      const rule = this.rules.get(matchKey(match));
      if (!rule) throw new XdpError(404, `no rule for ${describeMatch(match)}`);
      // An allow rule may be what keeps the owner in under a default drop.
      await this.guard([], [rule], this.dflt, q.force, client, `Removing ${describeMatch(match)}`);
      await deleteRules(this.mapPin, [rule]);
      this.rules.delete(matchKey(match));
      this.save();
    });
  }

  /** Every rule with this comment: how an imported list goes again. */
  removeByComment(comment: string, force: Force, client: string[]): Promise<number> {
    return this.serial(async () => {
      const gone = [...this.rules.values()].filter((r) => r.comment === comment);
      if (!gone.length) throw new XdpError(404, `no rule has the comment '${comment}'`);
      await this.guard([], gone, this.dflt, force, client, `Removing the ${gone.length} rules with the comment '${comment}'`);
      await deleteRules(this.mapPin, gone);
      for (const r of gone) this.rules.delete(matchKey(r));
      this.save();
      return gone.length;
    });
  }

  /** drop: an allow list. The guard asks for allow rules covering the
   *  client and the owner's sessions, among the rules there are, first. */
  setDefault(dflt: DefaultAction, force: Force, client: string[]): Promise<void> {
    return this.serial(async () => {
      await this.guard([], [], dflt, force, client, 'Dropping what no rule allows');
      await writeDefault(this.mapPin, XDP_DEFAULT[dflt]);
      this.dflt = dflt;
      this.save();
    });
  }

  /** A block (or allow) list: every line checked first; nothing is added
   *  unless all of it can be. */
  importRules(req: ImportRequest, client: string[]): Promise<{ added: number; present: number }> {
    return this.serial(async () => {
      const { entries, errors } = parseNetset(req.text);
      if (errors.length) {
        throw new XdpError(400, `${errors.length} line${errors.length === 1 ? '' : 's'} of the list cannot be read; nothing was added`, null, errors.slice(0, 50));
      }
      const fresh = entries.filter((cidr) => !this.rules.has(matchKey(this.addressMatch(cidr))));
      const ids = this.freeIds(fresh.length);
      const createdAt = new Date().toISOString();
      const rules: Rule[] = fresh.map((cidr, i) => ({
        ...this.addressMatch(cidr), action: req.action, id: ids[i]!, createdAt,
        expiresAt: expiry(req.ttlSeconds), comment: req.comment, confirmed: req.force !== undefined,
      }));
      await this.guard(rules, [], this.dflt, req.force, client, `The list (${rules.length} new rules) would be in force`);
      await putRules(this.mapPin, rules, true);
      for (const r of rules) {
        this.rules.set(matchKey(r), r);
        this.drops.byId.delete(r.id);
      }
      this.save();
      return { added: rules.length, present: entries.length - fresh.length };
    });
  }

  /** The deny source-address rules as a netset (what import reads). */
  exportNetset(): string {
    const all = [...this.rules.values()];
    const listed = all.filter((r) => r.action === 'deny' && r.port === null && r.direction === 'src' && r.cidr);
    return formatNetset(listed.map((r) => ({ cidr: r.cidr!.text, comment: r.comment })), all.length - listed.length, new Date());
  }

  async status(): Promise<Omit<XdpStatus, 'lab'>> {
    const interfaces = await listInterfaces();
    const here = interfaces.find((i) => i.xdp && i.xdp.progId === this.progId);
    const totals = await percpuSums(this.mapPin(XDP_MAPS.totals), [XDP_TOTAL.passed, XDP_TOTAL.dropped, XDP_TOTAL.unlisted].map(u32Arg));
    return {
      interfaces,
      attached: here?.xdp ? { ifname: here.name, mode: here.xdp.mode, prog: await progShow(this.progPin) } : null,
      wanted: this.wantAttached,
      rules: await this.views([...this.rules.values()], here !== undefined),
      default: this.dflt,
      totals: { passed: totals[0] ?? 0, dropped: totals[1] ?? 0, unlisted: totals[2] ?? 0 },
      message: this.message,
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
  async attachedInterface(): Promise<InterfaceInfo | undefined> {
    return (await listInterfaces()).find((i) => i.xdp && i.xdp.progId === this.progId);
  }

  private async views(rules: readonly Rule[], active?: boolean): Promise<RuleView[]> {
    const on = active ?? (await this.attachedInterface()) !== undefined;
    const drops = await this.dropCounts(rules);
    return rules.map((r) => ({
      cidr: r.cidr?.text ?? null, direction: r.direction, proto: r.proto, port: r.port, action: r.action,
      drops: drops.get(r.id) ?? 0, createdAt: r.createdAt, expiresAt: r.expiresAt, comment: r.comment, active: on,
    }));
  }

  /** Per-rule drop counters. bpftool reads ~25,000 a second, so an
   *  imported list of thousands is read again every few seconds (a
   *  millisecond per thousand rules of age), not at every poll; a rule
   *  new since the last reading is read at once. */
  private async dropCounts(rules: readonly Rule[]): Promise<Map<number, number>> {
    const maxAgeMs = rules.length > 1000 ? rules.length : 0;
    const stale = Date.now() - this.drops.atMs >= maxAgeMs;
    const read = stale ? rules : rules.filter((r) => !this.drops.byId.has(r.id));
    if (read.length) {
      const sums = await percpuSums(this.mapPin(XDP_MAPS.drops), read.map((r) => u32Arg(r.id)));
      if (stale) this.drops = { atMs: Date.now(), byId: new Map() };
      read.forEach((r, i) => this.drops.byId.set(r.id, sums[i] ?? 0));
    }
    return this.drops.byId;
  }

  private checkMatch(m: MatchInput) {
    const parsed = parseMatch(m);
    if (!parsed.ok) throw new XdpError(400, parsed.error);
    return parsed.match;
  }

  private addressMatch(cidr: Cidr) {
    return { cidr, direction: 'src' as const, proto: null, port: null };
  }

  /** Refuses (409, with the token that confirms it) what a change would
   *  newly cut off: the rules with `added` and without `removed`, under
   *  `dflt`, against the rules and default now. Checked against the
   *  interface the filter runs on; while detached, attaching checks again. */
  private async guard(added: Rule[], removed: Rule[], dflt: DefaultAction, force: Force, client: string[], what: string): Promise<void> {
    const guard = this.guardOf(await this.attachedInterface(), client);
    const now = [...this.rules.values()];
    const after = [...now.filter((r) => !removed.includes(r)), ...added];
    this.confirmed(what, newProblems(lockoutProblems(now, this.dflt, guard), lockoutProblems(after, dflt, guard)), force);
  }

  /** Goes on if there are no problems, or `force` confirms exactly these. */
  private confirmed(what: string, problems: readonly string[], force: Force): void {
    if (!problems.length) return;
    const token = confirmToken(what, problems);
    if (force !== token) throw new XdpError(409, describeProblems(problems, what), token);
  }

  /** What must keep working on the interface: the request's client, the
   *  owner's SSH and dashboard sessions arriving there, SSH and DHCP. */
  private guardOf(iface: InterfaceInfo | undefined, client: string[]): Protected {
    const ifname = iface?.name ?? '';
    const ifaceAddrs = iface?.addresses.map((a) => a.split('/')[0]!) ?? [];
    const ports = new Map([[SSH_PORT, 'SSH'], [this.opts.dashboardPort, 'dashboard']]);
    return { ifname, ifaceAddrs, flows: protectedFlows(ifname, client, readSessions(ifaceAddrs, ports), this.opts.dashboardPort) };
  }

  /** Attaches where the state says, unless a rule the user never confirmed
   *  now covers an address of the interface (its addresses changed, or the
   *  state file was edited): then it says so and stays detached. */
  private async restoreAttach(when: string): Promise<boolean> {
    const want = this.wantAttached!;
    const target = (await listInterfaces()).find((i) => i.name === want.ifname);
    if (!target) {
      this.message = `${want.ifname} is gone: the filter is not running, and its rules are inactive until it is attached`;
      this.watchSaw = 'gone';
      return false;
    }
    const unconfirmed = [...this.rules.values()].filter((r) => !r.confirmed);
    const problems = lockoutProblems(unconfirmed, 'pass', this.guardOf(target, []));
    if (problems.length) {
      this.message = `not re-attached to ${want.ifname} ${when}: ${problems.join('; ')}. Attach it by hand to confirm`;
      this.opts.onSystem('attach', { ifname: want.ifname }, `refused ${when}: ${problems[0]}`);
      this.watchSaw = 'lost';
      return false;
    }
    try {
      await this.attachTo(want.ifname, want.mode, target.xdp !== null && target.xdp.progName === XDP_PROG_NAME);
    } catch (err) {
      this.message = `not re-attached to ${want.ifname} ${when}: ${(err as Error).message}`;
      this.watchSaw = 'lost';
      return false;
    }
    this.message = null;
    this.watchSaw = 'running';
    return true;
  }

  /** Every second: rules past their lifetime go, and the filter is where
   *  the user wants it, or the user is told (and the audit log says). */
  private async watch(): Promise<void> {
    const expired = await this.expiring();
    if (expired.length) {
      try {
        await deleteRules(this.mapPin, expired);
        // Shown, and in the state file, until out of the maps: a status
        // never says a rule is gone while it still drops packets.
        this.forget(expired);
      } catch (err) {
        // Still in the maps, so still shown: tried again at the next tick.
        this.opts.onSystem('expire', { rules: expired.length }, `failed, tried again in a second: ${(err as Error).message}`);
      }
    }
    const want = this.wantAttached;
    if (!want || this.progId === 0) return;
    const ifaces = await listInterfaces();
    const target = ifaces.find((i) => i.name === want.ifname);
    if (target?.xdp?.progId === this.progId) return;
    if (!target) {
      if (this.watchSaw !== 'gone') {
        this.watchSaw = 'gone';
        this.message = `${want.ifname} is gone: the filter is not running, and its rules are inactive until it is attached`;
        this.opts.onSystem('detached', { ifname: want.ifname }, 'the interface is gone');
      }
      return;
    }
    if (this.watchSaw === 'gone' && !target.xdp) {
      // The interface is back (a lab re-made, a NIC re-plugged).
      const ok = await this.restoreAttach('when it came back');
      if (ok) this.opts.onSystem('attach', { ifname: want.ifname }, 'ok: the interface came back');
      return;
    }
    if (this.watchSaw === 'running') {
      this.watchSaw = 'lost';
      const now = target.xdp ? `program '${target.xdp.progName}' (id ${target.xdp.progId}) runs there now` : 'no XDP program runs there now';
      this.message = `the filter was detached from ${want.ifname} by something else (${now}): its rules are inactive; attach it again to enforce them`;
      this.opts.onSystem('detached', { ifname: want.ifname }, `detached from outside: ${now}`);
    }
  }

  /** The rules past their lifetime that may go: one whose going would cut
   *  the owner off (the allow rule an SSH session comes in by, under a
   *  default drop) stays, said and audited once, until that changes or the
   *  user removes it. */
  private async expiring(): Promise<Rule[]> {
    const expired = this.expiredRules();
    if (!expired.length) return [];
    const guard = this.guardOf(await this.attachedInterface(), []);
    const now = [...this.rules.values()];
    const before = lockoutProblems(now, this.dflt, guard);
    return expired.filter((r) => {
      const problems = newProblems(before, lockoutProblems(now.filter((x) => x !== r), this.dflt, guard));
      const key = matchKey(r);
      if (!problems.length) {
        this.keptPastExpiry.delete(key);
        return true;
      }
      if (!this.keptPastExpiry.has(key)) {
        this.keptPastExpiry.add(key);
        this.message = `${describeMatch(r)} is past its lifetime but kept, since without it: ${problems[0]}. Remove it by hand to confirm`;
        this.opts.onSystem('expire', { rule: describeMatch(r), expiresAt: r.expiresAt }, `kept: ${problems[0]}`);
      }
      return false;
    });
  }

  /** The rules whose lifetime is over. */
  private expiredRules(): Rule[] {
    const now = Date.now();
    return [...this.rules.values()].filter((r) => r.expiresAt !== null && Date.parse(r.expiresAt) <= now);
  }

  /** Takes expired rules out of the set and the state file, and says so in
   *  the audit log, once the caller has taken them out of the maps. */
  private forget(expired: readonly Rule[]): void {
    if (!expired.length) return;
    for (const r of expired) this.rules.delete(matchKey(r));
    this.save();
    for (const r of expired) this.opts.onSystem('expire', { rule: describeMatch(r), expiresAt: r.expiresAt }, 'ok');
  }

  private loadRules(state: XdpState): void {
    this.rules.clear();
    const used = new Set<number>();
    for (const s of state.rules) {
      const parsed = parseMatch({
        cidr: s.cidr ?? undefined, direction: s.direction, proto: s.proto ?? undefined, port: s.port ?? undefined,
      });
      if (!parsed.ok) continue;
      // A hand-edited file may repeat an id: the second gets a free one.
      const id = s.id < XDP_MAX_RULES && !used.has(s.id) ? s.id : -1;
      const rule: Rule = { ...parsed.match, ...s, cidr: parsed.match.cidr, id };
      used.add(id);
      this.rules.set(matchKey(rule), rule);
    }
    for (const r of this.rules.values()) if (r.id < 0) r.id = this.freeIds(1)[0]!;
  }

  private save(): void {
    writeState(this.opts.stateFile, {
      version: 2,
      attached: this.wantAttached,
      default: this.dflt,
      rules: [...this.rules.values()].map((r) => ({
        cidr: r.cidr?.text ?? null, direction: r.direction, proto: r.proto, port: r.port, action: r.action,
        id: r.id, createdAt: r.createdAt, expiresAt: r.expiresAt, comment: r.comment, confirmed: r.confirmed,
      })),
    });
  }

  private freeIds(n: number): number[] {
    const used = new Set([...this.rules.values()].map((r) => r.id));
    const ids: number[] = [];
    for (let id = 0; id < XDP_MAX_RULES && ids.length < n; id++) if (!used.has(id)) ids.push(id);
    if (ids.length < n) {
      throw new XdpError(409, `the filter holds at most ${XDP_MAX_RULES} rules: ${this.rules.size} are in use, and this needs ${n} more`);
    }
    return ids;
  }

  private async adoptPinned(): Promise<boolean> {
    if (!fs.existsSync(this.opts.pinDir)) return false;
    // Pins in a folder someone else made are theirs to swap: never adopted.
    ensurePrivateDir(this.opts.pinDir);
    if (await this.pinsMatch()) {
      try {
        const prog = await progShow(this.progPin);
        if (prog.name === XDP_PROG_NAME) {
          this.progId = prog.id;
          return true;
        }
      } catch {
        // unreadable pin: clean it below
      }
    }
    // Half a set of pins, or another version's: detach what it runs, then remove it.
    try {
      const prog = await progShow(this.progPin);
      for (const i of await listInterfaces()) if (i.xdp?.progId === prog.id) await this.detachFrom(i);
    } catch {
      // no program pinned
    }
    fs.rmSync(this.opts.pinDir, { recursive: true, force: true });
    return false;
  }

  /** Every map pinned, with this version's key and value sizes. */
  private async pinsMatch(): Promise<boolean> {
    if (!fs.existsSync(this.progPin)) return false;
    for (const [name, [key, value]] of Object.entries(MAP_SIZES)) {
      if (!fs.existsSync(this.mapPin(name))) return false;
      try {
        const m = await mapShow(this.mapPin(name));
        if (m.bytes_key !== key || m.bytes_value !== value) return false;
      } catch {
        return false;
      }
    }
    return true;
  }

  private async loadFresh(): Promise<void> {
    ensurePrivateDir(this.opts.pinDir);
    await bpftool([
      'prog', 'load', this.opts.object, this.progPin, 'type', 'xdp', 'pinmaps', path.join(this.opts.pinDir, 'maps'),
    ]);
    this.progId = (await progShow(this.progPin)).id;
  }

  /** Programs of ours that no pin holds (a crash between attach and pin
   *  cleanup): they would filter with rules nobody can see. */
  private async detachOrphans(): Promise<void> {
    for (const i of await listInterfaces()) {
      if (i.xdp && i.xdp.progName === XDP_PROG_NAME && i.xdp.progId !== this.progId) await this.detachFrom(i);
    }
  }

  private async attachTo(ifname: string, mode: AttachRequestMode, overwrite: boolean): Promise<void> {
    const extra = overwrite ? ['overwrite'] : [];
    const attach = (type: string) =>
      bpftool(['net', 'attach', type, 'pinned', this.progPin, 'dev', ifname, ...extra]);
    try {
      if (mode === 'generic') await attach('xdpgeneric');
      else if (mode === 'native') await attach('xdpdrv');
      else {
        try {
          await attach('xdpdrv');
        } catch {
          await attach('xdpgeneric');
        }
      }
    } catch (err) {
      if (err instanceof CommandError) {
        throw new XdpError(
          409,
          mode === 'native'
            ? `cannot attach in native mode to ${ifname} (its driver may lack XDP support; try "generic"): ${err.message}`
            : `cannot attach to ${ifname}: ${err.message}`,
        );
      }
      throw err;
    }
  }

  private async detachFrom(iface: InterfaceInfo): Promise<void> {
    const type = iface.xdp?.mode === 'generic' ? 'xdpgeneric' : iface.xdp?.mode === 'offload' ? 'xdpoffload' : 'xdpdrv';
    await bpftool(['net', 'detach', type, 'dev', iface.name]);
  }
}
