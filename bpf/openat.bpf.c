// SPDX-License-Identifier: GPL-2.0
/* openat tracer: one bpf_printk line per completed open(2), openat(2) or
 * openat2(2), emitted at syscall exit, with the absolute path behind it
 * and how long it took; plus a line per exec and fork, so that a process
 * keeps its identity after it exits. Entry and exit are paired through a
 * hash keyed by thread id, as libbpf-tools' opensnoop does; the name
 * passed is read at entry (read at exit, the caller could have rewritten
 * it meanwhile). Three sets
 * of programs do the same job and the loader attaches one: fentry/fexit
 * (BPF trampolines on the syscall wrappers), kprobes (ksyscall), and the
 * syscall tracepoints that every kernel has. Each also hooks creat(2), and
 * the 32-bit entry (int $0x80, 32-bit programs: x86-64's ia32 table), which
 * neither the 64-bit wrappers nor the syscall tracepoints see. Record
 * formats: openat.h. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_tracing.h>
#include "openat.h"

#ifndef EEXIST
#define EEXIST 17 /* vmlinux.h has no errno macros */
#endif
#define AT_FDCWD -100

/* Set by the loader before load. */
const volatile __u64 session_tag = 0;
const volatile __u32 targ_tgid = 0;
const volatile __u32 targ_uid = (__u32)-1;
/* Only processes whose name is exactly this (empty: all). */
const volatile char targ_comm[COMM_RAW_MAX] = {};
/* Opens one user may have in flight at once (0: no limit): a share of the
 * starts table, so that one user's blocked opens (threads waiting on a
 * FIFO) cannot fill it and blind the tracer to everyone else's. */
const volatile __u32 uid_share = 0;


struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, __u32);
	__type(value, struct odash_start);
} starts SEC(".maps");

/* Where an enter builds its start: too big for the stack. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct odash_start);
} start_scratch SEC(".maps");

/* Opens in flight per real uid. Full (that many users with opens in
 * flight at once): a new user's are followed without a share. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4096);
	__type(key, __u32);
	__type(value, __u32);
} inflight_by_uid SEC(".maps");

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
	/* The walk writes a name of up to NAME_MAX_BYTES at a masked offset:
	 * the tail keeps every such write inside, as the verifier checks. */
	char full[FULL_RAW_MAX + NAME_MAX_BYTES + 1];
	char full_esc[FULL_ESC_MAX];
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct scratch);
} scratches SEC(".maps");

static const __u32 zero = 0;

static const char sys_names[ODASH_SYS_COUNT][8] = {
	[ODASH_SYS_OPENAT] = "openat",
	[ODASH_SYS_OPEN] = "open",
	[ODASH_SYS_OPENAT2] = "openat2",
	[ODASH_SYS_CREAT] = "creat",
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

static __always_inline int on_enter(__u32 sys, int dfd, const char *fname, __u64 flags)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	__u32 uid = (__u32)bpf_get_current_uid_gid();
	__u32 *held, one = 1;

	if (!in_scope())
		return 0;
	held = bpf_map_lookup_elem(&inflight_by_uid, &uid);
	if (uid_share && held && *held >= uid_share) {
		count(ODASH_STAT_STARTS_FULL);
		return 0;
	}
	struct odash_start *s = bpf_map_lookup_elem(&start_scratch, &zero);

	if (!s)
		return 0;
	s->flags = flags;
	s->ts = bpf_ktime_get_ns();
	s->dfd = dfd;
	s->sys = sys;
	s->uid = uid;
	s->name_len = bpf_probe_read_user_str(s->name, PATH_RAW_MAX, fname);
	long err = bpf_map_update_elem(&starts, &tid, s, BPF_NOEXIST);

	if (err == -EEXIST) {
		/* The thread's last enter had no exit: this takes its place (and
		 * its count in its user's share). */
		count(ODASH_STAT_EXITS_MISSED);
		if (bpf_map_update_elem(&starts, &tid, s, BPF_ANY))
			count(ODASH_STAT_STARTS_FULL);
		return 0;
	}
	if (err) {
		count(ODASH_STAT_STARTS_FULL);
		return 0;
	}
	if (held)
		__sync_fetch_and_add(held, 1);
	else if (bpf_map_update_elem(&inflight_by_uid, &uid, &one, BPF_NOEXIST) == -EEXIST) {
		/* Another CPU made the entry first. */
		held = bpf_map_lookup_elem(&inflight_by_uid, &uid);
		if (held)
			__sync_fetch_and_add(held, 1);
	}
	return 0;
}

