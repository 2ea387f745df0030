'use client';
/** The overview's filter, chart window and process grouping, kept in its
 *  URL so a view can be bookmarked and shared (and useUrlDraft, the typing
 *  over the URL that the Files page shares). Must render inside <Suspense>
 *  (useSearchParams). */
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ProcessGroup } from '../../protocol/event';
import { type CheckedInput, checkInput, type FilterInput, inputFromQuery } from './filter-input';
import { GROUP_KEY, overviewQuery, parseGroup, WINDOW_KEY } from './links';
import { parseWindow, type WindowMinutes } from './rate-window';
import { NO_DRAFT, urlChanged, wrote } from './url-draft';

export interface UrlFilter extends CheckedInput {
  input: FilterInput;
  setInput: (next: FilterInput) => void;
  window: WindowMinutes;
  setWindow: (next: WindowMinutes) => void;
  group: ProcessGroup;
  setGroup: (next: ProcessGroup) => void;
  /** The page's query as it stands, for links that come back to this view. */
  query: string;
}

/**
 * The filter typed over a page's URL: the inputs as the URL has them, or
 * the draft while an edit is on its way there (url-draft.ts), and the
 * write that replaces the URL with a page's query for the next inputs.
 */
export function useUrlDraft() {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const urlQuery = params.toString();
  const [state, setState] = useState(NO_DRAFT);

  useEffect(() => setState((s) => urlChanged(s, urlQuery)), [urlQuery]);

  const urlInput = useMemo(() => inputFromQuery(params), [params]);
  const input = state.draft ?? urlInput;
  const checked = useMemo(() => checkInput(input), [input]);

  const replace = useCallback(
    (nextInput: FilterInput, query: string) => {
      if (query === urlQuery && state.pending.length === 0) {
        // Nothing will land: the URL says this already.
        setState(NO_DRAFT);
        return;
      }
      setState((s) => wrote(s, nextInput, query));
      // Replace, not push: typing is no history; scroll stays where it is.
      router.replace(query ? `${pathname}?${query}` : pathname, { scroll: false });
    },
    [router, pathname, urlQuery, state.pending.length],
  );
  return { params, input, checked, replace };
}

export function useUrlFilter(): UrlFilter {
  const { params, input, checked, replace } = useUrlDraft();
  const window = parseWindow(params.get(WINDOW_KEY));
  const group = parseGroup(params.get(GROUP_KEY));
  const write = useCallback(
    (nextInput: FilterInput, nextWindow: WindowMinutes, nextGroup: ProcessGroup) =>
      replace(nextInput, overviewQuery(nextInput, nextWindow, nextGroup)),
    [replace],
  );

  return {
    ...checked,
    input,
    setInput: useCallback((next: FilterInput) => write(next, window, group), [write, window, group]),
    window,
    setWindow: useCallback((next: WindowMinutes) => write(input, next, group), [write, input, group]),
    group,
    setGroup: useCallback((next: ProcessGroup) => write(input, window, next), [write, input, window]),
    query: overviewQuery(input, window, group),
  };
}
