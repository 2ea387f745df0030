/**
 * What npm start mounts when a fresh machine lacks it, tried in a mount
 * namespace of its own (the machine's own mounts are left alone).
 */
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './testing/backend';

const inFreshMounts = (script: string) =>
  execa('unshare', ['--mount', '--propagation', 'private', 'sh', '-c', script], { cwd: repoRoot, reject: false });

describe('preflight', () => {
  it('mounts a missing bpffs closed to other users (pins there must not be swappable)', async () => {
    const r = await inFreshMounts(
      'umount /sys/fs/bpf 2>/dev/null; ' +
        `"${process.execPath}" --import tsx -e "import('./server/preflight.ts').then((m) => m.preflight({ loader: 'bpf/.output/openat', xdpObject: 'bpf/.output/xdp_filter.bpf.o', uiDir: 'out' }, 'auto'))" && ` +
        'findmnt -no FSTYPE /sys/fs/bpf && stat -c %a /sys/fs/bpf',
    );
    expect(r.stderr).toBe('');
    const [fstype, mode] = r.stdout.trim().split('\n');
    expect(fstype).toBe('bpf');
    expect(Number.parseInt(mode!, 8) & 0o077).toBe(0); // bpffs keeps its sticky bit: 1700
  });
});