/* An open of `uid` no longer in flight. */
static __always_inline void release(__u32 uid)
{
	__u32 *held = bpf_map_lookup_elem(&inflight_by_uid, &uid);

	if (held && *held > 0)
		__sync_fetch_and_add(held, -1);
}

/* Escaping: which source and destination buffers of the scratch. */
enum esc_what { ESC_PATH, ESC_COMM, ESC_FULL, ESC_EXE, ESC_ARGS };

struct esc_ctx {
	__u32 what;
	__u32 from;	/* first raw byte */
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
	__u8 b = src[(c->from + i) & src_mask];
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

static long esc_step(__u32 i, void *ctx)
{
	struct scratch *s = bpf_map_lookup_elem(&scratches, &zero);
	struct esc_ctx *c = ctx;

	if (!s)
		return 1;
	switch (c->what) {
	case ESC_PATH:
		return esc_byte(s->raw, PATH_RAW_MAX - 1, s->path, PATH_ESC_MAX, i, c);
	case ESC_COMM:
		return esc_byte(s->comm_raw, COMM_RAW_MAX - 1, s->comm, COMM_ESC_MAX, i, c);
	case ESC_FULL:
		return esc_byte(s->full, FULL_RAW_MAX - 1, s->full_esc, FULL_ESC_MAX, i, c);
	case ESC_EXE:
		return esc_byte(s->full, FULL_RAW_MAX - 1, s->full_esc, EXE_ESC_MAX, i, c);
	default: /* ESC_ARGS: the raw arguments, into the path's room */
		return esc_byte(s->raw, PATH_RAW_MAX - 1, s->path, ARGS_ESC_MAX, i, c);
	}
}

/* Escapes len raw bytes from `from`; dst is NUL-terminated. Returns 1 when
 * cut. */
static __always_inline __u32 escape(char *dst, __u32 cap, __u32 what, __u32 from, __u32 len, __u32 max)
{
	struct esc_ctx c = { .what = what, .from = from, .len = len };

	bpf_loop(max, esc_step, &c, 0);
	if (c.pos < cap)
		dst[c.pos] = 0;
	return c.trunc;
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

/* The path walk: a struct path to its absolute name, as d_path() gives it
 * (up to the task's root: a chrooted process sees its own /), built
 * backwards in s->full. bpf_d_path() would do it, but only fentry and LSM
 * programs on an allowlist may call it; tracepoints and kprobes may not. */
struct walk_ctx {
	struct dentry *dentry;
	struct mount *mnt;
	struct dentry *root_dentry;
	struct mount *root_mnt;
	__u32 off;	/* the path starts at s->full[off] and ends at FULL_RAW_MAX */
	__u32 cut;	/* ran out of room */
	__u32 done;	/* reached the root */
};

static long walk_step(__u32 i, void *ctx)
{
	struct scratch *s = bpf_map_lookup_elem(&scratches, &zero);
	struct walk_ctx *w = ctx;
	/* Locals: BPF_CORE_READ on w->… would relocate walk_ctx too. */
	struct dentry *d = w->dentry;
	struct mount *m = w->mnt;

	if (!s || !d)
		return 1;
	if (d == w->root_dentry && m == w->root_mnt) {
		w->done = 1;
		return 1;
	}
	struct dentry *parent = BPF_CORE_READ(d, d_parent);
	struct dentry *mnt_root = BPF_CORE_READ(m, mnt.mnt_root);

	if (d == mnt_root || d == parent) {
		struct mount *up = BPF_CORE_READ(m, mnt_parent);

		/* The root of a mount: go on from where it is mounted. */
		if (d == mnt_root && up != m) {
			w->dentry = BPF_CORE_READ(m, mnt_mountpoint);
			w->mnt = up;
			return 0;
		}
		w->done = 1;
		return 1;
	}
	__u32 len = BPF_CORE_READ(d, d_name.len);
	const unsigned char *name = BPF_CORE_READ(d, d_name.name);

	if (len > NAME_MAX_BYTES || len + 1 > w->off) {
		w->cut = 1;
		return 1;
	}
	__u32 at = w->off - len;

	bpf_probe_read_kernel(&s->full[at & (FULL_RAW_MAX - 1)], len & NAME_MAX_BYTES, name);
	s->full[(at - 1) & (FULL_RAW_MAX - 1)] = '/';
	w->off = at - 1;
	w->dentry = parent;
	return 0;
}

/* Walks p into s->full; returns where the path starts, and sets *cut when
 * it is not all there. */
static __always_inline __u32 walk(struct scratch *s, struct path *p, __u32 *cut)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	struct path root = {};

	BPF_CORE_READ_INTO(&root, task, fs, root);
	struct walk_ctx w = {
		.dentry = p->dentry,
		.mnt = container_of(p->mnt, struct mount, mnt),
		.root_dentry = root.dentry,
		.root_mnt = container_of(root.mnt, struct mount, mnt),
		.off = FULL_RAW_MAX,
	};

	bpf_loop(WALK_MAX, walk_step, &w, 0);
	*cut = w.cut || !w.done;
	if (w.off == FULL_RAW_MAX) { /* the root itself */
		s->full[FULL_RAW_MAX - 1] = '/';
		w.off = FULL_RAW_MAX - 1;
	}
	return w.off;
}

/* The file behind fd in the current task, or NULL. */
static __always_inline struct file *fd_file(struct task_struct *task, long fd)
{
	struct fdtable *fdt = BPF_CORE_READ(task, files, fdt);
	struct file **fds = BPF_CORE_READ(fdt, fd);
	struct file *f = NULL;

	if (fd < 0 || fd >= BPF_CORE_READ(fdt, max_fds))
		return NULL;
	bpf_probe_read_kernel(&f, sizeof(f), &fds[fd]);
	return f;
}

/* Whether the walked path at s->full[off] is exactly the raw name of
 * len bytes: then the event's own path says it all. */
static __always_inline bool walked_is_raw(struct scratch *s, __u32 off, __u32 len)
{
	if (FULL_RAW_MAX - off != len)
		return false;
	for (__u32 i = 0; i < PATH_RAW_MAX; i++) {
		if (i >= len)
			return true;
		if (s->raw[i] != s->full[(off + i) & (FULL_RAW_MAX - 1)])
			return false;
	}
	return true;
}

/* Prints the full record for an open, when its path alone does not say
 * where the file is; returns whether it did. Successful opens: the opened
 * file. Failed relative ones: the directory they were relative to (dirfd,
 * or the cwd for AT_FDCWD); user space joins the name to it. */
static __always_inline bool emit_full(struct scratch *s, struct odash_start *st, __u32 len, long ret)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	bool relative = s->raw[0] != '/';
	const char *kind = ODASH_FULL_FILE;
	struct path p = {};
	struct file *f;
	__u32 cut, off;

