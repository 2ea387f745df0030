/**
 * What the event table shows of an open beyond its raw fields: the path
 * to lead with, how long it took, and who opened it (executable, user,
 * unit, container), as plain text for tooltips and the detail strip.
 */
import type { TraceEvent } from '../../protocol/event';
import { formatDuration } from '../../protocol/filter';
import { shortContainer } from './processes';
import { toVisible } from './visible';

export interface EventPath {
  /** The open's file (fileOf): the absolute path, or the name as passed
   *  when that is not known. */
  file: string;
  /** file is cut short (by the kernel's walk, or the name's copy). */
  fileCut: boolean;
  /** The absolute path is known (file is it). */
  absolute: boolean;
  /** The name as passed, when it says something file does not (a relative
   *  name, a symlink, a path with .. in it); else null. */
  passed: string | null;
  passedCut: boolean;
}

export function eventPath(e: TraceEvent): EventPath {
  if (e.fullPath === '') return { file: e.path, fileCut: e.truncated, absolute: false, passed: null, passedCut: false };
  return {
    file: e.fullPath,
    fileCut: e.fullTruncated,
    absolute: true,
    passed: e.path === e.fullPath ? null : e.path,
    passedCut: e.truncated,
  };
}

/** The path cell's tooltip: both paths, and what is cut or unknown. */
export function pathTitle(e: TraceEvent): string {
  const p = eventPath(e);
  const lines = [toVisible(p.file) + (p.fileCut ? ' … (cut short: parts of it are missing)' : '')];
  if (!p.absolute) {
    lines.push(
      e.path.startsWith('/')
        ? '(as passed: the file it reached is not known)'
        : '(as passed, relative: the directory it was relative to is not known)',
    );
  } else if (p.passed !== null) {
    lines.push(`passed as ${toVisible(p.passed)}${p.passedCut ? ' … (cut short by the tracer)' : ''}`);
  }
  return lines.join('\n');
}

/** How long the open took; '—' when not measured. */
export function durationText(ns: number): string {
  return ns > 0 ? formatDuration(ns) : '—';
}

/** Opens this slow are marked: longer than a cached lookup ever takes
 *  (disk, network file systems, FUSE, locks). */
export const SLOW_NS = 1_000_000;

/** The user: the name of the real uid (or the uid), then the effective
 *  uid when it differs (a setuid program). */
export function userText(e: Pick<TraceEvent, 'uid' | 'euid' | 'user'>): string {
  const who = e.user || String(e.uid);
  return e.euid === e.uid ? who : `${who}→${e.euid}`;
}

/** Who opened it, one "label value" line each for the ones known: for
 *  the process cell's tooltip. */
export function whoLines(e: TraceEvent): string[] {
  const lines: string[] = [];
  if (e.exe) lines.push(`executable ${toVisible(e.exe)}`);
  if (e.origin !== 'article') {
    lines.push(
      `user ${e.user ? `${toVisible(e.user)} (uid ${e.uid})` : `uid ${e.uid}`}` +
        (e.euid !== e.uid ? `, effective uid ${e.euid}` : ''),
    );
  }
  if (e.unit) lines.push(`unit ${toVisible(e.unit)}`);
  if (e.container) lines.push(`container ${shortContainer(e.container)} (${e.container})`);
  if (e.cgroup) lines.push(`cgroup ${toVisible(e.cgroup)}`);
  if (e.own) lines.push("(an open of the dashboard's own backend)");
  return lines;
}
