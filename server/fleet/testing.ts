/** For tests: deploy/'s example Prometheus config made runnable here, and a
 *  real Prometheus (Debian's package) started on it and stopped for sure. */
import { execa, type ResultPromise } from 'execa';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const DEPLOY_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../deploy');
export const EXAMPLE_TOKEN_FILE = '/etc/ebpf-dash/token';

/** `text` with `from` replaced, which must be there exactly `times` times:
 *  an edit of the example that this no longer fits fails loudly. */
function replaceExactly(text: string, from: string | RegExp, to: string, times: number): string {
  const re = typeof from === 'string' ? new RegExp(from.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'g') : from;
  const found = text.match(re)?.length ?? 0;
  if (found !== times) throw new Error(`deploy/prometheus.yml: expected ${times} × ${String(from)}, found ${found}`);
  return text.replace(re, to);
}

/**
 * deploy/prometheus.yml as it is, but for: the token file (`tokenFile`),
 * the targets (`targets`, in place of the example hosts) and the scrape and
 * evaluation interval (`interval`). Its rule_files still name alerts.yml,
 * beside it: copy that too (writeExampleConfig does).
 */
export function exampleConfig(opts: { tokenFile: string; targets?: readonly string[]; interval?: string }): string {
  let text = fs.readFileSync(path.join(DEPLOY_DIR, 'prometheus.yml'), 'utf8');
  text = replaceExactly(text, `credentials_file: ${EXAMPLE_TOKEN_FILE}`, `credentials_file: ${opts.tokenFile}`, 1);
  if (opts.targets) {
    const hosts = /^( +)- host1:7070\n(?:\1- host\d+:7070\n)*/m;
    const indent = text.match(hosts)?.[1] ?? '';
    text = replaceExactly(text, new RegExp(hosts.source, 'gm'), opts.targets.map((t) => `${indent}- ${t}\n`).join(''), 1);
  }
  if (opts.interval) {
    text = replaceExactly(text, /(scrape_interval|evaluation_interval): 15s/g, `$1: ${opts.interval}`, 3);
  }
  return text;
}

/** Writes exampleConfig and alerts.yml into `dir`; returns the config's path. */
export function writeExampleConfig(dir: string, opts: Parameters<typeof exampleConfig>[0]): string {
  const config = path.join(dir, 'prometheus.yml');
  fs.writeFileSync(config, exampleConfig(opts));
  fs.copyFileSync(path.join(DEPLOY_DIR, 'alerts.yml'), path.join(dir, 'alerts.yml'));
  return config;
}

/** Whether something listens on 127.0.0.1:port. */
export function portTaken(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

/** prometheus' command line for `config`, its data in `dir`/tsdb,
 *  listening on 127.0.0.1:port. */
export function prometheusArgs(config: string, dir: string, port: number | string): string[] {
  return [
    `--config.file=${config}`,
    `--storage.tsdb.path=${path.join(dir, 'tsdb')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--log.level=warn',
  ];
}

export interface RunningPrometheus {
  url: string;
  /** Its output so far, for a failure's message. */
  output(): string;
  stop(): Promise<void>;
}

/** Starts `prometheus` on `config`, its data in `dir`/tsdb, listening on
 *  127.0.0.1:port; resolves once it is ready (within `readyMs`). It refuses
 *  a port in use rather than talk to someone else's Prometheus. */
export async function startPrometheus(config: string, dir: string, port: number, readyMs = 45_000): Promise<RunningPrometheus> {
  if (await portTaken(port)) throw new Error(`127.0.0.1:${port} is taken: the test's Prometheus needs it`);
  const url = `http://127.0.0.1:${port}`;
  let output = '';
  const child: ResultPromise = execa('prometheus', prometheusArgs(config, dir, port), {
    reject: false, stdin: 'ignore', all: true, forceKillAfterDelay: 5_000,
  });
  child.all?.on('data', (d: Buffer) => {
    output = (output + d.toString()).slice(-8_000);
  });
  // Settles when it exits, or could not be started at all.
  let ended: { message?: string } | undefined;
  const done = child.then((r) => {
    ended = r as { message?: string };
  });
  const stop = async () => {
    if (!ended) child.kill('SIGTERM');
    await done;
  };
  const deadline = Date.now() + readyMs;
  for (;;) {
    if (ended) {
      throw new Error(`prometheus ended at start (npm test and npm run test:kernels install it: scripts/ensure-deps.sh): ${ended.message ?? ''}\n${output}`);
    }
    const ready = await fetch(`${url}/-/ready`).then((r) => r.ok, () => false);
    if (ready) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`prometheus was not ready within ${readyMs / 1000} s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { url, output: () => output, stop };
}
