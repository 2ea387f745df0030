/* SPDX-License-Identifier: GPL-2.0 */
/* What the XDP filter and its controller (server/xdp/) share: map names,
 * key layouts and limits. The controller drives the maps with bpftool, so
 * the layouts here are also written out in server/xdp/map-keys.ts. */
#ifndef __XDP_FILTER_H
#define __XDP_FILTER_H

/* Rule ids index the per-rule drop counters. */
#define XDPF_MAX_RULES 1024

/* LPM trie keys: prefix length in bits (host byte order), then the address
 * in network byte order. Values are rule ids (__u32). Maps:
 *   src_v4, dst_v4: struct xdpf_key_v4      src_v6, dst_v6: struct xdpf_key_v6 */
struct xdpf_key_v4 {
	__u32 prefixlen;
	__u8 addr[4];
};

struct xdpf_key_v6 {
	__u32 prefixlen;
	__u8 addr[16];
};

/* totals: per-CPU array of __u64, summed for display. */
enum xdpf_total {
	XDPF_PASSED = 0,
	XDPF_DROPPED = 1,
	XDPF_TOTALS = 2,
};

#endif /* __XDP_FILTER_H */
