/* doc.h: the document model: a template evaluated over one record's data, before layout. */
#ifndef ESSDOCS_DOC_H
#define ESSDOCS_DOC_H

#include <stddef.h>

#include "style.h"

struct data;
struct diag;
struct tmpl;

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
	const struct style *style;	/* never NULL: one of its doc's styles */
	struct boxattr	 a;		/* a.cols owned by the block */
	double		 frac;		/* BAR: value / max, in 0..1 */
	char		*src;		/* IMAGE: the file's path */
	struct run	*runs;
	size_t		 nruns, maxruns;
	struct block	*kids;
	size_t		 nkids, maxkids;
};

/* A running header or footer: its blocks and where they go. */
struct band {
	struct block	 b;		/* kids: its blocks */
	double		 pos;		/* header: top; footer: bottom, from the trim edge */
	int		 first;		/* shown on page 1 */
	int		 single;	/* shown when there is one page */
	int		 present;	/* 0: the template has none */
};

/*
 * A document owns everything it holds (it does not refer to its
 * template): the page setup, its own copy of the template's styles,
 * which its blocks point into, and the template's file name, for
 * messages about its lines.
 */
struct doc {
	char		*file;		/* the template's file */
	struct pagesetup page;
	struct style	*styles;
	size_t		 nstyles;
	struct block	 body;		/* the flowing content */
	struct band	 header, footer;
	char		*title, *author, *subject;
};

/*
 * Evaluate template t over data.  A {placeholder} naming a missing field
 * (without "?"), a list used as text or a bad number in a bar is an
 * error: it is reported with the template's FILE:LINE and appid (status
 * 1, a record error) and doc_build returns NULL after reporting every
 * such error.  A missing image file is reported with EX_NOINPUT.  The
 * document copies what it needs of t: t may go before it.
 */
struct doc	*doc_build(const struct tmpl *t, const struct data *data,
		    const char *appid, struct diag *d);
void		 doc_free(struct doc *);

#endif
