import Link from 'next/link';
import type { ReactNode } from 'react';
import type { ProcessDetail, ProcInfo } from '../../protocol/event';
import { traceClock } from '../lib/format';
import { groupHref, processHref } from '../lib/links';
import { argsOf, parentOf } from '../lib/process-view';
import { shortContainer } from '../lib/processes';
import { Field } from './Field';
import { TimeText } from './TimeText';
import { VisibleText } from './VisibleText';

/** Arguments as a shell would need them: one with blanks (or none at all) quoted. */
function CommandLine({ args }: { args: readonly string[] }) {
  if (args.length === 0) return <span className="text-muted">(empty: a kernel thread, or a zombie)</span>;
  return (
    <>
      {args.map((a, i) => {
        const quote = a === '' || /\s/.test(a);
        return (
          <span key={i}>
            {i > 0 && ' '}
            {quote && <span className="text-muted">&apos;</span>}
            <VisibleText text={a} />
            {quote && <span className="text-muted">&apos;</span>}
          </span>
        );
      })}
    </>
  );
}

/** One row of the identity list: a label, and text that may be long. */
function Line({ label, children, title }: { label: string; children: ReactNode; title?: string }) {
  return (
    <>
      <dt className="text-[11px] whitespace-nowrap text-muted" title={title}>
        {label}
      </dt>
      <dd className="min-w-0 font-mono break-all">{children}</dd>
    </>
  );
}

const LINK = 'hover:text-accent hover:underline';
const NONE = <span className="text-muted">—</span>;

/** Where a fact came from, said small after it. */
function Source({ children, testId }: { children: ReactNode; testId?: string }) {
  return (
    <span data-testid={testId} className="ml-2 font-sans text-[11px] text-muted">
      {children}
    </span>
  );
}

/** Who the process is and what it did in total: from the trace, and from
 *  /proc while it lives. */
