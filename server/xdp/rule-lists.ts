/**
 * Block (or allow) lists as netsets (netset.ts): an import is checked line
 * by line first and adds nothing unless all of it can be added; an export
 * is the deny source-address rules, what an import reads.
 */
import type { Cidr } from '../../protocol/cidr';
import { XdpError } from './errors';
import { formatNetset, parseNetset } from './netset';
import type { Rule } from './rule';
import type { NewRules, RuleSet } from './rule-set';

export interface ImportRequest extends NewRules {
  text: string;
}

const addressMatch = (cidr: Cidr) => ({ cidr, direction: 'src' as const, proto: null, port: null });

export async function importNetset(rules: RuleSet, req: ImportRequest, client: string[]): Promise<{ added: number; present: number }> {
  const { entries, errors } = parseNetset(req.text);
  if (errors.length) {
    throw new XdpError('bad-request', `${errors.length} line${errors.length === 1 ? '' : 's'} of the list cannot be read; nothing was added`, null, errors.slice(0, 50));
  }
  const fresh = entries.map(addressMatch).filter((m) => !rules.has(m));
  const added = rules.create(fresh, req);
  await rules.put(added, req.force, client, `The list (${added.length} new rules) would be in force`);
  return { added: added.length, present: entries.length - fresh.length };
}

/** The deny source-address rules as a netset (what import reads). */
export function toNetset(all: readonly Rule[]): string {
  const listed = all.filter((r) => r.action === 'deny' && r.port === null && r.direction === 'src' && r.cidr);
  return formatNetset(listed.map((r) => ({ cidr: r.cidr!.text, comment: r.comment })), all.length - listed.length, new Date());
}
