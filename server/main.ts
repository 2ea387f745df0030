/** The privileged backend: checks the machine, starts the tracer, serves
 *  the dashboard, and on SIGINT/SIGTERM detaches everything it loaded. */
import path from 'node:path';
import fs from 'node:fs';
import { parseOptions, randomToken, USAGE, type Options } from './cli/options';
import { AuditLog } from './http/audit';
import { createHttpServer } from './http/server';
import { removeLab, type XdpDeps } from './http/xdp-api';
import { BPF_STATS_SYSCTL, enableBpfStats, restoreBpfStats, type StatsSwitch } from './metrics/bpf-stats';
import { observe } from './metrics/observe';
import { PIPE_BUSY, preflight, type Paths, type Problem } from './preflight';
import { repoRoot as root } from './repo-root';
import { checkStoreFiles, ensurePrivateDir } from './safe-files';
import { keptToken, keptTokenFile, readTokenFile } from './token-file';
import type { StoreBounds } from './store/defaults';
import type { StoreOptions } from './store/event-store';
import { storeOpenFix } from './store/open-fix';
import { StoreClient } from './store/store-client';
import { TraceClock } from './trace/clock';
import { openAttribution } from './attribution/live';
import { Assembler } from './trace/assemble';
import { Pipeline } from './trace/pipeline';
import { ProcessTable, readProcIdentity } from './trace/process-table';
import { openReplay, REPLAY_FRAME, type Replay } from './trace/replay';
import { Tracer } from './trace/tracer';
import { XdpController } from './xdp/controller';
import { Lab, removeStaleLab } from './xdp/lab';
import { Hub } from './ws/hub';

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** A problem as a start that refuses says it: what, then the fix. */
const problemText = (p: Problem) => `${p.problem}\n  fix: ${p.fix}`;

function fail(message: string, code = 1): never {
  process.stderr.write(`ebpf-dash: ${message}\n`);
  process.exit(code);
}

/** The token as given (--token-file, --token, EBPF_DASH_TOKEN); else, as
 *  root, the one kept in the state folder; else (a user's replay, with no
 *  state folder of its own) a random one. */
function resolveToken(opts: Options): string {
  if (opts.tokenFile) {
    try {
      return readTokenFile(opts.tokenFile);
    } catch (err) {
      fail(`cannot use --token-file ${opts.tokenFile}: ${(err as Error).message}`);
    }
  }
  if (opts.token) return opts.token;
  if (process.getuid?.() !== 0) return randomToken();
  try {
    const kept = keptToken(opts.stateDir, opts.rotateToken);
    if (kept.made) process.stderr.write(`ebpf-dash: a new access token, kept in ${keptTokenFile(opts.stateDir)}\n`);
    return kept.token;
  } catch (err) {
    fail(`refusing --state-dir: ${(err as Error).message}`);
  }
}

