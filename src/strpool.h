/* strpool.h: many small strings kept to the end of a run, packed in 64 kB blocks (no malloc and no pointer each: a 32-bit reference). */
#ifndef ESSDOCS_STRPOOL_H
#define ESSDOCS_STRPOOL_H

#include <stddef.h>
#include <stdint.h>

struct strpool {
	char	**blocks;
	size_t	  n;		/* blocks */
	size_t	  used, size;	/* of the last one */
};

#define STRPOOL_INIT	{ NULL, 0, 0, 0 }

/*
 * Keep a copy of p[0..len), in one piece, and return its reference:
 * never 0, so that 0 can mean "none" in a table.
 */
uint32_t	 strpool_put(struct strpool *, const void *p, size_t len);
/* The same for a string and its NUL. */
uint32_t	 strpool_dup(struct strpool *, const char *);
/* Where a reference's bytes are (valid until strpool_free()). */
const char	*strpool_get(const struct strpool *, uint32_t ref);
void		 strpool_free(struct strpool *);

#endif
