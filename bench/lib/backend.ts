/** The real backend, started the way a user starts it, for one phase. */
import fs from 'node:fs';
import WebSocket from 'ws';
import type { Counts, TracerStatus } from '../../protocol/status';
import type { ProcessStats } from '../../protocol/event';
import { startBackend, waitFor, type Backend } from '../../server/testing/backend';
import { recordSpawn } from './proc';
import { waitForTracePipe } from './tracefs';

export const STATE_DIR = '/tmp/bench-state';
export const BUFFER_KB = Number(process.env.BENCH_BUFFER_KB ?? 8192);

export interface Health {
  tracer: TracerStatus;
  counts: Counts;
}

export interface BenchBackend extends Backend {
  pid: number;
  health(): Promise<Health>;
  processes(): Promise<ProcessStats[]>;
  /** A WebSocket client, connected (hello received). */
  connect(): Promise<WebSocket>;
}

/** Events of processes other than the backend: they stop when the burst's
 *  are in, where its lines never settle (the backend opens files of its
 *  own every few hundred ms, and a settle waiting for them to stop ran to
 *  its 60 s limit, counting the backend's idle CPU as the burst's). */
export async function othersEvents(b: { health(): Promise<Health> }): Promise<number> {
  const { counts } = await b.health();
  return counts.events - counts.own;
}

/** Starts the backend once trace_pipe is free; someone may open it
 *  between our look and the backend's open, so a busy pipe means wait. */
async function launch(what: string, port: number, extra: string[]): Promise<Backend> {
  for (;;) {
    await waitForTracePipe(what);
    fs.rmSync(STATE_DIR, { recursive: true, force: true });
    try {
      return await startBackend(port, ['--state-dir', STATE_DIR, '--buffer-kb', String(BUFFER_KB), ...extra]);
    } catch (err) {
      if (!/trace_pipe is busy/.test((err as Error).message)) throw err;
    }
  }
}

/** extra: more of the backend's options (say, --attach kprobe). */
export async function startBench(what: string, port: number, extra: string[] = []): Promise<BenchBackend> {
  const b = await launch(what, port, extra);
  recordSpawn(b.process.pid, process.execPath);
  const health = async () => (await b.api<Health>('/api/health')).body;
  try {
    await waitFor(async () => ((await health()).tracer.state === 'running' ? true : undefined), 'the tracer to run', 30_000);
  } catch (err) {
    await b.stop();
    throw err;
  }
  const wsUrl = b.url.replace('http', 'ws') + '/ws';
  return {
    ...b,
    pid: b.process.pid!,
    health,
    // By PID, up to the API's most rows: the bench looks its generator up by PID.
    processes: async () => {
      const r = await b.api<{ processes?: ProcessStats[]; error?: string }>('/api/processes?group=pid&limit=10000');
      if (!r.body.processes) throw new Error(`/api/processes: ${r.status} ${r.body.error}`);
      return r.body.processes;
    },
    connect: () =>
      new Promise((resolve, reject) => {
        const ws = new WebSocket(wsUrl, { headers: { Authorization: `Bearer ${b.token}` } });
        ws.once('message', () => resolve(ws));
        ws.once('error', reject);
      }),
  };
}