	if (ret >= 0) {
		f = fd_file(task, ret);
		if (!f)
			return false;
		BPF_CORE_READ_INTO(&p, f, f_path);
	} else if (!relative) {
		return false; /* user space normalises an absolute name */
	} else if (st->dfd == AT_FDCWD) {
		BPF_CORE_READ_INTO(&p, task, fs, pwd);
		kind = ODASH_FULL_DIR;
	} else {
		f = fd_file(task, st->dfd);
		if (!f)
			return false;
		BPF_CORE_READ_INTO(&p, f, f_path);
		kind = ODASH_FULL_DIR;
	}
	off = walk(s, &p, &cut);
	if (ret >= 0 && !relative && !cut && walked_is_raw(s, off, len))
		return false;
	cut |= escape(s->full_esc, FULL_ESC_MAX, ESC_FULL, off, FULL_RAW_MAX - off, FULL_RAW_MAX);
	bpf_printk(ODASH_MAGIC " tag=%llx full kind=%s path=%s trunc=%u", session_tag, kind, s->full_esc, cut);
	return true;
}

/* Prints the lines for one completed open. */
static __always_inline void emit(struct odash_start *st, long ret)
{
	struct scratch *s = bpf_map_lookup_elem(&scratches, &zero);
	__u32 bits = 0, len;
	long n;

	if (!s)
		return;
	__u64 dur = bpf_ktime_get_ns() - st->ts;

	/* The name as read at entry (openat.h: never again from user memory). */
	n = st->name_len;
	if (n <= 0 || bpf_probe_read_kernel(s->raw, PATH_RAW_MAX, st->name)) {
		n = 0;
		s->raw[0] = 0;
	}
	len = n > 0 ? n - 1 : 0;
	/* A full buffer may mean the kernel cut the string short. */
	if (n == PATH_RAW_MAX || escape(s->path, PATH_ESC_MAX, ESC_PATH, 0, len, PATH_RAW_MAX))
		bits |= ODASH_BIT_TRUNC;
	if (emit_full(s, st, len, ret))
		bits |= ODASH_BIT_FULL;

	bpf_get_current_comm(s->comm_raw, COMM_RAW_MAX);
	escape(s->comm, COMM_ESC_MAX, ESC_COMM, 0, strnlen16(s->comm_raw), COMM_RAW_MAX);

	__u64 id = bpf_get_current_pid_tgid();
	/* uid is the real user (who runs it); euid the effective one, whose
	 * rights the open was checked against (root for a setuid program). */
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	__u32 euid = BPF_CORE_READ(task, cred, euid.val);
	__u32 sys = st->sys < ODASH_SYS_COUNT ? st->sys : 0;

	/* The thread id is the line header's; bits comes last so that a line
	 * cut anywhere fails to parse. */
	bpf_printk(ODASH_MAGIC " tag=%llx sys=%s pid=%u uid=%u euid=%u flags=0x%llx ret=%ld dur=%llu cg=%llu comm=%s path=%s bits=%u",
		   session_tag, sys_names[sys], (__u32)(id >> 32), (__u32)bpf_get_current_uid_gid(), euid,
		   st->flags, ret, dur ? dur : 1, bpf_get_current_cgroup_id(), s->comm, s->path, bits);
}

