/**
 * Who each process is, from the tracer's exec and fork records: its
 * start (with the PID, what tells it from an earlier process of the same
 * PID), executable, parent and cgroup, kept after it exits (the events of
 * a process that lived for a millisecond still name their program).
 * Processes that started before the tracer are looked up in /proc once,
 * when first seen. Bounded: the least recently added go first.
 */
import fs from 'node:fs';
import { USER_HZ } from './line-format';
import type { ExecRecord } from './parse-line';

/** What an event needs of its process (the store keeps the exec records
 *  themselves, arguments and all, for the process page). */
export interface ProcessIdentity {
  pid: number;
  /** When it started, seconds since boot to 1/USER_HZ s; 0: not known. */
  start: number;
  /** null: not known (gone from /proc before it was looked up). */
  ppid: number | null;
  exe: string;
  /** The trace time of the exec it is from, if it is. */
  execTs?: number;
}

/** What /proc says of a live process; null once it is gone. */
export type ProcReader = (pid: number) => ProcessIdentity | null;

const MAX_PROCESSES = 65_536;

export class ProcessTable {
  private readonly byPid = new Map<number, ProcessIdentity>();

  /** readProc: null when events are not of this machine now (a replay). */
  constructor(private readonly readProc: ProcReader | null, private readonly max = MAX_PROCESSES) {}

  exec(r: ExecRecord): void {
    this.put({ pid: r.pid, start: r.start, ppid: r.ppid, exe: r.exe, execTs: r.ts });
  }

  /** A new process starts as a copy of its parent. A fork record read
   *  after the child's exec (trace_pipe orders lines by each CPU's own
   *  clock) must not undo what the exec said: it is of the same process
   *  (its start says so; a recording's old records have none, and their
   *  times must do). */
  fork(pid: number, ppid: number, start: number, ts: number): void {
    const known = this.byPid.get(pid);
    const same = start !== 0 && known !== undefined ? known.start === start : known?.execTs !== undefined && known.execTs >= ts;
    if (same) return;
    this.put({ pid, start, ppid, exe: this.lookup(ppid)?.exe ?? '' });
  }

  /** The process's identity, reading /proc for one not seen before. */
  lookup(pid: number): ProcessIdentity | undefined {
    const known = this.byPid.get(pid);
    if (known || !this.readProc) return known;
    // A miss is kept too: a process gone is not looked for again.
    const found = this.readProc(pid) ?? { pid, start: 0, ppid: null, exe: '' };
    this.put(found);
    return found;
  }

  private put(id: ProcessIdentity): void {
    this.byPid.delete(id.pid); // re-added last: the newest
    this.byPid.set(id.pid, id);
    if (this.byPid.size > this.max) this.byPid.delete(this.byPid.keys().next().value!);
  }
}

/** /proc/PID/stat's parent and start; null once the process is gone. */
function readStat(pid: number): { ppid: number | null; start: number } | null {
  try {
    // The name (field 2) may hold spaces and ')': fields are counted from
    // after its last ')', where field 3 is.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'latin1');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ppid = Number(fields[4 - 3]);
    const ticks = Number(fields[22 - 3]);
    return { ppid: Number.isFinite(ppid) ? ppid : null, start: Number.isFinite(ticks) ? ticks / USER_HZ : 0 };
  } catch {
    return null;
  }
}

/** When the PID's live process started (as events carry it); null when
 *  there is none. */
export function readProcStart(pid: number): number | null {
  return readStat(pid)?.start ?? null;
}

/** /proc/PID: start, parent and exe link. */
export function readProcIdentity(pid: number): ProcessIdentity | null {
  const stat = readStat(pid);
  if (!stat) return null;
  let exe = '';
  try {
    exe = fs.readlinkSync(`/proc/${pid}/exe`);
  } catch {
    // a kernel thread, or a process we may not look into
  }
  return { pid, ...stat, exe };
}
