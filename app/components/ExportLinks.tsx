'use client';
import { useState } from 'react';
import type { EventFilter } from '../../protocol/messages';
import { EXPORT_LIMIT, exportHref } from '../lib/links';
import { authHeaders, NO_TOKEN_HINT } from '../lib/session';

const BUTTON =
  'flex h-7 items-center rounded border border-line bg-panel-2 px-2 text-xs font-medium hover:bg-hover disabled:opacity-60';

/** Fetches with the token (a plain link would need a cookie), then saves. */
async function download(href: string, name: string): Promise<string | null> {
  const res = await fetch(href, { cache: 'no-store', headers: authHeaders() });
  if (!res.ok) return res.status === 401 ? `not authorized: ${NO_TOKEN_HINT}` : `export failed: HTTP ${res.status}`;
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return null;
}

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
      <button type="button" data-testid="export-csv" data-href={exportHref('csv', filter)} disabled={pending} onClick={() => save('csv')} className={BUTTON} title={title('CSV, oldest first')}>
        CSV
      </button>
      <button type="button" data-testid="export-json" data-href={exportHref('json', filter)} disabled={pending} onClick={() => save('json')} className={BUTTON} title={title('JSON, newest first')}>
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
