/* font.h: the typefaces of a document: metrics for layout, files for the PDF device. */
#ifndef ESSDOCS_FONT_H
#define ESSDOCS_FONT_H

struct diag;

enum face {
	FACE_REGULAR,		/* "regular" */
	FACE_BOLD,		/* "bold" */
	FACE_ITALIC,		/* "italic" */
	FACE_BOLDITALIC,	/* "bold-italic" */
	FACE__MAX
};

struct fontset;

/*
 * Load the four faces from dir (Lato-Regular.ttf, Lato-Bold.ttf,
 * Lato-Italic.ttf, Lato-BoldItalic.ttf).  Returns NULL after
 * reporting through d (EX_NOINPUT) when a file is missing or unreadable.
 * The fontset is read-only once loaded and may be shared between threads.
 */
struct fontset	*fontset_load(const char *dir, struct diag *d);
void		 fontset_free(struct fontset *);

/* The path of a face's TrueType file. */
const char	*font_path(const struct fontset *, enum face);
/* Advance width of code point cp in 1/1000 em; the advance of U+FFFD (or
 * 0) when the font lacks it. */
double		 font_advance(const struct fontset *, enum face, long cp);
/* Width of a UTF-8 string at size pt, in points. */
double		 font_width(const struct fontset *, enum face, const char *s,
		    double size);
/* 1 if the face has a glyph for cp. */
int		 font_has(const struct fontset *, enum face, long cp);
/* Ascender and descender (negative) in 1/1000 em. */
double		 font_ascent(const struct fontset *, enum face);
double		 font_descent(const struct fontset *, enum face);
const char	*face_name(enum face);

#endif
