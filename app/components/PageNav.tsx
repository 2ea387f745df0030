import Link from 'next/link';

const PAGES = [
  { href: '/', label: 'Overview', testId: 'nav-overview' },
  { href: '/files', label: 'Files', testId: 'nav-files' },
  { href: '/network', label: 'Network', testId: 'nav-network' },
  { href: '/trace-pipe', label: 'Trace pipe', testId: 'nav-trace-pipe' },
  { href: '/fleet', label: 'Fleet', testId: 'nav-fleet' },
] as const;

export type PagePath = (typeof PAGES)[number]['href'];

/** The links between the pages, in each page's header; `current` is
 *  absent on pages the links do not list (a process). */
export function PageNav({ current }: { current?: PagePath }) {
  return (
    <nav aria-label="Pages" className="flex flex-wrap items-center gap-0.5 text-xs">
      {PAGES.map((p) => (
        <Link
          key={p.href}
          href={p.href}
          data-testid={p.testId}
          aria-current={p.href === current ? 'page' : undefined}
          className={`inline-flex min-h-6 items-center rounded px-2 font-medium ${
            p.href === current ? 'bg-accent/15 text-accent' : 'text-muted hover:bg-hover hover:text-fg'
          }`}
        >
          {p.label}
        </Link>
      ))}
    </nav>
  );
}
