/* svg.h: a logo drawn from a small subset of SVG, with PDF path operators. */
#ifndef ESSDOCS_SVG_H
#define ESSDOCS_SVG_H

#include <hpdf.h>

struct call;
struct svg;

/*
 * The drawing in the SVG file at path, read once per process (later
 * calls return the same drawing).  The subset: an <svg> root with a
 * viewBox; <rect> (no rounded corners), <circle>, <ellipse>, <line>,
 * <polyline>, <polygon>, <path> (M L H V C Q Z, absolute and relative)
 * and <g>; the attributes fill, stroke (none, black, white, #rgb,
 * #rrggbb), stroke-width and fill-rule; <title>, <desc>, <metadata> and
 * elements of other namespaces are skipped.  Anything else (text,
 * transforms, styles, gradients, opacity, arcs) makes the file one
 * essdocs does not draw: NULL, and *why (when why is not NULL) says
 * what, a static English string (N_: pass it through _()).
 */
const struct svg *svg_get(const char *path, const char **why);

/*
 * Draw d into the box x, y (lower left, points), w x h, keeping its
 * proportions, centred (SVG's default "xMidYMid meet").  Grey colours
 * are drawn in DeviceGray, others in DeviceRGB; with cmyk (a print
 * file) every colour is in DeviceCMYK (a plain conversion: a grey is
 * black ink only).  The page's
 * graphics state is saved and restored around it.
 */
void	svg_draw(const struct svg *d, HPDF_Page pg, double x, double y,
	    double w, double h, int cmyk);

/*
 * The logo that documents show for the call: its vector form when the
 * call file names an SVG that svg_get() draws, else its PNG (src).
 * NULL when the call has no logo.
 */
const char *svg_logo(const struct call *c);

#endif
