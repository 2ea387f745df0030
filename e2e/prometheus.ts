/**
 * The e2e run's Prometheus (Debian's package): deploy/prometheus.yml made
 * to scrape the e2e backend every 2 s with its token, in a folder of its
 * own emptied each run. Playwright starts it beside the backend, which is
 * given --prometheus to find it (the Fleet page's test).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { prometheusArgs, writeExampleConfig } from '../server/fleet/testing';

const [port, target, token] = process.argv.slice(2);
if (!port || !target || !token) throw new Error('usage: prometheus.ts PORT TARGET TOKEN');
const dir = '/tmp/ebpf-dash-e2e-prometheus';
fs.rmSync(dir, { recursive: true, force: true });
fs.mkdirSync(dir, { mode: 0o700 });
const tokenFile = path.join(dir, 'token');
fs.writeFileSync(tokenFile, token, { mode: 0o600 });
const config = writeExampleConfig(dir, { tokenFile, targets: [target], interval: '2s' });
const prometheus = spawn('prometheus', prometheusArgs(config, dir, port), { stdio: 'inherit' });
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => prometheus.kill(signal));
prometheus.on('exit', (code) => process.exit(code ?? 0));
