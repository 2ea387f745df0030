/**
 * Boots one kernel under qemu (TCG: this machine's KVM is not usable) with
 * this machine's root as the guest's, read-only over 9p, and a writable 9p
 * folder for the plan and the results. Returns when the guest powers off
 * or the time runs out (then qemu is killed and the run says so).
 */
import { execa } from 'execa';
import fs from 'node:fs';
import path from 'node:path';
import type { KernelImage } from './images';

export interface Cell {
  /** An attach mode, or auto. */
  mode: string;
  /** A kernel suite: server/SUITE.kernel.test.ts. */
  suite: string;
}

export interface Plan {
  repo: string;
  cells: Cell[];
  /** How much longer the suites' waits may be (TCG is ~10x slower). */
  slow: number;
  /** A benchmark script to run after the suites (bench/NAME.ts), its
   *  results left in the results folder. */
  bench?: string;
}

export interface BootResult {
  /** The guest powered off by itself (false: killed at the deadline). */
  finished: boolean;
  seconds: number;
  console: string;
}

export async function boot(image: KernelImage, plan: Plan, out: string, timeoutMs: number): Promise<BootResult> {
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(out, { recursive: true });
  const env = [
    `REPO='${plan.repo}'`,
    `CELLS='${plan.cells.map((c) => `${c.mode}:${c.suite}`).join(' ')}'`,
    `SLOW=${plan.slow}`,
    `BENCH='${plan.bench ?? ''}'`,
  ];
  fs.writeFileSync(path.join(out, 'plan.env'), `${env.join('\n')}\n`);
  const consoleLog = path.join(out, 'console.log');
  const started = Date.now();
  const r = await execa(
    'qemu-system-x86_64',
    [
      // One TCG thread: with thread=multi, attaching fentry oopsed the guest
      // on an int3 in __x64_sys_openat (the kernel patching the entry while
      // the other vCPU ran it: multi-threaded TCG and cross-modifying code).
      '-accel', 'tcg,thread=single', '-cpu', 'max', '-smp', '2', '-m', '4096',
      '-display', 'none', '-monitor', 'none', '-serial', `file:${consoleLog}`, '-nic', 'none', '-no-reboot',
      '-kernel', image.vmlinuz, '-initrd', image.initramfs,
      '-append', 'console=ttyS0 panic=-1 quiet',
      '-fsdev', 'local,id=hostroot,path=/,security_model=none,readonly=on',
      '-device', 'virtio-9p-pci,fsdev=hostroot,mount_tag=hostroot',
      '-fsdev', `local,id=results,path=${out},security_model=none`,
      '-device', 'virtio-9p-pci,fsdev=results,mount_tag=results',
    ],
    { reject: false, stdin: 'ignore', timeout: timeoutMs, forceKillAfterDelay: 5000 },
  );
  return {
    finished: !r.timedOut && r.exitCode === 0,
    seconds: Math.round((Date.now() - started) / 1000),
    console: fs.existsSync(consoleLog) ? fs.readFileSync(consoleLog, 'utf8') : r.stderr,
  };
}
