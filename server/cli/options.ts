/** Command-line options. Pure: argv in, options or a message out. */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';

export interface Options {
  port: number;
  host: string;
  token: string;
  attach: 'auto' | 'kprobe' | 'tracepoint';
  bufferKb: number;
  keepXdp: boolean;
  stateDir: string;
  allowHosts: string[];
  historySeconds: number;
  keepEvents: number;
  record: string | null;
  replay: string | null;
  speed: number;
  scope: { pid: number | null; uid: number | null; comm: string | null };
  help: boolean;
}

export const USAGE = `Usage: npm start -- [options]

  --port N          port for the UI, API and WebSocket (default 7070)
  --host H          address to listen on (default 127.0.0.1, loopback only;
                    anything else is reachable from the network: it warns)
  --allow-host NAME a hostname the dashboard is reached by, besides IP
                    addresses and localhost (repeatable; DNS-rebinding guard)
  --token T         access token (default: random, printed in the start URL)
  --attach MODE     auto | kprobe | tracepoint (default auto: kprobe where the
                    kernel has kprobes, else the syscall tracepoints)
  --buffer-kb N     trace ring buffer per CPU while running, in KB (default
                    8192; raised only, restored on exit). Bigger loses less
                    in bursts.
  --keep-xdp        leave the XDP filter attached at exit, for the next start
                    to adopt (default: detach and unpin)
  --state-dir DIR   where XDP rules are kept across restarts
                    (default /var/lib/ebpf-dash)
  --history-seconds N  per-second history kept for the charts (default
                    3600: the longest window the UI offers)
  --keep-events N   recent events kept for the API, exports and new browsers
                    (default 50000)
  --record FILE     also write every raw trace_pipe line to FILE
  --replay FILE     run from a recorded file instead of the kernel (no root
                    needed; no XDP); a plain trace_pipe capture works too
  --speed X         replay speed: X times as fast as recorded (default 1;
                    0 = as fast as possible)
  --pid PID, --uid UID, --comm NAME
                    trace only this process, user or exact process name: the
                    BPF program skips the rest, so it costs nothing and
                    cannot crowd the trace buffer (as opensnoop's -p/-u/-n)
  --help            show this text
`;

export function parseOptions(argv: string[]): { ok: true; options: Options } | { ok: false; error: string } {
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
        attach: { type: 'string', default: 'auto' },
        'buffer-kb': { type: 'string', default: '8192' },
        'keep-xdp': { type: 'boolean', default: false },
        'state-dir': { type: 'string', default: '/var/lib/ebpf-dash' },
        'allow-host': { type: 'string', multiple: true, default: [] },
        'history-seconds': { type: 'string', default: '3600' },
        'keep-events': { type: 'string', default: '50000' },
        record: { type: 'string' },
        replay: { type: 'string' },
        speed: { type: 'string', default: '1' },
        pid: { type: 'string' },
        uid: { type: 'string' },
        comm: { type: 'string' },
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
  if (attach !== 'auto' && attach !== 'kprobe' && attach !== 'tracepoint') {
    return { ok: false, error: `--attach must be auto, kprobe or tracepoint, not '${attach}'` };
  }
  if (values.token !== undefined && !/^[\x21-\x7e]{8,256}$/.test(values.token)) {
    return { ok: false, error: '--token must be 8 to 256 printable characters without spaces' };
  }
  const bufferKb = Number(values['buffer-kb']);
  if (!/^\d+$/.test(values['buffer-kb']) || bufferKb < 64 || bufferKb > 1 << 20) {
    return { ok: false, error: `--buffer-kb must be a number from 64 to 1048576, not '${values['buffer-kb']}'` };
  }
  if (!values.host) return { ok: false, error: '--host must not be empty' };
  if (!values['state-dir'].startsWith('/')) return { ok: false, error: '--state-dir must be an absolute path' };
  const historySeconds = Number(values['history-seconds']);
  if (!/^\d+$/.test(values['history-seconds']) || historySeconds < 60 || historySeconds > 86_400) {
    return { ok: false, error: `--history-seconds must be a number from 60 to 86400, not '${values['history-seconds']}'` };
  }
  const keepEvents = Number(values['keep-events']);
  if (!/^\d+$/.test(values['keep-events']) || keepEvents < 1000 || keepEvents > 5_000_000) {
    return { ok: false, error: `--keep-events must be a number from 1000 to 5000000, not '${values['keep-events']}'` };
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
  return {
    ok: true,
    options: {
      port,
      host: values.host,
      token: values.token ?? randomBytes(18).toString('base64url'),
      attach,
      bufferKb,
      keepXdp: values['keep-xdp'],
      stateDir: values['state-dir'],
      allowHosts: values['allow-host'].map((h) => h.toLowerCase()),
      historySeconds,
      keepEvents,
      record: values.record ?? null,
      replay: values.replay ?? null,
      speed,
      scope: { pid, uid, comm },
      help: values.help,
    },
  };
}
