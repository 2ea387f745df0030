// SPDX-License-Identifier: GPL-2.0
/* Loads and attaches the article's program (its kprobe, or where the kernel
 * has none the entry tracepoint), prints "ready kprobe" or "ready
 * tracepoint", and detaches on SIGINT/SIGTERM or when its parent dies
 * (bpftool 7.1 cannot autoattach tracing programs, hence this loader). */
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <unistd.h>
#include <bpf/libbpf.h>
#include "article.skel.h"

static volatile sig_atomic_t exiting;

static void on_signal(int sig)
{
	exiting = 1;
}

/* The skeleton with just one of its programs loaded and attached. */
static struct article_bpf *load(bool kprobe)
{
	struct article_bpf *skel = article_bpf__open();

	if (!skel)
		return NULL;
	bpf_program__set_autoload(skel->progs.article_kprobe, kprobe);
	bpf_program__set_autoload(skel->progs.article_openat, !kprobe);
	if (article_bpf__load(skel) == 0) {
		skel->links.article_kprobe = kprobe ? bpf_program__attach(skel->progs.article_kprobe) : NULL;
		skel->links.article_openat = kprobe ? NULL : bpf_program__attach(skel->progs.article_openat);
		if (skel->links.article_kprobe || skel->links.article_openat)
			return skel;
	}
	article_bpf__destroy(skel);
	return NULL;
}

int main(void)
{
	struct article_bpf *skel;
	bool kprobe = true;
	pid_t parent = getppid();

	prctl(PR_SET_PDEATHSIG, SIGTERM);
	if (getppid() != parent)
		return 0;
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	/* The kprobe's failure is expected where there are no kprobes. */
	libbpf_set_print(NULL);

	skel = load(kprobe);
	if (!skel) {
		kprobe = false;
		skel = load(kprobe);
	}
	if (!skel) {
		fprintf(stderr, "article: cannot load and attach the BPF program, either on its kprobe "
				"or on syscalls:sys_enter_openat (run as root)\n");
		return 1;
	}
	printf("ready %s\n", kprobe ? "kprobe" : "tracepoint");
	fflush(stdout);
	while (!exiting)
		pause();
	article_bpf__destroy(skel);
	return 0;
}
