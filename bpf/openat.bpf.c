// SPDX-License-Identifier: GPL-2.0
/* openat tracer: one bpf_printk line per completed open(2), openat(2) or
 * openat2(2), emitted at syscall exit. Entry and exit are paired through a
 * hash keyed by thread id, as libbpf-tools' opensnoop does; the path is read
 * at exit, when the kernel has faulted the user page in. Three sets of
 * programs do the same job and the loader attaches one: fexit (BPF
 * trampolines, one program per syscall, as bcc's opensnoop does), kprobes
 * (ksyscall), and the syscall tracepoints that every kernel has. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_tracing.h>
#include "openat.h"

#ifndef EEXIST
#define EEXIST 17 /* vmlinux.h has no errno macros */
#endif

/* Set by the loader before load. */
const volatile __u64 session_tag = 0;
const volatile __u32 targ_tgid = 0;
const volatile __u32 targ_uid = (__u32)-1;
/* Only processes whose name is exactly this (empty: all). */
const volatile char targ_comm[COMM_RAW_MAX] = {};

struct start {
	const char *fname;
	__u64 flags;
	__u32 sys;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, __u32);
	__type(value, struct start);
} starts SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, ODASH_STAT_COUNT);
	__type(key, __u32);
	__type(value, __u64);
} stats SEC(".maps");

static __always_inline void count(__u32 stat)
{
	__u64 *n = bpf_map_lookup_elem(&stats, &stat);

	if (n)
		*n += 1;
}

/* Too big for the 512-byte BPF stack, so one per CPU in a map. */
struct scratch {
	char raw[PATH_RAW_MAX];
	char path[PATH_ESC_MAX];
	char comm_raw[COMM_RAW_MAX];
	char comm[COMM_ESC_MAX];
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct scratch);
} scratches SEC(".maps");

static const char sys_names[ODASH_SYS_COUNT][8] = {
	[ODASH_SYS_OPENAT] = "openat",
	[ODASH_SYS_OPEN] = "open",
	[ODASH_SYS_OPENAT2] = "openat2",
};

static __always_inline bool comm_matches(void)
{
	char comm[COMM_RAW_MAX];

	bpf_get_current_comm(comm, sizeof(comm));
	for (int i = 0; i < COMM_RAW_MAX; i++) {
		if (comm[i] != targ_comm[i])
			return false;
		if (!comm[i])
			break;
	}
	return true;
}

/* --pid/--uid/--comm, checked before anything is recorded. */
static __always_inline bool in_scope(void)
{
	__u64 id = bpf_get_current_pid_tgid();

	if (targ_tgid && targ_tgid != id >> 32)
		return false;
	if (targ_uid != (__u32)-1 && targ_uid != (__u32)bpf_get_current_uid_gid())
		return false;
	if (targ_comm[0] && !comm_matches())
		return false;
	return true;
}

static __always_inline int on_enter(__u32 sys, const char *fname, __u64 flags)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();

	if (!in_scope())
		return 0;
	struct start s = { .fname = fname, .flags = flags, .sys = sys };
	long err = bpf_map_update_elem(&starts, &tid, &s, BPF_NOEXIST);

	if (err == -EEXIST) {
		count(ODASH_STAT_EXITS_MISSED);
		err = bpf_map_update_elem(&starts, &tid, &s, BPF_ANY);
	}
	if (err)
		count(ODASH_STAT_STARTS_FULL);
	return 0;
}

struct esc_ctx {
	__u32 len;	/* raw bytes to escape */
	__u32 pos;	/* escaped bytes written */
	__u32 trunc;	/* ran out of room */
};

static __always_inline char hexdigit(__u8 n)
{
	return n < 10 ? '0' + n : 'a' + n - 10;
}

