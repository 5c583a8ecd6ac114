/* dump.c: write laid-out pages as text, one line per page and per item. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "dump.h"
#include "font.h"

/* A number rounded to 0.01 without "-0.00". */
static void
num(struct buf *b, double v)
{
	v = round(v * 100) / 100;
	if (v == 0)
		v = 0;
	buf_printf(b, " %.2f", v);
}

static void
color(struct buf *b, const struct color *c)
{
	switch (c->cs) {
	case CS_GRAY:
		buf_printf(b, " gray(%g)", round(c->c[0] * 1000) / 1000);
		break;
	case CS_RGB:
		buf_printf(b, " rgb(%g,%g,%g)", round(c->c[0] * 1000) / 1000,
		    round(c->c[1] * 1000) / 1000, round(c->c[2] * 1000) / 1000);
		break;
	case CS_CMYK:
		buf_printf(b, " cmyk(%g,%g,%g,%g)",
		    round(c->c[0] * 1000) / 1000, round(c->c[1] * 1000) / 1000,
		    round(c->c[2] * 1000) / 1000, round(c->c[3] * 1000) / 1000);
		break;
	}
}

static void
quoted(struct buf *b, const char *s)
{
	buf_putc(b, ' ');
	buf_putc(b, '"');
	for (; *s != '\0'; s++) {
		if (strncmp(s, "\xc2\xa0", 2) == 0) {
			buf_puts(b, "\\u00a0");
			s++;
		} else if (strncmp(s, "\xe2\x80\xaf", 3) == 0) {
			buf_puts(b, "\\u202f");
			s += 2;
		} else if (*s == '"' || *s == '\\') {
			buf_putc(b, '\\');
			buf_putc(b, *s);
		} else if ((unsigned char)*s < 0x20)
			buf_printf(b, "\\x%02x", (unsigned char)*s);
		else
			buf_putc(b, *s);
	}
	buf_putc(b, '"');
}

static void
box(struct buf *b, const char *name, const double *v)
{
	int	 i;

	buf_printf(b, " %s", name);
	for (i = 0; i < 4; i++)
		num(b, v[i]);
}

void
dump_buf(const struct pages *p, struct buf *b)
{
	const struct page	*pg;
	const struct item	*it;
	size_t			 i, j;

	buf_printf(b, "pages %zu", p->npages);
	if (p->title != NULL && p->title[0] != '\0')
		quoted(b, p->title);
	buf_putc(b, '\n');
	for (i = 0; i < p->npages; i++) {
		pg = &p->page[i];
		buf_printf(b, "page %zu", i + 1);
		num(b, pg->width);
		num(b, pg->height);
		if (pg->has_boxes) {
			box(b, "trim", pg->trim);
			box(b, "bleed", pg->bleed);
		}
		buf_putc(b, '\n');
		for (j = 0; j < pg->nitems; j++) {
			it = &pg->items[j];
			switch (it->kind) {
			case ITEM_TEXT:
				buf_puts(b, "  text");
				num(b, it->x);
				num(b, it->y);
				num(b, it->w);
				buf_printf(b, " %s", face_name(it->face));
				num(b, it->size);
				color(b, &it->color);
				if (it->hyphen)
					buf_puts(b, " hyphen");
				quoted(b, it->text);
				break;
			case ITEM_RECT:
				buf_puts(b, "  rect");
				num(b, it->x);
				num(b, it->y);
				num(b, it->w);
				num(b, it->h);
				if (it->fill) {
					buf_puts(b, " fill");
					color(b, &it->color);
				}
				if (it->stroke) {
					buf_puts(b, " stroke");
					color(b, &it->stroke_color);
					num(b, it->line_width);
				}
				break;
			case ITEM_LINE:
				buf_puts(b, "  line");
				num(b, it->x);
				num(b, it->y);
				num(b, it->w);
				num(b, it->h);
				color(b, &it->stroke_color);
				num(b, it->line_width);
				if (it->dash > 0) {
					buf_puts(b, " dash");
					num(b, it->dash);
				}
				break;
			case ITEM_IMAGE:
				buf_puts(b, "  image");
				num(b, it->x);
				num(b, it->y);
				num(b, it->w);
				num(b, it->h);
				/* The file's name only: dumps do not depend
				 * on where the inputs are. */
				quoted(b, strrchr(it->text, '/') != NULL ?
				    strrchr(it->text, '/') + 1 : it->text);
				break;
			}
			buf_putc(b, '\n');
		}
	}
}

int
dump_write(const struct pages *p, FILE *f)
{
	struct buf	 b = BUF_INIT;
	int		 rc = 0;

	dump_buf(p, &b);
	if (fwrite(buf_str(&b), 1, b.len, f) != b.len || fflush(f) != 0)
		rc = -1;
	buf_free(&b);
	return rc;
}
