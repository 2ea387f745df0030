import Link from 'next/link';

const PAGES = [
  { href: '/', label: 'Overview', testId: 'nav-overview' },
  { href: '/network', label: 'Network', testId: 'nav-network' },
] as const;

export type PagePath = (typeof PAGES)[number]['href'];

/** The links between the pages, in each page's header; `current` is
 *  absent on pages the links do not list (a process). */
export function PageNav({ current }: { current?: PagePath }) {
  return (
    <nav aria-label="Pages" className="flex items-center gap-0.5 text-xs">
      {PAGES.map((p) => (
        <Link
          key={p.href}
          href={p.href}
          data-testid={p.testId}
          aria-current={p.href === current ? 'page' : undefined}
          className={`rounded px-2 py-0.5 font-medium ${
            p.href === current ? 'bg-accent/15 text-accent' : 'text-muted hover:bg-hover hover:text-fg'
          }`}
        >
          {p.label}
        </Link>
      ))}
    </nav>
  );
}
