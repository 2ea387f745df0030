import { describe, expect, it } from 'vitest';
import { suiteResults, suiteVerdict, type SuiteResult } from './results';

const file = (name: string, status: string, tests: string[], ms = 12_400, message = '') => ({
  name: `/repo/server/${name}.kernel.test.ts`,
  status,
  startTime: 1000,
  endTime: 1000 + ms,
  message,
  assertionResults: tests.map((s, i) => ({
    status: s,
    fullName: `${name} test ${i}`,
    failureMessages: s === 'failed'
      ? ['AssertionError: expected undefined to be 1\n    at Proxy.<anonymous> (file:///repo/node_modules/@vitest/expect/dist/index.js:1283:10)\n    at /repo/server/xdp.kernel.test.ts:139:21\n    at more']
      : [],
  })),
});

describe('suiteResults', () => {
  it('reads one result per suite file of a vitest JSON report', () => {
    const got = suiteResults({
      testResults: [
        file('backend', 'passed', ['passed', 'passed', 'skipped']),
        file('loss', 'passed', ['skipped']),
        file('xdp', 'failed', ['passed', 'failed'], 3_600),
        // A file that failed to load has no tests.
        file('store', 'failed', [], 12_400, 'Error: Cannot find module ./gone'),
      ],
    });
    expect(Object.fromEntries(got)).toEqual({
      backend: { passed: true, seconds: 12, note: '', failures: [] },
      loss: { passed: true, seconds: 12, note: 'every test skipped here', failures: [] },
      // What failed and where in the test (not in vitest): CI keeps no guest logs.
      xdp: {
        passed: false, seconds: 4, note: '',
        failures: ['xdp test 1: AssertionError: expected undefined to be 1\n    at /repo/server/xdp.kernel.test.ts:139:21'],
      },
      store: { passed: false, seconds: 12, note: '', failures: ['Error: Cannot find module ./gone'] },
    });
  });

  it("cuts a failure's long first line, so the run's last lines still hold its frame", () => {
    const long = `AssertionError: ${'{"answer":1}'.repeat(200)}`;
    const report = file('attribution', 'failed', ['failed']);
    report.assertionResults[0]!.failureMessages = [`${long}\n    at /repo/server/attribution.kernel.test.ts:163:14`];
    const [failure] = suiteResults({ testResults: [report] }).get('attribution')!.failures;
    const [first, frame] = failure!.split('\n');
    expect(first!.length).toBeLessThan(700);
    expect(first).toContain(`(${long.length} characters)`);
    expect(frame).toBe('    at /repo/server/attribution.kernel.test.ts:163:14');
  });

  it('gives nothing for a report cut short or of another shape', () => {
    expect(suiteResults(undefined).size).toBe(0);
    expect(suiteResults({ testResults: [{ name: 'x' }] }).size).toBe(0);
  });
});

describe('suiteVerdict', () => {
  const ok: SuiteResult = { passed: true, seconds: 5, note: '', failures: [] };
  const bad: SuiteResult = { passed: false, seconds: 9, note: '', failures: ['x: y'] };

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
