import { describe, expect, it } from 'vitest';
import { suiteResults, suiteVerdict, type SuiteResult } from './results';

const file = (name: string, status: string, tests: string[], ms = 12_400) => ({
  name: `/repo/server/${name}.kernel.test.ts`,
  status,
  startTime: 1000,
  endTime: 1000 + ms,
  message: '',
  assertionResults: tests.map((s) => ({ status: s })),
});

describe('suiteResults', () => {
  it('reads one result per suite file of a vitest JSON report', () => {
    const got = suiteResults({
      testResults: [
        file('backend', 'passed', ['passed', 'passed', 'skipped']),
        file('loss', 'passed', ['skipped']),
        file('xdp', 'failed', ['passed', 'failed'], 3_600),
        // A file that failed to load has no tests.
        file('store', 'failed', []),
      ],
    });
    expect(Object.fromEntries(got)).toEqual({
      backend: { passed: true, seconds: 12, note: '' },
      loss: { passed: true, seconds: 12, note: 'every test skipped here' },
      xdp: { passed: false, seconds: 4, note: '' },
      store: { passed: false, seconds: 12, note: '' },
    });
  });

  it('gives nothing for a report cut short or of another shape', () => {
    expect(suiteResults(undefined).size).toBe(0);
    expect(suiteResults({ testResults: [{ name: 'x' }] }).size).toBe(0);
  });
});

describe('suiteVerdict', () => {
  const ok: SuiteResult = { passed: true, seconds: 5, note: '' };
  const bad: SuiteResult = { passed: false, seconds: 9, note: '' };

  it('fails only the suite whose tests failed, though vitest exits 1 for the whole run', () => {
    const run = { exitCode: 1, suites: new Map([['xdp', bad], ['store', ok]]) };
    expect(suiteVerdict(run, 'store')).toEqual({ passed: true, seconds: 5, note: '' });
    expect(suiteVerdict(run, 'xdp')).toEqual({ passed: false, seconds: 9, note: '' });
  });

  it('fails every suite when vitest failed outside the tests, and a suite missing from the report', () => {
    const run = { exitCode: 1, suites: new Map([['store', ok]]) };
    expect(suiteVerdict(run, 'store')).toMatchObject({ passed: false, note: 'vitest exited 1; ' });
    expect(suiteVerdict({ exitCode: 0, suites: new Map() }, 'lab')).toMatchObject({ passed: false, note: 'not in the report; ' });
  });
});
