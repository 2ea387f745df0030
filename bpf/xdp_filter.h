/* SPDX-License-Identifier: GPL-2.0 */
/* What the XDP filter and its controller (server/xdp/) share: map names,
 * key and value layouts, limits and enums. The controller drives the maps
 * with bpftool; protocol/xdp-filter.ts holds the same facts for
 * TypeScript, and server/xdp/layout.test.ts checks them against this
 * header and the compiled object's BTF. */
#ifndef __XDP_FILTER_H
#define __XDP_FILTER_H

/* Rule ids index the per-rule drop counters. Big enough for a FireHOL
 * level 1 netset (~4,500 prefixes) several times over. */
#define XDPF_MAX_RULES 16384
/* Source addresses counted by the talkers map (LRU: the quiet go first). */
#define XDPF_MAX_TALKERS 4096

/* Address rules, LPM tries keyed by prefix length in bits (host byte
 * order), then the address in network byte order:
 *   src_v4, dst_v4: struct xdpf_key_v4      src_v6, dst_v6: struct xdpf_key_v6 */
struct xdpf_key_v4 {
	__u32 prefixlen;
	__u8 addr[4];
};

struct xdpf_key_v6 {
	__u32 prefixlen;
	__u8 addr[16];
};

/* Port rules, LPM tries port_v4 and port_v6: the prefix covers protocol,
 * a zero byte and the destination port (32 bits, always whole), then as
 * much of the source address as the rule names (none: any address). */
struct xdpf_port_key_v4 {
	__u32 prefixlen;
	__u8 proto;
	__u8 pad;
	__be16 port;
	__u8 addr[4];
};

struct xdpf_port_key_v6 {
	__u32 prefixlen;
	__u8 proto;
	__u8 pad;
	__be16 port;
	__u8 addr[16];
};

enum xdpf_action {
	XDPF_DENY = 0,
	XDPF_ALLOW = 1,
};

/* The value of every rule trie. */
struct xdpf_rule {
	__u32 id;
	__u32 action; /* enum xdpf_action */
};

/* settings: array of one __u32, what happens to packets no rule matches. */
enum xdpf_default {
	XDPF_DEFAULT_PASS = 0,
	XDPF_DEFAULT_DROP = 1,
};

/* talkers: LRU per-CPU hash, source address -> counters. */
struct xdpf_talker_key {
	__u8 family; /* 4 or 6 */
	__u8 pad[3];
	__u8 addr[16]; /* IPv4 in the first 4 bytes */
};

struct xdpf_talker {
	__u64 packets;
	__u64 bytes;
	__u64 dropped;
	__u64 last_seen_ns; /* bpf_ktime_get_ns(): CLOCK_MONOTONIC */
};

/* totals: per-CPU array of __u64, summed for display. */
enum xdpf_total {
	XDPF_PASSED = 0,
	XDPF_DROPPED = 1,   /* every drop */
	XDPF_UNLISTED = 2,  /* of those, by the default drop (no allow rule matched) */
	XDPF_TOTALS = 3,
};

#endif /* __XDP_FILTER_H */
