/** What to do when the event store cannot open, from DuckDB's reason. */
export function storeOpenFix(message: string): string {
  // DuckDB's own words for a lock another process holds ("lock" alone is
  // also in a damaged file's "in block at").
  return /Could not set lock on file|Conflicting lock is held/.test(message)
    ? 'another ebpf-dash uses it: stop that one, or give this one its own with --db PATH (or --db :memory:)'
    : 'move the file away to start a new store (or pick another with --db PATH)';
}
