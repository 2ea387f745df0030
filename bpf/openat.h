/* SPDX-License-Identifier: GPL-2.0 */
/* What the kernel side and user side of the openat tracer share.
 *
 * The kernel side reports each completed open as one bpf_printk line in
 * trace_pipe. The TypeScript parser (server/trace/parse-line.ts) reads the
 * same format; change both together.
 *
 *   odash tag=<hex> sys=<name> pid=<u> tid=<u> uid=<u> euid=<u> flags=0x<hex> ret=<d> comm=<esc> path=<esc> trunc=<0|1>
 *
 * tag is a random per-session value only the loader knows, so lines from
 * other programs sharing trace_pipe can never pass for ours. comm and path
 * are escaped: every byte outside '!'..'~', and '\\', becomes \xNN, so any
 * name or path (spaces, newlines, invalid UTF-8) stays one token on one line.
 */
#ifndef __OPENAT_H
#define __OPENAT_H

#define ODASH_MAGIC "odash"

enum odash_syscall {
	ODASH_SYS_OPENAT = 0,
	ODASH_SYS_OPEN = 1,
	ODASH_SYS_OPENAT2 = 2,
	ODASH_SYS_COUNT = 3,
};

/* Raw bytes of a path read from user memory (a power of two: the escape
 * loop masks indexes with it). Longer paths are cut and flagged trunc=1. */
#define PATH_RAW_MAX 512
/* Room for the escaped path, NUL included. bpf_trace_printk copies all
 * arguments, numbers and strings, into one 512-byte per-CPU buffer
 * (MAX_BPRINTF_BIN_ARGS) and silently cuts what does not fit: the worst
 * case (a fully escaped comm, eight 8-byte numbers and the syscall's name,
 * ~72 bytes) leaves ~380 bytes, so 360 keeps every cut ours, whole escapes
 * only and flagged trunc=1. */
#define PATH_ESC_MAX 360
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

#endif /* __OPENAT_H */
