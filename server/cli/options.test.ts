import { describe, expect, it } from 'vitest';
import { parseOptions, randomToken } from './options';

describe('parseOptions', () => {
  it('has safe defaults: loopback, a random token (made at start), auto attach', () => {
    const r = parseOptions([]);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.options).toMatchObject({ token: null, tokenFile: null, warnings: [], port: 7070, host: '127.0.0.1', attach: 'auto', bufferKb: 8192, spoolMb: 256, keepXdp: false, stateDir: '/var/lib/ebpf-dash', allowHosts: [], db: null, retentionSeconds: 86400, dbMaxMb: 1024, dbMemoryMb: 256, record: null, replay: null, speed: 1, scope: { pid: null, uid: null, comm: null }, maxInflight: null, prometheus: null, help: false });
    expect(randomToken()).toMatch(/^[\w-]{24}$/);
    expect(randomToken()).not.toBe(randomToken());
  });

  it('takes the token from a file or the environment, and warns when it is on the command line', () => {
    expect(parseOptions(['--token-file', '/run/t'])).toMatchObject({ ok: true, options: { token: null, tokenFile: '/run/t', warnings: [] } });
    expect(parseOptions([], { EBPF_DASH_TOKEN: 'from-env-1' })).toMatchObject({ ok: true, options: { token: 'from-env-1', warnings: [] } });
    const argv = parseOptions(['--token', 'on-argv-1']);
    expect(argv).toMatchObject({ ok: true, options: { token: 'on-argv-1' } });
    expect(argv.ok && argv.options.warnings[0]).toMatch(/every local user can read it/);
    expect(parseOptions(['--token', 'on-argv-1'], { EBPF_DASH_TOKEN: 'from-env-1' })).toMatchObject({ ok: false, error: /one way/ });
    expect(parseOptions([], { EBPF_DASH_TOKEN: 'short' })).toMatchObject({ ok: false, error: /EBPF_DASH_TOKEN must be 8 to 256/ });
    // Rotating is of the kept token only.
    expect(parseOptions(['--rotate-token'])).toMatchObject({ ok: true, options: { rotateToken: true, token: null, tokenFile: null } });
    expect(parseOptions(['--rotate-token'], { EBPF_DASH_TOKEN: 'from-env-1' })).toMatchObject({ ok: false, error: /--rotate-token makes a new kept token/ });
  });

  it('takes port, host, token and attach', () => {
    const r = parseOptions(['--port', '7071', '--host', '::1', '--token', 'secret-T1', '--attach', 'tracepoint', '--buffer-kb', '1024', '--spool-mb', '64', '--keep-xdp', '--state-dir', '/tmp/s', '--allow-host', 'Dash.lan', '--allow-host', 'b', '--db', ':memory:', '--retention', '90m', '--db-max-mb', '64', '--db-memory-mb', '128', '--query-timeout-s', '5', '--replay', 'f.log', '--speed', '2.5', '--pid', '7', '--uid', '0', '--comm', 'bar probe-7']);
    expect(r).toEqual({
      ok: true,
      options: { port: 7071, host: '::1', token: 'secret-T1', tokenFile: null, rotateToken: false, warnings: [expect.stringMatching(/--token-file/)], attach: 'tracepoint', bufferKb: 1024, spoolMb: 64, keepXdp: true, stateDir: '/tmp/s', allowHosts: ['dash.lan', 'b'], db: ':memory:', retentionSeconds: 5400, dbMaxMb: 64, dbMemoryMb: 128, queryTimeoutS: 5, record: null, replay: 'f.log', speed: 2.5, scope: { pid: 7, uid: 0, comm: 'bar probe-7' }, maxInflight: null, prometheus: null, help: false },
    });
  });

  it('says what is wrong', () => {
    const errors = [
      [['--port', '0'], /--port/],
      [['--port', '70x'], /--port/],
      [['--attach', 'uprobe'], /--attach/],
      [['--buffer-kb', '1'], /--buffer-kb/],
      [['--spool-mb', '0'], /--spool-mb/],
      [['--spool-mb', '2048'], /--spool-mb/],
      [['--spool-mb', '1e3'], /--spool-mb/],
      [['--state-dir', 'rel'], /--state-dir/],
      [['--retention', '5s'], /--retention/],
      [['--retention', '1y'], /--retention/],
      [['--retention', ''], /--retention/],
      [['--db', 'relative.duckdb'], /--db must be an absolute path/],
      [['--db-max-mb', '1'], /--db-max-mb/],
      [['--db-memory-mb', 'lots'], /--db-memory-mb/],
      [['--query-timeout-s', '0'], /--query-timeout-s must be a number from 1 to 3600/],
      [['--speed', '-1'], /--speed/],
      [['--pid', '0'], /--pid/],
      [['--uid', 'root'], /--uid/],
      [['--comm', 'a-name-longer-than-15'], /--comm/],
      [['--record', 'a', '--replay', 'b'], /together/],
      [['--token', 'short'], /--token/],
      [['--token', 'has space in it'], /--token/],
      [['--nope'], /nope/],
      [['stray'], /stray/],
    ] as const;
    for (const [argv, message] of errors) {
      const r = parseOptions([...argv]);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toMatch(message);
    }
  });
});
