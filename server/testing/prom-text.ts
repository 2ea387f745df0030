/**
 * A strict reader of the Prometheus text format (version 0.0.4), for
 * tests: HELP and TYPE lines, and samples `name{label="value",…} value`,
 * label values with their \\, \" and \n escapes. Throws on any line that
 * is not one of those.
 */
export interface PromSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Exposition {
  /** Metric name -> counter, gauge, histogram, summary or untyped. */
  types: Map<string, string>;
  samples: PromSample[];
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*/;
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);

/** As Prometheus reads it (Go's ParseFloat): NaN and Inf in any case;
 *  prom-client writes NaN as "Nan". */
function parseValue(text: string): number {
  const special = text.toLowerCase();
  if (special === 'nan') return NaN;
  if (special === '+inf' || special === 'inf') return Infinity;
  if (special === '-inf') return -Infinity;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) throw new Error(`not a sample value: ${text}`);
  return Number(text);
}

function parseSample(line: string): PromSample {
  const name = NAME.exec(line)?.[0];
  if (!name) throw new Error(`not a sample: ${line}`);
  let rest = line.slice(name.length);
  const labels: Record<string, string> = {};
  if (rest.startsWith('{')) {
    rest = rest.slice(1);
    while (!rest.startsWith('}')) {
      const label = LABEL.exec(rest)?.[0];
      if (!label || rest[label.length] !== '=' || rest[label.length + 1] !== '"') throw new Error(`bad label in: ${line}`);
      rest = rest.slice(label.length + 2);
      let value = '';
      for (;;) {
        const c = rest[0];
        if (c === undefined) throw new Error(`unterminated label value in: ${line}`);
        rest = rest.slice(1);
        if (c === '"') break;
        if (c !== '\\') {
          value += c;
          continue;
        }
        const e = rest[0];
        rest = rest.slice(1);
        if (e === 'n') value += '\n';
        else if (e === '\\' || e === '"') value += e;
        else throw new Error(`bad escape in: ${line}`);
      }
      if (label in labels) throw new Error(`label ${label} twice in: ${line}`);
      labels[label] = value;
      if (rest.startsWith(',')) rest = rest.slice(1);
      else if (!rest.startsWith('}')) throw new Error(`bad label list in: ${line}`);
    }
    rest = rest.slice(1);
  }
  const parts = rest.trim().split(' ');
  if (!rest.startsWith(' ') || parts.length > 2) throw new Error(`bad sample value in: ${line}`);
  return { name, labels, value: parseValue(parts[0]!) };
}

export function parsePromText(text: string): Exposition {
  const types = new Map<string, string>();
  const samples: PromSample[] = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const meta = /^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)$/.exec(line);
    if (meta) {
      if (meta[1] === 'TYPE') {
        if (!TYPES.has(meta[3]!)) throw new Error(`unknown type in: ${line}`);
        if (types.has(meta[2]!)) throw new Error(`second TYPE for ${meta[2]}`);
        types.set(meta[2]!, meta[3]!);
      }
      continue;
    }
    if (line.startsWith('#')) continue;
    samples.push(parseSample(line));
  }
  return { types, samples };
}

/** The samples of one metric. */
export const samplesOf = (e: Exposition, name: string) => e.samples.filter((s) => s.name === name);
