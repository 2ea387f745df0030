/**
 * Debian's stock kernels for the matrix: fetched by package name with
 * apt-get download, cached outside the checkout (a fresh clone, as CI
 * makes, reuses them), unpacked, depmod'ed, and given an initramfs that
 * mounts this machine's root over 9p (see init.sh).
 */
import { execa } from 'execa';
import fs from 'node:fs';
import path from 'node:path';
import { loadOrder } from './modules';

export interface KernelSpec {
  /** Short name for the matrix and --kernel. */
  name: string;
  /** Debian package names that fit, newest wins. */
  pattern: RegExp;
}

/** Debian 12's default kernel, and the newer one it also ships. */
export const KERNELS: KernelSpec[] = [
  { name: '6.1', pattern: /^linux-image-6\.1\.0-\d+-amd64$/ },
  { name: '6.12', pattern: /^linux-image-6\.12\.\d+\+deb12-amd64-unsigned$/ },
];

/** What the guest must load for 9p, the overlay and the XDP lab's veth. */
const GUEST_MODULES = ['virtio_pci', '9pnet_virtio', '9p', 'overlay', 'veth'];

export const CACHE = process.env.ODASH_KERNEL_CACHE ?? '/var/cache/ebpf-dash/kernels';

export interface KernelImage {
  spec: KernelSpec;
  pkg: string;
  version: string;
  vmlinuz: string;
  initramfs: string;
}

const byVersion = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });

async function aptNames(spec: KernelSpec): Promise<string[]> {
  const search = async () =>
    (await execa('apt-cache', ['search', '--names-only', '^linux-image-6\\.'], { reject: false })).stdout
      .split('\n')
      .map((l) => l.split(' ')[0]!)
      .filter((n) => spec.pattern.test(n))
      .sort(byVersion)
      .reverse();
  let names = await search();
  if (names.length === 0) {
    // A fresh machine's package lists may be empty.
    await execa('apt-get', ['update', '-qq'], { reject: false });
    names = await search();
  }
  return names;
}

const cachedDebs = (spec: KernelSpec) =>
  fs
    .readdirSync(CACHE)
    .filter((f) => f.endsWith('.deb') && spec.pattern.test(f.split('_')[0]!))
    .sort(byVersion)
    .reverse();

/** The newest package that fits: from the cache when it holds it,
 *  else downloaded (trying older names if the newest is gone). */
async function fetchDeb(spec: KernelSpec, log: (s: string) => void): Promise<string> {
  fs.mkdirSync(CACHE, { recursive: true });
  const names = await aptNames(spec);
  for (const name of names) {
    const have = cachedDebs(spec).find((f) => f.split('_')[0] === name);
    if (have) return path.join(CACHE, have);
    log(`downloading ${name}`);
    const r = await execa('apt-get', ['download', '-o', 'APT::Sandbox::User=root', name], { cwd: CACHE, reject: false });
    const got = cachedDebs(spec).find((f) => f.split('_')[0] === name);
    if (r.exitCode === 0 && got) return path.join(CACHE, got);
    log(`cannot download ${name}: ${r.stderr.trim().split('\n').pop()}`);
  }
  // No package lists and no network: whatever the cache holds will do.
  const cached = cachedDebs(spec)[0];
  if (cached) return path.join(CACHE, cached);
  throw new Error(`no package for kernel ${spec.name} (${spec.pattern}) in apt or in ${CACHE}`);
}

/** Unpacks once per package; depmod makes the modules.dep the package lacks. */
async function unpack(deb: string): Promise<{ root: string; version: string }> {
  const root = deb.replace(/\.deb$/, '');
  if (!fs.existsSync(path.join(root, '.done'))) {
    fs.rmSync(root, { recursive: true, force: true });
    await execa('dpkg-deb', ['-x', deb, root]);
    const [version] = fs.readdirSync(path.join(root, 'lib/modules'));
    await execa('depmod', ['-b', root, version!]);
    fs.writeFileSync(path.join(root, '.done'), '');
  }
  const [version] = fs.readdirSync(path.join(root, 'lib/modules'));
  return { root, version: version! };
}

async function decompressed(file: string): Promise<Uint8Array> {
  if (file.endsWith('.xz')) return (await execa('xz', ['-dc', file], { encoding: 'buffer' })).stdout;
  if (file.endsWith('.zst')) return (await execa('zstd', ['-dc', file], { encoding: 'buffer' })).stdout;
  return fs.readFileSync(file);
}

/** busybox, init.sh and the modules in load order (busybox's insmod reads
 *  plain .ko files only), as a gzip'ed cpio. */
async function buildInitramfs(root: string, version: string, out: string): Promise<void> {
  const mods = path.join(root, 'lib/modules', version);
  const order = loadOrder(
    GUEST_MODULES,
    fs.readFileSync(path.join(mods, 'modules.dep'), 'utf8'),
    fs.readFileSync(path.join(mods, 'modules.builtin'), 'utf8'),
  );
  const tree = `${out}.d`;
  fs.rmSync(tree, { recursive: true, force: true });
  for (const d of ['bin', 'modules', 'proc', 'sys', 'dev']) fs.mkdirSync(path.join(tree, d), { recursive: true });
  fs.copyFileSync('/bin/busybox', path.join(tree, 'bin/busybox'));
  fs.copyFileSync(path.join(import.meta.dirname, 'init.sh'), path.join(tree, 'init'));
  fs.chmodSync(path.join(tree, 'init'), 0o755);
  const names: string[] = [];
  for (const rel of order) {
    const name = path.basename(rel).replace(/\.(xz|zst)$/, '');
    fs.writeFileSync(path.join(tree, 'modules', name), await decompressed(path.join(mods, rel)));
    names.push(name);
  }
  fs.writeFileSync(path.join(tree, 'modules.order'), `${names.join('\n')}\n`);
  await execa('sh', ['-c', 'find . | cpio -o -H newc --quiet | gzip -1 > "$OUT"'], {
    cwd: tree,
    env: { OUT: out },
  });
  fs.rmSync(tree, { recursive: true, force: true });
}

export async function prepareKernel(spec: KernelSpec, work: string, log: (s: string) => void): Promise<KernelImage> {
  const deb = await fetchDeb(spec, log);
  const { root, version } = await unpack(deb);
  const initramfs = path.join(work, `initramfs-${version}.cpio.gz`);
  await buildInitramfs(root, version, initramfs);
  return {
    spec,
    pkg: path.basename(deb).split('_')[0]!,
    version,
    vmlinuz: path.join(root, 'boot', `vmlinuz-${version}`),
    initramfs,
  };
}
