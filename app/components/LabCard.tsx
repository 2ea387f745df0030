import { useMemo } from 'react';
import type { AttachRequestMode, LabStatus, RuleView, XdpStatus } from '../../protocol/xdp';
import { addressRuleIndex, exactCidr, sourceRuleFor } from '../lib/rule-match';
import { useApiAction } from '../lib/use-api-action';
import { xdpApi } from '../lib/xdp-client';
import { probeState, withoutPrefix } from '../lib/xdp-view';
import { ActionError } from './ActionError';
import { ForceConfirm } from './ForceConfirm';

const BUTTON =
  'h-7 rounded border border-line bg-panel-2 px-3 text-xs font-medium hover:bg-hover disabled:cursor-not-allowed disabled:opacity-50';

type Probe = LabStatus['probes'][number];

/** The probe results the server keeps, oldest left, one cell each: as
 *  many cells as results, so the UI holds no copy of the server's count. */
function ProbeStrip({ history }: { history: readonly boolean[] }) {
  const failed = history.filter((ok) => !ok).length;
  return (
    <span
      className="flex h-3 gap-px"
      role="img"
      aria-label={`Last ${history.length} probes, oldest first: ${failed} failed`}
      title={`Last ${history.length} probes, one a second, oldest left: ${failed} failed`}
    >
      {history.map((ok, i) => (
        <span key={i} className={`w-[3px] shrink-0 rounded-[1px] ${ok ? 'bg-good' : 'bg-bad'}`} />
      ))}
    </span>
  );
}

/** One peer address: can this host reach it, what it sends, and a Block
 *  button that says why when it cannot be used. */
