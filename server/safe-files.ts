/**
 * Files root writes for itself (state dir, audit log, recordings), written
 * so that no other user can steer them: the state dir must be ours and
 * closed to others; files are opened without following symlinks, created
 * 0600, and temp files get unguessable names and O_EXCL.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const { O_APPEND, O_CREAT, O_EXCL, O_NOFOLLOW, O_WRONLY } = fs.constants;

/** Makes dir (0700) or checks it: a directory, not a link, owned by us,
 *  writable by nobody else. Throws a sentence that says what to do. */
export function ensurePrivateDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const st = fs.lstatSync(dir);
  if (!st.isDirectory()) throw new Error(`${dir} is not a directory (a symlink?): remove it, or use another folder`);
  if (st.uid !== process.getuid?.()) throw new Error(`${dir} belongs to uid ${st.uid}, not to us: remove it, or use another folder`);
  if (st.mode & 0o022) {
    throw new Error(`${dir} is writable by others (mode ${(st.mode & 0o777).toString(8)}): chmod 700 it, or use another folder`);
  }
}

/**
 * Checks the event store's files before DuckDB opens them (it follows
 * links, blocks on a FIFO, and adopts any database it finds): the folder
 * as ensurePrivateDir has it; the store, its WAL and its spill folder, where
 * they exist, ours, not links, not FIFOs, not hard links, and closed to
 * others (0600 and 0700: a store of an older version was 0644). DuckDB
 * creates them under the backend's umask (077). ":memory:" has none.
 */
export function checkStoreFiles(file: string): void {
  if (file === ':memory:') return;
  ensurePrivateDir(path.dirname(file));
  for (const f of [file, `${file}.wal`]) {
    const st = lstatOrNull(f);
    if (!st) continue;
    if (!st.isFile() || st.nlink > 1) throw new Error(`${f} is not a plain file (a link, a FIFO?): remove it, or use another path`);
    mineOnly(f, st, 0o600);
  }
  const spill = `${file}.tmp`;
  const st = lstatOrNull(spill);
  if (st && !st.isDirectory()) throw new Error(`${spill} is not a directory (a symlink?): remove it, or use another path`);
  if (st) mineOnly(spill, st, 0o700);
}

function lstatOrNull(f: string): fs.Stats | null {
  try {
    return fs.lstatSync(f);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/** Ours, and then no one else's: closed to others if it was not. */
function mineOnly(f: string, st: fs.Stats, mode: number): void {
  if (st.uid !== process.getuid?.()) throw new Error(`${f} belongs to uid ${st.uid}, not to us: remove it, or use another path`);
  if ((st.mode & 0o777) !== mode) fs.chmodSync(f, mode);
}

/** Checks an open file is a plain file of ours (O_NOFOLLOW covers the last
 *  component only; a hard link to someone else's file is refused here). */
function checkOwn(fd: number, file: string): void {
  const st = fs.fstatSync(fd);
  if (!st.isFile() || st.uid !== process.getuid?.() || st.nlink > 1) {
    fs.closeSync(fd);
    throw new Error(`${file} is not a plain file of ours: refusing to write to it`);
  }
}

/** Replaces file's contents at once: a crash leaves the old or the new. */
export function writeFileAtomic(file: string, text: string): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  const fd = fs.openSync(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o600);
  try {
    fs.writeSync(fd, text);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
}

/** Opens file for appending (created 0600); never through a symlink. */
export function openAppend(file: string): number {
  const fd = fs.openSync(file, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW, 0o600);
  checkOwn(fd, file);
  return fd;
}
