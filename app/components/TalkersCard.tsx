'use client';
import { useMemo, useState } from 'react';
import type { RuleView, Talker, TalkerGroup } from '../../protocol/xdp';
import { formatAge, formatBytes, formatCount } from '../lib/format';
import { BLOCK_LIFETIMES } from '../lib/lifetimes';
import { addressRuleIndex, exactCidr, notBlockable, sourceRuleFor } from '../lib/rule-match';
import { useApiAction } from '../lib/use-api-action';
import { useTalkers } from '../lib/use-talkers';
import { xdpApi } from '../lib/xdp-client';
import { formatRate } from '../lib/xdp-view';
import { ActionError } from './ActionError';
import { ForceConfirm } from './ForceConfirm';
import { LifetimeSelect } from './LifetimeSelect';
import { Panel } from './Panel';

const BLOCK_COMMENT = 'blocked from top talkers';
const COLUMNS = 8;

const GROUPS: readonly { group: TalkerGroup; label: string; title: string }[] = [
  { group: 'addr', label: 'per address', title: 'One row per source address' },
  { group: 'prefix', label: 'per /24 · /64', title: 'Source addresses summed per IPv4 /24 and IPv6 /64' },
];

const ROW_BUTTON =
  'rounded border border-line bg-panel-2 px-2 py-0.5 font-sans font-medium hover:bg-hover disabled:cursor-not-allowed disabled:opacity-50';

function GroupButtons({ value, onChange }: { value: TalkerGroup; onChange: (g: TalkerGroup) => void }) {
  return (
    <span data-testid="talkers-group" role="group" aria-label="Count senders" className="flex overflow-hidden rounded border border-line">
      {GROUPS.map((g) => (
        <button
          key={g.group}
          type="button"
          data-testid={`talkers-group-${g.group}`}
          aria-pressed={value === g.group}
          title={g.title}
          onClick={() => onChange(g.group)}
          className={`h-6 border-l border-line px-2 text-xs font-medium first:border-l-0 ${value === g.group ? 'bg-accent/15 text-fg' : 'bg-panel-2 text-muted hover:bg-hover hover:text-fg'}`}
        >
          {g.label}
        </button>
      ))}
    </span>
  );
}

function TalkerRow({
  talker,
  sampledAt,
  rule,
  cidr,
  ttlSeconds,
  onChanged,
}: {
  talker: Talker;
  /** The answer's time: ages are read on the server's clock. */
  sampledAt: number;
  /** The src rule for exactly this address or prefix, if any. */
  rule: RuleView | undefined;
  cidr: string | null;
  ttlSeconds: number | null;
  onChanged: () => void;
}) {
  const block = useApiAction(
    (force, c: string, ttl: number | null) =>
      xdpApi.addRule({
        cidr: c,
        direction: 'src',
        action: 'deny',
        comment: BLOCK_COMMENT,
        force,
        ...(ttl !== null && { ttlSeconds: ttl }),
      }),
    onChanged,
  );
  const unblock = useApiAction((_force, c: string) => xdpApi.removeRule({ cidr: c, direction: 'src' }), onChanged);
  const t = talker;
  const unowned = cidr === null ? null : notBlockable(cidr);
  const seenAgo = Math.max(0, (sampledAt - Date.parse(t.lastSeen)) / 1000);
  return (
    <>
      <tr data-testid="talker-row" data-addr={t.addr} className="h-7 border-b border-line/60 hover:bg-hover">
        <td className="px-2 font-semibold whitespace-nowrap">{t.addr}</td>
        <td data-testid="talker-pps" className="px-2 text-right tabular-nums">
          {formatRate(t.pps)}
        </td>
        <td className="px-2 text-right whitespace-nowrap tabular-nums">{t.bps === null ? '—' : `${formatBytes(t.bps)}/s`}</td>
        {/* Plain digits: tests and scripts read these. */}
        <td data-testid="talker-packets" className="px-2 text-right tabular-nums" title={`${formatBytes(t.bytes)} in all`}>
          {t.packets}
        </td>
        <td data-testid="talker-dropped" className={`px-2 text-right tabular-nums ${t.dropped > 0 ? 'text-bad' : 'text-muted'}`}>
          {t.dropped}
        </td>
        <td className="px-2 text-right tabular-nums">{formatRate(t.droppedPps)}</td>
        <td className="px-2 whitespace-nowrap text-muted" title={t.lastSeen}>
          {formatAge(seenAgo)}
        </td>
        {/* Pinned to the right edge, as the rules' Remove. */}
        <td className="sticky right-0 bg-panel px-2 text-right whitespace-nowrap">
          {cidr === null ? null : rule?.action === 'deny' ? (
            <button
              type="button"
              data-testid="talker-unblock"
              aria-label={`Unblock ${t.addr}`}
              title={`Removes the deny rule src ${cidr}${rule.active ? '' : ' (inactive: the filter is not attached)'}`}
              disabled={unblock.pending}
              onClick={() => void unblock.run(cidr)}
              className={ROW_BUTTON}
            >
              {unblock.pending ? 'Unblocking…' : 'Unblock'}
            </button>
          ) : rule ? (
            <span className="font-sans text-muted" title={`An allow rule for src ${cidr} is in place`}>
              allowed
            </span>
          ) : unowned ? (
            <span data-testid="talker-unblockable" className="font-sans text-muted" title={`Not offered: ${unowned}; blocking it would cut more than one sender`}>
              {unowned.split(':')[0]}
            </span>
          ) : (
            <button
              type="button"
              data-testid="talker-block"
              aria-label={`Block ${t.addr}`}
              title={`Adds the rule deny src ${cidr}`}
              disabled={block.pending}
              onClick={() => void block.run(cidr, ttlSeconds)}
              className={ROW_BUTTON}
            >
              {block.pending ? 'Blocking…' : 'Block'}
            </button>
          )}
        </td>
      </tr>
      {(block.error || unblock.error) && (
        <tr>
          <td colSpan={COLUMNS} className="px-2 py-1 font-sans">
            {block.error && block.canForce ? (
              <ForceConfirm
                testId="talker-confirm"
                reason={block.error}
                question="Block anyway?"
                yesLabel="Block"
                pending={block.pending}
                onYes={() => void block.runForced()}
                onNo={block.dismiss}
              />
            ) : (
              block.error && <ActionError error={block.error} onDismiss={block.dismiss} />
            )}
            {unblock.error && <ActionError error={unblock.error} onDismiss={unblock.dismiss} />}
          </td>
        </tr>
      )}
    </>
  );
}

