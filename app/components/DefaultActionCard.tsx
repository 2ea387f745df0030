'use client';
import { useState } from 'react';
import type { DefaultAction, RuleView, XdpStatus } from '../../protocol/xdp';
import { useApiAction } from '../lib/use-api-action';
import { xdpApi } from '../lib/xdp-client';
import { ActionError } from './ActionError';
import { ForceConfirm } from './ForceConfirm';

const CHOICES: readonly { value: DefaultAction; label: string; title: string }[] = [
  { value: 'pass', label: 'pass (block list)', title: 'Packets no rule matches pass: deny rules block' },
  { value: 'drop', label: 'drop (allow list)', title: 'Packets no rule matches are dropped: allow rules let through' },
];

const BUTTON = 'h-6 rounded border px-2 text-xs font-medium disabled:cursor-not-allowed disabled:opacity-50';

/** What happens to packets no rule matches. Turning on drop says first
 *  what it cuts off, since one click can take a host off the network. */
export function DefaultActionCard({
  current,
  attached,
  wanted,
  rules,
  onChanged,
}: {
  current: DefaultAction;
  attached: XdpStatus['attached'];
  wanted: XdpStatus['wanted'];
  rules: readonly RuleView[];
  onChanged: () => void;
}) {
  const set = useApiAction((force, value: DefaultAction) => xdpApi.setDefault({ default: value, force }), onChanged);
  // Drop asked for, not yet confirmed.
  const [asking, setAsking] = useState(false);
  const allowRules = rules.filter((r) => r.action === 'allow').length;
  const ifname = attached?.ifname ?? wanted?.ifname;
  const on = ifname ? `on ${ifname}` : 'on the interface the filter is attached to';

  const choose = (value: DefaultAction) => {
    set.dismiss();
    if (value === current) setAsking(false);
    else if (value === 'drop') setAsking(true);
    else void set.run(value);
  };

  return (
    <div className="flex flex-col gap-2 px-3 py-2 text-xs">
      <div className="flex flex-wrap items-center gap-2">
        <span className="text-muted">Packets no rule matches:</span>
        <span role="radiogroup" aria-label="Packets no rule matches" className="flex overflow-hidden rounded border border-line">
          {CHOICES.map((c) => (
            <button
              key={c.value}
              type="button"
              role="radio"
              aria-checked={current === c.value}
              data-testid={`default-${c.value}`}
              title={c.title}
              disabled={set.pending}
              onClick={() => choose(c.value)}
              className={`h-6 border-l border-line px-2 text-xs font-medium first:border-l-0 disabled:opacity-50 ${
                current === c.value ? 'bg-accent/15 text-fg' : 'bg-panel-2 text-muted hover:bg-hover hover:text-fg'
              }`}
            >
              {c.label}
            </button>
          ))}
        </span>
      </div>
      <p data-testid="default-action" data-default={current} className="text-muted">
        {current === 'pass' ? (
          <>
            Now <span className="font-medium text-fg">pass</span>: only deny rules drop packets.
          </>
        ) : (
          <>
            Now <span className="font-medium text-bad">drop</span>: every packet no allow rule matches is dropped{' '}
            {on} ({allowRules} allow {allowRules === 1 ? 'rule' : 'rules'}).
          </>
        )}
        {!attached && ' Not enforced: the filter is not attached.'}
      </p>

      {asking && (
        <div
          role="alertdialog"
          aria-label="Drop packets no rule matches?"
          data-testid="default-confirm"
          className="flex flex-col gap-1.5 rounded border border-warn/40 bg-warn/10 px-2 py-1.5"
        >
          <p className="text-fg">
            Every packet no allow rule matches is dropped {on}; ARP and IPv6 neighbour discovery still pass.
          </p>
          <p className={allowRules === 0 ? 'font-medium text-bad' : 'text-muted'}>
            {allowRules === 0
              ? 'There is no allow rule: every other IP packet arriving there is dropped, SSH and this page included if they come that way.'
              : allowRules === 1
                ? '1 allow rule lets packets through; check that it covers what must keep working.'
                : `${allowRules} allow rules let packets through; check that they cover what must keep working.`}
          </p>
          <div className="flex gap-2">
            <button
              type="button"
              data-testid="default-confirm-yes"
              disabled={set.pending}
              onClick={() => {
                setAsking(false);
                void set.run('drop');
              }}
              className={`${BUTTON} border-warn bg-warn/15 text-fg hover:bg-warn/25`}
            >
              Drop them
            </button>
            <button
              type="button"
              data-testid="default-confirm-no"
              aria-label="Cancel default drop"
              onClick={() => setAsking(false)}
              className={`${BUTTON} border-line bg-panel-2 hover:bg-hover`}
            >
              Cancel
            </button>
          </div>
        </div>
      )}
      {set.error &&
        (set.canForce ? (
          <ForceConfirm
            testId="default-force"
            reason={set.error}
            question="Drop them anyway?"
            consequence={`Every packet no allow rule matches is dropped ${on}.`}
            yesLabel="Drop anyway"
            pending={set.pending}
            onYes={() => void set.runForced()}
            onNo={set.dismiss}
          />
        ) : (
          <ActionError error={set.error} onDismiss={set.dismiss} />
        ))}
    </div>
  );
}
