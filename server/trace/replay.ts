/**
 * Replay: a recorded file instead of the kernel, as the pipeline's line
 * source, paced by the lines' own timestamps (--speed X: X times as fast;
 * 0: as fast as it can). The file is streamed, so a recording of any size
 * replays in bounded memory. Needs no root. The replay clock (clock.ts) is
 * the newest timestamp replayed; a line claiming a time no trace clock
 * reads is not waited for. The file's format: record-format.ts.
 */
import fs from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { LineSplitter } from './line-splitter';
import { STORE_DEFAULTS } from '../store/defaults';
import { EventStore, type StoreOptions } from '../store/event-store';
import type { Store } from '../store/store';
import { TraceClock } from './clock';
import { headerTime } from './trace-header';
import { Assembler, NO_ATTRIBUTION } from './assemble';
import { ProcessTable } from './process-table';
import { Pipeline } from './pipeline';
import { readRecordLine } from './record-format';

export interface ReplayOptions {
  file: string;
  speed: number;
}

/** Lines handled before yielding to the event loop. */
const BATCH = 5000;
const CHUNK = 1 << 20;

export class Replay {
  private done = 0;
  private stopped = false;
  private running: Promise<void> | undefined;

  constructor(
    private readonly pipeline: Pipeline,
    private readonly opts: ReplayOptions,
  ) {
    pipeline.setStatus({ state: 'replay', message: `replaying ${opts.file}` });
  }

  /** Opens the file (so a bad path fails here), then replays in the background. */
  async start(): Promise<void> {
    const file = await fs.promises.open(this.opts.file);
    this.running = this.run(file)
      .catch((err: Error) => {
        this.pipeline.setStatus({ message: `replay of ${this.opts.file} failed: ${err.message}` });
      })
      .finally(() => void file.close());
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.running;
  }

  /** Resolves when the whole file has been replayed (or the replay stopped). */
  finished(): Promise<void> {
    return this.running ?? Promise.resolve();
  }

  private async run(file: fs.promises.FileHandle): Promise<void> {
    const pending: string[] = [];
    const splitter = new LineSplitter((l) => pending.push(l), this.pipeline.overlong);
    const buf = Buffer.allocUnsafe(CHUNK);
    const started = performance.now();
    let firstTs: number | undefined;
    let eof = false;
    /** A header came: trace lines are escaped from there on. */
    let escaped = false;

    while (!this.stopped) {
      if (pending.length === 0) {
        if (eof) break;
        const { bytesRead } = await file.read(buf, 0, CHUNK, null);
        if (bytesRead === 0) {
          splitter.end();
          eof = true;
        } else splitter.push(buf.subarray(0, bytesRead));
        continue;
      }
      await this.pipeline.store.caughtUp();
      let i = 0;
      for (; i < pending.length && i < BATCH; i++) {
        const rec = readRecordLine(pending[i]!, escaped);
        if (rec.kind === 'header') {
          escaped = true;
          continue;
        }
        if (rec.kind === 'tag') {
          this.pipeline.addTag(rec.tag);
          continue;
        }
        if (rec.kind === 'bad') {
          this.pipeline.unreadable(pending[i]!, rec.reason);
          this.done++;
          continue;
        }
        const line = rec.line;
        const ts = headerTime(line);
        if (ts !== null) {
          firstTs ??= ts;
          const due = this.opts.speed > 0 ? (ts - firstTs) / this.opts.speed : 0;
          const wait = due - (performance.now() - started) / 1000;
          if (wait > 0) break;
        }
        this.pipeline.line(line);
        this.done++;
      }
      pending.splice(0, i);
      this.pipeline.setStatus({
        message: `replaying ${this.opts.file} at ${this.opts.speed || 'full'}× speed: ${this.done} lines`,
      });
      // Yield to requests between batches; wait when the next line is due later.
      await sleep(i === 0 ? 50 : 0);
    }
    this.pipeline.setStatus({ message: `replayed ${this.opts.file}: ${this.done} lines` });
  }
}

/** A recording's clock is its machine's: a frame of its own, so its times
 *  are never shifted. */
export const REPLAY_FRAME: StoreOptions['frame'] = { bootId: 'replay', bootWallMs: 0 };

/** A replay into a pipeline of its own, on the store given or a new one
 *  in memory. */
export async function openReplay(opts: ReplayOptions, store?: Store): Promise<{ pipeline: Pipeline; replay: Replay }> {
  const into = store ?? (await EventStore.open({ path: ':memory:', frame: REPLAY_FRAME, ...STORE_DEFAULTS }));
  // A recording's processes and cgroups are another machine's, or gone.
  const assembler = new Assembler(new ProcessTable(null), NO_ATTRIBUTION, null);
  const pipeline = new Pipeline(into, new TraceClock('replay'), { live: false, assembler, acceptArticle: true });
  return { pipeline, replay: new Replay(pipeline, opts) };
}
