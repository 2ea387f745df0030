/** Display formatting of times and numbers. */

const pad2 = (n: number) => String(n).padStart(2, '0');

/** Local wall-clock time as HH:MM:SS, or HH:MM:SS.mmm with `ms`. */
export function formatClock(wallMs: number, ms = false): string {
  const d = new Date(wallMs);
  const base = `${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`;
  return ms ? `${base}.${String(d.getMilliseconds()).padStart(3, '0')}` : base;
}

/** A trace timestamp (seconds since boot) as wall-clock milliseconds. */
export function bootToWallMs(bootWallMs: number, ts: number): number {
  return bootWallMs + ts * 1000;
}

/** How long ago, coarsely: "now", "12s", "5m", "3h". */
export function formatAge(seconds: number): string {
  if (seconds < 1) return 'now';
  if (seconds < 120) return `${Math.floor(seconds)}s ago`;
  if (seconds < 7200) return `${Math.floor(seconds / 60)}m ago`;
  return `${Math.floor(seconds / 3600)}h ago`;
}

/** Local date and time as YYYY-MM-DD HH:MM:SS. */
export function formatDateTime(wallMs: number): string {
  const d = new Date(wallMs);
  return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())} ${formatClock(wallMs)}`;
}

/** 1234567 -> "1,234,567": the same in every locale, so tests and
 *  screenshots read alike. */
export function formatCount(n: number): string {
  return String(Math.trunc(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** 1536 -> "1.5 KiB"; sizes and byte rates (712.8 -> "713 B"). */
export function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return i === 0 ? `${Math.round(v)} B` : `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[i]}`;
}

/** A trace time as a time of day, or as seconds since boot when the boot
 *  time is not known yet. */
export function traceClock(ts: number, bootWallMs: number | null): string {
  return bootWallMs === null ? `${ts.toFixed(1)} s` : formatClock(bootToWallMs(bootWallMs, ts));
}
