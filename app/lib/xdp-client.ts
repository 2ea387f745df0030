/** The /api/xdp calls, each answer checked against the protocol's schemas. */
import { z } from 'zod';
import {
  type attachRequestSchema,
  labStatusSchema,
  ruleQuerySchema,
  type ruleRequestSchema,
  ruleViewSchema,
  xdpStatusSchema,
} from '../../protocol/xdp';
import { call } from './api-call';

// protocol/xdp.ts describes the status only; the answers to actions are
// built here from its parts.
const attachedAnswer = z.strictObject({ attached: xdpStatusSchema.shape.attached });
const ruleAnswer = z.strictObject({ rule: ruleViewSchema });
const removedAnswer = z.strictObject({ removed: ruleQuerySchema });
const labAnswer = z.strictObject({ lab: labStatusSchema.nullable() });

type AttachBody = z.input<typeof attachRequestSchema>;
type RuleBody = z.input<typeof ruleRequestSchema>;
type RuleQuery = z.output<typeof ruleQuerySchema>;

export const xdpApi = {
  status: (signal?: AbortSignal) => call('GET', '/api/xdp', xdpStatusSchema, undefined, signal),
  attach: (body: AttachBody) => call('POST', '/api/xdp/attach', attachedAnswer, body),
  detach: () => call('POST', '/api/xdp/detach', attachedAnswer, {}),
  addRule: (body: RuleBody) => call('POST', '/api/xdp/rules', ruleAnswer, body),
  removeRule: (q: RuleQuery) => call('DELETE', `/api/xdp/rules?${new URLSearchParams(q)}`, removedAnswer),
  createLab: () => call('POST', '/api/xdp/lab', labAnswer),
  removeLab: () => call('DELETE', '/api/xdp/lab', labAnswer),
};
