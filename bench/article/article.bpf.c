// SPDX-License-Identifier: GPL-2.0
/* The article's tracer, as close as this kernel allows: one bpf_printk per
 * openat with the process name and pid, on the syscall's entry. The
 * article hooks a kprobe on __x64_sys_openat; this kernel has no kprobes,
 * so it uses the entry tracepoint, which fires at the same point. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

SEC("tracepoint/syscalls/sys_enter_openat")
int article_openat(void *ctx)
{
	char comm[16];
	__u32 pid = bpf_get_current_pid_tgid() >> 32;

	bpf_get_current_comm(comm, sizeof(comm));
	bpf_printk("process=%s pid=%d\n", comm, pid);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
