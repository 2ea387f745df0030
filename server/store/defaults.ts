/**
 * The store's bounds when no option sets them. 24 h answers "what happened
 * overnight". On a busy host (2-5k opens/s) the size bound comes first:
 * an event takes 10-40 bytes on disk (npm run bench), so 1 GB holds
 * 25-100M of them. 256 MB is enough for the views' groupings of 10M
 * events; bigger ones spill to a temporary folder beside the database.
 */
export interface StoreBounds {
  retentionSeconds: number;
  /** The data's size (MB) past which the oldest events go. */
  maxMb: number;
  /** DuckDB's memory_limit: queries past it spill to disk or fail, never
   *  grow the backend. */
  memoryLimitMb: number;
  /** A view running longer is stopped, and says so: one heavy page can
   *  hold neither a turn nor DuckDB's threads for ever. */
  queryTimeoutMs?: number;
}

export const STORE_DEFAULTS = { retentionSeconds: 86_400, maxMb: 1024, memoryLimitMb: 256, queryTimeoutMs: 30_000 } satisfies StoreBounds;
