/* test_doc.c: a document keeps nothing of its template (it lays out the same once the template is freed); screen colours. */
#include <stdlib.h>
#include <string.h>

#include "color.h"
#include "data.h"
#include "diag.h"
#include "doc.h"
#include "dump.h"
#include "font.h"
#include "layout.h"
#include "page.h"
#include "tmpl.h"
#include "util.h"

#include "t.h"

static const char tmpl_text[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<template size=\"148mm 210mm\" margins=\"15mm 12mm 20mm 12mm\" "
    "title=\"Doc {id}\">\n"
    "  <style name=\"body\" size=\"10\" leading=\"13\" align=\"justify\" "
    "color=\"cmyk(0.9,0.55,0,0.15)\"/>\n"
    "  <style name=\"foot\" size=\"8\" align=\"center\"/>\n"
    "  <header top=\"8mm\" first=\"no\" style=\"foot\">Dossier {id}</header>\n"
    "  <footer bottom=\"9mm\" single=\"no\" style=\"foot\">Page {page} sur "
    "{pages}</footer>\n"
    "  <body>\n"
    "    <for each=\"items\" as=\"x\">\n"
    "      <p style=\"body\">{x} {x} {x} {x} {x} {x} {x} {x} {x} {x}</p>\n"
    "      <table columns=\"30mm *\" border=\"0.5\" padding=\"2\">\n"
    "        <tr><td style=\"foot\">{x}</td><td>{id}</td></tr>\n"
    "      </table>\n"
    "    </for>\n"
    "  </body>\n"
    "</template>\n";

static int
count(const char *s, const char *what)
{
	int	 n = 0;

	while ((s = strstr(s, what)) != NULL) {
		n++;
		s += strlen(what);
	}
	return n;
}

static char *
lay_out(const struct layout *L, const struct doc *doc)
{
	struct pages	*p;
	struct buf	 b = BUF_INIT;
	struct diag	 d;

	diag_init(&d, stderr, 0);
	p = layout_doc(L, doc, 0, &d, "T-1");
	dump_buf(p, &b);
	pages_free(p);
	return buf_detach(&b);
}

static void
test_own(const struct layout *L)
{
	struct diag	 d;
	struct tmpl	*t;
	struct data	*data;
	struct data	*items;
	struct doc	*doc1, *doc2;
	char		*with, *without;
	int		 i;

	diag_init(&d, stderr, 0);
	data = data_map_new();
	data_set(data, "id", "2019-0042");
	items = data_set_list(data, "items");
	for (i = 0; i < 40; i++)
		data_list_add(items, "coopérative d’habitants");
	t = tmpl_parse(tmpl_text, strlen(tmpl_text), "mem.xml", &d);
	CHECK(t != NULL);
	if (t == NULL)
		return;
	doc1 = doc_build(t, data, "T-1", &d);
	doc2 = doc_build(t, data, "T-1", &d);
	CHECK(doc1 != NULL && doc2 != NULL);
	if (doc1 == NULL || doc2 == NULL)
		return;
	with = lay_out(L, doc1);
	tmpl_free(t);		/* doc2 must not need it any more */

	CHECK_STR(doc2->file, "mem.xml");
	CHECK(doc2->page.width > 419.5 && doc2->page.width < 419.6);
	CHECK(doc2->page.margin[2] > 56.6 && doc2->page.margin[2] < 56.7);
	CHECK(doc2->header.present && !doc2->header.first &&
	    doc2->header.single);
	CHECK(doc2->footer.present && doc2->footer.first &&
	    !doc2->footer.single);
	CHECK(doc2->body.nkids == 80);
	CHECK(doc2->body.kids[0].style >= doc2->styles &&
	    doc2->body.kids[0].style < doc2->styles + doc2->nstyles);
	CHECK_STR(doc2->body.kids[0].style->name, "body");
	CHECK(doc2->body.kids[1].kind == BLK_TABLE &&
	    doc2->body.kids[1].a.ncols == 2 &&
	    doc2->body.kids[1].a.cols[1].u == LEN_STAR);

	without = lay_out(L, doc2);
	/* Six pages, the header from page 2, the footer on every page. */
	CHECK(strncmp(with, "pages 6 \"Doc 2019-0042\"\n", 24) == 0);
	CHECK_INT(count(with, "\"Dossier\""), 5);
	CHECK_INT(count(with, "\"sur\""), 6);
	CHECK_STR(without, with);
	free(with);
	free(without);
	doc_free(doc1);
	doc_free(doc2);
	data_free(data);
}

static void
test_screen(void)
{
	struct color	 c;
	struct pages	*pp;
	struct page	*pg;
	struct item	 it;

	memset(&c, 0, sizeof(c));
	c.cs = CS_CMYK;			/* paper */
	color_screen(&c);
	CHECK(c.cs == CS_RGB && c.c[0] == 1 && c.c[1] == 1 && c.c[2] == 1);
	memset(&c, 0, sizeof(c));
	c.cs = CS_CMYK;
	c.c[3] = 1;			/* black ink, not pure black */
	color_screen(&c);
	CHECK(c.cs == CS_RGB && c.c[0] > 0.13 && c.c[0] < 0.14 &&
	    c.c[3] == 0);
	memset(&c, 0, sizeof(c));
	c.cs = CS_GRAY;
	c.c[0] = 0.5;
	color_screen(&c);
	CHECK(c.cs == CS_GRAY && c.c[0] == 0.5);

	pp = pages_new();
	pg = pages_add(pp, 100, 100);
	memset(&it, 0, sizeof(it));
	it.kind = ITEM_LINE;
	it.color.cs = CS_CMYK;
	it.stroke_color.cs = CS_CMYK;
	it.stroke_color.c[0] = 1;	/* cyan ink */
	page_add(pg, &it);
	pages_screen_colors(pp);
	CHECK(pp->page[0].items[0].color.cs == CS_RGB);
	CHECK(pp->page[0].items[0].stroke_color.cs == CS_RGB &&
	    pp->page[0].items[0].stroke_color.c[0] == 0 &&
	    pp->page[0].items[0].stroke_color.c[2] > 0.9);
	pages_free(pp);
}

int
main(void)
{
	struct diag	 d;
	struct fontset	*fs;
	struct layout	*L;

	diag_init(&d, stderr, 0);
	fs = fontset_load("fonts", &d);
	L = fs != NULL ? layout_new(fs, NULL, &d) : NULL;
	CHECK(L != NULL);
	if (L != NULL)
		test_own(L);
	test_screen();
	layout_free(L);
	fontset_free(fs);
	T_DONE();
}
