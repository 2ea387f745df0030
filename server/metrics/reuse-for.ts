/** A read whose answer is reused for `ms`: a Prometheus scrape every second,
 *  whose collectors all ask, costs one read. A failed read is not kept. */
export function reuseFor<T>(ms: number, read: () => Promise<T>, now: () => number = Date.now): () => Promise<T> {
  let kept: { at: number; value: Promise<T> } | null = null;
  return () => {
    const t = now();
    if (kept && t - kept.at < ms) return kept.value;
    const value = read();
    const entry = { at: t, value };
    kept = entry;
    value.catch(() => {
      if (kept === entry) kept = null;
    });
    return value;
  };
}