export function ProcessSummary({
  detail,
  proc,
  replay,
  articleOnly,
  bootWallMs,
  from,
}: {
  detail: ProcessDetail;
  proc: ProcInfo | null;
  replay: boolean;
  /** Every event seen came from the article's BCC lines: no uid was traced. */
  articleOnly: boolean;
  bootWallMs: number | null;
  from: string;
}) {
  const failedShare = detail.opens > 0 ? Math.round((detail.failed / detail.opens) * 100) : 0;
  const args = argsOf(detail, proc);
  const parent = parentOf(detail, proc);
  const procGone = replay ? 'a replay cannot read /proc' : 'it has exited: /proc has it no more';
  return (
    <div className="flex flex-col gap-3 px-3 py-3">
      <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
        <h2 data-testid="process-name" className="font-mono text-lg font-semibold">
          <VisibleText text={detail.comm} />
        </h2>
        <span className="font-mono text-muted">
          PID <span data-testid="process-pid" className="text-fg">{detail.pid}</span>
        </span>
        {detail.start !== 0 && (
          <span className="text-xs text-muted" title="When this process started: with its PID, what tells it from other processes of the PID">
            started <span data-testid="process-start" data-value={detail.start}>{traceClock(detail.start, bootWallMs)}</span>
          </span>
        )}
        {replay ? (
          <span data-testid="process-state" className="rounded bg-info/15 px-1.5 text-xs text-info">
            replayed: /proc is not read
          </span>
        ) : proc ? (
          <span data-testid="process-state" className="rounded bg-good/15 px-1.5 text-xs text-good">
            running
          </span>
        ) : (
          <span
            data-testid="process-state"
            className="rounded bg-muted/15 px-1.5 text-xs text-muted"
            title="/proc has no such process now: what is shown is what the trace saw"
          >
            process has exited
          </span>
        )}
      </div>
      <dl className="grid grid-cols-2 gap-x-6 gap-y-2 text-xs sm:grid-cols-4 lg:grid-cols-8">
        <Field
          label="user"
          title={proc && proc.uid !== detail.uid ? `/proc says uid ${proc.uid} now` : 'Who runs it: the name of the real uid of its opens'}
        >
          {articleOnly ? (
            <span className="text-muted">—</span>
          ) : (
            <span data-testid="process-user" data-uid={detail.uid}>
              {detail.user ? (
                <>
                  <VisibleText text={detail.user} />
                  <span className="text-muted"> ({detail.uid})</span>
                </>
              ) : (
                detail.uid
              )}
            </span>
          )}
          {!articleOnly && proc && proc.uid !== detail.uid && <span className="text-muted"> (now {proc.uid})</span>}
        </Field>
        <Field
          label="parent PID"
          title={
            parent === null
              ? `Not known: no exec of it was traced, and ${procGone}`
              : parent.source === 'exec'
                ? 'Its parent when it started (from its exec, as the tracer saw it)'
                : 'Its parent now, from /proc'
          }
        >
          {parent ? (
            <>
              <Link data-testid="process-ppid" data-source={parent.source} href={processHref(parent.ppid, from)} className={LINK}>
                {parent.ppid}
              </Link>
              {parent.now !== null && (
                <span className="text-muted" title="Its parent exited; it was re-parented">
                  {' '}
                  (now{' '}
                  <Link href={processHref(parent.now, from)} className={LINK}>
                    {parent.now}
                  </Link>
                  )
                </span>
              )}
            </>
          ) : (
            <span className="text-muted">—</span>
          )}
        </Field>
        <Field label="opens">
          <span data-testid="process-opens">{detail.opens}</span>
        </Field>
        <Field label="failed">
          <span data-testid="process-failed" className={detail.failed > 0 ? 'text-bad' : ''}>
            {detail.failed}
          </span>
          {detail.failed > 0 && <span className="text-muted"> ({failedShare}%)</span>}
        </Field>
        <Field label="files" title="Distinct paths opened, in all the store holds">
          <span data-testid="process-files">{detail.fileCount}</span>
        </Field>
        <Field label="first seen">
          <TimeText ts={detail.firstTs} bootWallMs={bootWallMs} />
        </Field>
        <Field label="last seen">
          <TimeText ts={detail.lastTs} bootWallMs={bootWallMs} />
        </Field>
      </dl>
      <dl className="grid grid-cols-[auto_minmax(0,1fr)] gap-x-4 gap-y-1 text-xs">
        <Line label="executable" title="The file it runs (from its latest open); click to filter the overview by it">
          <span data-testid="process-exe">
            {detail.exe ? (
              <Link href={groupHref('exe', detail.exe, from)} className={LINK} title="The overview, only this executable's opens">
                <VisibleText text={detail.exe} />
              </Link>
            ) : (
              NONE
            )}
          </span>
        </Line>
        <Line label="arguments" title="Its command line, each argument with blanks quoted">
          <span data-testid="process-cmdline">
            <code data-testid="process-args" data-source={args.source} className="font-mono">
              {args.source === 'none' ? (
                <span className="text-muted">— (no exec of it was traced, and {procGone})</span>
              ) : (
                <CommandLine args={args.args} />
              )}
              {args.truncated && (
                <span className="ctl ml-0.5" title="The tracer had no room for all of them">
                  …
                </span>
              )}
            </code>
            {args.source === 'exec' ? (
              <Source testId="process-args-source">
                from its exec at {args.ts === null ? '?' : traceClock(args.ts, bootWallMs)}
                {args.truncated && ', cut short'}
              </Source>
            ) : args.source === 'proc' ? (
              <Source testId="process-args-source">from /proc (it started before the tracer saw it)</Source>
            ) : null}
          </span>
          {args.procNow && (
            <span className="block">
              <code className="font-mono text-muted">
                <CommandLine args={args.procNow} />
              </code>
              <Source>from /proc now: it changed its title since</Source>
            </span>
          )}
        </Line>
        <Line label="unit" title="The systemd unit it runs in, from its cgroup">
          <span data-testid="process-unit">
            {detail.unit ? (
              <Link href={groupHref('unit', detail.unit, from)} className={LINK} title="The overview, only this unit's opens">
                <VisibleText text={detail.unit} />
              </Link>
            ) : (
              <span className="text-muted" title="Not in a systemd unit, or its cgroup names none">
                —
              </span>
            )}
          </span>
        </Line>
        <Line label="container" title="The container it runs in, from its cgroup (docker's short id; hover for the whole)">
          <span data-testid="process-container" data-container={detail.container}>
            {detail.container ? (
              <Link
                href={groupHref('container', detail.container, from)}
                className={LINK}
                title={`${detail.container} — the overview, only this container's opens`}
              >
                {shortContainer(detail.container)}
              </Link>
            ) : (
              <span className="text-muted" title="Not in a container, or its cgroup names none">
                —
              </span>
            )}
          </span>
        </Line>
        <Line label="cgroup" title="Its path in the cgroup v2 tree">
          <span data-testid="process-cgroup">{detail.cgroup ? <VisibleText text={detail.cgroup} /> : NONE}</span>
        </Line>
        {detail.processes.length > 1 && (
          <Line label="same PID" title="Other processes the store has under this PID: PIDs are reused">
            <ul data-testid="process-others" className="flex flex-wrap gap-x-3">
              {detail.processes
                .filter((p) => p.start !== detail.start)
                .map((p) => (
                  <li key={p.start}>
                    <Link href={processHref(detail.pid, from, p.start)} className={LINK}>
                      <VisibleText text={p.comm} />
                    </Link>
                    <span className="text-muted">
                      {' '}
                      ({p.start === 0 ? 'start not known' : `started ${traceClock(p.start, bootWallMs)}`}, {p.opens} opens)
                    </span>
                  </li>
                ))}
            </ul>
          </Line>
        )}
      </dl>
    </div>
  );
}
