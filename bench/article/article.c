// SPDX-License-Identifier: GPL-2.0
/* Loads and attaches the article's program, prints "ready", and detaches
 * on SIGINT/SIGTERM or when its parent dies (bpftool 7.1 cannot
 * autoattach tracing programs, hence this loader). */
#include <signal.h>
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

int main(void)
{
	struct article_bpf *skel;
	pid_t parent = getppid();

	prctl(PR_SET_PDEATHSIG, SIGTERM);
	if (getppid() != parent)
		return 0;
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);

	skel = article_bpf__open_and_load();
	if (!skel) {
		fprintf(stderr, "article: cannot load the BPF program (run as root)\n");
		return 1;
	}
	if (article_bpf__attach(skel)) {
		fprintf(stderr, "article: cannot attach to syscalls:sys_enter_openat\n");
		article_bpf__destroy(skel);
		return 1;
	}
	printf("ready\n");
	fflush(stdout);
	while (!exiting)
		pause();
	article_bpf__destroy(skel);
	return 0;
}
