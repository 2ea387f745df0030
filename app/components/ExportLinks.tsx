'use client';
import { useState } from 'react';
import type { EventFilter } from '../../protocol/messages';
import { EXPORT_LIMIT, exportHref } from '../lib/links';
import { download } from '../lib/download';

const BUTTON =
  'flex h-7 items-center rounded border border-line bg-panel-2 px-2 text-xs font-medium hover:bg-hover disabled:opacity-60';

/** Downloads of the events the filter matches, straight from the API: the
 *  server's buffer, not only what this page holds. */
export function ExportLinks({ filter }: { filter: EventFilter }) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const title = (what: string) =>
    `Download the newest ${EXPORT_LIMIT} events matching the filter that the server still has, as ${what}`;
  const save = (format: 'csv' | 'json') => {
    setPending(true);
    download(exportHref(format, filter), `ebpf-dash-events.${format}`)
      .catch((err: Error) => `export failed: ${err.message}`)
      .then((e) => {
        setError(e);
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
    </span>
  );
}
