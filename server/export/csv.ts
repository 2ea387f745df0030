/** Events as CSV (RFC 4180), for spreadsheets and scripts. Pure. */
import { errnoName } from '../../protocol/errno';
import type { TraceEvent } from '../../protocol/event';
import { decodeOpenFlags } from '../../protocol/openflags';

export const CSV_HEADER = ['time', 'ts', 'cpu', 'pid', 'tid', 'comm', 'uid', 'euid', 'syscall', 'flags', 'ret', 'errno', 'path', 'truncated'];

/** Quotes a field when it holds a comma, quote, CR or LF. A field that a
 *  spreadsheet would run as a formula (= + - @ first) gets a leading ',
 *  since names and paths are chosen by any local user. */
export function csvField(value: string): string {
  const v = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export function csvRow(e: TraceEvent, bootWallMs: number): string {
  const when = [new Date(bootWallMs + e.ts * 1000).toISOString(), e.ts.toFixed(6), String(e.cpu), String(e.pid), String(e.tid), csvField(e.comm)];
  // The article's lines carry no more than this: the rest is unknown, not zero.
  if (e.origin === 'article') return [...when, '', '', '', '', '', '', '', ''].join(',');
  return [
    new Date(bootWallMs + e.ts * 1000).toISOString(),
    e.ts.toFixed(6),
    String(e.cpu),
    String(e.pid),
    String(e.tid),
    csvField(e.comm),
    String(e.uid),
    String(e.euid),
    e.syscall,
    decodeOpenFlags(e.flags),
    String(e.ret),
    e.errno ? errnoName(e.errno) : '',
    csvField(e.path),
    e.truncated ? '1' : '0',
  ].join(',');
}

export function toCsv(events: readonly TraceEvent[], bootWallMs: number): string {
  return [CSV_HEADER.join(','), ...events.map((e) => csvRow(e, bootWallMs))].join('\r\n') + '\r\n';
}
