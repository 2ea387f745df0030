/**
 * The lockout guard: what a set of rules and a default would cut off that
 * the user most likely needs — the address this browser connects from,
 * and the filtered interface's own addresses. It runs whenever rules take
 * effect: adding one, importing a list, changing the default, attaching,
 * restoring at start. Pure: a sentence per problem, none when safe.
 */
import { cidrContains, parseAddress } from '../../protocol/cidr';
import type { DefaultAction } from '../../protocol/xdp';
import { describeMatch, type Rule } from './rule';

export interface Protected {
  /** The address the request came from ([] at restore: nobody asked). */
  client: string[];
  /** The TCP port the dashboard listens on. */
  dashboardPort: number;
  ifname: string;
  /** The interface's addresses, without prefix lengths. */
  ifaceAddrs: string[];
}

type Checked = Pick<Rule, 'cidr' | 'direction' | 'proto' | 'port' | 'action'>;

const isLoopback = (a: string) => a === '::1' || a.startsWith('127.');

/** Does the rule catch packets from addr (to the dashboard, when port is given)? */
function catches(rule: Checked, addr: string, dashboardPort: number | null): boolean {
  if (rule.direction !== 'src') return false;
  const parsed = parseAddress(addr);
  if (!parsed || (rule.cidr && !cidrContains(rule.cidr, parsed))) return false;
  if (rule.port === null) return rule.cidr !== null;
  return dashboardPort !== null && rule.port === dashboardPort && rule.proto !== 'udp';
}

/** What the rules and default would cut off, as sentences. */
export function lockoutProblems(rules: readonly Checked[], dflt: DefaultAction, p: Protected): string[] {
  // Loopback never arrives on another interface: a rule there cannot cut it off.
  const client = p.client.filter((a) => !isLoopback(a) || p.ifname === 'lo');
  const problems: string[] = [];
  for (const rule of rules) {
    if (rule.action !== 'deny') continue;
    for (const a of client) {
      if (catches(rule, a, p.dashboardPort)) {
        problems.push(`${describeMatch(rule)} covers ${a}, the address this browser connects from: the dashboard would stop answering it`);
      }
    }
    for (const a of p.ifaceAddrs) {
      if (catches(rule, a, null)) {
        problems.push(`${describeMatch(rule)} covers ${a}, an address of ${p.ifname}: packets from it would be dropped`);
      }
    }
  }
  if (dflt === 'drop') {
    for (const a of client) {
      const allowed = rules.some((r) => r.action === 'allow' && catches(r, a, p.dashboardPort));
      if (!allowed) {
        problems.push(`no allow rule covers ${a}, the address this browser connects from: with the default set to drop, the dashboard would stop answering it`);
      }
    }
  }
  return problems;
}

/** One sentence for a 409 (the page asks its own question after it):
 *  the first problems, and how many more. */
export function describeProblems(problems: readonly string[], what: string): string {
  const shown = problems.slice(0, 3).join('; ');
  const more = problems.length > 3 ? `; and ${problems.length - 3} more` : '';
  return `${what}: ${shown}${more}`;
}
