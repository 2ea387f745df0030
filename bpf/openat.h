/* SPDX-License-Identifier: GPL-2.0 */
/* What the kernel side and user side of the openat tracer share.
 *
 * The kernel side reports through bpf_printk lines in trace_pipe. The
 * lines' fields are defined once, in server/trace/line-format.ts; a test
 * checks every bpf_printk format in openat.bpf.c against it. Four records:
 *
 *   event  one completed open, printed at syscall exit
 *   full   the absolute path behind the next event of the same thread (the
 *          opened file, or the directory a failed relative name was
 *          relative to); printed just before that event, which says so
 *   exec   a process image: executable, arguments, parent, cgroup
 *   fork   a new process (not a thread) and its parent
 *
 * Each starts with `odash tag=<hex>`: a random per-session value only the
 * loader knows, so lines from other programs sharing trace_pipe can never
 * pass for ours. Names, paths and arguments are escaped: every byte outside
 * '!'..'~', and '\\', becomes \xNN, so any of them (spaces, newlines,
 * invalid UTF-8) stays one token on one line. Each record ends with a
 * number, so a line cut anywhere fails to parse.
 */
#ifndef __OPENAT_H
#define __OPENAT_H

#define ODASH_MAGIC "odash"

/* USER_HZ: the clock ticks of /proc/PID/stat's starttime (100 on x86). */
#define ODASH_USER_HZ 100

enum odash_syscall {
	ODASH_SYS_OPENAT = 0,
	ODASH_SYS_OPEN = 1,
	ODASH_SYS_OPENAT2 = 2,
	/* creat(path, mode): open with O_CREAT|O_WRONLY|O_TRUNC */
	ODASH_SYS_CREAT = 3,
	ODASH_SYS_COUNT = 4,
};

/* creat's flags, as the kernel passes them on (O_CREAT|O_WRONLY|O_TRUNC). */
#define ODASH_CREAT_FLAGS 01101

/* The 32-bit (ia32) syscall numbers of the same opens: int $0x80 from any
 * process, or a 32-bit program. */
#define ODASH_IA32_OPEN 5
#define ODASH_IA32_CREAT 8
#define ODASH_IA32_OPENAT 295
#define ODASH_IA32_OPENAT2 437


/* The event record's last field, bits= */
enum odash_event_bits {
	/* The path was cut to fit. */
	ODASH_BIT_TRUNC = 1,
	/* A full record for this open came just before, from the same thread. */
	ODASH_BIT_FULL = 2,
};

/* The full record's kind= */
#define ODASH_FULL_FILE "file" /* the opened file, symlinks resolved */
#define ODASH_FULL_DIR "dir"   /* the directory a failed relative name was relative to */

/* Raw bytes of a path read from user memory (a power of two: the escape
 * loop masks indexes with it). Longer paths are cut and flagged. */
#define PATH_RAW_MAX 512
/* bpf_trace_printk copies all arguments, numbers and strings, into one
 * 512-byte per-CPU buffer (MAX_BPRINTF_BIN_ARGS) and silently cuts what
 * does not fit, so each record's escaped strings are sized to fit beside
 * its numbers, and every cut is ours: whole escapes only, and flagged.
 * Event: nine numbers (56 bytes), the syscall's name and a fully escaped
 * comm (~72) leave ~380. */
#define PATH_ESC_MAX 360
/* Full: one string beside three small fields. */
#define FULL_ESC_MAX 470
/* Exec: the executable and the arguments share the buffer. */
#define EXE_ESC_MAX 196
#define ARGS_ESC_MAX 260
/* Raw argument bytes read (NUL-separated, as /proc/PID/cmdline has them). */
#define ARGS_RAW_MAX 256

/* The kernel-side path walk: the path is built backwards from the end of
 * a FULL_RAW_MAX buffer, at most WALK_MAX components (a cut walk is
 * flagged). Power of two, for masking. */
#define FULL_RAW_MAX 512
#define WALK_MAX 64
#define NAME_MAX_BYTES 255

/* Counters of what the tracer could not report, in the stats map (one
 * slot each, per CPU); the loader prints their sums every second. */
enum odash_stat {
	/* An enter found the starts map full: that open is never reported. */
	ODASH_STAT_STARTS_FULL = 0,
	/* An enter found its thread's previous enter still waiting: that exit
	 * never ran (a kretprobe out of instances, or attached mid-call). */
	ODASH_STAT_EXITS_MISSED = 1,
	ODASH_STAT_COUNT = 2,
};

#define COMM_RAW_MAX 16
#define COMM_ESC_MAX 64 /* 15 bytes * 4 + NUL fits */

/* An open in flight (the starts table's value, keyed by thread id): what
 * its exit needs. The loader reads it to count each user's share. */
struct odash_start {
	__u64 flags;
	__u64 ts;
	__s32 dfd;
	__u32 sys;
	__u32 uid; /* real uid, whose share it takes */
	/* The name passed, read at entry: read at exit, a thread of the caller
	 * could have rewritten it while the open blocked (a failed open's name
	 * forged). name_len: bpf_probe_read_user_str's result (<= 0: not
	 * readable then, reported empty). */
	__s32 name_len;
	char name[PATH_RAW_MAX];
};

#endif /* __OPENAT_H */
