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

/** Opened at the thread's start (loaded as CommonJS: no top-level await). */
let store: EventStore;
EventStore.open((workerData as { data: StoreOptions }).data).then(
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

/** A call is the EventStore method of that name (store-thread.ts says which). */
function answer(call: StoreCall): Promise<unknown> {
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
      // At once, as in one thread: each read commits what came before it.
      answer(m).then(
        (value) => send({ type: 'reply', id: m.id, ok: true, value, status: store.status }),
        (err: Error) => send({ type: 'reply', id: m.id, ok: false, message: err.message, status: store.status }),
      ).finally(() => {
        if (m.method === 'close') port.close();
      });
  }
}
