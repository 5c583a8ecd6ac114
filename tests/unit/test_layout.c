/* test_layout.c: templates, document model, line breaking, pagination and the dump, with golden files. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include <libxml/xmlerror.h>

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

#define DATADIR		"tests/data/layout/"
#define GOLDENDIR	"tests/golden/layout/"

/* Messages libxml2 printed itself instead of going through diag. */
static int	nstray;

static void
stray(void *ctx, const char *fmt, ...)
{
	(void)ctx;
	(void)fmt;
	nstray++;
}

/* Set a dotted path in root; a numeric step makes its parent a list. */
static void
set_path(struct data *root, const char *path, const char *value)
{
	struct data	*cur = root, *next;
	char		*p, *s, *dot;
	int		 num_next;

	p = xstrdup(path);
	for (s = p; ; s = dot + 1) {
		dot = strchr(s, '.');
		if (dot == NULL) {
			if (data_kind(cur) == DATA_LIST)
				data_list_add(cur, value);
			else
				data_set(cur, s, value);
			break;
		}
		*dot = '\0';
		num_next = dot[1] >= '0' && dot[1] <= '9';
		if (data_kind(cur) == DATA_LIST) {
			size_t i = (size_t)atoi(s);

			next = (struct data *)data_at(cur, i);
			if (next == NULL)
				next = data_list_add_map(cur);
		} else {
			next = (struct data *)data_get(cur, s);
			if (next == NULL)
				next = num_next ? data_set_list(cur, s) :
				    data_set_map(cur, s);
		}
		cur = next;
	}
	free(p);
}

/* Read "path = value" lines (# comments) into a data tree. */
static struct data *
load_data(const char *path)
{
	struct data	*d = data_map_new();
	char		*text, *line, *eq, *end, *k, *v;

	if ((text = t_slurp(path)) == NULL)
		return d;
	for (line = text; *line != '\0'; line = end) {
		end = line + strcspn(line, "\n");
		if (*end == '\n')
			*end++ = '\0';
		if (*line == '#' || (eq = strstr(line, " = ")) == NULL)
			continue;
		*eq = '\0';
		k = line;
		v = eq + 3;
		set_path(d, k, v);
	}
	free(text);
	return d;
}

/* Template + data -> dump and diagnostics (both owned by the caller). */
static struct pages *
run_case(const struct layout *L, const char *name, char **dumpout,
    char **errout)
{
	struct diag	 d;
	struct tmpl	*t;
	struct doc	*doc = NULL;
	struct data	*data;
	struct pages	*p = NULL;
	struct buf	 b = BUF_INIT, path = BUF_INIT;
	char		*errs = NULL;
	size_t		 errlen = 0;
	FILE		*ef;

	ef = open_memstream(&errs, &errlen);
	diag_init(&d, ef, 0);
	buf_printf(&path, DATADIR "%s.xml", name);
	t = tmpl_load(buf_str(&path), &d);
	buf_truncate(&path, 0);
	buf_printf(&path, DATADIR "%s.data", name);
	data = load_data(buf_str(&path));
	if (t != NULL)
		doc = doc_build(t, data, "T-1", &d);
	if (doc != NULL) {
		p = layout_doc(L, doc, 0, &d, "T-1");
		dump_buf(p, &b);
	}
	doc_free(doc);
	data_free(data);
	tmpl_free(t);
	buf_free(&path);
	fclose(ef);
	*dumpout = buf_detach(&b);
	*errout = errs;
	return p;
}

static void
golden(const char *name, const char *ext, const char *got)
{
	struct buf	 path = BUF_INIT;

	buf_printf(&path, GOLDENDIR "%s.%s", name, ext);
	CHECK(t_golden(buf_str(&path), got));
	buf_free(&path);
}

/* Run a case against its golden dump and diagnostics. */
static struct pages *
gcase(const struct layout *L, const char *name)
{
	struct pages	*p;
	char		*dump, *errs;

	p = run_case(L, name, &dump, &errs);
	golden(name, "dump", dump);
	golden(name, "err", errs);
	free(dump);
	free(errs);
	return p;
}

