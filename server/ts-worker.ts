/**
 * Starts a worker thread on a TypeScript module. The backend runs under
 * tsx (`node --import tsx`), whose hooks do not reach worker threads on
 * Node 20: the thread starts in ts-worker-boot.cjs, which loads the module
 * through tsx's require hook. So the module is loaded as CommonJS: no
 * top-level await, no import.meta. It reads its data as `workerData.data`.
 */
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

const BOOT = new URL('./ts-worker-boot.cjs', import.meta.url);

export function startTsWorker(module: URL, data: unknown): Worker {
  return new Worker(BOOT, { workerData: { module: fileURLToPath(module), data } });
}
