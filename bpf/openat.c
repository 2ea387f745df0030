// SPDX-License-Identifier: GPL-2.0
/* Loader for the openat tracer: open -> set rodata -> load -> attach ->
 * wait for SIGINT/SIGTERM (or the parent's death) -> destroy.
 *
 * It prints one JSON line on stdout once attached, e.g.
 *   {"type":"ready","attach":"tracepoint","why":"auto picked tracepoint (fentry: …; kprobe: …)",
 *    "tag":"9f…","syscalls":["openat","open","openat2"],"skipped":[],"lifecycle":["exec","fork"]}
 * (why_not and why strings hold no quotes or backslashes: they are ours and
 * strerror's), then a "stats" line whenever the counts of opens it could
 * not report change. With --probe it tries every mode and prints one
 * "probe" line.
 * and its events go to trace_pipe, where the backend reads them. */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/wait.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include "openat.h"
#include "openat.skel.h"

enum attach_mode { ATTACH_AUTO, ATTACH_FENTRY, ATTACH_KPROBE, ATTACH_TRACEPOINT };

static const char *const mode_names[] = { "auto", "fentry", "kprobe", "tracepoint" };

static struct env {
	enum attach_mode attach;
	__u32 pid;
	__u32 uid;
	const char *comm;
	__u32 max_inflight;
	bool probe;
	bool verbose;
} env = { .attach = ATTACH_AUTO, .uid = (__u32)-1 };

static volatile sig_atomic_t exiting;
/* While a mode with a fallback is tried, libbpf's warnings are noise. */
static bool trial;

static void on_signal(int sig)
{
	exiting = 1;
}

static int libbpf_print(enum libbpf_print_level level, const char *fmt, va_list args)
{
	if (!env.verbose && (level == LIBBPF_DEBUG || trial))
		return 0;
	return vfprintf(stderr, fmt, args);
}

/* ODASH_TAG: 1 to 16 hex digits, not zero; absent: 0 (pick one). */
static int read_tag(__u64 *tag)
{
	const char *s = getenv("ODASH_TAG");
	char *end;

	*tag = 0;
	if (!s)
		return 0;
	errno = 0;
	*tag = strtoull(s, &end, 16);
	if (errno || !*s || *end || !*tag || strlen(s) > 16) {
		fprintf(stderr, "openat: ODASH_TAG needs 1 to 16 hex digits, not zero\n");
		return -1;
	}
	return 0;
}

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: openat [--attach auto|fentry|kprobe|tracepoint] [--pid PID] [--uid UID] [--comm NAME]\n"
		"                     [--max-inflight N] [--verbose]\n"
		"       openat --probe\n"
		"Trace open/openat/openat2; one line per completed open goes to trace_pipe.\n"
		"  --attach MODE  fentry (fexit on the syscall wrappers, BPF trampolines),\n"
		"                 kprobe (ksyscall) or the syscall tracepoints; auto takes\n"
		"                 the first of these that loads and attaches here\n"
		"  --probe        try each mode (with --attach, that one), print which work\n"
		"                 here and why not, exit\n"
		"  --max-inflight N  opens in progress at once that can be tracked, in\n"
		"                 every mode (default 10240), an eighth of it per user;\n"
		"                 past either, opens are counted in the stats line as\n"
		"                 startsFull, not reported\n"
		"  --pid PID      trace only this process (tgid)\n"
		"  --uid UID      trace only this user\n"
		"  --comm NAME    trace only processes with this exact name (15 bytes at most)\n"
		"  --verbose      print libbpf debug output\n"
		"Environment: ODASH_TAG=HEX, the session tag stamped on every line (default:\n"
		"random), so a reader can tell this session's lines from forgeries. Not an\n"
		"option: every local user can read a process's arguments, not its environment.\n");
}

static bool parse_u32(const char *s, __u32 *out)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || !*s || *end || v > 0xffffffffUL)
		return false;
	*out = v;
	return true;
}

