/**
 * Rules into the program's maps and out again, in one bpftool batch each
 * time (an import of thousands of prefixes is one process, not thousands).
 */
import { z } from 'zod';
import { XDP_MAPS } from '../../protocol/xdp-filter';
import { bpftool, bpftoolBatch } from './bpftool';
import { u32Arg, u64Arg } from './map-keys';
import { RULE_TRIES, ruleEntries, ruleValue, type Rule } from './rule';

type Pin = (map: string) => string;

/** Puts rules in force; fresh ones (new ids) count drops from zero. */
export async function putRules(pin: Pin, rules: readonly Rule[], fresh: boolean): Promise<void> {
  await bpftoolBatch(
    rules.flatMap((r) => [
      ...(fresh ? [['map', 'update', 'pinned', pin(XDP_MAPS.drops), 'key', ...u32Arg(r.id), 'value', ...u64Arg(0)]] : []),
      ...ruleEntries(r).map((e) => ['map', 'update', 'pinned', pin(e.map), 'key', ...e.key, 'value', ...ruleValue(r)]),
    ]),
  );
}

export async function deleteRules(pin: Pin, rules: readonly Rule[]): Promise<void> {
  await bpftoolBatch(rules.flatMap((r) => ruleEntries(r).map((e) => ['map', 'delete', 'pinned', pin(e.map), 'key', ...e.key])));
}

const dumpSchema = z.array(z.object({ key: z.array(z.string()) }));
/** "0x0a" -> "0a", as ruleEntries writes keys. */
const hexWords = (key: string[]) => key.map((k) => k.replace(/^0x/, '').padStart(2, '0')).join(' ');

/** Makes the tries hold exactly these rules: entries of no rule (left by
 *  an earlier run, or by hand) are deleted, the rules' entries written.
 *  Entries already right are rewritten in place, never removed, so an
 *  adopted filter enforces throughout. */
export async function syncRules(pin: Pin, rules: readonly Rule[]): Promise<void> {
  const wanted = new Set(rules.flatMap((r) => ruleEntries(r).map((e) => `${e.map} ${e.key.slice(1).join(' ')}`)));
  const stale: string[][] = [];
  for (const trie of RULE_TRIES) {
    const entries = dumpSchema.parse(JSON.parse(await bpftool(['-j', 'map', 'dump', 'pinned', pin(trie)])));
    for (const e of entries) {
      const words = hexWords(e.key);
      if (!wanted.has(`${trie} ${words}`)) stale.push(['map', 'delete', 'pinned', pin(trie), 'key', 'hex', ...words.split(' ')]);
    }
  }
  await bpftoolBatch(stale);
  await putRules(pin, rules, false);
}

/** What packets no rule matches get: XDP_DEFAULT's value in settings[0]. */
export async function writeDefault(pin: Pin, value: number): Promise<void> {
  await bpftool(['map', 'update', 'pinned', pin(XDP_MAPS.settings), 'key', ...u32Arg(0), 'value', ...u32Arg(value)]);
}
