/**
 * The event store's own thread: the EventStore (DuckDB) lives here, so
 * its appends, commits, queries and upkeep never hold up the backend's
 * event loop. It takes events in batches and answers calls as they come; a
 * read commits first, so it sees every event sent before it. Its peer: store-client.ts.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { EventStore, type StoreOptions } from './event-store';
import type { FromStore, StoreCall, ToStore } from './store-thread';

const port = parentPort!;
const send = (m: FromStore) => port.postMessage(m);

const options = (workerData as { data: StoreOptions }).data;
/** How often a store DuckDB gave up on is tried again. */
const REOPEN_MS = 5000;

/** Opened at the thread's start (loaded as CommonJS: no top-level await). */
let store: EventStore;
/** Set while the store is being reopened: why. */
let reopening: string | null = null;
/** Asked to close: a reopening gives up. */
let closing = false;
EventStore.open(options).then(
  (opened) => {
    store = opened;
    port.on('message', receive);
    send({ type: 'ready', nextSeq: store.nextNumber, status: store.status });
  },
  (err: Error) => {
    send({ type: 'failed', message: err.message });
    port.close();
  },
);

/** DuckDB's words for a database it will not use again until it is opened
 *  afresh (a checkpoint that could not be written: a full disk). */
const FATAL = /database has been invalidated|^FATAL Error/;

/**
 * Closes a store DuckDB gave up on and opens it again, every REOPEN_MS
 * until it opens (room on the disk again): what it had committed comes
 * back, what came meanwhile is counted as not written, and its status says
 * so. Calls meanwhile fail with the reason.
 */
function reopen(why: string): void {
  if (reopening) return;
  reopening = why;
  const broken = store;
  void (async () => {
    await broken.close().catch(() => undefined);
    while (!closing) {
      await new Promise((r) => setTimeout(r, REOPEN_MS));
      if (closing) break;
      try {
        const fresh = await EventStore.open(options);
        fresh.resumeFrom(broken.status, why);
        store = fresh;
        break;
      } catch (err) {
        broken.noteError(`reopening after a fatal error (${why}) failed, tried again in ${REOPEN_MS / 1000} s: ${(err as Error).message}`);
      }
    }
    reopening = null;
  })();
}

/** Reopens the store if an error, or its status, says DuckDB gave up on
 *  it (not the note of a reopening, which quotes such an error). */
function checkFatal(message: string | null): void {
  if (message && !message.startsWith('reopen') && FATAL.test(message.replace(/^[\w ]+: /, ''))) reopen(message);
}

/** A call is the EventStore method of that name (store-thread.ts says which). */
function answer(call: StoreCall): Promise<unknown> {
  if (reopening && call.method !== 'close') {
    return Promise.reject(new Error(`the event store is being reopened after a fatal error (${reopening}); tried every ${REOPEN_MS / 1000} s`));
  }
  const method = store[call.method] as (...args: unknown[]) => Promise<unknown>;
  return method.apply(store, call.args);
}

function receive(m: ToStore): void {
  switch (m.type) {
    case 'events': {
      const b = m.batch;
      if (store.putBatch(b)) {
        const buffers: [ArrayBuffer, ArrayBuffer] = [b.numbers.buffer, b.refs.buffer];
        port.postMessage({ type: 'written', rows: b.rows, status: store.status, buffers } satisfies FromStore, buffers);
      } else {
        send({ type: 'written', rows: b.rows, status: store.status });
      }
      return;
    }
    case 'exec':
      store.addExec(m.record);
      return;
    case 'call':
      if (m.method === 'close') closing = true;
      // At once, as in one thread: each read commits what came before it.
      answer(m).then(
        (value) => send({ type: 'reply', id: m.id, ok: true, value, status: store.status }),
        (err: Error) => {
          if (!reopening) checkFatal(err.message);
          send({ type: 'reply', id: m.id, ok: false, message: err.message, status: store.status });
        },
      ).finally(() => {
        if (!reopening) checkFatal(store.status.lastError);
        if (m.method === 'close') port.close();
      });
  }
}
