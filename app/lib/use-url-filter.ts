'use client';
/** The overview's filter, chart window and process grouping, kept in its
 *  URL so a view can be bookmarked and shared. Must render inside
 *  <Suspense> (useSearchParams). */
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

export function useUrlFilter(): UrlFilter {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const urlQuery = params.toString();
  const [state, setState] = useState(NO_DRAFT);

  useEffect(() => setState((s) => urlChanged(s, urlQuery)), [urlQuery]);

  const urlInput = useMemo(() => inputFromQuery(params), [params]);
  const input = state.draft ?? urlInput;
  const window = parseWindow(params.get(WINDOW_KEY));
  const group = parseGroup(params.get(GROUP_KEY));
  const checked = useMemo(() => checkInput(input), [input]);

  const write = useCallback(
    (nextInput: FilterInput, nextWindow: WindowMinutes, nextGroup: ProcessGroup) => {
      const query = overviewQuery(nextInput, nextWindow, nextGroup);
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
