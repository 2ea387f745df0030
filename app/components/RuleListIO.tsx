'use client';
import { useState } from 'react';
import { MAX_COMMENT, MAX_IMPORT_BYTES, RULE_ACTIONS, type RuleAction, type RuleView } from '../../protocol/xdp';
import { XDP_MAX_RULES } from '../../protocol/xdp-filter';
import { formatBytes, formatCount } from '../lib/format';
import { RULE_LIFETIMES } from '../lib/lifetimes';
import { useApiAction } from '../lib/use-api-action';
import type { ApiResult } from '../lib/api-call';
import { download } from '../lib/download';
import { xdpApi } from '../lib/xdp-client';
import { netsetFileName } from '../lib/xdp-view';
import { ActionError } from './ActionError';
import { ForceConfirm } from './ForceConfirm';
import { LifetimeSelect } from './LifetimeSelect';

type ImportBody = Omit<Parameters<typeof xdpApi.importRules>[0], 'force'>;

const BUTTON =
  'h-7 rounded border border-line bg-panel-2 px-3 text-xs font-medium hover:bg-hover disabled:cursor-not-allowed disabled:opacity-50';
const CONTROL = 'h-7 rounded border border-line bg-panel-2 px-1.5 text-xs outline-none focus:border-accent';

/** Block (or allow) lists in and out: a FireHOL .netset or any list of
 *  addresses and prefixes, one a line, and the deny rules as a netset. */
