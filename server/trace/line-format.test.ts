/**
 * The kernel side's bpf_printk formats are the ones line-format.ts defines:
 * read from bpf/openat.bpf.c, each must be one record's printfFormat().
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LEGACY_EVENTS, LEGACY_RECORDS, MAGIC, RECORDS, USER_HZ, messageRegex, printfFormat } from './line-format';

const source = fs.readFileSync(path.join(__dirname, '../../bpf/openat.bpf.c'), 'utf8');

/** Each bpf_printk's format, with ODASH_MAGIC and string pieces joined
 *  as the C preprocessor and compiler would. */
function printkFormats(c: string): string[] {
  const out: string[] = [];
  for (const m of c.matchAll(/bpf_printk\(((?:ODASH_MAGIC|\s|"(?:[^"\\]|\\.)*")+),/g)) {
    const pieces = m[1]!.match(/ODASH_MAGIC|"(?:[^"\\]|\\.)*"/g)!;
    out.push(pieces.map((p) => (p === 'ODASH_MAGIC' ? MAGIC : JSON.parse(p) as string)).join(''));
  }
  return out;
}

describe('the trace line format', () => {
  const formats = printkFormats(source);

  it('is what bpf/openat.bpf.c prints, record for record', () => {
    expect(formats.sort()).toEqual(Object.values(RECORDS).map(printfFormat).sort());
  });

  it('has the magic bpf/openat.h defines', () => {
    const header = fs.readFileSync(path.join(__dirname, '../../bpf/openat.h'), 'utf8');
    expect(header).toContain(`#define ODASH_MAGIC "${MAGIC}"`);
    expect(header).toContain(`#define ODASH_USER_HZ ${USER_HZ}`);
  });

  it('ends every record with a one-digit flag, so a cut line never parses', () => {
    for (const r of [...Object.values(RECORDS), ...LEGACY_EVENTS, ...LEGACY_RECORDS]) {
      expect(r.fields.at(-1)).toMatchObject({ kind: 'dec', printf: '%u' });
      expect(['bits', 'trunc', 'end']).toContain(r.fields.at(-1)!.key);
    }
  });

  it('gives every record a regex that takes its own format filled in, and no other record', () => {
    const sample = (fmt: string) => fmt.replace(/%llx|%llu|%ld|%u/g, '1').replace(/%s/g, 'x');
    for (const [name, r] of Object.entries(RECORDS)) {
      for (const [other, o] of Object.entries(RECORDS)) {
        const re = messageRegex(r, '1');
        re.lastIndex = 0;
        expect(re.test(sample(printfFormat(o))), `${name} on ${other}`).toBe(name === other);
      }
    }
  });
});
