/**
 * An open's absolute path from what the kernel side printed: its own path
 * (as the process passed it) and, when one came, its full record. Pure.
 */
import type { FullRecord } from './parse-line';

export interface FullPath {
  /** '' when it cannot be known. */
  path: string;
  truncated: boolean;
}

/** A repeated slash, a '.' or '..' component, or a trailing slash. */
const NOT_NORMAL = /\/\/|\/\.\.?(?:\/|$)|.\/$/s;

/** Lexical normalisation of an absolute path: no '.', '..' or repeated
 *  slashes ('..' at the root stays at the root, as the kernel has it). */
export function normalisePath(p: string): string {
  // Most paths are normal already: one regex test instead of a split.
  if (!NOT_NORMAL.test(p)) return p;
  const parts: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return `/${parts.join('/')}`;
}

export function fullPathOf(path: string, truncated: boolean, full: FullRecord | undefined): FullPath {
  // An empty name names no file (the open fails before any lookup): its
  // directory is no path of it.
  if (path === '') return { path: '', truncated: false };
  if (full?.kind === 'file') return { path: full.path, truncated: full.truncated };
  if (full?.kind === 'dir') {
    // A cut directory is the tail of its path: joining to it says nothing.
    if (full.truncated) return { path: '', truncated: true };
    return { path: normalisePath(`${full.path}/${path}`), truncated };
  }
  if (path.startsWith('/')) return { path: normalisePath(path), truncated };
  return { path: '', truncated: false };
}
