import { useMemo, useState } from 'react';
import { DIRECTIONS, type Direction, MAX_COMMENT, PROTOS, RULE_ACTIONS, type RuleAction, type RuleView, type XdpStatus } from '../../protocol/xdp';
import { RULE_LIFETIMES } from '../lib/lifetimes';
import { checkDraft, EMPTY_DRAFT, type ProtoChoice, type RuleBody, type RuleDraft } from '../lib/rule-draft';
import { describePackets } from '../lib/rule-match';
import { overlapNotes } from '../lib/rule-overlap';
import { useApiAction } from '../lib/use-api-action';
import { xdpApi } from '../lib/xdp-client';
import { ActionError } from './ActionError';
import { ForceConfirm } from './ForceConfirm';
import { LifetimeSelect } from './LifetimeSelect';

const DIRECTION_TITLE: Record<Direction, string> = {
  src: "Match the packet's source address",
  dst: "Match the packet's destination address",
};

const ACTION_TITLE: Record<RuleAction, string> = {
  deny: 'Drop the packets the rule matches',
  allow: 'Pass the packets the rule matches, whatever less specific rules and the default say',
};

const CONTROL = 'h-7 rounded border border-line bg-panel-2 px-1.5 font-mono text-xs outline-none focus:border-accent';
const LABEL = 'flex items-center gap-1.5 text-xs text-muted';

/** A rule to add, checked as it is typed with the same parser and limits
 *  the server uses, so what is sent is what is shown, and what it means
 *  next to the rules in place is said before it is added. */
export function RuleForm({
  rules,
  attached,
  onChanged,
}: {
  rules: readonly RuleView[];
  attached: XdpStatus['attached'];
  onChanged: () => void;
}) {
  const [draft, setDraft] = useState<RuleDraft>(EMPTY_DRAFT);
  const add = useApiAction((force, body: RuleBody) => xdpApi.addRule({ ...body, force }), onChanged);
  const check = useMemo(() => checkDraft(draft), [draft]);
  const overlap = useMemo(() => (check.ok ? overlapNotes(check.rule, rules) : null), [check, rules]);
  const addressInvalid = draft.address.trim() !== '' && !check.ok && check.error !== null;

  const update = (patch: Partial<RuleDraft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    add.dismiss();
  };
  // Selects and lifetime stay for the next rule; what names the rule goes.
  const clearOnSuccess = (ok: boolean) => {
    if (ok) setDraft((d) => ({ ...d, address: '', port: '', comment: '' }));
  };
  const where = attached ? ` arriving on ${attached.ifname}` : ' once the filter is attached';

  return (
    <form
      className="flex flex-col gap-1.5 px-3 py-2"
      onSubmit={(e) => {
        e.preventDefault();
        if (check.ok) void add.run(check.body).then(clearOnSuccess);
      }}
    >
      <div className="flex flex-wrap items-center gap-2">
        <select
          data-testid="rule-action"
          aria-label="Action"
          className={CONTROL}
          value={draft.action}
          title={ACTION_TITLE[draft.action]}
          onChange={(e) => update({ action: e.target.value as RuleAction })}
        >
          {RULE_ACTIONS.map((a) => (
            <option key={a} value={a} title={ACTION_TITLE[a]}>
              {a}
            </option>
          ))}
        </select>
        <input
          data-testid="rule-input"
          aria-label="Address or prefix"
          className={`h-7 w-64 rounded border bg-panel-2 px-2 font-mono text-xs outline-none placeholder:text-muted/70 focus:border-accent ${
            addressInvalid ? 'border-bad text-bad' : 'border-line'
          }`}
          value={draft.address}
          placeholder="10.211.0.2, 10.211.0.0/24, fd00:211::2 (optional)"
          spellCheck={false}
          autoComplete="off"
          maxLength={64}
          aria-invalid={addressInvalid}
          onChange={(e) => update({ address: e.target.value })}
        />
        <label className={LABEL}>
          as
          <select
            data-testid="rule-direction"
            className={CONTROL}
            value={draft.direction}
            title={DIRECTION_TITLE[draft.direction]}
            onChange={(e) => update({ direction: e.target.value as Direction })}
          >
            {DIRECTIONS.map((d) => (
              <option key={d} value={d} title={DIRECTION_TITLE[d]}>
                {d}
              </option>
            ))}
          </select>
        </label>
        <label className={LABEL}>
          to
          <select
            data-testid="rule-proto"
            className={CONTROL}
            value={draft.proto}
            title="any: a port rule matches TCP and UDP alike"
            onChange={(e) => update({ proto: e.target.value as ProtoChoice })}
          >
            <option value="any">any</option>
            {PROTOS.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </label>
        <label className={LABEL}>
          port
          <input
            data-testid="rule-port"
            className={`${CONTROL} w-20`}
            value={draft.port}
            placeholder="any"
            inputMode="numeric"
            autoComplete="off"
            maxLength={5}
            title="TCP or UDP destination port, 1-65535 (optional)"
            onChange={(e) => update({ port: e.target.value })}
          />
        </label>
      </div>
      <div className="flex flex-wrap items-center gap-2">
        <LifetimeSelect
          testId="rule-ttl"
          label="for"
          options={RULE_LIFETIMES}
          value={draft.ttlSeconds}
          onChange={(ttlSeconds) => update({ ttlSeconds })}
        />
        <input
          data-testid="rule-comment"
          aria-label="Comment"
          className="h-7 min-w-40 flex-1 rounded border border-line bg-panel-2 px-2 text-xs outline-none placeholder:text-muted/70 focus:border-accent"
          value={draft.comment}
          placeholder="comment (optional): why this rule"
          maxLength={MAX_COMMENT}
          autoComplete="off"
          onChange={(e) => update({ comment: e.target.value })}
        />
        <button
          type="submit"
          data-testid="rule-add"
          aria-label="Add rule"
          disabled={!check.ok || add.pending}
          className="h-7 rounded border border-line bg-panel-2 px-3 text-xs font-medium hover:bg-hover disabled:cursor-not-allowed disabled:opacity-50"
        >
          {add.pending ? 'Adding…' : 'Add'}
        </button>
      </div>
      <p className="text-xs text-muted">
        XDP sees only packets arriving on the interface: to stop a remote host, match it as the source; dst is for
        forwarding setups. Port rules (TCP/UDP destination port) are looked at before address rules; among address
        rules the most specific prefix decides.
      </p>

      {!check.ok ? (
        check.error !== null && (
          <p data-testid="rule-error" role="alert" className="text-xs text-bad">
            {check.error}
          </p>
        )
      ) : (
        <p data-testid="rule-preview" className="font-mono text-xs text-fg">
          → {check.rule.action} {describePackets(check.rule)}
        </p>
      )}
      {overlap && overlap.notes.length > 0 && (
        <ul data-testid="rule-overlap" className="flex list-none flex-col gap-0.5 text-xs text-warn">
          {overlap.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
          {overlap.more > 0 && <li>…and {overlap.more} more rules share these packets.</li>}
        </ul>
      )}
      {add.error &&
        (add.canForce && check.ok ? (
          <ForceConfirm
            testId="rule-confirm"
            reason={add.error}
            consequence={`Adding it anyway ${check.rule.action === 'deny' ? 'drops' : 'passes'} ${describePackets(check.rule)}${where}.`}
            yesLabel="Add anyway"
            pending={add.pending}
            onYes={() => void add.runForced().then(clearOnSuccess)}
            onNo={add.dismiss}
          />
        ) : (
          <ActionError testId="rule-error" error={add.error} onDismiss={add.dismiss} />
        ))}
    </form>
  );
}
