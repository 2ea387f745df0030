/**
 * The command runner's process (run.ts): runs each command it is sent,
 * with an argument array (never a shell string), and sends back its exit
 * code and output. Small, so each fork of it costs little; it exits with
 * the backend (its IPC channel closing).
 */
import { spawn } from 'node:child_process';
import type { CommandRequest, CommandResult } from './run';

function runOne(req: CommandRequest): Promise<CommandResult> {
  return new Promise((resolve) => {
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const child = spawn(req.cmd, req.args, { stdio: [req.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    let failed: string | null = null;
    child.on('error', (e) => (failed = e.message));
    child.stdout?.on('data', (b: Buffer) => out.push(b));
    child.stderr?.on('data', (b: Buffer) => err.push(b));
    // A command that exits before reading all its input: its exit code says why.
    child.stdin?.on('error', () => {});
    child.stdin?.end(req.input);
    child.on('close', (code, signal) =>
      resolve({
        id: req.id,
        exitCode: failed === null ? code : null,
        signal: signal ?? null,
        stdout: Buffer.concat(out).toString(),
        stderr: Buffer.concat(err).toString(),
        error: failed,
      }),
    );
  });
}

process.on('message', (req: CommandRequest) => {
  void runOne(req).then((r) => process.send?.(r));
});
process.on('disconnect', () => process.exit(0));
// Ctrl-C (and a service manager's stop) signals the backend's whole
// process group: the runner stays for the backend's clean-up (detach,
// unpin) and goes when the backend does.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => {});
