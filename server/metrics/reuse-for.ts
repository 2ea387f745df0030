export interface ReuseOptions {
  /** How long an answer is used as it is. */
  freshMs: number;
  /** How much longer it is still answered at once, while one new read runs
   *  behind it; 0: past freshMs, callers wait for the new read. */
  staleMs?: number;
  now?: () => number;
}

/**
 * A read whose answer is reused: a Prometheus scrape, whose collectors all
 * ask, costs one read; with staleMs, it does not even wait for that one
 * (bpftool takes seconds on a loaded host, past a 1 s scrape timeout, and a
 * failed scrape marks every series stale). A failed read is not kept.
 */
export function reuseFor<T>(read: () => Promise<T>, { freshMs, staleMs = 0, now = Date.now }: ReuseOptions): () => Promise<T> {
  let kept: { at: number; value: Promise<T> } | null = null;
  let refreshing = false;
  const readAndKeep = (t: number) => {
    const entry = { at: t, value: read() };
    entry.value.catch(() => {
      if (kept === entry) kept = null;
    });
    return entry;
  };
  return () => {
    const t = now();
    if (kept && t - kept.at < freshMs) return kept.value;
    if (kept && t - kept.at < freshMs + staleMs) {
      if (!refreshing) {
        refreshing = true;
        const next = readAndKeep(t);
        // The old answer stays until the new one is in; a failed one leaves it.
        next.value.then(() => (kept = next), () => {}).finally(() => (refreshing = false));
      }
      return kept.value;
    }
    kept = readAndKeep(t);
    return kept.value;
  };
}
