'use client';
/**
 * The socket and the store behind the page. Messages are validated and
 * written into a plain store as they arrive; React sees a snapshot at most
 * once per animation frame, so tens of thousands of events per second cost
 * one render per frame, not one per message.
 */
import { useEffect, useRef, useState } from 'react';
import type { ProcessStats, RatePoint, TraceEvent } from '../../protocol/event';
import { isEmptyFilter } from '../../protocol/filter';
import { type EventFilter, parseMessage, serverMessageSchema } from '../../protocol/messages';
import type { Counts, TracerStatus } from '../../protocol/status';
import { DashboardStore } from './dashboard-store';
import { authHeaders, NO_TOKEN_HINT, socketProtocols } from './session';

export type ConnStatus = 'connecting' | 'live' | 'disconnected';

export interface Connection {
  status: ConnStatus;
  /** Why the last connection ended, or an error the server reported. */
  reason: string | null;
  /** When disconnected: the wait before the next attempt. */
  retryInMs: number | null;
}

/** What the charts and tables draw. Frozen while paused. */
export interface DashboardData {
  /** Every buffered event, newest first, unfiltered. */
  events: readonly TraceEvent[];
  /** The chart window, oldest first, zero-filled. */
  rate: readonly RatePoint[];
  processes: readonly ProcessStats[];
  bootWallMs: number | null;
  /** The server's current time in seconds since boot, estimated. */
  nowT: number | null;
  /** Seconds of per-second history the server keeps; null before hello. */
  historySeconds: number | null;
}

export interface DashboardView {
  connection: Connection;
  tracer: TracerStatus | null;
  counts: Counts | null;
  omitted: number;
  /** A message the UI could not parse (version skew between UI and server). */
  protocolError: string | null;
  data: DashboardData;
  /** Events that arrived since pausing; 0 when not paused. */
  newWhilePaused: number;
}

const FILTER_DEBOUNCE_MS = 200;
const RETRY_MIN_MS = 1_000;
const RETRY_MAX_MS = 10_000;

const EMPTY_DATA: DashboardData = {
  events: [],
  rate: [],
  processes: [],
  bootWallMs: null,
  nowT: null,
  historySeconds: null,
};

const INITIAL_VIEW: DashboardView = {
  connection: { status: 'connecting', reason: null, retryInMs: null },
  tracer: null,
  counts: null,
  omitted: 0,
  protocolError: null,
  data: EMPTY_DATA,
  newWhilePaused: 0,
};

