/**
 * Bytes -> lines. trace_pipe hands out chunks that end anywhere; this keeps
 * the unfinished tail for the next chunk. Lines come out as latin1 strings
 * (one char per byte) so no byte is lost to UTF-8 decoding. A line longer
 * than maxLine is cut and reported, never buffered without bound.
 */
export class LineSplitter {
  private tail = '';
  private skipping = false;

  constructor(
    private readonly onLine: (line: string) => void,
    private readonly onOverlong: () => void,
    private readonly maxLine = 64 * 1024,
  ) {}

  push(chunk: Uint8Array): void {
    const text = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString('latin1');
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (nl < 0) break;
      const piece = text.slice(start, nl);
      start = nl + 1;
      if (this.skipping) {
        this.skipping = false;
        this.tail = '';
        continue;
      }
      const line = this.tail ? this.tail + piece : piece;
      this.tail = '';
      if (line.length > this.maxLine) this.onOverlong();
      else this.onLine(line);
    }
    if (this.skipping) return;
    this.tail += text.slice(start);
    if (this.tail.length > this.maxLine) {
      this.onOverlong();
      this.tail = '';
      this.skipping = true;
    }
  }

  /** The stream ended: a last line without its newline still counts. */
  end(): void {
    if (this.tail && !this.skipping) this.onLine(this.tail);
    this.tail = '';
    this.skipping = false;
  }
}
