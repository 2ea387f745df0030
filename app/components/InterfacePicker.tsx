import { useState } from 'react';
import { ATTACH_REQUEST_MODES, type AttachRequestMode, type InterfaceInfo, type XdpStatus } from '../../protocol/xdp';
import { useApiAction } from '../lib/use-api-action';
import { xdpApi } from '../lib/xdp-client';
import { defaultInterface, describeIfaceProgram, describeMode, interfaceLabel } from '../lib/xdp-view';
import { ActionError } from './ActionError';

const MODE_TITLE: Record<AttachRequestMode, string> = {
  auto: 'native (xdpdrv) where the driver supports it, else generic (xdpgeneric)',
  native: 'xdpdrv: runs in the driver before any allocation; fails where the driver has no XDP support',
  generic: 'xdpgeneric: runs after the driver, in the kernel stack; works on every interface, slower',
};

const PROGRAM_STYLE = { none: 'text-muted', ours: 'text-good', other: 'text-warn' } as const;

const CONTROL = 'h-7 rounded border border-line bg-panel-2 px-1.5 font-mono text-xs outline-none focus:border-accent';
const BUTTON =
  'h-7 rounded border border-line bg-panel-2 px-3 text-xs font-medium hover:bg-hover disabled:cursor-not-allowed disabled:opacity-50';

/** The interface to filter on and how (without a choice: defaultInterface). */
export function InterfacePicker({
  interfaces,
  attached,
  wanted,
  mode,
  onModeChange,
  onChanged,
}: {
  interfaces: readonly InterfaceInfo[];
  attached: XdpStatus['attached'];
  /** Where the user asked it to run: kept while its interface is gone. */
  wanted: XdpStatus['wanted'];
  mode: AttachRequestMode;
  onModeChange: (mode: AttachRequestMode) => void;
  onChanged: () => void;
}) {
  const [chosen, setChosen] = useState<string | null>(null);
  const selected =
    chosen !== null && interfaces.some((i) => i.name === chosen) ? chosen : defaultInterface(interfaces, attached, wanted);
  const attach = useApiAction(
    (force, ifname: string, m: AttachRequestMode) => xdpApi.attach({ ifname, mode: m, force }),
    onChanged,
  );
  const detach = useApiAction(() => xdpApi.detach(), onChanged);

  return (
    <div className="flex flex-col">
      <div className="flex flex-wrap items-center gap-2 px-3 py-2">
        <label className="flex items-center gap-1.5 text-xs text-muted">
          interface
          <select
            data-testid="xdp-iface-select"
            className={CONTROL}
            value={selected}
            onChange={(e) => setChosen(e.target.value)}
          >
            {interfaces.map((i) => (
              <option key={i.name} value={i.name}>
                {interfaceLabel(i)}
              </option>
            ))}
          </select>
        </label>
        <label className="flex items-center gap-1.5 text-xs text-muted">
          mode
          <select
            data-testid="xdp-mode-select"
            className={CONTROL}
            value={mode}
            title={MODE_TITLE[mode]}
            onChange={(e) => onModeChange(e.target.value as AttachRequestMode)}
          >
            {ATTACH_REQUEST_MODES.map((m) => (
              <option key={m} value={m} title={MODE_TITLE[m]}>
                {m}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          data-testid="xdp-attach"
          className={BUTTON}
          disabled={attach.pending || !selected}
          title={
            attached && attached.ifname !== selected
              ? `Moves the filter from ${attached.ifname} to ${selected}`
              : `Runs the filter on ${selected}`
          }
          onClick={() => void attach.run(selected, mode)}
          aria-label={selected ? `Attach filter to ${selected}` : 'Attach filter'}
        >
          {attach.pending ? 'Attaching…' : 'Attach'}
        </button>
        <button
          type="button"
          data-testid="xdp-detach"
          className={BUTTON}
          disabled={detach.pending || (!attached && !wanted)}
          title={
            attached
              ? `Removes the filter from ${attached.ifname}; rules are kept`
              : wanted
                ? `Stops waiting for ${wanted.ifname} to come back; rules are kept`
                : 'The filter is not attached'
          }
          onClick={() => void detach.run()}
          aria-label={attached ? `Detach filter from ${attached.ifname}` : 'Detach filter'}
        >
          {detach.pending ? 'Detaching…' : 'Detach'}
        </button>
        <span
          data-testid="xdp-attached"
          className={`ml-auto rounded px-2 py-0.5 text-xs font-medium ${attached ? 'bg-good/15 text-good' : 'bg-panel-2 text-muted'}`}
        >
          {attached ? (
            <>
              attached to <span className="font-mono">{attached.ifname}</span>, {describeMode(attached.mode)}
            </>
          ) : (
            'not attached'
          )}
        </span>
      </div>

      {(attach.error || detach.error) && (
        <div className="flex flex-col gap-1 px-3 pb-2">
          {attach.error && (
            <ActionError
              error={attach.error}
              force={
                attach.canForce && {
                  label: 'Replace it anyway',
                  title: 'Attach again with force: the other program is taken off this interface',
                  pending: attach.pending,
                  onClick: () => void attach.runForced(),
                }
              }
              onDismiss={attach.dismiss}
            />
          )}
          {detach.error && <ActionError error={detach.error} onDismiss={detach.dismiss} />}
        </div>
      )}

      <div className="max-h-64 overflow-auto border-t border-line">
        <table className="w-full border-collapse text-xs">
          <thead className="sticky top-0 bg-panel-2 text-left text-muted">
            <tr className="border-b border-line">
              <th scope="col" className="px-2 py-1 font-medium">interface</th>
              <th scope="col" className="px-2 py-1 font-medium">state</th>
              <th scope="col" className="px-2 py-1 font-medium">addresses</th>
              <th scope="col" className="px-2 py-1 font-medium">XDP program</th>
            </tr>
          </thead>
          <tbody className="font-mono">
            {interfaces.map((i) => {
              const prog = describeIfaceProgram(i, attached);
              return (
                <tr
                  key={i.name}
                  title="Click to pick this interface"
                  onClick={() => setChosen(i.name)}
                  className={`cursor-pointer border-b border-line/60 align-top hover:bg-hover ${i.name === selected ? 'bg-accent/10' : ''}`}
                >
                  <td className="px-2 py-0.5 font-semibold whitespace-nowrap">{i.name}</td>
                  <td className={`px-2 py-0.5 ${i.state === 'UP' ? 'text-good' : i.state === 'DOWN' ? 'text-bad' : 'text-muted'}`}>
                    {i.state}
                  </td>
                  <td className="px-2 py-0.5 text-muted">
                    {i.addresses.length === 0
                      ? '—'
                      : i.addresses.map((a) => (
                          <span key={a} className="mr-3 inline-block">
                            {a}
                          </span>
                        ))}
                  </td>
                  <td className={`px-2 py-0.5 ${PROGRAM_STYLE[prog.kind]}`}>{prog.kind === 'none' ? '—' : prog.text}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
