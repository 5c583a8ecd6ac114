/* outdir.c: a round's output folder through directory descriptors: no symbolic link followed, only our own temporaries swept. */
#define _GNU_SOURCE		/* syncfs */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "atomic.h"
#include "diag.h"
#include "fsutil.h"
#include "outdir.h"
#include "util.h"

struct outsub {
	char	*rel;
	int	 fd;
};

/* outdir_flush_start(): the thread that writes out ahead. */
struct flusher {
	pthread_t	 thread;
	pthread_mutex_t	 mu;
	pthread_cond_t	 cv;
	int		 fd;		/* its own descriptor of the directory */
	int		 stop;
	unsigned	 calls;		/* syncfs calls made */
};

struct outdir {
	char		*path;		/* DIR/<id> */
	int		 fd;
	int		 lock;
	struct outsub	*subs;
	size_t		 nsubs;
	struct flusher	*fl;
};

static void
refuse_link(const char *path, struct diag *d)
{
	diag_msg(d, DIAG_ERROR, EX_CANTCREAT, path, 0, 0, NULL,
	    "is a symbolic link: essdocs follows no link inside a round's "
	    "folder; remove it or choose another -o");
}

/*
 * mkdirat + openat(O_NOFOLLOW | O_DIRECTORY) of name in at.  path is
 * for messages.  Returns the descriptor or -1 after reporting.
 */
