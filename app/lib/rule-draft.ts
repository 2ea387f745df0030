/**
 * The rule form's fields checked as they are typed, with the same rules
 * the server applies (ruleRequestSchema), so the form says why before
 * anything is sent. Pure.
 */
import type { z } from 'zod';
import { parseCidr } from '../../protocol/cidr';
import type { Direction, Proto, RuleAction, ruleRequestSchema } from '../../protocol/xdp';
import type { NewRule } from './rule-overlap';

export type ProtoChoice = Proto | 'any';

export interface RuleDraft {
  address: string;
  direction: Direction;
  action: RuleAction;
  proto: ProtoChoice;
  port: string;
  ttlSeconds: number | null;
  comment: string;
}

/** The rule form as it starts: nothing typed, block as source, any protocol, no lifetime. */
export const EMPTY_DRAFT: RuleDraft = {
  address: '',
  direction: 'src',
  action: 'deny',
  proto: 'any',
  port: '',
  ttlSeconds: null,
  comment: '',
};

export type RuleBody = Omit<z.input<typeof ruleRequestSchema>, 'force'>;

/** error null: nothing to add yet, and nothing wrong to say. */
export type DraftCheck = { ok: true; rule: NewRule; body: RuleBody } | { ok: false; error: string | null };

function parsePort(text: string): number | string {
  const n = Number(text);
  return /^\d{1,5}$/.test(text) && n >= 1 && n <= 65535 ? n : `port '${text}' must be a number from 1 to 65535`;
}

export function checkDraft(d: RuleDraft): DraftCheck {
  const address = d.address.trim();
  const portText = d.port.trim();
  let cidr: string | null = null;
  if (address !== '') {
    const p = parseCidr(address);
    if (!p.ok) return { ok: false, error: p.error };
    cidr = p.cidr.text;
  }
  let port: number | null = null;
  if (portText !== '') {
    const p = parsePort(portText);
    if (typeof p === 'string') return { ok: false, error: p };
    port = p;
  }
  const proto = d.proto === 'any' ? null : d.proto;
  if (proto !== null && port === null) {
    return { ok: false, error: `a ${proto} rule needs a port: the filter matches protocol and port together` };
  }
  if (cidr === null && port === null) return { ok: false, error: null };
  if (port !== null && d.direction === 'dst') {
    return {
      ok: false,
      error: 'a port rule matches the source address of arriving packets: set the direction to src',
    };
  }
  const body: RuleBody = {
    direction: d.direction,
    action: d.action,
    comment: d.comment.trim(),
    ...(cidr !== null && { cidr }),
    ...(proto !== null && { proto }),
    ...(port !== null && { port }),
    ...(d.ttlSeconds !== null && { ttlSeconds: d.ttlSeconds }),
  };
  return { ok: true, rule: { cidr, direction: d.direction, proto, port, action: d.action }, body };
}
