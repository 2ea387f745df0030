import Link from 'next/link';
import type { ReactNode } from 'react';
import type { ProcessDetail, ProcInfo } from '../../protocol/event';
import { processHref } from '../lib/links';
import { TimeText } from './TimeText';
import { VisibleText } from './VisibleText';

function Field({ label, children, title }: { label: string; children: ReactNode; title?: string }) {
  return (
    <div className="flex min-w-0 flex-col" title={title}>
      <dt className="text-[11px] text-muted">{label}</dt>
      <dd className="font-mono tabular-nums">{children}</dd>
    </div>
  );
}

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
  return (
    <div className="flex flex-col gap-3 px-3 py-3">
      <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
        <h2 data-testid="process-name" className="font-mono text-lg font-semibold">
          <VisibleText text={detail.comm} />
        </h2>
        <span className="font-mono text-muted">
          PID <span data-testid="process-pid" className="text-fg">{detail.pid}</span>
        </span>
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
        <Field label="UID" title={proc && proc.uid !== detail.uid ? `/proc says ${proc.uid} now` : 'User id of its opens'}>
          {articleOnly ? <span className="text-muted">—</span> : detail.uid}
          {!articleOnly && proc && proc.uid !== detail.uid && <span className="text-muted"> (now {proc.uid})</span>}
        </Field>
        <Field label="parent PID" title="From /proc, while the process lives">
          {proc ? (
            <Link data-testid="process-ppid" href={processHref(proc.ppid, from)} className="hover:text-accent hover:underline">
              {proc.ppid}
            </Link>
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
      <div className="text-xs">
        <span className="text-[11px] text-muted">command line </span>
        <code data-testid="process-cmdline" className="font-mono break-all">
          {proc ? (
            <CommandLine args={proc.cmdline} />
          ) : (
            <span className="text-muted">
              {replay ? '— (a replay cannot read /proc)' : '— (process has exited: /proc has it no more)'}
            </span>
          )}
        </code>
      </div>
    </div>
  );
}
