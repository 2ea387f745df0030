/** open(2) flags as strings, e.g. 0x80000 -> "O_RDONLY|O_CLOEXEC".
 *  Values are the generic Linux ones (x86, arm64, riscv). */
const ACCESS = ['O_RDONLY', 'O_WRONLY', 'O_RDWR', 'O_ACCMODE'] as const;

const BITS: ReadonlyArray<readonly [number, string]> = [
  [0o100, 'O_CREAT'],
  [0o200, 'O_EXCL'],
  [0o400, 'O_NOCTTY'],
  [0o1000, 'O_TRUNC'],
  [0o2000, 'O_APPEND'],
  [0o4000, 'O_NONBLOCK'],
  [0o10000, 'O_DSYNC'],
  [0o20000, 'O_ASYNC'],
  [0o40000, 'O_DIRECT'],
  [0o100000, 'O_LARGEFILE'],
  [0o200000, 'O_DIRECTORY'],
  [0o400000, 'O_NOFOLLOW'],
  [0o1000000, 'O_NOATIME'],
  [0o2000000, 'O_CLOEXEC'],
  [0o4000000, 'O_SYNC'],
  [0o10000000, 'O_PATH'],
  [0o20000000, 'O_TMPFILE'],
];
const KNOWN = BITS.reduce((m, [bit]) => m | bit, 3);

/** Also flags past 32 bits (openat2 takes 64; the kernel refuses those
 *  bits with EINVAL), which JS's bit operators would cut off. */
export function decodeOpenFlags(flags: number): string {
  const parts: string[] = [ACCESS[(flags & 3) as 0 | 1 | 2 | 3]];
  for (const [bit, name] of BITS) {
    // O_SYNC and O_TMPFILE include another bit; show the composite name only.
    if ((flags & bit) === 0) continue;
    if (name === 'O_DSYNC' && flags & 0o4000000) continue;
    if (name === 'O_DIRECTORY' && flags & 0o20000000) continue;
    parts.push(name);
  }
  const high = Math.floor(flags / 2 ** 32);
  const unknown = (BigInt(high) << 32n) | BigInt((flags & ~KNOWN) >>> 0);
  if (unknown) parts.push(`0x${unknown.toString(16)}`);
  return parts.join('|');
}
