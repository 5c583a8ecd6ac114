/* dump.h: the text dump device: one line per page and per item, for golden tests and --dump. */
#ifndef ESSDOCS_DUMP_H
#define ESSDOCS_DUMP_H

#include <stdio.h>

#include "page.h"
#include "util.h"

/*
 * Append the dump of p to b.  Positions are rounded to 0.01 pt; U+00A0
 * and U+202F are written as \u00a0 and \u202f, '"' and '\' escaped.
 */
void	dump_buf(const struct pages *p, struct buf *b);
/* Write the dump to f; returns -1 when the write failed. */
int	dump_write(const struct pages *p, FILE *f);

#endif
