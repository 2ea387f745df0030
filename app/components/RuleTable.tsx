import { useMemo, useState } from 'react';
import type { DefaultAction, RuleView } from '../../protocol/xdp';
import { type CounterRates, currentRate } from '../lib/counter-rates';
import { formatCount, formatDateTime } from '../lib/format';
import { formatCountdown } from '../lib/lifetimes';
import { searchRules } from '../lib/rule-list';
import { describeMatch, describePort } from '../lib/rule-match';
import { useApiAction } from '../lib/use-api-action';
import { xdpApi } from '../lib/xdp-client';
import { formatRate, ruleKey } from '../lib/xdp-view';
import { ActionError } from './ActionError';
import { ForceConfirm } from './ForceConfirm';
import { Sparkline } from './Sparkline';

const COLUMNS = 11;

function RuleRow({
  rule,
  rates,
  sampledAt,
  onChanged,
}: {
  rule: RuleView;
  rates: CounterRates;
  sampledAt: number | null;
  onChanged: () => void;
}) {
  const remove = useApiAction((force) => xdpApi.removeRule(rule, force), onChanged);
  const series = rates.get(ruleKey(rule));
  const rate = currentRate(series);
  const name = describeMatch(rule);
  return (
    <>
      <tr
        data-testid="rule-row"
        data-cidr={rule.cidr ?? ''}
        data-direction={rule.direction}
        data-proto={rule.proto ?? ''}
        data-port={rule.port ?? ''}
        data-active={String(rule.active)}
        className="h-7 border-b border-line/60 hover:bg-hover"
      >
        <td className="px-2 font-semibold whitespace-nowrap" title={`added ${formatDateTime(Date.parse(rule.createdAt))}`}>
          {rule.cidr ?? <span className="font-sans font-normal text-muted">any address</span>}
        </td>
        <td className="px-2 whitespace-nowrap">{describePort(rule)}</td>
        <td className="px-2">{rule.direction}</td>
        <td className={`px-2 ${rule.action === 'allow' ? 'text-info' : ''}`}>{rule.action}</td>
        {/* Plain digits: tests and scripts read these. */}
        <td data-testid="rule-drops" className={`px-2 text-right tabular-nums ${rule.drops > 0 ? 'text-bad' : 'text-muted'}`}>
          {rule.drops}
        </td>
        <td className="px-2 text-right tabular-nums">{formatRate(rate)}</td>
        <td className="px-2">
          <Sparkline
            points={series?.points ?? []}
            end={sampledAt}
            label={`Drops per second for ${name} over the last minute`}
          />
        </td>
        <td
          data-testid="rule-expires"
          className="px-2 whitespace-nowrap text-muted tabular-nums"
          title={rule.expiresAt ? `removes itself at ${formatDateTime(Date.parse(rule.expiresAt))}` : 'until removed'}
        >
          {formatCountdown(rule.expiresAt, sampledAt ?? Date.now())}
        </td>
        <td className="max-w-32 truncate px-2 font-sans text-muted" title={rule.comment || undefined}>
          {rule.comment}
        </td>
        <td className="px-2 font-sans">
          <span
            data-testid="rule-state"
            data-active={String(rule.active)}
            title={rule.active ? 'In the attached filter, deciding packets' : 'Kept, but nothing enforces it: the filter is not attached'}
            className={`rounded px-1.5 py-0.5 font-medium ${rule.active ? 'bg-good/15 text-good' : 'bg-warn/15 text-warn'}`}
          >
            {rule.active ? 'active' : 'inactive'}
          </span>
        </td>
        {/* Pinned to the right edge: on a narrow screen the button stays in
            view however far the row scrolls. */}
        <td className="sticky right-0 bg-panel px-2 text-right">
          <button
            type="button"
            data-testid="rule-remove"
            aria-label={`Remove rule ${name}`}
            disabled={remove.pending}
            onClick={() => void remove.run()}
            className="rounded border border-line bg-panel-2 px-2 py-0.5 font-sans font-medium hover:bg-hover disabled:opacity-50"
          >
            {remove.pending ? 'Removing…' : 'Remove'}
          </button>
        </td>
      </tr>
      {remove.error && (
        <tr>
          <td colSpan={COLUMNS} className="px-2 py-1 font-sans">
            {remove.canForce ? (
              <ForceConfirm
                testId="rule-remove-confirm"
                reason={remove.error}
                question="Remove anyway?"
                yesLabel="Remove"
                pending={remove.pending}
                onYes={() => void remove.runForced()}
                onNo={remove.dismiss}
              />
            ) : (
              <ActionError error={remove.error} onDismiss={remove.dismiss} />
            )}
          </td>
        </tr>
      )}
    </>
  );
}

