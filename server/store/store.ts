/**
 * What the pipeline, the API and the hub use of the event store. Two
 * implement it: EventStore (DuckDB in this thread: tests, benches) and
 * StoreClient (the same EventStore in a thread of its own, so appends,
 * commits and upkeep never stall the backend's event loop).
 */
import type { ProcessDetail, ProcessGroup, StoredEvent, TraceEvent } from '../../protocol/event';
import type { EventFilter } from '../../protocol/messages';
import type { EventsPage, FileDetail, FileGroup, FilesAnswer, Latency, ProcessesAnswer, RateAnswer, StoreStats } from '../../protocol/views';
import type { ExecRecord } from '../trace/parse-line';
import type { EventsQuery } from './queries';
import type { Window } from './sql-filter';

/** Events a source may hand over ahead of the store before it waits
 *  (about a second of a busy host): past it, a burst waits in the spool
 *  (bounded, in bytes) rather than here as objects. */
export const STORE_BACKLOG_ROWS = 50_000;

export interface CgroupFacts {
  cgroup: string;
  unit: string;
  container: string;
}

export interface Store {
  /** Numbers the event and queues it for writing. */
  add(e: TraceEvent): StoredEvent;
  /** Keeps who a process was (exec record), for after it exits. */
  addExec(r: ExecRecord): void;
  /** Gives the events of a cgroup stored without its facts their path,
   *  unit and container. */
  fillCgroup(id: number, facts: CgroupFacts): Promise<void>;
  /** Events handed over and not written yet. */
  readonly backlog: number;
  /** More than STORE_BACKLOG_ROWS wait to be written: a source that can
   *  wait (the spool, a replay) takes no more meanwhile. */
  readonly behind: boolean;
  /** Resolves once at most `rows` events wait to be written (by default,
   *  once the store is no longer behind). */
  caughtUp(rows?: number): Promise<void>;

  // Every read includes every event added before it.
  events(f: EventFilter, q: EventsQuery): Promise<EventsPage>;
  rate(f: EventFilter, from: number, to: number, step: number): Promise<RateAnswer>;
  processes(f: EventFilter, group: ProcessGroup, limit: number, w: Window, now: number): Promise<ProcessesAnswer>;
  process(pid: number, start: number | undefined, since: number, to: number): Promise<ProcessDetail | undefined>;
  files(f: EventFilter, group: FileGroup, limit: number, w: Window): Promise<FilesAnswer>;
  file(path: string, f: EventFilter, w: Window): Promise<FileDetail>;
  latency(f: EventFilter, w: Window): Promise<Latency>;
  /** A download (export/stream.ts) of the newest `n` events up to seq `upTo`:
   *  the seq before its first, then its pages oldest first. */
  downloadStart(f: EventFilter, w: Window, upTo: number, n: number): Promise<number>;
  downloadPage(f: EventFilter, w: Window, after: number, upTo: number, limit: number): Promise<StoredEvent[]>;

  readonly status: StoreStats;
  /** Applies the age and size bounds. `now`: the trace clock. */
  upkeep(now: number): Promise<void>;
  close(): Promise<void>;
}

/** An event with its number, field by field: one object shape for every
 *  event (a spread is slower). */
export function numbered(e: TraceEvent, seq: number): StoredEvent {
  const stored: StoredEvent = {
    seq, ts: e.ts, cpu: e.cpu, pid: e.pid, start: e.start, tid: e.tid, comm: e.comm, uid: e.uid, euid: e.euid,
    flags: e.flags, ret: e.ret, errno: e.errno, path: e.path, truncated: e.truncated, syscall: e.syscall,
    fullPath: e.fullPath, fullTruncated: e.fullTruncated, durationNs: e.durationNs, cgroupId: e.cgroupId,
    cgroup: e.cgroup, unit: e.unit, container: e.container, exe: e.exe, user: e.user, own: e.own,
  };
  if (e.origin) stored.origin = e.origin;
  return stored;
}
