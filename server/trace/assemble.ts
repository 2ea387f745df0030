/**
 * What the pipeline learns of an event after parsing it: its absolute
 * path (joining the full record that came just before it from the same
 * thread), who the process is (process-table.ts), its cgroup's path, unit
 * and container, the user's name, and whether it is the backend's own.
 */
import type { TraceEvent } from '../../protocol/event';
import { fullPathOf } from './full-path';
import type { ExecRecord, FullRecord } from './parse-line';
import type { ProcessTable } from './process-table';

export interface CgroupFacts {
  cgroup: string;
  unit: string;
  container: string;
}

/** Lookups that must be cheap: they run for every event. */
export interface Attribution {
  cgroup(id: number): CgroupFacts;
  /** Calls fn when a cgroup id that cgroup() did not know is found later. */
  onResolved(fn: (id: number, facts: CgroupFacts) => void): void;
  userName(uid: number): string;
}

/** For replays and tests: nothing known. */
export const NO_ATTRIBUTION: Attribution = {
  cgroup: () => ({ cgroup: '', unit: '', container: '' }),
  onResolved: () => undefined,
  userName: () => '',
};

/** Threads with a full record waiting: few at once (one per thread in an
 *  open right now); more means records whose events were lost. */
const MAX_PENDING = 4096;

export class Assembler {
  private readonly pending = new Map<number, FullRecord>();
  /** Events whose full record never came. */
  fullMissing = 0;

  constructor(
    private readonly procs: ProcessTable,
    readonly who: Attribution,
    /** The backend's pid: its opens, its children's, and theirs (the
     *  command runner's bpftool and ip) are its own. */
    private readonly ownPid: number | null,
  ) {}

  exec(r: ExecRecord): void {
    this.procs.exec(r);
  }

  fork(pid: number, ppid: number, start: number, ts: number): void {
    this.procs.fork(pid, ppid, start, ts);
  }

  full(tid: number, r: FullRecord): void {
    this.pending.set(tid, r);
    if (this.pending.size > MAX_PENDING) this.pending.delete(this.pending.keys().next().value!);
  }

  /** Completes e in place. hasFull: the event said a full record came. */
  event(e: TraceEvent, hasFull: boolean): void {
    const full = this.pending.get(e.tid);
    // A record waiting for an event that says none came is a stale one.
    if (full) this.pending.delete(e.tid);
    if (hasFull && !full) this.fullMissing++;
    const path = fullPathOf(e.path, e.truncated, hasFull ? full : undefined);
    e.fullPath = path.path;
    e.fullTruncated = path.truncated;
    const cg = this.who.cgroup(e.cgroupId);
    e.cgroup = cg.cgroup;
    e.unit = cg.unit;
    e.container = cg.container;
    e.user = this.who.userName(e.uid);
    const id = this.procs.lookup(e.pid);
    e.exe = id?.exe ?? '';
    e.start = id?.start ?? 0;
    e.own = this.isOwn(e.pid, id?.ppid ?? null);
  }

  private isOwn(pid: number, ppid: number | null): boolean {
    const own = this.ownPid;
    if (own === null) return false;
    if (pid === own || ppid === own) return true;
    return ppid !== null && ppid > 1 && this.procs.lookup(ppid)?.ppid === own;
  }
}
