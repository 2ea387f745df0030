// SPDX-License-Identifier: GPL-2.0
/* XDP address and port filter, CO-RE like the article's xdp_filter_core.c,
 * with the rules in maps so they change without reloading the program:
 *   - IPv4 and IPv6 prefixes in LPM tries, one trie per family and
 *     direction. XDP sees only packets arriving on the interface, so a
 *     remote peer is matched as the SOURCE (the article matched the
 *     destination, which never fires for traffic from the peer); dst
 *     rules remain for forwarding setups.
 *   - port rules (TCP or UDP destination port, optionally with a source
 *     prefix) in their own tries, looked at first;
 *   - a rule denies or allows; packets no rule matches pass, or drop when
 *     the default is set to drop (an allow list);
 *   - per-source counters (packets, bytes, dropped) in an LRU map: the
 *     top talkers;
 *   - a per-CPU drop counter per rule, and passed/dropped totals;
 *   - up to two VLAN tags and a few IPv6 extension headers are skipped;
 *   - ARP and IPv6 neighbour discovery always pass, so no rule and no
 *     default can cut the host off its own link.
 * No bpf_printk on this path: it runs for every packet. */
#include "vmlinux.h"
#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>
#include "xdp_filter.h"

#define ETH_P_IP 0x0800
#define ETH_P_IPV6 0x86DD
#define ETH_P_8021Q 0x8100
#define ETH_P_8021AD 0x88A8
#define IPPROTO_TCP_ 6
#define IPPROTO_UDP_ 17
#define IPPROTO_ICMPV6_ 58
#define IP_OFFSET 0x1fff

struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__uint(max_entries, XDPF_MAX_RULES);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, struct xdpf_key_v4);
	__type(value, struct xdpf_rule);
} src_v4 SEC(".maps"), dst_v4 SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__uint(max_entries, XDPF_MAX_RULES);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, struct xdpf_key_v6);
	__type(value, struct xdpf_rule);
} src_v6 SEC(".maps"), dst_v6 SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__uint(max_entries, XDPF_MAX_RULES);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, struct xdpf_port_key_v4);
	__type(value, struct xdpf_rule);
} port_v4 SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__uint(max_entries, XDPF_MAX_RULES);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, struct xdpf_port_key_v6);
	__type(value, struct xdpf_rule);
} port_v6 SEC(".maps");

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

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} settings SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LRU_PERCPU_HASH);
	__uint(max_entries, XDPF_MAX_TALKERS);
	__type(key, struct xdpf_talker_key);
	__type(value, struct xdpf_talker);
} talkers SEC(".maps");

struct vlan_hdr_ {
	__be16 tci;
	__be16 proto;
};

/* What one packet is, as far as the rules care. */
struct pkt {
	__u8 family;
	__u8 proto;   /* L4 protocol */
	__be16 port;  /* TCP/UDP destination port, 0 when there is none */
	__u8 *saddr;
	__u8 *daddr;
	__u64 len;
};

static __always_inline void count(__u32 total)
{
	__u64 *n = bpf_map_lookup_elem(&totals, &total);

	if (n)
		*n += 1;
}

static __always_inline void count_talker(struct pkt *p, bool dropped)
{
	struct xdpf_talker_key key = { .family = p->family };
	struct xdpf_talker *t, zero = {};

	if (p->family == 4)
		__builtin_memcpy(key.addr, p->saddr, 4);
	else
		__builtin_memcpy(key.addr, p->saddr, 16);
	t = bpf_map_lookup_elem(&talkers, &key);
	if (!t) {
		bpf_map_update_elem(&talkers, &key, &zero, BPF_NOEXIST);
		t = bpf_map_lookup_elem(&talkers, &key);
		if (!t)
			return;
	}
	t->packets += 1;
	t->bytes += p->len;
	if (dropped)
		t->dropped += 1;
	t->last_seen_ns = bpf_ktime_get_ns();
}

static __always_inline struct xdpf_rule *match_v4(struct pkt *p)
{
	struct xdpf_port_key_v4 pk = { .prefixlen = 64, .proto = p->proto, .port = p->port };
	struct xdpf_key_v4 key = { .prefixlen = 32 };
	struct xdpf_rule *rule;

	if (p->port) {
		__builtin_memcpy(pk.addr, p->saddr, 4);
		rule = bpf_map_lookup_elem(&port_v4, &pk);
		if (rule)
			return rule;
	}
	__builtin_memcpy(key.addr, p->saddr, 4);
	rule = bpf_map_lookup_elem(&src_v4, &key);
	if (rule)
		return rule;
	__builtin_memcpy(key.addr, p->daddr, 4);
	return bpf_map_lookup_elem(&dst_v4, &key);
}