static __always_inline int on_exit(long ret)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct odash_start *st = bpf_map_lookup_elem(&starts, &tid);

	if (!st)
		return 0;
	emit(st, ret);
	release(st->uid);
	bpf_map_delete_elem(&starts, &tid);
	return 0;
}

/* When a process started, in the ticks /proc/PID/stat gives (USER_HZ,
 * 100 a second on x86, since boot): a PID is reused, a PID and its start
 * are not. The group leader's: an exec from another thread takes it over. */
static __always_inline __u64 start_ticks(struct task_struct *task)
{
	return BPF_CORE_READ(task, group_leader, start_boottime) / (1000000000 / ODASH_USER_HZ);
}

/* Exec: who the process now is. Printed once per exec, so an event of a
 * process that has since exited still has its executable and arguments. */
SEC("tracepoint/sched/sched_process_exec")
int tp_exec(struct trace_event_raw_sched_process_exec *ctx)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	struct scratch *s;
	struct path p = {};
	__u32 cut = 0, off, len;

	if (!in_scope())
		return 0;
	s = bpf_map_lookup_elem(&scratches, &zero);
	if (!s)
		return 0;
	BPF_CORE_READ_INTO(&p, task, mm, exe_file, f_path);
	off = walk(s, &p, &cut);
	cut |= escape(s->full_esc, EXE_ESC_MAX, ESC_EXE, off, FULL_RAW_MAX - off, FULL_RAW_MAX);

	/* The arguments as /proc/PID/cmdline has them: NUL-separated. */
	unsigned long start = BPF_CORE_READ(task, mm, arg_start);
	unsigned long end = BPF_CORE_READ(task, mm, arg_end);

	len = end <= start ? 0 : end - start < ARGS_RAW_MAX ? end - start : ARGS_RAW_MAX;
	if (end > start && end - start > ARGS_RAW_MAX)
		cut = 1;
	/* The verifier must see the bound on the register passed. */
	barrier_var(len);
	if (bpf_probe_read_user(s->raw, len & (PATH_RAW_MAX - 1), (void *)start))
		len = 0;
	if (len && !s->raw[(len - 1) & (PATH_RAW_MAX - 1)])
		len--; /* the last argument's NUL */
	cut |= escape(s->path, ARGS_ESC_MAX, ESC_ARGS, 0, len, ARGS_RAW_MAX);

	bpf_printk(ODASH_MAGIC " tag=%llx exec pid=%u ppid=%u start=%llu cg=%llu exe=%s args=%s trunc=%u", session_tag,
		   (__u32)(bpf_get_current_pid_tgid() >> 32), BPF_CORE_READ(task, real_parent, tgid),
		   start_ticks(task), bpf_get_current_cgroup_id(), s->full_esc, s->path, cut);
	return 0;
}

/* Fork: a new process (threads are skipped) starts as its parent's copy.
 * A raw tracepoint, for the child's task: the classic one has only ids. */
