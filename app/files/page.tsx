'use client';
import Link from 'next/link';
import { Suspense, useCallback, useEffect, useRef, useState } from 'react';
import { filterToQuery, isEmptyFilter } from '../../protocol/filter';
import { FileDetailView } from '../components/FileDetailView';
import { FileGroupToggle, FilesWindowSelect } from '../components/FilesControls';
import { FilesTable } from '../components/FilesTable';
import { FilterBar } from '../components/FilterBar';
import { Panel } from '../components/Panel';
import { PolledHeader } from '../components/PolledHeader';
import { type Shortcut, ShortcutsHelp } from '../components/ShortcutsHelp';
import { VisibleText } from '../components/VisibleText';
import { EMPTY_FILTER_INPUT, inputToQuery } from '../lib/filter-input';
import { dirHref, fileHref, filesHref } from '../lib/files-view';
import { formatCount, traceClock } from '../lib/format';
import { FILES_POLL_MS, useFilesData } from '../lib/use-files-data';
import { useFilesUrl } from '../lib/use-files-url';

const SHORTCUTS: readonly Shortcut[] = [
  { keys: '/', what: 'Focus the filter' },
  { keys: 'Space', what: 'Pause or resume reading' },
  { keys: '?', what: 'Show or hide this help' },
  { keys: 'Esc', what: 'Close this help' },
];

/** Keys typed here are text: no page shortcut may take them. */
function isTextTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

// The view is in the query (a static export has no dynamic segments), read
// with useSearchParams, which Next renders under a Suspense boundary.
export default function FilesPage() {
  return (
    <Suspense fallback={<p className="p-6 text-center text-xs text-muted">Loading…</p>}>
      <FilesView />
    </Suspense>
  );
}

