/** errno numbers to names (Linux generic values). */
const NAMES: Record<number, string> = {
  1: 'EPERM', 2: 'ENOENT', 3: 'ESRCH', 4: 'EINTR', 5: 'EIO', 6: 'ENXIO', 7: 'E2BIG',
  8: 'ENOEXEC', 9: 'EBADF', 10: 'ECHILD', 11: 'EAGAIN', 12: 'ENOMEM', 13: 'EACCES',
  14: 'EFAULT', 15: 'ENOTBLK', 16: 'EBUSY', 17: 'EEXIST', 18: 'EXDEV', 19: 'ENODEV',
  20: 'ENOTDIR', 21: 'EISDIR', 22: 'EINVAL', 23: 'ENFILE', 24: 'EMFILE', 25: 'ENOTTY',
  26: 'ETXTBSY', 27: 'EFBIG', 28: 'ENOSPC', 29: 'ESPIPE', 30: 'EROFS', 31: 'EMLINK',
  32: 'EPIPE', 36: 'ENAMETOOLONG', 38: 'ENOSYS', 39: 'ENOTEMPTY', 40: 'ELOOP',
  61: 'ENODATA', 75: 'EOVERFLOW', 95: 'EOPNOTSUPP', 110: 'ETIMEDOUT',
  112: 'EHOSTDOWN', 116: 'ESTALE', 121: 'EREMOTEIO', 122: 'EDQUOT',
  125: 'ECANCELED', 512: 'ERESTARTSYS', 513: 'ERESTARTNOINTR', 514: 'ERESTARTNOHAND',
  516: 'ERESTART_RESTARTBLOCK', 524: 'ENOTSUPP',
};

export function errnoName(errno: number): string {
  return NAMES[errno] ?? `E${errno}`;
}

/** "ENOENT", "enoent", "2" or "E2" -> 2; undefined if not an errno. */
export function parseErrno(text: string): number | undefined {
  const t = text.trim().toUpperCase();
  if (/^\d{1,4}$/.test(t)) return Number(t) > 0 ? Number(t) : undefined;
  if (/^E\d{1,4}$/.test(t)) return Number(t.slice(1)) > 0 ? Number(t.slice(1)) : undefined;
  for (const [n, name] of Object.entries(NAMES)) if (name === t) return Number(n);
  return undefined;
}
