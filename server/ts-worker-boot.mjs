// A worker thread's first module (see ts-worker.ts): tsx's hooks, then the
// TypeScript module the thread runs.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.module);
