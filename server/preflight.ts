/**
 * What must hold before tracing can start, checked up front so the user
 * reads one sentence and one fix instead of a stack trace. tracefs and
 * bpffs are mounted here when missing (we run as root).
 */
import { execa } from 'execa';
import fs from 'node:fs';
import type { AttachChoice } from '../protocol/status';
import { autoMode, probeAttachModes, type ModeSupport } from './trace/attach-probe';
import { pipeBusy } from './trace/pipe-reader';

export interface Problem {
  problem: string;
  fix: string;
}

export interface Paths {
  loader: string;
  xdpObject: string;
  uiDir: string;
}

const TRACEFS = ['/sys/kernel/tracing', '/sys/kernel/debug/tracing'];
const BPFFS = '/sys/fs/bpf';

const exists = (p: string) => fs.existsSync(p);

/** Another reader has trace_pipe (it takes one): said before anything
 *  loads, so a second instance fails in a moment and changes nothing. */
export const PIPE_BUSY: Problem = {
  problem: 'trace_pipe is busy: another reader holds it (another ebpf-dash, `cat trace_pipe` or `bpftool prog tracelog`)',
  fix: "stop it first; find it: find /proc/[0-9]*/fd -lname '*trace_pipe' 2>/dev/null",
};

function mountedAt(dir: string, type: string): boolean {
  const mounts = fs.readFileSync('/proc/mounts', 'utf8');
  return mounts.split('\n').some((l) => {
    const [, where, fstype] = l.split(' ');
    return where === dir && fstype === type;
  });
}

async function mount(type: string, dir: string, allowed: boolean): Promise<boolean> {
  if (!allowed) return false;
  // Closed to other users: pins in a world-writable bpffs can be swapped.
  const r = await execa('mount', ['-t', type, '-o', 'mode=0700', type === 'tracefs' ? 'nodev' : type, dir], { reject: false });
  return r.exitCode === 0;
}

/** Finds (mounting if needed) tracefs; returns its path or a problem. */
async function ensureTracefs(mayMount: boolean): Promise<string | Problem> {
  for (const dir of TRACEFS) if (exists(`${dir}/trace_pipe`)) return dir;
  if (exists(TRACEFS[0]!) && (await mount('tracefs', TRACEFS[0]!, mayMount)) && exists(`${TRACEFS[0]}/trace_pipe`)) {
    return TRACEFS[0]!;
  }
  return {
    problem: mayMount
      ? 'tracefs is not mounted and could not be mounted (the kernel needs CONFIG_FTRACE)'
      : 'tracefs is not mounted (npm start mounts it)',
    fix: 'mount -t tracefs nodev /sys/kernel/tracing',
  };
}

async function ensureBpffs(mayMount: boolean): Promise<Problem | undefined> {
  if (mountedAt(BPFFS, 'bpf')) return undefined;
  if (exists(BPFFS) && (await mount('bpf', BPFFS, mayMount))) return undefined;
  return { problem: `the BPF filesystem is not mounted at ${BPFFS}`, fix: `mount -t bpf -o mode=0700 bpf ${BPFFS}` };
}

/** The chosen mode must work on this kernel; auto needs one that does. */
function attachProblem(modes: ModeSupport[], attach: AttachChoice): Problem | undefined {
  if (modes.length === 0) return undefined; // not probed: a problem above says why
  const auto = autoMode(modes);
  if (attach === 'auto') {
    return auto
      ? undefined
      : {
          problem: `no attach mode works on this kernel (${modes.map((m) => `${m.mode}: ${m.why}`).join('; ')})`,
          fix: 'a kernel with CONFIG_FTRACE_SYSCALLS=y, CONFIG_KPROBES=y or BPF trampolines',
        };
  }
  const chosen = modes.find((m) => m.mode === attach);
  if (!chosen || chosen.ok) return undefined;
  return {
    problem: `--attach ${attach} does not work on this kernel: ${chosen.why}`,
    fix: auto ? `npm start -- --attach auto   (picks ${auto} here)` : 'a kernel with syscall tracepoints',
  };
}

/** mayMount: true at start, which mounts what is missing; false for npm run
 *  doctor, which only checks, and probes every attach mode to list them. */
export async function preflight(
  paths: Paths,
  attach: AttachChoice,
  mayMount = true,
): Promise<{ tracefs: string; problems: Problem[]; modes: ModeSupport[] }> {
  const problems: Problem[] = [];
  if (process.getuid?.() !== 0) {
    problems.push({
      problem: 'the backend must run as root: it loads BPF programs and reads trace_pipe',
      fix: 'sudo npm start',
    });
    return { tracefs: '', problems, modes: [] };
  }
  if (!exists('/sys/kernel/btf/vmlinux')) {
    problems.push({
      problem: 'this kernel has no BTF (/sys/kernel/btf/vmlinux); CO-RE programs cannot load',
      fix: 'boot a kernel built with CONFIG_DEBUG_INFO_BTF=y (Debian 11+ and Ubuntu 20.10+ kernels have it)',
    });
  }
  const tracefs = await ensureTracefs(mayMount);
  if (typeof tracefs !== 'string') problems.push(tracefs);
  else if (pipeBusy(`${tracefs}/trace_pipe`)) {
    problems.push(PIPE_BUSY);
    // At start nothing else matters, and probing loads programs (minutes
    // under emulation); doctor goes on to list the modes.
    if (mayMount) return { tracefs, problems, modes: [] };
  }
  const bpffs = await ensureBpffs(mayMount);
  if (bpffs) problems.push(bpffs);
  for (const built of [paths.loader, paths.xdpObject]) {
    if (!exists(built)) problems.push({ problem: `the BPF side is not built (${built})`, fix: 'make -C bpf' });
  }
  // auto needs no probe here: the loader tries the modes in turn and says
  // why, and probing loads every mode (seconds on a slow machine); a mode
  // asked for is probed alone.
  const probe = (attach !== 'auto' || !mayMount) && exists(paths.loader) && typeof tracefs === 'string';
  let modes = probe ? await probeAttachModes(paths.loader, attach === 'auto' ? undefined : attach) : [];
  // One that does not work: all of them, to say which does.
  if (attach !== 'auto' && modes.some((m) => m.mode === attach && !m.ok)) modes = await probeAttachModes(paths.loader);
  const problem = attachProblem(modes, attach);
  if (problem) problems.push(problem);
  if (!exists(`${paths.uiDir}/index.html`)) {
    problems.push({ problem: `the UI is not built (${paths.uiDir})`, fix: 'npx next build' });
  }
  return { tracefs: typeof tracefs === 'string' ? tracefs : '', problems, modes };
}
