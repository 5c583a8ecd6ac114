/* fsutil.h: output files: directories, path joining, writes that are whole or absent. */
#ifndef ESSDOCS_FSUTIL_H
#define ESSDOCS_FSUTIL_H

#include <stddef.h>
#include <sys/types.h>

struct diag;

/* "a" + "/" + "b" (a new string); b must already be a safe name. */
char	*fs_join(const char *a, const char *b);

/* mkdir -p; reports EX_CANTCREAT through d and returns -1 on failure. */
int	 fs_mkdirs(const char *path, struct diag *d);

/*
 * Write len bytes to path atomically: into a temporary file in the same
 * directory (atomic.h), fsync, then rename over path.  On failure
 * the temporary file is removed, the old path (if any) is left alone, the
 * failure is reported (EX_IOERR, EX_CANTCREAT when the file cannot be
 * created) and -1 is returned.
 */
int	 fs_write_atomic(const char *path, const char *data, size_t len,
	    struct diag *d);

/*
 * Take the exclusive lock of an output directory (DIR/.essdocs.lock),
 * so that two runs never write the same files at once.  Returns the
 * lock's descriptor (closing it releases the lock), or -1 after
 * reporting EX_CANTCREAT when another run holds it.
 */
int	 fs_lock(const char *dir, struct diag *d);

/* Remove the temporary files (".NAME.tmp-XXXXXX") that a killed run
 * left in dir.  Call it with the directory's lock held. */
void	 fs_clean_tmp(const char *dir);

/* 1 if path is an existing regular file. */
int	 fs_exists(const char *path);

/*
 * Write all n bytes of p to fd, at offset off (pwrite), or at the file's
 * position when off is -1 (write), again after EINTR and short writes.
 * Returns the bytes written: n, or fewer with errno set (EIO when the
 * system wrote nothing and said no more).
 */
size_t	 fs_write_all(int fd, const void *p, size_t n, off_t off);

/*
 * Read n bytes of fd at offset off into p, again after EINTR and short
 * reads.  Returns the bytes read, fewer than n only at the end of the
 * file, or -1 with errno set.
 */
ssize_t	 fs_pread_all(int fd, void *p, size_t n, off_t off);

#endif
