// A worker thread's first module (see ts-worker.ts): tsx's require hook,
// then the TypeScript module the thread runs. The require hook works in
// the thread itself; tsx's ESM hooks would start a loader thread of their
// own for each worker (about 40 MB more each).
const { workerData } = require('node:worker_threads');
require('tsx/cjs/api').register();
require(workerData.module);
