'use client';
/**
 * The overview's data in React. The feed (overview-feed.ts) takes messages
 * and answers as they come; React sees a snapshot at most every RENDER_MS,
 * so tens of thousands of events per second cost a few renders a second,
 * not one per message or per frame.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { LiveConnection, type SocketLike } from './live-connection';
import { type DashboardSnapshot, type FeedSettings, OverviewFeed, POLL_MS } from './overview-feed';
import { authHeaders, socketProtocols } from './session';
import { traceApi } from './trace-api';

export interface DashboardView extends DashboardSnapshot {
  loadOlder: () => void;
}

const INITIAL: DashboardSnapshot = {
  connection: { status: 'connecting', reason: null, retryInMs: null },
  protocolError: null,
  tracer: null,
  counts: null,
  store: null,
  omitted: 0,
  newWhilePaused: 0,
  viewError: null,
  loadingOlder: false,
  data: {
    events: [],
    eventsReady: false,
    eventsTotal: null,
    canLoadOlder: false,
    rate: null,
    processes: null,
    bootWallMs: null,
    nowT: null,
  },
};

/** The chart slides and the ages move on even when no message comes. */
const TICK_MS = 1_000;
/** The most often the page renders: each render of the tables and charts
 *  takes the main thread for a while, and a reader gains nothing from more. */
const RENDER_MS = 250;

function socketUrl(): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/ws`;
}

async function probeHealth(): Promise<number | null> {
  try {
    const res = await fetch('/api/health', { cache: 'no-store', headers: authHeaders() });
    return res.status;
  } catch {
    return null;
  }
}

export function useDashboard(settings: FeedSettings): DashboardView {
  const [view, setView] = useState<DashboardSnapshot>(INITIAL);
  const feedRef = useRef<OverviewFeed | null>(null);
  const initial = useRef(settings);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let renderedAt = -Infinity;
    let disposed = false;
    const flush = () => {
      timer = undefined;
      renderedAt = performance.now();
      setView(feed.snapshot());
    };
    // A change after a quiet spell shows at once; one during a burst waits
    // for RENDER_MS since the last render, with the others it joins.
    const schedule = () => {
      if (timer === undefined && !disposed) timer = setTimeout(flush, Math.max(0, renderedAt + RENDER_MS - performance.now()));
    };
    const feed = new OverviewFeed(
      {
        api: traceApi,
        connect: (handlers) =>
          new LiveConnection(
            {
              url: socketUrl(),
              protocols: socketProtocols,
              createSocket: (url, protocols) => new WebSocket(url, protocols) as SocketLike,
              probeHealth,
            },
            handlers,
          ),
        nowMs: () => Date.now(),
        onChange: schedule,
      },
      initial.current,
    );
    feedRef.current = feed;
    feed.start();
    const poll = setInterval(() => {
      if (document.visibilityState === 'visible') feed.poll();
    }, POLL_MS);
    const tick = setInterval(schedule, TICK_MS);
    return () => {
      disposed = true;
      clearInterval(poll);
      clearInterval(tick);
      clearTimeout(timer);
      feed.close();
      feedRef.current = null;
    };
  }, []);

  // The filter is compared as JSON: a new object with the same fields is no change.
  const filterKey = JSON.stringify(settings.filter);
  useEffect(() => feedRef.current?.setFilter(JSON.parse(filterKey)), [filterKey]);
  useEffect(() => feedRef.current?.setWindow(settings.seconds), [settings.seconds]);
  useEffect(() => feedRef.current?.setGroup(settings.group), [settings.group]);
  useEffect(() => feedRef.current?.setPaused(settings.paused), [settings.paused]);

  const loadOlder = useCallback(() => feedRef.current?.loadOlder(), []);
  return { ...view, loadOlder };
}
