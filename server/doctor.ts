/**
 * npm run doctor: what this machine has and lacks for ebpf-dash, each
 * problem with the command that fixes it. Changes nothing. npm start runs
 * the same preflight checks (and mounts what is missing).
 */
import { execa } from 'execa';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { preflight } from './preflight';
import { repoRoot as root } from './repo-root';
import { autoMode } from './trace/attach-probe';
import { parseBufferSizeKb } from './trace/trace-buffer';

async function version(cmd: string, args: string[], pick: RegExp): Promise<string> {
  const r = await execa(cmd, args, { reject: false });
  if (r.exitCode !== 0 && !r.stdout) return 'not installed';
  return pick.exec(`${r.stdout}\n${r.stderr}`)?.[1] ?? 'unknown version';
}

/** Processes holding trace_pipe open: the kernel lets one reader in. */
function tracePipeHolders(): string[] {
  const out: string[] = [];
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    let fds: string[];
    try {
      fds = fs.readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        if (fs.readlinkSync(`/proc/${pid}/fd/${fd}`).endsWith('/trace_pipe')) {
          out.push(`${pid} (${fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim()})`);
          break;
        }
      } catch {
        // gone meanwhile
      }
    }
  }
  return out;
}

async function main(): Promise<void> {
  const paths = {
    loader: path.join(root, 'bpf/.output/openat'),
    xdpObject: path.join(root, 'bpf/.output/xdp_filter.bpf.o'),
    uiDir: path.join(root, 'out'),
  };
  const { tracefs, problems, modes } = await preflight(paths, 'auto', false);
  const info: [string, string][] = [
    ['kernel', os.release()],
    ['attach', modes.length ? `auto picks ${autoMode(modes) ?? 'nothing'}` : 'not probed (see below)'],
    ...modes.map((m): [string, string] => [`  ${m.mode}`, m.ok ? 'works' : `no: ${m.why}`]),
    ['clang', await version('clang', ['--version'], /version (\S+)/)],
    ['bpftool', await version('bpftool', ['version'], /bpftool v(\S+)/)],
    ['libbpf', await version('bpftool', ['version'], /libbpf v(\S+)/)],
    ['node', process.version],
  ];
  if (tracefs) {
    const kb = parseBufferSizeKb(fs.readFileSync(path.join(tracefs, 'buffer_size_kb'), 'utf8'));
    info.push(['trace buffer', `${kb ?? '?'} KB per CPU (raised to --buffer-kb, default 8192, while running)`]);
    const holders = tracePipeHolders();
    if (holders.length) {
      problems.push({
        problem: `trace_pipe is held by ${holders.join(', ')}; only one reader may open it`,
        fix: `stop it (kill ${holders.map((h) => h.split(' ')[0]).join(' ')})`,
      });
    }
  }
  if (fs.existsSync('/sys/fs/bpf/ebpf-dash')) {
    info.push(['XDP pins', '/sys/fs/bpf/ebpf-dash exists (left by a crash or --keep-xdp): adopted at next start']);
  }
  for (const [k, v] of info) process.stdout.write(`  ${k.padEnd(13)} ${v}\n`);
  if (problems.length === 0) {
    process.stdout.write('ebpf-dash doctor: all good\n');
    return;
  }
  for (const p of problems) process.stdout.write(`\nPROBLEM: ${p.problem}\n  fix: ${p.fix}\n`);
  process.exitCode = 1;
}

main().catch((err: Error) => {
  process.stderr.write(`ebpf-dash doctor: ${err.message}\n`);
  process.exitCode = 1;
});
