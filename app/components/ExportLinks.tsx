'use client';
import { useState } from 'react';
import type { EventFilter } from '../../protocol/messages';
import { download } from '../lib/download';
import { formatCount } from '../lib/format';
import { EXPORT_LIMIT, exportHref } from '../lib/links';

const BUTTON =
  'flex h-7 items-center rounded border border-line bg-panel-2 px-2 text-xs font-medium hover:bg-hover disabled:opacity-60';

/** Downloads of the events the filter matches, straight from the API: the
 *  server's buffer, not only what this page holds. One that could not hold
 *  them all says so beside the buttons. */
export function ExportLinks({ filter }: { filter: EventFilter }) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [cut, setCut] = useState<string | null>(null);
  const title = (what: string) =>
    `Download the newest ${EXPORT_LIMIT} events matching the filter that the server still has, as ${what}`;
  const save = (format: 'csv' | 'json') => {
    setPending(true);
    setCut(null);
    download(exportHref(format, filter), `ebpf-dash-events.${format}`)
      .catch((err: Error) => ({ error: `export failed: ${err.message}` }))
      .then((r) => {
        setError(r.error);
        if (r.error === null && r.exported !== null && r.total !== null && r.exported < r.total) {
          setCut(`saved the newest ${formatCount(r.exported)} of ${formatCount(r.total)} matching events: narrow the filter or the window for the others`);
        }
        setPending(false);
      });
  };
  return (
    <span className="flex items-center gap-1" role="group" aria-label="Export">
      <button type="button" data-testid="export-csv" data-href={exportHref('csv', filter)} disabled={pending} onClick={() => save('csv')} className={BUTTON} aria-label="Export matching events as CSV" title={title('CSV, oldest first')}>
        CSV
      </button>
      <button type="button" data-testid="export-json" data-href={exportHref('json', filter)} disabled={pending} onClick={() => save('json')} className={BUTTON} aria-label="Export matching events as JSON" title={title('JSON, oldest first')}>
        JSON
      </button>
      {error && (
        <span role="alert" className="text-xs text-bad">
          {error}
        </span>
      )}
      {cut && (
        <span role="status" data-testid="export-cut" className="text-xs text-warn">
          {cut}
        </span>
      )}
    </span>
  );
}
