import type { RuleView } from '../../protocol/xdp';
import { type CounterRates, currentRate } from '../lib/counter-rates';
import { formatClock } from '../lib/format';
import { useApiAction } from '../lib/use-api-action';
import { xdpApi } from '../lib/xdp-client';
import { formatRate, ruleKey } from '../lib/xdp-view';
import { ActionError } from './ActionError';
import { Sparkline } from './Sparkline';

const COLUMNS = 7;

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
  const remove = useApiAction(() => xdpApi.removeRule({ cidr: rule.cidr, direction: rule.direction }), onChanged);
  const series = rates.get(ruleKey(rule));
  const rate = currentRate(series);
  return (
    <>
      <tr
        data-testid="rule-row"
        data-cidr={rule.cidr}
        data-direction={rule.direction}
        className="h-7 border-b border-line/60 hover:bg-hover"
      >
        <td className="px-2 font-semibold">{rule.cidr}</td>
        <td className="px-2">{rule.direction}</td>
        {/* Plain digits: tests and scripts read these. */}
        <td data-testid="rule-drops" className={`px-2 text-right tabular-nums ${rule.drops > 0 ? 'text-bad' : 'text-muted'}`}>
          {rule.drops}
        </td>
        <td className="px-2 text-right tabular-nums">{formatRate(rate)}</td>
        <td className="px-2">
          <Sparkline
            points={series?.points ?? []}
            end={sampledAt}
            label={`Drops per second for ${rule.direction} ${rule.cidr} over the last minute`}
          />
        </td>
        <td className="px-2 text-muted tabular-nums" title={rule.createdAt}>
          {formatClock(Date.parse(rule.createdAt))}
        </td>
        <td className="px-2 text-right">
          <button
            type="button"
            data-testid="rule-remove"
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
            <ActionError error={remove.error} onDismiss={remove.dismiss} />
          </td>
        </tr>
      )}
    </>
  );
}

/** The rules in the filter's maps, with their drop counters live. */
export function RuleTable({
  rules,
  rates,
  sampledAt,
  onChanged,
}: {
  rules: readonly RuleView[];
  rates: CounterRates;
  sampledAt: number | null;
  onChanged: () => void;
}) {
  if (rules.length === 0) {
    return <p className="border-t border-line px-3 py-3 text-xs text-muted">No rules: every packet passes.</p>;
  }
  return (
    <div className="overflow-x-auto border-t border-line">
      <table className="w-full border-collapse text-xs">
        <thead className="bg-panel-2 text-muted">
          <tr className="border-b border-line">
            <th scope="col" className="px-2 py-1 text-left font-medium">address</th>
            <th scope="col" className="px-2 py-1 text-left font-medium" title="Matched as source or destination">
              match
            </th>
            <th scope="col" className="px-2 py-1 text-right font-medium" title="Packets this rule dropped since it was added">
              drops
            </th>
            <th scope="col" className="px-2 py-1 text-right font-medium" title="Between the last two polls">
              drops/s
            </th>
            <th scope="col" className="px-2 py-1 text-left font-medium">last minute</th>
            <th scope="col" className="px-2 py-1 text-left font-medium">added</th>
            <th scope="col" className="px-2 py-1">
              <span className="sr-only">actions</span>
            </th>
          </tr>
        </thead>
        <tbody className="font-mono">
          {rules.map((r) => (
            <RuleRow key={ruleKey(r)} rule={r} rates={rates} sampledAt={sampledAt} onChanged={onChanged} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