function socketUrl(): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/ws`;
}

function describeClose(e: CloseEvent, opened: boolean): string {
  const what = !opened
    ? 'could not connect'
    : e.code === 1000 || e.code === 1001
      ? 'server closed the connection'
      : 'connection lost';
  return `${what} (code ${e.code}${e.reason ? `: ${e.reason}` : ''})`;
}

export function useDashboard(filter: EventFilter, paused: boolean): DashboardView {
  const [view, setView] = useState<DashboardView>(INITIAL_VIEW);
  const socketRef = useRef<WebSocket | null>(null);
  const filterRef = useRef(filter);
  const pausedRef = useRef(paused);
  const newWhilePausedRef = useRef(0);
  const scheduleRef = useRef<() => void>(() => {});

  useEffect(() => {
    const store = new DashboardStore();
    let connection: Connection = INITIAL_VIEW.connection;
    let protocolError: string | null = null;
    let data = EMPTY_DATA;
    let dataDirty = false;
    let frame = 0;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let attempt = 0;
    let disposed = false;

    const flush = () => {
      frame = 0;
      // While paused the data stays as it was; the store keeps filling.
      if (dataDirty && !pausedRef.current) {
        const now = Date.now();
        data = {
          events: store.events.newestFirst(),
          rate: store.rateWindow(now),
          processes: store.processes,
          bootWallMs: store.bootWallMs,
          nowT: store.nowT(now),
          historySeconds: store.bootWallMs === null ? null : store.historySeconds,
        };
        dataDirty = false;
      }
      setView({
        connection,
        tracer: store.tracer,
        counts: store.counts,
        omitted: store.omitted,
        protocolError,
        data,
        newWhilePaused: pausedRef.current ? newWhilePausedRef.current : 0,
      });
    };
    const schedule = () => {
      if (!frame && !disposed) frame = requestAnimationFrame(flush);
    };
    scheduleRef.current = schedule;

    /** A failed WebSocket upgrade tells the page nothing; the JSON API
     *  behind the same token says whether it was a missing login. */
    const explainFailure = () => {
      fetch('/api/health', { cache: 'no-store', headers: authHeaders() })
        .then((res) => {
          if ((res.status === 401 || res.status === 403) && !disposed && connection.status !== 'live') {
            connection = {
              ...connection,
              reason: `not authorized (HTTP ${res.status}): ${NO_TOKEN_HINT}`,
            };
            schedule();
          }
        })
        .catch(() => {
          // Unreachable server: the close reason already says so.
        });
    };

    const connect = () => {
      let socket: WebSocket;
      try {
        socket = new WebSocket(socketUrl(), socketProtocols());
      } catch (err) {
        retry(`could not connect: ${String(err)}`, false);
        return;
      }
      socketRef.current = socket;
      let opened = false;
      connection = { status: 'connecting', reason: connection.reason, retryInMs: null };
      schedule();

      socket.onopen = () => {
        opened = true;
        if (!isEmptyFilter(filterRef.current)) {
          socket.send(JSON.stringify({ type: 'filter', filter: filterRef.current }));
        }
      };
      socket.onmessage = (e: MessageEvent) => {
        if (typeof e.data !== 'string') {
          protocolError = 'ignored a binary message';
          schedule();
          return;
        }
        const parsed = parseMessage(serverMessageSchema, e.data);
        if (!parsed.ok) {
          protocolError = `ignored a message this UI does not understand: ${parsed.error}`;
          schedule();
          return;
        }
        const msg = parsed.value;
        const now = Date.now();
        if (msg.type === 'hello') {
          store.applyHello(msg, now);
          attempt = 0;
          protocolError = null;
          connection = { status: 'live', reason: null, retryInMs: null };
          dataDirty = true;
        } else if (msg.type === 'update') {
          store.applyUpdate(msg, now);
          if (pausedRef.current) newWhilePausedRef.current += msg.events.length;
          dataDirty = true;
        } else {
          connection = { ...connection, reason: `server error: ${msg.message}` };
        }
        schedule();
      };
      // onerror carries no detail; onclose follows it with a code.
      socket.onclose = (e) => {
        if (socketRef.current !== socket) return;
        socketRef.current = null;
        if (disposed) return;
        retry(describeClose(e, opened), !opened);
      };
    };

    const retry = (reason: string, neverOpened: boolean) => {
      const delay = Math.min(RETRY_MAX_MS, RETRY_MIN_MS * 2 ** attempt);
      attempt++;
      connection = { status: 'disconnected', reason, retryInMs: delay };
      schedule();
      retryTimer = setTimeout(connect, delay);
      if (neverOpened) explainFailure();
    };

    connect();
    return () => {
      disposed = true;
      clearTimeout(retryTimer);
      if (frame) cancelAnimationFrame(frame);
      const socket = socketRef.current;
      socketRef.current = null;
      socket?.close(1000, 'page closed');
    };
  }, []);

  useEffect(() => {
    pausedRef.current = paused;
    newWhilePausedRef.current = 0;
    scheduleRef.current();
  }, [paused]);

  // The filter travels as JSON; compare it that way so a new object with
  // the same fields sends nothing.
  const filterKey = JSON.stringify(filter);
  useEffect(() => {
    const next = JSON.parse(filterKey) as EventFilter;
    filterRef.current = next;
    // Debounced: typing a path should not send one message per keystroke.
    const timer = setTimeout(() => {
      const socket = socketRef.current;
      if (socket?.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ type: 'filter', filter: next }));
    }, FILTER_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [filterKey]);

  return view;
}
