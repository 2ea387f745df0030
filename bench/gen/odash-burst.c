// SPDX-License-Identifier: GPL-2.0
/* Load generator for the benchmarks: calls openat(2) in a tight loop.
 *
 *   odash-burst burst N PATH          N opens of PATH (opened, then closed)
 *   odash-burst loop SECONDS PATH     as many opens as fit in SECONDS
 *   odash-burst paced RATE SECONDS DIR  RATE opens/s of DIR/<ns>, where <ns>
 *                                     is CLOCK_MONOTONIC just before the call
 *   odash-burst mix N                 N opens of distinct paths, one in ten
 *                                     awkward, some under awkward names
 *
 * Linked statically and named like its comm, so the process makes no open
 * of its own (no ld.so, no libc.so): every open traced for its pid is one
 * of ours. Prints one JSON line when done: pid, opens, seconds, rate. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <time.h>
#include <unistd.h>

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void open_close(const char *path)
{
	int fd = openat(AT_FDCWD, path, O_RDONLY);

	if (fd >= 0)
		close(fd);
}

static void report(const char *mode, long long opens, double seconds)
{
	printf("{\"mode\":\"%s\",\"pid\":%d,\"opens\":%lld,\"seconds\":%.6f,\"rate\":%.0f}\n", mode,
	       getpid(), opens, seconds, seconds > 0 ? opens / seconds : 0);
}

static int usage(void)
{
	fprintf(stderr, "usage: odash-burst burst N PATH | loop SECONDS PATH | paced RATE SECONDS DIR | mix N\n");
	return 2;
}

static long arg_long(const char *s)
{
	char *end;
	long v = strtol(s, &end, 10);

	return *s && !*end && v > 0 ? v : -1;
}

static int burst(long n, const char *path)
{
	double t0 = now_s();

	for (long i = 0; i < n; i++)
		open_close(path);
	report("burst", n, now_s() - t0);
	return 0;
}

static int loop(long seconds, const char *path)
{
	double t0 = now_s(), end = t0 + seconds, t = t0;
	long long n = 0;

	/* Check the clock every 1024 opens: it costs about as much as one. */
	while (t < end) {
		for (int i = 0; i < 1024; i++)
			open_close(path);
		n += 1024;
		t = now_s();
	}
	report("loop", n, t - t0);
	return 0;
}

static int paced(long rate, long seconds, const char *dir)
{
	long long t0 = now_ns(), total = (long long)rate * seconds;
	char path[512];

	for (long long i = 0; i < total; i++) {
		long long due = t0 + i * 1000000000LL / rate;
		long long t = now_ns();

		if (t < due) {
			struct timespec ts = { due / 1000000000LL, due % 1000000000LL };

			clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL);
			t = now_ns();
		}
		snprintf(path, sizeof(path), "%s/%lld", dir, t);
		open_close(path);
	}
	report("paced", total, (now_ns() - t0) / 1e9);
	return 0;
}

/* Mostly ordinary opens of distinct paths, and one in ten of names and
 * paths that a naive parser gets wrong: spaces, dashes and brackets that
 * look like the trace header, a newline (splits the header line), tabs,
 * backslashes, UTF-8, and a path long enough to be cut. */
static int mix(long n)
{
	static const char *const comms[] = {
		"a b-1 [000] x", "nl\nname-2", "tab\tc\\x41", "caf\xc3\xa9", "<...>",
	};
	static char longpath[600];
	static const char *hostile[] = {
		"/tmp/odash bench/sp ace", "/tmp/odash-bench/nl\nx", "/tmp/\\x41back",
		"/tmp/caf\xc3\xa9/\xff\xfe", longpath,
	};
	const int ncomm = sizeof(comms) / sizeof(comms[0]), nhostile = sizeof(hostile) / sizeof(hostile[0]);
	char path[64];
	double t0 = now_s();

	memset(longpath, 'p', sizeof(longpath) - 1);
	longpath[0] = '/';
	for (long i = 0; i < n; i++) {
		if (i % 1000 == 0)
			prctl(PR_SET_NAME, (i / 1000) % 10 ? "odash-mix" : comms[(i / 10000) % ncomm]);
		if (i % 10 == 9) {
			open_close(hostile[(i / 10) % nhostile]);
		} else {
			snprintf(path, sizeof(path), "/usr/lib/odash-bench/lib%ld.so.%ld", i % 4099, i % 7);
			open_close(path);
		}
	}
	report("mix", n, now_s() - t0);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 3)
		return usage();
	/* A known comm for filters, whatever the binary is called. */
	prctl(PR_SET_NAME, "odash-burst");
	if (!strcmp(argv[1], "burst") && argc == 4 && arg_long(argv[2]) > 0)
		return burst(arg_long(argv[2]), argv[3]);
	if (!strcmp(argv[1], "loop") && argc == 4 && arg_long(argv[2]) > 0)
		return loop(arg_long(argv[2]), argv[3]);
	if (!strcmp(argv[1], "paced") && argc == 5 && arg_long(argv[2]) > 0 && arg_long(argv[3]) > 0)
		return paced(arg_long(argv[2]), arg_long(argv[3]), argv[4]);
	if (!strcmp(argv[1], "mix") && argc == 3 && arg_long(argv[2]) > 0)
		return mix(arg_long(argv[2]));
	return usage();
}
