import { describe, expect, it } from 'vitest';
import { runCommand } from './run';

describe('the command runner', () => {
  it('runs a command from a process of its own, not forked from this one', async () => {
    const r = await runCommand('sh', ['-c', 'echo $PPID']);
    expect(r.exitCode).toBe(0);
    const parent = Number(r.stdout.trim());
    expect(parent).toBeGreaterThan(0);
    expect(parent).not.toBe(process.pid);
  });

  it('hands back exit code, stdout and stderr, and writes the input', async () => {
    const r = await runCommand('sh', ['-c', 'cat; echo oops >&2; exit 3'], 'line one\nline two\n');
    expect(r).toMatchObject({ exitCode: 3, signal: null, stdout: 'line one\nline two\n', stderr: 'oops\n', error: null });
  });

  it('passes arguments as they are: no shell reads them', async () => {
    const hostile = '$(touch /tmp/odash-never) `id` ; rm -rf / \n "quoted"';
    const r = await runCommand('printf', ['%s', hostile]);
    expect(r.stdout).toBe(hostile);
  });

  it('says why a command that cannot start did not', async () => {
    const r = await runCommand('/nonexistent/odash-tool', ['x']);
    expect(r.exitCode).toBeNull();
    expect(r.error).toMatch(/ENOENT/);
  });

  it('goes on after the runner is killed: what it was running fails, the next command runs', async () => {
    const { stdout } = await runCommand('sh', ['-c', 'echo $PPID']);
    const running = runCommand('sleep', ['30']);
    process.kill(Number(stdout.trim()), 'SIGKILL');
    await expect(running).rejects.toThrow(/the command runner exited \(SIGKILL\)/);
    const again = await runCommand('sh', ['-c', 'echo $PPID']);
    expect(again.exitCode).toBe(0);
    expect(again.stdout).not.toBe(stdout);
  });

  it('runs commands side by side, each answered with its own output', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => runCommand('sh', ['-c', `sleep 0.0$((${i} % 5)); echo ${i}`])));
    expect(results.map((r) => r.stdout.trim())).toEqual(Array.from({ length: 20 }, (_, i) => String(i)));
  });
});
