import type { XdpStatus } from '../../protocol/xdp';
import { type CounterRates, currentRate } from '../lib/counter-rates';
import { TOTAL_KEYS } from '../lib/use-xdp-status';
import { formatRate } from '../lib/xdp-view';

/** Every packet the program saw, passed or dropped, and of the dropped
 *  those no rule matched (the default drop), with rates. */
export function FilterTotals({ totals, rates }: { totals: XdpStatus['totals']; rates: CounterRates }) {
  const passedRate = currentRate(rates.get(TOTAL_KEYS.passed));
  const droppedRate = currentRate(rates.get(TOTAL_KEYS.dropped));
  const unlistedRate = currentRate(rates.get(TOTAL_KEYS.unlisted));
  return (
    <span
      className="flex flex-wrap items-baseline gap-x-3 font-mono tabular-nums"
      title="Packets the program has seen since it was loaded, and per second between the last two polls"
    >
      <span>
        <span className="font-sans text-muted">passed </span>
        <span data-testid="totals-passed" className="text-fg">
          {totals.passed}
        </span>{' '}
        ({formatRate(passedRate)}/s)
      </span>
      <span>
        <span className="font-sans text-muted">dropped </span>
        <span data-testid="totals-dropped" className={totals.dropped > 0 ? 'text-bad' : 'text-fg'}>
          {totals.dropped}
        </span>{' '}
        ({formatRate(droppedRate)}/s)
      </span>
      <span title="Of the dropped, those no rule matched: dropped by the default action">
        <span className="font-sans text-muted">by default </span>
        <span data-testid="totals-unlisted" className={totals.unlisted > 0 ? 'text-bad' : 'text-fg'}>
          {totals.unlisted}
        </span>{' '}
        ({formatRate(unlistedRate)}/s)
      </span>
    </span>
  );
}
