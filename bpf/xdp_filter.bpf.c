// SPDX-License-Identifier: GPL-2.0
/* XDP address filter, CO-RE like the article's xdp_filter_core.c, with the
 * rules in maps so they change without reloading the program:
 *   - IPv4 and IPv6 prefixes in LPM tries, one trie per family and
 *     direction. XDP sees only packets arriving on the interface, so a
 *     remote peer is matched as the SOURCE (the article matched the
 *     destination, which never fires for traffic from the peer); dst
 *     rules remain for forwarding setups.
 *   - a per-CPU drop counter per rule, and passed/dropped totals;
 *   - up to two VLAN tags and a few IPv6 extension headers are skipped;
 *   - ARP and IPv6 neighbour discovery always pass, so a rule can never
 *     cut the host off its own link.
 * No bpf_printk on this path: it runs for every packet. */
#include "vmlinux.h"
#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>
#include "xdp_filter.h"

#define ETH_P_IP 0x0800
#define ETH_P_IPV6 0x86DD
#define ETH_P_8021Q 0x8100
#define ETH_P_8021AD 0x88A8
#define IPPROTO_ICMPV6_ 58

struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__uint(max_entries, XDPF_MAX_RULES);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, struct xdpf_key_v4);
	__type(value, __u32);
} src_v4 SEC(".maps"), dst_v4 SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__uint(max_entries, XDPF_MAX_RULES);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, struct xdpf_key_v6);
	__type(value, __u32);
} src_v6 SEC(".maps"), dst_v6 SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, XDPF_MAX_RULES);
	__type(key, __u32);
	__type(value, __u64);
} drops SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, XDPF_TOTALS);
	__type(key, __u32);
	__type(value, __u64);
} totals SEC(".maps");

struct vlan_hdr_ {
	__be16 tci;
	__be16 proto;
};

static __always_inline int verdict(__u32 total)
{
	__u64 *n = bpf_map_lookup_elem(&totals, &total);

	if (n)
		*n += 1;
	return total == XDPF_DROPPED ? XDP_DROP : XDP_PASS;
}

static __always_inline int drop(__u32 *rule)
{
	__u64 *n = bpf_map_lookup_elem(&drops, rule);

	if (n)
		*n += 1;
	return verdict(XDPF_DROPPED);
}

static __always_inline int filter_v4(struct iphdr *ip)
{
	struct xdpf_key_v4 key = { .prefixlen = 32 };
	__u32 *rule;

	__builtin_memcpy(key.addr, &ip->saddr, 4);
	rule = bpf_map_lookup_elem(&src_v4, &key);
	if (rule)
		return drop(rule);
	__builtin_memcpy(key.addr, &ip->daddr, 4);
	rule = bpf_map_lookup_elem(&dst_v4, &key);
	if (rule)
		return drop(rule);
	return verdict(XDPF_PASSED);
}

/* Neighbour discovery: router/neighbour solicitation and advertisement,
 * redirect (ICMPv6 types 133-137). */
static __always_inline bool is_ndisc(void *l4, void *data_end, __u8 proto)
{
	__u8 *type = l4;

	if (proto != IPPROTO_ICMPV6_ || (void *)(type + 1) > data_end)
		return false;
	return *type >= 133 && *type <= 137;
}

static __always_inline int filter_v6(struct ipv6hdr *ip6, void *data_end)
{
	struct xdpf_key_v6 key = { .prefixlen = 128 };
	void *l4 = ip6 + 1;
	__u8 proto = ip6->nexthdr;
	__u32 *rule;

	/* Hop-by-hop, routing and destination options: skip to the payload. */
#pragma unroll
	for (int i = 0; i < 3; i++) {
		struct ipv6_opt_hdr *opt = l4;

		if (proto != 0 && proto != 43 && proto != 60)
			break;
		if ((void *)(opt + 1) > data_end)
			return verdict(XDPF_PASSED);
		proto = opt->nexthdr;
		l4 += (opt->hdrlen + 1) * 8;
	}
	if (is_ndisc(l4, data_end, proto))
		return verdict(XDPF_PASSED);

	__builtin_memcpy(key.addr, &ip6->saddr, 16);
	rule = bpf_map_lookup_elem(&src_v6, &key);
	if (rule)
		return drop(rule);
	__builtin_memcpy(key.addr, &ip6->daddr, 16);
	rule = bpf_map_lookup_elem(&dst_v6, &key);
	if (rule)
		return drop(rule);
	return verdict(XDPF_PASSED);
}

/* Not the article's xdp_filter_ip: the name tells our program from one a
 * user loaded by hand. */
SEC("xdp")
int odash_xdp(struct xdp_md *ctx)
{
	void *data_end = (void *)(long)ctx->data_end;
	void *data = (void *)(long)ctx->data;
	struct ethhdr *eth = data;
	void *l3 = eth + 1;
	__u16 proto;

	/* Too short to be Ethernet: not ours to judge. */
	if (l3 > data_end)
		return verdict(XDPF_PASSED);
	proto = eth->h_proto;

#pragma unroll
	for (int i = 0; i < 2; i++) {
		struct vlan_hdr_ *vlan = l3;

		if (proto != bpf_htons(ETH_P_8021Q) && proto != bpf_htons(ETH_P_8021AD))
			break;
		if ((void *)(vlan + 1) > data_end)
			return verdict(XDPF_PASSED);
		proto = vlan->proto;
		l3 = vlan + 1;
	}

	if (proto == bpf_htons(ETH_P_IP)) {
		struct iphdr *ip = l3;

		if ((void *)(ip + 1) > data_end)
			return verdict(XDPF_PASSED);
		return filter_v4(ip);
	}
	if (proto == bpf_htons(ETH_P_IPV6)) {
		struct ipv6hdr *ip6 = l3;

		if ((void *)(ip6 + 1) > data_end)
			return verdict(XDPF_PASSED);
		return filter_v6(ip6, data_end);
	}
	/* ARP and everything else. */
	return verdict(XDPF_PASSED);
}

char LICENSE[] SEC("license") = "GPL";