static int parse_args(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "attach", required_argument, NULL, 'a' },
		{ "pid", required_argument, NULL, 'p' },
		{ "uid", required_argument, NULL, 'u' },
		{ "comm", required_argument, NULL, 'c' },
		{ "max-inflight", required_argument, NULL, 'm' },
		{ "probe", no_argument, NULL, 'P' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{},
	};
	int c;

	while ((c = getopt_long(argc, argv, "a:p:u:c:m:Pvh", opts, NULL)) != -1) {
		switch (c) {
		case 'a': {
			int m = ATTACH_TRACEPOINT;

			while (m >= 0 && strcmp(optarg, mode_names[m]))
				m--;
			if (m < 0) {
				fprintf(stderr, "openat: --attach must be auto, fentry, kprobe or tracepoint, not '%s'\n", optarg);
				return -1;
			}
			env.attach = m;
			break;
		}
		case 'p':
			if (!parse_u32(optarg, &env.pid) || !env.pid) {
				fprintf(stderr, "openat: --pid needs a positive number, not '%s'\n", optarg);
				return -1;
			}
			break;
		case 'u':
			if (!parse_u32(optarg, &env.uid) || env.uid == (__u32)-1) {
				fprintf(stderr, "openat: --uid needs a user id, not '%s'\n", optarg);
				return -1;
			}
			break;
		case 'c':
			if (!*optarg || strlen(optarg) >= COMM_RAW_MAX) {
				fprintf(stderr, "openat: --comm needs 1 to %d bytes, as the kernel keeps them\n", COMM_RAW_MAX - 1);
				return -1;
			}
			env.comm = optarg;
			break;
		case 'm':
			if (!parse_u32(optarg, &env.max_inflight) || !env.max_inflight || env.max_inflight > 1 << 22) {
				fprintf(stderr, "openat: --max-inflight needs a number from 1 to %d, not '%s'\n", 1 << 22, optarg);
				return -1;
			}
			break;
		case 'P':
			env.probe = true;
			break;
		case 'v':
			env.verbose = true;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			usage(stderr);
			return -1;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "openat: unexpected argument '%s'\n", argv[optind]);
		return -1;
	}
	return 0;
}

/* Where the syscall wrappers' names start (__x64_sys_openat on x86-64);
 * fexit needs the exact function. */
static const char *const wrapper_prefixes[] = { "__x64_sys_", "__arm64_sys_", "__s390x_sys_", "__riscv_sys_" };

static bool kernel_func(const struct btf *vmlinux, const char *sys, char *name, size_t len)
{
	for (size_t i = 0; vmlinux && i < sizeof(wrapper_prefixes) / sizeof(*wrapper_prefixes); i++) {
		snprintf(name, len, "%s%s", wrapper_prefixes[i], sys);
		if (btf__find_by_name_kind(vmlinux, name, BTF_KIND_FUNC) >= 0)
			return true;
	}
	return false;
}

/* One syscall's programs in one attach mode: enter and exit. The exit may
 * be shared (tp_exit, kr_exit: attached once per syscall here, verified
 * once). */
struct hook {
	const char *sys;
	bool required;
	/* The 32-bit entry's: left out where that entry does not work. */
	bool ia32;
	struct bpf_program *enter, *exit;
	struct bpf_link **enter_link;
};

#define HOOK(s, req, pfx_in, out) { #s, req, false, skel->progs.pfx_in##_##s, out, &skel->links.pfx_in##_##s }
#define MAX_HOOKS 8

/* Attaches a hook's exit: a shared program to this syscall, else its own. */
static struct bpf_link *attach_exit(struct openat_bpf *skel, const struct hook *h)
{
	char name[32];

	if (h->exit == skel->progs.tp_exit) {
		snprintf(name, sizeof(name), "sys_exit_%s", h->sys);
		return bpf_program__attach_tracepoint(h->exit, "syscalls", name);
	}
	if (h->exit == skel->progs.kr_exit) {
		LIBBPF_OPTS(bpf_ksyscall_opts, opts, .retprobe = true);
		return bpf_program__attach_ksyscall(h->exit, h->sys, &opts);
	}
	return bpf_program__attach(h->exit);
}

