import { describe, expect, it } from 'vitest';
import { formatModes, modesResultSchema, perOpenNs } from './bench-table';

const result = modesResultSchema.parse({
  kernel: '6.1.0-57-amd64',
  opens: 20000,
  rounds: 3,
  untracedUs: 30,
  ways: [
    { way: 'article', hook: 'kprobe', usPerOpen: 40, overheadUs: 10, nsPerRun: { article_kprobe: 5000 } },
    {
      way: 'fentry', hook: 'fentry', usPerOpen: 42.5, overheadUs: 12.5,
      nsPerRun: { tp_exec: 90000, raw_fork: 40000, fe_openat: 2000, fx_openat: 6000 },
    },
  ],
});

describe('perOpenNs', () => {
  it('adds the programs that run on every openat, not those of exec and fork', () => {
    expect(perOpenNs(result.ways[1]!.nsPerRun)).toBe(8000);
    expect(perOpenNs({ tp_enter_openat: 300, tp_exit_openat: 1500, tp_exec: 50000 })).toBe(1800);
    expect(perOpenNs({ article_openat: 2500 })).toBe(2500);
  });
});

describe('formatModes', () => {
  it("gives each way its BPF cost per open, that to the article's, its overhead and its programs", () => {
    const lines = formatModes(result).split('\n');
    expect(lines[0]).toBe('6.1.0-57-amd64: 20000 opens a burst, 3 rounds (medians), untraced 30.00 µs per open');
    expect(lines[3]).toMatch(/^article \(kprobe\)\s+5000\s+1\.00\s+\+10\.00 µs\s+article_kprobe 5000$/);
    expect(lines[4]).toMatch(/^dashboard, fentry\s+8000\s+1\.60\s+\+12\.50 µs\s+tp_exec 90000, raw_fork 40000, fe_openat 2000, fx_openat 6000$/);
  });

  it('gives no ratio without the article', () => {
    const alone = { ...result, ways: result.ways.filter((w) => w.way !== 'article') };
    expect(formatModes(alone).split('\n')[3]).toMatch(/^dashboard, fentry\s+8000\s+-\s+/);
  });
});
