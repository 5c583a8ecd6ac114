/* render.c: run a template over a data tree into a PDF (the data: bind.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "address.h"
#include "color.h"
#include "data.h"
#include "date.h"
#include "diag.h"
#include "doc.h"
#include "dump.h"
#include "font.h"
#include "fsutil.h"
#include "i18n.h"
#include "layout.h"
#include "page.h"
#include "pdf.h"
#include "render.h"
#include "tmpl.h"
#include "util.h"

struct render {
	char		*tdir;
	struct fontset	*fonts;
	struct layout	*layout;
	struct date	 date;		/* the PDF's dates; zero: none */
	struct addr_window win;		/* the loaded templates' envelope window */
	int		 pdfx;		/* print files are PDF/X-1a (the leaflet's) */
};

struct render *
render_new(const char *tdir, const char *fontdir, struct diag *d)
{
	struct render	*r;

	r = xcalloc(1, sizeof(*r));
	r->tdir = xstrdup(tdir);
	if ((r->fonts = fontset_load(fontdir, d)) == NULL ||
	    (r->layout = layout_new(r->fonts, NULL, d)) == NULL) {
		render_free(r);
		return NULL;
	}
	return r;
}

void
render_free(struct render *r)
{
	if (r == NULL)
		return;
	layout_free(r->layout);
	fontset_free(r->fonts);
	free(r->tdir);
	free(r);
}

void
render_set_print(struct render *r, double bleed, int marks)
{
	layout_set_print(r->layout, bleed, marks);
	r->pdfx = 1;
}

void
render_set_date(struct render *r, const struct date *dt)
{
	r->date = *dt;
}

struct tmpl *
render_template(struct render *r, const char *name, struct diag *d)
{
	struct buf	 p = BUF_INIT;
	struct tmpl	*t;

	buf_printf(&p, "%s/%s.xml", r->tdir, name);
	t = tmpl_load(p.s, d);
	buf_free(&p);
	if (t != NULL)
		addr_window_add(&r->win, t, r->fonts);
	return t;
}

const struct addr_window *
render_window(const struct render *r)
{
	return r->win.set ? &r->win : NULL;
}

int
render_pdf(struct render *r, const struct tmpl *t, const struct data *data,
    const char *path, int flags, const char *appid, struct diag *d)
{
	struct pdf_opts	 po;
	struct doc	*doc;
	struct pages	*pages;
	int		 rc;

	if ((doc = doc_build(t, data, appid, d)) == NULL)
		return -1;
	pages = layout_doc(r->layout, doc, flags & RENDER_SCREEN ?
	    LAYOUT_NOBLEED : 0, d, appid);
	if (flags & RENDER_SCREEN)
		pages_screen_colors(pages);
	if (pages->failed) {		/* reported: text that does not fit */
		pages_free(pages);
		doc_free(doc);
		return -1;
	}
	if (flags & RENDER_DUMP) {
		struct buf b = BUF_INIT;

		dump_buf(pages, &b);
		rc = fs_write_atomic(path, buf_str(&b), b.len, d);
		buf_free(&b);
		pages_free(pages);
		doc_free(doc);
		return rc;
	}
	memset(&po, 0, sizeof(po));
	/* The file's name, not its directory: the same inputs give the
	 * same bytes wherever they are written. */
	po.id = strrchr(path, '/') != NULL ? strrchr(path, '/') + 1 : path;
	po.print = (flags & RENDER_PRINT) != 0;
	po.pdfx = po.print && r->pdfx;
	po.year = r->date.y;
	po.month = r->date.m;
	po.day = r->date.d;
	rc = pdf_write(pages, r->fonts, path, &po, d, appid);
	pages_free(pages);
	doc_free(doc);
	return rc;
}