/** The busiest senders the filter saw, counted in the program itself, with
 *  a Block (or Unblock) button per address or prefix. */
export function TalkersCard({ rules, onChanged }: { rules: readonly RuleView[]; onChanged: () => void }) {
  const [group, setGroup] = useState<TalkerGroup>('addr');
  const [ttlSeconds, setTtlSeconds] = useState<number | null>(null);
  const { answer, pollError } = useTalkers(group);
  const index = useMemo(() => addressRuleIndex(rules), [rules]);

  return (
    <div data-testid="talkers-card" className="min-w-0">
      <Panel
        title="Top talkers"
        aside={
          <span className="flex flex-wrap items-center justify-end gap-x-3 gap-y-1">
            {answer?.attached && (
              <span title="Source addresses the talkers map holds; when full, the quietest make room">
                tracking {formatCount(answer.tracked)} of {formatCount(answer.capacity)} addresses
              </span>
            )}
            <LifetimeSelect
              testId="talkers-ttl"
              label="block"
              options={BLOCK_LIFETIMES}
              value={ttlSeconds}
              onChange={setTtlSeconds}
            />
            <GroupButtons value={group} onChange={setGroup} />
          </span>
        }
      >
        {pollError && (
          <p role="status" className="border-b border-line px-3 py-1 text-xs break-words text-bad">
            Cannot read the top talkers: {pollError}
            {answer && ' — showing the last answer.'}
          </p>
        )}
        {!answer ? (
          <p className="px-3 py-3 text-xs text-muted">{pollError ? 'No answer yet.' : 'Reading the top talkers…'}</p>
        ) : !answer.attached ? (
          <p data-testid="talkers-unattached" className="px-3 py-3 text-xs text-muted">
            The filter counts senders while it is attached: attach it to an interface above.
          </p>
        ) : answer.talkers.length === 0 ? (
          <p className="px-3 py-3 text-xs text-muted">No packets seen yet.</p>
        ) : (
          <div className={`max-h-80 overflow-auto ${pollError ? 'opacity-60' : ''}`}>
            <table className="w-full border-collapse text-xs">
              <thead className="sticky top-0 bg-panel-2 text-muted">
                <tr className="border-b border-line">
                  <th scope="col" className="px-2 py-1 text-left font-medium">
                    {group === 'addr' ? 'source address' : 'source prefix'}
                  </th>
                  <th scope="col" className="px-2 py-1 text-right font-medium" title="Packets per second between the last two answers">
                    packets/s
                  </th>
                  <th scope="col" className="px-2 py-1 text-right font-medium" title="Bytes per second between the last two answers">
                    bytes/s
                  </th>
                  <th scope="col" className="px-2 py-1 text-right font-medium" title="Packets since the filter first counted this sender">
                    packets
                  </th>
                  <th scope="col" className="px-2 py-1 text-right font-medium" title="Of those, dropped by a rule or the default">
                    dropped
                  </th>
                  <th scope="col" className="px-2 py-1 text-right font-medium">dropped/s</th>
                  <th scope="col" className="px-2 py-1 text-left font-medium">last seen</th>
                  <th scope="col" className="sticky right-0 bg-panel-2 px-2 py-1">
                    <span className="sr-only">actions</span>
                  </th>
                </tr>
              </thead>
              <tbody className="font-mono">
                {answer.talkers.map((t) => {
                  const cidr = exactCidr(t.addr);
                  return (
                    <TalkerRow
                      key={t.addr}
                      talker={t}
                      sampledAt={Date.parse(answer.sampledAt)}
                      rule={cidr === null ? undefined : sourceRuleFor(index, cidr)}
                      cidr={cidr}
                      ttlSeconds={ttlSeconds}
                      onChanged={onChanged}
                    />
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </Panel>
    </div>
  );
}
