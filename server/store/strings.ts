/**
 * The writer's side of the strings table (schema.ts): text -> id, so each
 * distinct name, path or unit is written once. Bounded: past MAX_TEXT_CHARS
 * the oldest texts are let go (one seen again then gets a second id, which
 * views allow for), so a flood of distinct paths cannot grow the backend;
 * but a text used since its last turn gets another (a second chance, as a
 * clock cache), so the few busy ones (names, units, the flood's own
 * directory) keep their one id through any flood. A text used as a file
 * is given its directory once (file_dirs: the directory a text of its
 * own, one level, however deep the path), so an event's directory is its
 * file's: no column of every event holds it.
 */

/** A file's directory: all before its last slash ('/' for the root's,
 *  '.' for a name without one), as the Files page groups files. */
export function dirOf(text: string): string {
  const slash = text.lastIndexOf('/');
  return slash < 0 ? '.' : slash === 0 ? '/' : text.slice(0, slash);
}

/** Characters held: a busy host's hour has ~100k distinct texts of ~60. */
export const MAX_TEXT_CHARS = 8_000_000;

/** A file's text's id and its directory's (a row of file_dirs). */
export interface FileDir {
  file: number;
  dir: number;
}

export class Dictionary {
  private readonly ids = new Map<string, number>();
  /** The same, by id (the strings are shared, not copied). */
  private readonly byId = new Map<number, string>();
  private chars = 0;
  /** Ids in the order given, the oldest at `head` (a Map's own order
   *  costs a walk over its deleted entries at every look). */
  private order: number[] = [];
  private head = 0;
  /** Ids looked up again since their last turn in `order`. */
  private readonly used = new Set<number>();
  /** Texts given an id since the last take(), to be written before the
   *  rows that refer to them. */
  private fresh: { id: number; text: string }[] = [];
  /** Ids used as files whose directory is written (or about to be). */
  private readonly filed = new Set<number>();
  private freshDirs: FileDir[] = [];

  constructor(private nextId: number, private readonly max = MAX_TEXT_CHARS) {}

  /** The text's id; 0 for ''. */
  id(text: string): number {
    if (text === '') return 0;
    let id = this.ids.get(text);
    if (id !== undefined) this.used.add(id);
    else {
      // The oldest first, a little at a time: no heap of garbage at once.
      while (this.chars + text.length > this.max && this.head < this.order.length) {
        const old = this.order[this.head++]!;
        if (this.used.delete(old) && this.byId.has(old)) this.order.push(old);
        else this.drop(old);
      }
      if (this.head > 65_536 && this.head * 2 > this.order.length) {
        this.order = this.order.slice(this.head);
        this.head = 0;
      }
      id = this.nextId++;
      this.set(id, text);
      this.fresh.push({ id, text });
    }
    return id;
  }

  /** Notes that the text of `id` is used as a file: its directory is
   *  written once while the id lasts. One level only: a hostile name's
   *  every prefix would otherwise be a text of its own. */
  file(id: number, text: string): void {
    if (id === 0 || this.filed.has(id)) return;
    this.filed.add(id);
    this.freshDirs.push({ file: id, dir: this.id(dirOf(text)) });
  }

  /** Texts the strings table has, oldest first. */
  load(known: Iterable<[id: number, text: string]>): void {
    for (const [id, text] of known) this.set(id, text);
  }

  private set(id: number, text: string): void {
    const before = this.ids.get(text);
    if (before !== undefined) this.byId.delete(before);
    else this.chars += text.length;
    this.ids.set(text, id);
    this.byId.set(id, text);
    this.order.push(id);
  }

  /** Ids of files whose directories the store has. */
  loadFiles(ids: Iterable<number>): void {
    for (const id of ids) if (this.byId.has(id)) this.filed.add(id);
  }

  /** The texts to write now, then the files' directories (which may
   *  refer to them). */
  take(): { texts: { id: number; text: string }[]; dirs: FileDir[] } {
    const out = { texts: this.fresh, dirs: this.freshDirs };
    this.fresh = [];
    this.freshDirs = [];
    return out;
  }

  /** The strings table no longer has these ids (all: a write of them may
   *  have failed): their texts get new ids when seen again. */
  forget(ids?: Iterable<number>): void {
    if (!ids) {
      this.ids.clear();
      this.byId.clear();
      this.filed.clear();
      this.freshDirs = [];
      this.chars = 0;
      this.order = [];
      this.head = 0;
      this.used.clear();
      return;
    }
    for (const id of ids) this.drop(id);
  }

  private drop(id: number): void {
    const text = this.byId.get(id);
    if (text === undefined) return;
    this.byId.delete(id);
    this.ids.delete(text);
    this.used.delete(id);
    this.filed.delete(id);
    this.chars -= text.length;
  }
}