const TH = 'px-2 py-1 font-medium';

/** The rules in the filter's maps, with their drop counters live; a
 *  search narrows long lists (an imported netset) to what is drawn. */
export function RuleTable({
  rules,
  rates,
  sampledAt,
  defaultAction,
  onChanged,
}: {
  rules: readonly RuleView[];
  rates: CounterRates;
  sampledAt: number | null;
  defaultAction: DefaultAction;
  onChanged: () => void;
}) {
  const [query, setQuery] = useState('');
  const { shown, matched } = useMemo(() => searchRules(rules, query), [rules, query]);

  if (rules.length === 0) {
    return (
      <p className="border-t border-line px-3 py-3 text-xs text-muted">
        {defaultAction === 'pass'
          ? 'No rules: every packet passes.'
          : 'No rules: every packet is dropped by the default, but ARP and IPv6 neighbour discovery.'}
      </p>
    );
  }
  return (
    <div className="flex flex-col border-t border-line">
      <div className="flex flex-wrap items-center gap-2 px-3 py-1.5 text-xs text-muted">
        <input
          data-testid="rule-search"
          type="search"
          aria-label="Search rules"
          className="h-7 w-64 rounded border border-line bg-panel-2 px-2 font-mono text-xs text-fg outline-none placeholder:text-muted/70 focus:border-accent"
          value={query}
          placeholder="search: address, port, comment"
          title="Matches the rule's address, port and comment; an address also finds the prefixes that cover it"
          spellCheck={false}
          autoComplete="off"
          onChange={(e) => setQuery(e.target.value)}
        />
        <span data-testid="rule-count" className="tabular-nums">
          {shown.length < matched
            ? `showing ${formatCount(shown.length)} of ${formatCount(matched)}`
            : query.trim() !== ''
              ? `${formatCount(matched)} of ${formatCount(rules.length)} match`
              : `${formatCount(rules.length)} ${rules.length === 1 ? 'rule' : 'rules'}`}
        </span>
      </div>
      <div className="max-h-[70vh] overflow-auto border-t border-line">
        <table className="w-full border-collapse text-xs">
          <thead className="sticky top-0 bg-panel-2 text-left text-muted">
            <tr className="border-b border-line">
              <th scope="col" className={TH} title="Source or destination address or prefix">
                match
              </th>
              <th scope="col" className={TH} title="TCP/UDP destination port">
                port
              </th>
              <th scope="col" className={TH}>
                dir
              </th>
              <th scope="col" className={TH}>
                action
              </th>
              <th scope="col" className={`${TH} text-right`} title="Packets this rule dropped since it was added">
                drops
              </th>
              <th scope="col" className={`${TH} text-right`} title="Between the last two polls">
                drops/s
              </th>
              <th scope="col" className={TH}>
                last minute
              </th>
              <th scope="col" className={TH}>
                expires
              </th>
              <th scope="col" className={TH}>
                comment
              </th>
              <th scope="col" className={TH} title="Whether the attached filter enforces it">
                state
              </th>
              <th scope="col" className="sticky right-0 bg-panel-2 px-2 py-1">
                <span className="sr-only">actions</span>
              </th>
            </tr>
          </thead>
          <tbody className="font-mono">
            {shown.map((r) => (
              <RuleRow key={ruleKey(r)} rule={r} rates={rates} sampledAt={sampledAt} onChanged={onChanged} />
            ))}
          </tbody>
        </table>
        {matched === 0 && <p className="px-3 py-2 text-xs text-muted">No rule matches the search.</p>}
      </div>
    </div>
  );
}