static int
open_dir(int at, const char *name, const char *path, struct diag *d)
{
	struct stat	 st;
	int		 fd;

	if (mkdirat(at, name, 0777) == -1 && errno != EEXIST) {
		diag_msg(d, DIAG_ERROR, EX_CANTCREAT, path, 0, 0, NULL,
		    "cannot create directory: %s", strerror(errno));
		return -1;
	}
	fd = openat(at, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd != -1)
		return fd;
	if (fstatat(at, name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
	    S_ISLNK(st.st_mode))
		refuse_link(path, d);
	else if (errno == ENOTDIR)
		diag_msg(d, DIAG_ERROR, EX_CANTCREAT, path, 0, 0, NULL,
		    "not a directory");
	else
		diag_msg(d, DIAG_ERROR, EX_CANTCREAT, path, 0, 0, NULL,
		    "cannot open directory: %s", strerror(errno));
	return -1;
}

int
outdir_is_tmp(const char *name)
{
	const char	*t;
	size_t		 n = strlen(name), i;

	if (name[0] != '.' || n < 1 + 11)
		return 0;
	t = name + n - 10;		/* "tmp-XXXXXX" */
	if (strncmp(t - 1, ".tmp-", 5) != 0)
		return 0;
	for (i = 4; i < 10; i++)
		if (!((t[i] >= '0' && t[i] <= '9') ||
		    (t[i] >= 'a' && t[i] <= 'z') ||
		    (t[i] >= 'A' && t[i] <= 'Z')))
			return 0;
	return 1;
}

/*
 * Sweep our temporaries from the directory open on fd (regular files
 * only: a link or folder so named is not ours) and, with links set,
 * refuse document-named links.  Returns 0, or -1 after reporting.
 */
static int
scan_dir(int fd, const char *path, int links, struct diag *d)
{
	struct stat	 st;
	struct dirent	*de;
	DIR		*dp;
	const char	*dot;
	char		*p;
	int		 dfd, rc = 0;

	if ((dfd = dup(fd)) == -1 || (dp = fdopendir(dfd)) == NULL) {
		if (dfd != -1)
			close(dfd);
		return 0;
	}
	while ((de = readdir(dp)) != NULL) {
		if (fstatat(fd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) == -1)
			continue;
		if (S_ISREG(st.st_mode) && outdir_is_tmp(de->d_name)) {
			(void)unlinkat(fd, de->d_name, 0);
			continue;
		}
		if (!links || !S_ISLNK(st.st_mode) ||
		    (dot = strrchr(de->d_name, '.')) == NULL ||
		    (strcmp(dot, ".pdf") != 0 && strcmp(dot, ".dump") != 0))
			continue;
		p = fs_join(path, de->d_name);
		refuse_link(p, d);
		free(p);
		rc = -1;
	}
	closedir(dp);
	return rc;
}

struct outdir *
outdir_open(const char *dir, const char *id, struct diag *d)
{
	struct outdir	*od;
	char		*lock;
	int		 top;

	/* DIR is only created (and checked, with fs_mkdirs()'s messages)
	 * when it cannot be opened: an existing DIR/<id>/ is checked
	 * below, by its own name. */
	if ((top = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1) {
		if (fs_mkdirs(dir, d) == -1)
			return NULL;
		top = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	}
	if (top == -1) {
		diag_msg(d, DIAG_ERROR, EX_CANTCREAT, dir, 0, 0, NULL,
		    "cannot open directory: %s", strerror(errno));
		return NULL;
	}
	od = xcalloc(1, sizeof(*od));
	od->lock = -1;
	od->path = fs_join(dir, id);
	od->fd = open_dir(top, id, od->path, d);
	close(top);
	if (od->fd == -1)
		goto fail;
	if (faccessat(od->fd, ".", W_OK | X_OK, 0) == -1) {
		diag_msg(d, DIAG_ERROR, EX_CANTCREAT, od->path, 0, 0, NULL,
		    "cannot write in directory: %s", strerror(errno));
		goto fail;
	}
	lock = fs_join(od->path, ".essdocs.lock");
	od->lock = openat(od->fd, ".essdocs.lock", O_RDWR | O_CREAT |
	    O_NOFOLLOW | O_CLOEXEC, 0666);
	if (od->lock == -1) {
		if (errno == ELOOP)
			refuse_link(lock, d);
		else
			diag_msg(d, DIAG_ERROR, EX_CANTCREAT, lock, 0, 0, NULL,
			    "cannot create the lock file: %s", strerror(errno));
		free(lock);
		goto fail;
	}
	free(lock);
	if (flock(od->lock, LOCK_EX | LOCK_NB) == -1) {
		diag_msg(d, DIAG_ERROR, EX_CANTCREAT, od->path, 0, 0, NULL,
		    "another essdocs run is writing in this directory; "
		    "try again when it has finished");
		goto fail;
	}
	(void)scan_dir(od->fd, od->path, 0, d);
	atomic_dir(od->path, od->fd);
	return od;
fail:
	outdir_close(od);
	return NULL;
}

void
outdir_close(struct outdir *od)
{
	size_t	 i;

	if (od == NULL)
		return;
	atomic_forget();
	outdir_flush_stop(od);
	for (i = 0; i < od->nsubs; i++) {
		close(od->subs[i].fd);
		free(od->subs[i].rel);
	}
	free(od->subs);
	if (od->lock != -1)
		close(od->lock);
	if (od->fd != -1)
		close(od->fd);
	free(od->path);
	free(od);
}

const char *
outdir_path(const struct outdir *od)
{
	return od->path;
}

int
outdir_fd(const struct outdir *od)
{
	return od->fd;
}

int
outdir_sub(struct outdir *od, const char *rel, struct diag *d)
{
	struct buf	 sofar = BUF_INIT;
	char		*path, *comp, *cp, *next;
	size_t		 i;
	int		 at, fd = -1;

	for (i = 0; i < od->nsubs; i++)
		if (strcmp(od->subs[i].rel, rel) == 0)
			return od->subs[i].fd;
	cp = xstrdup(rel);
	at = od->fd;
	for (comp = cp; comp != NULL; comp = next) {
		if ((next = strchr(comp, '/')) != NULL)
			*next++ = '\0';
		if (sofar.len > 0)
			buf_putc(&sofar, '/');
		buf_puts(&sofar, comp);
		path = fs_join(od->path, sofar.s);
		fd = open_dir(at, comp, path, d);
		free(path);
		if (at != od->fd)
			close(at);
		if (fd == -1)
			break;
		at = fd;
	}
	free(cp);
	buf_free(&sofar);
	if (fd == -1)
		return -1;
	path = fs_join(od->path, rel);
	if (scan_dir(fd, path, 1, d) == -1) {
		free(path);
		close(fd);
		return -1;
	}
	atomic_dir(path, fd);
	free(path);
	od->subs = xrealloc(od->subs, (od->nsubs + 1) * sizeof(*od->subs));
	od->subs[od->nsubs].rel = xstrdup(rel);
	od->subs[od->nsubs++].fd = fd;
	return fd;
}

int
outdir_nolink(struct outdir *od, const char *name, struct diag *d)
{
	struct stat	 st;
	char		*p;

	if (fstatat(od->fd, name, &st, AT_SYMLINK_NOFOLLOW) == -1 ||
	    !S_ISLNK(st.st_mode))
		return 0;
	p = fs_join(od->path, name);
	refuse_link(p, d);
	free(p);
	return -1;
}

/* The thread: a syncfs every OUTDIR_FLUSH_MS until told to stop. */
static void *
flusher_run(void *arg)
{
	struct flusher	*fl = arg;
	struct timespec	 t;

	pthread_mutex_lock(&fl->mu);
	while (!fl->stop) {
		clock_gettime(CLOCK_MONOTONIC, &t);
		t.tv_nsec += OUTDIR_FLUSH_MS * 1000000L;
		t.tv_sec += t.tv_nsec / 1000000000L;
		t.tv_nsec %= 1000000000L;
		while (!fl->stop &&
		    pthread_cond_timedwait(&fl->cv, &fl->mu, &t) == 0)
			continue;
		if (fl->stop)
			break;
		pthread_mutex_unlock(&fl->mu);
		(void)syncfs(fl->fd);	/* outdir_sync() says what failed */
		pthread_mutex_lock(&fl->mu);
		fl->calls++;
	}
	pthread_mutex_unlock(&fl->mu);
	return NULL;
}

int
outdir_flush_start(struct outdir *od)
{
	struct flusher	*fl;
	pthread_condattr_t ca;
	int		 ok;

	if (od->fl != NULL)
		return 0;
	fl = xcalloc(1, sizeof(*fl));
	/* A descriptor of its own: syncfs() reports a write-back error
	 * once per descriptor, and the one at the end must see it. */
	if ((fl->fd = open(od->path, O_RDONLY | O_DIRECTORY |
	    O_CLOEXEC)) == -1) {
		free(fl);
		return -1;
	}
	pthread_mutex_init(&fl->mu, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&fl->cv, &ca);
	pthread_condattr_destroy(&ca);
	ok = pthread_create(&fl->thread, NULL, flusher_run, fl) == 0;
	if (!ok) {
		pthread_cond_destroy(&fl->cv);
		pthread_mutex_destroy(&fl->mu);
		close(fl->fd);
		free(fl);
		return -1;
	}
	od->fl = fl;
	return 0;
}

unsigned
outdir_flush_calls(struct outdir *od)
{
	struct flusher	*fl = od->fl;
	unsigned	 calls;

	if (fl == NULL)
		return 0;
	pthread_mutex_lock(&fl->mu);
	calls = fl->calls;
	pthread_mutex_unlock(&fl->mu);
	return calls;
}

unsigned
outdir_flush_stop(struct outdir *od)
{
	struct flusher	*fl = od->fl;
	unsigned	 calls;

	if (fl == NULL)
		return 0;
	pthread_mutex_lock(&fl->mu);
	fl->stop = 1;
	pthread_cond_signal(&fl->cv);
	pthread_mutex_unlock(&fl->mu);
	pthread_join(fl->thread, NULL);
	calls = fl->calls;
	pthread_cond_destroy(&fl->cv);
	pthread_mutex_destroy(&fl->mu);
	close(fl->fd);
	free(fl);
	od->fl = NULL;
	return calls;
}

int
outdir_sync(struct outdir *od, struct diag *d)
{
	if (syncfs(od->fd) == -1) {
		diag_msg(d, DIAG_ERROR, EX_IOERR, od->path, 0, 0, NULL,
		    "cannot make the documents durable (syncfs): %s",
		    strerror(errno));
		return -1;
	}
	return 0;
}