async function main(): Promise<void> {
  const parsed = parseOptions(process.argv.slice(2), process.env);
  if (!parsed.ok) fail(`${parsed.error}\n\n${USAGE}`, 2);
  const opts = parsed.options;
  if (opts.help) {
    process.stdout.write(USAGE);
    return;
  }
  for (const w of opts.warnings) process.stderr.write(`ebpf-dash: WARNING: ${w}\n`);
  // What the backend creates is its owner's alone: the store, its WAL and
  // spill files (DuckDB makes them), recordings, state.
  process.umask(0o077);
  const token = resolveToken(opts);

  const paths = {
    loader: path.join(root, 'bpf/.output/openat'),
    xdpObject: path.join(root, 'bpf/.output/xdp_filter.bpf.o'),
    uiDir: path.join(root, 'out'),
  };
  // Wall-clock time at boot, to show trace timestamps as times of day (the
  // trace clock is CLOCK_MONOTONIC). A replay does not know the recording
  // machine's boot time: its times are shown relative to this machine's.
  const bootWallMs = Date.now() - Number(process.hrtime.bigint()) / 1e6;
  const { pipeline, source, control, stats } = opts.replay
    ? await startReplay(opts, paths.uiDir)
    : await startLive(opts, paths, bootWallMs);
  const hub = new Hub(pipeline, bootWallMs);
  const observability = observe({ view: pipeline, hub, live: control && stats ? { xdp: control.xdp, stats } : null });
  const restoreStats = () => {
    try {
      if (stats) restoreBpfStats(BPF_STATS_SYSCTL, stats, bpfStatsNote(opts));
    } catch (err) {
      process.stderr.write(`ebpf-dash: cannot restore kernel.bpf_stats_enabled: ${(err as Error).message}\n`);
    }
  };
  const server = createHttpServer(pipeline, hub, control, observability, {
    token,
    uiDir: paths.uiDir,
    allowHosts: opts.allowHosts,
    prometheus: opts.prometheus,
  });

  // What the kernel holds first (the filter, the tracer, the settings),
  // then the store, for STORE_CLOSE_MS at most: a stop never waits on a
  // query, and a second signal does not wait for the store at all.
  let stopping: 'detaching' | 'closing' | null = null;
  const shutdown = async (why: string) => {
    if (stopping === 'closing') {
      process.stderr.write(`ebpf-dash: ${why} again, leaving the store as it is (its log is replayed at the next start)\n`);
      process.exit(0);
    }
    if (stopping) return;
    stopping = 'detaching';
    process.stderr.write(`ebpf-dash: ${why}, detaching\n`);
    hub.close();
    server.close();
    server.closeAllConnections();
    // The lab goes with the backend, and the filter off it first; each
    // step tried even when the one before failed (pins left behind would
    // be adopted by the next start, but a stop should leave none).
    const cleanUp = async (step: () => Promise<void>) => {
      try {
        await step();
      } catch (err) {
        process.stderr.write(`ebpf-dash: XDP clean-up: ${(err as Error).message}\n`);
      }
    };
    if (control) {
      await cleanUp(() => removeLab(control, 'the lab it ran on was removed at exit'));
      await cleanUp(() => control.xdp.shutdown(opts.keepXdp));
    }
    await source.stop();
    restoreStats();
    stopping = 'closing';
    const closed = await Promise.race([
      pipeline.close().then(() => true),
      new Promise<false>((r) => setTimeout(() => r(false), STORE_CLOSE_MS).unref()),
    ]);
    if (!closed) process.stderr.write(`ebpf-dash: the store did not close within ${STORE_CLOSE_MS / 1000} s; leaving it (its log is replayed at the next start)\n`);
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  server.on('error', async (err: NodeJS.ErrnoException) => {
    await source.stop();
    await pipeline.close();
    restoreStats();
    await control?.xdp.shutdown(opts.keepXdp);
    fail(
      err.code === 'EADDRINUSE'
        ? `port ${opts.port} on ${opts.host} is in use (another ebpf-dash?); pick another with --port`
        : `cannot listen on ${opts.host}:${opts.port}: ${err.message}`,
    );
  });
  if (!isLoopback(opts.host)) {
    process.stderr.write(
      `ebpf-dash: WARNING: listening on ${opts.host}, not loopback: anyone who can reach it and has the token can drop this machine's traffic\n`,
    );
  }
  server.listen(opts.port, opts.host, () => {
    const host = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
    // In the fragment: browsers never send it, so it reaches no log.
    process.stdout.write(`ebpf-dash: open http://${host}:${opts.port}/#token=${token}\n`);
  });
}

/** How long a stop waits for the store to close (its last commit, its
 *  reads interrupted) before it exits anyway. */
const STORE_CLOSE_MS = 5_000;

const storeBounds = (opts: Options): StoreBounds => ({
  retentionSeconds: opts.retentionSeconds,
  maxMb: opts.dbMaxMb,
  memoryLimitMb: opts.dbMemoryMb,
  queryTimeoutMs: opts.queryTimeoutS * 1000,
});

async function openStore(options: StoreOptions): Promise<StoreClient> {
  try {
    checkStoreFiles(options.path);
  } catch (err) {
    fail(`refusing --db: ${(err as Error).message}`);
  }
  try {
    return await StoreClient.open(options);
  } catch (err) {
    const message = (err as Error).message;
    fail(`cannot open the event store ${options.path}: ${message}\n  fix: ${storeOpenFix(message)}`);
  }
}

/** Where the value of kernel.bpf_stats_enabled found at start is kept
 *  until it is put back, so a crash does not lose it. */
const bpfStatsNote = (opts: Options) => path.join(opts.stateDir, 'bpf-stats-enabled');

/** This boot, so a store written before a reboot is moved onto its clock. */
function bootId(): string {
  try {
    return fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return 'unknown';
  }
}

/** From the kernel: checks, store, tracer, the XDP filter, then the BPF
 *  run-time statistics for the cost figures (last: nothing before it
 *  fails once they are on). */
async function startLive(
  opts: Options,
  paths: Paths,
  bootWallMs: number,
): Promise<{ pipeline: Pipeline; source: Tracer; control: XdpDeps; stats: StatsSwitch }> {
  // The state dir first (as root: else preflight says to run as root): a
  // refused one is said even while another instance holds trace_pipe.
  if (process.getuid?.() === 0) {
    try {
      ensurePrivateDir(opts.stateDir);
    } catch (err) {
      fail(`refusing --state-dir: ${(err as Error).message}`);
    }
  }
  const { tracefs, problems } = await preflight(paths, opts.attach);
  if (problems.length) {
    fail(problems.map(problemText).join('\n'));
  }
  const store = await openStore({
    path: opts.db ?? path.join(opts.stateDir, 'events.duckdb'),
    frame: { bootId: bootId(), bootWallMs },
    ...storeBounds(opts),
  });
  const assembler = new Assembler(new ProcessTable(readProcIdentity), await openAttribution(), process.pid);
  const pipeline = new Pipeline(store, new TraceClock('monotonic'), { live: true, assembler });
  const tracer = new Tracer(pipeline, {
    tracefs,
    bufferKb: opts.bufferKb,
    bufferNote: path.join(opts.stateDir, 'trace-buffer-kb'),
    spoolMb: opts.spoolMb,
    loader: { binary: paths.loader, attach: opts.attach, scope: opts.scope, maxInflight: opts.maxInflight },
    record: opts.record ?? undefined,
  });
  try {
    await tracer.start();
  } catch (err) {
    await pipeline.close();
    const e = err as NodeJS.ErrnoException;
    fail(
      e.code === 'EBUSY'
        ? problemText(PIPE_BUSY)
        : `cannot start tracing: ${e.message}`,
    );
  }
  // After the tracer: a second instance has stopped at trace_pipe by now,
  // before it could touch the first one's XDP filter.
  const audit = new AuditLog(path.join(opts.stateDir, 'audit.log'));
  const xdp = new XdpController({
    object: paths.xdpObject,
    pinDir: '/sys/fs/bpf/ebpf-dash',
    stateFile: path.join(opts.stateDir, 'xdp.json'),
    dashboardPort: opts.port,
    onSystem: (action, args, result) => audit.record({ client: 'ebpf-dash', action, args, result }),
  });
  const lab = new Lab();
  try {
    await removeStaleLab();
    await xdp.init();
  } catch (err) {
    await tracer.stop();
    await pipeline.close();
    fail(`cannot set up the XDP filter: ${(err as Error).message}`);
  }
  const stats = enableBpfStats(BPF_STATS_SYSCTL, bpfStatsNote(opts));
  if (stats.previous !== undefined) {
    process.stderr.write('ebpf-dash: enabled kernel.bpf_stats_enabled for the cost figures; restored at exit\n');
  } else if (!stats.on) {
    process.stderr.write(`ebpf-dash: WARNING: ${stats.note}: the cost figures have no BPF run time\n`);
  }
  return { pipeline, source: tracer, control: { xdp, lab, audit }, stats };
}

/** From a recorded file: no root, no kernel, no XDP; the store in memory
 *  unless --db names a file. */
async function startReplay(
  opts: Options,
  uiDir: string,
): Promise<{ pipeline: Pipeline; source: Replay; control: null; stats: null }> {
  const file = opts.replay!;
  if (!fs.existsSync(`${uiDir}/index.html`)) fail(`the UI is not built (${uiDir})\n  fix: npx next build`);
  const store = await openStore({ path: opts.db ?? ':memory:', frame: REPLAY_FRAME, ...storeBounds(opts) });
  const opened = await openReplay({ file, speed: opts.speed }, store);
  try {
    await opened.replay.start();
  } catch (err) {
    await opened.pipeline.close();
    fail(`cannot replay ${file}: ${(err as Error).message}`);
  }
  return { pipeline: opened.pipeline, source: opened.replay, control: null, stats: null };
}

main().catch((err: Error) => fail(err.message));
