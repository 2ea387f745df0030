/** One exported event: the record both downloads carry, so the CSV and the
 *  JSON are one format pair (the same fields, in the same order, with the
 *  same values: wall time, flags and errno by name). Pure. */
import { errnoName } from '../../protocol/errno';
import type { TraceEvent } from '../../protocol/event';
import { decodeOpenFlags } from '../../protocol/openflags';

/** The fields, in order: the CSV's header and the JSON records' keys. */
export const EXPORT_FIELDS = [
  'time', 'ts', 'cpu', 'pid', 'start', 'tid', 'comm', 'uid', 'euid', 'syscall', 'flags', 'ret', 'errno', 'path', 'truncated',
  'full_path', 'full_truncated', 'duration_ns', 'user', 'exe', 'unit', 'container', 'cgroup',
] as const;

export type ExportField = (typeof EXPORT_FIELDS)[number];

/** null: not known (the article's lines carry only name, PID, TID, CPU and
 *  time; a duration of 0 was not measured; errno of a successful open; a
 *  start of 0). */
export type ExportRecord = Record<ExportField, string | number | boolean | null>;

export function exportRecord(e: TraceEvent, bootWallMs: number): ExportRecord {
  const known = e.origin !== 'article';
  const k = <T>(v: T): T | null => (known ? v : null);
  return {
    time: new Date(bootWallMs + e.ts * 1000).toISOString(),
    ts: e.ts,
    cpu: e.cpu,
    pid: e.pid,
    // The process's start as seconds since boot, like ts (null: not known).
    start: e.start || null,
    tid: e.tid,
    comm: e.comm,
    uid: k(e.uid),
    euid: k(e.euid),
    syscall: k(e.syscall),
    flags: k(decodeOpenFlags(e.flags)),
    ret: k(e.ret),
    errno: known && e.errno ? errnoName(e.errno) : null,
    path: k(e.path),
    truncated: k(e.truncated),
    full_path: k(e.fullPath),
    full_truncated: k(e.fullTruncated),
    duration_ns: known && e.durationNs ? e.durationNs : null,
    user: k(e.user),
    exe: k(e.exe),
    unit: k(e.unit),
    container: k(e.container),
    cgroup: k(e.cgroup),
  };
}

/** Events, oldest first, as a log reads: the order of both downloads. */
export function exportRecords(newestFirst: readonly TraceEvent[], bootWallMs: number): ExportRecord[] {
  const out: ExportRecord[] = [];
  for (let i = newestFirst.length - 1; i >= 0; i--) out.push(exportRecord(newestFirst[i]!, bootWallMs));
  return out;
}
