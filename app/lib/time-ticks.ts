/** Steps a time axis may take, in seconds: round ones a clock reader expects. */
const STEPS_S = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400];

/**
 * Ticks for a time axis over [min, max] (wall ms): at most `count`, on the
 * smallest round step that allows it, aligned to the local clock
 * (`offsetMs`: Date's getTimezoneOffset in ms, so hours fall on the hour in
 * a +5:30 zone too). Chosen here, not by recharts, which measures every
 * new label in the DOM to space them. Pure.
 */
export function timeTicks(min: number, max: number, count = 5, offsetMs = new Date(min).getTimezoneOffset() * 60_000): number[] {
  if (!(max > min) || count < 1) return Number.isFinite(min) ? [min] : [];
  const first = (step: number) => Math.ceil((min - offsetMs) / step) * step + offsetMs;
  // Past the last step: whole days, as many as it takes.
  const days = Math.ceil((max - min) / count / 86_400_000) * 86_400;
  const stepS = STEPS_S.find((s) => Math.floor((max - first(s * 1000)) / (s * 1000)) + 1 <= count) ?? days;
  const step = stepS * 1000;
  const ticks: number[] = [];
  for (let t = first(step); t <= max; t += step) ticks.push(t);
  return ticks;
}
