/* fuzz_tmpl.c: libFuzzer target for the template parser, then the evaluator and layout: any bytes give a document or located errors, never a crash. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "data.h"
#include "diag.h"
#include "color.h"
#include "doc.h"
#include "dump.h"
#include "font.h"
#include "layout.h"
#include "page.h"
#include "tmpl.h"
#include "util.h"
#include "fuzz.h"

/*
 * Larger inputs are skipped, so that each input's work stays bounded
 * (make fuzz passes -max_len; the replay goes through the same check).
 * The shipped templates are under 15 KB.
 */
#define FUZZ_TMPL_MAX	16384

/* The name templates are parsed under: messages must be located in it. */
#define FUZZ_TMPL_NAME	"fuzz-template.xml"

/* What every input shares, made once (harness state, not the product's). */
static struct fontset	*fuzz_fonts;
static struct layout	*fuzz_layout;
static struct data	*fuzz_data;

static void
fuzz_tmpl_free(void)
{
	layout_free(fuzz_layout);
	fontset_free(fuzz_fonts);
	data_free(fuzz_data);
}

/*
 * A small record: the fields of the layout tests' data files, with a
 * list of strings, lists of maps, an empty string and "0".  The corpus
 * templates use only these, so that their documents reach layout.
 */
static struct data *
fuzz_tmpl_data(void)
{
	static const char *const communes[][2] = {
		{ "Valenciennes", "1" }, { "Bruay-sur-l’Escaut", "10" },
		{ "Saint-Saulve", "5" },
	};
	struct data	*root, *m, *l;
	size_t		 i;

	root = data_map_new();
	data_set(root, "id", "2019-0042");
	data_set(root, "text", "Les structures de l’économie sociale et "
	    "solidaire partagent une gouvernance démocratique et une "
	    "lucrativité limitée ; elles créent des emplois durables.");
	data_set(root, "short", "Le bénéficiaire s’engage : « rendre compte "
	    "» avant le 31 mars !");
	data_set(root, "back", "L’aide peut atteindre 10 000 € ; dossier "
	    "avant le 31 mars.");
	data_set(root, "date", "26 novembre 2026");
	data_set(root, "max", "12");
	data_set(root, "count", "5");
	data_set(root, "empty", "");
	data_set(root, "zero", "0");
	m = data_set_map(root, "applicant");
	data_set(m, "name", "Association Les Jardins de "
	    "Saint-Amand-les-Eaux");
	data_set(m, "rep", "Jeanne Dupont");
	m = data_set_map(root, "aid");
	data_set(m, "amount", "10 000 €");
	l = data_set_list(root, "articles");
	for (i = 0; i < 2; i++) {
		m = data_list_add_map(l);
		data_setf(m, "title", "Objet numéro %zu", i);
		data_set(m, "text", "Le bénéficiaire s’engage à réaliser le "
		    "projet décrit dans sa demande.");
	}
	l = data_set_list(root, "communes");
	for (i = 0; i < sizeof(communes) / sizeof(communes[0]); i++) {
		m = data_list_add_map(l);
		data_set(m, "name", communes[i][0]);
		data_set(m, "count", communes[i][1]);
	}
	l = data_set_list(root, "words");
	data_list_add(l, "un");
	data_list_add(l, "deux");
	data_list_add(l, "trois");
	return root;
}

/* Load the fonts (from the repository's fonts/) and the dictionary once. */
static void
fuzz_tmpl_init(void)
{
	struct diag	 d;

	if (fuzz_layout != NULL)
		return;
	diag_init(&d, stderr, 0);
	if ((fuzz_fonts = fontset_load("fonts", &d)) == NULL ||
	    (fuzz_layout = layout_new(fuzz_fonts, NULL, &d)) == NULL) {
		fprintf(stderr, "fuzz_tmpl: run from the repository's root, "
		    "with hyphen-fr installed\n");
		abort();
	}
	fuzz_data = fuzz_tmpl_data();
	atexit(fuzz_tmpl_free);
	/* Arms fuzz.h's check that libxml2 prints nothing on its own. */
	(void)fuzz_file(NULL, 0);
}

#ifndef FUZZ_REPLAY
int	LLVMFuzzerInitialize(int *, char ***);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_tmpl_init();
	return 0;
}
#endif

/* An invariant broke: show what diag printed so far into f (at *out). */
static void
fuzz_tmpl_fail(const char *what, FILE *f, char **out)
{
	fflush(f);
	fuzz_fail(what, *out);
}

/* Evaluate and lay out a template that parsed, diag printing into f. */
static void
fuzz_tmpl_doc(const struct tmpl *t, size_t size, struct diag *d, FILE *f,
    char **out)
{
	struct buf	 b = BUF_INIT;
	struct pages	*pp;
	struct doc	*doc;
	size_t		 i;

	if ((doc = doc_build(t, fuzz_data, "T-1", d)) == NULL) {
		if (d->status != 1 && d->status != EX_NOINPUT)
			fuzz_tmpl_fail("no document, and a status other "
			    "than 1 or 66", f, out);
		if (d->nerrors == 0)
			fuzz_tmpl_fail("no document, and no error message",
			    f, out);
		return;
	}
	if (d->status != 0)
		fuzz_tmpl_fail("a document with a non-zero status", f, out);
	/* Print and screen options, by the parity of the input's length. */
	pp = layout_doc(fuzz_layout, doc, size % 2 == 0 ? 0 : LAYOUT_NOBLEED,
	    d, "T-1");
	if (pp != NULL && size % 2 != 0)
		pages_screen_colors(pp);
	if (pp == NULL || pp->npages == 0)
		fuzz_tmpl_fail("layout gave no page", f, out);
	else {
		for (i = 0; i < pp->npages; i++)
			if (!(pp->page[i].width > 0) ||
			    !(pp->page[i].height > 0))
				fuzz_tmpl_fail("a page without a size", f, out);
		dump_buf(pp, &b);
		if (b.len == 0)
			fuzz_tmpl_fail("an empty dump", f, out);
#ifdef FUZZ_REPLAY
		if (getenv("FUZZ_VERBOSE") != NULL)
			fputs(buf_str(&b), stderr);
#endif
	}
	if (d->status != 0)
		fuzz_tmpl_fail("layout changed the status", f, out);
	buf_free(&b);
	pages_free(pp);
	doc_free(doc);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag	 d;
	struct tmpl	*t;
	char		*out = NULL;
	size_t		 len;
	FILE		*f;

	if (size > FUZZ_TMPL_MAX)
		return 0;
	fuzz_tmpl_init();
	if ((f = open_memstream(&out, &len)) == NULL)
		abort();
	diag_init(&d, f, 0);
	t = tmpl_parse((const char *)data, size, FUZZ_TMPL_NAME, &d);
	fflush(f);
	if (t == NULL) {
		if (d.status != EX_DATAERR)
			fuzz_tmpl_fail("no template, and a status other than "
			    "65", f, &out);
		if (d.nerrors == 0 || out == NULL || *out == '\0')
			fuzz_tmpl_fail("no template, and no error message", f,
			    &out);
	} else {
		if (d.status != 0)
			fuzz_tmpl_fail("a template with a non-zero status", f,
			    &out);
		fuzz_tmpl_doc(t, size, &d, f, &out);
		tmpl_free(t);
	}
	fclose(f);
	fuzz_check_located(out, FUZZ_TMPL_NAME);
	free(out);
	return 0;
}
