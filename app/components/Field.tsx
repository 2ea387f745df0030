import type { ReactNode } from 'react';

/** One labelled value of a summary: the label small above it. */
export function Field({ label, children, title }: { label: string; children: ReactNode; title?: string }) {
  return (
    <div className="flex min-w-0 flex-col" title={title}>
      <dt className="text-[11px] text-muted">{label}</dt>
      <dd className="font-mono tabular-nums">{children}</dd>
    </div>
  );
}
