'use client';
import { FLEET_JOB } from '../../protocol/fleet';
import { FleetTable } from '../components/FleetTable';
import { Panel } from '../components/Panel';
import { PolledHeader } from '../components/PolledHeader';
import { fleetSummary } from '../lib/fleet-view';
import { FLEET_POLL_MS, useFleet } from '../lib/use-fleet';

const CODE = 'font-mono text-fg';

/** Every ebpf-dash backend a Prometheus scrapes, as that Prometheus sees
 *  them; this backend asks it (--prometheus URL), never the browser. */
export default function FleetPage() {
  const view = useFleet();
  const answer = view.answer;
  const summary = answer ? fleetSummary(answer.hosts) : null;
  const problems = summary
    ? [
        summary.unreachable && `${summary.unreachable} not scraped`,
        summary.tracerDown && `${summary.tracerDown} tracer down`,
        summary.detached && `${summary.detached} XDP detached`,
        summary.losing && `${summary.losing} losing events`,
      ].filter(Boolean)
    : [];

  return (
    <div className="flex min-h-screen flex-col">
      <PolledHeader
        current="/fleet"
        pollMs={FLEET_POLL_MS}
        sampledAt={view.sampledAt}
        error={view.error}
        errorPrefix=""
        errorTestId="fleet-error"
        paused={false}
        tracer={null}
      />
      <main className="flex flex-col gap-3 p-3">
        {view.unconfigured !== null ? (
          <Panel title="Fleet">
            <div data-testid="fleet-unconfigured" className="flex flex-col gap-2 px-3 py-4 text-xs text-muted">
              <p>
                This backend was started without a Prometheus to ask ({view.unconfigured}). The fleet page shows every
                ebpf-dash backend that a Prometheus scrapes: whether it is up, its tracer, its open and failure rates,
                lost events and its XDP filter.
              </p>
              <ol className="list-decimal space-y-1 pl-5">
                <li>
                  Let Prometheus scrape each backend&apos;s <code className={CODE}>/metrics</code> as job{' '}
                  <code className={CODE}>{FLEET_JOB}</code>, with the token as a bearer credential: the example is{' '}
                  <code className={CODE}>deploy/prometheus.yml</code>, its alerts <code className={CODE}>deploy/alerts.yml</code>.
                </li>
                <li>
                  Start this backend with{' '}
                  <code className={CODE}>npm start -- --prometheus http://prometheus.example:9090</code> (the URL this
                  machine reaches Prometheus by; the browser never asks it).
                </li>
              </ol>
            </div>
          </Panel>
        ) : answer === null ? (
          <p data-testid="fleet-loading" className="p-6 text-center text-xs text-muted">
            {view.error ? 'Nothing to show: the fleet could not be read (see above).' : 'Asking Prometheus…'}
          </p>
        ) : (
          <Panel
            title="Fleet"
            className={view.error ? 'opacity-60' : ''}
            aside={
              <span className="flex flex-wrap items-center justify-end gap-x-3 gap-y-1">
                <span data-testid="fleet-count" data-value={answer.hosts.length}>
                  {answer.hosts.length} {answer.hosts.length === 1 ? 'host' : 'hosts'}
                  {problems.length > 0 && <span className="text-bad">: {problems.join(', ')}</span>}
                </span>
                <span title="The Prometheus this backend asks (--prometheus)">
                  as <code className={CODE}>{answer.prometheus}</code> sees them
                </span>
              </span>
            }
          >
            {answer.hosts.length === 0 ? (
              <p data-testid="fleet-empty" className="px-3 py-6 text-center text-xs text-muted">
                {view.error ? (
                  'No hosts: Prometheus could not be asked (see above).'
                ) : (
                  <>
                    Prometheus scrapes no target of job <code className={CODE}>{FLEET_JOB}</code>: add the hosts to its
                    scrape config (see <code className={CODE}>deploy/prometheus.yml</code>).
                  </>
                )}
              </p>
            ) : (
              <FleetTable hosts={answer.hosts} />
            )}
          </Panel>
        )}
      </main>
    </div>
  );
}
