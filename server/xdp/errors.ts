/**
 * What went wrong with a request to the filter, in the filter's terms:
 * which HTTP status each kind answers is the API's business
 * (http/xdp-api.ts), not the filter's.
 */
import type { NetsetLineError } from './netset';

/** bad-request: the request cannot be read; not-found: what it names is
 *  not there; conflict: the filter's state, the system or the lockout
 *  guard stands in its way. */
export type XdpErrorKind = 'bad-request' | 'not-found' | 'conflict';

/** An error meant for the API caller: its kind and a sentence. */
export class XdpError extends Error {
  constructor(
    readonly kind: XdpErrorKind,
    message: string,
    /** Sending the request again with this as "force" would do it
     *  (guard.ts, confirmToken). */
    readonly confirm: string | null = null,
    /** An import's bad lines. */
    readonly lines?: NetsetLineError[],
  ) {
    super(message);
  }
}
