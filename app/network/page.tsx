'use client';
import { useState } from 'react';
import type { AttachRequestMode } from '../../protocol/xdp';
import { FilterTotals } from '../components/FilterTotals';
import { InterfacePicker } from '../components/InterfacePicker';
import { AuditLog } from '../components/AuditLog';
import { DefaultActionCard } from '../components/DefaultActionCard';
import { LabCard } from '../components/LabCard';
import { NetworkHeader } from '../components/NetworkHeader';
import { Panel } from '../components/Panel';
import { ProgramCard } from '../components/ProgramCard';
import { RuleForm } from '../components/RuleForm';
import { RuleListIO } from '../components/RuleListIO';
import { RuleTable } from '../components/RuleTable';
import { TalkersCard } from '../components/TalkersCard';
import { useHealth } from '../lib/use-health';
import { useXdpStatus } from '../lib/use-xdp-status';
import { inactiveRulesNotice } from '../lib/xdp-view';

/** The XDP filter: where it runs, what it blocks, what it dropped. */
export default function NetworkPage() {
  const health = useHealth();
  const replay = health.tracer?.state === 'replay';
  // Asked only once health has answered: a replay has no filter to read,
  // and its 503 is no error to show. A failed health read still lets the
  // status poll say what is wrong.
  const view = useXdpStatus(health.settled && !replay);
  // One mode for the picker's Attach and the lab's: what the user chose last.
  const [mode, setMode] = useState<AttachRequestMode>('auto');
  const s = view.status;
  const inactiveNotice = s && inactiveRulesNotice(s);

  return (
    <div className="flex min-h-screen flex-col">
      <NetworkHeader pollError={view.pollError} sampledAt={view.sampledAt} tracer={health.tracer} />
      {replay ? (
        <main className="p-3">
          <Panel title="XDP filter">
            <p data-testid="xdp-unavailable" className="px-3 py-4 text-xs text-muted">
              XDP is not available in a replay: this backend reads a recorded file, not this machine&apos;s kernel, so
              there is no XDP program to attach and no rules to drive. Start ebpf-dash without{' '}
              <code className="font-mono text-fg">--replay</code> (as root) to use the filter.
            </p>
          </Panel>
        </main>
      ) : !s ? (
        <p className="p-6 text-center text-xs text-muted">
          {view.pollError ? 'No filter status could be read yet.' : 'Reading the filter status…'}
        </p>
      ) : (
        <main
          className={`grid grid-cols-1 items-start gap-3 p-3 xl:grid-cols-[minmax(0,1fr)_30rem] ${view.pollError ? 'opacity-60' : ''}`}
          title={view.pollError ? 'Last known status: the server cannot be read' : undefined}
        >
          <div className="flex min-w-0 flex-col gap-3">
            <Panel title="XDP filter" aside="drops matching packets in the driver, before the network stack">
              <InterfacePicker
                interfaces={s.interfaces}
                attached={s.attached}
                wanted={s.wanted}
                mode={mode}
                onModeChange={setMode}
                onChanged={view.refresh}
              />
            </Panel>
            <TalkersCard rules={s.rules} onChanged={view.refresh} />
            <Panel title="Rules" aside={<FilterTotals totals={s.totals} rates={view.rates} />}>
              {inactiveNotice && (
                <p
                  data-testid="rules-inactive-banner"
                  role="status"
                  className="border-b border-warn/40 bg-warn/10 px-3 py-1.5 text-xs text-warn"
                >
                  {inactiveNotice}
                </p>
              )}
              <RuleForm rules={s.rules} attached={s.attached} onChanged={view.refresh} />
              <RuleTable
                rules={s.rules}
                rates={view.rates}
                sampledAt={view.sampledAt}
                defaultAction={s.default}
                onChanged={view.refresh}
              />
            </Panel>
          </div>
          <div className="flex min-w-0 flex-col gap-3">
            <Panel title="Program" aside="bpftool prog show">
              <ProgramCard attached={s.attached} message={s.message} />
            </Panel>
            <Panel title="Default action" aside="packets no rule matches">
              <DefaultActionCard
                current={s.default}
                attached={s.attached}
                wanted={s.wanted}
                rules={s.rules}
                onChanged={view.refresh}
              />
            </Panel>
            <Panel title="Import / export" aside="block lists, FireHOL netsets">
              <RuleListIO rules={s.rules} onChanged={view.refresh} />
            </Panel>
            <Panel title="Lab" aside={s.lab ? `netns ${s.lab.netns}, probed every second` : 'none'}>
              <LabCard lab={s.lab} attached={s.attached} rules={s.rules} mode={mode} onChanged={view.refresh} />
            </Panel>
            <Panel title="Audit log" aside="every control action, kept in --state-dir/audit.log">
              <AuditLog />
            </Panel>
          </div>
        </main>
      )}
    </div>
  );
}
