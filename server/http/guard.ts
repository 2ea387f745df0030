/**
 * Checks every request passes before it reaches a route: the Host header
 * must name this server (a DNS-rebinding page would send its own name), and
 * control requests are rate-limited per client address.
 */
import net from 'node:net';

/** Hostnames we answer to: IP literals, localhost, and the names given. */
export function hostAllowed(hostHeader: string | undefined, allowed: readonly string[]): boolean {
  if (!hostHeader) return false;
  let name = hostHeader;
  if (name.startsWith('[')) {
    const end = name.indexOf(']');
    if (end < 0) return false;
    name = name.slice(1, end);
  } else {
    const colon = name.lastIndexOf(':');
    if (colon >= 0) name = name.slice(0, colon);
  }
  name = name.toLowerCase();
  return net.isIP(name) !== 0 || name === 'localhost' || allowed.includes(name);
}

/** A token bucket per client: `burst` requests at once, `perSecond` after. */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly burst: number,
    private readonly perSecond: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Seconds to wait, or 0 when the request may go (and it is counted). */
  take(client: string): number {
    const b = this.refill(client);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.ceil((1 - b.tokens) / this.perSecond);
  }

  private refill(client: string): { tokens: number; at: number } {
    const t = this.now();
    const b = this.buckets.get(client) ?? { tokens: this.burst, at: t };
    b.tokens = Math.min(this.burst, b.tokens + ((t - b.at) / 1000) * this.perSecond);
    b.at = t;
    this.buckets.set(client, b);
    if (this.buckets.size > 10_000) this.buckets.clear(); // bounded, whoever asks
    return b;
  }
}
