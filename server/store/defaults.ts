/** The store's bounds when no option sets them. 24 h answers "what happened overnight"; on a busy host (2-5k opens/s)
 *  the size bound comes first: 10-40 bytes an event on disk (npm run
 *  bench), so 25-100M events in 1 GB. 256 MB lets the views group 10M events in memory;
 *  bigger ones spill to a temporary directory beside the database. */
export const STORE_DEFAULTS = { retentionSeconds: 86_400, maxMb: 1024, memoryLimitMb: 256 } as const;
