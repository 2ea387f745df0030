/**
 * Starts a worker thread on a TypeScript module. Bundled (npm start, the
 * tests' backends: scripts/build-server.mjs), the module's own bundle
 * beside this one runs. Under tsx (the unit tests), whose hooks do not
 * reach worker threads on Node 20, the thread starts in
 * ts-worker-boot.cjs, which loads the module through tsx's require hook:
 * as CommonJS, so no top-level await and no import.meta. Either way the
 * module reads its data as `workerData.data`.
 */
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

const BUNDLED = import.meta.url.endsWith('.mjs');
const BOOT = new URL('./ts-worker-boot.cjs', import.meta.url);

/** `module`: the worker's .ts file, as new URL('./x.ts', import.meta.url)
 *  names it (bundled: .build/server/x.ts, whose bundle is x.mjs). */
export function startTsWorker(module: URL, data: unknown): Worker {
  const file = fileURLToPath(module);
  if (BUNDLED) return new Worker(file.replace(/\.ts$/, '.mjs'), { workerData: { data } });
  return new Worker(BOOT, { workerData: { module: file, data } });
}
