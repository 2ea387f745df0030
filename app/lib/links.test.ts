import { describe, expect, it } from 'vitest';
import { filterFromQuery, textMatcher } from '../../protocol/filter';
import { EMPTY_FILTER_INPUT } from './filter-input';
import {
  commHref, exactPattern, EXPORT_LIMIT, exportHref, groupFilterKey, groupHref, overviewHref, overviewQuery, parseGroup, processHref,
} from './links';

describe('overviewQuery', () => {
  it('holds the filter inputs and a window other than the default', () => {
    const input = { ...EMPTY_FILTER_INPUT, comm: 'e2e browse-4', result: 'ENOENT' };
    expect(overviewQuery(input, 5)).toBe('comm=e2e+browse-4&result=ENOENT');
    expect(overviewQuery(input, 60)).toBe('comm=e2e+browse-4&result=ENOENT&window=60');
    expect(overviewQuery(EMPTY_FILTER_INPUT, 5)).toBe('');
    expect(overviewQuery(input, 15, 'pid')).toBe('comm=e2e+browse-4&result=ENOENT&window=15&group=pid');
    expect(overviewQuery(input, 5, 'comm')).toBe('comm=e2e+browse-4&result=ENOENT');
  });
});

describe('parseGroup', () => {
  it('takes comm or pid, else the default', () => {
    expect(parseGroup('pid')).toBe('pid');
    expect(parseGroup('comm')).toBe('comm');
    expect(parseGroup(null)).toBe('comm');
    expect(parseGroup('uid')).toBe('comm');
  });
});

describe('commHref', () => {
  it('narrows the overview to one name by PID, keeping the rest', () => {
    expect(commHref('a b', 'comm=x&pid=3&path=%2Fetc&window=15')).toBe('/?comm=a+b&path=%2Fetc&window=15&group=pid');
    expect(commHref('sh', '')).toBe('/?comm=sh&group=pid');
  });
});

describe('processHref and overviewHref', () => {
  it('carry the overview query there and back', () => {
    const from = 'comm=a%26b&pid=7&window=15&group=pid';
    const href = processHref(42, from);
    expect(href).toBe('/process?pid=42&from=comm%3Da%2526b%26pid%3D7%26window%3D15%26group%3Dpid');
    const back = new URL(href, 'http://x').searchParams.get('from');
    expect(overviewHref(back)).toBe('/?comm=a%26b&pid=7&window=15&group=pid');
    expect(new URL(overviewHref(back), 'http://x').searchParams.get('comm')).toBe('a&b');
  });

  it('name one process of a reused PID by its start, and the latest without one', () => {
    expect(processHref(42, '', 1234.56)).toBe('/process?pid=42&start=1234.56');
    expect(processHref(42, '', 0)).toBe('/process?pid=42');
    expect(processHref(42, '', null)).toBe('/process?pid=42');
  });

  it('go to the plain overview without a query, and keep only overview keys', () => {
    expect(processHref(42, '')).toBe('/process?pid=42');
    expect(overviewHref(null)).toBe('/');
    expect(overviewHref('token=secret&next=//evil&path=/etc')).toBe('/?path=%2Fetc');
  });
});

describe('exportHref', () => {
  it('asks the API for the events the filter matches', () => {
    const href = exportHref('csv', { comm: 'a,b"c', result: 2, pid: 9 });
    expect(href.startsWith('/api/events.csv?')).toBe(true);
    const q = Object.fromEntries(new URL(href, 'http://x').searchParams);
    expect(q.limit).toBe(String(EXPORT_LIMIT));
    const { limit: _, ...filterKeys } = q;
    expect(filterFromQuery(filterKeys)).toEqual({ ok: true, filter: { comm: 'a,b"c', pid: 9, result: 2 } });
    expect(exportHref('json', {})).toBe(`/api/events.json?limit=${EXPORT_LIMIT}`);
  });
});

describe('exactPattern', () => {
  const matches = (text: string, s: string) => textMatcher(exactPattern(text))(s);

  it('matches the text itself and nothing holding it', () => {
    expect(exactPattern('/usr/bin/sh')).toBe('[/]usr/bin/sh');
    expect(exactPattern('ssh.service')).toBe('[s]sh.service');
    for (const text of ['/usr/bin/sh', 'ssh.service', 'user@1000.service', '!^]x', '-a', '\\x']) {
      expect(matches(text, text)).toBe(true);
      expect(matches(text, `${text}a`)).toBe(false);
      expect(matches(text, `a${text}`)).toBe(false);
    }
    expect(matches('/usr/bin/sh', '/usr/bin/sha256sum')).toBe(false);
  });

  it('takes * ? [ literally', () => {
    for (const text of ['/opt/a*b', 'what?', 'x[1]', '[', 'a[*]b', '/x/[!a]']) {
      const p = exactPattern(text);
      expect(matches(text, text)).toBe(true);
      expect(matches(text, text.replace(/[*?[]/, 'Z'))).toBe(false);
      expect(p.length).toBeGreaterThan(text.length);
    }
  });

  it('falls back to the text when no glob fits', () => {
    expect(exactPattern('')).toBe('');
    expect(exactPattern('!!!')).toBe('!!!');
    expect(exactPattern('\u00e9\u00e8')).toBe('\u00e9\u00e8');
    expect(matches('\u00e9t\u00e9', '\u00e9t\u00e9x')).toBe(false);
    const long = `/${'a'.repeat(300)}`;
    expect(exactPattern(long)).toBe(long);
  });
});

describe('groupHref', () => {
  it('narrows the overview to one exe, unit or container by PID, keeping the rest', () => {
    const from = 'comm=x&pid=3&window=15&group=unit';
    expect(groupHref('unit', 'ssh.service', from)).toBe('/?comm=x&unit=%5Bs%5Dsh.service&window=15&group=pid');
    const exe = new URL(groupHref('exe', '/usr/bin/sh', ''), 'http://x').searchParams;
    expect(exe.get('exe')).toBe('[/]usr/bin/sh');
    const id = 'ab'.repeat(32);
    expect(groupHref('container', id, 'own=1')).toBe(`/?container=${id}&own=1&group=pid`);
    const q = Object.fromEntries(new URL(groupHref('exe', '/opt/a*b', from), 'http://x').searchParams);
    expect(filterFromQuery(q)).toMatchObject({ ok: true, filter: { comm: 'x', exe: '/opt/a[*]b' } });
  });

  it('is for the executable, unit and container groupings only', () => {
    expect(groupFilterKey('exe')).toBe('exe');
    expect(groupFilterKey('container')).toBe('container');
    expect(groupFilterKey('comm')).toBeNull();
    expect(groupFilterKey('pid')).toBeNull();
  });
});
