/** Command-line options. Pure: argv in, options or a message out. */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { ATTACH_MODES, isAttachChoice, type AttachChoice } from '../../protocol/status';
import { parsePrometheusUrl } from '../fleet/prometheus';
import { STORE_DEFAULTS } from '../store/defaults';

export interface Options {
  port: number;
  host: string;
  /** From --token or EBPF_DASH_TOKEN; null: --token-file, or the one
   *  kept in the state folder. */
  token: string | null;
  tokenFile: string | null;
  /** A new kept token (the old one stops working). */
  rotateToken: boolean;
  /** Things to tell the user at start (a secret on the command line). */
  warnings: string[];
  attach: AttachChoice;
  bufferKb: number;
  /** Lines read from trace_pipe and not yet parsed, at most (MB). */
  spoolMb: number;
  keepXdp: boolean;
  stateDir: string;
  allowHosts: string[];
  /** The event store: a file, or ":memory:"; null: the default for the
   *  mode (a file in the state dir live, memory for a replay). */
  db: string | null;
  retentionSeconds: number;
  dbMaxMb: number;
  dbMemoryMb: number;
  queryTimeoutS: number;
  record: string | null;
  replay: string | null;
  speed: number;
  scope: { pid: number | null; uid: number | null; comm: string | null };
  /** Opens in progress the BPF side can track at once (null: its default). */
  maxInflight: number | null;
  /** The Prometheus that scrapes the fleet, for the Fleet page. */
  prometheus: string | null;
  help: boolean;
}

export const USAGE = `Usage: npm start -- [options]

  --port N          port for the UI, API and WebSocket (default 7070)
  --host H          address to listen on (default 127.0.0.1, loopback only;
                    anything else is reachable from the network: it warns)
  --allow-host NAME a hostname the dashboard is reached by, besides IP
                    addresses and localhost (repeatable; DNS-rebinding guard)
  --token-file FILE read the access token from FILE (first line); or set
                    EBPF_DASH_TOKEN. Default: a random one kept in
                    STATE_DIR/token (the same after a restart, so open tabs
                    reconnect), printed in the start URL
  --rotate-token    make a new kept token: tabs holding the old one are
                    refused until they open the new start URL
  --token T         the same on the command line, where every local user can
                    read it (ps): it warns
  --attach MODE     auto | fentry | kprobe | tracepoint (default auto: the
                    first of fentry, kprobe, tracepoint that works on this
                    kernel; npm run doctor shows which work and why not)
  --buffer-kb N     trace ring buffer per CPU while running, in KB (default
                    8192; raised only, restored on exit). Bigger loses less
                    in bursts.
  --spool-mb N      lines read from trace_pipe and waiting to be parsed, at
                    most, in MB (default 256, at most 2047): a burst waits
                    here, read as fast as the kernel writes it, while
                    parsing and storing catch up. When full, the reader
                    waits and the kernel's buffer takes the rest
  --keep-xdp        leave the XDP filter attached at exit, for the next start
                    to adopt (default: detach and unpin)
  --state-dir DIR   where XDP rules are kept across restarts
                    (default /var/lib/ebpf-dash)
  --db PATH         the event store, a DuckDB file (default
                    STATE_DIR/events.duckdb; a replay: :memory:). Every event
                    goes in; every view is a query over it. :memory: keeps
                    nothing across a restart
  --retention T     how long events are kept: 90s, 30m, 24h, 7d (default 24h)
  --db-max-mb N     the most the stored events may take; past it the oldest
                    go first, counted (default 1024)
  --db-memory-mb N  the store's memory limit: bigger queries spill to disk
                    (default 256)
  --query-timeout-s N
                    a page's query running longer is stopped and the page
                    says so (default 30)
  --record FILE     also write every raw trace_pipe line to FILE
  --replay FILE     run from a recorded file instead of the kernel (no root
                    needed; no XDP); a plain trace_pipe capture works too
  --speed X         replay speed: X times as fast as recorded (default 1;
                    0 = as fast as possible)
  --pid PID, --uid UID, --comm NAME
                    trace only this process, user or exact process name: the
                    BPF program skips the rest, so it costs nothing and
                    cannot crowd the trace buffer (as opensnoop's -p/-u/-n)
  --max-inflight N  opens in progress at once the tracer can follow, in
                    every mode (default 10240); one user may hold an eighth
                    of it. Past either an open is not reported but counted
                    (startsFull, part of lost)
  --prometheus URL  the Prometheus that scrapes your ebpf-dash hosts (job
                    ebpf-dash, as deploy/prometheus.yml), for the Fleet page;
                    this backend asks it, the browser never does
  --help            show this text
`;

