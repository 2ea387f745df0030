/** The figures bench/attach-modes.ts writes in a guest, checked, and as a
 *  plain-text table. Pure. */
import { z } from 'zod';

export const modesResultSchema = z.object({
  kernel: z.string(),
  opens: z.number(),
  rounds: z.number(),
  untracedUs: z.number(),
  ways: z.array(
    z.object({
      way: z.string(),
      hook: z.string(),
      usPerOpen: z.number(),
      overheadUs: z.number(),
      nsPerRun: z.record(z.string(), z.number()),
    }),
  ),
});
export type ModesResult = z.infer<typeof modesResultSchema>;

/** What a way's programs cost one open: the programs that run on every
 *  openat (the article's, and ours on the openat hooks; not those that run
 *  per exec or fork). */
export function perOpenNs(nsPerRun: Record<string, number>): number {
  return Object.entries(nsPerRun)
    .filter(([name]) => name.startsWith('article_') || name.includes('openat'))
    .reduce((sum, [, ns]) => sum + ns, 0);
}

/** One kernel's ways: BPF ns per open and its ratio to the article's, the
 *  generator's overhead per open, and every program's ns per run. */
export function formatModes(r: ModesResult): string {
  const article = r.ways.find((w) => w.way === 'article');
  const articleNs = article ? perOpenNs(article.nsPerRun) : 0;
  const head = ['way', 'BPF ns per open', 'vs article', 'overhead per open', 'BPF ns per run, each program'];
  const cells = r.ways.map((w) => [
    w.way === 'article' ? `article (${w.hook})` : `dashboard, ${w.way}`,
    String(perOpenNs(w.nsPerRun)),
    articleNs > 0 ? (perOpenNs(w.nsPerRun) / articleNs).toFixed(2) : '-',
    `+${w.overheadUs.toFixed(2)} µs`,
    Object.entries(w.nsPerRun).map(([p, ns]) => `${p} ${ns}`).join(', '),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => c.map((v, i) => v.padEnd(widths[i]!)).join('  ').trimEnd();
  return [
    `${r.kernel}: ${r.opens} opens a burst, ${r.rounds} rounds (medians), untraced ${r.untracedUs.toFixed(2)} µs per open`,
    line(head),
    line(widths.map((w) => '-'.repeat(w))),
    ...cells.map(line),
  ].join('\n');
}