/* One byte of src into dst: printable ASCII as is, all else as \xNN. */
static __always_inline long esc_byte(const char *src, __u32 src_mask, char *dst,
				     __u32 cap, __u32 i, struct esc_ctx *c)
{
	if (i >= c->len)
		return 1;
	__u8 b = src[i & src_mask];
	__u32 pos = c->pos;

	if (b > ' ' && b < 0x7f && b != '\\') {
		if (pos > cap - 2) {
			c->trunc = 1;
			return 1;
		}
		dst[pos] = b;
		c->pos = pos + 1;
		return 0;
	}
	if (pos > cap - 5) {
		c->trunc = 1;
		return 1;
	}
	dst[pos] = '\\';
	dst[pos + 1] = 'x';
	dst[pos + 2] = hexdigit(b >> 4);
	dst[pos + 3] = hexdigit(b & 0xf);
	c->pos = pos + 4;
	return 0;
}

static const __u32 zero = 0;

static long esc_path_step(__u32 i, void *ctx)
{
	struct scratch *s = bpf_map_lookup_elem(&scratches, &zero);

	if (!s)
		return 1;
	return esc_byte(s->raw, PATH_RAW_MAX - 1, s->path, PATH_ESC_MAX, i, ctx);
}

static long esc_comm_step(__u32 i, void *ctx)
{
	struct scratch *s = bpf_map_lookup_elem(&scratches, &zero);

	if (!s)
		return 1;
	return esc_byte(s->comm_raw, COMM_RAW_MAX - 1, s->comm, COMM_ESC_MAX, i, ctx);
}

static __always_inline __u32 strnlen16(const char *s)
{
	__u32 n = 0;

	for (int i = 0; i < COMM_RAW_MAX; i++) {
		if (!s[i])
			break;
		n++;
	}
	return n;
}

/* Prints the line for one completed open. */
static __always_inline void emit(__u32 sys, const char *fname, __u64 flags, long ret)
{
	struct scratch *s = bpf_map_lookup_elem(&scratches, &zero);
	struct esc_ctx pc = {}, cc = {};
	long n;

	if (!s)
		return;

	n = bpf_probe_read_user_str(s->raw, PATH_RAW_MAX, fname);
	pc.len = n > 0 ? n - 1 : 0;
	/* A full buffer may mean the kernel cut the string short. */
	pc.trunc = n == PATH_RAW_MAX;
	bpf_loop(PATH_RAW_MAX, esc_path_step, &pc, 0);
	if (pc.pos < PATH_ESC_MAX)
		s->path[pc.pos] = 0;

	bpf_get_current_comm(s->comm_raw, COMM_RAW_MAX);
	cc.len = strnlen16(s->comm_raw);
	bpf_loop(COMM_RAW_MAX, esc_comm_step, &cc, 0);
	if (cc.pos < COMM_ESC_MAX)
		s->comm[cc.pos] = 0;

	__u64 id = bpf_get_current_pid_tgid();
	/* uid is the real user (who runs it); euid the effective one, whose
	 * rights the open was checked against (root for a setuid program). */
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	__u32 euid = BPF_CORE_READ(task, cred, euid.val);

	sys = sys < ODASH_SYS_COUNT ? sys : 0;
	/* trunc comes last so that a line cut anywhere fails to parse. */
	bpf_printk(ODASH_MAGIC " tag=%llx sys=%s pid=%u tid=%u uid=%u euid=%u flags=0x%llx ret=%ld comm=%s path=%s trunc=%u",
		   session_tag, sys_names[sys], (__u32)(id >> 32), (__u32)id,
		   (__u32)bpf_get_current_uid_gid(), euid, flags, ret, s->comm, s->path,
		   pc.trunc);
}

static __always_inline int on_exit(long ret)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct start *st = bpf_map_lookup_elem(&starts, &tid);

	if (!st)
		return 0;
	emit(st->sys, st->fname, st->flags, ret);
	bpf_map_delete_elem(&starts, &tid);
	return 0;
}

/* Syscall tracepoints: the default wherever kprobes are missing. */

SEC("tracepoint/syscalls/sys_enter_openat")
int tp_enter_openat(struct trace_event_raw_sys_enter *ctx)
{
	return on_enter(ODASH_SYS_OPENAT, (const char *)ctx->args[1], ctx->args[2]);
}

