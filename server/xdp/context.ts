/** What the XDP filter's parts share; controller.ts puts them together. */
import type { XdpProgram } from './program';

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

export interface XdpContext {
  readonly opts: XdpOptions;
  readonly program: XdpProgram;
  /** What the user should know about the filter's state, if anything. */
  message: string | null;
  /** Writes the wanted state (interface, default, rules) to the state file. */
  save(): void;
}
