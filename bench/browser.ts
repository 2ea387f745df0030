/**
 * Browser: the dashboard open in Debian's Chromium. Long tasks (main
 * thread busy > 50 ms, from a PerformanceObserver installed before the
 * page loads) while the page loads, while nothing but the machine's own
 * opens come (BENCH_BROWSER_IDLE_SECONDS), and while the paced generator
 * opens files at ~50k/s; and how long a click on Pause takes under that
 * load, from the input to the next paint (Event Timing). And the floor: the
 * page load of a Next.js page with nothing in it (bench/next-floor, built
 * by run.sh), in the same browser, for what the stack alone costs.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from '@playwright/test';
import { resolveStatic, sendFile } from '../server/http/static-files';
import { startBench } from './lib/backend';
import { cpuSeconds } from './lib/bpf-stats';
import { runGenerator, sleep } from './lib/proc';
import { log, writePhase } from './lib/results';

const PORT = Number(process.env.BENCH_PORT ?? 7301) + 3;
const RATE = Number(process.env.BENCH_BROWSER_RATE ?? 50_000);
const SECONDS = Number(process.env.BENCH_BROWSER_SECONDS ?? 20);
const IDLE_SECONDS = Number(process.env.BENCH_BROWSER_IDLE_SECONDS ?? 10);
/** Event Timing reports no interaction shorter than this. */
const EVENT_TIMING_MIN_MS = 16;

interface Task {
  start: number;
  duration: number;
}

declare global {
  interface Window {
    __longTasks: Task[];
    /** Per interaction: its longest event's input-to-paint time. */
    __interactions: Map<number, number>;
  }
}

/** The long tasks that started in [from, to). */
function summary(tasks: Task[], from: number, to: number) {
  const ts = tasks.filter((t) => t.start >= from && t.start < to);
  return {
    seconds: (to - from) / 1000,
    longTasks: ts.length,
    over100Ms: ts.filter((t) => t.duration > 100).length,
    longestMs: Math.max(0, ...ts.map((t) => t.duration)),
    totalLongMs: ts.reduce((a, t) => a + t.duration, 0),
  };
}

