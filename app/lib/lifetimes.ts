/** How long a rule lives: the choices the forms offer, and the countdown
 *  the rule table shows. Pure. */

export interface Lifetime {
  label: string;
  /** null: until removed. */
  seconds: number | null;
}

/** For a quick block from a list of addresses. */
export const BLOCK_LIFETIMES: readonly Lifetime[] = [
  { label: 'until removed', seconds: null },
  { label: '1 min', seconds: 60 },
  { label: '10 min', seconds: 600 },
  { label: '1 h', seconds: 3_600 },
];

export const RULE_LIFETIMES: readonly Lifetime[] = [...BLOCK_LIFETIMES, { label: '1 day', seconds: 86_400 }];

/** A select's value for a lifetime, and back. */
export const lifetimeValue = (seconds: number | null): string => (seconds === null ? 'forever' : String(seconds));
export const lifetimeSeconds = (value: string): number | null => (value === 'forever' ? null : Number(value));

/** Time left until expiresAt: "—" for none, "in 45s", "in 9m 12s",
 *  "in 2h 5m", "in 3d 4h"; "due" once past (the server removes it
 *  within a moment). */
export function formatCountdown(expiresAt: string | null, now: number): string {
  if (expiresAt === null) return '—';
  const left = Math.ceil((Date.parse(expiresAt) - now) / 1000);
  if (!(left > 0)) return 'due';
  const d = Math.floor(left / 86_400);
  const h = Math.floor((left % 86_400) / 3_600);
  const m = Math.floor((left % 3_600) / 60);
  const s = left % 60;
  if (d > 0) return `in ${d}d ${h}h`;
  if (h > 0) return `in ${h}h ${m}m`;
  if (m > 0) return `in ${m}m ${s}s`;
  return `in ${s}s`;
}