static __always_inline struct xdpf_rule *match_v6(struct pkt *p)
{
	struct xdpf_port_key_v6 pk = { .prefixlen = 160, .proto = p->proto, .port = p->port };
	struct xdpf_key_v6 key = { .prefixlen = 128 };
	struct xdpf_rule *rule;

	if (p->port) {
		__builtin_memcpy(pk.addr, p->saddr, 16);
		rule = bpf_map_lookup_elem(&port_v6, &pk);
		if (rule)
			return rule;
	}
	__builtin_memcpy(key.addr, p->saddr, 16);
	rule = bpf_map_lookup_elem(&src_v6, &key);
	if (rule)
		return rule;
	__builtin_memcpy(key.addr, p->daddr, 16);
	return bpf_map_lookup_elem(&dst_v6, &key);
}

/* The rule that matched decides; without one, the default does. */
static __always_inline int judge(struct pkt *p)
{
	struct xdpf_rule *rule = p->family == 4 ? match_v4(p) : match_v6(p);
	__u32 zero = 0, *dflt;
	bool drop;

	if (rule) {
		drop = rule->action == XDPF_DENY;
		if (drop) {
			__u64 *n = bpf_map_lookup_elem(&drops, &rule->id);

			if (n)
				*n += 1;
		}
	} else {
		dflt = bpf_map_lookup_elem(&settings, &zero);
		drop = dflt && *dflt == XDPF_DEFAULT_DROP;
		if (drop)
			count(XDPF_UNLISTED);
	}
	count(drop ? XDPF_DROPPED : XDPF_PASSED);
	count_talker(p, drop);
	return drop ? XDP_DROP : XDP_PASS;
}

static __always_inline int pass(void)
{
	count(XDPF_PASSED);
	return XDP_PASS;
}

/* The destination port of a TCP or UDP header at l4, or 0. */
static __always_inline __be16 dport(void *l4, void *data_end, __u8 proto)
{
	if (proto == IPPROTO_TCP_) {
		struct tcphdr *tcp = l4;

		if ((void *)(tcp + 1) <= data_end)
			return tcp->dest;
	} else if (proto == IPPROTO_UDP_) {
		struct udphdr *udp = l4;

		if ((void *)(udp + 1) <= data_end)
			return udp->dest;
	}
	return 0;
}

static __always_inline int filter_v4(struct iphdr *ip, void *data_end, __u64 len)
{
	struct pkt p = { .family = 4, .proto = ip->protocol, .len = len };

	p.saddr = (__u8 *)&ip->saddr;
	p.daddr = (__u8 *)&ip->daddr;
	/* Only a first fragment carries the ports. */
	if (!(ip->frag_off & bpf_htons(IP_OFFSET)) && ip->ihl >= 5)
		p.port = dport((void *)ip + ip->ihl * 4, data_end, p.proto);
	return judge(&p);
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

static __always_inline int filter_v6(struct ipv6hdr *ip6, void *data_end, __u64 len)
{
	struct pkt p = { .family = 6, .len = len };
	void *l4 = ip6 + 1;
	__u8 proto = ip6->nexthdr;

	/* Hop-by-hop, routing and destination options: skip to the payload. */
#pragma unroll
	for (int i = 0; i < 3; i++) {
		struct ipv6_opt_hdr *opt = l4;

		if (proto != 0 && proto != 43 && proto != 60)
			break;
		if ((void *)(opt + 1) > data_end)
			return pass();
		proto = opt->nexthdr;
		l4 += (opt->hdrlen + 1) * 8;
	}
	if (is_ndisc(l4, data_end, proto))
		return pass();

	p.proto = proto;
	p.port = dport(l4, data_end, proto);
	p.saddr = (__u8 *)&ip6->saddr;
	p.daddr = (__u8 *)&ip6->daddr;
	return judge(&p);
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
	__u64 len = data_end - data;
	__u16 proto;

	/* Too short to be Ethernet: not ours to judge. */
	if (l3 > data_end)
		return pass();
	proto = eth->h_proto;

#pragma unroll
	for (int i = 0; i < 2; i++) {
		struct vlan_hdr_ *vlan = l3;

		if (proto != bpf_htons(ETH_P_8021Q) && proto != bpf_htons(ETH_P_8021AD))
			break;
		if ((void *)(vlan + 1) > data_end)
			return pass();
		proto = vlan->proto;
		l3 = vlan + 1;
	}

	if (proto == bpf_htons(ETH_P_IP)) {
		struct iphdr *ip = l3;

		if ((void *)(ip + 1) > data_end)
			return pass();
		return filter_v4(ip, data_end, len);
	}
	if (proto == bpf_htons(ETH_P_IPV6)) {
		struct ipv6hdr *ip6 = l3;

		if ((void *)(ip6 + 1) > data_end)
			return pass();
		return filter_v6(ip6, data_end, len);
	}
	/* ARP and everything else. */
	return pass();
}

char LICENSE[] SEC("license") = "GPL";
