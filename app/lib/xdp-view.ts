/** How the Network page words the filter's state. Pure. */
import type { InterfaceInfo, LabStatus, XdpMode, XdpStatus } from '../../protocol/xdp';
import { XDP_PROG_NAME } from '../../protocol/xdp-filter';
import type { RuleMatch } from './rule-match';

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
  if (x.progName === XDP_PROG_NAME && attached?.prog.id === x.progId) {
    return { kind: 'ours', text: `${XDP_PROG_NAME} (ours, id ${x.progId}), ${describeMode(x.mode)}` };
  }
  return { kind: 'other', text: `other program ${x.progName || '(unnamed)'} (id ${x.progId}), ${describeMode(x.mode)}` };
}

/** The interface to offer without a choice: where the filter runs, else
 *  where the user last asked it to, else one that is up and has an
 *  address (ifb0, down, came first here and was never what one filters
 *  on), else one that is at least not loopback. */
export function defaultInterface(
  interfaces: readonly InterfaceInfo[],
  attached: XdpStatus['attached'],
  wanted: XdpStatus['wanted'],
): string {
  const exists = (name: string | undefined) => (name !== undefined && interfaces.some((i) => i.name === name) ? name : undefined);
  const notLo = interfaces.filter((i) => i.name !== 'lo');
  return (
    exists(attached?.ifname) ??
    exists(wanted?.ifname) ??
    notLo.find((i) => i.state === 'UP' && i.addresses.length > 0)?.name ??
    notLo.find((i) => i.state !== 'DOWN')?.name ??
    notLo[0]?.name ??
    interfaces[0]?.name ??
    ''
  );
}

/** "eth0", or "ifb0 (DOWN)" for one not up. */
export function interfaceLabel(i: InterfaceInfo): string {
  return i.state === 'UP' || i.state === 'UNKNOWN' ? i.name : `${i.name} (${i.state})`;
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

/** The key of a rule's counter in the rate history: its whole match, as
 *  two rules may share an address and differ in port. */
export function ruleKey(rule: RuleMatch): string {
  return `rule ${rule.direction} ${rule.cidr ?? 'any'} ${rule.proto ?? '-'} ${rule.port ?? '-'}`;
}

export function formatRate(perSec: number | null): string {
  if (perSec === null) return '—';
  return perSec >= 100 ? String(Math.round(perSec)) : perSec.toFixed(1);
}

const rulesCount = (n: number) => (n === 1 ? '1 rule is' : `${n} rules are`);

/** Why the rules in the table enforce nothing, or null while the filter
 *  runs (or there are no rules). */
export function inactiveRulesNotice(s: Pick<XdpStatus, 'attached' | 'wanted' | 'interfaces' | 'rules'>): string | null {
  if (s.attached || s.rules.length === 0) return null;
  const n = s.rules.length;
  if (s.wanted && !s.interfaces.some((i) => i.name === s.wanted?.ifname)) {
    return `The filter is not running: ${s.wanted.ifname} is gone. ${rulesCount(n)} inactive; they apply again when the filter is attached.`;
  }
  return `Not attached: ${rulesCount(n)} inactive. Attach the filter to enforce them.`;
}

/** The server's reason as a sentence, which the page follows with its own question. */
export function asSentence(text: string): string {
  const s = text.trim();
  return /[.!?]$/.test(s) ? s : `${s}.`;
}

/** "ebpf-dash-rules-2024-01-02T03:04:05.000Z.netset" */
export function netsetFileName(now: Date): string {
  return `ebpf-dash-rules-${now.toISOString().replace(/[:.]/g, '-')}.netset`;
}
