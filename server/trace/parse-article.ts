/**
 * The article's BCC lines: `bpf_trace_printk: process=vim pid=3382`. They
 * carry the process name, its pid and, in the header, the thread id, CPU
 * and time; not the path, the flags or the result. Used when replaying a
 * file of the article's trace_pipe output. Pure; never throws.
 */
import { UNATTRIBUTED } from '../../protocol/event';
import { isTraceTime, type ParsedLine } from './parse-line';

const ARTICLE = /^.*-(\d+)\s+(?:\(\s*[-\d]+\)\s+)?\[(\d+)\]\s+(?:\S+\s+)?(\d+(?:\.\d+)?): bpf_trace_printk: process=(.*) pid=(\d{1,10})$/s;

export function parseArticleLine(line: string): ParsedLine | undefined {
  const m = ARTICLE.exec(line);
  if (!m) return undefined;
  const [, tid, cpu, ts, comm, pid] = m as unknown as [string, string, string, string, string, string];
  if (!isTraceTime(Number(ts))) return { kind: 'unparsed', reason: 'bad timestamp' };
  return {
    kind: 'event',
    event: {
      ts: Number(ts), cpu: Number(cpu), pid: Number(pid), tid: Number(tid),
      comm: Buffer.from(comm, 'latin1').toString('utf8'),
      uid: 0, euid: 0, flags: 0, ret: 0, errno: 0, path: '', truncated: false, syscall: 'openat', durationNs: 0,
      cgroupId: 0, ...UNATTRIBUTED, origin: 'article',
    },
    full: false,
  };
}
