/**
 * The XDP filter, driven the article's way: `bpftool prog load … pinmaps`,
 * `bpftool net attach/detach`, `bpftool map update/delete` for rules, and
 * `bpftool prog show` / `ip link` for status. Rules change by map updates;
 * the program is never reloaded for them. The wanted state (interface and
 * rules) is kept in a state file and restored at start; after a crash the
 * pinned program is adopted, or cleaned away, so there are never two
 * programs of ours on an interface and never an orphan.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { AttachRequestMode, Direction, RuleView, XdpStatus } from '../../protocol/xdp';
import { bpftool, CommandError, percpuSums, progShow } from './bpftool';
import { cidrContains, formatAddress, parseAddress, parseCidr, type Cidr } from '../../protocol/cidr';
import { listInterfaces, type InterfaceInfo } from './links';
import { lpmKey, ruleMap, u32Arg, u64Arg } from './map-keys';
import { ensurePrivateDir } from '../safe-files';
import { readState, writeState, type XdpState } from './state-file';

/** An error meant for the API caller: HTTP status and a sentence. */
export class XdpError extends Error {
  constructor(
    readonly status: 400 | 404 | 409 | 500,
    message: string,
    /** Sending the request again with "force": true would do it. */
    readonly forceable = false,
  ) {
    super(message);
  }
}

export const PROG_NAME = 'odash_xdp';
const MAX_RULES = 1024; // XDPF_MAX_RULES in bpf/xdp_filter.h
const TRIES = ['src_v4', 'dst_v4', 'src_v6', 'dst_v6'] as const;

export interface XdpOptions {
  /** bpf/.output/xdp_filter.bpf.o */
  object: string;
  /** Our folder in bpffs, e.g. /sys/fs/bpf/ebpf-dash */
  pinDir: string;
  stateFile: string;
}

interface Rule {
  cidr: Cidr;
  direction: Direction;
  id: number;
  createdAt: string;
}


const keyOf = (cidr: Cidr, direction: Direction) => `${direction} ${cidr.text}`;

export class XdpController {
  private rules = new Map<string, Rule>();
  private wantAttached: XdpState['attached'] = null;
  private progId = 0;
  /** What the user should know about the filter's state, if anything. */
  private message: string | null = null;
  /** Control operations run one at a time. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly opts: XdpOptions) {}

  private get progPin() {
    return path.join(this.opts.pinDir, 'prog');
  }
  private mapPin(name: string) {
    return path.join(this.opts.pinDir, 'maps', name);
  }

  private serial<T>(op: () => Promise<T>): Promise<T> {
    const next = this.queue.then(op, op);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Adopts what a previous run left pinned, or loads afresh; then makes
   *  the kernel match the state file. */
  init(): Promise<void> {
    return this.serial(async () => {
      const { state, problem } = readState(this.opts.stateFile);
      this.message = problem;
      const adopted = await this.adoptPinned();
      if (!adopted) await this.loadFresh();
      await this.detachOrphans();
      await this.syncRules(state);
      this.wantAttached = state.attached;
      const here = await this.attachedInterface();
      if (here && here.name !== state.attached?.ifname) await this.detachFrom(here);
      if (state.attached && here?.name !== state.attached.ifname) {
        try {
          await this.attachTo(state.attached.ifname, state.attached.mode, false);
        } catch (err) {
          // The interface may be gone (a lab, a hot-plugged NIC): say so, keep going.
          this.message = `not re-attached to ${state.attached.ifname}: ${(err as Error).message}`;
        }
      }
    });
  }

  /** Detaches and unpins everything of ours (unless keep: the filter stays
   *  in force for the next start to adopt). */
  shutdown(keep: boolean): Promise<void> {
    return this.serial(async () => {
      if (keep) return;
      const here = await this.attachedInterface();
      if (here) await this.detachFrom(here);
      fs.rmSync(this.opts.pinDir, { recursive: true, force: true });
      this.progId = 0;
    });
  }

