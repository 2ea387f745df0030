'use client';
/**
 * One button's request: whether it is in flight, the sentence it failed
 * with, and a resend with "force": true when the server offered one.
 */
import { useRef, useState } from 'react';
import type { ApiResult } from './api-call';

export interface ApiAction<A extends unknown[]> {
  pending: boolean;
  error: string | null;
  /** The last failure would succeed with force. */
  canForce: boolean;
  /** Resolves to whether it succeeded. */
  run: (...args: A) => Promise<boolean>;
  /** The last request again, with force. */
  runForced: () => Promise<boolean>;
  dismiss: () => void;
}

interface State {
  pending: boolean;
  error: string | null;
  canForce: boolean;
}

const IDLE: State = { pending: false, error: null, canForce: false };

/** onDone runs after every answer, failures too: a refused request may
 *  still mean the state moved (a rule someone else removed). */
export function useApiAction<A extends unknown[]>(
  send: (force: boolean, ...args: A) => Promise<ApiResult<unknown>>,
  onDone: () => void,
): ApiAction<A> {
  const [state, setState] = useState<State>(IDLE);
  const lastArgs = useRef<A | null>(null);
  // A double click lands before the disabled button re-renders.
  const busy = useRef(false);

  const go = async (force: boolean, args: A): Promise<boolean> => {
    if (busy.current) return false;
    busy.current = true;
    lastArgs.current = args;
    setState({ pending: true, error: null, canForce: false });
    const r = await send(force, ...args);
    busy.current = false;
    setState(r.ok ? IDLE : { pending: false, error: r.error, canForce: r.canForce && !force });
    onDone();
    return r.ok;
  };

  return {
    ...state,
    run: (...args) => go(false, args),
    runForced: () => (lastArgs.current ? go(true, lastArgs.current) : Promise.resolve(false)),
    dismiss: () => setState((s) => ({ ...s, error: null, canForce: false })),
  };
}