/* Whether the 32-bit syscall entry works here: a child makes one call
 * through it (getpid by int $0x80). Where it faults (no IA32 emulation)
 * nothing opens a file through it, and its hooks are left out: the raw
 * syscall tracepoints they are cost every syscall. */
static bool ia32_entry_works(void)
{
#if defined(__x86_64__)
	int status;
	pid_t child = fork();

	if (child == 0) {
		long ret;

		asm volatile("int $0x80" : "=a"(ret) : "a"(20L) : "memory");
		_exit(ret == getpid() ? 0 : 1);
	}
	if (child < 0 || waitpid(child, &status, 0) < 0)
		return false;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0;
#else
	return false;
#endif
}

#define append(buf, ...) snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), __VA_ARGS__)

/* The stats map's per-CPU counters, summed; one JSON line when they
 * changed, e.g. {"type":"stats","startsFull":0,"exitsMissed":3}. */
static void print_stats(struct openat_bpf *skel)
{
	static __u64 last[ODASH_STAT_COUNT];
	__u64 sum[ODASH_STAT_COUNT] = {};
	int ncpus = libbpf_num_possible_cpus();
	__u64 values[ncpus > 0 ? ncpus : 1];
	int fd = bpf_map__fd(skel->maps.stats);

	if (ncpus <= 0)
		return;
	for (__u32 k = 0; k < ODASH_STAT_COUNT; k++) {
		if (bpf_map_lookup_elem(fd, &k, values))
			return;
		for (int c = 0; c < ncpus; c++)
			sum[k] += values[c];
	}
	if (!memcmp(sum, last, sizeof(sum)))
		return;
	memcpy(last, sum, sizeof(sum));
	printf("{\"type\":\"stats\",\"startsFull\":%llu,\"exitsMissed\":%llu}\n",
	       (unsigned long long)sum[ODASH_STAT_STARTS_FULL], (unsigned long long)sum[ODASH_STAT_EXITS_MISSED]);
	fflush(stdout);
}

/* How often the users' shares are counted again from the table. */
#define RECOUNT_SECONDS 10
/* Users and gone threads handled per round at most. */
#define MAX_UIDS 4096

/* The starts table's entries of threads that are gone (an exit that never
 * ran: a kretprobe out of instances) are deleted, and each user's count of
 * opens in flight is set to what the table holds: otherwise such entries
 * would hold a user's share for good. A count that changes meanwhile is
 * off by one until the next round. */
static void recount_shares(struct openat_bpf *skel)
{
	int starts = bpf_map__fd(skel->maps.starts), shares = bpf_map__fd(skel->maps.inflight_by_uid);
	static __u32 uids[MAX_UIDS], counts[MAX_UIDS], gone[MAX_UIDS];
	__u32 key, next, *prev = NULL, n = 0, ngone = 0;
	struct odash_start st;
	char proc[32];

	/* Deleted after the walk: a walk goes on from the key it stands on. */
	while (!bpf_map_get_next_key(starts, prev, &next)) {
		key = next;
		prev = &key;
		if (bpf_map_lookup_elem(starts, &key, &st))
			continue;
		snprintf(proc, sizeof(proc), "/proc/%u", key);
		if (access(proc, F_OK) && errno == ENOENT) {
			if (ngone < MAX_UIDS)
				gone[ngone++] = key;
			continue;
		}
		__u32 i = 0;

		while (i < n && uids[i] != st.uid)
			i++;
		if (i == n && n < MAX_UIDS) {
			uids[n] = st.uid;
			counts[n++] = 0;
		}
		if (i < n)
			counts[i]++;
	}
	for (__u32 i = 0; i < ngone; i++)
		bpf_map_delete_elem(starts, &gone[i]);
	prev = NULL;
	while (!bpf_map_get_next_key(shares, prev, &next)) {
		__u32 held = 0;

		key = next;
		prev = &key;
		for (__u32 i = 0; i < n; i++)
			if (uids[i] == key)
				held = counts[i];
		bpf_map_update_elem(shares, &key, &held, BPF_EXIST);
	}
}

