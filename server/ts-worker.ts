/**
 * Starts a worker thread on a TypeScript module. The backend runs under
 * tsx (`node --import tsx`), whose hooks do not reach worker threads on
 * Node 20: the thread starts in ts-worker-boot.mjs, which registers them
 * before importing the module. The module reads its data as `workerData.data`.
 */
import { Worker } from 'node:worker_threads';

const BOOT = new URL('./ts-worker-boot.mjs', import.meta.url);

export function startTsWorker(module: URL, data: unknown): Worker {
  return new Worker(BOOT, { workerData: { module: module.href, data } });
}
