/**
 * Test lines as the kernel writes them: bpf_printk's conversions over a
 * record's format (line-format.ts), behind a trace_pipe header.
 */
import { printfFormat, type RecordFormat } from '../trace/line-format';

/** What the kernel side escapes (bpf/openat.bpf.c, esc_byte). */
export function escapeBytes(bytes: Uint8Array | string): string {
  const b = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
  let out = '';
  for (const c of b) out += c > 0x20 && c < 0x7f && c !== 0x5c ? String.fromCharCode(c) : `\\x${c.toString(16).padStart(2, '0')}`;
  return out;
}

/** The format's conversions filled from args, in order, as the kernel's
 *  bstr_printf does for the ones we use. */
export function printk(format: string, args: readonly (number | bigint | string)[]): string {
  let i = 0;
  return format.replace(/%(llx|llu|ld|u|s)/g, (_, conv: string) => {
    const a = args[i++];
    if (a === undefined) throw new Error(`too few arguments for ${format}`);
    if (conv === 'llx') return BigInt(a).toString(16);
    return String(a);
  });
}

/** A record's message: `values` by field key, the tag first. */
export function message(r: RecordFormat, tag: string, values: Record<string, number | string>): string {
  return printk(printfFormat(r), [tag === '' ? 0 : BigInt(`0x${tag}`), ...r.fields.map((f) => {
    const v = values[f.key];
    if (v === undefined) throw new Error(`no value for ${f.key}`);
    return v;
  })]);
}

/** A trace_pipe line: the header (task name as raw latin1) and a message. */
export function traceLine(task: string, tid: number, cpu: number, ts: number, msg: string): string {
  return `${task.padStart(16)}-${tid} [${String(cpu).padStart(3, '0')}] ...21 ${ts.toFixed(6)}: bpf_trace_printk: ${msg}`;
}