/* No item runs past the right edge of the body. */
static void
check_margins(const struct pages *p, double right)
{
	size_t	 i, j;
	int	 ok = 1;

	for (i = 0; i < p->npages; i++)
		for (j = 0; j < p->page[i].nitems; j++) {
			const struct item *it = &p->page[i].items[j];

			if (it->kind == ITEM_TEXT && it->x + it->w >
			    right + 0.01) {
				fprintf(stderr, "overflow: \"%s\" ends at "
				    "%.2f > %.2f\n", it->text, it->x + it->w,
				    right);
				ok = 0;
			}
		}
	CHECK(ok);
}

/* Lines of justified text: each line's last item ends at the measure. */
static void
check_justified(const struct pages *p, double left, double right,
    int *nhyph)
{
	const struct page *pg = &p->page[0];
	size_t	 i, j, nlines = 0, good = 0;
	double	 y, end;

	for (i = 0; i < pg->nitems; i = j) {
		y = pg->items[i].y;
		end = 0;
		for (j = i; j < pg->nitems && pg->items[j].y == y; j++) {
			end = pg->items[j].x + pg->items[j].w;
			*nhyph += pg->items[j].hyphen;
		}
		CHECK(fabs(pg->items[i].x - left) < 0.01);
		if (j == pg->nitems)		/* the last line */
			CHECK(end < right - 0.01);
		else {
			nlines++;
			good += fabs(end - right) < 0.01;
		}
	}
	CHECK(nlines >= 5);
	CHECK_INT(good, nlines);
}

static int
has_text(const struct page *pg, const char *s)
{
	size_t	 i;

	for (i = 0; i < pg->nitems; i++)
		if (pg->items[i].kind == ITEM_TEXT &&
		    strstr(pg->items[i].text, s) != NULL)
			return 1;
	return 0;
}

/* Baselines of the text items whose size is size, on one page. */
static size_t
count_lines(const struct page *pg, double size)
{
	size_t	 i, n = 0;
	double	 y = -1;

	for (i = 0; i < pg->nitems; i++)
		if (pg->items[i].kind == ITEM_TEXT &&
		    pg->items[i].size == size && pg->items[i].y != y) {
			n++;
			y = pg->items[i].y;
		}
	return n;
}

/* The lowest text item of each page is not in the size of a heading. */
static int
lone_heading(const struct pages *p, double size)
{
	size_t	 i, j, low;
	int	 bad = 0;

	for (i = 0; i < p->npages; i++) {
		const struct page *pg = &p->page[i];

		low = pg->nitems;
		for (j = 0; j < pg->nitems; j++)
			if (pg->items[j].kind == ITEM_TEXT && (low ==
			    pg->nitems || pg->items[j].y < pg->items[low].y))
				low = j;
		if (low < pg->nitems && pg->items[low].size == size) {
			fprintf(stderr, "page %zu ends with \"%s\"\n", i + 1,
			    pg->items[low].text);
			bad = 1;
		}
	}
	return bad;
}

/* Rules drawn before a filled rectangle that covers them: lines lost. */
static int
covered_lines(const struct pages *p)
{
	size_t	 i, j, k;
	int	 n = 0;

	for (i = 0; i < p->npages; i++) {
		const struct page *pg = &p->page[i];

		for (j = 0; j < pg->nitems; j++) {
			const struct item *l = &pg->items[j];

			if (l->kind != ITEM_LINE || l->h != 0)
				continue;
			for (k = j + 1; k < pg->nitems; k++) {
				const struct item *r = &pg->items[k];

				if (r->kind == ITEM_RECT && r->fill &&
				    r->y < l->y + l->line_width / 2 &&
				    r->y + r->h > l->y - l->line_width / 2 &&
				    r->x < l->x + l->w && r->x + r->w > l->x) {
					fprintf(stderr, "page %zu: line at "
					    "%.2f under a fill\n", i + 1, l->y);
					n++;
				}
			}
		}
	}
	return n;
}

