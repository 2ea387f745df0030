// SPDX-License-Identifier: GPL-2.0
/* A process for the kernel tests that opens files the ways real programs
 * do, which Node cannot (openat with a dirfd, a name set with prctl, a move
 * into a cgroup before the opens). Each argument is one step:
 *
 *   comm:NAME    set the process name       cgroup:DIR  move into that cgroup
 *   cd:DIR       chdir                      dir:PATH    open PATH as the dirfd for at:
 *   chroot:DIR   chroot there, cd to its /
 *   open:PATH    open, close                at:PATH     openat(dirfd, PATH), close
 *   create:PATH  open O_CREAT, close        atcreate:PATH  the same with the dirfd
 *   burst:N:PATH open, close N times, as fast as it can (a busy host's burst)
 *   many:N:PREFIX the same with N names: PREFIX0, PREFIX1, ... (each its own file)
 *   openat2:HEX:PATH  openat2 with these flags (64 bits, hex), close
 *   creat:PATH   creat(2), close
 *   int80:SYS:PATH  open, creat, openat or openat2 (SYS) through the 32-bit
 *                entry (int $0x80, x86-64), close
 *   int80probe   exit 0 if the 32-bit entry works here, 3 if it faults
 *   forge:PATH:FAKE  open PATH (a FIFO: it blocks); meanwhile a thread
 *                writes FAKE over the name and interrupts the open (EINTR)
 *
 * A failed open is not an error (tests open missing files on purpose);
 * a failed cd, chroot, dir or cgroup step is: exit 2.
 */
#include <fcntl.h>
#include <linux/openat2.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#if defined(__x86_64__)
/* A syscall through the 32-bit entry: number in eax, arguments in ebx,
 * ecx, edx, esi (pointers must be below 4 GB). */
static long int80(long nr, long a, long b, long c, long d)
{
	long ret;

	asm volatile("int $0x80" : "=a"(ret) : "a"(nr), "b"(a), "c"(b), "d"(c), "S"(d) : "memory");
	return ret;
}

/* open, creat, openat or openat2 of path through int $0x80, from a page
 * mapped below 4 GB; the descriptor closed. */
