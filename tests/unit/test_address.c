/* test_address.c: the envelope window found in the templates, and a record's address block fitted to it by Lato's widths (bind_record()). */
#include <stdlib.h>
#include <string.h>

#include "address.h"
#include "call.h"
#include "data.h"
#include "date.h"
#include "diag.h"
#include "font.h"
#include "bind.h"
#include "render.h"
#include "round.h"
#include "rules.h"
#include "text.h"
#include "tmpl.h"
#include "util.h"

#include "t.h"

/* The letter, the receipt and the notification: an 80 × 35 mm window,
 * 10.5 pt down to 8.5, 12.5 pt leading (6 lines); the agreement and the
 * report have none. */
static void
test_window(const struct fontset *fs)
{
	static const char *const with[] = { "letter", "receipt", "decision" };
	static const char *const without[] = { "agreement", "report" };
	struct addr_window w;
	struct diag	 d;
	struct tmpl	*t;
	char		 path[64];
	size_t		 i;

	diag_init(&d, stderr, 0);
	for (i = 0; i < sizeof(with) / sizeof(with[0]); i++) {
		memset(&w, 0, sizeof(w));
		snprintf(path, sizeof(path), "templates/%s.xml", with[i]);
		t = tmpl_load(path, &d);
		CHECK(t != NULL);
		if (t == NULL)
			continue;
		CHECK_INT(addr_window_add(&w, t, fs), 1);
		CHECK(w.set && w.width > MM(80) - 0.001 &&
		    w.width < MM(80) + 0.001);
		CHECK(w.size == 10.5 && w.min_size == 8.5);
		CHECK_INT(w.max_lines, 6);
		CHECK_INT(w.face, FACE_REGULAR);
		tmpl_free(t);
	}
	for (i = 0; i < sizeof(without) / sizeof(without[0]); i++) {
		memset(&w, 0, sizeof(w));
		snprintf(path, sizeof(path), "templates/%s.xml", without[i]);
		t = tmpl_load(path, &d);
		CHECK(t != NULL);
		if (t == NULL)
			continue;
		CHECK_INT(addr_window_add(&w, t, fs), 0);
		CHECK(!w.set);
		tmpl_free(t);
	}
}

/* Replace *s by v. */
static void
set(char **s, const char *v)
{
	free(*s);
	*s = v != NULL ? xstrdup(v) : NULL;
}

/* The block of record a, with name and address lines replaced. */
static int
block(struct data *root, const struct call *c, struct application *a,
    const struct addr_window *w, const char *name, const char *l1,
    const char *l2, const char *l3, char **why)
{
	struct decision	 dec;
	struct date	 today;
	int		 rc;

	set(&a->name, name);
	set(&a->address[0], l1);
	set(&a->address[1], l2);
	set(&a->address[2], l3);
	CHECK(date_parse("2026-11-26", &today) == 0);
	rules_decide(c, a, &dec);
	rules_explain(c, &dec);
	*why = NULL;
	rc = bind_record(root, c, a, &dec, &today, w, why);
	decision_clear(&dec);
	return rc;
}

/* Line i of app.address_block. */
static const char *
line(const struct data *root, size_t i)
{
	const struct data *b = data_get(root, "app.address_block");

	return b != NULL && i < data_count(b) ?
	    data_str(data_at(b, i)) : NULL;
}

static void
test_record(const struct fontset *fs)
{
	struct addr_window w;
	struct round_reader *rr;
	struct application *a = NULL;
	struct call	*c;
	struct data	*root;
	struct diag	 d;
	struct tmpl	*t;
	char		*why;

	diag_init(&d, stderr, 0);
	memset(&w, 0, sizeof(w));
	t = tmpl_load("templates/letter.xml", &d);
	c = call_load("input/call-ess-2018-2020.xml", &d);
	rr = round_open("input/round-2019-1.xml", &d);
	CHECK(t != NULL && c != NULL && rr != NULL);
	if (t == NULL || c == NULL || rr == NULL || round_next(rr, &a) != 1)
		goto out;
	addr_window_add(&w, t, fs);
	root = data_map_new();

	/* 44 characters and three street lines: the name on two lines,
	 * the contact line dropped, at 10.5 pt. */
	CHECK_INT(block(root, c, a, &w,
	    "SARL Textiles Réemploi Rombies-et-Marchipont",
	    "Résidence Les Érables", "17 rue Victor Hugo", "BP 887", &why), 0);
	CHECK(why == NULL);
	CHECK_INT(data_count(data_get(root, "app.address_block")), 6);
	CHECK_STR(line(root, 0), "SARL Textiles Réemploi");
	CHECK_STR(line(root, 1), "Rombies-et-Marchipont");
	CHECK_STR(line(root, 2), "Résidence Les Érables");
	CHECK_STR(line(root, 4), "BP 887");

	/* 35 capitals: 82.3 mm at 10.5 pt, one abbreviation brings them in. */
	CHECK_INT(block(root, c, a, &w, "Structure",
	    "1280 BOULEVARD DU MARECHAL MAUNOURY", NULL, NULL, &why), 0);
	CHECK_STR(line(root, 2), "1280 BD DU MARECHAL MAUNOURY");

	/* One word of 36 wide capitals: the record's error, by how much. */
	CHECK_INT(block(root, c, a, &w, "MWMWMWMWMWMWMWMWMWMWMWMWMWMWMWMWMWMW",
	    "12 rue de Famars", NULL, NULL, &why), -1);
	CHECK_STR(why, "the address block does not fit the envelope window: "
	    "the applicant's name 'MWMWMWMWMWMWMWMWMWMWMWMWMWMWMWMWMWMW' is "
	    "26.0 mm too wide for the window's 80 mm, even at 8.5 pt with La "
	    "Poste's abbreviations and first names as initials: shorten it");
	free(why);

	/* The town line is a line like the others. */
	CHECK_INT(block(root, c, a, &w, "Structure", "12 rue de Famars", NULL,
	    NULL, &why), 0);
	set(&a->city, "Saint-Amand-les-Eaux-sur-Scarpe-et-Escaut-Cedex-Nord");
	CHECK_INT(block(root, c, a, &w, "Structure", "12 rue de Famars", NULL,
	    NULL, &why), -1);
	CHECK(why != NULL && strstr(why, "the postcode and town '") != NULL);
	free(why);

	/* Without a window (no template prints the block): no error. */
	CHECK_INT(block(root, c, a, NULL, "Structure", "12 rue de Famars",
	    NULL, NULL, &why), 0);
	CHECK(why == NULL);
	data_free(root);
out:
	application_free(a);
	round_close(rr);
	call_free(c);
	tmpl_free(t);
}

int
main(void)
{
	struct fontset	*fs;
	struct diag	 d;

	diag_init(&d, stderr, 0);
	fs = fontset_load("fonts", &d);
	CHECK(fs != NULL);
	if (fs != NULL) {
		test_window(fs);
		test_record(fs);
	}
	fontset_free(fs);
	T_DONE();
}
