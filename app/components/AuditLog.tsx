'use client';
/** The audit log of control actions (GET /api/audit), newest first: who
 *  attached, detached, added or removed what, and how it went. */
import { useState } from 'react';
import { auditAnswerSchema, type AuditEntry } from '../../protocol/xdp';
import { call } from '../lib/api-call';
import { formatDateTime } from '../lib/format';
import { usePoll } from '../lib/use-poll';

const AUDIT_POLL_MS = 3_000;
const SHOWN = 50;

export function AuditLog() {
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  usePoll(
    async (signal) => {
      const r = await call('GET', '/api/audit', auditAnswerSchema, undefined, signal);
      if (signal.aborted) return;
      if (r.ok) {
        setEntries(r.value.entries);
        setError(null);
      } else setError(r.error);
    },
    AUDIT_POLL_MS,
    null,
  );

  if (error && !entries) return <p className="px-3 py-2 text-xs text-bad">{error}</p>;
  if (!entries) return <p className="px-3 py-2 text-xs text-muted">Reading the audit log…</p>;
  if (entries.length === 0) return <p className="px-3 py-2 text-xs text-muted">No control actions yet.</p>;
  return (
    // Focusable, so a keyboard can scroll it: it holds no control of its own.
    <div className="max-h-72 overflow-auto" tabIndex={0} role="region" aria-label="Audit log entries">
      <table className="w-full text-xs" data-testid="audit-log">
        <thead className="sticky top-0 bg-panel text-left text-muted">
          <tr>
            <th className="px-2 py-1 font-normal">time</th>
            <th className="px-2 py-1 font-normal">client</th>
            <th className="px-2 py-1 font-normal">action</th>
            <th className="px-2 py-1 font-normal">result</th>
          </tr>
        </thead>
        <tbody className="font-mono">
          {entries.slice(0, SHOWN).map((e, i) => (
            <tr key={`${e.time}-${i}`} data-testid="audit-row" className="border-t border-line align-top">
              <td className="px-2 py-0.5 whitespace-nowrap">{formatDateTime(Date.parse(e.time))}</td>
              <td className="px-2 py-0.5">{e.client}</td>
              <td className="px-2 py-0.5 break-all" title={JSON.stringify(e.args)}>
                {e.action} {Object.keys(e.args).length > 0 && <span className="text-muted">{JSON.stringify(e.args)}</span>}
              </td>
              <td className={`px-2 py-0.5 break-words ${e.result === 'ok' ? 'text-good' : 'text-bad'}`}>{e.result}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
