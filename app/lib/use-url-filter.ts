'use client';
/** The overview's filter and chart window, kept in its URL so a view can
 *  be bookmarked and shared. Must render inside <Suspense> (useSearchParams). */
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { type CheckedInput, checkInput, type FilterInput, inputFromQuery } from './filter-input';
import { overviewQuery, WINDOW_KEY } from './links';
import { parseWindow, type WindowMinutes } from './rate-window';
import { NO_DRAFT, urlChanged, wrote } from './url-draft';

export interface UrlFilter extends CheckedInput {
  input: FilterInput;
  setInput: (next: FilterInput) => void;
  window: WindowMinutes;
  setWindow: (next: WindowMinutes) => void;
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
  const checked = useMemo(() => checkInput(input), [input]);

  const write = useCallback(
    (nextInput: FilterInput, nextWindow: WindowMinutes) => {
      const query = overviewQuery(nextInput, nextWindow);
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
    setInput: useCallback((next: FilterInput) => write(next, window), [write, window]),
    window,
    setWindow: useCallback((next: WindowMinutes) => write(input, next), [write, input]),
    query: overviewQuery(input, window),
  };
}
