/* atomic.c: write a file beside its final path, then rename it into place. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "atomic.h"
#include "fsutil.h"
#include "util.h"

static struct {
	char	*dir;
	int	 fd;
}		*dirs;
static size_t	 ndirs;
static int	 batched;
static char	 last[DIGEST_HEX];	/* atomic_digest() */

void
atomic_dir(const char *dir, int fd)
{
	size_t	 i;

	for (i = 0; i < ndirs; i++)
		if (strcmp(dirs[i].dir, dir) == 0) {
			dirs[i].fd = fd;
			return;
		}
	dirs = xrealloc(dirs, (ndirs + 1) * sizeof(*dirs));
	dirs[ndirs].dir = xstrdup(dir);
	dirs[ndirs++].fd = fd;
}

void
atomic_forget(void)
{
	size_t	 i;

	for (i = 0; i < ndirs; i++)
		free(dirs[i].dir);
	free(dirs);
	dirs = NULL;
	ndirs = 0;
}

int
atomic_batched(int on)
{
	int	 was = batched;

	batched = on;
	return was;
}

/* The registered descriptor of the directory part of path, or AT_FDCWD. */
static int
atomic_lookup(const char *path, size_t dirlen)
{
	size_t	 i;

	for (i = 0; i < ndirs; i++)
		if (strlen(dirs[i].dir) == dirlen &&
		    strncmp(dirs[i].dir, path, dirlen) == 0)
			return dirs[i].fd;
	return AT_FDCWD;
}

int
atomic_open(struct atomic *a, const char *path)
{
	struct buf	 dir = BUF_INIT, b = BUF_INIT;
	struct timespec	 ts;
	const char	*slash, *base;
	unsigned long	 seed;
	int		 i, e;

	a->path = xstrdup(path);
	digest_init(&a->g);
	a->tmp = NULL;
	a->fd = -1;
	slash = strrchr(path, '/');
	if (slash != NULL) {
		buf_add(&dir, path, (size_t)(slash - path) + 1);
		base = slash + 1;
	} else
		base = path;
	a->dirfd = slash != NULL ? atomic_lookup(path,
	    (size_t)(slash - path)) : AT_FDCWD;
	a->base = a->path + (base - path);
	clock_gettime(CLOCK_REALTIME, &ts);
	seed = (unsigned long)getpid() * 2654435761UL ^
	    (unsigned long)ts.tv_nsec ^ (unsigned long)(uintptr_t)a;
	/*
	 * Not mkstemp(): it creates the file 0600, and only O_CREAT with
	 * 0666 gives the file the mode the user's umask asks for.
	 */
	for (i = 0; i < 100; i++) {
		buf_truncate(&b, 0);
		buf_printf(&b, "%s.%s.tmp-%06lx", buf_str(&dir), base,
		    (seed + (unsigned long)i * 7919UL) & 0xffffffUL);
		a->fd = a->dirfd == AT_FDCWD ? open(b.s, O_WRONLY | O_CREAT |
		    O_EXCL | O_CLOEXEC, 0666) : openat(a->dirfd,
		    b.s + dir.len, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
		    O_CLOEXEC, 0666);
		if (a->fd != -1 || errno != EEXIST)
			break;
	}
	e = errno;
	buf_free(&dir);
	if (a->fd == -1) {
		buf_free(&b);
		free(a->path);
		a->path = NULL;
		errno = e;
		return -1;
	}
	a->tmp = buf_detach(&b);
	a->tbase = a->tmp + (a->base - a->path);
	return 0;
}

int
atomic_write(struct atomic *a, const void *buf, size_t len)
{
	digest_add(&a->g, buf, len);
	return fs_write_all(a->fd, buf, len, -1) == len ? 0 : -1;
}

/* fsync the directory holding path so that the rename is durable. */
static void
atomic_syncdir(const char *path)
{
	const char	*slash;
	char		*dir;
	int		 fd;

	slash = strrchr(path, '/');
	if (slash == NULL)
		dir = xstrdup(".");
	else if (slash == path)
		dir = xstrdup("/");
	else
		dir = xstrndup(path, (size_t)(slash - path));
	if ((fd = open(dir, O_RDONLY)) != -1) {
		(void)fsync(fd);
		close(fd);
	}
	free(dir);
}

int
atomic_commit(struct atomic *a)
{
	int	 e;

	if (a->tmp == NULL) {
		errno = EINVAL;
		return -1;
	}
	if (!batched && fsync(a->fd) == -1)
		goto fail;
	e = close(a->fd);
	a->fd = -1;
	if (e == -1)
		goto fail;
	if (a->dirfd != AT_FDCWD) {
		struct stat	 st;

		if (fstatat(a->dirfd, a->base, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
		    S_ISLNK(st.st_mode)) {
			errno = ELOOP;
			goto fail;
		}
		if (renameat(a->dirfd, a->tbase, a->dirfd, a->base) == -1)
			goto fail;
		if (!batched)
			(void)fsync(a->dirfd);
	} else {
		if (rename(a->tmp, a->path) == -1)
			goto fail;
		if (!batched)
			atomic_syncdir(a->path);
	}
	free(a->tmp);
	a->tmp = NULL;
	digest_hex(&a->g, last);
	atomic_abort(a);
	return 0;
fail:
	e = errno;
	atomic_abort(a);
	errno = e;
	return -1;
}

const char *
atomic_digest(void)
{
	return last;
}

void
atomic_abort(struct atomic *a)
{
	int	 e = errno;

	if (a->fd != -1)
		close(a->fd);
	a->fd = -1;
	if (a->tmp != NULL)
		(void)unlinkat(a->dirfd, a->dirfd == AT_FDCWD ? a->tmp :
		    a->tbase, 0);
	free(a->tmp);
	a->tmp = NULL;
	free(a->path);
	a->path = NULL;
	errno = e;
}
