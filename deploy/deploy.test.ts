/**
 * deploy/ checked by the tools that will read it: promtool (Debian's
 * prometheus package) for the scrape config, the alert rules and their unit
 * tests (alerts.test.yml); systemd-analyze for the unit; and the unit's
 * command line by the backend's own option parser.
 */
import { execa } from 'execa';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FLEET_JOB } from '../protocol/fleet';
import { parseOptions } from '../server/cli/options';
import { DEPLOY_DIR, EXAMPLE_TOKEN_FILE, exampleConfig, writeExampleConfig } from '../server/fleet/testing';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'odash-deploy-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const read = (name: string) => fs.readFileSync(path.join(DEPLOY_DIR, name), 'utf8');
/** A fresh folder under the test's temp dir. */
const folder = (name: string) => {
  const d = path.join(dir, name);
  fs.mkdirSync(d);
  return d;
};
const run = (cmd: string, args: string[], cwd = DEPLOY_DIR) => execa(cmd, args, { cwd, reject: false, all: true, stdin: 'ignore' });

describe('prometheus.yml', () => {
  it('passes promtool check config, alerts.yml included, once its token file exists', async () => {
    const d = folder('config');
    const tokenFile = path.join(d, 'token');
    fs.writeFileSync(tokenFile, 'test-token-12345\n', { mode: 0o600 });
    const config = writeExampleConfig(d, { tokenFile });
    const r = await run('promtool', ['check', 'config', config]);
    expect(r.exitCode, r.all).toBe(0);
    expect(r.all).toMatch(/SUCCESS: 1 rule files found/);
    expect(r.all).toMatch(/SUCCESS: 3 rules found/);
  });

  it('names the token file promtool insists on (the reason the check above runs on a copy)', async () => {
    if (fs.existsSync(EXAMPLE_TOKEN_FILE)) return;
    const r = await run('promtool', ['check', 'config', 'prometheus.yml']);
    expect(r.exitCode).not.toBe(0);
    expect(r.all).toContain(`"${EXAMPLE_TOKEN_FILE}": stat ${EXAMPLE_TOKEN_FILE}: no such file or directory`);
  });

  it('scrapes the job the fleet page reads, every 15 s, with the token from a file, and loads the alerts', () => {
    const text = read('prometheus.yml');
    expect(text).toMatch(new RegExp(`^  - job_name: ${FLEET_JOB}$`, 'm'));
    expect(text).toMatch(/^ {4}scrape_interval: 15s$/m);
    expect(text).toMatch(/^ {4}authorization:\n {6}type: Bearer\n {6}credentials_file: \/etc\/ebpf-dash\/token$/m);
    expect(text).toMatch(/^rule_files:\n {2}- alerts\.yml$/m);
    expect(text).toMatch(/file_sd_configs/);
    // The test config (real-prometheus.test.ts) is this one with three things changed.
    expect(exampleConfig({ tokenFile: '/t', targets: ['127.0.0.1:1'], interval: '1s' })).toBe(
      text.replace('/etc/ebpf-dash/token', '/t').replace(/ {10}- host1:7070\n {10}- host2:7070\n {10}- host3:7070\n/, '          - 127.0.0.1:1\n')
        .replaceAll(': 15s', ': 1s'),
    );
  });
});

describe('alerts.yml', () => {
  it('passes promtool check rules', async () => {
    const r = await run('promtool', ['check', 'rules', 'alerts.yml']);
    expect(r.exitCode, r.all).toBe(0);
    expect(r.all).toMatch(/SUCCESS: 3 rules found/);
  });

  it('passes its unit tests (promtool test rules alerts.test.yml): each alert fires when it should, and only then', async () => {
    const r = await run('promtool', ['test', 'rules', 'alerts.test.yml']);
    expect(r.exitCode, r.all).toBe(0);
    expect(r.all).toMatch(/SUCCESS/);
  });

  it('has unit tests that catch a changed rule', async () => {
    // Alerting on the first bad evaluation instead of after a minute.
    const d = folder('mutant');
    const alerts = read('alerts.yml');
    const mutant = alerts.replace(/(alert: EbpfDashXdpDetached\n(?:.*\n)*?\s+for: )1m/, (_, head: string) => `${head}0s`);
    expect(mutant).not.toBe(alerts);
    fs.writeFileSync(path.join(d, 'alerts.yml'), mutant);
    fs.copyFileSync(path.join(DEPLOY_DIR, 'alerts.test.yml'), path.join(d, 'alerts.test.yml'));
    const r = await run('promtool', ['test', 'rules', 'alerts.test.yml'], d);
    expect(r.exitCode).not.toBe(0);
    expect(r.all).toMatch(/alertname: EbpfDashXdpDetached, time: 2m/);
  });

  it('gives every alert a severity, a summary and a description', () => {
    const text = read('alerts.yml');
    const alerts = text.split(/^ {6}- alert: /m).slice(1);
    expect(alerts.map((a) => a.split('\n')[0])).toEqual(['EbpfDashTracerDown', 'EbpfDashEventsLost', 'EbpfDashXdpDetached']);
    for (const a of alerts) {
      expect(a).toMatch(/\n {10}severity: (critical|warning)\n/);
      expect(a).toMatch(/\n {10}summary: /);
      expect(a).toMatch(/\n {10}description: /);
    }
  });
});

