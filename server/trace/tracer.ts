/**
 * The live line source: the loader (kernel side) -> trace_pipe reader ->
 * line splitter -> the pipeline. Also watches the kernel's drop counters,
 * sizes the trace buffer while running, and can record the raw lines for
 * a later replay.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { openAppend } from '../safe-files';
import { KernelLossReader } from './kernel-stats';
import { LineSplitter } from './line-splitter';
import { LoaderSupervisor, type LoaderOptions } from './loader';
import type { Pipeline } from './pipeline';
import { drainPipe, readPipe, type PipeReader } from './pipe-reader';
import { RECORD_HEADER, recordLine, recordTagLine } from './record-format';
import { growTraceBuffer, restoreTraceBuffer, type BufferChange } from './trace-buffer';

export interface TracerOptions {
  tracefs: string;
  /** Trace ring buffer per CPU while we run (KB). */
  bufferKb: number;
  /** Where the buffer's original size is noted while we run. */
  bufferNote: string;
  /** Lines read and not yet parsed, at most (MB). */
  spoolMb: number;
  loader: Omit<LoaderOptions, 'tag'>;
  /** Keep every raw line in this file (see record-format.ts). */
  record?: string;
}

const STATS_INTERVAL_MS = 1000;
const REOPEN_DELAY_MS = 1000;

export class Tracer {
  private readonly splitter: LineSplitter;
  private readonly loader: LoaderSupervisor;
  private reader: PipeReader | undefined;
  private statsTimer: NodeJS.Timeout | undefined;
  private reopenTimer: NodeJS.Timeout | undefined;
  /** The kernel's drop counters, held open (kernel-stats.ts). */
  private loss: KernelLossReader | undefined;
  private lossBaseline = 0;
  private buffer: BufferChange | undefined;
  private recorder: fs.WriteStream | undefined;
  /** The kernel side's loss counts when the running loader started: each
   *  loader counts from zero. */
  private statsBase = { startsFull: 0, exitsMissed: 0 };

  constructor(
    private readonly pipeline: Pipeline,
    private readonly opts: TracerOptions,
  ) {
    pipeline.setStatus({ scope: opts.loader.scope });
    this.splitter = new LineSplitter((line) => this.onLiveLine(line), pipeline.overlong);
    this.loader = new LoaderSupervisor(
      { ...opts.loader, tag: () => this.newTag() },
      {
        onReady: (ready) => {
          const { counts } = pipeline;
          this.statsBase = { startsFull: counts.startsFull, exitsMissed: counts.exitsMissed };
          const missing = [...ready.skipped, ...(['exec', 'fork'] as const).filter((l) => !ready.lifecycle.includes(l))];
          pipeline.setStatus({
            state: 'running', attach: ready.attach, attachWhy: ready.why, syscalls: ready.syscalls,
            message: missing.length ? `not hooked here: ${missing.join(', ')}` : null,
          });
        },
        onStats: (stats) =>
          pipeline.kernelLoss({
            startsFull: this.statsBase.startsFull + stats.startsFull,
            exitsMissed: this.statsBase.exitsMissed + stats.exitsMissed,
          }),
        onCrash: (message, delayMs) =>
          pipeline.setStatus({
            state: 'failed', restarts: pipeline.status.restarts + 1,
            message: `loader stopped (${message}); restarting in ${Math.round(delayMs / 100) / 10}s`,
          }),
      },
    );
  }

  async start(): Promise<void> {
    // trace_pipe takes one reader: if another holds it (EBUSY), fail here,
    // before touching the buffer size that reader depends on.
    drainPipe(path.join(this.opts.tracefs, 'trace_pipe'));
    // Never through a symlink or into someone else's file (root writes it);
    // opened before anything changes, so a refusal leaves nothing to undo.
    const recordFd = this.opts.record ? openAppend(this.opts.record) : undefined;
    this.buffer = growTraceBuffer(this.opts.tracefs, this.opts.bufferKb, this.opts.bufferNote);
    try {
      this.loss = await KernelLossReader.open(this.opts.tracefs);
      this.lossBaseline = await this.loss.read();
    } catch (err) {
      await this.loss?.close();
      this.loss = undefined;
      restoreTraceBuffer(this.opts.tracefs, this.buffer, this.opts.bufferNote);
      throw err;
    }
    if (recordFd !== undefined) {
      this.recorder = fs.createWriteStream('', { fd: recordFd });
      // Each session's lines are escaped from here on (appending to an older file too).
      this.recorder.write(`${RECORD_HEADER}\n`);
    }
    this.openPipe();
    this.statsTimer = setInterval(() => void this.pollLoss(), STATS_INTERVAL_MS);
    this.loader.start();
  }

  async stop(): Promise<void> {
    clearInterval(this.statsTimer);
    clearTimeout(this.reopenTimer);
    await this.loss?.close();
    this.loss = undefined;
    await this.loader.stop();
    await this.reader?.stop();
    this.reader = undefined;
    if (this.buffer) restoreTraceBuffer(this.opts.tracefs, this.buffer, this.opts.bufferNote);
    if (this.recorder) await new Promise((r) => this.recorder!.end(r));
    this.pipeline.setStatus({ state: 'stopped' });
  }

  private onLiveLine(line: string): void {
    this.recorder?.write(`${recordLine(line)}\n`, 'latin1');
    this.pipeline.line(line);
  }

  private newTag(): string {
    const bytes = randomBytes(8);
    bytes[0] = bytes[0]! | 0x80; // 16 hex digits, as the loader prints it
    const tag = bytes.toString('hex');
    this.pipeline.addTag(tag);
    this.recorder?.write(`${recordTagLine(tag)}\n`);
    return tag;
  }

  private openPipe(): void {
    const pipe = path.join(this.opts.tracefs, 'trace_pipe');
    this.reader = readPipe(
      pipe,
      (chunk) => this.splitter.push(chunk),
      (err) => this.pipeFailed(err),
      { spoolBytes: this.opts.spoolMb << 20, holdBack: () => this.pipeline.store.behind },
    );
  }

  private pipeFailed(err: Error): void {
    this.reader = undefined;
    this.pipeline.setStatus({ state: 'failed', message: `cannot read trace_pipe: ${err.message}` });
    this.reopenTimer = setTimeout(() => {
      this.pipeline.setStatus({ state: this.pipeline.status.attach ? 'running' : 'starting', message: null });
      this.openPipe();
    }, REOPEN_DELAY_MS);
  }

  private async pollLoss(): Promise<void> {
    if (this.reader) this.pipeline.spool(this.reader.spool());
    try {
      if (this.loss) this.pipeline.kernelLoss({ overrun: Math.max(0, (await this.loss.read()) - this.lossBaseline) });
    } catch (err) {
      this.pipeline.setStatus({ message: `cannot read kernel drop counters: ${(err as Error).message}` });
    }
  }
}
