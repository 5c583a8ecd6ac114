/* atomic.h: write a file beside its final path, then rename it into place. */
#ifndef ESSDOCS_ATOMIC_H
#define ESSDOCS_ATOMIC_H

#include <stddef.h>

#include "digest.h"

/*
 * One file being written.  The temporary file is ".NAME.tmp-XXXXXX" in
 * the directory of the final path, so that rename() never crosses a
 * file system.  Readers of path see the old file or the complete new
 * one, never a part.
 */
struct atomic {
	char	*path;		/* the final path (owned) */
	char	*tmp;		/* the temporary path (owned), NULL when none */
	int	 fd;		/* open on tmp, -1 when closed */
	int	 dirfd;		/* a registered directory, or AT_FDCWD */
	const char *tbase, *base; /* tmp and path inside dirfd */
	struct digest g;	/* of the bytes written */
};

/*
 * Register dir (a path exactly as callers spell it before the last '/')
 * and a descriptor open on it: files of that directory are then created
 * and renamed with openat()/renameat() on the descriptor, O_NOFOLLOW,
 * and a symbolic link at the final name is refused (ELOOP), so that a
 * directory swapped for a link after it was opened changes nothing.
 * The descriptor stays the caller's.  atomic_forget() drops them all.
 */
void	atomic_dir(const char *dir, int fd);
void	atomic_forget(void);

/*
 * Batched durability (on: 1): atomic_commit() renames without fsync of
 * the file or its directory; the caller makes the batch durable at once
 * (syncfs) before it records it (the manifest, written with batching
 * off).  Returns the previous setting.
 */
int	atomic_batched(int on);

/*
 * Create the temporary file for path.  Returns 0, or -1 with errno set
 * (nothing is left behind).  After success the caller must end with
 * atomic_commit() or atomic_abort().
 */
int	atomic_open(struct atomic *, const char *path);

/* Write all of buf[0..len).  Returns 0, or -1 with errno set. */
int	atomic_write(struct atomic *, const void *buf, size_t len);

/*
 * fsync and close the temporary file, rename it over the final path
 * and fsync the directory (no fsync when batched).  Returns 0, or -1 with errno set; in both
 * cases the temporary file is gone and the struct is released.
 */
int	atomic_commit(struct atomic *);

/*
 * The SHA-256 (lower-case hex) of the last file atomic_commit() put in
 * place in this process, as written: what the manifest records without
 * reading the file back.  "" before the first.
 */
const char *atomic_digest(void);

/* Close and unlink the temporary file and release the struct; safe to
 * call twice and after atomic_commit(). */
void	atomic_abort(struct atomic *);

#endif
