import type { ReactNode } from 'react';
import { costFigures, costNote, programsText } from '../lib/cost-view';
import { formatCount } from '../lib/format';
import type { CostView } from '../lib/use-cost';
import { Panel } from './Panel';

const BPF_CPU_TITLE = 'BPF run time of our programs (tracer and XDP filter) over wall time, in % of one CPU';

function Figure({ label, title, testId, children }: { label: string; title: string; testId: string; children: ReactNode }) {
  return (
    <>
      <dt className="text-muted" title={title}>
        {label}
      </dt>
      <dd data-testid={testId} className="font-mono tabular-nums">
        {children}
      </dd>
    </>
  );
}

/** What tracing costs now, as bpftop shows it: BPF run time per open and
 *  as CPU, the backend's CPU and memory, the programs' locked memory. */
export function CostCard({ cost, error }: CostView) {
  const f = cost && costFigures(cost);
  const note = cost && costNote(cost);
  return (
    <div data-testid="cost-card" className="flex min-w-0 flex-col">
      <Panel
        title="Tracer cost"
        aside={
          error ? (
            <span className="text-bad" title={error}>
              not updated (hover for why)
            </span>
          ) : cost ? (
            <span title={cost.statsNote ?? undefined}>
              {formatCount(cost.opensPerSecond)} opens/s · over {cost.intervalSeconds.toFixed(1)} s
            </span>
          ) : (
            'measuring…'
          )
        }
      >
        <div className="flex flex-col gap-2 px-3 py-2 text-xs">
          {note && (
            <p data-testid="cost-note" role="status" className="rounded border border-line bg-panel-2 px-2 py-1 text-muted">
              {note}
            </p>
          )}
          <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-0.5">
            <Figure label="BPF per open" testId="cost-ns-per-open" title="BPF run time of the tracer's programs per open ingested">
              {f?.nsPerOpen ?? '…'}
            </Figure>
            <Figure
              label="BPF CPU"
              testId="cost-bpf-cpu"
              title={[BPF_CPU_TITLE, cost && programsText(cost)].filter(Boolean).join('\n')}
            >
              {f?.bpfCpu ?? '…'}
            </Figure>
            <Figure label="backend CPU" testId="cost-backend-cpu" title="The backend's CPU time over wall time, in % of one CPU">
              {f?.backendCpu ?? '…'}
            </Figure>
            <Figure label="backend RSS" testId="cost-rss" title="The backend's resident memory">
              {f?.rss ?? '…'}
            </Figure>
            <Figure label="BPF memory" testId="cost-bpf-mem" title="Locked memory of our programs and their maps (bpftool's memlock)">
              {f?.bpfMem ?? '…'}
            </Figure>
          </dl>
        </div>
      </Panel>
    </div>
  );
}
