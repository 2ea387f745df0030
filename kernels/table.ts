/** The matrix as a plain-text table, and its verdict. Pure. */

export interface Row {
  kernel: string;
  mode: string;
  suite: string;
  /** passed, failed, or why it did not run (the guest died, timed out). */
  result: 'passed' | 'failed' | 'not run';
  seconds: number | null;
  note: string;
}

export function formatTable(rows: readonly Row[]): string {
  const head = ['kernel', 'mode', 'suite', 'result', 'seconds', 'note'];
  const cells = rows.map((r) => [r.kernel, r.mode, r.suite, r.result, r.seconds === null ? '-' : String(r.seconds), r.note]);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => c.map((v, i) => v.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}

/** Every row passed, and there was at least one. */
export const allPassed = (rows: readonly Row[]) => rows.length > 0 && rows.every((r) => r.result === 'passed');
