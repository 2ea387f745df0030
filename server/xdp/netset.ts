/**
 * Block lists as text: one address or prefix per line, `#` starts a
 * comment (FireHOL .netset and most ipset dumps read as they are). Pure.
 */
import { parseCidr, type Cidr } from '../../protocol/cidr';

export interface NetsetLineError {
  line: number;
  text: string;
  error: string;
}

export interface ParsedNetset {
  /** Each prefix once, in the order first seen. */
  entries: Cidr[];
  errors: NetsetLineError[];
}

export function parseNetset(text: string): ParsedNetset {
  const entries = new Map<string, Cidr>();
  const errors: NetsetLineError[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const hash = raw.indexOf('#');
    const body = (hash < 0 ? raw : raw.slice(0, hash)).trim();
    if (!body) return;
    const parsed = parseCidr(body);
    if (parsed.ok) {
      if (!entries.has(parsed.cidr.text)) entries.set(parsed.cidr.text, parsed.cidr);
    } else {
      errors.push({ line: i + 1, text: body.slice(0, 80), error: parsed.error });
    }
  });
  return { entries: [...entries.values()], errors };
}

/** The deny address rules as a netset; rules sharing a comment are
 *  grouped under it. What a netset cannot say is counted in the header. */
export function formatNetset(
  rules: readonly { cidr: string; comment: string }[],
  left: number,
  now: Date,
): string {
  const head = [
    `# ebpf-dash XDP block list, exported ${now.toISOString()}`,
    `# ${rules.length} address rule${rules.length === 1 ? '' : 's'} (deny, source or destination)`,
    ...(left > 0 ? [`# not here: ${left} port or allow rule${left === 1 ? '' : 's'}, which a netset cannot express`] : []),
  ];
  const byComment = new Map<string, string[]>();
  for (const r of rules) byComment.set(r.comment, [...(byComment.get(r.comment) ?? []), r.cidr]);
  const body = [...byComment].flatMap(([comment, cidrs]) => [...(comment ? ['', `# ${comment}`] : ['']), ...cidrs]);
  return `${[...head, ...body].join('\n')}\n`;
}