/* Loads and attaches one mode. On success it prints the ready line and
 * waits for a signal (or, probing, detaches at once); on failure it says
 * why in why_not. */
static int run(enum attach_mode mode, __u64 tag, const char *why, char *why_not, size_t why_len)
{
	struct openat_bpf *skel;
	struct btf *vmlinux = NULL;
	struct bpf_program *prog;
	const char *mode_name = mode_names[mode];
	char attached[64] = "", skipped[64] = "", lifecycle[32] = "";
	int err;

	skel = openat_bpf__open();
	if (!skel) {
		err = -errno;
		snprintf(why_not, why_len, "cannot open the BPF object (%s)", strerror(errno));
		return err;
	}
	skel->rodata->session_tag = tag;
	/* A probe must print nothing: no process has this tgid. */
	skel->rodata->targ_tgid = env.probe ? (__u32)-1 : env.pid;
	skel->rodata->targ_uid = env.uid;
	if (env.comm)
		strncpy((char *)skel->rodata->targ_comm, env.comm, COMM_RAW_MAX - 1);
	if (env.max_inflight)
		bpf_map__set_max_entries(skel->maps.starts, env.max_inflight);
	/* A user's share of the table: an eighth (at least 1). */
	skel->rodata->uid_share = (env.max_inflight ? env.max_inflight : bpf_map__max_entries(skel->maps.starts)) / 8 ?: 1;

	struct hook hooks[MAX_HOOKS] = {};
	struct bpf_link *exit_links[MAX_HOOKS] = {};
	int nhooks = 0;

	if (mode == ATTACH_FENTRY) {
		hooks[nhooks++] = (struct hook)HOOK(openat, true, fe, skel->progs.fx_openat);
		hooks[nhooks++] = (struct hook)HOOK(open, false, fe, skel->progs.fx_open);
		hooks[nhooks++] = (struct hook)HOOK(openat2, false, fe, skel->progs.fx_openat2);
		hooks[nhooks++] = (struct hook)HOOK(creat, false, fe, skel->progs.fx_creat);
	} else if (mode == ATTACH_KPROBE) {
		hooks[nhooks++] = (struct hook)HOOK(openat, true, ks_enter, skel->progs.kr_exit);
		hooks[nhooks++] = (struct hook)HOOK(open, false, ks_enter, skel->progs.kr_exit);
		hooks[nhooks++] = (struct hook)HOOK(openat2, false, ks_enter, skel->progs.kr_exit);
		hooks[nhooks++] = (struct hook)HOOK(creat, false, ks_enter, skel->progs.kr_exit);
	} else {
		hooks[nhooks++] = (struct hook)HOOK(openat, true, tp_enter, skel->progs.tp_exit);
		hooks[nhooks++] = (struct hook)HOOK(open, false, tp_enter, skel->progs.tp_exit);
		hooks[nhooks++] = (struct hook)HOOK(openat2, false, tp_enter, skel->progs.tp_exit);
		hooks[nhooks++] = (struct hook)HOOK(creat, false, tp_enter, skel->progs.tp_exit);
	}
#if defined(__x86_64__)
	/* The 32-bit entry, in every mode: the raw syscall tracepoints (two
	 * attachments, no kernel text patched; kprobes on its four wrappers and
	 * their returns were eight more, and under emulation the tracer took
	 * minutes to start). They run for every syscall and return at once
	 * unless it is a 32-bit open, so they are left out where that entry
	 * does not work. */
	hooks[nhooks++] = (struct hook){ "opens (32-bit)", false, true, skel->progs.rt_enter_ia32,
					 skel->progs.rt_exit_ia32, &skel->links.rt_enter_ia32 };
#endif
	bool ia32 = ia32_entry_works();

	/* Load only the set we attach: the others may not load on this kernel. */
	bpf_object__for_each_program(prog, skel->obj)
		bpf_program__set_autoload(prog, false);
	if (mode == ATTACH_FENTRY)
		vmlinux = btf__load_vmlinux_btf();
	for (int i = 0; i < nhooks; i++) {
		struct hook *h = &hooks[i];
		char fn[64];

		if (h->ia32 && !ia32)
			continue; /* no such entry here: nothing to hook, nothing missed */
		if (mode == ATTACH_FENTRY && !h->ia32) {
			if (!kernel_func(vmlinux, h->sys, fn, sizeof(fn))) {
				if (h->required) {
					snprintf(why_not, why_len, "no syscall wrapper for %s in the kernel's BTF", h->sys);
					err = -ENOENT;
					goto out;
				}
				h->enter = NULL; /* skipped below */
				continue;
			}
			bpf_program__set_attach_target(h->enter, 0, fn);
			bpf_program__set_attach_target(h->exit, 0, fn);
		}
		bpf_program__set_autoload(h->enter, true);
		bpf_program__set_autoload(h->exit, true);
	}
	bpf_program__set_autoload(skel->progs.tp_exec, true);
	bpf_program__set_autoload(skel->progs.raw_fork, true);

	err = openat_bpf__load(skel);
	if (err) {
		snprintf(why_not, why_len, "the kernel refused to load the programs (%s)%s", strerror(-err),
			 err == -EPERM && geteuid() == 0 && mode == ATTACH_FENTRY
				 ? ": BPF tracing programs are not allowed here"
				 : "");
		goto out;
	}

	for (int i = 0; i < nhooks; i++) {
		struct hook *h = &hooks[i];

		if (h->ia32 && !ia32)
			continue;
		err = -ENOENT;
		if (h->enter) {
			*h->enter_link = bpf_program__attach(h->enter);
			err = libbpf_get_error(*h->enter_link);
		}
		if (!err) {
			exit_links[i] = attach_exit(skel, h);
			err = libbpf_get_error(exit_links[i]);
		}
		if (err) {
			/* libbpf_get_error leaves ERR_PTRs; destroy must see NULL. */
			if (h->enter && !libbpf_get_error(*h->enter_link))
				bpf_link__destroy(*h->enter_link);
			*h->enter_link = NULL;
			exit_links[i] = NULL;
			if (h->required) {
				snprintf(why_not, why_len, "cannot attach to %s (%s)", h->sys, strerror(-err));
				goto out;
			}
			append(skipped, "%s\"%s\"", *skipped ? "," : "", h->sys);
			err = 0;
			continue;
		}
		append(attached, "%s\"%s\"", *attached ? "," : "", h->sys);
	}

	if (env.probe)
		goto out;
	/* Without exec and fork lines, events still come; processes that
	 * exit before user space looks them up keep only their name. */
	skel->links.tp_exec = bpf_program__attach(skel->progs.tp_exec);
	if (libbpf_get_error(skel->links.tp_exec))
		skel->links.tp_exec = NULL;
	else
		append(lifecycle, "\"exec\"");
	skel->links.raw_fork = bpf_program__attach(skel->progs.raw_fork);
	if (libbpf_get_error(skel->links.raw_fork))
		skel->links.raw_fork = NULL;
	else
		append(lifecycle, "%s\"fork\"", *lifecycle ? "," : "");
	printf("{\"type\":\"ready\",\"attach\":\"%s\",\"why\":\"%s\",\"tag\":\"%llx\",\"syscalls\":[%s],\"skipped\":[%s],\"lifecycle\":[%s]}\n",
	       mode_name, why, (unsigned long long)tag, attached, skipped, lifecycle);
	fflush(stdout);

	for (unsigned int tick = 1; !exiting; tick++) {
		sleep(1);
		print_stats(skel);
		if (tick % RECOUNT_SECONDS == 0)
			recount_shares(skel);
	}
out:
	for (int i = 0; i < MAX_HOOKS; i++)
		bpf_link__destroy(exit_links[i]);
	openat_bpf__destroy(skel);
	btf__free(vmlinux);
	return err;
}

