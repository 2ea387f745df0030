import { describe, expect, it } from 'vitest';
import { CommitGate } from './commit-gate';

/** A step that ends when told to; what happened, in order, goes to `log`. */
function step(log: string[], name: string) {
  let end!: () => void;
  const done = new Promise<void>((r) => (end = r));
  return {
    run: async () => {
      log.push(`${name} starts`);
      await done;
      log.push(`${name} ends`);
      return name;
    },
    end,
  };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('CommitGate', () => {
  it('lets statements run side by side', async () => {
    const gate = new CommitGate();
    const log: string[] = [];
    const [a, b] = [step(log, 'a'), step(log, 'b')];
    const both = Promise.all([gate.statement(a.run), gate.statement(b.run)]);
    await tick();
    expect(log).toEqual(['a starts', 'b starts']);
    a.end();
    b.end();
    expect(await both).toEqual(['a', 'b']);
  });

  it('starts a commit only once the statements running have ended, and no statement while it runs', async () => {
    const gate = new CommitGate();
    const log: string[] = [];
    const [read, commit, late] = [step(log, 'read'), step(log, 'commit'), step(log, 'late read')];
    const reading = gate.statement(read.run);
    await tick();
    const committing = gate.commit(commit.run);
    const lateReading = gate.statement(late.run);
    await tick();
    expect(log).toEqual(['read starts']);
    read.end();
    await reading;
    await tick();
    expect(log).toEqual(['read starts', 'read ends', 'commit starts']);
    commit.end();
    await committing;
    await tick();
    expect(log.slice(-2)).toEqual(['commit ends', 'late read starts']);
    late.end();
    expect(await lateReading).toBe('late read');
  });

  it('opens again after a commit that failed', async () => {
    const gate = new CommitGate();
    await expect(gate.commit(() => Promise.reject(new Error('conflict')))).rejects.toThrow('conflict');
    expect(await gate.statement(async () => 'read')).toBe('read');
  });

  it('runs commits one after another', async () => {
    const gate = new CommitGate();
    const log: string[] = [];
    const [first, second] = [step(log, 'first'), step(log, 'second')];
    const both = Promise.all([gate.commit(first.run), gate.commit(second.run)]);
    await tick();
    expect(log).toEqual(['first starts']);
    first.end();
    await tick();
    await tick();
    expect(log).toEqual(['first starts', 'first ends', 'second starts']);
    second.end();
    await both;
  });
});