static void
test_units(const struct layout *L)
{
	struct color	 c;
	struct len	 l;
	struct data	*d, *lst;
	char		 pts[64];

	CHECK(tmpl_color("cmyk(0,50,100,0)", &c) == 0 && c.cs == CS_CMYK &&
	    c.c[1] == 0.5 && c.c[2] == 1);
	CHECK(tmpl_color("rgb(0.2,0.4,1)", &c) == 0 && c.c[0] == 0.2);
	CHECK(tmpl_color("gray(0.5)", &c) == 0 && c.cs == CS_GRAY);
	CHECK(tmpl_color("#ff0000", &c) == 0 && c.c[0] == 1);
	CHECK(tmpl_color("cmyk(1,2)", &c) == -1);
	CHECK(tmpl_len("10mm", &l) == 0 && fabs(l.v - 28.3465) < 0.001);
	CHECK(tmpl_len("50%", &l) == 0 && l.u == LEN_PCT);
	CHECK(tmpl_len("12x", &l) == -1);
	/* Infinite, not-a-number and absurd lengths are refused. */
	CHECK(tmpl_len("inf", &l) == -1);
	CHECK(tmpl_len("-infmm", &l) == -1);
	CHECK(tmpl_len("nan", &l) == -1);
	CHECK(tmpl_len("1e308mm", &l) == -1);
	CHECK(tmpl_len("20000mm", &l) == -1);
	CHECK(tmpl_len("9000mm", &l) == 0);

	d = data_map_new();
	data_set(d, "name", "Éloi");
	data_set_map(d, "applicant");
	data_set((struct data *)data_get(d, "applicant"), "name", "Asso");
	lst = data_set_list(d, "reasons");
	data_set(data_list_add_map(lst), "text", "r1");
	data_list_add(lst, "r2");
	CHECK_STR(data_str(data_get(d, "applicant.name")), "Asso");
	CHECK_STR(data_str(data_get(d, "reasons.0.text")), "r1");
	CHECK_STR(data_str(data_get(d, "reasons.1")), "r2");
	CHECK(data_get(d, "reasons.2") == NULL);
	CHECK(data_get(d, "applicant.nope") == NULL);
	CHECK_INT(data_count(data_get(d, "reasons")), 2);
	data_set(d, "name", "Eloi");
	CHECK_STR(data_str(data_get(d, "name")), "Eloi");
	data_free(d);

	CHECK(layout_hyphenate(L, "gouvernance", pts) > 0);
	CHECK(pts[2] == 1);		/* gou-vernance */
	CHECK(layout_hyphenate(L, "www.agglo.fr", pts) == 0);
	CHECK(layout_hyphenate(L, "contact@agglo.fr", pts) == 0);
	CHECK(layout_hyphenate(L, "2019-0042", pts) == 0);
	CHECK(layout_hyphenate(L, "URSSAF", pts) == 0);
	CHECK(layout_hyphenate(L, "économie", pts) > 0);
	CHECK(pts[1] == 0 && pts[0] == 0);	/* never "é-" */
	/* No break right after « or right before ». */
	CHECK(layout_hyphenate(L, "\xc2\xab\xc2\xa0" "Ouverture", pts) == 0);
	CHECK(layout_hyphenate(L, "coopérative\xc2\xa0\xc2\xbb", pts) == 0);
	CHECK(layout_hyphenate(L, "\xc2\xab\xc2\xa0" "Aide-développement",
	    pts) >= 1);
	CHECK(pts[4 + 4] == 2);	/* "« Aide-" still breaks at its hyphen */

	/* The points are kept by word: the same again, also once
	 * thousands of other words have filled and emptied the table. */
	{
		char	 a[32], b[32], w[48];
		int	 i, na, bad = 0;

		memset(a, 0x55, sizeof(a));
		na = layout_hyphenate(L, "gouvernance", a);
		for (i = 0; i < 5000; i++) {
			snprintf(w, sizeof(w), "subvention%dcoopérative", i);
			(void)layout_hyphenate(L, w, pts);
			memset(b, 0x55, sizeof(b));
			if (layout_hyphenate(L, "gouvernance", b) != na ||
			    memcmp(a, b, sizeof(b)) != 0)
				bad++;
		}
		CHECK_INT(bad, 0);
		CHECK(b[2] == 1 && b[11] == 0x55);	/* 11 bytes only */
	}
}