SEC("raw_tp/sched_process_fork")
int raw_fork(struct bpf_raw_tracepoint_args *ctx)
{
	struct task_struct *parent = (struct task_struct *)ctx->args[0];
	struct task_struct *child = (struct task_struct *)ctx->args[1];
	__u32 pid = BPF_CORE_READ(child, pid);

	if (pid != BPF_CORE_READ(child, tgid) || !in_scope())
		return 0;
	bpf_printk(ODASH_MAGIC " tag=%llx fork pid=%u ppid=%u start=%llu end=%u", session_tag, pid,
		   BPF_CORE_READ(parent, tgid), start_ticks(child), 1);
	return 0;
}

/* Syscall tracepoints: the default wherever kprobes are missing. */

SEC("tracepoint/syscalls/sys_enter_openat")
int tp_enter_openat(struct trace_event_raw_sys_enter *ctx)
{
	return on_enter(ODASH_SYS_OPENAT, ctx->args[0], (const char *)ctx->args[1], ctx->args[2]);
}

SEC("tracepoint/syscalls/sys_enter_open")
int tp_enter_open(struct trace_event_raw_sys_enter *ctx)
{
	return on_enter(ODASH_SYS_OPEN, AT_FDCWD, (const char *)ctx->args[0], ctx->args[1]);
}

SEC("tracepoint/syscalls/sys_enter_openat2")
int tp_enter_openat2(struct trace_event_raw_sys_enter *ctx)
{
	__u64 flags = 0;

	/* struct open_how starts with its u64 flags. */
	bpf_probe_read_user(&flags, sizeof(flags), (void *)ctx->args[2]);
	return on_enter(ODASH_SYS_OPENAT2, ctx->args[0], (const char *)ctx->args[1], flags);
}

SEC("tracepoint/syscalls/sys_enter_creat")
int tp_enter_creat(struct trace_event_raw_sys_enter *ctx)
{
	return on_enter(ODASH_SYS_CREAT, AT_FDCWD, (const char *)ctx->args[0], ODASH_CREAT_FLAGS);
}

/* One exit program for every open syscall's exit tracepoint (the loader
 * attaches it to each): the exit is the costly program to verify, and a
 * kernel under emulation took minutes to load one per syscall. */
SEC("tracepoint")
int tp_exit(struct trace_event_raw_sys_exit *ctx)
{
	return on_exit(ctx->ret);
}

#if defined(__TARGET_ARCH_x86)
/* The 32-bit entry, in every mode: the syscall tracepoints and the 64-bit
 * wrappers miss compat syscalls, the raw syscall tracepoints do not. These
 * run for every syscall, so the loader attaches them only where the 32-bit
 * entry works, and they return at once unless the syscall is a 32-bit open
 * (TS_COMPAT: set for the syscall's length, cleared before the return to
 * user space). */
#define TS_COMPAT 0x0002

static __always_inline bool in_compat_syscall(void)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();

	return BPF_CORE_READ(task, thread_info.status) & TS_COMPAT;
}

/* An ia32 syscall's arguments: ebx, ecx, edx (zero-extended). */
static __always_inline int on_enter_ia32(long nr, const struct pt_regs *regs)
{
	unsigned long a = BPF_CORE_READ(regs, bx), b = BPF_CORE_READ(regs, cx), c = BPF_CORE_READ(regs, dx);
	__u64 flags = 0;

	switch (nr) {
	case ODASH_IA32_OPEN:
		return on_enter(ODASH_SYS_OPEN, AT_FDCWD, (const char *)a, (__u32)b);
	case ODASH_IA32_CREAT:
		return on_enter(ODASH_SYS_CREAT, AT_FDCWD, (const char *)a, ODASH_CREAT_FLAGS);
	case ODASH_IA32_OPENAT:
		return on_enter(ODASH_SYS_OPENAT, (int)a, (const char *)b, (__u32)c);
	case ODASH_IA32_OPENAT2:
		bpf_probe_read_user(&flags, sizeof(flags), (void *)c);
		return on_enter(ODASH_SYS_OPENAT2, (int)a, (const char *)b, flags);
	}
	return 0;
}

SEC("raw_tp/sys_enter")
int BPF_PROG(rt_enter_ia32, struct pt_regs *regs, long id)
{
	return in_compat_syscall() ? on_enter_ia32(id, regs) : 0;
}

