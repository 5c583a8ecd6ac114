/* inject.c: an LD_PRELOAD shim that makes write(), fsync() and rename() fail on chosen files, for tests/e2e/faults.sh. */
/*
 * Only files whose path contains $INJECT_PATH are touched (the path of
 * a descriptor is read from /proc/self/fd); without INJECT_PATH the
 * shim does nothing.  Each process counts for itself (workers too).
 *
 *   INJECT_WRITE_BYTES=N   after N bytes written to matching files,
 *                          every further write fails: a full disk (the
 *                          write that crosses N is cut short first)
 *   INJECT_WRITE_CALL=N    the Nth write() to a matching file fails
 *   INJECT_FSYNC_CALL=N    the Nth fsync() of a matching file fails
 *   INJECT_RENAME_CALL=N   the Nth rename() or renameat() onto a matching path fails
 *   INJECT_SYNCFS_CALL=N   the Nth syncfs() of a matching directory fails
 *   INJECT_ERRNO=E         ENOSPC (the default), EIO, EDQUOT or a number
 *
 * Test scaffolding, not part of essdocs: its counters are the only
 * global state, and it needs nothing but libc.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static unsigned long long	 written;	/* bytes to matching files */
static unsigned long		 nwrite, nfsync, nrename;

/* An unsigned number from the environment, or 0 when unset. */
static unsigned long long
inject_env(const char *name)
{
	const char	*s = getenv(name);

	return s == NULL ? 0 : strtoull(s, NULL, 10);
}

static int
inject_errno(void)
{
	const char	*s = getenv("INJECT_ERRNO");

	if (s == NULL || strcmp(s, "ENOSPC") == 0)
		return ENOSPC;
	if (strcmp(s, "EIO") == 0)
		return EIO;
	if (strcmp(s, "EDQUOT") == 0)
		return EDQUOT;
	return atoi(s) > 0 ? atoi(s) : ENOSPC;
}

/* 1 if path contains $INJECT_PATH. */
static int
inject_match_path(const char *path)
{
	const char	*want = getenv("INJECT_PATH");

	return want != NULL && *want != '\0' && path != NULL &&
	    strstr(path, want) != NULL;
}

/* 1 if descriptor fd is open on a matching file. */
static int
inject_match_fd(int fd)
{
	char	 link[64], path[PATH_MAX];
	ssize_t	 n;

	if (getenv("INJECT_PATH") == NULL)
		return 0;
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	if ((n = readlink(link, path, sizeof(path) - 1)) <= 0)
		return 0;
	path[n] = '\0';
	return inject_match_path(path);
}

ssize_t
write(int fd, const void *buf, size_t len)
{
	static ssize_t	(*real)(int, const void *, size_t);
	unsigned long long limit, call;

	if (real == NULL)
		real = (ssize_t (*)(int, const void *, size_t))
		    dlsym(RTLD_NEXT, "write");
	if (len > 0 && inject_match_fd(fd)) {
		nwrite++;
		call = inject_env("INJECT_WRITE_CALL");
		if (call != 0 && nwrite == call) {
			errno = inject_errno();
			return -1;
		}
		limit = inject_env("INJECT_WRITE_BYTES");
		if (limit != 0) {
			if (written >= limit) {
				errno = inject_errno();
				return -1;
			}
			if (len > limit - written)
				len = (size_t)(limit - written);
			written += len;
		}
	}
	return real(fd, buf, len);
}

int
fsync(int fd)
{
	static int	(*real)(int);
	unsigned long long call;

	if (real == NULL)
		real = (int (*)(int))dlsym(RTLD_NEXT, "fsync");
	if (inject_match_fd(fd)) {
		nfsync++;
		call = inject_env("INJECT_FSYNC_CALL");
		if (call != 0 && nfsync == call) {
			errno = inject_errno();
			return -1;
		}
	}
	return real(fd);
}

int
rename(const char *from, const char *to)
{
	static int	(*real)(const char *, const char *);
	unsigned long long call;

	if (real == NULL)
		real = (int (*)(const char *, const char *))
		    dlsym(RTLD_NEXT, "rename");
	if (inject_match_path(to)) {
		nrename++;
		call = inject_env("INJECT_RENAME_CALL");
		if (call != 0 && nrename == call) {
			errno = inject_errno();
			return -1;
		}
	}
	return real(from, to);
}

/* renameat() onto a matching path: the same counter as rename(). */
int
renameat(int fromfd, const char *from, int tofd, const char *to)
{
	static int	(*real)(int, const char *, int, const char *);
	unsigned long long call;
	char		 link[64], path[PATH_MAX];
	ssize_t		 n;

	if (real == NULL)
		real = (int (*)(int, const char *, int, const char *))
		    dlsym(RTLD_NEXT, "renameat");
	path[0] = '\0';
	if (to[0] != '/' && tofd >= 0) {
		snprintf(link, sizeof(link), "/proc/self/fd/%d", tofd);
		if ((n = readlink(link, path, sizeof(path) - 2)) > 0) {
			path[n] = '/';
			path[n + 1] = '\0';
		}
	}
	strncat(path, to, sizeof(path) - strlen(path) - 1);
	if (inject_match_path(path)) {
		nrename++;
		call = inject_env("INJECT_RENAME_CALL");
		if (call != 0 && nrename == call) {
			errno = inject_errno();
			return -1;
		}
	}
	return real(fromfd, from, tofd, to);
}

/* INJECT_SYNCFS_CALL=N: the Nth syncfs() of a matching descriptor fails. */
int
syncfs(int fd)
{
	static int	(*real)(int);
	static unsigned long nsyncfs;
	unsigned long long call;

	if (real == NULL)
		real = (int (*)(int))dlsym(RTLD_NEXT, "syncfs");
	if (inject_match_fd(fd)) {
		nsyncfs++;
		call = inject_env("INJECT_SYNCFS_CALL");
		if (call != 0 && nsyncfs == call) {
			errno = inject_errno();
			return -1;
		}
	}
	return real(fd);
}
