/** The messages between the store's thread (store-worker.ts) and its
 *  client on the main thread (store-client.ts). */
import type { StoreStats } from '../../protocol/views';
import type { ExecRecord } from '../trace/parse-line';
import type { EventBatch } from './batch';
import type { Store } from './store';

/** What the store's thread answers: every Store method but those the
 *  client keeps itself (numbering, queueing, its backlog and status). */
export type StoreMethod = Exclude<keyof Store, 'add' | 'addExec' | 'backlog' | 'behind' | 'caughtUp' | 'status'>;

export interface StoreCall {
  type: 'call';
  id: number;
  method: StoreMethod;
  args: unknown[];
}

export type ToStore =
  /** Its buffers are transferred, not copied. */
  | { type: 'events'; batch: EventBatch }
  | { type: 'exec'; record: ExecRecord }
  | StoreCall;

export type FromStore =
  | { type: 'ready'; nextSeq: number; status: StoreStats }
  | { type: 'failed'; message: string }
  /** A batch is in the store (queued for its next commit); its buffers
   *  come back (transferred) once appended, for the next batches. */
  | { type: 'written'; rows: number; status: StoreStats; buffers?: [ArrayBuffer, ArrayBuffer] }
  | { type: 'reply'; id: number; ok: true; value: unknown; status: StoreStats }
  | { type: 'reply'; id: number; ok: false; message: string; status: StoreStats };
