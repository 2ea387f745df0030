/**
 * This machine's attribution for the pipeline: cgroup ids to their path,
 * unit and container, uids to user names. Each part that cannot be set up
 * (no cgroup v2, no /etc/passwd) answers '' and says why once.
 *
 * A cgroup made just before its first open (a service starting, a
 * container) is not in the resolver's last walk: its first events go out
 * without it, and once a rescan finds it, `onResolved` listeners hear of
 * it, so the store can fill those events in.
 */
import type { Attribution, CgroupFacts } from '../trace/assemble';
import { CgroupResolver, type CgroupDescription } from './cgroup-resolver';
import { UserNames } from './users';

const NONE: CgroupFacts = { cgroup: '', unit: '', container: '' };
/** How often ids not found yet are looked at again, and for how long. */
const RETRY_MS = 600;
const GIVE_UP_MS = 10_000;
const MAX_WAITING = 10_000;

export async function openAttribution(): Promise<Attribution> {
  const [cgroups, users] = await Promise.all([CgroupResolver.open(), UserNames.open()]);
  if (!cgroups.resolver) console.error(`cgroups: ${cgroups.why}; events carry no cgroup, unit or container`);
  const resolver = cgroups.resolver;
  // Per id, as the resolver answers it (it caches its descriptions).
  const facts = new WeakMap<CgroupDescription, CgroupFacts>();
  const factsOf = (d: CgroupDescription & { cgroup: string }) => {
    let f = facts.get(d);
    if (!f) facts.set(d, (f = { cgroup: d.cgroup, unit: d.unit ?? '', container: d.container ?? '' }));
    return f;
  };
  /** Ids not found yet -> when first missed. */
  const waiting = new Map<number, number>();
  const listeners: ((id: number, f: CgroupFacts) => void)[] = [];
  let timer: NodeJS.Timeout | undefined;

  const retry = () => {
    timer = undefined;
    const now = Date.now();
    for (const [id, since] of waiting) {
      const d = resolver!.describe(id);
      if (d.cgroup !== null) {
        waiting.delete(id);
        const f = factsOf(d as CgroupDescription & { cgroup: string });
        for (const fn of listeners) fn(id, f);
      } else if (now - since > GIVE_UP_MS) waiting.delete(id); // gone before a walk saw it
    }
    if (waiting.size) timer = setTimeout(retry, RETRY_MS).unref();
  };

  return {
    cgroup(id) {
      if (!resolver || id === 0) return NONE;
      const d = resolver.describe(id);
      if (d.cgroup !== null) return factsOf(d as CgroupDescription & { cgroup: string });
      // Not found yet: the resolver is walking again; look once it has.
      if (!waiting.has(id) && waiting.size < MAX_WAITING) waiting.set(id, Date.now());
      timer ??= setTimeout(retry, RETRY_MS).unref();
      return NONE;
    },
    onResolved: (fn) => void listeners.push(fn),
    userName: (uid) => users.nameOf(uid) ?? '',
  };
}
