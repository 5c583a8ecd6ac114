/* style.h: what a template and its document share: faces, colours, lengths, paragraph styles, boxes, page setup. */
#ifndef ESSDOCS_STYLE_H
#define ESSDOCS_STYLE_H

#include <stddef.h>

#define MM(x)	((x) * 72.0 / 25.4)	/* millimetres to points */

enum face {
	FACE_REGULAR,		/* "regular" */
	FACE_BOLD,		/* "bold" */
	FACE_ITALIC,		/* "italic" */
	FACE_BOLDITALIC,	/* "bold-italic" */
	FACE__MAX
};

enum colorspace {
	CS_GRAY,		/* c[0] = gray level, 0 black .. 1 white */
	CS_RGB,			/* c[0..2] in 0..1 */
	CS_CMYK			/* c[0..3] in 0..1 */
};

struct color {
	enum colorspace	 cs;
	double		 c[4];
};

enum align {
	ALIGN_LEFT,		/* "left" */
	ALIGN_RIGHT,		/* "right" */
	ALIGN_CENTER,		/* "center" */
	ALIGN_JUSTIFY		/* "justify" */
};

/* A named paragraph style; lengths in points. */
struct style {
	char		*name;
	enum face	 face;
	double		 size, leading;
	enum align	 align;
	double		 space_before, space_after;
	double		 indent;		/* left indent */
	double		 right_indent;
	double		 first_indent;		/* added to indent on line 1 */
	struct color	 color;
	int		 hyphenate;
	int		 keep_next;		/* keep with the next block */
	double		 min_size;		/* > 0: set smaller, down to this,
						   rather than wrap a line */
};

/* A length as written: points, percent of the container, or a share. */
enum len_unit {
	LEN_NONE,		/* absent */
	LEN_PT,			/* absolute, converted to points */
	LEN_PCT,		/* percent of the container's width */
	LEN_STAR		/* table column: a share of what is left */
};

struct len {
	double		 v;
	enum len_unit	 u;
};

/* Geometry and paint of a box (a frame, table, cell, rule, image...). */
struct boxattr {
	struct len	 x, y, w, h;
	struct color	 fill, stroke;
	int		 has_fill, has_stroke;
	double		 line_width;
	double		 padding;
	double		 border;		/* table rules' width, 0 none */
	int		 header;		/* table: header rows repeated */
	struct len	*cols;			/* table columns (owned) */
	size_t		 ncols;
	double		 folds[4];		/* pagebreak: fold positions */
	int		 nfolds;		/* -1: keep the current folds */
};

/* Page geometry, in points; margins are top, right, bottom, left. */
struct pagesetup {
	double		 width, height;		/* the trim size */
	double		 margin[4];
	double		 bleed;
	int		 marks;			/* crop and fold marks */
	double		 folds[4];		/* x from the left trim edge */
	int		 nfolds;
};

#endif
