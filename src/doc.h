/* doc.h: the document model: a template evaluated over one record's data, before layout. */
#ifndef ESSDOCS_DOC_H
#define ESSDOCS_DOC_H

#include <stddef.h>

#include "tmpl.h"

struct data;
struct diag;

enum run_kind {
	RUN_TEXT,		/* text */
	RUN_PAGE,		/* {page}: the page number (running blocks) */
	RUN_PAGES,		/* {pages}: the page count (running blocks) */
	RUN_BR			/* a forced line break */
};

#define RUN_NOHYPH	0x01	/* never hyphenate (names, <name>) */
#define RUN_NOBREAK	0x02	/* never break a line inside (<nobr>) */

/* A piece of a paragraph in one face; white space separates words. */
struct run {
	enum run_kind	 kind;
	char		*text;		/* RUN_TEXT: UTF-8 */
	enum face	 face;
	int		 flags;
};

enum block_kind {
	BLK_PARA,		/* runs */
	BLK_TABLE,		/* kids: BLK_ROW */
	BLK_ROW,		/* kids: BLK_CELL */
	BLK_CELL,		/* kids: blocks */
	BLK_FRAME,		/* kids: blocks, at a fixed place */
	BLK_KEEP,		/* kids: blocks kept on one page */
	BLK_RULE,
	BLK_RECT,
	BLK_BAR,
	BLK_IMAGE,
	BLK_PAGEBREAK,
	BLK_SPACE
};

struct block {
	enum block_kind	 kind;
	long		 line;		/* in the template */
	const struct style *style;	/* never NULL */
	struct tattr	 a;		/* a.cols points into the template */
	double		 frac;		/* BAR: value / max, in 0..1 */
	char		*src;		/* IMAGE: the file's path */
	struct run	*runs;
	size_t		 nruns, maxruns;
	struct block	*kids;
	size_t		 nkids, maxkids;
};

/* A document refers to its template, which must outlive it. */
struct doc {
	const struct tmpl *t;
	struct block	 body;		/* the flowing content */
	struct block	 header;	/* empty when the template has none */
	struct block	 footer;
	char		*title, *author, *subject;
};

/*
 * Evaluate template t over data.  A {placeholder} naming a missing field
 * (without "?"), a list used as text or a bad number in a bar is an
 * error: it is reported with the template's FILE:LINE and appid (status
 * 1, a record error) and doc_build returns NULL after reporting every
 * such error.  A missing image file is reported with EX_NOINPUT.
 */
struct doc	*doc_build(const struct tmpl *t, const struct data *data,
		    const char *appid, struct diag *d);
void		 doc_free(struct doc *);

#endif