/* Nested loops over one list are stopped before they exhaust memory. */
static void
test_loop_bomb(void)
{
	static const char src[] =
	    "<template><body><for each=\"l\" as=\"a\"><for each=\"l\" as=\"b\">"
	    "<for each=\"l\" as=\"c\"><for each=\"l\" as=\"e\"><p>x</p>"
	    "</for></for></for></for></body></template>";
	struct diag	 d;
	struct tmpl	*t;
	struct data	*data, *l;
	struct doc	*doc;
	char		*out = NULL;
	size_t		 len, i;
	FILE		*f;

	f = open_memstream(&out, &len);
	diag_init(&d, f, 0);
	t = tmpl_parse(src, sizeof(src) - 1, "bomb.xml", &d);
	CHECK(t != NULL);
	data = data_map_new();
	l = data_set_list(data, "l");
	for (i = 0; i < 40; i++)	/* 40^4 = 2 560 000 paragraphs, stopped at 100 000 */
		data_list_add(l, "v");
	doc = t != NULL ? doc_build(t, data, "B-1", &d) : NULL;
	fclose(f);
	CHECK(doc == NULL);
	CHECK(out != NULL && strstr(out, "bomb.xml:1: error: more than "
	    "100000 repetitions") != NULL);
	CHECK(d.status == 1);
	doc_free(doc);
	data_free(data);
	tmpl_free(t);
	free(out);
}

