/** Whether the event table keys its rows by slot rather than by event.
 *  By event while the newest row of the last render is still among the
 *  rows drawn: a row that moved down keeps its DOM and skips its cells. By
 *  slot once every row drawn is new (a burst, thousands of opens a
 *  second): then no row survives anyway, and rewriting the text of the rows
 *  in place costs the browser far less than removing and building them all
 *  again, four times a second. */
export function keyRowsBySlot<T>(events: readonly T[], previousTop: T | undefined, rowsDrawn: number): boolean {
  if (previousTop === undefined) return false;
  const n = Math.min(rowsDrawn, events.length);
  for (let i = 0; i < n; i++) if (events[i] === previousTop) return false;
  return n > 0;
}
