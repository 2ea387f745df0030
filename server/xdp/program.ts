/**
 * Our XDP program in bpffs, the article's way: loaded with `bpftool prog
 * load … pinmaps`, attached and detached with `bpftool net`. After a
 * crash the pinned program is adopted, or cleaned away, so there are
 * never two programs of ours on an interface and never an orphan.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { AttachRequestMode, ProgInfo } from '../../protocol/xdp';
import { XDP_MAPS, XDP_PROG_NAME, XDP_SIZES } from '../../protocol/xdp-filter';
import { ensurePrivateDir } from '../safe-files';
import { bpftool, CommandError, mapShow, progShow } from './bpftool';
import { XdpError } from './errors';
import { listInterfaces, type InterfaceInfo } from './links';

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

export class XdpProgram {
  /** 0 while none is loaded. */
  private progId = 0;

  constructor(
    private readonly object: string,
    private readonly pinDir: string,
  ) {}

  private get progPin() {
    return path.join(this.pinDir, 'prog');
  }
  readonly mapPin = (name: string) => path.join(this.pinDir, 'maps', name);

  get loaded(): boolean {
    return this.progId !== 0;
  }

  runsOn(iface: InterfaceInfo): boolean {
    return iface.xdp?.progId === this.progId;
  }

  /** The interface it runs on, if any. */
  async attachedInterface(): Promise<InterfaceInfo | undefined> {
    return (await listInterfaces()).find((i) => this.runsOn(i));
  }

  show(): Promise<ProgInfo> {
    return progShow(this.progPin);
  }

  /** Adopts what a previous run left pinned, or loads afresh. */
  async adoptOrLoad(): Promise<void> {
    if (!(await this.adoptPinned())) await this.loadFresh();
    await this.detachOrphans();
  }

  /** Detaches it and unpins everything of ours. */
  async remove(): Promise<void> {
    const here = await this.attachedInterface();
    if (here) await detachFrom(here);
    fs.rmSync(this.pinDir, { recursive: true, force: true });
    this.progId = 0;
  }

  async attachTo(ifname: string, mode: AttachRequestMode, overwrite: boolean): Promise<void> {
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
          'conflict',
          mode === 'native'
            ? `cannot attach in native mode to ${ifname} (its driver may lack XDP support; try "generic"): ${err.message}`
            : `cannot attach to ${ifname}: ${err.message}`,
        );
      }
      throw err;
    }
  }

  private async adoptPinned(): Promise<boolean> {
    if (!fs.existsSync(this.pinDir)) return false;
    // Pins in a folder someone else made are theirs to swap: never adopted.
    ensurePrivateDir(this.pinDir);
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
      for (const i of await listInterfaces()) if (i.xdp?.progId === prog.id) await detachFrom(i);
    } catch {
      // no program pinned
    }
    fs.rmSync(this.pinDir, { recursive: true, force: true });
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
    ensurePrivateDir(this.pinDir);
    await bpftool([
      'prog', 'load', this.object, this.progPin, 'type', 'xdp', 'pinmaps', path.join(this.pinDir, 'maps'),
    ]);
    this.progId = (await progShow(this.progPin)).id;
  }

  /** Programs of ours that no pin holds (a crash between attach and pin
   *  cleanup): they would filter with rules nobody can see. */
  private async detachOrphans(): Promise<void> {
    for (const i of await listInterfaces()) {
      if (i.xdp && i.xdp.progName === XDP_PROG_NAME && !this.runsOn(i)) await detachFrom(i);
    }
  }
}

export async function detachFrom(iface: InterfaceInfo): Promise<void> {
  const type = iface.xdp?.mode === 'generic' ? 'xdpgeneric' : iface.xdp?.mode === 'offload' ? 'xdpoffload' : 'xdpdrv';
  await bpftool(['net', 'detach', type, 'dev', iface.name]);
}
