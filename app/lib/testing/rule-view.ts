/** For tests: one XDP rule as the API lists it, with `over` changed. */
import type { RuleView } from '../../../protocol/xdp';

export const ruleView = (over: Partial<RuleView> = {}): RuleView => ({
  cidr: '10.211.0.2/32',
  direction: 'src',
  proto: null,
  port: null,
  action: 'deny',
  drops: 0,
  createdAt: '2024-01-02T03:04:05.000Z',
  expiresAt: null,
  comment: '',
  active: true,
  ...over,
});
