import { describe, expect, it } from 'vitest';
import { importAnswerSchema, ruleViewSchema } from '../../protocol/xdp';
import { readAnswer } from './api-call';
import { ruleView } from './testing/rule-view';

const WHAT = 'POST /api/xdp/rules';
const rule = ruleView();

describe('readAnswer', () => {
  it('returns a body that matches the schema', () => {
    expect(readAnswer(WHAT, 201, JSON.stringify(rule), ruleViewSchema)).toEqual({ ok: true, value: rule });
  });

  it('says when a good status carries an answer of another shape', () => {
    const r = readAnswer(WHAT, 201, JSON.stringify({ ...rule, drops: 'many' }), ruleViewSchema);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toMatch(/^POST \/api\/xdp\/rules: the answer does not match/);
      expect(r.error).toContain('drops');
      expect(r.force).toBeNull();
    }
  });

  it("passes the server's sentence on", () => {
    const r = readAnswer(WHAT, 400, JSON.stringify({ error: "'10.0.0.300' is not an IPv4 or IPv6 address" }), ruleViewSchema);
    expect(r).toEqual({ ok: false, error: "'10.0.0.300' is not an IPv4 or IPv6 address", force: null });
  });

  it("offers to go on only for a 409 that carries the server's confirmation token", () => {
    const forceable = JSON.stringify({
      error: '127.0.0.0/8 would cut 127.0.0.1, the address this browser connects from',
      force: '0123456789abcdef',
    });
    expect(readAnswer(WHAT, 409, forceable, ruleViewSchema)).toMatchObject({ ok: false, force: '0123456789abcdef' });
    expect(readAnswer(WHAT, 400, forceable, ruleViewSchema)).toMatchObject({ ok: false, force: null });
    // The words alone are not the mark.
    const wordsOnly = JSON.stringify({ error: 'it says send "force": true but has no field' });
    expect(readAnswer(WHAT, 409, wordsOnly, ruleViewSchema)).toMatchObject({ ok: false, force: null });
    const exists = JSON.stringify({ error: 'a src rule for 10.211.0.2/32 exists already' });
    expect(readAnswer(WHAT, 409, exists, ruleViewSchema)).toMatchObject({ ok: false, force: null });
  });

  it('names the request when the answer is not JSON or has no sentence', () => {
    expect(readAnswer(WHAT, 502, '<html>Bad Gateway</html>', ruleViewSchema)).toEqual({
      ok: false,
      error: 'POST /api/xdp/rules: HTTP 502, and the answer is not JSON',
      force: null,
    });
    expect(readAnswer(WHAT, 500, '{}', ruleViewSchema)).toEqual({
      ok: false,
      error: 'POST /api/xdp/rules: HTTP 500 without an error message',
      force: null,
    });
  });

  it('keeps an import\'s bad lines with the sentence', () => {
    const refused = JSON.stringify({
      error: '1 line of the list cannot be read; nothing was added',
      lines: [{ line: 3, text: '10.0.0.300', error: "'10.0.0.300' is not an IPv4 or IPv6 address" }],
    });
    expect(readAnswer('POST /api/xdp/rules/import', 400, refused, importAnswerSchema)).toEqual({
      ok: false,
      error: '1 line of the list cannot be read; nothing was added',
      force: null,
      lines: [{ line: 3, text: '10.0.0.300', error: "'10.0.0.300' is not an IPv4 or IPv6 address" }],
    });
  });
});
