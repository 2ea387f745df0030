/** Network interfaces as `ip -j addr show` reports them. */
import { z } from 'zod';
import type { InterfaceInfo, XdpMode } from '../../protocol/xdp';
import { ip } from './bpftool';

export type { InterfaceInfo };


const progSchema = z.object({ id: z.number(), name: z.string().optional() });
const linkSchema = z.object({
  ifindex: z.number(),
  ifname: z.string(),
  operstate: z.string().optional(),
  xdp: z
    .object({
      mode: z.number(),
      prog: progSchema.optional(),
      attached: z.array(z.object({ mode: z.number(), prog: progSchema })).optional(),
    })
    .optional(),
  addr_info: z.array(z.object({ local: z.string().optional(), prefixlen: z.number().optional() })).optional(),
});

// XDP_ATTACHED_* from linux/if_link.h.
const MODES: Record<number, XdpMode> = { 1: 'native', 2: 'generic', 3: 'offload', 4: 'multi' };

/** Pure: ip -j addr show output -> interfaces. */
export function parseLinks(json: string): InterfaceInfo[] {
  const links = z.array(linkSchema).parse(JSON.parse(json));
  return links.map((l) => {
    let xdp: InterfaceInfo['xdp'] = null;
    if (l.xdp) {
      const prog = l.xdp.prog ?? l.xdp.attached?.[0]?.prog;
      const mode = l.xdp.mode === 4 ? l.xdp.attached?.[0]?.mode ?? 4 : l.xdp.mode;
      if (prog) xdp = { mode: MODES[mode] ?? 'multi', progId: prog.id, progName: prog.name ?? '' };
    }
    return {
      name: l.ifname,
      ifindex: l.ifindex,
      state: l.operstate ?? 'UNKNOWN',
      addresses: (l.addr_info ?? []).flatMap((a) => (a.local ? [`${a.local}/${a.prefixlen ?? ''}`] : [])),
      xdp,
    };
  });
}

export async function listInterfaces(): Promise<InterfaceInfo[]> {
  return parseLinks(await ip(['-j', 'addr', 'show']));
}
