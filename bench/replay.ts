/**
 * A replay at --speed 0, as a user replays a recording into a file store:
 * the bench's busy hour (lib/world.ts, BENCH_REPLAY_EVENTS events, 10M by
 * default) written as the kernel's lines (an exec record before each PID's
 * first open, so its events carry the process's start), then the backend
 * started with --replay and timed until every event is stored; its CPU
 * (all threads) meanwhile. The recording and the store live in the run's
 * scratch folder.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { StoreStats } from '../protocol/views';
import { escapeBytes, message, traceLine } from '../server/testing/printk';
import { startBackend, waitFor } from '../server/testing/backend';
import { RECORDS, USER_HZ } from '../server/trace/line-format';
import { RECORD_HEADER, recordTagLine } from '../server/trace/record-format';
import { cpuSeconds } from './lib/bpf-stats';
import { log, runDir, writePhase } from './lib/results';
import { world } from './lib/world';

const EVENTS = Number(process.env.BENCH_REPLAY_EVENTS ?? 10_000_000);
const PORT = 7297;
const TAG = 'b0e4c4b0e4c4b0e5';
/** Lines formatted and written at a time. */
const CHUNK = 50_000;

fs.mkdirSync(runDir, { recursive: true });
const file = path.join(runDir, 'replay.rec');
const db = path.join(runDir, 'replay.duckdb');
const cleanup = () => {
  for (const f of [file, db, `${db}.wal`, `${db}.tmp`]) fs.rmSync(f, { recursive: true, force: true });
};
process.on('exit', cleanup);

function writeRecording(): number {
  const w = world(EVENTS);
  const fd = fs.openSync(file, 'w', 0o600);
  const seen = new Set<number>();
  let bytes = 0;
  const out = (lines: string[]) => {
    const b = Buffer.from(lines.join('\n') + '\n', 'latin1');
    fs.writeSync(fd, b);
    bytes += b.length;
  };
  out([RECORD_HEADER, recordTagLine(TAG)]);
  for (let i = 0; i < EVENTS; ) {
    const lines: string[] = [];
    const end = Math.min(EVENTS, i + CHUNK);
    for (; i < end; i++) {
      const e = w.next(i);
      const task = Buffer.from(e.comm, 'utf8').toString('latin1');
      if (!seen.has(e.pid)) {
        seen.add(e.pid);
        const exec = message(RECORDS.exec, TAG, {
          pid: e.pid, ppid: 1, start: Math.round(e.start * USER_HZ), cg: e.cgroupId, exe: escapeBytes(e.exe),
          args: escapeBytes(e.comm), trunc: 0,
        });
        lines.push(traceLine(task, e.pid, e.cpu, e.ts, exec));
      }
      const event = message(RECORDS.event, TAG, {
        sys: e.syscall, pid: e.pid, uid: e.uid, euid: e.euid, flags: e.flags, ret: e.ret, dur: e.durationNs,
        cg: e.cgroupId, comm: escapeBytes(e.comm), path: escapeBytes(e.path), bits: 0,
      });
      lines.push(traceLine(task, e.tid, e.cpu, e.ts, event));
    }
    out(lines);
  }
  fs.closeSync(fd);
  return bytes;
}

const t0 = performance.now();
const bytes = writeRecording();
log(`replay: wrote ${EVENTS} events as ${(bytes / 1e9).toFixed(2)} GB of lines in ${((performance.now() - t0) / 1000).toFixed(0)} s`);

const started = performance.now();
const b = await startBackend(PORT, ['--replay', file, '--speed', '0', '--db', db, '--db-max-mb', '100000', '--retention', '366d']);
try {
  const stored = await waitFor(
    async () => {
      const { body } = await b.api<{ store: StoreStats; tracer: { message: string | null } }>('/api/health');
      return body.tracer.message?.startsWith('replayed') && body.store.events >= EVENTS ? body.store : undefined;
    },
    `${EVENTS} events replayed and stored`,
    30 * 60_000,
  );
  const seconds = (performance.now() - started) / 1000;
  // All of the backend's CPU, its start included.
  const cpu = cpuSeconds(b.process.pid!);
  log(
    `replay: ${stored.events} events stored in ${seconds.toFixed(1)} s from the backend's start ` +
      `(${Math.round(stored.events / seconds)} events/s), ${((cpu / stored.events) * 1e6).toFixed(2)} µs of backend CPU an event; ` +
      `${(stored.bytes / stored.events).toFixed(1)} B an event`,
  );
  writePhase('replay', {
    events: stored.events, seconds, eventsPerSec: stored.events / seconds, cpuSeconds: cpu,
    cpuUsPerEvent: (cpu / stored.events) * 1e6, recordingBytes: bytes, storeBytes: stored.bytes,
  });
} finally {
  await b.stop();
}
