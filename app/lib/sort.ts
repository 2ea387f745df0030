/** A table's order: the column it is sorted by, and whether biggest first. */
export interface Sort<K extends string> {
  key: K;
  desc: boolean;
}

/** The order after a click on `key`'s header: the same column flips; another
 *  starts in its own first order (numbers biggest first, names A to Z). */
export function nextSort<K extends string>(current: Sort<K>, key: K, firstDesc: (key: K) => boolean): Sort<K> {
  return current.key === key ? { key, desc: !current.desc } : { key, desc: firstDesc(key) };
}
