/* page.h: laid-out pages, the output of layout and the input of every device. */
#ifndef ESSDOCS_PAGE_H
#define ESSDOCS_PAGE_H

#include <stddef.h>

#include "style.h"

enum item_kind {
	ITEM_TEXT,		/* a run of text drawn at (x, y) = start of baseline */
	ITEM_RECT,		/* a filled and/or stroked rectangle, (x, y) lower left */
	ITEM_LINE,		/* a stroked line from (x, y) to (x + w, y + h) */
	ITEM_IMAGE		/* a PNG image in the box (x, y, w, h) */
};

/*
 * One drawing instruction.  Coordinates are PDF points from the lower
 * left corner of the page (the MediaBox).  Text runs never contain a
 * space that layout stretched: a justified line is one item per word.
 */
struct item {
	enum item_kind	 kind;
	double		 x, y, w, h;
	enum face	 face;		/* TEXT */
	double		 size;		/* TEXT: font size in points */
	char		*text;		/* TEXT: UTF-8; IMAGE: the PNG file's path */
	int		 fill;		/* RECT: 1 to fill */
	int		 stroke;	/* RECT, LINE: 1 to stroke */
	struct color	 color;		/* TEXT and fill colour */
	struct color	 stroke_color;
	double		 line_width;
	int		 hyphen;	/* TEXT: the run ends with a hyphen layout added */
	double		 dash;		/* LINE: dashes and gaps this long (pt); 0: solid */
};

struct page {
	double		 width, height;	/* the MediaBox */
	int		 has_boxes;	/* 1: the trim and bleed boxes below are written */
	double		 trim[4];	/* x0, y0, x1, y1 */
	double		 bleed[4];
	struct item	*items;
	size_t		 nitems;
	size_t		 maxitems;
};

struct pages {
	struct page	*page;
	size_t		 npages;
	size_t		 maxpages;
	char		*title;		/* document metadata (may be NULL) */
	char		*author;
	char		*subject;
	char		*creator;
	int		 failed;	/* layout reported an error: write nothing */
};

struct pages	*pages_new(void);
void		 pages_free(struct pages *);
/* Append a page of this size and return it. */
struct page	*pages_add(struct pages *, double width, double height);
/* Append an item (copied; its text is duplicated) and return it. */
struct item	*page_add(struct page *, const struct item *);

#endif
