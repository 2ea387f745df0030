import type { BaseTickContentProps } from 'recharts';

/** recharts' Text shifts a label this much for each vertical anchor. */
const DY = { start: '0.71em', middle: '0.355em', end: '0' } as const;

/**
 * An axis tick drawn as plain SVG text. recharts' own (its Text) measures
 * each label it has not seen in a hidden span, a forced layout of the whole
 * page, and a live time axis brings new labels every second: in the browser
 * benchmark that measuring was the page's busiest function.
 */
export function plainTick(style: { fill: string; fontSize: number; fontFamily?: string }) {
  return function PlainTick({ x, y, textAnchor, verticalAnchor, payload, index, tickFormatter, className }: BaseTickContentProps) {
    const label = tickFormatter ? tickFormatter(payload.value, index) : String(payload.value);
    return (
      <text x={x} y={y} dy={DY[verticalAnchor]} textAnchor={textAnchor} className={className} {...style}>
        {label}
      </text>
    );
  };
}