/* CONFIG_KPROBE_EVENTS gives either the perf kprobe PMU or kprobe_events. */
static bool kernel_has_kprobes(void)
{
	return access("/sys/bus/event_source/devices/kprobe/type", F_OK) == 0 ||
	       access("/sys/kernel/tracing/kprobe_events", F_OK) == 0 ||
	       access("/sys/kernel/debug/tracing/kprobe_events", F_OK) == 0;
}

/* Tries one mode; 0 when it ran (or, probing, when it would run). */
static int try_mode(enum attach_mode mode, __u64 tag, const char *why, char *why_not, size_t len)
{
	if (mode == ATTACH_KPROBE && !kernel_has_kprobes()) {
		snprintf(why_not, len, "this kernel has no kprobes (CONFIG_KPROBES / CONFIG_KPROBE_EVENTS unset)");
		return -EOPNOTSUPP;
	}
	return run(mode, tag, why, why_not, len);
}

/* --probe: one JSON line saying which modes load and attach here. */
static int probe(void)
{
	trial = true;
	printf("{\"type\":\"probe\",\"modes\":[");
	/* With --attach, that mode alone: each loads its programs, which under
	 * emulation takes minutes for all three. */
	for (int m = ATTACH_FENTRY; m <= ATTACH_TRACEPOINT; m++) {
		char why_not[256] = "";

		if (env.attach != ATTACH_AUTO && m != (int)env.attach)
			continue;
		int err = try_mode(m, 1, "", why_not, sizeof(why_not));

		printf("%s{\"mode\":\"%s\",\"ok\":%s,\"why\":\"%s\"}",
		       m > ATTACH_FENTRY && env.attach == ATTACH_AUTO ? "," : "", mode_names[m], err ? "false" : "true", why_not);
	}
	printf("]}\n");
	return 0;
}

