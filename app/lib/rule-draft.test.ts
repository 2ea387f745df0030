import { describe, expect, it } from 'vitest';
import { checkDraft, EMPTY_DRAFT, type RuleDraft } from './rule-draft';

const draft = (over: Partial<RuleDraft>): RuleDraft => ({ ...EMPTY_DRAFT, ...over });

describe('checkDraft', () => {
  it('has nothing to say about an empty form', () => {
    expect(checkDraft(draft({}))).toEqual({ ok: false, error: null });
  });

  it('sends the normalised prefix and only the fields set', () => {
    expect(checkDraft(draft({ address: ' fd00:211:0::2 ', comment: ' lab peer ' }))).toEqual({
      ok: true,
      rule: { cidr: 'fd00:211::2/128', direction: 'src', proto: null, port: null, action: 'deny' },
      body: { direction: 'src', action: 'deny', comment: 'lab peer', cidr: 'fd00:211::2/128' },
    });
    expect(checkDraft(draft({ proto: 'tcp', port: '8080', action: 'allow', ttlSeconds: 600 }))).toEqual({
      ok: true,
      rule: { cidr: null, direction: 'src', proto: 'tcp', port: 8080, action: 'allow' },
      body: { direction: 'src', action: 'allow', comment: '', proto: 'tcp', port: 8080, ttlSeconds: 600 },
    });
  });

  it("passes the address parser's reason on", () => {
    expect(checkDraft(draft({ address: '10.0.0.300' }))).toEqual({
      ok: false,
      error: "'10.0.0.300' is not an IPv4 or IPv6 address",
    });
    expect(checkDraft(draft({ address: '10.0.0.1/24' }))).toMatchObject({ error: expect.stringContaining('did you mean 10.0.0.0/24?') });
  });

  it('checks the port', () => {
    for (const port of ['0', '65536', '80a', '-1', '1.5']) {
      expect(checkDraft(draft({ port }))).toEqual({ ok: false, error: `port '${port}' must be a number from 1 to 65535` });
    }
    expect(checkDraft(draft({ port: '65535' })).ok).toBe(true);
  });

  it('asks for a port with a protocol, and src with a port', () => {
    expect(checkDraft(draft({ address: '10.0.0.0/8', proto: 'udp' }))).toEqual({
      ok: false,
      error: 'a udp rule needs a port: the filter matches protocol and port together',
    });
    expect(checkDraft(draft({ port: '53', direction: 'dst' }))).toMatchObject({
      ok: false,
      error: expect.stringContaining('set the direction to src'),
    });
  });
});
