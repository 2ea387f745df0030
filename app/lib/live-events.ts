/**
 * The overview's event table: pages of /api/events (newest first), with
 * the socket's new events put on top, and how many events match in all.
 */
import type { StoredEvent } from '../../protocol/event';
import { matchesFilter } from '../../protocol/filter';
import type { EventFilter } from '../../protocol/messages';
import type { EventsPage } from '../../protocol/views';

/** Events per page, the first one and each "load older". */
export const EVENTS_PAGE = 500;
/** The most the table holds: new events push the oldest out (they stay
 *  in the store, and "load older" gets them back until this many). */
export const MAX_HELD = 20_000;

export class LiveEvents {
  /** Newest first. */
  held: readonly StoredEvent[] = [];
  /** `before` for the next older page; null when there is none. */
  next: number | null = null;
  private loaded = false;
  /** The socket's events that came while the first page was on its way. */
  private early: StoredEvent[] = [];
  /** A count of the matching events the store gave, and the newest seq
   *  it had then: events held above that seq came later. */
  private base = { total: 0, seq: -1 };

  get ready(): boolean {
    return this.loaded;
  }

  /** Start over, waiting for a first page. `keep`: the filter the page
   *  will be for; the held events it matches stay shown meanwhile. */
  reset(keep?: EventFilter): void {
    this.held = keep ? this.held.filter((e) => matchesFilter(keep, e)) : [];
    this.next = null;
    this.loaded = false;
    this.early = [];
    this.base = { total: 0, seq: -1 };
  }

  /** The first page; what the socket sent meanwhile goes on top of it. */
  loadFirst(page: EventsPage, filter: EventFilter): void {
    this.held = page.events;
    this.next = page.next;
    this.loaded = true;
    this.count(page);
    const early = this.early;
    this.early = [];
    this.add(early, filter);
  }

  /** New events from the socket, oldest first. Each is checked against the
   *  filter again: an update can predate the server seeing a new filter.
   *  Returns how many were put on top. */
  add(events: readonly StoredEvent[], filter: EventFilter): number {
    if (!this.loaded) {
      this.early.push(...events);
      return 0;
    }
    const newest = this.held[0]?.seq ?? -1;
    const fresh = events.filter((e) => e.seq > newest && matchesFilter(filter, e));
    if (fresh.length === 0) return 0;
    fresh.sort((a, b) => b.seq - a.seq);
    let held = fresh.concat(this.held);
    if (held.length > MAX_HELD) {
      held = held.slice(0, MAX_HELD);
      // The dropped ones are the next older page now.
      this.next = held[held.length - 1]!.seq;
    }
    this.held = held;
    return fresh.length;
  }

  /** The page after `next`, below what is held. */
  appendOlder(page: EventsPage): void {
    const oldest = this.held[this.held.length - 1]?.seq ?? Infinity;
    const older = page.events.filter((e) => e.seq < oldest);
    this.held = this.held.concat(older.slice(0, MAX_HELD - this.held.length));
    this.next = older.length > 0 && this.held.length >= MAX_HELD ? this.held[this.held.length - 1]!.seq : page.next;
  }

  get canLoadOlder(): boolean {
    return this.loaded && this.next !== null && this.held.length < MAX_HELD;
  }

  /** A newest-first page's count (the first page, or a poll of one event):
   *  the later count wins. */
  count(page: EventsPage): void {
    const seq = page.events[0]?.seq ?? -1;
    if (seq >= this.base.seq) this.base = { total: page.total, seq };
  }

  /** Matching events in the store: the last count, plus those held that
   *  came after it. */
  get total(): number | null {
    if (!this.loaded) return null;
    let after = 0;
    while (after < this.held.length && this.held[after]!.seq > this.base.seq) after++;
    return this.base.total + after;
  }
}
