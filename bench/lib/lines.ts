/** Trace bytes as the backend reads them: through the line splitter, in
 *  chunks of what the pipe reader hands it at most. */
import { LineSplitter } from '../../server/trace/line-splitter';

export const CHUNK = 1 << 20;

export function splitLines(bytes: Buffer): string[] {
  const lines: string[] = [];
  const s = new LineSplitter((l) => lines.push(l), () => {});
  for (let at = 0; at < bytes.length; at += CHUNK) s.push(bytes.subarray(at, at + CHUNK));
  s.end();
  return lines;
}
