/** User names by uid, from /etc/passwd, kept fresh without blocking lookups. */
import fs from 'node:fs';

const RECHECK_MS = 5000;
const UID_MAX = 2 ** 32 - 1;

/** Pure: name:password:uid:gid:gecos:home:shell lines to names by uid.
 *  Comments, NIS entries (+name, -name) and lines without seven fields or
 *  with a non-numeric uid or gid are skipped; the first name for a uid wins,
 *  as getpwuid(3) reads the file. */
export function parsePasswd(text: string): Map<number, string> {
  const names = new Map<number, string>();
  for (const line of text.split('\n')) {
    const fields = line.replace(/\r$/, '').split(':');
    const [name, , uid, gid] = fields;
    if (fields.length !== 7 || !name || /^[#+-]/.test(name) || !/^\d{1,10}$/.test(uid!) || !/^\d{1,10}$/.test(gid!)) continue;
    const id = Number(uid);
    if (id <= UID_MAX && !names.has(id)) names.set(id, name);
  }
  return names;
}

export class UserNames {
  private names = new Map<number, string>();
  /** Which file version the names came from: a rename or an edit changes it. */
  private version = '';
  private checkedAt = -Infinity;
  private checking = false;

  private constructor(private readonly file: string) {}

  /** Names as the file holds them now; none when it cannot be read. */
  static async open(file = '/etc/passwd'): Promise<UserNames> {
    const users = new UserNames(file);
    await users.check();
    return users;
  }

  /** A Map read; at most every 5 s it starts a check of the file in the
   *  background, whose changes later lookups see. */
  nameOf(uid: number): string | null {
    if (!this.checking && Date.now() - this.checkedAt >= RECHECK_MS) void this.check();
    return this.names.get(uid) ?? null;
  }

  private async check(): Promise<void> {
    this.checking = true;
    this.checkedAt = Date.now();
    try {
      const st = await fs.promises.stat(this.file);
      const version = `${st.ino}:${st.size}:${st.mtimeMs}`;
      if (version !== this.version) {
        this.names = parsePasswd(await fs.promises.readFile(this.file, 'utf8'));
        this.version = version;
      }
    } catch {
      this.names = new Map(); // gone: no names rather than stale ones
      this.version = '';
    } finally {
      this.checking = false;
    }
  }
}
