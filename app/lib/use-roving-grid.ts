import { type FocusEvent, type KeyboardEvent, useCallback, useLayoutEffect, useRef } from 'react';
import { gridMove } from './roving-grid';

const CONTROLS = 'a[href], button:not([disabled])';

function controlsByRow(table: HTMLTableElement): HTMLElement[][] {
  return [...table.rows].map((tr) => [...tr.querySelectorAll<HTMLElement>(CONTROLS)]);
}

/** A table's links and buttons as one tab stop (roving tabindex): the
 *  control last focused keeps tabindex 0, the others -1, and the arrow
 *  keys, Home, End and Page Up/Down move between them (see gridMove).
 *  Runs after every render, since rows come and go with live data. */
export function useRovingGrid() {
  const ref = useRef<HTMLTableElement>(null);
  const active = useRef<HTMLElement | null>(null);

  useLayoutEffect(() => {
    const table = ref.current;
    if (!table) return;
    const all = controlsByRow(table).flat();
    if (!active.current || !all.includes(active.current)) active.current = all[0] ?? null;
    for (const el of all) el.tabIndex = el === active.current ? 0 : -1;
  });

  const onFocus = useCallback((e: FocusEvent<HTMLTableElement>) => {
    const el = e.target as HTMLElement;
    if (!el.matches(CONTROLS) || el === active.current) return;
    if (active.current) active.current.tabIndex = -1;
    el.tabIndex = 0;
    active.current = el;
  }, []);

  const onKeyDown = useCallback((e: KeyboardEvent<HTMLTableElement>) => {
    const table = ref.current;
    if (!table || e.altKey || e.metaKey || e.shiftKey) return;
    const grid = controlsByRow(table);
    const row = grid.findIndex((r) => r.includes(e.target as HTMLElement));
    if (row < 0) return;
    const col = grid[row]!.indexOf(e.target as HTMLElement);
    const to = gridMove(
      grid.map((r) => r.length),
      [row, col],
      e.key,
      e.ctrlKey,
    );
    if (!to) return;
    e.preventDefault();
    grid[to[0]]?.[to[1]]?.focus();
  }, []);

  return { ref, onFocus, onKeyDown };
}