SEC("tracepoint/syscalls/sys_enter_open")
int tp_enter_open(struct trace_event_raw_sys_enter *ctx)
{
	return on_enter(ODASH_SYS_OPEN, (const char *)ctx->args[0], ctx->args[1]);
}

SEC("tracepoint/syscalls/sys_enter_openat2")
int tp_enter_openat2(struct trace_event_raw_sys_enter *ctx)
{
	__u64 flags = 0;

	/* struct open_how starts with its u64 flags. */
	bpf_probe_read_user(&flags, sizeof(flags), (void *)ctx->args[2]);
	return on_enter(ODASH_SYS_OPENAT2, (const char *)ctx->args[1], flags);
}

SEC("tracepoint/syscalls/sys_exit_openat")
int tp_exit_openat(struct trace_event_raw_sys_exit *ctx)
{
	return on_exit(ctx->ret);
}

SEC("tracepoint/syscalls/sys_exit_open")
int tp_exit_open(struct trace_event_raw_sys_exit *ctx)
{
	return on_exit(ctx->ret);
}

SEC("tracepoint/syscalls/sys_exit_openat2")
int tp_exit_openat2(struct trace_event_raw_sys_exit *ctx)
{
	return on_exit(ctx->ret);
}

/* Kprobes on the syscall entry points, the article's __x64_sys_openat;
 * ksyscall resolves the arch-specific wrapper name. */

SEC("ksyscall/openat")
int BPF_KSYSCALL(ks_enter_openat, int dfd, const char *filename, int flags)
{
	return on_enter(ODASH_SYS_OPENAT, filename, (__u32)flags);
}

SEC("ksyscall/open")
int BPF_KSYSCALL(ks_enter_open, const char *filename, int flags)
{
	return on_enter(ODASH_SYS_OPEN, filename, (__u32)flags);
}

SEC("ksyscall/openat2")
int BPF_KSYSCALL(ks_enter_openat2, int dfd, const char *filename, struct open_how *how)
{
	__u64 flags = 0;

	bpf_probe_read_user(&flags, sizeof(flags), &how->flags);
	return on_enter(ODASH_SYS_OPENAT2, filename, flags);
}

SEC("kretsyscall/openat")
int BPF_KRETPROBE(kr_exit_openat, long ret)
{
	return on_exit(ret);
}

SEC("kretsyscall/open")
int BPF_KRETPROBE(kr_exit_open, long ret)
{
	return on_exit(ret);
}

SEC("kretsyscall/openat2")
int BPF_KRETPROBE(kr_exit_openat2, long ret)
{
	return on_exit(ret);
}

/* fexit on the syscall wrappers (__x64_sys_openat and the like): the
 * arguments come from the wrapper's pt_regs and the result with them, so
 * one program does what an enter/exit pair does elsewhere. The loader sets
 * each target, since the wrapper's name depends on the architecture. */

SEC("fexit")
int BPF_PROG(fx_openat, const struct pt_regs *regs, long ret)
{
	if (in_scope())
		emit(ODASH_SYS_OPENAT, (const char *)PT_REGS_PARM2_CORE_SYSCALL(regs),
		     (__u32)PT_REGS_PARM3_CORE_SYSCALL(regs), ret);
	return 0;
}

SEC("fexit")
int BPF_PROG(fx_open, const struct pt_regs *regs, long ret)
{
	if (in_scope())
		emit(ODASH_SYS_OPEN, (const char *)PT_REGS_PARM1_CORE_SYSCALL(regs),
		     (__u32)PT_REGS_PARM2_CORE_SYSCALL(regs), ret);
	return 0;
}

SEC("fexit")
int BPF_PROG(fx_openat2, const struct pt_regs *regs, long ret)
{
	struct open_how *how = (struct open_how *)PT_REGS_PARM3_CORE_SYSCALL(regs);
	__u64 flags = 0;

	if (!in_scope())
		return 0;
	bpf_probe_read_user(&flags, sizeof(flags), &how->flags);
	emit(ODASH_SYS_OPENAT2, (const char *)PT_REGS_PARM2_CORE_SYSCALL(regs), flags, ret);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