/** "90s", "30m", "24h", "7d" (or plain seconds) -> seconds; null if not one. */
export function parseDuration(text: string): number | null {
  const m = /^(\d{1,7})([smhd]?)$/.exec(text);
  if (!m) return null;
  return Number(m[1]) * { '': 1, s: 1, m: 60, h: 3600, d: 86_400 }[m[2] as '' | 's' | 'm' | 'h' | 'd'];
}

const TOKEN_RULE = /^[\x21-\x7e]{8,256}$/;

/** Why a token is refused, or null when it will do. */
export function tokenProblem(token: string, from: string): string | null {
  return TOKEN_RULE.test(token) ? null : `${from} must be 8 to 256 printable characters without spaces`;
}

export const randomToken = () => randomBytes(18).toString('base64url');

export function parseOptions(
  argv: string[],
  env: Record<string, string | undefined> = {},
): { ok: true; options: Options } | { ok: false; error: string } {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string', default: '7070' },
        host: { type: 'string', default: '127.0.0.1' },
        token: { type: 'string' },
        'token-file': { type: 'string' },
        'rotate-token': { type: 'boolean', default: false },
        attach: { type: 'string', default: 'auto' },
        'buffer-kb': { type: 'string', default: '8192' },
        'spool-mb': { type: 'string', default: '256' },
        'keep-xdp': { type: 'boolean', default: false },
        'state-dir': { type: 'string', default: '/var/lib/ebpf-dash' },
        'allow-host': { type: 'string', multiple: true, default: [] },
        db: { type: 'string' },
        retention: { type: 'string', default: '24h' },
        'db-max-mb': { type: 'string', default: String(STORE_DEFAULTS.maxMb) },
        'db-memory-mb': { type: 'string', default: String(STORE_DEFAULTS.memoryLimitMb) },
        'query-timeout-s': { type: 'string', default: String(STORE_DEFAULTS.queryTimeoutMs / 1000) },
        record: { type: 'string' },
        replay: { type: 'string' },
        speed: { type: 'string', default: '1' },
        pid: { type: 'string' },
        'max-inflight': { type: 'string' },
        uid: { type: 'string' },
        comm: { type: 'string' },
        prometheus: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (err) {
    return { ok: false, error: (err as Error).message };
  }
  const port = Number(values.port);
  if (!/^\d+$/.test(values.port) || port < 1 || port > 65535) {
    return { ok: false, error: `--port must be a number from 1 to 65535, not '${values.port}'` };
  }
  const attach = values.attach;
  if (!isAttachChoice(attach)) {
    return { ok: false, error: `--attach must be auto, ${ATTACH_MODES.join(', ')}, not '${attach}'` };
  }
  const sources = [values.token, values['token-file'], env.EBPF_DASH_TOKEN].filter((v) => v !== undefined);
  if (sources.length > 1) return { ok: false, error: 'give the token one way: --token, --token-file or EBPF_DASH_TOKEN' };
  if (sources.length && values['rotate-token']) {
    return { ok: false, error: '--rotate-token makes a new kept token: it cannot go with --token, --token-file or EBPF_DASH_TOKEN' };
  }
  const token = values.token ?? env.EBPF_DASH_TOKEN ?? null;
  const bad = token !== null && tokenProblem(token, values.token !== undefined ? '--token' : 'EBPF_DASH_TOKEN');
  if (bad) return { ok: false, error: bad };
  const warnings =
    values.token !== undefined
      ? ['--token puts the token where every local user can read it (ps, /proc/PID/cmdline): use --token-file or EBPF_DASH_TOKEN']
      : [];
  const bufferKb = Number(values['buffer-kb']);
  if (!/^\d+$/.test(values['buffer-kb']) || bufferKb < 64 || bufferKb > 1 << 20) {
    return { ok: false, error: `--buffer-kb must be a number from 64 to 1048576, not '${values['buffer-kb']}'` };
  }
  const spoolMb = Number(values['spool-mb']);
  if (!/^\d+$/.test(values['spool-mb']) || spoolMb < 1 || spoolMb > 2047) {
    return { ok: false, error: `--spool-mb must be a number from 1 to 2047, not '${values['spool-mb']}'` };
  }
  if (!values.host) return { ok: false, error: '--host must not be empty' };
  if (!values['state-dir'].startsWith('/')) return { ok: false, error: '--state-dir must be an absolute path' };
  const retentionSeconds = parseDuration(values.retention);
  if (retentionSeconds === null || retentionSeconds < 60 || retentionSeconds > 366 * 86_400) {
    return { ok: false, error: `--retention must be a time from 60s to 366d (90s, 30m, 24h, 7d), not '${values.retention}'` };
  }
  const dbMaxMb = Number(values['db-max-mb']);
  if (!/^\d+$/.test(values['db-max-mb']) || dbMaxMb < 16 || dbMaxMb > 1 << 20) {
    return { ok: false, error: `--db-max-mb must be a number from 16 to 1048576, not '${values['db-max-mb']}'` };
  }
  const dbMemoryMb = Number(values['db-memory-mb']);
  if (!/^\d+$/.test(values['db-memory-mb']) || dbMemoryMb < 64 || dbMemoryMb > 1 << 16) {
    return { ok: false, error: `--db-memory-mb must be a number from 64 to 65536, not '${values['db-memory-mb']}'` };
  }
  const queryTimeoutS = Number(values['query-timeout-s']);
  if (!/^\d+$/.test(values['query-timeout-s']) || queryTimeoutS < 1 || queryTimeoutS > 3600) {
    return { ok: false, error: `--query-timeout-s must be a number from 1 to 3600, not '${values['query-timeout-s']}'` };
  }
  const db = values.db ?? null;
  if (db !== null && db !== ':memory:' && !db.startsWith('/')) {
    return { ok: false, error: `--db must be an absolute path or :memory:, not '${db}'` };
  }
  const speed = Number(values.speed);
  if (!/^\d+(\.\d+)?$/.test(values.speed) || speed > 1000) {
    return { ok: false, error: `--speed must be a number from 0 to 1000, not '${values.speed}'` };
  }
  const id = (name: 'pid' | 'uid', min: number): number | null | string => {
    const v = values[name];
    if (v === undefined) return null;
    return /^\d{1,10}$/.test(v) && Number(v) >= min && Number(v) < 2 ** 32 - 1 ? Number(v) : `--${name} must be a number, not '${v}'`;
  };
  const pid = id('pid', 1);
  const uid = id('uid', 0);
  if (typeof pid === 'string') return { ok: false, error: pid };
  if (typeof uid === 'string') return { ok: false, error: uid };
  const comm = values.comm ?? null;
  if (comm !== null && (comm.length === 0 || Buffer.byteLength(comm) > 15)) {
    return { ok: false, error: '--comm must be 1 to 15 bytes: the kernel keeps no more of a process name' };
  }
  if (values.record && values.replay) return { ok: false, error: '--record and --replay do not go together' };
  const inflight = values['max-inflight'];
  if (inflight !== undefined && (!/^\d+$/.test(inflight) || Number(inflight) < 1 || Number(inflight) > 1 << 22)) {
    return { ok: false, error: `--max-inflight must be a number from 1 to ${1 << 22}, not '${inflight}'` };
  }
  let prometheus: string | null = null;
  if (values.prometheus !== undefined) {
    const p = parsePrometheusUrl(values.prometheus);
    if (!p.ok) return { ok: false, error: `--prometheus: ${p.error}` };
    prometheus = p.url;
  }
  return {
    ok: true,
    options: {
      port,
      host: values.host,
      token,
      tokenFile: values['token-file'] ?? null,
      rotateToken: values['rotate-token'],
      warnings,
      attach,
      bufferKb,
      spoolMb,
      keepXdp: values['keep-xdp'],
      stateDir: values['state-dir'],
      allowHosts: values['allow-host'].map((h) => h.toLowerCase()),
      db,
      retentionSeconds,
      dbMaxMb,
      dbMemoryMb,
      queryTimeoutS,
      record: values.record ?? null,
      replay: values.replay ?? null,
      speed,
      scope: { pid, uid, comm },
      maxInflight: inflight === undefined ? null : Number(inflight),
      prometheus,
      help: values.help,
    },
  };
}
