/**
 * What the XDP program (bpf/xdp_filter.bpf.c) and everything that drives
 * or shows it share: its name, its maps, their limits and enums. The
 * same facts are in bpf/xdp_filter.h; server/xdp/layout.test.ts checks
 * every one of them against that header and the compiled object's BTF,
 * so neither can change alone. Pure constants, imported by the server
 * and the UI alike.
 */

/** The program's name in the kernel (`bpftool prog show`). */
export const XDP_PROG_NAME = 'odash_xdp';

/** XDPF_MAX_RULES: rule ids index the per-rule drop counters. */
export const XDP_MAX_RULES = 16384;
/** XDPF_MAX_TALKERS: source addresses the talkers LRU map counts. */
export const XDP_MAX_TALKERS = 4096;

/** Every map the program pins, by its name in the object. */
export const XDP_MAPS = {
  srcV4: 'src_v4',
  dstV4: 'dst_v4',
  srcV6: 'src_v6',
  dstV6: 'dst_v6',
  portV4: 'port_v4',
  portV6: 'port_v6',
  drops: 'drops',
  totals: 'totals',
  settings: 'settings',
  talkers: 'talkers',
} as const;

/** enum xdpf_action: what a matching rule does. */
export const XDP_ACTION = { deny: 0, allow: 1 } as const;
/** enum xdpf_default: what happens to packets no rule matches. */
export const XDP_DEFAULT = { pass: 0, drop: 1 } as const;
/** enum xdpf_total: the totals array's slots. */
export const XDP_TOTAL = { passed: 0, dropped: 1, unlisted: 2 } as const;
export const XDP_TOTALS = 3;

/** IP protocol numbers of the protocols a port rule can name. */
export const XDP_PROTO = { tcp: 6, udp: 17 } as const;

/** Bytes of the keys and values, as the object's BTF has them. */
export const XDP_SIZES = {
  xdpf_key_v4: 8,
  xdpf_key_v6: 20,
  xdpf_port_key_v4: 12,
  xdpf_port_key_v6: 24,
  xdpf_rule: 8,
  xdpf_talker_key: 20,
  xdpf_talker: 32,
} as const;

/** Bits of a port key's prefix before the address: protocol, a zero byte, port. */
export const XDP_PORT_PREFIX_BITS = 32;
