/* strpool.c: small strings packed in 64 kB blocks, named by 32-bit references (strpool.h). */
#include <stdlib.h>
#include <string.h>

#include "strpool.h"
#include "util.h"

/*
 * A reference is (block << 16 | offset) + 1: blocks are 64 kB, but for
 * a piece larger than that, which gets a block of its own (offset 0).
 */
#define BLOCK	65536

uint32_t
strpool_put(struct strpool *sp, const void *p, size_t len)
{
	uint32_t ref;

	if (sp->n == 0 || sp->size - sp->used < len) {
		if (sp->n >= 65535)
			abort();	/* 4 GB of names: not a round */
		sp->blocks = xrealloc(sp->blocks,
		    (sp->n + 1) * sizeof(*sp->blocks));
		sp->size = len > BLOCK ? len : BLOCK;
		sp->blocks[sp->n++] = xmalloc(sp->size);
		sp->used = 0;
	}
	memcpy(sp->blocks[sp->n - 1] + sp->used, p, len);
	ref = (uint32_t)(((sp->n - 1) << 16) | sp->used) + 1;
	sp->used += len;
	/* A big piece fills its block: the next one starts a new one. */
	if (sp->size > BLOCK)
		sp->used = sp->size;
	return ref;
}

uint32_t
strpool_dup(struct strpool *sp, const char *s)
{
	return strpool_put(sp, s, strlen(s) + 1);
}

const char *
strpool_get(const struct strpool *sp, uint32_t ref)
{
	ref--;
	return sp->blocks[ref >> 16] + (ref & 0xffff);
}

void
strpool_free(struct strpool *sp)
{
	size_t	 i;

	for (i = 0; i < sp->n; i++)
		free(sp->blocks[i]);
	free(sp->blocks);
	memset(sp, 0, sizeof(*sp));
}
