/**
 * The lockout guard: what a set of rules and a default would cut off that
 * the owner most likely needs: the browser's connection, the owner's
 * sessions arriving on the filtered interface (SSH, the dashboard: how an
 * `ssh -L` browser's packets really arrive), SSH and DHCP at all, and the
 * interface's own addresses. It runs whenever rules take effect or stop
 * (adding, importing, removing, expiring, changing the default, attaching,
 * restoring at start). Pure: a sentence per problem, none when safe.
 */
import { createHash } from 'node:crypto';
import { cidrContains, parseAddress } from '../../protocol/cidr';
import type { DefaultAction } from '../../protocol/xdp';
import { describeMatch, type Rule } from './rule';

/** Packets the owner needs to arrive: from `from` (null: any address) to
 *  local TCP or UDP `port`. `what` says whose they are, in a sentence. */
export interface Flow {
  from: string | null;
  port: number;
  proto: 'tcp' | 'udp';
  what: string;
}

export interface Protected {
  ifname: string;
  /** The interface's addresses, without prefix lengths. */
  ifaceAddrs: string[];
  flows: Flow[];
}

/** SSH's port, kept open whatever else is dropped. */
export const SSH_PORT = 22;
/** Where a DHCP client gets its lease: without it the address goes. */
const DHCP_CLIENT_PORT = 68;

const isLoopback = (a: string) => a === '::1' || a.startsWith('127.');

/** What must keep working, from the request's client addresses, the
 *  owner's sessions (sessions.ts) and the dashboard's port. Loopback never
 *  arrives on another interface: a rule there cannot cut it off. */
export function protectedFlows(ifname: string, client: readonly string[], sessions: readonly Flow[], dashboardPort: number): Flow[] {
  const browser = client
    .filter((a) => !isLoopback(a) || ifname === 'lo')
    .map((a): Flow => ({ from: a, port: dashboardPort, proto: 'tcp', what: `${a}, the address this browser connects from` }));
  return [
    ...browser,
    ...sessions,
    { from: null, port: SSH_PORT, proto: 'tcp', what: `SSH (tcp ${SSH_PORT}) from anywhere` },
    { from: null, port: DHCP_CLIENT_PORT, proto: 'udp', what: `DHCP (udp ${DHCP_CLIENT_PORT}): the interface would lose a leased address` },
  ];
}

type Checked = Pick<Rule, 'cidr' | 'direction' | 'proto' | 'port' | 'action'>;
type Address = NonNullable<ReturnType<typeof parseAddress>>;
/** A flow with its source parsed: once per check, not once per rule (an
 *  imported list is thousands of rules). */
type ParsedFlow = Flow & { addr: Address | null };

/** Does the rule catch the flow's packets? An address rule catches its
 *  sources; a port rule its port (from its sources, or from any). */
function catches(rule: Checked, flow: ParsedFlow): boolean {
  if (rule.direction !== 'src') return false;
  const from = flow.addr;
  const fromCovered = rule.cidr === null || (from !== null && cidrContains(rule.cidr, from));
  if (rule.port === null) return rule.cidr !== null && from !== null && fromCovered;
  return rule.port === flow.port && (rule.proto === null || rule.proto === flow.proto) && fromCovered;
}

/** A destination rule covering one of the interface's addresses: every
 *  packet arriving for it is dropped. Packets from its own addresses too. */
function coversInterface(rule: Checked, addr: Address): boolean {
  return rule.port === null && rule.cidr !== null && cidrContains(rule.cidr, addr);
}

/** What the rules and default would cut off, as sentences. */
export function lockoutProblems(rules: readonly Checked[], dflt: DefaultAction, p: Protected): string[] {
  const flows: ParsedFlow[] = p.flows.map((f) => ({ ...f, addr: f.from === null ? null : (parseAddress(f.from) ?? null) }));
  const ifaceAddrs = p.ifaceAddrs.flatMap((text) => {
    const addr = parseAddress(text);
    return addr ? [{ text, addr }] : [];
  });
  const problems: string[] = [];
  for (const rule of rules) {
    if (rule.action !== 'deny') continue;
    for (const flow of flows) {
      if (catches(rule, flow)) problems.push(`${describeMatch(rule)} would cut ${flow.what}`);
    }
    for (const { text: a, addr } of ifaceAddrs) {
      if (!coversInterface(rule, addr)) continue;
      problems.push(
        rule.direction === 'dst'
          ? `${describeMatch(rule)} covers ${a}, an address of ${p.ifname}: every packet arriving for it would be dropped`
          : `${describeMatch(rule)} covers ${a}, an address of ${p.ifname}: packets from it would be dropped`,
      );
    }
  }
  if (dflt === 'drop') {
    // Only the flows of someone in particular: "SSH from anywhere" needs no allow rule of its own.
    for (const flow of flows) {
      if (flow.from === null || rules.some((r) => r.action === 'allow' && catches(r, flow))) continue;
      problems.push(`no allow rule covers ${flow.what}: with the default set to drop, it would be cut`);
    }
  }
  return problems;
}

/** The problems of `after` that `before` did not have: what a change adds. */
export function newProblems(before: readonly string[], after: readonly string[]): string[] {
  const had = new Set(before);
  return after.filter((x) => !had.has(x));
}

/** One sentence for a 409 (the page asks its own question after it):
 *  the first problems, and how many more. */
export function describeProblems(problems: readonly string[], what: string): string {
  const shown = problems.slice(0, 3).join('; ');
  const more = problems.length > 3 ? `; and ${problems.length - 3} more` : '';
  return `${what}: ${shown}${more}`;
}

/** The token that confirms exactly these problems: a request sending it
 *  back as "force" overrides them, and nothing it was not shown. */
export function confirmToken(what: string, problems: readonly string[]): string {
  return createHash('sha256').update([what, ...problems].join('\n')).digest('hex').slice(0, 16);
}
