/**
 * Cgroup ids (what bpf_get_current_cgroup_id() gives) to cgroup v2 paths.
 * On 64-bit kernels the id is the inode number of the cgroup's directory
 * in the cgroup2 filesystem, so a walk of that tree maps every id. Lookups
 * are a Map read, for every event; a miss asks for a rescan, at most one
 * every 500 ms, in the background.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describeCgroup, type CgroupIdentity } from './cgroup-path';

export interface CgroupDescription extends CgroupIdentity {
  cgroup: string | null;
}

export type OpenedResolver = { resolver: CgroupResolver; why: null } | { resolver: null; why: string };

const RESCAN_MS = 500;
/** Bounds on a walk: a tree this big is hostile or broken. */
const MAX_CGROUPS = 100_000;
const MAX_DEPTH = 32;
const UNKNOWN: CgroupDescription = { cgroup: null, unit: null, container: null };

/** Pure: where the cgroup2 filesystem is mounted, from mountinfo's text
 *  (proc(5)); a mount of the whole hierarchy (root /) before a bind mount
 *  of a subtree. Mount points have space, tab, newline and \ as \ooo. */
export function cgroup2Mount(mountinfo: string): string | null {
  let subtree: string | null = null;
  for (const line of mountinfo.split('\n')) {
    const fields = line.split(' ');
    const sep = fields.indexOf('-', 6);
    if (sep < 0 || fields[sep + 1] !== 'cgroup2' || !fields[4]) continue;
    const mountPoint = fields[4].replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));
    if (fields[3] === '/') return mountPoint;
    subtree ??= mountPoint;
  }
  return subtree;
}

/** The inode number as a Map key, or null past 2^53 (a JS number cannot
 *  hold it, nor then the id an event carries). */
async function inodeOf(dir: string): Promise<{ ino: number; dev: bigint } | null> {
  try {
    const st = await fs.promises.stat(dir, { bigint: true });
    return st.ino <= BigInt(Number.MAX_SAFE_INTEGER) ? { ino: Number(st.ino), dev: st.dev } : null;
  } catch {
    return null; // removed while we walked
  }
}

/** Every cgroup under mountPoint by id, or null when the mount point
 *  itself cannot be read. Directories of other filesystems mounted inside
 *  are not cgroups and are skipped. */
async function walk(mountPoint: string): Promise<Map<number, string> | null> {
  const root = await inodeOf(mountPoint);
  if (!root) return null;
  const found = new Map([[root.ino, '/']]);
  const stack: Array<{ dir: string; cgroup: string; depth: number }> = [{ dir: mountPoint, cgroup: '', depth: 0 }];
  for (let next = stack.pop(); next && found.size < MAX_CGROUPS; next = stack.pop()) {
    if (next.depth >= MAX_DEPTH) continue;
    const entries = await fs.promises.readdir(next.dir, { withFileTypes: true }).catch(() => []);
    const subdirs = entries.filter((e) => e.isDirectory()).map((e) => ({ name: e.name, dir: path.join(next.dir, e.name) }));
    const inodes = await Promise.all(subdirs.map((s) => inodeOf(s.dir)));
    subdirs.forEach((s, i) => {
      const inode = inodes[i];
      if (!inode || inode.dev !== root.dev || found.size >= MAX_CGROUPS) return;
      const cgroup = `${next.cgroup}/${s.name}`;
      found.set(inode.ino, cgroup);
      stack.push({ dir: s.dir, cgroup, depth: next.depth + 1 });
    });
  }
  return found;
}

export class CgroupResolver {
  private paths = new Map<number, string>();
  private readonly described = new Map<number, CgroupDescription>();
  private scanning: Promise<void> | null = null;
  private lastScan = -Infinity;
  private timer: NodeJS.Timeout | undefined;
  /** A miss came during a walk, which may have passed its cgroup by. */
  private missedWhileScanning = false;
  private closed = false;

  private constructor(private readonly mountPoint: string) {}

  /** A resolver with the tree walked once; or why there is none. */
  static async open(mountinfoFile = '/proc/self/mountinfo'): Promise<OpenedResolver> {
    let text: string;
    try {
      text = await fs.promises.readFile(mountinfoFile, 'utf8');
    } catch (err) {
      return { resolver: null, why: `cannot read ${mountinfoFile}: ${(err as Error).message}` };
    }
    const mountPoint = cgroup2Mount(text);
    if (mountPoint === null) return { resolver: null, why: 'no cgroup2 filesystem is mounted (cgroup v1 only?)' };
    const resolver = new CgroupResolver(mountPoint);
    await resolver.refresh();
    if (resolver.paths.size === 0) return { resolver: null, why: `cannot read the cgroup2 tree at ${mountPoint}` };
    return { resolver, why: null };
  }

  /** The cgroup's path (/ for the root), or null until a rescan finds it. */
  pathOf(id: number): string | null {
    const known = this.paths.get(id);
    if (known !== undefined) return known;
    if (Number.isSafeInteger(id) && id > 0) this.requestScan();
    return null;
  }

  describe(id: number): CgroupDescription {
    const known = this.described.get(id);
    if (known) return known;
    const cgroup = this.pathOf(id);
    if (cgroup === null) return UNKNOWN;
    const description = { cgroup, ...describeCgroup(cgroup) };
    this.described.set(id, description);
    return description;
  }

  /** Walks the tree now, after any walk under way (which may have
   *  started before the caller's change). */
  async refresh(): Promise<void> {
    while (this.scanning) await this.scanning;
    await this.scan();
  }

  /** Stops rescans; lookups answer from what is known. */
  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
  }

  private requestScan(): void {
    if (this.scanning) this.missedWhileScanning = true;
    if (this.closed || this.scanning || this.timer) return;
    const wait = this.lastScan + RESCAN_MS - performance.now();
    if (wait <= 0) void this.scan();
    else this.timer = setTimeout(() => void this.scan(), wait).unref();
  }

  private scan(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.lastScan = performance.now();
    this.scanning = walk(this.mountPoint)
      .then((found) => {
        if (!found) return;
        // Cgroups gone since the last walk are forgotten: the caches hold
        // what exists, not every id ever seen.
        this.paths = found;
        for (const [id, d] of this.described) if (found.get(id) !== d.cgroup) this.described.delete(id);
      })
      .finally(() => {
        this.scanning = null;
        const again = this.missedWhileScanning;
        this.missedWhileScanning = false;
        if (again) this.requestScan();
      });
    return this.scanning;
  }
}
