// SPDX-License-Identifier: GPL-2.0
/* Loader for the openat tracer: open -> set rodata -> load -> attach ->
 * wait for SIGINT/SIGTERM (or the parent's death) -> destroy.
 *
 * It prints one JSON line on stdout once attached, e.g.
 *   {"type":"ready","attach":"tracepoint","tag":"9f…","syscalls":["openat","open","openat2"],"skipped":[]}
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
#include <unistd.h>
#include <bpf/libbpf.h>
#include "openat.h"
#include "openat.skel.h"

enum attach_mode { ATTACH_AUTO, ATTACH_KPROBE, ATTACH_TRACEPOINT };

static struct env {
	enum attach_mode attach;
	__u32 pid;
	__u32 uid;
	__u64 tag;
	const char *comm;
	bool verbose;
} env = { .attach = ATTACH_AUTO, .uid = (__u32)-1 };

static volatile sig_atomic_t exiting;

static void on_signal(int sig)
{
	exiting = 1;
}

static int libbpf_print(enum libbpf_print_level level, const char *fmt, va_list args)
{
	if (level == LIBBPF_DEBUG && !env.verbose)
		return 0;
	return vfprintf(stderr, fmt, args);
}

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: openat [--attach auto|kprobe|tracepoint] [--pid PID] [--uid UID] [--comm NAME] [--tag HEX] [--verbose]\n"
		"Trace open/openat/openat2; one line per completed open goes to trace_pipe.\n"
		"  --attach MODE  kprobe (ksyscall) or syscall tracepoints; auto picks kprobe\n"
		"                 where the kernel has kprobes, else tracepoints\n"
		"  --pid PID      trace only this process (tgid)\n"
		"  --uid UID      trace only this user\n"
		"  --comm NAME    trace only processes with this exact name (15 bytes at most)\n"
		"  --tag HEX      session tag stamped on every line (default: random), so\n"
		"                 a reader can tell this session's lines from forgeries\n"
		"  --verbose      print libbpf debug output\n");
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
		{ "tag", required_argument, NULL, 't' },
		{ "comm", required_argument, NULL, 'c' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{},
	};
	int c;

	while ((c = getopt_long(argc, argv, "a:p:u:t:c:vh", opts, NULL)) != -1) {
		switch (c) {
		case 'a':
			if (!strcmp(optarg, "auto"))
				env.attach = ATTACH_AUTO;
			else if (!strcmp(optarg, "kprobe"))
				env.attach = ATTACH_KPROBE;
			else if (!strcmp(optarg, "tracepoint"))
				env.attach = ATTACH_TRACEPOINT;
			else {
				fprintf(stderr, "openat: --attach must be auto, kprobe or tracepoint, not '%s'\n", optarg);
				return -1;
			}
			break;
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
		case 't': {
			char *end;

			errno = 0;
			env.tag = strtoull(optarg, &end, 16);
			if (errno || !*optarg || *end || !env.tag || strlen(optarg) > 16) {
				fprintf(stderr, "openat: --tag needs 1 to 16 hex digits, not zero, not '%s'\n", optarg);
				return -1;
			}
			break;
		}
		case 'c':
			if (!*optarg || strlen(optarg) >= COMM_RAW_MAX) {
				fprintf(stderr, "openat: --comm needs 1 to %d bytes, as the kernel keeps them\n", COMM_RAW_MAX - 1);
				return -1;
			}
			env.comm = optarg;
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

/* CONFIG_KPROBE_EVENTS gives either the perf kprobe PMU or kprobe_events. */
static bool kernel_has_kprobes(void)
{
	return access("/sys/bus/event_source/devices/kprobe/type", F_OK) == 0 ||
	       access("/sys/kernel/tracing/kprobe_events", F_OK) == 0 ||
	       access("/sys/kernel/debug/tracing/kprobe_events", F_OK) == 0;
}

/* One syscall's enter and exit programs, in one attach mode. */
struct hook {
	const char *sys;
	bool required;
	struct bpf_program *enter, *exit;
	struct bpf_link **enter_link, **exit_link;
};

