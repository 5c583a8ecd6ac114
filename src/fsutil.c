/* fsutil.c: output directories and atomic file writes. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>

#include "atomic.h"
#include "diag.h"
#include "fsutil.h"
#include "util.h"

char *
fs_join(const char *a, const char *b)
{
	struct buf	 p = BUF_INIT;
	size_t		 n = strlen(a);

	buf_puts(&p, a);
	if (n > 0 && a[n - 1] != '/')
		buf_putc(&p, '/');
	buf_puts(&p, b);
	return buf_detach(&p);
}

int
fs_mkdirs(const char *path, struct diag *d)
{
	struct stat	 st;
	char		*p, *s;
	int		 rc = 0;

	p = xstrdup(path);
	for (s = p + (*p != '\0'); ; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		char c = *s;
		*s = '\0';
		if (mkdir(p, 0777) == -1 && errno != EEXIST) {
			diag_msg(d, DIAG_ERROR, EX_CANTCREAT, p, 0, 0, NULL,
			    "cannot create directory: %s", strerror(errno));
			rc = -1;
			break;
		}
		*s = c;
		if (c == '\0')
			break;
	}
	if (rc == 0 && (stat(path, &st) == -1 || !S_ISDIR(st.st_mode))) {
		diag_msg(d, DIAG_ERROR, EX_CANTCREAT, path, 0, 0, NULL,
		    "not a directory");
		rc = -1;
	}
	if (rc == 0 && access(path, W_OK | X_OK) == -1) {
		diag_msg(d, DIAG_ERROR, EX_CANTCREAT, path, 0, 0, NULL,
		    "cannot write in directory: %s", strerror(errno));
		rc = -1;
	}
	free(p);
	return rc;
}

int
fs_write_atomic(const char *path, const char *data, size_t len,
    struct diag *d)
{
	struct atomic	 a;

	if (atomic_open(&a, path) == -1) {
		diag_msg(d, DIAG_ERROR, EX_CANTCREAT, path, 0, 0, NULL,
		    "cannot create: %s", strerror(errno));
		return -1;
	}
	if (atomic_write(&a, data, len) == -1 || atomic_commit(&a) == -1) {
		diag_msg(d, DIAG_ERROR, EX_IOERR, path, 0, 0, NULL,
		    "cannot write: %s", strerror(errno));
		atomic_abort(&a);
		return -1;
	}
	return 0;
}

int
fs_exists(const char *path)
{
	struct stat	 st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

int
fs_lock(const char *dir, struct diag *d)
{
	char	*path;
	int	 fd;

	path = fs_join(dir, ".essdocs.lock");
	if ((fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0666)) == -1) {
		diag_msg(d, DIAG_ERROR, EX_CANTCREAT, path, 0, 0, NULL,
		    "cannot create the lock file: %s", strerror(errno));
		free(path);
		return -1;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) == -1) {
		diag_msg(d, DIAG_ERROR, EX_CANTCREAT, dir, 0, 0, NULL,
		    "another essdocs run is writing in this directory; "
		    "try again when it has finished");
		close(fd);
		free(path);
		return -1;
	}
	free(path);
	return fd;
}

void
fs_clean_tmp(const char *dir)
{
	DIR		*dp;
	struct dirent	*de;
	char		*p;

	if ((dp = opendir(dir)) == NULL)
		return;
	while ((de = readdir(dp)) != NULL) {
		if (de->d_name[0] != '.' || strstr(de->d_name, ".tmp-") == NULL)
			continue;
		p = fs_join(dir, de->d_name);
		unlink(p);
		free(p);
	}
	closedir(dp);
}

size_t
fs_write_all(int fd, const void *p, size_t n, off_t off)
{
	const char	*c = p;
	size_t		 done = 0;
	ssize_t		 w;

	while (done < n) {
		w = off == -1 ? write(fd, c + done, n - done) :
		    pwrite(fd, c + done, n - done, off + (off_t)done);
		if (w == -1 && errno == EINTR)
			continue;
		if (w <= 0) {
			if (w == 0)
				errno = EIO;
			break;
		}
		done += (size_t)w;
	}
	return done;
}

ssize_t
fs_pread_all(int fd, void *p, size_t n, off_t off)
{
	char		*c = p;
	size_t		 done = 0;
	ssize_t		 r;

	while (done < n) {
		r = pread(fd, c + done, n - done, off + (off_t)done);
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1)
			return -1;
		if (r == 0)
			break;		/* the end of the file */
		done += (size_t)r;
	}
	return (ssize_t)done;
}
