/** How the Network page words the filter's state. Pure. */
import type { InterfaceInfo, LabStatus, RuleView, XdpMode, XdpStatus } from '../../protocol/xdp';

/** The program the backend loads (PROG_NAME in server/xdp/controller.ts). */
const OUR_PROG_NAME = 'odash_xdp';

/** bpftool's and ip's names for the attach modes. */
const KERNEL_MODE: Record<XdpMode, string> = {
  native: 'xdpdrv',
  generic: 'xdpgeneric',
  offload: 'xdpoffload',
  multi: 'several modes at once',
};

/** "native (xdpdrv)" */
export function describeMode(mode: XdpMode): string {
  return `${mode} (${KERNEL_MODE[mode]})`;
}

/** What runs on an interface: ours only if it is the very program the
 *  backend reports attached (a same-named one may be a stray instance). */
export function describeIfaceProgram(
  iface: InterfaceInfo,
  attached: XdpStatus['attached'],
): { kind: 'none' | 'ours' | 'other'; text: string } {
  const x = iface.xdp;
  if (!x) return { kind: 'none', text: 'no XDP program' };
  if (x.progName === OUR_PROG_NAME && attached?.prog.id === x.progId) {
    return { kind: 'ours', text: `${OUR_PROG_NAME} (ours, id ${x.progId}), ${describeMode(x.mode)}` };
  }
  return { kind: 'other', text: `other program ${x.progName || '(unnamed)'} (id ${x.progId}), ${describeMode(x.mode)}` };
}

export type ProbeState = 'up' | 'down' | 'unknown';

export function probeState(probe: LabStatus['probes'][number]): ProbeState {
  if (!probe.last) return 'unknown';
  return probe.last.ok ? 'up' : 'down';
}

/** "10.211.0.2/24" -> "10.211.0.2" */
export function withoutPrefix(address: string): string {
  const slash = address.indexOf('/');
  return slash < 0 ? address : address.slice(0, slash);
}

/** The key of a rule's counter in the rate history. */
export function ruleKey(rule: Pick<RuleView, 'cidr' | 'direction'>): string {
  return `rule ${rule.direction} ${rule.cidr}`;
}

export function formatRate(perSec: number | null): string {
  if (perSec === null) return '—';
  return perSec >= 100 ? String(Math.round(perSec)) : perSec.toFixed(1);
}
