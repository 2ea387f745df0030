import { describe, expect, it } from 'vitest';
import { filterFromQuery, filterToQuery } from '../../protocol/filter';
import { eventFilterSchema } from '../../protocol/messages';
import { checkInput, EMPTY_FILTER_INPUT, inputFromQuery, inputToQuery, OWN_ON } from './filter-input';

const q = (s: string) => new URLSearchParams(s);

describe('inputFromQuery', () => {
  it('reads every filter key and leaves the rest', () => {
    expect(inputFromQuery(q('comm=ba%20sh&pid=12&tid=13&uid=0&path=/etc/*&result=failed&syscall=openat&window=15'))).toEqual({
      ...EMPTY_FILTER_INPUT, comm: 'ba sh', pid: '12', tid: '13', uid: '0', path: '/etc/*', result: 'failed', syscall: 'openat',
    });
    expect(inputFromQuery(q('unit=ssh.service&container=3f2a&exe=/usr/bin/*&slower=1.5ms&own=1'))).toEqual({
      ...EMPTY_FILTER_INPUT, unit: 'ssh.service', container: '3f2a', exe: '/usr/bin/*', slower: '1.5ms', own: OWN_ON,
    });
    expect(inputFromQuery(q(''))).toEqual(EMPTY_FILTER_INPUT);
  });

  it('names an errno given as a number or in lower case, and keeps what is no errno', () => {
    expect(inputFromQuery(q('result=2')).result).toBe('ENOENT');
    expect(inputFromQuery(q('result=eacces')).result).toBe('EACCES');
    expect(inputFromQuery(q('result=ok')).result).toBe('ok');
    expect(inputFromQuery(q('result=bogus')).result).toBe('bogus');
  });
});

describe('inputToQuery', () => {
  it('writes set fields in the protocol order, ids trimmed, text as typed', () => {
    const input = { ...EMPTY_FILTER_INPUT, path: ' a,b ', result: 'ENOENT', comm: 'x', pid: ' 7 ' };
    expect(inputToQuery(input).toString()).toBe('comm=x&pid=7&path=+a%2Cb+&result=ENOENT');
    const more = { ...EMPTY_FILTER_INPUT, own: OWN_ON, slower: ' 250us ', exe: ' /bin/a b', container: ' 3f2a ', unit: 'a b' };
    expect(inputToQuery(more).toString()).toBe('unit=a+b&container=3f2a&exe=+%2Fbin%2Fa+b&slower=250us&own=1');
    expect(inputToQuery(EMPTY_FILTER_INPUT).toString()).toBe('');
  });

  it('round-trips through the URL, invalid values included', () => {
    const input = { ...EMPTY_FILTER_INPUT, comm: 'a&b=c', pid: 'abc', result: 'EPERM', path: '/tmp/%20?' };
    expect(inputFromQuery(q(inputToQuery(input).toString()))).toEqual(input);
    const more = { ...EMPTY_FILTER_INPUT, unit: 'u@1.service', exe: '/x?', slower: 'soon', own: 'yes', container: 'ab' };
    expect(inputFromQuery(q(inputToQuery(more).toString()))).toEqual(more);
  });

  it('writes a valid filter the way filterToQuery does', () => {
    const input = {
      comm: 'e2e browse-4', pid: '12', start: '1234.56', tid: '13', uid: '0', path: '/x', result: 'ENOENT', syscall: 'openat',
      unit: 'ssh.service', container: '3f2a', exe: '/usr/bin/*', slower: '1.5ms', own: OWN_ON,
    };
    const { filter } = checkInput(input);
    expect(Object.keys(filter)).toHaveLength(13);
    expect(inputToQuery(input).toString()).toBe(filterToQuery(filter).toString());
  });
});

describe('checkInput', () => {
  it('leaves out empty fields', () => {
    expect(checkInput(EMPTY_FILTER_INPUT)).toEqual({ filter: {}, errors: {} });
  });

  it('carries every valid field, as the protocol parses it', () => {
    const input = {
      comm: ' ba sh', pid: ' 12', start: ' 1234.5 ', tid: '5', uid: '0', path: '/etc/', result: 'ENOENT', syscall: 'openat2',
      unit: 'user@1000.service', container: ' 3f2a9c ', exe: '/usr/*/python3', slower: ' 250us', own: OWN_ON,
    };
    const { filter, errors } = checkInput(input);
    expect(errors).toEqual({});
    expect(filter).toEqual({
      comm: ' ba sh', pid: 12, start: 1234.5, tid: 5, uid: 0, path: '/etc/', result: 2, syscall: 'openat2',
      unit: 'user@1000.service', container: '3f2a9c', exe: '/usr/*/python3', slower: 250_000, own: true,
    });
    expect(eventFilterSchema.safeParse(filter).success).toBe(true);
    expect(filterFromQuery(Object.fromEntries(inputToQuery(input)))).toEqual({ ok: true, filter });
  });

  it('reports each invalid field and filters by the others', () => {
    const { filter, errors } = checkInput({
      ...EMPTY_FILTER_INPUT, comm: 'vim', pid: 'abc', tid: '0', uid: '-1', result: 'ENOPE', syscall: 'execve',
    });
    expect(filter).toEqual({ comm: 'vim' });
    expect(errors.pid).toBe("pid must be a number, not 'abc'");
    expect(errors.tid).toBe("tid must be a positive number, not '0'");
    expect(errors.uid).toBe("uid must be a number, not '-1'");
    expect(errors.result).toMatch(/^result must be ok, failed or an errno/);
    expect(errors.syscall).toMatch(/^syscall must be one of openat/);
  });

  it('reads slower as a duration, and says so when it is none', () => {
    expect(checkInput({ ...EMPTY_FILTER_INPUT, slower: '1.5ms' }).filter).toEqual({ slower: 1_500_000 });
    expect(checkInput({ ...EMPTY_FILTER_INPUT, slower: '2s' }).filter).toEqual({ slower: 2e9 });
    expect(checkInput({ ...EMPTY_FILTER_INPUT, slower: '800' }).filter).toEqual({ slower: 800 });
    for (const bad of ['fast', '0', '1.5 hours', '-3ms']) {
      const { filter, errors } = checkInput({ ...EMPTY_FILTER_INPUT, comm: 'vim', slower: bad });
      expect(filter).toEqual({ comm: 'vim' });
      expect(errors.slower).toBe(`slower must be a duration (250us, 1.5ms, 2s), not '${bad}'`);
    }
  });

  it('shows the own opens only for own=1', () => {
    expect(checkInput({ ...EMPTY_FILTER_INPUT, own: OWN_ON })).toEqual({ filter: { own: true }, errors: {} });
    expect(checkInput({ ...EMPTY_FILTER_INPUT, own: 'true' }).errors.own).toMatch(/^own must be 1/);
  });

  it('says a too-long unit, container or exe glob is not valid', () => {
    const { errors } = checkInput({
      ...EMPTY_FILTER_INPUT, unit: 'u'.repeat(257), container: 'a'.repeat(65), exe: `/${'x'.repeat(300)}*`,
    });
    expect(errors.unit).toMatch(/^unit is not valid: Too big/);
    expect(errors.container).toMatch(/^container is not valid: Too big/);
    expect(errors.exe).toMatch(/^exe is not valid: must be a glob of at most 256/);
  });

  it('says a too-long text is not valid', () => {
    const { filter, errors } = checkInput({ ...EMPTY_FILTER_INPUT, comm: 'x'.repeat(300) });
    expect(filter).toEqual({});
    expect(errors.comm).toMatch(/^comm is not valid: Too big/);
  });
});
