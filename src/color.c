/* color.c: CMYK colours as a screen shows them. */
#include <stddef.h>

#include "color.h"
#include "page.h"

/*
 * The RGB look of the process inks on coated paper, for the corners of the
 * C, M, Y cube (bit 0 cyan, bit 1 magenta, bit 2 yellow), and of 100 % K.
 * The naive 1 - C formula shows cyan mixes as bright screen greens and
 * blues; interpolating between the inks' own colours makes the screen
 * version look like the print one in a viewer.
 */
static const double ink_rgb[8][3] = {
	{ 1.00, 1.00, 1.00 },	/* paper */
	{ 0.00, 0.68, 0.94 },	/* C */
	{ 0.93, 0.00, 0.55 },	/* M */
	{ 0.18, 0.19, 0.57 },	/* C M */
	{ 1.00, 0.95, 0.00 },	/* Y */
	{ 0.00, 0.65, 0.31 },	/* C Y */
	{ 0.93, 0.11, 0.14 },	/* M Y */
	{ 0.14, 0.12, 0.13 },	/* C M Y */
};
static const double ink_k[3] = { 0.137, 0.122, 0.125 };

void
color_screen(struct color *c)
{
	double	 rgb[3] = { 0, 0, 0 }, w;
	int	 i, j;

	if (c->cs != CS_CMYK)
		return;
	for (i = 0; i < 8; i++) {
		w = 1;
		for (j = 0; j < 3; j++)
			w *= i & (1 << j) ? c->c[j] : 1 - c->c[j];
		for (j = 0; j < 3; j++)
			rgb[j] += w * ink_rgb[i][j];
	}
	for (j = 0; j < 3; j++)
		c->c[j] = rgb[j] * (1 - c->c[3] * (1 - ink_k[j]));
	c->c[3] = 0;
	c->cs = CS_RGB;
}

void
pages_screen_colors(struct pages *pp)
{
	struct item	*it;
	size_t		 i, j;

	for (i = 0; i < pp->npages; i++)
		for (j = 0; j < pp->page[i].nitems; j++) {
			it = &pp->page[i].items[j];
			color_screen(&it->color);
			color_screen(&it->stroke_color);
		}
}
