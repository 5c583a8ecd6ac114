/* font.h: the typefaces of a document: metrics for layout, files for the PDF device. */
#ifndef ESSDOCS_FONT_H
#define ESSDOCS_FONT_H

#include "style.h"

struct diag;
struct hb_blob_t;
struct hb_face_t;
struct hb_set_t;

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
/* The HarfBuzz face of a face's file, made once when the set is loaded
 * (for subsetting; owned by the fontset). */
struct hb_face_t *font_hb_face(const struct fontset *, enum face);
/*
 * Subsets reused across documents: font_subset_get() returns a new
 * reference to the subset of f's file stored for exactly the code
 * points cps, or NULL; font_subset_put() stores one (taking its own
 * reference), dropping the least recently used beyond a few dozen.
 * The cache is the only part of a fontset that changes after loading;
 * a mutex guards it.
 */
struct hb_blob_t *font_subset_get(const struct fontset *, enum face,
		    const struct hb_set_t *cps);
void		 font_subset_put(const struct fontset *, enum face,
		    const struct hb_set_t *cps, struct hb_blob_t *subset);
/*
 * What a PDF embeds for a subset that the cache holds (subset is the
 * blob font_subset_get() or font_subset_put() had): the compressed font
 * file written under the font name name, and its uncompressed length.
 * font_file_get() appends it to data and returns 1, or returns 0;
 * font_file_put() stores it with the subset (gone when the subset is).
 */
struct buf;
int		 font_file_get(const struct fontset *, enum face,
		    const struct hb_blob_t *subset, const char *name,
		    struct buf *data, unsigned long *length1);
void		 font_file_put(const struct fontset *, enum face,
		    const struct hb_blob_t *subset, const char *name,
		    const void *data, size_t len, unsigned long length1);
/* Advance width of code point cp in 1/1000 em, a whole number: the
 * width the PDF states for it (as libharu writes it, cut short); the
 * advance of U+FFFD (or 0) when the font lacks it. */
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
