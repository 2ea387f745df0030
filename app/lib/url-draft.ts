/**
 * The filter inputs against the URL they live in. The URL is the source of
 * truth, but router.replace lands a moment after the keystroke: meanwhile
 * the inputs show what was typed (the draft), so the caret never jumps.
 * Each write is remembered until the URL reaches it; a URL that is none of
 * ours (back, forward, a link) wins over the draft at once.
 */
import type { FilterInput } from './filter-input';

export interface DraftState {
  /** What the inputs show until the URL catches up; null: the URL's. */
  draft: FilterInput | null;
  /** Queries written and not yet seen in the URL, oldest first. */
  pending: readonly string[];
}

export const NO_DRAFT: DraftState = { draft: null, pending: [] };

export function wrote(s: DraftState, input: FilterInput, query: string): DraftState {
  return { draft: input, pending: [...s.pending, query] };
}

/** The URL now holds `query`. */
export function urlChanged(s: DraftState, query: string): DraftState {
  const i = s.pending.indexOf(query);
  if (i < 0) return NO_DRAFT;
  const rest = s.pending.slice(i + 1);
  // An older write of ours arrived: the newer ones are still on their way.
  return rest.length > 0 ? { draft: s.draft, pending: rest } : NO_DRAFT;
}
