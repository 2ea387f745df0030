import Link from 'next/link';
import type { ReactNode } from 'react';
import { errnoName } from '../../protocol/errno';
import type { TraceEvent } from '../../protocol/event';
import { decodeOpenFlags } from '../../protocol/openflags';
import { durationText, eventPath } from '../lib/event-view';
import { fileHref } from '../lib/files-view';
import { groupHref, processHref } from '../lib/links';
import { shortContainer } from '../lib/processes';
import { TimeText } from './TimeText';
import { VisibleText } from './VisibleText';

const NONE = <span className="text-muted">—</span>;
const LINK = 'hover:text-accent hover:underline';

function Row({ label, children, testId, title }: { label: string; children: ReactNode; testId?: string; title?: string }) {
  return (
    <>
      <dt className="text-[11px] whitespace-nowrap text-muted" title={title}>
        {label}
      </dt>
      <dd data-testid={testId} className="min-w-0 font-mono break-all">
        {children}
      </dd>
    </>
  );
}

/** Everything known of one open, under the table: the row only has room
 *  for the gist (the executable, unit and container are here, and in the
 *  process cell's tooltip). */
export function EventDetail({
  e,
  bootWallMs,
  from,
  onClose,
}: {
  e: TraceEvent;
  bootWallMs: number | null;
  /** The overview query the links carry, for the way back. */
  from: string;
  onClose: () => void;
}) {
  const article = e.origin === 'article';
  const p = eventPath(e);
  return (
    <section
      data-testid="event-detail"
      aria-label="The selected open"
      className="border-t border-line bg-panel-2 px-3 py-2 text-xs"
    >
      <div className="mb-1.5 flex items-center gap-3">
        <h3 className="text-[11px] font-semibold tracking-wider text-muted uppercase">Selected open</h3>
        <span className="font-mono">
          <TimeText ts={e.ts} bootWallMs={bootWallMs} ms />
        </span>
        {e.own && (
          <span className="rounded bg-info/15 px-1.5 text-info" title="Shown because the filter asks for the dashboard's own opens">
            the dashboard&apos;s own
          </span>
        )}
        <button
          type="button"
          data-testid="event-detail-close"
          aria-label="Close event details"
          onClick={onClose}
          className="ml-auto rounded border border-line bg-panel px-2 text-xs text-muted hover:bg-hover hover:text-fg"
          title="Close the details (or click the row again)"
        >
          Close
        </button>
      </div>
      <dl className="grid grid-cols-[auto_minmax(0,1fr)] gap-x-3 gap-y-1 lg:grid-cols-[auto_minmax(0,2fr)_auto_minmax(0,1fr)]">
        <Row label="path" testId="detail-path" title="The file opened, symlinks resolved; for a failed relative open, its directory joined with the name">
          {article ? (
            NONE
          ) : p.absolute ? (
            <Link href={fileHref(p.file)} prefetch={false} className={LINK} title="This file across all processes">
              <VisibleText text={p.file} />
            </Link>
          ) : (
            <span className="text-muted">not known (only the name as passed is)</span>
          )}
          {p.absolute && p.fileCut && <span className="ctl ml-0.5">… cut short</span>}
        </Row>
        <Row label="process" testId="detail-process">
          <VisibleText text={e.comm} /> <span className="text-muted">PID</span>{' '}
          <Link href={processHref(e.pid, from, e.start)} prefetch={false} className={LINK} title="Open the process">
            {e.pid}
          </Link>{' '}
          <span className="text-muted">TID</span> {e.tid} <span className="text-muted">CPU</span> {e.cpu}
        </Row>
        <Row label="passed as" testId="detail-passed" title="The name as the process passed it (may be relative)">
          {article ? (
            NONE
          ) : (
            <>
              <VisibleText text={e.path} />
              {e.truncated && <span className="ctl ml-0.5">… cut short</span>}
            </>
          )}
        </Row>
        <Row label="user" testId="detail-user">
          {article ? (
            NONE
          ) : (
            <>
              {e.user ? <VisibleText text={e.user} /> : <span className="text-muted">(no name)</span>}{' '}
              <span className="text-muted">uid</span> {e.uid}
              {e.euid !== e.uid && (
                <span className="text-warn">
                  {' '}
                  <span className="text-muted">effective uid</span> {e.euid}
                </span>
              )}
            </>
          )}
        </Row>
        <Row label="result">
          {article ? (
            NONE
          ) : e.errno !== 0 ? (
            <span className="font-semibold text-bad">
              {errnoName(e.errno)} <span className="font-normal text-muted">(errno {e.errno})</span>
            </span>
          ) : (
            <>
              <span className="text-muted">fd</span> {e.ret}
            </>
          )}{' '}
          {!article && (
            <span className="text-muted">
              by {e.syscall}, flags {decodeOpenFlags(e.flags)} (0{e.flags.toString(8)})
            </span>
          )}
        </Row>
        <Row label="executable" testId="detail-exe">
          {e.exe ? (
            <Link href={groupHref('exe', e.exe, from)} prefetch={false} className={LINK} title="Show only this executable's opens">
              <VisibleText text={e.exe} />
            </Link>
          ) : (
            NONE
          )}
        </Row>
        <Row label="took" testId="detail-duration" title="From syscall entry to exit">
          {article ? NONE : e.durationNs === 0 ? <span className="text-muted">not measured</span> : (
            <>
              {durationText(e.durationNs)} <span className="text-muted">({e.durationNs} ns)</span>
            </>
          )}
        </Row>
        <Row label="unit" testId="detail-unit" title="The systemd unit of its cgroup">
          {e.unit ? (
            <Link href={groupHref('unit', e.unit, from)} prefetch={false} className={LINK} title="Show only this unit's opens">
              <VisibleText text={e.unit} />
            </Link>
          ) : (
            NONE
          )}
        </Row>
        <Row label="cgroup" testId="detail-cgroup" title="Its path in the cgroup v2 tree, and the cgroup's id">
          {e.cgroup ? <VisibleText text={e.cgroup} /> : NONE}
          {e.cgroupId > 0 && <span className="text-muted"> (id {e.cgroupId})</span>}
        </Row>
        <Row label="container" testId="detail-container">
          {e.container ? (
            <Link
              href={groupHref('container', e.container, from)}
              prefetch={false}
              className={LINK}
              title={`${e.container}: show only this container's opens`}
            >
              {shortContainer(e.container)}
              <span className="text-muted">{e.container.slice(shortContainer(e.container).length)}</span>
            </Link>
          ) : (
            NONE
          )}
        </Row>
      </dl>
    </section>
  );
}
