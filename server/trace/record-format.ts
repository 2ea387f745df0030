/**
 * A recording (--record FILE) is the raw trace_pipe lines of a session,
 * one per line as the kernel wrote them (bytes kept as they were), with a
 * `#odash-tag <16 hex>` line before the lines of each loader run, so a
 * replay can tell our lines from forgeries as the live backend did.
 *
 * Bytes inside a trace line are not ours: a task name in the kernel's
 * header, or another program's message, may hold a newline and go on with
 * `#odash-tag …`. So each recording starts with RECORD_HEADER, and after
 * it no trace line is written starting with '#': a line starting with '#'
 * or '\' gets one '\' put before it, which replay takes off. Every '#'
 * line of such a file is ours.
 *
 * Files without the header are read as before: a plain trace_pipe capture
 * (`cat trace_pipe > file`), where only the article's BCC lines become
 * events, and recordings of the older format, whose tag lines are still
 * taken (if of 16 lowercase hex digits): there they cannot be told from a
 * forged line, which is what the header is for.
 */
export const RECORD_HEADER = '#odash-record 2';
const TAG_PREFIX = '#odash-tag ';
/** As the loader prints a tag (tracer.ts, newTag). */
const TAG = /^[0-9a-f]{16}$/;

export type RecordLine =
  | { kind: 'header' }
  | { kind: 'tag'; tag: string }
  | { kind: 'trace'; line: string }
  | { kind: 'bad'; reason: string };

/** A trace_pipe line as written to a recording (without its newline). */
export function recordLine(line: string): string {
  const c = line.charCodeAt(0);
  return c === 0x23 /* # */ || c === 0x5c /* \ */ ? `\\${line}` : line;
}

export function recordTagLine(tag: string): string {
  return `${TAG_PREFIX}${tag}`;
}

/** One line of a recording; `escaped`: a header came before it. */
export function readRecordLine(line: string, escaped: boolean): RecordLine {
  if (line === RECORD_HEADER) return { kind: 'header' };
  if (line.startsWith(TAG_PREFIX)) {
    const tag = line.slice(TAG_PREFIX.length);
    return TAG.test(tag) ? { kind: 'tag', tag } : { kind: 'bad', reason: 'bad tag line' };
  }
  if (!escaped) return { kind: 'trace', line };
  const c = line.charCodeAt(0);
  if (c === 0x5c) return { kind: 'trace', line: line.slice(1) };
  return c === 0x23 ? { kind: 'bad', reason: 'bad record line' } : { kind: 'trace', line };
}
