/**
 * Real trace_pipe lines for the parser benchmark: the dashboard's own
 * loader (with a known tag) while the generator opens plain paths and
 * awkward ones under awkward names, read by `cat trace_pipe > file`.
 */
import path from 'node:path';
import { drainPipe } from '../server/trace/pipe-reader';
import { BUFFER_KB } from './lib/backend';
import { BURST_PATH, fileSize, LOADER, runGenerator, settle, spawnTracked, stop, waitForLine } from './lib/proc';
import { log, runDir, writePhase } from './lib/results';
import { catTracePipe, TRACE_PIPE, waitForTracePipe, withBuffer } from './lib/tracefs';

const TAG = 'b0e4c4b0e4c4b0e4';
const PLAIN = Number(process.env.BENCH_CAPTURE_PLAIN ?? 200_000);
const MIXED = Number(process.env.BENCH_CAPTURE_MIXED ?? 100_000);

await waitForTracePipe('capturing real lines for the parser benchmark');
log(`capture: ${PLAIN} plain and ${MIXED} awkward opens through bpf/.output/openat`);
const file = path.join(runDir, 'odash-trace.txt');
await withBuffer(BUFFER_KB, async () => {
  drainPipe(TRACE_PIPE);
  const loader = spawnTracked(LOADER, ['--attach', 'tracepoint'], { env: { ...process.env, ODASH_TAG: TAG } });
  const cat = await catTracePipe(file).catch(async (err) => {
    await stop(loader);
    throw err;
  });
  try {
    await waitForLine(loader, /"type":"ready"/, 'the openat loader');
    await runGenerator(['burst', String(PLAIN), BURST_PATH]);
    await runGenerator(['mix', String(MIXED)]);
    await settle(() => fileSize(file));
  } finally {
    await stop(loader);
    await stop(cat);
  }
});
writePhase('capture', { tag: TAG, file, bytes: fileSize(file) });