function FilesView() {
  const url = useFilesUrl();
  const { input, setInput, filter, errors, group, setGroup, window: filesWindow, setWindow, file, listQuery } = url;
  const [paused, setPaused] = useState(false);
  const [help, setHelp] = useState(false);
  const commRef = useRef<HTMLInputElement>(null);
  const data = useFilesData({ file, filter, group, window: filesWindow, paused });
  const bootWallMs = data.health?.bootWallMs ?? null;
  const filtered = !isEmptyFilter(filter);
  const filterQuery = inputToQuery(input).toString();
  const shownFilter = [...filterToQuery(filter)].map(([k, v]) => `${k}=${v}`).join(' ');

  const togglePause = useCallback(() => setPaused((p) => !p), []);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || isTextTarget(e.target)) return;
      if (e.key === '?') {
        e.preventDefault();
        setHelp((h) => !h);
      } else if (e.key === 'Escape') {
        setHelp(false);
      } else if (help) {
        // The help is over the page: its keys do nothing underneath.
      } else if (e.key === '/') {
        e.preventDefault();
        commRef.current?.focus();
        commRef.current?.select();
      } else if (e.key === ' ' && !(e.target instanceof HTMLButtonElement) && !(e.target instanceof HTMLAnchorElement)) {
        e.preventDefault();
        togglePause();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [togglePause, help]);

  const hrefOf = useCallback(
    (path: string) => (path === '' ? null : group === 'dir' ? dirHref(path, input, filesWindow) : fileHref(path, listQuery)),
    [group, input, filesWindow, listQuery],
  );

  const list = data.list;
  const windowText =
    list?.window.from != null && list.window.to != null
      ? `${traceClock(list.window.from, bootWallMs)} – ${traceClock(list.window.to, bootWallMs)}`
      : null;
  const stale = !data.current ? 'opacity-60' : '';

  const clearFilter = (
    <button
      type="button"
      data-testid="clear-filter"
      aria-label="Clear the filter"
      onClick={() => setInput(EMPTY_FILTER_INPUT)}
      className="rounded border border-line bg-panel-2 px-2 py-0.5 text-xs font-medium text-fg hover:bg-hover"
    >
      Clear the filter
    </button>
  );

  return (
    <div className="flex min-h-screen flex-col">
      <PolledHeader
        current="/files"
        pollMs={FILES_POLL_MS}
        sampledAt={data.sampledAt}
        error={data.error}
        errorPrefix=""
        errorTestId="files-error"
        paused={paused}
        tracer={data.health?.tracer ?? null}
      />
      <main className="flex flex-col gap-3 p-3">
        <FilterBar
          input={input}
          errors={errors}
          onChange={setInput}
          commRef={commRef}
          paused={paused}
          onTogglePause={togglePause}
          newWhilePaused={data.newWhilePaused}
          onHelp={() => setHelp(true)}
          ownCount={data.health?.counts.own ?? null}
        />
        {file === null ? (
          <Panel
            title={group === 'dir' ? 'Hottest directories' : 'Hottest files'}
            className={stale}
            aside={
              <span className="flex flex-wrap items-center justify-end gap-x-3 gap-y-1">
                {list && (
                  <span data-testid="files-total" data-value={list.total} title={windowText ? `Matching opens from ${windowText}` : undefined}>
                    {formatCount(list.total)} {group === 'dir' ? 'directories' : 'files'}
                    {filtered ? ' matching the filter' : ''}, across all processes
                  </span>
                )}
                <span>click one for {group === 'dir' ? 'its files' : 'its openers and latency'}</span>
                <FilesWindowSelect value={filesWindow} onChange={setWindow} />
                <FileGroupToggle value={group} onChange={setGroup} />
              </span>
            }
          >
            {list === null ? (
              <p data-testid="files-loading" className="px-3 py-6 text-center text-xs text-muted">
                {data.error ? 'Nothing to show: the store could not be read (see above).' : 'Reading the store…'}
              </p>
            ) : list.files.length === 0 ? (
              <p data-testid="files-empty" className="flex flex-col items-center gap-2 px-3 py-6 text-center text-xs text-muted">
                {filtered ? (
                  <>
                    <span>
                      No stored open matches <code className="font-mono text-fg">{shownFilter || 'the filter'}</code>
                      {filesWindow !== 'all' ? ` in the last ${filesWindow} min` : ''}.
                    </span>
                    {clearFilter}
                  </>
                ) : filesWindow !== 'all' ? (
                  `No opens stored in the last ${filesWindow} min.`
                ) : (
                  'No opens stored yet: files appear here as processes open them.'
                )}
              </p>
            ) : (
              <FilesTable rows={list.files} total={list.total} group={group} hrefOf={hrefOf} bootWallMs={bootWallMs} />
            )}
          </Panel>
        ) : (
          <>
            <div className="flex flex-wrap items-center gap-3 text-xs">
              <Link
                data-testid="files-back"
                href={filesHref(listQuery)}
                className="rounded border border-line bg-panel-2 px-2 py-0.5 font-medium hover:bg-hover"
                title="The list of files, with the same filter"
              >
                ← All files{filtered ? ' (same filter)' : ''}
              </Link>
              {filtered && (
                <span className="text-muted">
                  only opens matching <code className="font-mono text-fg">{shownFilter}</code>
                </span>
              )}
              <span className="ml-auto">
                <FilesWindowSelect value={filesWindow} onChange={setWindow} />
              </span>
            </div>
            {data.detail === null ? (
              <p data-testid="file-loading" className="p-6 text-center text-xs text-muted">
                {data.error ? 'Nothing to show: the store could not be read (see above).' : 'Reading the store…'}
              </p>
            ) : data.detail.opens === 0 && data.current ? (
              <p data-testid="file-empty" className="flex flex-col items-center gap-2 p-6 text-center text-xs text-muted">
                <span>
                  The store holds no open of{' '}
                  <code className="font-mono break-all text-fg">
                    <VisibleText text={file} />
                  </code>
                  {filtered ? ' matching the filter' : ''}
                  {filesWindow !== 'all' ? ` in the last ${filesWindow} min` : ''} (it keeps opens for a while only).
                </span>
                {filtered && clearFilter}
              </p>
            ) : (
              <div className={`flex flex-col gap-3 ${stale}`}>
                <FileDetailView detail={data.detail} from={filterQuery} bootWallMs={bootWallMs} />
              </div>
            )}
          </>
        )}
      </main>
      {help && <ShortcutsHelp shortcuts={SHORTCUTS} onClose={() => setHelp(false)} />}
    </div>
  );
}
