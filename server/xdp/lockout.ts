/**
 * The lockout guard (guard.ts) applied to a request: what must keep
 * working on the interface the rules take effect on, and the refusal
 * that names what a change would cut, with the token that confirms it.
 */
import { XdpError } from './errors';
import { confirmToken, describeProblems, protectedFlows, SSH_PORT, type Protected } from './guard';
import type { InterfaceInfo } from './links';
import { readSessions } from './sessions';

/** A confirmation token from a refused request (protocol/xdp.ts, forceSchema). */
export type Force = string | undefined;

/** What must keep working on the interface: the request's client, the
 *  owner's SSH and dashboard sessions arriving there, SSH and DHCP. */
export function protectedOn(iface: InterfaceInfo | undefined, client: string[], dashboardPort: number): Protected {
  const ifname = iface?.name ?? '';
  const ifaceAddrs = iface?.addresses.map((a) => a.split('/')[0]!) ?? [];
  const ports = new Map([[SSH_PORT, 'SSH'], [dashboardPort, 'dashboard']]);
  return { ifname, ifaceAddrs, flows: protectedFlows(ifname, client, readSessions(ifaceAddrs, ports), dashboardPort) };
}

/** Goes on if there are no problems, or `force` confirms exactly these. */
export function refuseUnconfirmed(what: string, problems: readonly string[], force: Force): void {
  if (!problems.length) return;
  const token = confirmToken(what, problems);
  if (force !== token) throw new XdpError('conflict', describeProblems(problems, what), token);
}
