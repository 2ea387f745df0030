/**
 * Browser: the dashboard open in Debian's Chromium while the paced
 * generator opens files at ~50k/s; long tasks (main thread busy > 50 ms)
 * collected by a PerformanceObserver installed before the page loads.
 */
import { chromium } from '@playwright/test';
import { startBench } from './lib/backend';
import { runGenerator, sleep } from './lib/proc';
import { log, writePhase } from './lib/results';

const PORT = Number(process.env.BENCH_PORT ?? 7301) + 3;
const RATE = Number(process.env.BENCH_BROWSER_RATE ?? 50_000);
const SECONDS = Number(process.env.BENCH_BROWSER_SECONDS ?? 20);

declare global {
  interface Window {
    __longTasks: { start: number; duration: number }[];
  }
}

const b = await startBench('the browser run', PORT);
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
let result;
try {
  const page = await browser.newPage();
  await page.addInitScript(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
  await page.goto(`${b.url}/#token=${b.token}`);
  await page.getByTestId('conn-status').filter({ hasText: 'live' }).waitFor({ timeout: 30_000 });
  await sleep(1000);
  // Only what happens under load counts, not the first render.
  const from = await page.evaluate(() => performance.now());
  log(`browser: dashboard open, ${RATE} opens/s for ${SECONDS} s`);
  const gen = await runGenerator(['paced', String(RATE), String(SECONDS), '/tmp/odash-bench-browser']);
  await sleep(1000);
  const tasks = (await page.evaluate(() => window.__longTasks)).filter((t) => t.start >= from);
  const events = Number(await page.getByTestId('count-events').textContent());
  result = {
    rate: RATE,
    achievedRate: Math.round(gen.rate),
    seconds: SECONDS,
    longTasks: tasks.length,
    over100Ms: tasks.filter((t) => t.duration > 100).length,
    longestMs: Math.max(0, ...tasks.map((t) => t.duration)),
    totalLongMs: tasks.reduce((a, t) => a + t.duration, 0),
    eventsShown: events,
  };
  log(`browser: ${result.longTasks} long tasks, ${result.over100Ms} over 100 ms, longest ${result.longestMs.toFixed(0)} ms`);
} finally {
  await browser.close();
  await b.stop();
}
writePhase('browser', result);
