import type { XdpStatus } from '../../protocol/xdp';
import { type CounterRates, currentRate } from '../lib/counter-rates';
import { TOTAL_KEYS } from '../lib/use-xdp-status';
import { formatRate } from '../lib/xdp-view';

/** Every packet the program saw, passed or dropped, with rates. */
export function FilterTotals({ totals, rates }: { totals: XdpStatus['totals']; rates: CounterRates }) {
  const passedRate = currentRate(rates.get(TOTAL_KEYS.passed));
  const droppedRate = currentRate(rates.get(TOTAL_KEYS.dropped));
  return (
    <span
      className="flex items-baseline gap-3 font-mono tabular-nums"
      title="Packets the program has seen since it was loaded, and per second between the last two polls"
    >
      <span>
        <span className="font-sans text-muted">passed </span>
        <span className="text-fg">{totals.passed}</span> ({formatRate(passedRate)}/s)
      </span>
      <span>
        <span className="font-sans text-muted">dropped </span>
        <span className={totals.dropped > 0 ? 'text-bad' : 'text-fg'}>{totals.dropped}</span> ({formatRate(droppedRate)}/s)
      </span>
    </span>
  );
}
