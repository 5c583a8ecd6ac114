/* digest.h: SHA-256 digests (nettle) of bytes, files and template data trees, as lower-case hex. */
#ifndef ESSDOCS_DIGEST_H
#define ESSDOCS_DIGEST_H

#include <stddef.h>

#include <nettle/sha2.h>

struct data;

#define DIGEST_HEX	65	/* 64 hex digits and the NUL */

struct digest {
	struct sha256_ctx	 ctx;
};

void	digest_init(struct digest *);
void	digest_add(struct digest *, const void *, size_t);
/* A string and its terminating NUL, so that "ab"+"c" != "a"+"bc". */
void	digest_str(struct digest *, const char *);
/* Finish into hex[DIGEST_HEX]; the digest may be initialised again. */
void	digest_hex(struct digest *, char *hex);

/*
 * Add a data tree: every key, string and nesting, except the entry at
 * the dotted path skip (NULL: none), e.g. "letter.date".
 */
void	digest_data(struct digest *, const struct data *, const char *skip);

/*
 * digest_data() of a map in two parts, for a map whose first n entries
 * stay the same from one record to the next (the call's data): the
 * head adds the opening and entries [0, n), the tail the entries from
 * n on and the closing.  A copy of a digest after the head, continued
 * with the tail, equals digest_data() of the map.
 */
void	digest_map_head(struct digest *, const struct data *map, size_t n,
	    const char *skip);
void	digest_map_tail(struct digest *, const struct data *map, size_t n,
	    const char *skip);

/* Add the bytes of the file name in directory dirfd (AT_FDCWD: the
 * current one), without following a final symbolic link.  0 or -1
 * (errno set). */
int	digest_file(struct digest *, int dirfd, const char *name);

#endif
