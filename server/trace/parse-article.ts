/**
 * The article's BCC lines: `bpf_trace_printk: process=vim pid=3382`. They
 * carry the process name, its pid and, in the header, the thread id, CPU
 * and time; not the path, the flags or the result. Used when replaying a
 * file of the article's trace_pipe output. Pure; never throws.
 */
import { UNATTRIBUTED } from '../../protocol/event';
import type { ParsedLine } from './parse-line';
import { PRINTK, isTraceTime, readHeader } from './trace-header';

const MESSAGE = /^process=(.*) pid=(\d{1,10})$/s;

export function parseArticleLine(line: string): ParsedLine | undefined {
  const at = line.indexOf(PRINTK);
  const head = at < 0 ? null : readHeader(line, at);
  const m = head && MESSAGE.exec(line.slice(at + PRINTK.length));
  if (!head || !m) return undefined;
  const [, comm, pid] = m as unknown as [string, string, string];
  const { ts, cpu, tid } = head;
  if (!isTraceTime(ts)) return { kind: 'unparsed', reason: 'bad timestamp' };
  return {
    kind: 'event',
    event: {
      ts, cpu, pid: Number(pid), tid,
      comm: Buffer.from(comm, 'latin1').toString('utf8'),
      uid: 0, euid: 0, flags: 0, ret: 0, errno: 0, path: '', truncated: false, syscall: 'openat', durationNs: 0,
      cgroupId: 0, ...UNATTRIBUTED, origin: 'article',
    },
    full: false,
  };
}
