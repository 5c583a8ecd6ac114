/* tmpl.h: document templates: an XML file parsed once into a tree that doc.c evaluates per record. */
#ifndef ESSDOCS_TMPL_H
#define ESSDOCS_TMPL_H

#include <stddef.h>

#include "style.h"

struct diag;

/* A piece of text: a literal or a {placeholder}. */
struct tseg {
	char		*s;		/* literal text or dotted path */
	int		 field;		/* 1: s is a path */
	int		 optional;	/* {path?}: empty when missing */
};

struct tstr {
	struct tseg	*seg;
	size_t		 nseg;
};

enum test_op {
	TEST_TRUE,		/* test="path" */
	TEST_FALSE,		/* test="!path" */
	TEST_EQ,		/* test="path == 'v'" */
	TEST_NE			/* test="path != 'v'" */
};

enum tnode_kind {
	TN_TEXT,		/* character data */
	TN_P,			/* "p" */
	TN_B,			/* "b" */
	TN_I,			/* "i" */
	TN_NOBR,		/* "nobr": no break, no hyphenation */
	TN_NAME,		/* "name": no hyphenation */
	TN_BR,			/* "br" */
	TN_IF,			/* "if": kids are TN_BRANCH */
	TN_BRANCH,		/* an if, elif or else branch */
	TN_FOR,			/* "for" */
	TN_TABLE,		/* "table" */
	TN_TR,			/* "tr" */
	TN_TD,			/* "td" */
	TN_IMG,			/* "img" */
	TN_RULE,		/* "rule" */
	TN_RECT,		/* "rect" */
	TN_BAR,			/* "bar" */
	TN_FRAME,		/* "frame" */
	TN_KEEP,		/* "keep" */
	TN_PAGEBREAK,		/* "pagebreak" */
	TN_SPACE,		/* "space" */
	TN__MAX
};

struct tnode {
	enum tnode_kind	 kind;
	long		 line;
	struct tstr	 text;		/* TEXT; IMG src; BAR value */
	struct tstr	 max;		/* BAR max */
	const struct style *style;	/* P, TD, TABLE, FRAME; NULL inherits */
	struct boxattr	 a;
	enum test_op	 op;		/* BRANCH (with path NULL: else) */
	char		*path;		/* BRANCH test, FOR each */
	char		*value;		/* BRANCH test value */
	char		*as, *index;	/* FOR */
	char		*sep, *lastsep;	/* FOR, inline */
	struct tnode	*kids;
	size_t		 nkids;
	size_t		 maxkids;
};

/* A running header or footer. */
struct running {
	struct tnode	 root;		/* kids: its content */
	double		 pos;		/* header: top; footer: bottom, from the trim edge */
	int		 first;		/* shown on page 1 */
	int		 single;	/* shown when there is one page */
	int		 present;
};

struct tmpl {
	char		*file;
	char		*dir;		/* for relative image paths */
	struct pagesetup page;
	struct style	*styles;
	size_t		 nstyles;
	struct running	 header, footer;
	struct tstr	 title, author, subject;
	struct tnode	 body;		/* kids: the content */
};

/*
 * Parse the template file at path (no network, no DTD, no entities).
 * Returns NULL after reporting through d: EX_NOINPUT when the file is
 * unreadable, EX_DATAERR with FILE:LINE for anything malformed or
 * unknown.  The result is read-only and may be shared between threads.
 */
struct tmpl	*tmpl_load(const char *path, struct diag *d);
/* The same from memory; name is used in messages and dir for images. */
struct tmpl	*tmpl_parse(const char *buf, size_t len, const char *name,
		    struct diag *d);
void		 tmpl_free(struct tmpl *);
/* The style called name, or NULL. */
const struct style *tmpl_style(const struct tmpl *, const char *name);

/* Parse a colour: cmyk(c,m,y,k) (0..1 or 0..100), rgb(r,g,b) (0..1 or
 * 0..255), gray(g), #rrggbb.  Returns -1 when malformed. */
int		 tmpl_color(const char *, struct color *);
/* Parse a length ("12", "12pt", "5mm", "1cm", "50%", "*").  Returns -1
 * when malformed. */
int		 tmpl_len(const char *, struct len *);

#endif
