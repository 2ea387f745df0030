import type { AttachRequestMode, LabStatus, RuleView, XdpStatus } from '../../protocol/xdp';
import { useApiAction } from '../lib/use-api-action';
import { xdpApi } from '../lib/xdp-client';
import { probeState, withoutPrefix } from '../lib/xdp-view';
import { ActionError } from './ActionError';

/** The server keeps this many probe results (HISTORY in server/xdp/lab.ts). */
const STRIP = 60;

const BUTTON =
  'h-7 rounded border border-line bg-panel-2 px-3 text-xs font-medium hover:bg-hover disabled:cursor-not-allowed disabled:opacity-50';

function ProbeRow({ probe, port }: { probe: LabStatus['probes'][number]; port: number }) {
  const state = probeState(probe);
  const last = probe.last;
  const history = probe.history.slice(-STRIP);
  const failed = history.filter((ok) => !ok).length;
  return (
    <div data-testid="lab-probe" data-target={probe.target} data-state={state} className="flex flex-col gap-1">
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <span className="min-w-36 font-mono">
          {probe.target.includes(':') ? `[${probe.target}]` : probe.target}:{port}
        </span>
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
      </div>
      {/* One column per STRIP result; Tailwind needs the number spelled out. */}
      <span
        className="grid h-3 max-w-md grid-cols-[repeat(60,minmax(0,1fr))] gap-px"
        role="img"
        aria-label={`Last ${history.length} probes, oldest first: ${failed} failed`}
        title={`Last ${history.length} probes, one a second, oldest left: ${failed} failed`}
      >
        {Array.from({ length: STRIP - history.length }, (_, i) => (
          <span key={`empty-${i}`} className="rounded-[1px] bg-line/60" />
        ))}
        {history.map((ok, i) => (
          <span key={i} className={`rounded-[1px] ${ok ? 'bg-good' : 'bg-bad'}`} />
        ))}
      </span>
    </div>
  );
}

/** A veth pair into a namespace with a server to probe: somewhere to try
 *  the filter without touching a real NIC. */
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
  const block = useApiAction((force, cidr: string) => xdpApi.addRule({ cidr, direction: 'src', force }), onChanged);

  if (!lab) {
    return (
      <div className="flex flex-col gap-2 px-3 py-2 text-xs">
        <p className="text-muted">
          Makes a network namespace <span className="font-mono">odash-lab</span> joined to this host by a veth pair
          (<span className="font-mono">odash-lab0</span> here with 10.211.0.1 and fd00:211::1,{' '}
          <span className="font-mono">odash-lab1</span> inside with 10.211.0.2 and fd00:211::2 and a TCP server on
          port 7777), and connects to that server every second, so you can watch the filter cut it off.
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

  const peerV4 = lab.peerAddrs.map(withoutPrefix).find((a) => !a.includes(':'));
  const blockCidr = peerV4 && `${peerV4}/32`;
  const blocked = rules.some((r) => r.direction === 'src' && r.cidr === blockCidr);
  const attachedHere = attached?.ifname === lab.hostIf;

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

      <div className="flex flex-col gap-1 border-t border-line pt-2">
        {lab.probes.map((p) => (
          <ProbeRow key={p.target} probe={p} port={lab.port} />
        ))}
      </div>

      <div className="flex flex-wrap items-center gap-2 border-t border-line pt-2">
        <button
          type="button"
          data-testid="lab-attach"
          className={BUTTON}
          disabled={attach.pending || attachedHere}
          title={attachedHere ? `The filter is already on ${lab.hostIf}` : `Attach in mode "${mode}" (the mode picked above)`}
          onClick={() => void attach.run(lab.hostIf)}
        >
          Attach filter to {lab.hostIf}
        </button>
        {blockCidr && (
          <button
            type="button"
            data-testid="lab-block"
            className={BUTTON}
            disabled={block.pending || blocked}
            title={
              blocked
                ? `A src rule for ${blockCidr} is in place`
                : `Adds the rule src ${blockCidr}: the peer's answers are dropped as they arrive on ${lab.hostIf}`
            }
            onClick={() => void block.run(blockCidr)}
          >
            Block {peerV4}
          </button>
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
      {block.error && (
        <ActionError
          error={block.error}
          force={
            block.canForce && {
              label: 'Block it anyway',
              title: `Add the rule src ${blockCidr} with force`,
              pending: block.pending,
              onClick: () => void block.runForced(),
            }
          }
          onDismiss={block.dismiss}
        />
      )}
      {remove.error && <ActionError error={remove.error} onDismiss={remove.dismiss} />}
    </div>
  );
}