  attach(ifname: string, mode: AttachRequestMode, force: boolean): Promise<void> {
    return this.serial(async () => {
      const ifaces = await listInterfaces();
      const target = ifaces.find((i) => i.name === ifname);
      if (!target) throw new XdpError(404, `no interface named '${ifname}'`);
      if (target.xdp && target.xdp.progId !== this.progId && !force) {
        throw new XdpError(
          409,
          `${ifname} already runs XDP program '${target.xdp.progName}' (id ${target.xdp.progId}), which is not ours; send "force": true to replace it`,
          true,
        );
      }
      const here = ifaces.find((i) => i.xdp?.progId === this.progId);
      if (here && here.name !== ifname) await this.detachFrom(here);
      await this.attachTo(ifname, mode, target.xdp !== null);
      this.wantAttached = { ifname, mode };
      this.message = null;
      this.save();
    });
  }

  detach(): Promise<void> {
    return this.serial(async () => {
      const here = await this.attachedInterface();
      if (!here) throw new XdpError(409, 'the filter is not attached');
      await this.detachFrom(here);
      this.wantAttached = null;
      this.message = null;
      this.save();
    });
  }

  /** guard: addresses a rule must not cover without force (the client's). */
  addRule(text: string, direction: Direction, force: boolean, guard: string[]): Promise<RuleView> {
    return this.serial(async () => {
      const parsed = parseCidr(text);
      if (!parsed.ok) throw new XdpError(400, parsed.error);
      const cidr = parsed.cidr;
      if (this.rules.has(keyOf(cidr, direction))) {
        throw new XdpError(409, `a ${direction} rule for ${cidr.text} exists already`);
      }
      if (!force) {
        const own = (await this.attachedInterface())?.addresses.map((a) => a.split('/')[0]!) ?? [];
        for (const [addr, what] of [
          ...guard.map((a) => [a, 'the address this browser connects from'] as const),
          ...own.map((a) => [a, 'an address of the filtered interface'] as const),
        ]) {
          const parsedAddr = parseAddress(addr);
          if (parsedAddr && cidrContains(cidr, parsedAddr)) {
            throw new XdpError(409, `${cidr.text} covers ${addr}, ${what}; send "force": true if you mean it`, true);
          }
        }
      }
      const id = this.freeId();
      const rule: Rule = { cidr, direction, id, createdAt: new Date().toISOString() };
      await this.putRule(rule);
      this.rules.set(keyOf(cidr, direction), rule);
      this.save();
      return { cidr: cidr.text, direction, drops: 0, createdAt: rule.createdAt };
    });
  }

  removeRule(text: string, direction: Direction): Promise<void> {
    return this.serial(async () => {
      const parsed = parseCidr(text);
      if (!parsed.ok) throw new XdpError(400, parsed.error);
      const rule = this.rules.get(keyOf(parsed.cidr, direction));
      if (!rule) throw new XdpError(404, `no ${direction} rule for ${parsed.cidr.text}`);
      await bpftool(['map', 'delete', 'pinned', this.mapPin(ruleMap(rule.cidr, direction)), 'key', ...lpmKey(rule.cidr)]);
      this.rules.delete(keyOf(parsed.cidr, direction));
      this.save();
    });
  }

  async status(): Promise<Omit<XdpStatus, 'lab'>> {
    const interfaces = await listInterfaces();
    const here = interfaces.find((i) => i.xdp && i.xdp.progId === this.progId);
    const rules = [...this.rules.values()];
    const [drops, totals] = await Promise.all([
      percpuSums(this.mapPin('drops'), rules.map((r) => u32Arg(r.id))),
      percpuSums(this.mapPin('totals'), [u32Arg(0), u32Arg(1)]),
    ]);
    return {
      interfaces,
      attached: here?.xdp ? { ifname: here.name, mode: here.xdp.mode, prog: await progShow(this.progPin) } : null,
      rules: rules.map((r, i) => ({
        cidr: r.cidr.text, direction: r.direction, drops: drops[i] ?? 0, createdAt: r.createdAt,
      })),
      totals: { passed: totals[0] ?? 0, dropped: totals[1] ?? 0 },
      message: this.message,
    };
  }

  /** The interface our program runs on, if any. */
  async attachedInterface(): Promise<InterfaceInfo | undefined> {
    return (await listInterfaces()).find((i) => i.xdp && i.xdp.progId === this.progId);
  }

