/* ttfembed.h: a TrueType subset as a PDF embeds it: tables readers never read dropped, outlines at 1 000 units per em. */
#ifndef ESSDOCS_TTFEMBED_H
#define ESSDOCS_TTFEMBED_H

#include <stddef.h>

struct buf;

/*
 * Rewrite the TrueType font of n bytes at in (as libharu writes a
 * subset for embedding) into out, appended:
 *
 * - without the "name" and "OS/2" tables (a PDF reader takes the
 *   font's name, flags and metrics from the font dictionaries);
 * - a font of 2 000 units per em rescaled to 1 000: every outline
 *   point, component offset, bounding box and metric halved, rounded
 *   to the nearest unit (half away from zero), the points re-encoded
 *   as compactly as the format allows.  The error is at most half a
 *   unit, 1/2000 em (0.005 pt at 10 pt).  The PDF's /Widths, not the
 *   font's advances, place the glyphs: they do not change.
 *
 * The tables the PDF format requires of an embedded TrueType program
 * (head, hhea, loca, maxp, cvt, prep, glyf, hmtx, fpgm, and cmap) are
 * kept, and the checksums are those of the new tables.  Rescaled glyphs
 * are kept for the process, by their bytes (at most 2 048, a mutex
 * guards them), for the next subset that has them.  Returns 0, or -1
 * when the font is not as expected (out is then left as it was).
 */
int	ttf_embed(const unsigned char *in, size_t n, struct buf *out);

#endif
