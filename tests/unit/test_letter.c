/* test_letter.c: the eligibility letter template over the sample round: golden layout dumps and the page's geometry. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "call.h"
#include "data.h"
#include "date.h"
#include "diag.h"
#include "doc.h"
#include "dump.h"
#include "font.h"
#include "layout.h"
#include "page.h"
#include "bind.h"
#include "round.h"
#include "rules.h"
#include "tmpl.h"
#include "util.h"

#include "t.h"

#define GOLDENDIR	"tests/golden/letter/"

static void
golden(const char *name, const char *got)
{
	struct buf	 path = BUF_INIT;

	buf_printf(&path, GOLDENDIR "%s.dump", name);
	CHECK(t_golden(buf_str(&path), got));
	buf_free(&path);
}

/*
 * The page's geometry: every text inside the 20 mm side margins; in the
 * window (110 to 190 mm across, 45 to 80 mm down) only the address block,
 * nlines lines, each starting at 110 mm (left-aligned) and none running
 * out of the window.
 */
static void
check_geometry(const struct page *pg, size_t nlines)
{
	const struct item	*it;
	double			 top, wx0 = MM(110), wx1 = MM(190);
	double			 wy0, wy1, base[16], minx[16];
	size_t			 i, j, nb = 0, bad = 0, outside = 0;

	wy0 = pg->height - MM(80);	/* the window, PDF coordinates */
	wy1 = pg->height - MM(45);
	for (i = 0; i < pg->nitems; i++) {
		it = &pg->items[i];
		if (it->kind != ITEM_TEXT)
			continue;
		if (it->x < MM(20) - 0.01 ||
		    it->x + it->w > pg->width - MM(20) + 0.01)
			outside++;
		top = it->y + it->size * 0.8;
		if (it->x + it->w <= wx0 || it->y >= wy1 || top <= wy0)
			continue;
		/* Overlaps the window: a line of the address block. */
		if (it->x < wx0 - 0.01 || it->x + it->w > wx1 ||
		    it->y - it->size * 0.25 < wy0 || top > wy1)
			bad++;
		for (j = 0; j < nb && base[j] != it->y; j++)
			continue;
		if (j == nb && nb < 16) {
			base[nb] = it->y;
			minx[nb++] = it->x;
		} else if (j < nb && it->x < minx[j])
			minx[j] = it->x;
	}
	for (j = 0; j < nb; j++)
		if (minx[j] < wx0 - 0.01 || minx[j] > wx0 + 0.01)
			bad++;
	CHECK_INT((long)outside, 0);
	CHECK_INT((long)nb, (long)nlines);
	CHECK_INT((long)bad, 0);
}

/* Lay out the letter of each wanted record and check it. */
static void
test_round(const struct layout *L, const struct tmpl *t)
{
	static const struct {
		const char	*id;
		const char	*golden;
	} want[] = {
		{ "2019-0002", "2019-0002-capped" },
		{ "2019-0003", "2019-0003-eligible" },
		{ "2019-0011", "2019-0011-ineligible" },
		{ "2019-0018", "2019-0018-incomplete" }
	};
	struct round_reader	*rr;
	struct application	*a;
	struct call		*c;
	struct decision		 dec;
	struct diag		 d;
	struct date		 today;
	struct data		*root;
	struct doc		*doc;
	struct pages		*p;
	struct buf		 b = BUF_INIT;
	const struct data	*blk;
	size_t			 i, done = 0;
	char			*errs = NULL;
	size_t			 errlen = 0;
	FILE			*ef;

	ef = open_memstream(&errs, &errlen);
	diag_init(&d, ef, 0);
	CHECK(date_parse("2026-11-26", &today) == 0);
	c = call_load("input/call-ess-2018-2020.xml", &d);
	rr = round_open("input/round-2019-1.xml", &d);
	CHECK(c != NULL && rr != NULL);
	if (c == NULL || rr == NULL)
		goto out;
	root = data_map_new();
	bind_call(root, c);
	while (round_next(rr, &a) == 1) {
		for (i = 0; i < sizeof(want) / sizeof(want[0]); i++)
			if (a->error == NULL && strcmp(a->id, want[i].id) == 0)
				break;
		if (i == sizeof(want) / sizeof(want[0])) {
			application_free(a);
			continue;
		}
		rules_decide(c, a, &dec);
		rules_explain(c, &dec);
		bind_record(root, c, a, &dec, &today, NULL, NULL);
		blk = data_get(root, "app.address_block");
		doc = doc_build(t, root, a->id, &d);
		CHECK(doc != NULL);
		if (doc != NULL) {
			p = layout_doc(L, doc, 0, &d, a->id);
			CHECK_INT((long)p->npages, 1);
			if (p->npages == 1)
				check_geometry(&p->page[0], data_count(blk));
			buf_truncate(&b, 0);
			dump_buf(p, &b);
			golden(want[i].golden, buf_str(&b));
			pages_free(p);
			doc_free(doc);
			done++;
		}
		decision_clear(&dec);
		application_free(a);
	}
	CHECK_INT((long)done, 4);
	data_free(root);
out:
	round_close(rr);
	call_free(c);
	fclose(ef);
	/* The record errors of 2019-0021 and 2019-0022, nothing else. */
	CHECK(errs != NULL && strstr(errs, "warning") == NULL);
	free(errs);
	buf_free(&b);
}

int
main(void)
{
	struct fontset	*fs;
	struct layout	*L = NULL;
	struct tmpl	*t = NULL;
	struct diag	 d;

	diag_init(&d, stderr, 0);
	fs = fontset_load("fonts", &d);
	CHECK(fs != NULL);
	if (fs != NULL)
		L = layout_new(fs, NULL, &d);
	t = tmpl_load("templates/letter.xml", &d);
	CHECK(L != NULL && t != NULL);
	if (L != NULL && t != NULL)
		test_round(L, t);
	tmpl_free(t);
	layout_free(L);
	fontset_free(fs);
	T_DONE();
}
