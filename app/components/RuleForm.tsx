import { useState } from 'react';
import { parseCidr } from '../../protocol/cidr';
import { DIRECTIONS, type Direction } from '../../protocol/xdp';
import { useApiAction } from '../lib/use-api-action';
import { xdpApi } from '../lib/xdp-client';
import { ActionError } from './ActionError';

const DIRECTION_TITLE: Record<Direction, string> = {
  src: "Match the packet's source address",
  dst: "Match the packet's destination address",
};

/** An address or prefix to block, checked as it is typed with the same
 *  parser the server uses, so what is sent is what is shown. */
export function RuleForm({ onChanged }: { onChanged: () => void }) {
  const [text, setText] = useState('');
  const [direction, setDirection] = useState<Direction>('src');
  const add = useApiAction((force, cidr: string, dir: Direction) => xdpApi.addRule({ cidr, direction: dir, force }), onChanged);
  const parsed = parseCidr(text);
  const empty = text.trim() === '';
  const clearOnSuccess = (ok: boolean) => {
    if (ok) setText('');
  };

  return (
    <form
      className="flex flex-col gap-1.5 px-3 py-2"
      onSubmit={(e) => {
        e.preventDefault();
        if (parsed.ok) void add.run(parsed.cidr.text, direction).then(clearOnSuccess);
      }}
    >
      <div className="flex flex-wrap items-center gap-2">
        <label className="flex items-center gap-1.5 text-xs text-muted">
          block
          <input
            data-testid="rule-input"
            className={`h-7 w-64 rounded border bg-panel-2 px-2 font-mono text-xs outline-none placeholder:text-muted/70 focus:border-accent ${
              !empty && !parsed.ok ? 'border-bad text-bad' : 'border-line'
            }`}
            value={text}
            placeholder="10.211.0.2 or 10.211.0.0/24 or fd00:211::2"
            spellCheck={false}
            autoComplete="off"
            maxLength={64}
            aria-invalid={!empty && !parsed.ok}
            onChange={(e) => {
              setText(e.target.value);
              add.dismiss();
            }}
          />
        </label>
        <label className="flex items-center gap-1.5 text-xs text-muted">
          as
          <select
            data-testid="rule-direction"
            className="h-7 rounded border border-line bg-panel-2 px-1.5 font-mono text-xs outline-none focus:border-accent"
            value={direction}
            title={DIRECTION_TITLE[direction]}
            onChange={(e) => setDirection(e.target.value as Direction)}
          >
            {DIRECTIONS.map((d) => (
              <option key={d} value={d} title={DIRECTION_TITLE[d]}>
                {d}
              </option>
            ))}
          </select>
        </label>
        <button
          type="submit"
          data-testid="rule-add"
          disabled={!parsed.ok || add.pending}
          className="h-7 rounded border border-line bg-panel-2 px-3 text-xs font-medium hover:bg-hover disabled:cursor-not-allowed disabled:opacity-50"
        >
          {add.pending ? 'Adding…' : 'Add'}
        </button>
        <p className="min-w-60 flex-1 text-xs text-muted">
          XDP sees only packets arriving on the interface, so to block a remote host match it as the source;
          destination matching is for forwarding setups (the article&apos;s destination match never fires for traffic
          from the peer).
        </p>
      </div>
      {add.error ? (
        <ActionError
          testId="rule-error"
          error={add.error}
          force={
            add.canForce && {
              label: 'Add it anyway',
              title: 'Add the rule with force: packets from that address will be dropped all the same',
              pending: add.pending,
              onClick: () => void add.runForced().then(clearOnSuccess),
            }
          }
          onDismiss={add.dismiss}
        />
      ) : empty ? null : parsed.ok ? (
        <p className="font-mono text-xs text-good">→ {parsed.cidr.text}</p>
      ) : (
        <p data-testid="rule-error" role="alert" className="text-xs text-bad">
          {parsed.error}
        </p>
      )}
    </form>
  );
}
