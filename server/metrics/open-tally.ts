/**
 * Every open the pipeline ingests, counted by process name, syscall and
 * result: what `ebpfdash_opens_total` exposes. Names are bounded (see
 * StickyLabels): PIDs and paths are never labels, so the series stay
 * few whatever runs on the machine.
 */
import { errnoName } from '../../protocol/errno';
import type { TraceEvent } from '../../protocol/event';
import { StickyLabels } from './sticky-labels';

/** Process names with a series of their own; later ones count as "other". */
export const MAX_COMMS = 100;

export interface OpenSeries {
  comm: string;
  syscall: string;
  /** "ok", or the errno's name ("ENOENT"). */
  result: string;
  count: number;
}

export class OpenTally {
  private readonly comms = new StickyLabels(MAX_COMMS);
  private readonly byKey = new Map<string, OpenSeries>();

  add(e: Pick<TraceEvent, 'comm' | 'syscall' | 'errno'>): void {
    const comm = this.comms.label(e.comm);
    // Per event: one string and one lookup, no object unless the series is new.
    const key = `${e.errno}\0${e.syscall}\0${comm}`;
    const s = this.byKey.get(key);
    if (s) s.count++;
    else this.byKey.set(key, { comm, syscall: e.syscall, result: e.errno === 0 ? 'ok' : errnoName(e.errno), count: 1 });
  }

  series(): Iterable<Readonly<OpenSeries>> {
    return this.byKey.values();
  }
}