static int int80_open(const char *sys, const char *path)
{
	char *low = mmap((void *)0x100000, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	struct open_how *how = (struct open_how *)(low + 4096);
	long fd;

	if (low == MAP_FAILED || strlen(path) >= 4096)
		return -1;
	strcpy(low, path);
	memset(how, 0, sizeof(*how));
	if (!strcmp(sys, "open"))
		fd = int80(5, (long)low, O_RDONLY, 0, 0);
	else if (!strcmp(sys, "creat"))
		fd = int80(8, (long)low, 0600, 0, 0);
	else if (!strcmp(sys, "openat"))
		fd = int80(295, (unsigned int)AT_FDCWD, (long)low, O_RDONLY, 0);
	else if (!strcmp(sys, "openat2"))
		fd = int80(437, (unsigned int)AT_FDCWD, (long)low, (long)how, sizeof(*how));
	else
		return -1;
	if (fd >= 0)
		close(fd);
	munmap(low, 8192);
	return 0;
}

/* 0 if the 32-bit entry works here (a child tries getpid through it). */
static int int80_probe(void)
{
	int status;
	pid_t child = fork();

	if (child == 0)
		_exit(int80(20, 0, 0, 0, 0) == getpid() ? 0 : 1);
	if (child < 0 || waitpid(child, &status, 0) < 0)
		return 2;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 3;
}
#endif

/* forge: the name the blocked open was given, and what to write over it. */
static char forge_name[4096];
static const char *forge_fake;
static pthread_t forge_opener;

static void on_usr1(int sig)
{
	(void)sig; /* only to interrupt the open */
}

static void *forge_rewrite(void *unused)
{
	(void)unused;
	usleep(300 * 1000);
	strcpy(forge_name, forge_fake);
	pthread_kill(forge_opener, SIGUSR1);
	return NULL;
}

/* A failed open whose name is rewritten while it blocks: the tracer must
 * report the name the kernel was given, not what the memory later holds. */
static int forge(const char *v)
{
	const char *fake = strchr(v, ':');
	struct sigaction sa = { .sa_handler = on_usr1 }; /* no SA_RESTART: EINTR */
	pthread_t t;
	int fd;

	if (!fake || (size_t)(fake - v) >= sizeof(forge_name) || strlen(fake + 1) > (size_t)(fake - v))
		return -1;
	memcpy(forge_name, v, fake - v);
	forge_name[fake - v] = 0;
	forge_fake = fake + 1;
	forge_opener = pthread_self();
	sigaction(SIGUSR1, &sa, NULL);
	if (pthread_create(&t, NULL, forge_rewrite, NULL))
		return -1;
	fd = open(forge_name, O_RDONLY);
	if (fd >= 0)
		close(fd);
	pthread_join(t, NULL);
	return 0;
}

static int step(const char *arg, int *dirfd)
{
	const char *v = strchr(arg, ':');
	int fd = -1;

	if (!v)
		return -1;
	v++;
	if (!strncmp(arg, "comm:", 5))
		return prctl(PR_SET_NAME, v);
	if (!strncmp(arg, "cd:", 3))
		return chdir(v);
	if (!strncmp(arg, "chroot:", 7))
		return chroot(v) || chdir("/");
	if (!strncmp(arg, "cgroup:", 7)) {
		char procs[4096];
		FILE *f;

		snprintf(procs, sizeof(procs), "%s/cgroup.procs", v);
		f = fopen(procs, "w");
		if (!f)
			return -1;
		fprintf(f, "%d\n", getpid());
		return fclose(f);
	}
	if (!strncmp(arg, "burst:", 6) || !strncmp(arg, "many:", 5)) {
		char name[4096], *path;
		long n = strtol(v, &path, 10);

		if (n < 1 || *path != ':')
			return -1;
		path++;
		for (long i = 0; i < n; i++) {
			if (arg[0] == 'm')
				snprintf(name, sizeof(name), "%s%ld", path, i);
			fd = open(arg[0] == 'm' ? name : path, O_RDONLY);
			if (fd >= 0)
				close(fd);
		}
		return 0;
	}
	if (!strncmp(arg, "openat2:", 8)) {
		struct open_how how = { 0 };
		char *path;

		how.flags = strtoull(v, &path, 16);
		if (*path != ':')
			return -1;
		fd = syscall(SYS_openat2, AT_FDCWD, path + 1, &how, sizeof(how));
		if (fd >= 0)
			close(fd);
		return 0;
	}
	if (!strncmp(arg, "forge:", 6))
		return forge(v);
	if (!strncmp(arg, "creat:", 6)) {
		fd = creat(v, 0600);
		if (fd >= 0)
			close(fd);
		return 0;
	}
#if defined(__x86_64__)
	if (!strncmp(arg, "int80:", 6)) {
		char sys[16];
		const char *path = strchr(v, ':');

		if (!path || path - v >= (long)sizeof(sys))
			return -1;
		memcpy(sys, v, path - v);
		sys[path - v] = 0;
		return int80_open(sys, path + 1);
	}
#endif
	if (!strncmp(arg, "dir:", 4)) {
		*dirfd = open(v, O_RDONLY | O_DIRECTORY);
		return *dirfd < 0 ? -1 : 0;
	}
	if (!strncmp(arg, "open:", 5))
		fd = open(v, O_RDONLY);
	else if (!strncmp(arg, "create:", 7))
		fd = open(v, O_CREAT | O_WRONLY, 0600);
	else if (!strncmp(arg, "at:", 3))
		fd = openat(*dirfd, v, O_RDONLY);
	else if (!strncmp(arg, "atcreate:", 9))
		fd = openat(*dirfd, v, O_CREAT | O_WRONLY, 0600);
	else
		return -1;
	if (fd >= 0)
		close(fd);
	return 0;
}

int main(int argc, char **argv)
{
	int dirfd = AT_FDCWD;

#if defined(__x86_64__)
	if (argc == 2 && !strcmp(argv[1], "int80probe"))
		return int80_probe();
#endif
	for (int i = 1; i < argc; i++) {
		if (step(argv[i], &dirfd)) {
			perror(argv[i]);
			return 2;
		}
	}
	return 0;
}
