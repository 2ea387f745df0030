/** What the filter inputs hold, and the EventFilter it stands for. */
import type { EventFilter } from '../../protocol/messages';

export interface FilterInput {
  comm: string;
  /** As typed; only a positive integer filters. */
  pid: string;
  path: string;
  failedOnly: boolean;
}

export const EMPTY_FILTER_INPUT: FilterInput = { comm: '', pid: '', path: '', failedOnly: false };

/** The pid as a filter value, null if the text is not a valid pid, undefined if empty. */
export function parsePid(text: string): number | null | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  if (!/^\d+$/.test(t)) return null;
  const n = Number(t);
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}

/** Empty fields are left out: the server treats absent fields as "match all".
 *  An invalid pid is left out too (the input shows it as invalid). */
export function toEventFilter(input: FilterInput): EventFilter {
  const filter: EventFilter = {};
  if (input.comm) filter.comm = input.comm;
  const pid = parsePid(input.pid);
  if (typeof pid === 'number') filter.pid = pid;
  if (input.path) filter.path = input.path;
  if (input.failedOnly) filter.result = 'failed';
  return filter;
}
