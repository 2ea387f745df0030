/** Exported events as CSV (RFC 4180), for spreadsheets and scripts: the
 *  records of record.ts, one line each. Pure. */
import { EXPORT_FIELDS, type ExportRecord } from './record';

/** Quotes a field when it holds a comma, quote, CR or LF. A field that a
 *  spreadsheet would run as a formula (= + - @ first) gets a leading ',
 *  since names and paths are chosen by any local user. */
export function csvField(value: string): string {
  const v = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** Unknown is empty, a flag 1 or 0; ts keeps its microseconds. */
function csvValue(field: string, v: ExportRecord[keyof ExportRecord]): string {
  if (v === null) return '';
  if (typeof v === 'boolean') return v ? '1' : '0';
  if (typeof v === 'number') return field === 'ts' ? v.toFixed(6) : String(v);
  return csvField(v);
}

export function csvRow(r: ExportRecord): string {
  return EXPORT_FIELDS.map((f) => csvValue(f, r[f])).join(',');
}

export function toCsv(records: readonly ExportRecord[]): string {
  return [EXPORT_FIELDS.join(','), ...records.map(csvRow)].join('\r\n') + '\r\n';
}
