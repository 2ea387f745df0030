/**
 * The kernel's trace ring buffer size (buffer_size_kb, per CPU). Until
 * something expands it, it is a few KB: bpf_printk alone does not expand
 * it, and a burst of opens then overwrites most lines before anyone reads
 * them. We raise it while we run and put it back when we stop.
 */
import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../safe-files';

/** Pure: "7 (expanded: 1408)" or "1408" -> the size in force, in KB. */
export function parseBufferSizeKb(text: string): number | undefined {
  const m = /^\s*(\d+)/.exec(text);
  return m ? Number(m[1]) : undefined;
}

export interface BufferChange {
  /** What it was (KB per CPU), to put back; undefined when we left it. */
  previousKb: number | undefined;
  currentKb: number;
}

/**
 * Grows the buffer to at least wantKb per CPU; never shrinks it. The size
 * it found is noted in `note` first, so that after a crash (kill -9: no
 * chance to restore) the next start still knows what to put back.
 */
export function growTraceBuffer(tracefs: string, wantKb: number, note: string): BufferChange {
  const file = path.join(tracefs, 'buffer_size_kb');
  const noted = readNote(note);
  const before = noted ?? parseBufferSizeKb(fs.readFileSync(file, 'utf8'));
  if (before === undefined || before >= wantKb) return { previousKb: undefined, currentKb: before ?? wantKb };
  fs.mkdirSync(path.dirname(note), { recursive: true, mode: 0o700 });
  writeFileAtomic(note, `${before}\n`);
  fs.writeFileSync(file, String(wantKb));
  return { previousKb: before, currentKb: wantKb };
}

export function restoreTraceBuffer(tracefs: string, change: BufferChange, note: string): void {
  if (change.previousKb === undefined) return;
  fs.writeFileSync(path.join(tracefs, 'buffer_size_kb'), String(change.previousKb));
  fs.rmSync(note, { force: true });
}

function readNote(note: string): number | undefined {
  try {
    return parseBufferSizeKb(fs.readFileSync(note, 'utf8'));
  } catch {
    return undefined;
  }
}
