import { describe, expect, it } from 'vitest';
import { tokenFromProtocols, tokenProtocol } from '../../protocol/auth';
import { tokenFromLocation } from './session';

describe('tokenFromLocation', () => {
  it('takes the token from the fragment and keeps the rest of the address', () => {
    expect(tokenFromLocation('?comm=cat', '#token=Qm9x-y_z')).toEqual({ token: 'Qm9x-y_z', search: '?comm=cat', hash: '' });
  });
  it('takes it from the query too (older links)', () => {
    expect(tokenFromLocation('?token=abc&comm=e2e+x', '')).toEqual({ token: 'abc', search: '?comm=e2e+x', hash: '' });
  });
  it('leaves an address without a token alone', () => {
    expect(tokenFromLocation('?pid=7', '#x=1')).toEqual({ token: null, search: '?pid=7', hash: '#x=1' });
  });
});

describe('the token as a WebSocket subprotocol', () => {
  it('round-trips every printable token, as subprotocol-safe characters', () => {
    for (const t of ['test-7181-token', '~!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}', 'a', 'ab', 'abc']) {
      const p = tokenProtocol(t);
      expect(p).toMatch(/^odash\.token\.[A-Za-z0-9_-]+$/);
      expect(tokenFromProtocols(['odash.v1', p])).toBe(t);
    }
  });
  it('finds none in garbage', () => {
    expect(tokenFromProtocols(['odash.v1'])).toBeUndefined();
    expect(tokenFromProtocols(['odash.token.%%%'])).toBeUndefined();
  });
});
