import type { ReactNode } from 'react';
import type { XdpStatus } from '../../protocol/xdp';
import { formatDateTime } from '../lib/format';
import { describeMode } from '../lib/xdp-view';

function Field({ label, title, children }: { label: string; title: string; children: ReactNode }) {
  return (
    <>
      <dt className="text-muted" title={title}>
        {label}
      </dt>
      <dd className="min-w-0 font-mono break-all">{children}</dd>
    </>
  );
}

/** The attached program as `bpftool prog show` describes it. */
export function ProgramCard({ attached, message }: { attached: XdpStatus['attached']; message: string | null }) {
  const p = attached?.prog;
  return (
    <div data-testid="prog-card" className="flex flex-col gap-2 px-3 py-2 text-xs">
      {message && (
        <p role="status" className="rounded border border-warn/40 bg-warn/10 px-2 py-1 text-warn">
          {message}
        </p>
      )}
      {attached && p ? (
        <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-0.5">
          <Field label="interface" title="Where the program runs">
            {attached.ifname}
          </Field>
          <Field label="mode" title="As the kernel reports the attachment">
            {describeMode(attached.mode)}
          </Field>
          <Field label="id" title="Program id (bpftool prog show id N)">
            {p.id}
          </Field>
          <Field label="name" title="Program name">
            {p.name}
          </Field>
          <Field label="tag" title="Hash of the program's instructions">
            {p.tag}
          </Field>
          <Field label="loaded at" title={p.loadedAt}>
            {formatDateTime(Date.parse(p.loadedAt))}
          </Field>
          <Field label="xlated" title="Size of the program after the verifier (bytes_xlated)">
            {p.xlatedBytes} B
          </Field>
          <Field label="jited" title="Size of the JIT-compiled machine code (bytes_jited)">
            {p.jitedBytes} B
          </Field>
          <Field label="memlock" title="Locked memory charged for the program (bytes_memlock)">
            {p.memlock} B
          </Field>
          <Field label="btf id" title="BTF object with the program's type information">
            {p.btfId ?? '—'}
          </Field>
        </dl>
      ) : (
        <p className="text-muted">
          Not attached to any interface. Attach the filter to see the program as bpftool shows it.
        </p>
      )}
    </div>
  );
}