int main(int argc, char **argv)
{
	pid_t parent = getppid();
	__u64 tag;
	int err;

	if (parse_args(argc, argv))
		return 2;

	/* Detach when whoever started us dies, however it dies. */
	prctl(PR_SET_PDEATHSIG, SIGTERM);
	if (getppid() != parent)
		return 0;
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGHUP, on_signal);

	libbpf_set_print(libbpf_print);

	if (geteuid() != 0) {
		fprintf(stderr, "openat: must run as root (it loads BPF programs)\n");
		return 1;
	}
	if (read_tag(&tag))
		return 2;
	if (!tag) {
		if (getrandom(&tag, sizeof(tag), 0) != sizeof(tag)) {
			fprintf(stderr, "openat: getrandom failed: %s\n", strerror(errno));
			return 1;
		}
		tag |= 1ULL << 63; /* always 16 hex digits */
	}

	if (env.probe)
		return probe();

	char why_not[256] = "";

	if (env.attach != ATTACH_AUTO) {
		err = try_mode(env.attach, tag, "chosen with --attach", why_not, sizeof(why_not));
		if (err && !exiting)
			fprintf(stderr, "openat: %s: %s\n", mode_names[env.attach], why_not);
		return err ? 1 : 0;
	}
	/* auto: the first mode that works, saying why the ones before did not. */
	char tried[512] = "";

	for (int m = ATTACH_FENTRY; m <= ATTACH_TRACEPOINT && !exiting; m++) {
		char why[600];

		if (*tried)
			snprintf(why, sizeof(why), "auto picked %s (%s)", mode_names[m], tried);
		else
			snprintf(why, sizeof(why), "auto picked %s, the first choice", mode_names[m]);
		trial = m < ATTACH_TRACEPOINT;
		err = try_mode(m, tag, why, why_not, sizeof(why_not));
		if (!err || exiting)
			return err ? 1 : 0;
		append(tried, "%s%s: %s", *tried ? "; " : "", mode_names[m], why_not);
	}
	fprintf(stderr, "openat: no attach mode works here (%s)\n", tried);
	return 1;
}