export function RuleListIO({ rules, onChanged }: { rules: readonly RuleView[]; onChanged: () => void }) {
  const [pasted, setPasted] = useState('');
  const [file, setFile] = useState<{ name: string; text: string } | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  // A new key empties the file input after an import or a clear.
  const [fileKey, setFileKey] = useState(0);
  const [action, setAction] = useState<RuleAction>('deny');
  const [ttlSeconds, setTtlSeconds] = useState<number | null>(null);
  const [comment, setComment] = useState('');
  const [result, setResult] = useState<Awaited<ReturnType<typeof xdpApi.importRules>> | null>(null);
  const [exporting, setExporting] = useState(false);
  const [exportError, setExportError] = useState<string | null>(null);

  const imp = useApiAction(async (force, body: ImportBody) => {
    setResult(null);
    const r = await xdpApi.importRules({ ...body, force });
    setResult(r);
    return r;
  }, onChanged);

  const text = file?.text ?? pasted;
  const tooBig = text.length > MAX_IMPORT_BYTES;
  const clearFile = () => {
    setFile(null);
    setFileError(null);
    setFileKey((k) => k + 1);
  };
  const clearOnSuccess = (ok: boolean) => {
    if (!ok) return;
    setPasted('');
    clearFile();
  };
  // What the export holds (a netset says nothing of ports, allows or destinations).
  const denyAddressRules = rules.filter(
    (r) => r.action === 'deny' && r.port === null && r.cidr !== null && r.direction === 'src',
  ).length;
  const lines = imp.error && result && !result.ok ? (result.lines ?? []) : [];

  const exportNetset = async () => {
    setExporting(true);
    setExportError(
      await download('/api/xdp/rules.netset', netsetFileName(new Date())).then(
        (r) => r.error,
        (err: Error) => `export failed: ${err.message}`,
      ),
    );
    setExporting(false);
  };

  return (
    <div className="flex flex-col gap-2 px-3 py-2 text-xs">
      <form
        className="flex flex-col gap-1.5"
        onSubmit={(e) => {
          e.preventDefault();
          if (text.trim() !== '' && !tooBig) {
            const body: ImportBody = { text, action, comment: comment.trim(), ...(ttlSeconds !== null && { ttlSeconds }) };
            void imp.run(body).then(clearOnSuccess);
          }
        }}
      >
        <p className="text-muted">
          One address or prefix a line, <span className="font-mono">#</span> comments: a FireHOL{' '}
          <span className="font-mono">.netset</span> as it is. The filter holds up to {formatCount(XDP_MAX_RULES)} rules;{' '}
          {formatCount(rules.length)} now.
        </p>
        <div className="flex flex-wrap items-center gap-2">
          <input
            key={fileKey}
            data-testid="import-file"
            type="file"
            accept=".netset,.ipset,.txt"
            aria-label="List file"
            className="max-w-64 text-xs file:mr-2 file:h-7 file:rounded file:border file:border-line file:bg-panel-2 file:px-2 file:text-xs file:font-medium"
            onChange={(e) => {
              const f = e.target.files?.[0];
              imp.dismiss();
              if (!f) return clearFile();
              if (f.size > MAX_IMPORT_BYTES) {
                setFile(null);
                setFileError(`${f.name} is ${formatBytes(f.size)}; the server takes lists up to ${formatBytes(MAX_IMPORT_BYTES)}`);
                return;
              }
              setFileError(null);
              f.text().then(
                (t) => setFile({ name: f.name, text: t }),
                (err: Error) => setFileError(`cannot read ${f.name}: ${err.message}`),
              );
            }}
          />
          {file && (
            <button type="button" className={BUTTON} onClick={clearFile} aria-label="Clear import file" title="Use the pasted text instead">
              Clear file
            </button>
          )}
        </div>
        <textarea
          data-testid="import-text"
          aria-label="Addresses and prefixes, one a line"
          className="h-20 rounded border border-line bg-panel-2 px-2 py-1 font-mono text-xs outline-none placeholder:text-muted/70 focus:border-accent disabled:opacity-60"
          value={file ? '' : pasted}
          disabled={file !== null}
          placeholder={file ? `importing ${file.name}` : '# or paste them here\n198.51.100.7\n203.0.113.0/24'}
          spellCheck={false}
          onChange={(e) => {
            setPasted(e.target.value);
            imp.dismiss();
          }}
        />
        <div className="flex flex-wrap items-center gap-2">
          <select
            data-testid="import-action"
            aria-label="Action for the imported rules"
            className={CONTROL}
            value={action}
            onChange={(e) => setAction(e.target.value as RuleAction)}
          >
            {RULE_ACTIONS.map((a) => (
              <option key={a} value={a}>
                {a} them
              </option>
            ))}
          </select>
          <LifetimeSelect testId="import-ttl" label="for" options={RULE_LIFETIMES} value={ttlSeconds} onChange={setTtlSeconds} />
          <input
            data-testid="import-comment"
            aria-label="Comment for the imported rules"
            className={`${CONTROL} min-w-32 flex-1 px-2`}
            value={comment}
            placeholder="comment, e.g. firehol_level1"
            maxLength={MAX_COMMENT}
            autoComplete="off"
            onChange={(e) => setComment(e.target.value)}
          />
          <button
            type="submit"
            data-testid="import-submit"
            aria-label="Import rules"
            className={BUTTON}
            disabled={imp.pending || text.trim() === '' || tooBig}
          >
            {imp.pending ? 'Importing…' : 'Import'}
          </button>
        </div>
      </form>

      {fileError && (
        <p role="alert" className="text-bad">
          {fileError}
        </p>
      )}
      {tooBig && (
        <p role="alert" className="text-bad">
          The list is over the {formatBytes(MAX_IMPORT_BYTES)} the server takes.
        </p>
      )}
      {result?.ok && (
        <p data-testid="import-result" role="status" className="text-fg">
          added {formatCount(result.value.added)}, {formatCount(result.value.present)}{' '}
          {result.value.present === 1 ? 'was' : 'were'} there already
        </p>
      )}
      {imp.error &&
        (imp.canForce ? (
          <ForceConfirm
            testId="import-confirm"
            reason={imp.error}
            question="Import anyway?"
            yesLabel="Import anyway"
            pending={imp.pending}
            onYes={() => void imp.runForced().then(clearOnSuccess)}
            onNo={imp.dismiss}
          />
        ) : lines.length > 0 ? (
          <div data-testid="import-errors" role="alert" className="flex flex-col gap-1 rounded border border-bad/40 bg-bad/10 px-2 py-1 text-bad">
            <p>{imp.error}</p>
            <ul className="max-h-40 list-none overflow-auto font-mono">
              {lines.map((l) => (
                <li key={l.line}>
                  <span className="text-muted">line {l.line}:</span> {l.text} <span className="font-sans">— {l.error}</span>
                </li>
              ))}
            </ul>
          </div>
        ) : (
          <ActionError error={imp.error} onDismiss={imp.dismiss} />
        ))}

      <div className="flex flex-wrap items-center gap-2 border-t border-line pt-2">
        <button
          type="button"
          data-testid="export-netset"
          className={BUTTON}
          disabled={exporting}
          title={`Downloads the ${formatCount(denyAddressRules)} deny address rules as a netset, one prefix a line`}
          onClick={() => void exportNetset()}
        >
          {exporting ? 'Exporting…' : 'Export deny list (.netset)'}
        </button>
        {exportError && (
          <span role="alert" className="text-bad">
            {exportError}
          </span>
        )}
      </div>
    </div>
  );
}
