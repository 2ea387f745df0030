import Link from 'next/link';
import { PageNav } from './components/PageNav';

/** Any path the UI does not have (out/404.html): the same header as every
 *  page, so the way on is there, and landmarks for screen readers. */
export default function NotFound() {
  return (
    <div className="flex min-h-screen flex-col">
      <header className="border-b border-line bg-panel">
        <div className="flex flex-wrap items-center gap-x-5 gap-y-1 px-3 py-2">
          <p className="font-mono text-sm font-bold tracking-tight">ebpf-dash</p>
          <PageNav />
        </div>
      </header>
      <main className="flex flex-col items-center gap-2 p-6 text-center">
        <h1 className="text-sm font-semibold">Page not found</h1>
        <p className="text-xs text-muted">
          No page of the dashboard has this address.{' '}
          <Link href="/" className="text-accent underline">
            Back to the overview
          </Link>
        </p>
      </main>
    </div>
  );
}
