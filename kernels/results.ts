/**
 * Per-suite results of one guest's vitest run (its JSON report): the guest
 * runs every suite of an attach mode in one vitest, since starting vitest
 * under TCG costs ~45 s a time. Pure.
 */
import path from 'node:path';
import { z } from 'zod';

const reportSchema = z.object({
  testResults: z.array(
    z.object({
      name: z.string(),
      status: z.string(),
      startTime: z.number(),
      endTime: z.number(),
      message: z.string().optional(),
      assertionResults: z.array(
        z.object({ status: z.string(), fullName: z.string().optional(), failureMessages: z.array(z.string()).optional() }),
      ),
    }),
  ),
});

export interface SuiteResult {
  passed: boolean;
  seconds: number;
  /** Why a passing suite ran nothing (every test skipped), else ''. */
  note: string;
  /** Each failed test as "name: message" (the error and the test's frame):
   *  CI prints them, since it keeps no guest logs. */
  failures: string[];
}

/** A failure message's first line is cut past this: CI shows a run's
 *  last lines, and one line of a test's dump would push the rest out. */
const FIRST_LINE_MAX = 600;

/** A failure message cut to the error and where it came from: its first
 *  line and the first stack frame outside node_modules (the test's own). */
function errorAndFrame(message: string): string {
  const [whole = '', ...rest] = message.split('\n');
  const first = whole.length > FIRST_LINE_MAX ? `${whole.slice(0, FIRST_LINE_MAX)}… (${whole.length} characters)` : whole;
  const frame = rest.find((l) => /^\s+at /.test(l) && !l.includes('/node_modules/'));
  return frame ? `${first}\n${frame}` : first;
}

/** Suite name (server/NAME.kernel.test.ts) to its result; empty for a report that is not one. */
export function suiteResults(report: unknown): Map<string, SuiteResult> {
  const parsed = reportSchema.safeParse(report);
  const out = new Map<string, SuiteResult>();
  if (!parsed.success) return out;
  for (const file of parsed.data.testResults) {
    const suite = path.basename(file.name).replace(/\.kernel\.test\.ts$/, '');
    const ran = file.assertionResults.filter((a) => a.status !== 'skipped' && a.status !== 'pending' && a.status !== 'todo');
    out.set(suite, {
      passed: file.status !== 'failed' && ran.every((a) => a.status === 'passed'),
      seconds: Math.round((file.endTime - file.startTime) / 1000),
      note: ran.length === 0 && file.status !== 'failed' ? 'every test skipped here' : '',
      failures: [
        ...ran
          .filter((a) => a.status === 'failed')
          .map((a) => `${a.fullName ?? '?'}: ${errorAndFrame(a.failureMessages?.[0] ?? 'no message')}`),
        // A file that failed outside its tests (it did not load, a hook threw).
        ...(file.status === 'failed' && file.message ? [errorAndFrame(file.message)] : []),
      ],
    });
  }
  return out;
}

/** One suite's verdict in a mode's run: its own tests decide, unless
 *  vitest failed while every test of every suite passed (an error outside
 *  the tests, which cannot be pinned on one suite). A failed verdict's
 *  note ends ready for the log's path. */
export function suiteVerdict(
  run: { exitCode: number; suites: ReadonlyMap<string, SuiteResult> },
  suite: string,
): { passed: boolean; seconds: number | null; note: string } {
  const r = run.suites.get(suite);
  if (!r) return { passed: false, seconds: null, note: 'not in the report; ' };
  const outside = run.exitCode !== 0 && [...run.suites.values()].every((s) => s.passed);
  if (outside) return { passed: false, seconds: r.seconds, note: `vitest exited ${run.exitCode}; ` };
  return { passed: r.passed, seconds: r.seconds, note: r.passed ? r.note : '' };
}