#define HOOK(s, req, pfx_in, pfx_out)                                           \
	{ #s, req, skel->progs.pfx_in##_##s, skel->progs.pfx_out##_##s,            \
	  &skel->links.pfx_in##_##s, &skel->links.pfx_out##_##s }

static int run(enum attach_mode mode, __u64 tag)
{
	struct openat_bpf *skel;
	const char *mode_name = mode == ATTACH_KPROBE ? "kprobe" : "tracepoint";
	char attached[64] = "", skipped[64] = "";
	int err;

	skel = openat_bpf__open();
	if (!skel) {
		fprintf(stderr, "openat: cannot open the BPF object: %s\n", strerror(errno));
		return -errno;
	}
	skel->rodata->session_tag = tag;
	skel->rodata->targ_tgid = env.pid;
	skel->rodata->targ_uid = env.uid;
	if (env.comm)
		strncpy((char *)skel->rodata->targ_comm, env.comm, COMM_RAW_MAX - 1);

	struct hook tp[] = {
		HOOK(openat, true, tp_enter, tp_exit),
		HOOK(open, false, tp_enter, tp_exit),
		HOOK(openat2, false, tp_enter, tp_exit),
	};
	struct hook ks[] = {
		HOOK(openat, true, ks_enter, kr_exit),
		HOOK(open, false, ks_enter, kr_exit),
		HOOK(openat2, false, ks_enter, kr_exit),
	};
	struct hook *hooks = mode == ATTACH_KPROBE ? ks : tp;
	struct hook *other = mode == ATTACH_KPROBE ? tp : ks;

	/* Load only the set we attach: the other may not load on this kernel. */
	for (int i = 0; i < 3; i++) {
		bpf_program__set_autoload(other[i].enter, false);
		bpf_program__set_autoload(other[i].exit, false);
	}

	err = openat_bpf__load(skel);
	if (err) {
		fprintf(stderr, "openat: cannot load the BPF programs (%s)%s\n", strerror(-err),
			err == -EPERM ? ": run as root (CAP_BPF and CAP_PERFMON)" : "");
		goto out;
	}

	for (int i = 0; i < 3; i++) {
		struct hook *h = &hooks[i];

		*h->enter_link = bpf_program__attach(h->enter);
		err = libbpf_get_error(*h->enter_link);
		if (!err) {
			*h->exit_link = bpf_program__attach(h->exit);
			err = libbpf_get_error(*h->exit_link);
		}
		if (err) {
			/* libbpf_get_error leaves ERR_PTRs; destroy must see NULL. */
			if (libbpf_get_error(*h->enter_link))
				*h->enter_link = NULL;
			else
				bpf_link__destroy(*h->enter_link), *h->enter_link = NULL;
			*h->exit_link = NULL;
			if (h->required) {
				fprintf(stderr, "openat: cannot attach %s to %s: %s\n", mode_name,
					h->sys, strerror(-err));
				goto out;
			}
			snprintf(skipped + strlen(skipped), sizeof(skipped) - strlen(skipped),
				 "%s\"%s\"", *skipped ? "," : "", h->sys);
			err = 0;
			continue;
		}
		snprintf(attached + strlen(attached), sizeof(attached) - strlen(attached),
			 "%s\"%s\"", *attached ? "," : "", h->sys);
	}

	printf("{\"type\":\"ready\",\"attach\":\"%s\",\"tag\":\"%llx\",\"syscalls\":[%s],\"skipped\":[%s]}\n",
	       mode_name, (unsigned long long)tag, attached, skipped);
	fflush(stdout);

	while (!exiting)
		sleep(1);
out:
	openat_bpf__destroy(skel);
	return err;
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
	tag = env.tag;
	if (!tag) {
		if (getrandom(&tag, sizeof(tag), 0) != sizeof(tag)) {
			fprintf(stderr, "openat: getrandom failed: %s\n", strerror(errno));
			return 1;
		}
		tag |= 1ULL << 63; /* always 16 hex digits */
	}

	if (env.attach == ATTACH_KPROBE && !kernel_has_kprobes()) {
		fprintf(stderr, "openat: this kernel has no kprobes (CONFIG_KPROBES/CONFIG_KPROBE_EVENTS); use --attach tracepoint or auto\n");
		return 1;
	}
	if (env.attach == ATTACH_AUTO && kernel_has_kprobes()) {
		err = run(ATTACH_KPROBE, tag);
		if (!err || exiting)
			return err ? 1 : 0;
		fprintf(stderr, "openat: kprobes failed, falling back to tracepoints\n");
		return run(ATTACH_TRACEPOINT, tag) ? 1 : 0;
	}
	err = run(env.attach == ATTACH_KPROBE ? ATTACH_KPROBE : ATTACH_TRACEPOINT, tag);
	return err ? 1 : 0;
}