int
main(int argc, char *argv[])
{
	struct diag	 d;
	struct fontset	*fs;
	struct layout	*L;
	struct pages	*p;
	char		*dump, *errs;
	int		 nh;
	size_t		 i;
	double		 left, right;

	xmlSetGenericErrorFunc(NULL, stray);
	diag_init(&d, stderr, 0);
	fs = fontset_load("fonts", &d);
	L = fs != NULL ? layout_new(fs, NULL, &d) : NULL;
	CHECK(L != NULL);
	if (L == NULL)
		T_DONE();
	if (argc == 2) {	/* debugging: dump one case */
		p = run_case(L, argv[1], &dump, &errs);
		fputs(dump, stdout);
		fputs(errs, stderr);
		free(dump);
		free(errs);
		pages_free(p);
		layout_free(L);
		fontset_free(fs);
		return 0;
	}
	test_units(L);
	test_loop_bomb();

	/* Justification: every line but the last ends at the measure. */
	left = MM(20);
	right = MM(210) - MM(20);
	p = gcase(L, "justify");
	CHECK(p != NULL);
	if (p != NULL) {
		nh = 0;
		check_justified(p, left, right, &nh);
		check_margins(p, right);
	}
	pages_free(p);

	/* Hyphenation in a narrow column. */
	p = gcase(L, "hyphen");
	CHECK(p != NULL);
	if (p != NULL) {
		nh = 0;
		check_justified(p, MM(20), MM(20) + MM(60), &nh);
		check_margins(p, MM(80));
		CHECK(nh > 0);
		CHECK(has_text(&p->page[0], "gou-") ||
		    has_text(&p->page[0], "gouver-") ||
		    has_text(&p->page[0], "gouvernance"));
	}
	pages_free(p);

	/* French spacing and an amount at a line end never split. */
	p = gcase(L, "french");
	CHECK(p != NULL);
	if (p != NULL) {
		CHECK(has_text(&p->page[0], "10\xe2\x80\xaf" "000\xe2\x80\xaf€"));
		CHECK(has_text(&p->page[0], "Objet\xc2\xa0:"));
		check_margins(p, right);
	}
	pages_free(p);

	/* Widows and orphans: at least two lines on each side. */
	p = gcase(L, "widow");
	CHECK(p != NULL && p->npages == 2);
	if (p != NULL && p->npages == 2) {
		CHECK(count_lines(&p->page[0], 11) >= 2);
		CHECK(count_lines(&p->page[1], 11) >= 2);
	}
	pages_free(p);

	/* A keep group that does not fit moves whole to the next page. */
	p = gcase(L, "keep");
	CHECK(p != NULL && p->npages == 2);
	if (p != NULL && p->npages == 2) {
		CHECK(has_text(&p->page[1], "Pour"));
		CHECK(has_text(&p->page[1], "Président"));
		CHECK(!has_text(&p->page[0], "Pour"));
	}
	pages_free(p);

	/* Keep-with-next chains: a heading never ends a page. */
	p = gcase(L, "keepnext");
	CHECK(p != NULL);
	if (p != NULL) {
		CHECK(!lone_heading(p, 12));
		CHECK_INT(p->npages, 6);
		if (p->npages == 6) {
			CHECK(has_text(&p->page[1], "Article"));
			CHECK(has_text(&p->page[1], "présente"));
			CHECK(has_text(&p->page[3], "Durée"));
			CHECK(has_text(&p->page[5], "Montant"));
			CHECK(has_text(&p->page[5], "Versement"));
		}
	}
	pages_free(p);

	/* Page N sur M in the footer. */
	p = gcase(L, "footer");
	CHECK(p != NULL && p->npages == 2);
	if (p != NULL && p->npages == 2) {
		CHECK(has_text(&p->page[0], "1"));
		CHECK(has_text(&p->page[1], "2"));
		for (i = 0; i < 2; i++)
			CHECK(has_text(&p->page[i], "sur"));
	}
	pages_free(p);

	/* Frames, rects, bleed and marks: the leaflet's pieces. */
	p = gcase(L, "frames");
	CHECK(p != NULL && p->npages == 2);
	if (p != NULL && p->npages == 2) {
		CHECK(p->page[0].has_boxes);
		CHECK(fabs(p->page[0].trim[2] - p->page[0].trim[0] -
		    MM(297)) < 0.01);
		CHECK(fabs(p->page[0].trim[0] - p->page[0].bleed[0] -
		    MM(3)) < 0.01);
	}
	pages_free(p);

	/* Tables with a repeated header and bars. */
	p = gcase(L, "table");
	CHECK(p != NULL && p->npages >= 2);
	if (p != NULL && p->npages >= 2) {
		CHECK(has_text(&p->page[1], "Commune"));
		CHECK_INT(covered_lines(p), 0);
	}
	pages_free(p);

	/* Fills first, then the borders: no rule painted over. */
	p = gcase(L, "tablefill");
	CHECK(p != NULL);
	if (p != NULL)
		CHECK_INT(covered_lines(p), 0);
	pages_free(p);

	/* Space before below the bottom margin: the paragraph moves on. */
	p = gcase(L, "below");
	CHECK(p != NULL && p->npages == 2);
	pages_free(p);

	/* Errors, with golden diagnostics. */
	p = gcase(L, "err-element");
	CHECK(p == NULL);
	p = gcase(L, "err-attr");
	CHECK(p == NULL);
	p = gcase(L, "err-style");
	CHECK(p == NULL);
	p = gcase(L, "err-field");
	CHECK(p == NULL);
	p = gcase(L, "err-xml");
	CHECK(p == NULL);
	p = gcase(L, "err-encoding");
	CHECK(p == NULL);
	/* libxml2 never printed a message of its own. */
	CHECK_INT(nstray, 0);

	layout_free(L);
	fontset_free(fs);
	T_DONE();
}
