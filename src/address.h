/* address.h: the envelope window a template sets the recipient's address block in, and the block measured for it by the font's widths. */
#ifndef ESSDOCS_ADDRESS_H
#define ESSDOCS_ADDRESS_H

#include "font.h"

struct buf;
struct text_addr_fit;
struct text_measure;
struct tmpl;

/*
 * The window: the frame around <for each="app.address_block"> and the
 * style of the paragraph in it.  With several templates, the one that
 * holds least: the narrowest width, the largest size and min-size, the
 * fewest lines.
 */
struct addr_window {
	const struct fontset	*fs;
	enum face		 face;
	double			 width;		/* the line's width, points */
	double			 size;		/* the style's size */
	double			 min_size;	/* its min-size (0: none) */
	int			 max_lines;	/* lines the frame's height holds */
	int			 set;		/* some template has a window */
};

/*
 * Narrow w to the window of template t, measured with fs.  Returns 1 when
 * t has one (a frame with a width in points), else 0 (w unchanged).
 */
int	 addr_window_add(struct addr_window *w, const struct tmpl *t,
	    const struct fontset *fs);

/* The text_address_fit() measure of w: the style's face after the
 * typography pass (text_french_spacing()), as layout sets it. */
void	 addr_measure(const struct addr_window *w, struct text_measure *m);

/*
 * Append to b, in the user's language, why a block does not fit (fit has
 * TEXT_ADDR_TRUNCATED): field names the line ("the contact's name"),
 * already translated; w is the window it was measured for.
 */
void	 addr_misfit_msg(struct buf *b, const struct text_addr_fit *fit,
	    const struct addr_window *w, const char *field);

#endif
