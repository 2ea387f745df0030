/** Which rules the table shows: an import can bring thousands, a page
 *  draws a few hundred. Pure. */
import { cidrContains, parseAddress, parseCidr } from '../../protocol/cidr';
import type { RuleView } from '../../protocol/xdp';
import { describeMatch } from './rule-match';

export const SHOWN_RULES = 200;

/** Does the rule cover this address? Rules for any address cover all. */
function covers(rule: RuleView, addr: NonNullable<ReturnType<typeof parseAddress>>): boolean {
  if (rule.cidr === null) return true;
  const p = parseCidr(rule.cidr);
  return p.ok && cidrContains(p.cidr, addr);
}

/** The rules whose match or comment holds `query` (case-insensitive), or,
 *  when it is an address, that cover it: "which rule takes 10.211.0.7?".
 *  At most `limit`, in the server's order; `matched` counts them all. */
export function searchRules(
  rules: readonly RuleView[],
  query: string,
  limit = SHOWN_RULES,
): { shown: readonly RuleView[]; matched: number } {
  const q = query.trim().toLowerCase();
  const addr = q === '' ? undefined : parseAddress(q);
  const hits =
    q === ''
      ? rules
      : rules.filter(
          (r) =>
            describeMatch(r).toLowerCase().includes(q) ||
            r.comment.toLowerCase().includes(q) ||
            (addr !== undefined && covers(r, addr)),
        );
  return { shown: hits.length > limit ? hits.slice(0, limit) : hits, matched: hits.length };
}
