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
 *
 * A failed open is not an error (tests open missing files on purpose);
 * a failed cd, chroot, dir or cgroup step is: exit 2.
 */
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

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

	for (int i = 1; i < argc; i++) {
		if (step(argv[i], &dirfd)) {
			perror(argv[i]);
			return 2;
		}
	}
	return 0;
}
