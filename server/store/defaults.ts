/**
 * The store's bounds when no option sets them. 24 h answers "what happened
 * overnight". On a busy host (2-5k opens/s) the size bound comes first:
 * an event takes 10-40 bytes on disk (npm run bench), so 1 GB holds
 * 25-100M of them. 256 MB is enough for the views' groupings of 10M
 * events; bigger ones spill to a temporary folder beside the database.
 */
export const STORE_DEFAULTS = { retentionSeconds: 86_400, maxMb: 1024, memoryLimitMb: 256 } as const;
