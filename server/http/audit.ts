/**
 * Every control action, appended to a JSON-lines file: time, client
 * address, action, arguments, result. The newest entries are also kept in
 * memory for GET /api/audit.
 */
import fs from 'node:fs';
import { openAppend } from '../safe-files';
import { auditEntrySchema, type AuditEntry } from '../../protocol/xdp';

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const KEEP = 500;

export class AuditLog {
  private readonly entries: AuditEntry[] = [];

  private readonly fd: number;

  /** file lives in the state dir, checked by ensurePrivateDir. */
  constructor(file: string) {
    try {
      const lines = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).slice(-KEEP);
      for (const l of lines) {
        // A torn last line from a crash, or anything else that is not an
        // entry: skipped, so one bad line cannot break GET /api/audit.
        const entry = safeJson(l);
        const checked = auditEntrySchema.safeParse(entry);
        if (checked.success) this.entries.push(checked.data);
      }
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    this.fd = openAppend(file);
  }

  record(entry: Omit<AuditEntry, 'time'>): void {
    const full = { time: new Date().toISOString(), ...entry };
    fs.writeSync(this.fd, `${JSON.stringify(full)}\n`);
    this.entries.push(full);
    if (this.entries.length > KEEP) this.entries.shift();
  }

  /** Newest first. */
  recent(limit = KEEP): AuditEntry[] {
    return this.entries.slice(-limit).reverse();
  }
}
