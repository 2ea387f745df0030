/** What /proc tells of a process while it lives: parent, user, command line. */
import fs from 'node:fs';
import type { ProcInfo } from '../protocol/event';
import { readProcStart } from './trace/process-table';

/** Pure: /proc/PID/status and cmdline contents -> info, with the secret
 *  (our own token, on a script's or our own command line) blanked out. */
export function parseProcInfo(status: string, cmdline: Buffer, secret: string): ProcInfo | null {
  const ppid = /^PPid:\s+(\d+)/m.exec(status);
  const uid = /^Uid:\s+(\d+)/m.exec(status);
  if (!ppid || !uid) return null;
  const args = cmdline.toString('utf8').split('\0');
  if (args.at(-1) === '') args.pop();
  return { ppid: Number(ppid[1]), uid: Number(uid[1]), cmdline: blankSecret(args, secret) };
}

/** Arguments with the secret (our token) blanked out wherever it appears. */
export function blankSecret(args: readonly string[], secret: string): string[] {
  return args.map((a) => (secret ? a.split(secret).join('<token>') : a));
}

/** `start`: the process asked about (0: any); the PID's live process is
 *  another one, and so not shown, when it started at another time. */
export function readProcInfo(pid: number, secret: string, start = 0): ProcInfo | null {
  if (start !== 0 && readProcStart(pid) !== start) return null;
  try {
    return parseProcInfo(fs.readFileSync(`/proc/${pid}/status`, 'utf8'), fs.readFileSync(`/proc/${pid}/cmdline`), secret);
  } catch {
    return null; // exited, or never ours to see
  }
}
