// SPDX-License-Identifier: GPL-2.0
/* The article's tracer: one bpf_printk per openat with the process name
 * and pid, on the syscall's entry. The article hooks a kprobe on
 * __x64_sys_openat; where the kernel has no kprobes (this project's own
 * VM), the loader takes the entry tracepoint, which fires at the same
 * point, instead. Each program is loaded only when it is the one used. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

static __always_inline int print_open(void)
{
	char comm[16];
	__u32 pid = bpf_get_current_pid_tgid() >> 32;

	bpf_get_current_comm(comm, sizeof(comm));
	bpf_printk("process=%s pid=%d\n", comm, pid);
	return 0;
}

SEC("kprobe/__x64_sys_openat")
int article_kprobe(void *ctx)
{
	return print_open();
}

SEC("tracepoint/syscalls/sys_enter_openat")
int article_openat(void *ctx)
{
	return print_open();
}

char LICENSE[] SEC("license") = "GPL";
