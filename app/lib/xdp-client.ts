/** The /api/xdp calls, each answer checked against the protocol's schemas. */
import { z } from 'zod';
import {
  type attachRequestSchema,
  type defaultRequestSchema,
  importAnswerSchema,
  type importRequestSchema,
  labStatusSchema,
  ruleQuerySchema,
  type ruleRequestSchema,
  ruleViewSchema,
  type TalkerGroup,
  talkersAnswerSchema,
  xdpStatusSchema,
} from '../../protocol/xdp';
import { call } from './api-call';
import { type RuleMatchInput, ruleQuery } from './rule-match';

// protocol/xdp.ts describes the status only; the answers to actions are
// built here from its parts.
const attachedAnswer = z.strictObject({ attached: xdpStatusSchema.shape.attached });
const ruleAnswer = z.strictObject({ rule: ruleViewSchema });
const removedAnswer = z.strictObject({ removed: ruleQuerySchema });
const defaultAnswer = z.strictObject({ default: xdpStatusSchema.shape.default });
const labAnswer = z.strictObject({ lab: labStatusSchema.nullable() });

type AttachBody = z.input<typeof attachRequestSchema>;
type RuleBody = z.input<typeof ruleRequestSchema>;
type DefaultBody = z.input<typeof defaultRequestSchema>;
type ImportBody = z.input<typeof importRequestSchema>;

/** The busiest senders the talkers card asks for. */
export const TALKERS_LIMIT = 50;

export const xdpApi = {
  status: (signal?: AbortSignal) => call('GET', '/api/xdp', xdpStatusSchema, undefined, signal),
  attach: (body: AttachBody) => call('POST', '/api/xdp/attach', attachedAnswer, body),
  detach: () => call('POST', '/api/xdp/detach', attachedAnswer, {}),
  addRule: (body: RuleBody) => call('POST', '/api/xdp/rules', ruleAnswer, body),
  /** force: the token of the 409 that asked (removing the allow rule the owner comes in by). */
  removeRule: (match: RuleMatchInput, force?: string) =>
    call('DELETE', `/api/xdp/rules?${ruleQuery(match)}${force ? `&force=${force}` : ''}`, removedAnswer),
  setDefault: (body: DefaultBody) => call('POST', '/api/xdp/default', defaultAnswer, body),
  importRules: (body: ImportBody) => call('POST', '/api/xdp/rules/import', importAnswerSchema, body),
  talkers: (group: TalkerGroup, signal?: AbortSignal) =>
    call('GET', `/api/xdp/talkers?group=${group}&limit=${TALKERS_LIMIT}`, talkersAnswerSchema, undefined, signal),
  createLab: () => call('POST', '/api/xdp/lab', labAnswer),
  removeLab: () => call('DELETE', '/api/xdp/lab', labAnswer),
};
