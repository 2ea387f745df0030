/**
 * Top talkers: the XDP program counts packets, bytes and drops per source
 * address in an LRU per-CPU map (bpf/xdp_filter.h, struct xdpf_talker).
 * Read with `bpftool map dump`, summed over CPUs, grouped by address or
 * by /24 and /64, with rates from the previous reading.
 */
import { z } from 'zod';
import { formatAddress, parseCidr } from '../../protocol/cidr';
import type { Talker, TalkerGroup } from '../../protocol/xdp';
import { bpftool } from './bpftool';

/** One source address, summed over CPUs. */
export interface TalkerCount {
  addr: string;
  family: 4 | 6;
  bytesOf: Uint8Array;
  packets: number;
  bytes: number;
  dropped: number;
  /** Wall-clock ms of the last packet. */
  lastSeenMs: number;
}

const dumpSchema = z.array(
  z.object({
    formatted: z.object({
      key: z.object({ family: z.number(), addr: z.array(z.number()) }),
      values: z.array(
        z.object({
          value: z.object({ packets: z.number(), bytes: z.number(), dropped: z.number(), last_seen_ns: z.number() }),
        }),
      ),
    }),
  }),
);

/** Pure: bpftool's JSON dump of the talkers map -> one count per address.
 *  monoNowNs and wallNowMs turn the kernel's monotonic stamps into times. */
export function parseTalkers(json: string, monoNowNs: bigint, wallNowMs: number): TalkerCount[] {
  return dumpSchema.parse(JSON.parse(json)).flatMap(({ formatted: { key, values } }) => {
    if (key.family !== 4 && key.family !== 6) return [];
    const bytesOf = Uint8Array.from(key.addr.slice(0, key.family === 4 ? 4 : 16));
    let packets = 0;
    let bytes = 0;
    let dropped = 0;
    let last = 0;
    for (const { value } of values) {
      packets += value.packets;
      bytes += value.bytes;
      dropped += value.dropped;
      last = Math.max(last, value.last_seen_ns);
    }
    if (packets === 0) return [];
    const agoMs = Number(monoNowNs - BigInt(last)) / 1e6;
    return [{ addr: formatAddress(key.family, bytesOf), family: key.family, bytesOf, packets, bytes, dropped, lastSeenMs: wallNowMs - agoMs }];
  });
}

/** Pure: counts per address or per /24 (IPv4) and /64 (IPv6). */
export function groupTalkers(counts: readonly TalkerCount[], group: TalkerGroup): Map<string, Omit<TalkerCount, 'bytesOf' | 'family'>> {
  const out = new Map<string, Omit<TalkerCount, 'bytesOf' | 'family'>>();
  for (const c of counts) {
    const key = group === 'addr' ? c.addr : prefixOf(c);
    const prev = out.get(key);
    out.set(key, prev
      ? { addr: key, packets: prev.packets + c.packets, bytes: prev.bytes + c.bytes, dropped: prev.dropped + c.dropped, lastSeenMs: Math.max(prev.lastSeenMs, c.lastSeenMs) }
      : { addr: key, packets: c.packets, bytes: c.bytes, dropped: c.dropped, lastSeenMs: c.lastSeenMs });
  }
  return out;
}

function prefixOf(c: TalkerCount): string {
  const bits = c.family === 4 ? 24 : 64;
  const masked = Uint8Array.from(c.bytesOf, (b, i) => (i < bits / 8 ? b : 0));
  const parsed = parseCidr(`${formatAddress(c.family, masked)}/${bits}`);
  return parsed.ok ? parsed.cidr.text : c.addr;
}

export interface Reading {
  atMs: number;
  counts: TalkerCount[];
}

/** Pure: the busiest first (by packets), with per-second rates against the
 *  previous reading. A counter that went down (the LRU evicted the address
 *  and it came back) has no rate. */
export function rankTalkers(cur: Reading, prev: Reading | null, group: TalkerGroup, limit: number): Talker[] {
  const now = groupTalkers(cur.counts, group);
  const before = prev ? groupTalkers(prev.counts, group) : null;
  const dt = prev ? (cur.atMs - prev.atMs) / 1000 : 0;
  const rate = (a: number, b: number | undefined) => (before && dt > 0 && b !== undefined && a >= b ? (a - b) / dt : null);
  return [...now.values()]
    .sort((a, b) => b.packets - a.packets || a.addr.localeCompare(b.addr))
    .slice(0, limit)
    .map((t) => {
      const b = before?.get(t.addr);
      const fresh = before && !b ? 0 : undefined;
      return {
        addr: t.addr,
        packets: t.packets,
        bytes: t.bytes,
        dropped: t.dropped,
        lastSeen: new Date(t.lastSeenMs).toISOString(),
        // New since the previous reading: all of it arrived in between.
        pps: rate(t.packets, b?.packets ?? fresh),
        bps: rate(t.bytes, b?.bytes ?? fresh),
        droppedPps: rate(t.dropped, b?.dropped ?? fresh),
      };
    });
}

/** Readings at most every half second, however many pages poll: each
 *  answer's rates cover the same interval. */
export class TalkerSampler {
  private cur: Reading | null = null;
  private prev: Reading | null = null;
  private pending: Promise<void> | null = null;

  constructor(private readonly mapPin: () => string) {}

  async readings(): Promise<{ cur: Reading; prev: Reading | null }> {
    if (!this.cur || Date.now() - this.cur.atMs >= 500) {
      this.pending ??= this.read().finally(() => {
        this.pending = null;
      });
      await this.pending;
    }
    return { cur: this.cur!, prev: this.prev };
  }

  private async read(): Promise<void> {
    const json = await bpftool(['-j', 'map', 'dump', 'pinned', this.mapPin()]);
    const reading = { atMs: Date.now(), counts: parseTalkers(json, process.hrtime.bigint(), Date.now()) };
    this.prev = this.cur;
    this.cur = reading;
  }
}
