/** Where an arrow key moves the focus in a grid of controls (a table's
 *  links and buttons, row by row): the table is one tab stop and the
 *  arrows move inside it, as the ARIA grid pattern has it. Pure. */

/** Rows a Page Up or Page Down moves by. */
export const GRID_PAGE = 10;

/** `rows[r]` is how many controls row r holds (0: none, skipped); `at` is
 *  [row, column] now. The next position, or null when the key is not one
 *  the grid takes. Moves stop at the edges; a column past the end of a
 *  shorter row lands on its last control. */
export function gridMove(
  rows: readonly number[],
  at: readonly [number, number],
  key: string,
  ctrl = false,
): [number, number] | null {
  const [row, col] = at;
  const filled = rows.flatMap((n, r) => (n > 0 ? [r] : []));
  const first = filled[0];
  const last = filled[filled.length - 1];
  if (first === undefined || last === undefined) return null;
  const inRow = (r: number, c: number): [number, number] => [r, Math.max(0, Math.min(c, (rows[r] ?? 1) - 1))];
  const by = (steps: number): [number, number] => {
    const i = filled.indexOf(row);
    const j = Math.max(0, Math.min(filled.length - 1, (i < 0 ? 0 : i) + steps));
    return inRow(filled[j]!, col);
  };
  switch (key) {
    case 'ArrowDown':
      return by(1);
    case 'ArrowUp':
      return by(-1);
    case 'PageDown':
      return by(GRID_PAGE);
    case 'PageUp':
      return by(-GRID_PAGE);
    case 'ArrowRight':
      return inRow(row, col + 1);
    case 'ArrowLeft':
      return inRow(row, col - 1);
    case 'Home':
      return ctrl ? inRow(first, 0) : inRow(row, 0);
    case 'End':
      return ctrl ? inRow(last, Number.MAX_SAFE_INTEGER) : inRow(row, Number.MAX_SAFE_INTEGER);
    default:
      return null;
  }
}