  private save(): void {
    writeState(this.opts.stateFile, {
      version: 1,
      attached: this.wantAttached,
      rules: [...this.rules.values()].map((r) => ({
        cidr: r.cidr.text, direction: r.direction, createdAt: r.createdAt,
      })),
    });
  }

  private freeId(): number {
    const used = new Set([...this.rules.values()].map((r) => r.id));
    for (let id = 0; id < MAX_RULES; id++) if (!used.has(id)) return id;
    throw new XdpError(409, `the filter holds at most ${MAX_RULES} rules`);
  }

  private async putRule(rule: Rule): Promise<void> {
    // A reused id starts counting from zero.
    await bpftool(['map', 'update', 'pinned', this.mapPin('drops'), 'key', ...u32Arg(rule.id), 'value', ...u64Arg(0)]);
    await bpftool([
      'map', 'update', 'pinned', this.mapPin(ruleMap(rule.cidr, rule.direction)),
      'key', ...lpmKey(rule.cidr), 'value', ...u32Arg(rule.id),
    ]);
  }

  private async adoptPinned(): Promise<boolean> {
    if (!fs.existsSync(this.opts.pinDir)) return false;
    // Pins in a folder someone else made are theirs to swap: never adopted.
    ensurePrivateDir(this.opts.pinDir);
    const complete =
      fs.existsSync(this.progPin) && [...TRIES, 'drops', 'totals'].every((m) => fs.existsSync(this.mapPin(m)));
    if (complete) {
      try {
        const prog = await progShow(this.progPin);
        if (prog.name === PROG_NAME) {
          this.progId = prog.id;
          return true;
        }
      } catch {
        // unreadable pin: clean it below
      }
    }
    // Half a set of pins is useless: detach what it runs, then remove it.
    try {
      const prog = await progShow(this.progPin);
      for (const i of await listInterfaces()) if (i.xdp?.progId === prog.id) await this.detachFrom(i);
    } catch {
      // no program pinned
    }
    fs.rmSync(this.opts.pinDir, { recursive: true, force: true });
    return false;
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
      if (i.xdp && i.xdp.progName === PROG_NAME && i.xdp.progId !== this.progId) await this.detachFrom(i);
    }
  }

  /** Makes the tries hold exactly the state's rules, keeping the ids (and
   *  so the counters) of rules already there. */
  private async syncRules(state: XdpState): Promise<void> {
    const present = new Map<string, number>();
    for (const trie of TRIES) {
      const entries = JSON.parse(await bpftool(['-j', 'map', 'dump', 'pinned', this.mapPin(trie)])) as {
        formatted?: { key: { prefixlen: number; addr: number[] }; value: number };
      }[];
      for (const e of entries) {
        if (!e.formatted) continue;
        const family = trie.endsWith('v4') ? 4 : 6;
        const bytes = Uint8Array.from(e.formatted.key.addr);
        const cidr = parseCidr(`${formatAddress(family, bytes)}/${e.formatted.key.prefixlen}`);
        if (cidr.ok) present.set(keyOf(cidr.cidr, trie.startsWith('src') ? 'src' : 'dst'), e.formatted.value);
      }
    }
    this.rules.clear();
    for (const r of state.rules) {
      const parsed = parseCidr(r.cidr);
      if (!parsed.ok) continue;
      const key = keyOf(parsed.cidr, r.direction);
      const id = present.get(key);
      const rule: Rule = { cidr: parsed.cidr, direction: r.direction, id: id ?? -1, createdAt: r.createdAt };
      this.rules.set(key, rule);
      present.delete(key);
    }
    for (const [key] of present) {
      const [direction, text] = key.split(' ') as [Direction, string];
      const parsed = parseCidr(text);
      if (parsed.ok) {
        await bpftool(['map', 'delete', 'pinned', this.mapPin(ruleMap(parsed.cidr, direction)), 'key', ...lpmKey(parsed.cidr)]);
      }
    }
    for (const rule of this.rules.values()) {
      if (rule.id >= 0) continue;
      rule.id = this.freeId();
      await this.putRule(rule);
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
