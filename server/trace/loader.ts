/**
 * Runs the BPF loader (bpf/.output/openat) and keeps it running: if it
 * dies it is started again with backoff, and every state change is
 * reported. Its stdout carries one JSON "ready" line; its stderr, what
 * went wrong, in words meant for the user.
 */
import { execa, type ResultPromise } from 'execa';
import readline from 'node:readline';
import { z } from 'zod';
import { ATTACH_MODES, type AttachChoice, type TracerStatus } from '../../protocol/status';

const readySchema = z.object({
  type: z.literal('ready'),
  attach: z.enum(ATTACH_MODES),
  why: z.string(),
  tag: z.string().regex(/^[0-9a-f]{1,16}$/),
  syscalls: z.array(z.string()),
  skipped: z.array(z.string()),
  /** exec and fork, when their tracepoints attached. */
  lifecycle: z.array(z.enum(['exec', 'fork'])),
});
export type LoaderReady = z.infer<typeof readySchema>;

const statsSchema = z.object({
  type: z.literal('stats'),
  startsFull: z.number().int().nonnegative(),
  exitsMissed: z.number().int().nonnegative(),
});
export type LoaderStats = z.infer<typeof statsSchema>;

export interface LoaderEvents {
  onReady(ready: LoaderReady): void;
  /** The kernel side's own loss counters, since this loader started. */
  onStats(stats: LoaderStats): void;
  /** The loader exited unexpectedly; it will be restarted after delayMs. */
  onCrash(message: string, delayMs: number): void;
}

export interface LoaderOptions {
  binary: string;
  /** The session tag the loader stamps on its lines (hex). */
  tag: () => string;
  attach: AttachChoice;
  /** Traced in the kernel at all: the rest never reaches trace_pipe. */
  scope: TracerStatus['scope'];
  maxInflight: number | null;
}

function scopeArgs(scope: TracerStatus['scope']): string[] {
  return [
    ...(scope.pid !== null ? ['--pid', String(scope.pid)] : []),
    ...(scope.uid !== null ? ['--uid', String(scope.uid)] : []),
    ...(scope.comm !== null ? ['--comm', scope.comm] : []),
  ];
}

const MIN_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 30_000;
/** A run this long counts as healthy and resets the backoff. */
const HEALTHY_MS = 60_000;

export class LoaderSupervisor {
  private child: ResultPromise | undefined;
  private restartTimer: NodeJS.Timeout | undefined;
  private backoff = MIN_BACKOFF_MS;
  private stopping = false;

  constructor(
    private readonly opts: LoaderOptions,
    private readonly events: LoaderEvents,
  ) {}

  start(): void {
    this.stopping = false;
    this.spawn();
  }

  /** SIGTERM, then SIGKILL if it has not detached within the grace time. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    const child = this.child;
    if (!child) return;
    child.kill('SIGTERM');
    await child;
  }

  private spawn(): void {
    const startedAt = Date.now();
    const child = execa(
      this.opts.binary,
      [
        '--attach', this.opts.attach, ...scopeArgs(this.opts.scope),
        ...(this.opts.maxInflight ? ['--max-inflight', String(this.opts.maxInflight)] : []),
      ],
      {
        // The tag keeps other programs' lines from passing for ours: in the
        // environment, which only root reads, not in argv, which all can.
        env: { ODASH_TAG: this.opts.tag() },
        reject: false,
        stdin: 'ignore',
        forceKillAfterDelay: 5000,
        cleanup: true,
      },
    );
    this.child = child;

    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString('utf8')).slice(-4096);
    });
    const lines = readline.createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      let json: unknown;
      try {
        json = JSON.parse(line);
      } catch {
        return;
      }
      const ready = readySchema.safeParse(json);
      if (ready.success) this.events.onReady(ready.data);
      const stats = statsSchema.safeParse(json);
      if (stats.success) this.events.onStats(stats.data);
    });

    void child.then((result) => {
      if (this.child === child) this.child = undefined;
      if (this.stopping) return;
      if (Date.now() - startedAt > HEALTHY_MS) this.backoff = MIN_BACKOFF_MS;
      const why =
        stderr.trim().split('\n').filter(Boolean).pop() ??
        (result.signal
          ? `killed by ${result.signal}`
          : result.exitCode !== undefined
            ? `exited with code ${result.exitCode}`
            : (result.shortMessage ?? 'the loader could not start'));
      const delay = this.backoff;
      this.backoff = Math.min(this.backoff * 2, MAX_BACKOFF_MS);
      this.events.onCrash(why, delay);
      this.restartTimer = setTimeout(() => this.spawn(), delay);
    });
  }
}
