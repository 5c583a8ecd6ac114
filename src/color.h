/* color.h: colour conversions a device needs, apart from layout. */
#ifndef ESSDOCS_COLOR_H
#define ESSDOCS_COLOR_H

#include "style.h"

struct pages;

/*
 * c as a screen shows it: a CMYK colour becomes the RGB of those inks
 * printed on coated paper; other colours are left as they are.
 */
void	color_screen(struct color *c);
/* Every colour of every item of pp, for a screen document. */
void	pages_screen_colors(struct pages *pp);

#endif
