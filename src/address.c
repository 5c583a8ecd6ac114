/* address.c: the envelope window a template sets the recipient's address block in, and the block measured for it by the font's widths. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "address.h"
#include "font.h"
#include "i18n.h"
#include "text.h"
#include "tmpl.h"
#include "util.h"

/* The frame and paragraph around <for each="app.address_block">, with
 * the style they inherit; 1 when found. */
static int
find(const struct tnode *n, const struct tnode *frame,
    const struct style *st, const struct tnode **fr, const struct style **ps)
{
	size_t	 i;

	if (n->style != NULL)
		st = n->style;
	if (n->kind == TN_FRAME)
		frame = n;
	if (n->kind == TN_FOR && n->path != NULL &&
	    strcmp(n->path, "app.address_block") == 0) {
		*fr = frame;
		*ps = st;
		return frame != NULL && st != NULL;
	}
	for (i = 0; i < n->nkids; i++)
		if (find(&n->kids[i], frame, st, fr, ps))
			return 1;
	return 0;
}

int
addr_window_add(struct addr_window *w, const struct tmpl *t,
    const struct fontset *fs)
{
	const struct tnode *fr = NULL;
	const struct style *st = NULL;
	double		 width, pad, h;
	int		 lines;

	if (!find(&t->body, NULL, NULL, &fr, &st) || fr->a.w.u != LEN_PT ||
	    st->leading <= 0)
		return 0;
	pad = fr->a.padding;
	width = fr->a.w.v - 2 * pad - st->indent - st->right_indent -
	    (st->first_indent > 0 ? st->first_indent : 0);
	lines = TEXT_ADDR_LINES;
	if (fr->a.h.u == LEN_PT) {
		h = fr->a.h.v - 2 * pad - st->space_before - st->space_after;
		if (floor((h + 0.01) / st->leading) < lines)
			lines = (int)floor((h + 0.01) / st->leading);
	}
	if (!w->set || width < w->width)
		w->width = width;
	if (!w->set || st->size > w->size) {
		w->size = st->size;
		w->face = st->face;
	}
	if (!w->set || st->min_size > w->min_size)
		w->min_size = st->min_size;
	if (!w->set || lines < w->max_lines)
		w->max_lines = lines;
	w->fs = fs;
	w->set = 1;
	return 1;
}

static double
width1(void *arg, const char *s)
{
	const struct addr_window *w = arg;
	struct buf	 b = BUF_INIT;
	double		 x;

	text_french_spacing(&b, s);
	x = font_width(w->fs, w->face, buf_str(&b), 1);
	buf_free(&b);
	return x;
}

void
addr_measure(const struct addr_window *w, struct text_measure *m)
{
	memset(m, 0, sizeof(*m));
	m->width = width1;
	m->arg = (void *)w;
	m->window = w->width;
	m->size = w->size;
	m->min_size = w->min_size;
	m->max_lines = w->max_lines;
}

void
addr_misfit_msg(struct buf *b, const struct text_addr_fit *fit,
    const struct addr_window *w, const char *field)
{
	double	 min, mm = 72 / 25.4;

	min = w->min_size > 0 && w->min_size < w->size ? w->min_size :
	    w->size;
	if (fit->wrapped)
		buf_printf(b, _("the address block does not fit the envelope "
		    "window: %s '%s' does not fit on two lines of %.0f mm, even "
		    "at %g pt: '%s' is left over (%.1f mm): shorten it"), field,
		    fit->text, w->width / mm, min, fit->rest, fit->over / mm);
	else if (fit->over > 0)
		buf_printf(b, _("the address block does not fit the envelope "
		    "window: %s '%s' is %.1f mm too wide for the window's %.0f "
		    "mm, even at %g pt with La Poste's abbreviations and first "
		    "names as initials: shorten it"), field, fit->text,
		    fit->over / mm, w->width / mm, min);
	else
		buf_printf(b, _("the address block breaks La Poste's rule of "
		    "%d characters a line: %s '%s' has %d, even with La Poste's "
		    "abbreviations and first names as initials: shorten it"),
		    TEXT_ADDR_WIDTH, field, fit->text, fit->chars);
}
