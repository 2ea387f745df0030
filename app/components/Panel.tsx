import type { ReactNode } from 'react';

/** A titled box; every section of the page is one. */
export function Panel({
  title,
  aside,
  children,
  className = '',
}: {
  title: string;
  aside?: ReactNode;
  children: ReactNode;
  className?: string;
}) {
  return (
    <section className={`flex min-w-0 flex-col rounded-md border border-line bg-panel ${className}`}>
      {/* Wraps on a phone: the aside goes under the title, never past the edge. */}
      <header className="flex flex-wrap items-center justify-between gap-x-3 gap-y-1 border-b border-line px-3 py-1.5">
        <h2 className="text-[11px] font-semibold tracking-wider text-muted uppercase">{title}</h2>
        {aside !== undefined && <div className="min-w-0 text-xs text-muted">{aside}</div>}
      </header>
      {children}
    </section>
  );
}