function PeerRow({
  address,
  probe,
  sendsPps,
  port,
  rule,
  cidr,
  hostIf,
  busy,
  onChanged,
}: {
  address: string;
  probe: Probe | undefined;
  sendsPps: number | undefined;
  port: number;
  /** The src rule for exactly this address, if any. */
  rule: RuleView | undefined;
  cidr: string | null;
  hostIf: string;
  /** The lab is being removed. */
  busy: boolean;
  onChanged: () => void;
}) {
  const block = useApiAction((force, c: string) => xdpApi.addRule({ cidr: c, direction: 'src', force }), onChanged);
  const state = probe ? probeState(probe) : 'unknown';
  const last = probe?.last ?? null;
  return (
    <div data-testid="lab-probe" data-target={address} data-state={state} className="flex flex-col gap-1">
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <span className="min-w-36 font-mono">{address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`}</span>
        <span
          className={`rounded px-2 py-0.5 font-medium ${
            state === 'up' ? 'bg-good/15 text-good' : state === 'down' ? 'bg-bad/15 text-bad' : 'bg-panel-2 text-muted'
          }`}
          title={last ? `last probe at ${last.at}` : undefined}
        >
          {!last
            ? 'no result yet'
            : last.ok
              ? `reachable (${last.latencyMs ?? '?'} ms)`
              : `unreachable: ${last.error ?? 'unknown error'}`}
        </span>
        {sendsPps !== undefined && (
          <span
            data-testid="lab-traffic"
            className="ml-auto font-mono text-muted tabular-nums"
            title="UDP datagrams per second this peer address sends to the host"
          >
            sends {sendsPps} UDP/s
          </span>
        )}
      </div>
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        {probe && <ProbeStrip history={probe.history} />}
        {cidr && (
          <span className="ml-auto flex items-center gap-2">
            {rule && (
              <span
                data-testid="lab-block-state"
                className={rule.active ? 'text-muted' : 'text-warn'}
                title={rule.active ? `The ${rule.action} rule src ${cidr} decides its packets` : undefined}
              >
                {rule.active ? `${rule.action} rule active` : 'rule exists, inactive: attach the filter'}
              </span>
            )}
            <button
              type="button"
              data-testid="lab-block"
              data-target={address}
              aria-label={`Block ${address}`}
              className={BUTTON}
              disabled={block.pending || busy || rule !== undefined}
              title={
                rule
                  ? `A src rule for ${cidr} exists (remove it in the rules table)`
                  : `Adds the rule deny src ${cidr}: its packets are dropped as they arrive on ${hostIf}`
              }
              onClick={() => void block.run(cidr)}
            >
              {block.pending ? 'Blocking…' : 'Block'}
            </button>
          </span>
        )}
      </div>
      {block.error &&
        (block.canForce ? (
          <ForceConfirm
            testId="lab-confirm"
            reason={block.error}
            question="Block anyway?"
            yesLabel="Block"
            pending={block.pending}
            onYes={() => void block.runForced()}
            onNo={block.dismiss}
          />
        ) : (
          <ActionError error={block.error} onDismiss={block.dismiss} />
        ))}
    </div>
  );
}

/** A veth pair into a namespace with peers to probe and traffic to count:
 *  somewhere to try the filter without touching a real NIC. */
export function LabCard({
  lab,
  attached,
  rules,
  mode,
  onChanged,
}: {
  lab: LabStatus | null;
  attached: XdpStatus['attached'];
  rules: readonly RuleView[];
  mode: AttachRequestMode;
  onChanged: () => void;
}) {
  const create = useApiAction(() => xdpApi.createLab(), onChanged);
  const remove = useApiAction(() => xdpApi.removeLab(), onChanged);
  const attach = useApiAction((force, ifname: string) => xdpApi.attach({ ifname, mode, force }), onChanged);
  const index = useMemo(() => addressRuleIndex(rules), [rules]);

  if (!lab) {
    return (
      <div className="flex flex-col gap-2 px-3 py-2 text-xs">
        <p className="text-muted">
          Makes a network namespace joined to this host by a veth pair, with several peer addresses (IPv4 and IPv6)
          that each send UDP to this host at their own rate and run a TCP server this host connects to every second,
          so you can watch the filter count them, rank them and cut them off.
        </p>
        <div>
          <button
            type="button"
            data-testid="lab-create"
            className={BUTTON}
            disabled={create.pending}
            onClick={() => void create.run()}
          >
            {create.pending ? 'Creating…' : 'Create lab'}
          </button>
        </div>
        {create.error && <ActionError error={create.error} onDismiss={create.dismiss} />}
      </div>
    );
  }

  const attachedHere = attached?.ifname === lab.hostIf;
  const peers = lab.peerAddrs.map(withoutPrefix);

  return (
    <div className="flex flex-col gap-2 px-3 py-2 text-xs">
      <dl className="grid grid-cols-[max-content_max-content_1fr] gap-x-3 gap-y-0.5 font-mono">
        <dt className="font-sans text-muted">this host</dt>
        <dd className="font-semibold">{lab.hostIf}</dd>
        <dd>{lab.hostAddrs.join('  ')}</dd>
        <dt className="font-sans text-muted">netns {lab.netns}</dt>
        <dd className="font-semibold">{lab.peerIf}</dd>
        <dd>
          {lab.peerAddrs.join('  ')} <span className="font-sans text-muted">· TCP server on port {lab.port}</span>
        </dd>
      </dl>

      <div className="flex flex-col gap-2 border-t border-line pt-2">
        {peers.map((address) => {
          const cidr = exactCidr(address);
          return (
            <PeerRow
              key={address}
              address={address}
              probe={lab.probes.find((p) => p.target === address)}
              sendsPps={lab.traffic.find((t) => t.from === address)?.pps}
              port={lab.port}
              rule={cidr === null ? undefined : sourceRuleFor(index, cidr)}
              cidr={cidr}
              hostIf={lab.hostIf}
              busy={remove.pending}
              onChanged={onChanged}
            />
          );
        })}
      </div>

      <div className="flex flex-wrap items-center gap-2 border-t border-line pt-2">
        <button
          type="button"
          data-testid="lab-attach"
          className={BUTTON}
          disabled={attach.pending || remove.pending || attachedHere}
          title={attachedHere ? `The filter is already on ${lab.hostIf}` : `Attach in mode "${mode}" (the mode picked above)`}
          onClick={() => void attach.run(lab.hostIf)}
        >
          Attach filter to {lab.hostIf}
        </button>
        {remove.pending && (
          <span role="status" className="text-muted">
            Removing: waiting until {lab.hostIf} is gone…
          </span>
        )}
        <button
          type="button"
          data-testid="lab-remove"
          className={`${BUTTON} ml-auto`}
          disabled={remove.pending}
          title={`Deletes the namespace and the veth pair; the filter is detached first if it runs on ${lab.hostIf}`}
          onClick={() => void remove.run()}
        >
          {remove.pending ? 'Removing…' : 'Remove lab'}
        </button>
      </div>
      {attach.error && (
        <ActionError
          error={attach.error}
          force={
            attach.canForce && {
              label: 'Replace it anyway',
              title: `Attach with force: the other program is taken off ${lab.hostIf}`,
              pending: attach.pending,
              onClick: () => void attach.runForced(),
            }
          }
          onDismiss={attach.dismiss}
        />
      )}
      {remove.error && <ActionError error={remove.error} onDismiss={remove.dismiss} />}
    </div>
  );
}
