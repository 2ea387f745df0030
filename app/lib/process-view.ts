/**
 * Where the process page's facts come from: the tracer's record of the
 * process's exec (kept after it exits) or /proc (while it lives).
 */
import type { ProcessDetail, ProcInfo } from '../../protocol/event';

export interface ArgsView {
  args: readonly string[];
  /** exec: the tracer saw it start; proc: read from /proc now; none: neither. */
  source: 'exec' | 'proc' | 'none';
  /** The tracer had no room for all of them. */
  truncated: boolean;
  /** Trace time of the exec (source exec). */
  ts: number | null;
  /** /proc's arguments when they differ from the exec's (a process that
   *  rewrote its title, like sshd or postgres); else null. */
  procNow: readonly string[] | null;
}

/** Its arguments: the exec's, as it started, else /proc's. */
export function argsOf(detail: Pick<ProcessDetail, 'exec'>, proc: ProcInfo | null): ArgsView {
  const exec = detail.exec;
  if (exec) {
    const differs = proc !== null && !sameArgs(proc.cmdline, exec.args) && !(exec.truncated && isPrefix(exec.args, proc.cmdline));
    return { args: exec.args, source: 'exec', truncated: exec.truncated, ts: exec.ts, procNow: differs ? proc.cmdline : null };
  }
  if (proc) return { args: proc.cmdline, source: 'proc', truncated: false, ts: null, procNow: null };
  return { args: [], source: 'none', truncated: false, ts: null, procNow: null };
}

function sameArgs(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** A cut exec record is a prefix of the whole: its last argument may be
 *  cut too. */
function isPrefix(cut: readonly string[], whole: readonly string[]): boolean {
  if (cut.length > whole.length) return false;
  return cut.every((x, i) => (i === cut.length - 1 ? whole[i]!.startsWith(x) : x === whole[i]));
}

export interface ParentView {
  ppid: number;
  source: 'exec' | 'proc';
  /** /proc's parent now when it differs from the one at exec (the parent
   *  exited and it was re-parented); else null. */
  now: number | null;
}

/** Its parent: at its exec, else /proc's; null when neither is known. */
export function parentOf(detail: Pick<ProcessDetail, 'exec'>, proc: ProcInfo | null): ParentView | null {
  if (detail.exec) {
    const now = proc !== null && proc.ppid !== detail.exec.ppid ? proc.ppid : null;
    return { ppid: detail.exec.ppid, source: 'exec', now };
  }
  return proc ? { ppid: proc.ppid, source: 'proc', now: null } : null;
}
