import { describe, expect, it } from 'vitest';
import { filterFromQuery, filterToQuery } from '../../protocol/filter';
import { eventFilterSchema } from '../../protocol/messages';
import { checkInput, EMPTY_FILTER_INPUT, inputFromQuery, inputToQuery } from './filter-input';

const q = (s: string) => new URLSearchParams(s);

describe('inputFromQuery', () => {
  it('reads every filter key and leaves the rest', () => {
    expect(inputFromQuery(q('comm=ba%20sh&pid=12&tid=13&uid=0&path=/etc/*&result=failed&syscall=openat&window=15'))).toEqual({
      comm: 'ba sh', pid: '12', tid: '13', uid: '0', path: '/etc/*', result: 'failed', syscall: 'openat',
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
    expect(inputToQuery(EMPTY_FILTER_INPUT).toString()).toBe('');
  });

  it('round-trips through the URL, invalid values included', () => {
    const input = { ...EMPTY_FILTER_INPUT, comm: 'a&b=c', pid: 'abc', result: 'EPERM', path: '/tmp/%20?' };
    expect(inputFromQuery(q(inputToQuery(input).toString()))).toEqual(input);
  });

  it('writes a valid filter the way filterToQuery does', () => {
    const input = { comm: 'e2e browse-4', pid: '12', tid: '13', uid: '0', path: '/x', result: 'ENOENT', syscall: 'openat' };
    const { filter } = checkInput(input);
    expect(inputToQuery(input).toString()).toBe(filterToQuery(filter).toString());
  });
});

describe('checkInput', () => {
  it('leaves out empty fields', () => {
    expect(checkInput(EMPTY_FILTER_INPUT)).toEqual({ filter: {}, errors: {} });
  });

  it('carries every valid field, as the protocol parses it', () => {
    const input = { comm: ' ba sh', pid: ' 12', tid: '5', uid: '0', path: '/etc/', result: 'ENOENT', syscall: 'openat2' };
    const { filter, errors } = checkInput(input);
    expect(errors).toEqual({});
    expect(filter).toEqual({ comm: ' ba sh', pid: 12, tid: 5, uid: 0, path: '/etc/', result: 2, syscall: 'openat2' });
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

  it('says a too-long text is not valid', () => {
    const { filter, errors } = checkInput({ ...EMPTY_FILTER_INPUT, comm: 'x'.repeat(300) });
    expect(filter).toEqual({});
    expect(errors.comm).toMatch(/^comm is not valid: Too big/);
  });
});
