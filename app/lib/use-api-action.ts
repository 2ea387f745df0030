'use client';
/**
 * One button's request: whether it is in flight, the sentence it failed
 * with, and a resend confirming what that sentence named (the server's
 * token, as "force") when the server offered one.
 */
import { useRef, useState } from 'react';
import type { ApiResult } from './api-call';

export interface ApiAction<A extends unknown[]> {
  pending: boolean;
  error: string | null;
  /** The last failure would succeed confirmed. */
  canForce: boolean;
  /** Resolves to whether it succeeded. */
  run: (...args: A) => Promise<boolean>;
  /** The last request again, confirming what its failure named. */
  runForced: () => Promise<boolean>;
  dismiss: () => void;
}

interface State {
  pending: boolean;
  error: string | null;
  /** The token that confirms the last failure's problems. */
  force: string | null;
}

const IDLE: State = { pending: false, error: null, force: null };

/** onDone runs after every answer, failures too: a refused request may
 *  still mean the state moved (a rule someone else removed). */
export function useApiAction<A extends unknown[]>(
  send: (force: string | undefined, ...args: A) => Promise<ApiResult<unknown>>,
  onDone: () => void,
): ApiAction<A> {
  const [state, setState] = useState<State>(IDLE);
  const lastArgs = useRef<A | null>(null);
  // A double click lands before the disabled button re-renders.
  const busy = useRef(false);

  const go = async (force: string | undefined, args: A): Promise<boolean> => {
    if (busy.current) return false;
    busy.current = true;
    lastArgs.current = args;
    setState({ pending: true, error: null, force: null });
    const r = await send(force, ...args);
    busy.current = false;
    // Refused again after a confirmation: something changed meanwhile, and
    // the new problems get their own question.
    setState(r.ok ? IDLE : { pending: false, error: r.error, force: r.force });
    onDone();
    return r.ok;
  };

  return {
    pending: state.pending,
    error: state.error,
    canForce: state.force !== null,
    run: (...args) => go(undefined, args),
    runForced: () => (lastArgs.current && state.force ? go(state.force, lastArgs.current) : Promise.resolve(false)),
    dismiss: () => setState((s) => ({ ...s, error: null, force: null })),
  };
}
