/**
 * Every open the pipeline ingests, counted by process name, syscall and
 * result: what `ebpfdash_opens_total` exposes. Names are bounded: PIDs and
 * paths are never labels, and at most MAX_COMMS names have a series at
 * once, the rest counting as "other", so the series stay few whatever
 * runs on the machine.
 *
 * The slots go to the busiest names: free ones to the first names that
 * come, then, at each turn (rotate(), every ROTATE_MS), to the names that
 * opened most in the turn before (found in bounded memory, frequent.ts).
 * A name that loses its slot loses its series (a counter never goes down;
 * Prometheus reads a series that comes back as one that started again), so
 * no one can keep the slots by taking them first.
 */
import { errnoName } from '../../protocol/errno';
import type { TraceEvent } from '../../protocol/event';
import { Frequent } from './frequent';

/** Process names with a series of their own at once. */
export const MAX_COMMS = 100;
/** How often the slots are handed out again. */
export const ROTATE_MS = 60_000;
/** Names counted per turn to find the busiest (bounded, whatever runs). */
const TRACKED = 1000;
const OTHER = 'other';

export interface OpenSeries {
  comm: string;
  syscall: string;
  /** "ok", or the errno's name ("ENOENT"). */
  result: string;
  count: number;
}

export class OpenTally {
  private named = new Set<string>();
  private turn = new Frequent(TRACKED);
  private readonly byKey = new Map<string, OpenSeries>();

  add(e: Pick<TraceEvent, 'comm' | 'syscall' | 'errno'>): void {
    this.turn.add(e.comm);
    const comm = this.slotFor(e.comm);
    // Per event: one string and one lookup, no object unless the series is new.
    const key = `${e.errno}\0${e.syscall}\0${comm}`;
    const s = this.byKey.get(key);
    if (s) s.count++;
    else this.byKey.set(key, { comm, syscall: e.syscall, result: e.errno === 0 ? 'ok' : errnoName(e.errno), count: 1 });
  }

  /** The name's own label while it has a slot (a free one is taken), else "other". */
  private slotFor(comm: string): string {
    if (this.named.has(comm)) return comm;
    // "other" itself is the overflow, never a slot.
    if (comm === OTHER || this.named.size >= MAX_COMMS) return OTHER;
    this.named.add(comm);
    return comm;
  }

  /** Hands the slots to the busiest names of the turn that ends. */
  rotate(): void {
    this.named = new Set(this.turn.top(MAX_COMMS).filter((c) => c !== OTHER));
    this.turn = new Frequent(TRACKED);
    for (const [key, s] of this.byKey) if (s.comm !== OTHER && !this.named.has(s.comm)) this.byKey.delete(key);
  }

  series(): Iterable<Readonly<OpenSeries>> {
    return this.byKey.values();
  }
}
