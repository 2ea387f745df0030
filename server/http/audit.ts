/**
 * Every control action, appended to a JSON-lines file: time, client
 * address, action, arguments, result. The newest entries are also kept in
 * memory for GET /api/audit.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { AuditEntry } from '../../protocol/xdp';

const KEEP = 500;

export class AuditLog {
  private readonly entries: AuditEntry[] = [];

  constructor(private readonly file: string) {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    try {
      const lines = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).slice(-KEEP);
      for (const l of lines) {
        try {
          this.entries.push(JSON.parse(l) as AuditEntry);
        } catch {
          // a torn last line from a crash: skip it
        }
      }
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }

  record(entry: Omit<AuditEntry, 'time'>): void {
    const full = { time: new Date().toISOString(), ...entry };
    fs.appendFileSync(this.file, `${JSON.stringify(full)}\n`, { mode: 0o600 });
    this.entries.push(full);
    if (this.entries.length > KEEP) this.entries.shift();
  }

  /** Newest first. */
  recent(limit = KEEP): AuditEntry[] {
    return this.entries.slice(-limit).reverse();
  }
}