/** The unit as [section, key, value] lines (comments and blanks left out). */
function unitEntries(text: string): Array<[string, string, string]> {
  const entries: Array<[string, string, string]> = [];
  let section = '';
  for (const line of text.split('\n')) {
    if (/^\s*([#;]|$)/.test(line)) continue;
    const head = /^\[(\w+)\]$/.exec(line);
    if (head) section = head[1]!;
    else {
      const [key, ...value] = line.split('=');
      entries.push([section, key!, value.join('=')]);
    }
  }
  return entries;
}

describe('ebpf-dash.service', () => {
  const text = read('ebpf-dash.service');
  const entries = unitEntries(text);
  const values = (key: string) => entries.filter(([, k]) => k === key).map(([, , v]) => v);
  const one = (key: string) => {
    const v = values(key);
    expect(v, key).toHaveLength(1);
    return v[0]!;
  };

  it('runs what npm start runs, as root, from /opt/ebpf-dash, with the token from /etc/ebpf-dash/env', () => {
    const serve = (JSON.parse(fs.readFileSync(path.join(DEPLOY_DIR, '../package.json'), 'utf8')) as { scripts: { serve: string } }).scripts.serve;
    expect(serve).toBe('node .build/server/main.mjs');
    expect(fs.readFileSync(path.join(DEPLOY_DIR, '../scripts/start.sh'), 'utf8')).toContain('exec node .build/server/main.mjs "$@"');
    expect(one('ExecStartPre')).toBe('node scripts/build-server.mjs');
    expect(one('ExecStart').startsWith(`${serve} `)).toBe(true);
    // The same environment: start.sh's default number of malloc arenas.
    expect(fs.readFileSync(path.join(DEPLOY_DIR, '../scripts/start.sh'), 'utf8')).toContain('export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"');
    expect(values('Environment')).toContain('MALLOC_ARENA_MAX=2');
    expect(one('User')).toBe('root');
    expect(one('WorkingDirectory')).toBe('/opt/ebpf-dash');
    expect(one('EnvironmentFile')).toBe('/etc/ebpf-dash/env');
    expect(one('Restart')).toBe('on-failure');
    expect(one('WantedBy')).toBe('multi-user.target');
  });

  it("passes the backend's option parser, and keeps its state where StateDirectory makes it", () => {
    const argv = one('ExecStart').replace(/^node \.build\/server\/main\.mjs /, '').replace(' $EBPF_DASH_ARGS', '').replace('%H', 'host1').split(' ');
    const parsed = parseOptions(argv, { EBPF_DASH_TOKEN: 'a-token-from-the-env-file' });
    expect(parsed).toMatchObject({ ok: true, options: { host: '0.0.0.0', allowHosts: ['host1'], stateDir: '/var/lib/ebpf-dash' } });
    expect(`/var/lib/${one('StateDirectory')}`).toBe('/var/lib/ebpf-dash');
    expect(one('StateDirectoryMode')).toBe('0700');
  });

  it('hardens what BPF, XDP and tracing do not need, and nothing they do', () => {
    for (const [k, v] of [['NoNewPrivileges', 'yes'], ['ProtectHome', 'yes'], ['PrivateTmp', 'yes'], ['ProtectSystem', 'full']]) {
      expect(one(k!), k).toBe(v);
    }
    const breaking = [
      'ProtectKernelTunables', 'CapabilityBoundingSet', 'AmbientCapabilities', 'DynamicUser', 'PrivateDevices', 'ProtectKernelModules',
      'ProtectKernelLogs', 'ProtectClock', 'PrivateNetwork', 'RestrictNamespaces', 'RestrictAddressFamilies', 'SystemCallFilter',
      'MemoryDenyWriteExecute', 'InaccessiblePaths', 'TemporaryFileSystem', 'ReadOnlyPaths', 'PrivateUsers', 'IPAddressDeny',
    ];
    expect(entries.filter(([, k]) => breaking.includes(k))).toEqual([]);
  });

  const analyze = fs.existsSync('/usr/bin/systemd-analyze') || fs.existsSync('/bin/systemd-analyze');
  // systemd-analyze verify reads the unit file itself: it needs no systemd
  // running as PID 1 (this test was written on a machine without one). It
  // checks the sections, keys and values, the specifiers, and that
  // ExecStart's program (node) is on systemd's search path. Where systemd
  // is not installed there is nothing to ask; the checks above still run.
  it.skipIf(!analyze)('passes systemd-analyze verify, without a warning', async () => {
    const r = await run('systemd-analyze', ['verify', path.join(DEPLOY_DIR, 'ebpf-dash.service')]);
    expect(r.exitCode, r.all).toBe(0);
    expect(r.all).toBe('');
  });

  it.skipIf(!analyze)('is checked by systemd-analyze verify for real here: a misspelled key is reported', async () => {
    const d = folder('unit');
    const bad = path.join(d, 'ebpf-dash.service');
    fs.writeFileSync(bad, text.replace('NoNewPrivileges=yes', 'NoNewPrivilege=yes'));
    const r = await run('systemd-analyze', ['verify', bad]);
    expect(r.all).toContain("Unknown key 'NoNewPrivilege' in section [Service]");
  });
});