/** Long tasks from before the page's first script, in window.__longTasks. */
async function observeLongTasks(page: Page): Promise<void> {
  await page.addInitScript(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
}

const FLOOR_DIR = 'bench/next-floor/out';
const FLOOR_LOADS = 3;

/** The floor page loaded FLOOR_LOADS times, each in a fresh context (no
 *  cache, as the dashboard's one load): the long tasks of each load, up to
 *  a second after its load event. Served as the backend serves out/. */
async function floorLoads(browser: Browser) {
  if (!fs.existsSync(FLOOR_DIR)) throw new Error(`${FLOOR_DIR} is missing: bench/run.sh builds it (npx next build bench/next-floor)`);
  const server = http.createServer((req, res) => {
    const file = resolveStatic(FLOOR_DIR, new URL(req.url ?? '/', 'http://x').pathname);
    if (file) sendFile(res, file);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  try {
    const loads = [];
    for (let i = 0; i < FLOOR_LOADS; i++) {
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
      const page = await context.newPage();
      await observeLongTasks(page);
      await page.goto(url, { waitUntil: 'load' });
      await sleep(1000);
      loads.push(summary(await page.evaluate(() => window.__longTasks), 0, await page.evaluate(() => performance.now())));
      await context.close();
    }
    return loads;
  } finally {
    server.close();
  }
}

const b = await startBench('the browser run', PORT);
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
/** CPU seconds of Chromium's renderer processes (the page's, and any
 *  spare), from the browser itself. */
const cdp = await browser.newBrowserCDPSession();
async function rendererCpuS(): Promise<number> {
  const { processInfo } = (await cdp.send('SystemInfo.getProcessInfo')) as { processInfo: { type: string; cpuTime: number }[] };
  return processInfo.filter((p) => p.type === 'renderer').reduce((sum, p) => sum + p.cpuTime, 0);
}
/** CPU seconds per second of the renderers and the backend from here on. */
async function cpuMeter() {
  const [r0, b0, t0] = [await rendererCpuS(), cpuSeconds(b.pid), performance.now()];
  return async () => {
    const s = (performance.now() - t0) / 1000;
    return { rendererCpuPerS: ((await rendererCpuS()) - r0) / s, backendCpuPerS: (cpuSeconds(b.pid) - b0) / s };
  };
}
let result;
try {
  const floor = await floorLoads(browser);
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await observeLongTasks(page);
  await page.addInitScript(() => {
    window.__interactions = new Map();
    new PerformanceObserver((list) => {
      // interactionId: in Chromium, not yet in TypeScript's DOM types.
      for (const e of list.getEntries() as (PerformanceEventTiming & { interactionId?: number })[]) {
        if (e.interactionId) window.__interactions.set(e.interactionId, Math.max(e.duration, window.__interactions.get(e.interactionId) ?? 0));
      }
    }).observe({ type: 'event', buffered: true, durationThreshold: 16 } as PerformanceObserverInit);
  });
  const now = () => page.evaluate(() => performance.now());
  await page.goto(`${b.url}/#token=${b.token}`);
  await page.getByTestId('conn-status').filter({ hasText: 'live' }).waitFor({ timeout: 30_000 });
  // Loaded: live, and the first answers drawn.
  await sleep(1000);
  const loaded = await now();
  const idleCpu = await cpuMeter();
  await sleep(IDLE_SECONDS * 1000);
  const idleEnd = await now();
  const idleCpuPerS = await idleCpu();
  log(`browser: dashboard open, ${RATE} opens/s for ${SECONDS} s`);
  const from = await now();
  const loadCpu = await cpuMeter();
  const gen = runGenerator(['paced', String(RATE), String(SECONDS), '/tmp/odash-bench-browser']);
  // Pause halfway through the load, and resume a little later.
  await sleep((SECONDS * 1000) / 2);
  const pause = page.getByTestId('pause-button');
  const before = await page.evaluate(() => [...window.__interactions.keys()]);
  await pause.click();
  await page.getByTestId('paused-count').waitFor();
  await sleep(500);
  const pauseClickMs = await page.evaluate(
    (seen) => Math.max(0, ...[...window.__interactions].filter(([id]) => !seen.includes(id)).map(([, ms]) => ms)),
    before,
  );
  await sleep(1500);
  await pause.click();
  const done = await gen;
  await sleep(1000);
  const to = await now();
  const loadCpuPerS = await loadCpu();
  const tasks = await page.evaluate(() => window.__longTasks);
  const events = Number(await page.getByTestId('count-events').textContent());
  const load = summary(tasks, from, to);
  result = {
    rate: RATE,
    achievedRate: Math.round(done.rate),
    // Under load: the generator's seconds and one after.
    ...load,
    ...loadCpuPerS,
    seconds: SECONDS,
    idle: { ...summary(tasks, loaded, idleEnd), ...idleCpuPerS },
    pageLoad: summary(tasks, 0, loaded),
    /** The same for the Next.js floor page, one per load. */
    floorPageLoads: floor,
    /** 0: under Event Timing's 16 ms, which reports nothing shorter. */
    pauseClickMs,
    eventTimingMinMs: EVENT_TIMING_MIN_MS,
    eventsShown: events,
  };
  const text = (s: ReturnType<typeof summary>) =>
    `${s.longTasks} long tasks, ${s.over100Ms} over 100 ms, longest ${s.longestMs.toFixed(0)} ms`;
  const cpu = (c: { rendererCpuPerS: number; backendCpuPerS: number }) =>
    `renderers ${c.rendererCpuPerS.toFixed(2)} CPU s/s, backend ${c.backendCpuPerS.toFixed(2)}`;
  log(
    `browser: under load ${text(load)} (${cpu(loadCpuPerS)}); idle ${text(result.idle)} (${cpu(idleCpuPerS)}); ` +
      `page load ${text(result.pageLoad)} (the Next.js floor: ${floor.map(text).join('; ')}); Pause click ${pauseClickMs.toFixed(0)} ms`,
  );
} finally {
  await browser.close();
  await b.stop();
}
writePhase('browser', result);
