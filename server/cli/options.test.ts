import { describe, expect, it } from 'vitest';
import { parseOptions } from './options';

describe('parseOptions', () => {
  it('has safe defaults: loopback, a random token, auto attach', () => {
    const r = parseOptions([]);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.options).toMatchObject({ port: 7070, host: '127.0.0.1', attach: 'auto', bufferKb: 8192, keepXdp: false, stateDir: '/var/lib/ebpf-dash', allowHosts: [], historySeconds: 3600, keepEvents: 50000, record: null, replay: null, speed: 1, scope: { pid: null, uid: null, comm: null }, help: false });
    expect(r.options.token).toMatch(/^[\w-]{24}$/);
    const again = parseOptions([]);
    expect(again.ok && again.options.token).not.toBe(r.options.token);
  });

  it('takes port, host, token and attach', () => {
    const r = parseOptions(['--port', '7071', '--host', '::1', '--token', 'secret-T1', '--attach', 'tracepoint', '--buffer-kb', '1024', '--keep-xdp', '--state-dir', '/tmp/s', '--allow-host', 'Dash.lan', '--allow-host', 'b', '--history-seconds', '600', '--keep-events', '2000', '--replay', 'f.log', '--speed', '2.5', '--pid', '7', '--uid', '0', '--comm', 'bar probe-7']);
    expect(r).toEqual({
      ok: true,
      options: { port: 7071, host: '::1', token: 'secret-T1', attach: 'tracepoint', bufferKb: 1024, keepXdp: true, stateDir: '/tmp/s', allowHosts: ['dash.lan', 'b'], historySeconds: 600, keepEvents: 2000, record: null, replay: 'f.log', speed: 2.5, scope: { pid: 7, uid: 0, comm: 'bar probe-7' }, help: false },
    });
  });

  it('says what is wrong', () => {
    const errors = [
      [['--port', '0'], /--port/],
      [['--port', '70x'], /--port/],
      [['--attach', 'uprobe'], /--attach/],
      [['--buffer-kb', '1'], /--buffer-kb/],
      [['--state-dir', 'rel'], /--state-dir/],
      [['--history-seconds', '5'], /--history-seconds/],
      [['--keep-events', '10'], /--keep-events/],
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