SEC("raw_tp/sys_exit")
int BPF_PROG(rt_exit_ia32, struct pt_regs *regs, long ret)
{
	if (!in_compat_syscall())
		return 0;
	switch (BPF_CORE_READ(regs, orig_ax)) {
	case ODASH_IA32_OPEN:
	case ODASH_IA32_CREAT:
	case ODASH_IA32_OPENAT:
	case ODASH_IA32_OPENAT2:
		return on_exit(ret);
	}
	return 0;
}

#endif /* __TARGET_ARCH_x86 */

/* Kprobes on the syscall entry points, the article's __x64_sys_openat;
 * ksyscall resolves the arch-specific wrapper name. */

SEC("ksyscall/openat")
int BPF_KSYSCALL(ks_enter_openat, int dfd, const char *filename, int flags)
{
	return on_enter(ODASH_SYS_OPENAT, dfd, filename, (__u32)flags);
}

SEC("ksyscall/open")
int BPF_KSYSCALL(ks_enter_open, const char *filename, int flags)
{
	return on_enter(ODASH_SYS_OPEN, AT_FDCWD, filename, (__u32)flags);
}

SEC("ksyscall/openat2")
int BPF_KSYSCALL(ks_enter_openat2, int dfd, const char *filename, struct open_how *how)
{
	__u64 flags = 0;

	bpf_probe_read_user(&flags, sizeof(flags), &how->flags);
	return on_enter(ODASH_SYS_OPENAT2, dfd, filename, flags);
}

SEC("ksyscall/creat")
int BPF_KSYSCALL(ks_enter_creat, const char *filename, int mode)
{
	return on_enter(ODASH_SYS_CREAT, AT_FDCWD, filename, ODASH_CREAT_FLAGS);
}

/* One kretprobe for every open syscall's wrapper (the loader attaches it
 * to each). */
SEC("kretprobe")
int BPF_KRETPROBE(kr_exit, long ret)
{
	return on_exit(ret);
}

/* fentry/fexit on the syscall wrappers (__x64_sys_openat and the like):
 * the arguments come from the wrapper's pt_regs. The loader sets each
 * target, since the wrapper's name depends on the architecture. */

SEC("fentry")
int BPF_PROG(fe_openat, const struct pt_regs *regs)
{
	return on_enter(ODASH_SYS_OPENAT, (int)PT_REGS_PARM1_CORE_SYSCALL(regs),
			(const char *)PT_REGS_PARM2_CORE_SYSCALL(regs), (__u32)PT_REGS_PARM3_CORE_SYSCALL(regs));
}

SEC("fentry")
int BPF_PROG(fe_open, const struct pt_regs *regs)
{
	return on_enter(ODASH_SYS_OPEN, AT_FDCWD, (const char *)PT_REGS_PARM1_CORE_SYSCALL(regs),
			(__u32)PT_REGS_PARM2_CORE_SYSCALL(regs));
}

SEC("fentry")
int BPF_PROG(fe_openat2, const struct pt_regs *regs)
{
	struct open_how *how = (struct open_how *)PT_REGS_PARM3_CORE_SYSCALL(regs);
	__u64 flags = 0;

	bpf_probe_read_user(&flags, sizeof(flags), &how->flags);
	return on_enter(ODASH_SYS_OPENAT2, (int)PT_REGS_PARM1_CORE_SYSCALL(regs),
			(const char *)PT_REGS_PARM2_CORE_SYSCALL(regs), flags);
}

SEC("fentry")
int BPF_PROG(fe_creat, const struct pt_regs *regs)
{
	return on_enter(ODASH_SYS_CREAT, AT_FDCWD, (const char *)PT_REGS_PARM1_CORE_SYSCALL(regs), ODASH_CREAT_FLAGS);
}

SEC("fexit")
int BPF_PROG(fx_openat, const struct pt_regs *regs, long ret)
{
	return on_exit(ret);
}

SEC("fexit")
int BPF_PROG(fx_open, const struct pt_regs *regs, long ret)
{
	return on_exit(ret);
}

SEC("fexit")
int BPF_PROG(fx_openat2, const struct pt_regs *regs, long ret)
{
	return on_exit(ret);
}

SEC("fexit")
int BPF_PROG(fx_creat, const struct pt_regs *regs, long ret)
{
	return on_exit(ret);
}

char LICENSE[] SEC("license") = "GPL";
