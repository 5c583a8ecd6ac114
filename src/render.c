/* render.c: run a template over a data tree into a PDF, and build the data trees from the call and a record. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "amount.h"
#include "call.h"
#include "data.h"
#include "date.h"
#include "diag.h"
#include "doc.h"
#include "dump.h"
#include "fold.h"
#include "font.h"
#include "fsutil.h"
#include "layout.h"
#include "page.h"
#include "pdf.h"
#include "render.h"
#include "round.h"
#include "rules.h"
#include "svg.h"
#include "text.h"
#include "tmpl.h"
#include "util.h"

struct render {
	char		*tdir;
	struct fontset	*fonts;
	struct layout	*layout;
	struct date	 date;		/* the PDF's dates; zero: none */
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
	return t;
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
	    LAYOUT_NOBLEED | LAYOUT_RGB : 0, d, appid);
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
	po.year = r->date.y;
	po.month = r->date.m;
	po.day = r->date.d;
	rc = pdf_write(pages, r->fonts, path, &po, d, appid);
	pages_free(pages);
	doc_free(doc);
	return rc;
}

/* Data trees. */

/* Names equal but for case, accents and punctuation. */
static int
fold_eq(const char *a, const char *b)
{
	char	*fa, *fb;
	int	 eq;

	fa = fold_name(a);
	fb = fold_name(b);
	eq = fa != NULL && fb != NULL && strcmp(fa, fb) == 0;
	free(fa);
	free(fb);
	return eq;
}

static void
set_amount(struct data *m, const char *key, long long cents)
{
	struct buf	 b = BUF_INIT, k = BUF_INIT;

	amount_format_fr(&b, cents);
	data_set(m, key, b.s);
	buf_truncate(&b, 0);
	amount_words_fr(&b, cents);
	buf_printf(&k, "%s_words", key);
	data_set(m, k.s, b.s);
	buf_truncate(&b, 0);
	amount_format_plain(&b, cents);
	buf_truncate(&k, 0);
	buf_printf(&k, "%s_plain", key);
	data_set(m, k.s, b.s);
	buf_free(&b);
	buf_free(&k);
}

static void
set_date(struct data *m, const char *key, const struct date *dt)
{
	struct buf	 b = BUF_INIT;

	if (!date_is_set(dt))
		return;
	date_format_fr(&b, dt);
	data_set(m, key, b.s);
	buf_free(&b);
}

static void
set0(struct data *m, const char *key, const char *v)
{
	if (v != NULL && *v != '\0')
		data_set(m, key, v);
}

static void
set_person(struct data *m, const struct person *p)
{
	struct buf	 b = BUF_INIT;

	set0(m, "civility", p->civility);
	set0(m, "first_name", p->first_name);
	set0(m, "last_name", p->last_name);
	set0(m, "title", p->title);
	set0(m, "email", p->email);
	if (p->phone != NULL) {
		text_phone_fr(&b, p->phone);
		data_set(m, "phone", b.s);
		buf_truncate(&b, 0);
	}
	buf_printf(&b, "%s %s", p->first_name ? p->first_name : "",
	    p->last_name ? p->last_name : "");
	data_set(m, "name", b.s);
	buf_free(&b);
}

void
render_data_call(struct data *root, const struct call *c)
{
	struct data	*m, *l, *a, *x, *cl;
	struct buf	 b = BUF_INIT;
	size_t		 i, j;
	char		**s;

	m = data_set_map(root, "call");
	data_set(m, "id", c->id);
	data_set(m, "title", c->title);
	set0(m, "short_title", c->short_title);
	set0(m, "theme", c->theme);
	data_setf(m, "years", "%d-%d", c->year_from, c->year_to);
	data_setf(m, "year_from", "%d", c->year_from);
	data_setf(m, "year_to", "%d", c->year_to);
	set0(m, "intro", c->intro);
	set0(m, "how_to_apply", c->how_to_apply);
	set0(m, "place", c->place);
	set0(m, "president_title", c->president_title);
	if (c->silence_months > 0) {
		x = data_set_map(m, "notices");
		set0(x, "service", c->notice_service);
		set0(x, "body", c->notice_body);
		data_setf(x, "silence_months", "%d", c->silence_months);
		number_words_fr(&b, c->silence_months);
		data_set(x, "silence_months_words", b.s);
		buf_truncate(&b, 0);
	}

	x = data_set_map(m, "issuer");
	data_set(x, "name", c->issuer_name);
	set0(x, "siren", c->issuer_siren);
	l = data_set_list(x, "address");
	for (s = c->issuer_address; s != NULL && *s != NULL; s++)
		data_list_add(l, *s);
	set0(x, "postcode", c->issuer_postcode);
	set0(x, "city", c->issuer_city);
	set0(x, "department", c->issuer_department);
	set0(x, "website", c->issuer_website);
	set0(x, "phone", c->issuer_phone);
	set0(x, "logo", svg_logo(c));	/* its vector form, if drawn */

	x = data_set_map(m, "contact");
	set_person(x, &c->contact);
	set0(x, "label", c->contact_label);
	x = data_set_map(m, "signatory");
	set_person(x, &c->signatory);
	set0(x, "delegation", c->delegation);

	l = data_set_list(m, "aids");
	for (i = 0; i < c->naids; i++) {
		const struct aid *aid = &c->aids[i];

		a = data_list_add_map(l);
		data_set(a, "id", aid->id);
		data_set(a, "label", aid->label);
		set0(a, "title", aid->title);
		set0(a, "description", aid->description);
		if (aid->has_max) {
			set_amount(a, "max", aid->max_cents);
			set0(a, "max_label", aid->max_label);
		}
		set0(a, "conditions_title", aid->conditions_title);
		cl = data_set_list(a, "conditions");
		for (j = 0; j < aid->nconds; j++) {
			x = data_list_add_map(cl);
			data_set(x, "rule", aid->conds[j].name);
			data_set(x, "text", aid->conds[j].text);
			data_set(x, "label", aid->conds[j].label);
			if (aid->conds[j].on_leaflet)
				data_set(x, "leaflet", "yes");
		}
	}
	set0(m, "support_title", c->support_title);
	l = data_set_list(m, "support");
	for (i = 0; i < c->nsupport; i++) {
		x = data_list_add_map(l);
		data_set(x, "title", c->support[i].title);
		data_set(x, "text", c->support[i].text);
	}
	set0(m, "examples_title", c->examples_title);
	l = data_set_list(m, "examples");
	for (i = 0; i < c->nexamples; i++) {
		x = data_list_add_map(l);
		data_set(x, "title", c->examples[i].title);
		data_set(x, "text", c->examples[i].text);
	}
	l = data_set_list(m, "communes");
	for (i = 0; i < c->ncommunes; i++) {
		x = data_list_add_map(l);
		data_set(x, "name", c->communes[i].name);
		data_set(x, "insee", c->communes[i].insee);
		buf_truncate(&b, 0);
		for (s = c->communes[i].postcodes; s != NULL && *s != NULL; s++)
			buf_printf(&b, "%s%s", s == c->communes[i].postcodes ?
			    "" : ", ", *s);
		data_set(x, "postcodes", buf_str(&b));
	}
	data_setf(m, "ncommunes", "%zu", c->ncommunes);

	x = data_set_map(m, "terms");
	data_setf(x, "payment_days", "%d", c->payment_days);
	set0(x, "report_form", c->report_form);
	set0(x, "report_name", c->report_name);
	data_setf(x, "report_months", "%d", c->report_months);
	set0(x, "court", c->court);
	set0(x, "court_address", c->court_address);
	set0(x, "court_website", c->court_website);
	data_setf(x, "appeal_months", "%d", c->appeal_months);
	buf_truncate(&b, 0);
	number_words_fr(&b, c->appeal_months);
	data_set(x, "appeal_months_words", b.s);
	buf_truncate(&b, 0);
	number_words_fr(&b, c->report_months);
	data_set(x, "report_months_words", b.s);
	buf_free(&b);
}

/*
 * The titles a salutation may name, masculine and feminine.  Any other
 * role ("Entrepreneur individuel", "Bénévole") gives the plain
 * "Madame" / "Monsieur": a salutation names a function, not a status.
 */
static const struct {
	const char	*m, *f;
} titles[] = {
	{ "Président", "Présidente" },
	{ "Co-président", "Co-présidente" },
	{ "Vice-président", "Vice-présidente" },
	{ "Directeur", "Directrice" },
	{ "Directeur général", "Directrice générale" },
	{ "Gérant", "Gérante" },
	{ "Cogérant", "Cogérante" },
	{ "Trésorier", "Trésorière" },
	{ "Secrétaire", "Secrétaire" },
	{ "Administrateur", "Administratrice" },
	{ "Coordinateur", "Coordinatrice" },
};

/* "Madame la Présidente" from the civility and the role (no comma). */
static void
salutation(struct buf *b, const struct application *a)
{
	const char	*civ = a->civility, *role = a->role, *t = NULL;
	size_t		 i;
	int		 woman;

	if (civ != NULL && (strcmp(civ, "Mme") == 0 ||
	    strcmp(civ, "Madame") == 0))
		woman = 1;
	else if (civ != NULL && (strcmp(civ, "M.") == 0 ||
	    strcmp(civ, "Monsieur") == 0))
		woman = 0;
	else {
		/* No usable civility: the neutral form. */
		buf_puts(b, "Madame, Monsieur");
		return;
	}
	buf_puts(b, woman ? "Madame" : "Monsieur");
	for (i = 0; role != NULL && i < sizeof(titles) / sizeof(titles[0]);
	    i++) {
		if (fold_eq(role, titles[i].m) || fold_eq(role, titles[i].f)) {
			t = woman ? titles[i].f : titles[i].m;
			break;
		}
	}
	if (t == NULL)
		return;
	/* Élision before a vowel: "Madame l’Administratrice". */
	if (strchr("AEIOUaeiou", t[0]) != NULL)
		buf_printf(b, " l’%s", t);
	else
		buf_printf(b, " %s %s", woman ? "la" : "le", t);
}

static void
add_reasons(struct data *dm, const struct decision *dec)
{
	struct data	*all, *failed, *missing, *x;
	size_t		 i;

	all = data_set_list(dm, "reasons");
	failed = data_set_list(dm, "failed");
	missing = data_set_list(dm, "missing");
	for (i = 0; i < dec->nreasons; i++) {
		const struct reason *r = &dec->reasons[i];

		x = data_list_add_map(all);
		data_set(x, "rule", r->cond->name);
		data_set(x, "text", r->cond->text);
		data_set(x, "label", r->cond->label);
		data_set(x, "kind", r->kind == REASON_FAILED ? "failed" :
		    "missing");
		set0(x, "detail", r->detail);
		set0(x, "missing", r->missing);
		x = data_list_add_map(r->kind == REASON_FAILED ? failed :
		    missing);
		data_set(x, "rule", r->cond->name);
		data_set(x, "text", r->cond->text);
		data_set(x, "label", r->cond->label);
		set0(x, "detail", r->detail);
		set0(x, "missing", r->missing);
	}
}

static void
add_instalments(struct data *dm, const struct call *c, long long granted)
{
	struct data	*l, *x;
	long long	*parts;
	int		*pc;
	size_t		 i, n;

	/* A grant too small to split is paid at once, when the first is. */
	parts = xcalloc(c->ninstalments, sizeof(*parts));
	pc = xcalloc(c->ninstalments, sizeof(*pc));
	for (i = 0; i < c->ninstalments; i++)
		pc[i] = c->instalments[i].percent;
	n = amount_split(granted, pc, c->ninstalments, parts);
	l = data_set_list(dm, "instalments");
	for (i = 0; i < n; i++) {
		x = data_list_add_map(l);
		data_setf(x, "number", "%zu", i + 1);
		data_set(x, "label", n < c->ninstalments ? "versement unique" :
		    c->instalments[i].label);
		data_setf(x, "percent", "%d", n < c->ninstalments ? 100 :
		    c->instalments[i].percent);
		set_amount(x, "amount", parts[i]);
		set0(x, "when", c->instalments[i].when);
	}
	free(parts);
	free(pc);
}

void
render_data_letter(struct data *root, const struct call *c,
    const struct date *date)
{
	struct data	*m;

	m = data_set_map(root, "letter");
	set_date(m, "date", date);
	set0(m, "place", c->place);
}

void
render_data_record(struct data *root, const struct call *c,
    const struct application *a, const struct decision *dec,
    const struct date *today)
{
	const struct legal_form *lf;
	struct data	*m, *x, *l;
	struct buf	 b = BUF_INIT, cn = BUF_INIT;	/* cn: the contact's name */
	const char	*lines[8];
	char		*block[TEXT_ADDR_LINES];
	size_t		 n = 0, i;
	int		 flags, nb;

	m = data_set_map(root, "app");
	data_set(m, "id", a->id);
	data_set(m, "name", a->name);
	if ((lf = call_form(c, a->form_name)) != NULL)
		data_set(m, "form", lf->label);
	set0(m, "siret", a->siret);
	set0(m, "rna", a->rna);
	set_date(m, "received", &a->received);
	if (c->silence_months > 0) {
		struct date deemed = date_add_months(a->received,
		    c->silence_months);

		set_date(m, "deemed_rejected", &deemed);
	}
	set_date(m, "founded", &a->founded);
	set0(m, "title", a->title);
	set0(m, "summary", a->summary);
	set_amount(m, "requested", a->requested);
	set0(m, "city", a->city);
	set0(m, "postcode", a->postcode);
	l = data_set_list(m, "address");
	for (i = 0; i < 3 && a->address[i] != NULL; i++)
		data_list_add(l, a->address[i]);

	x = data_set_map(m, "contact");
	set0(x, "civility", a->civility);
	set0(x, "first_name", a->first_name);
	set0(x, "last_name", a->last_name);
	set0(x, "role", a->role);
	set0(x, "email", a->email);
	buf_printf(&cn, "%s%s%s %s", a->civility ? a->civility : "",
	    a->civility ? " " : "", a->first_name ? a->first_name : "",
	    a->last_name ? a->last_name : "");
	data_set(x, "name", cn.s);
	salutation(&b, a);
	data_set(m, "salutation", b.s);

	/* NF Z10-011 block: structure, contact, street lines, town. */
	lines[n++] = a->name;
	lines[n++] = cn.s;
	for (i = 0; i < 3 && a->address[i] != NULL; i++)
		lines[n++] = a->address[i];
	buf_truncate(&b, 0);
	buf_printf(&b, "%s %s", a->postcode ? a->postcode : "",
	    a->city ? a->city : "");
	lines[n++] = b.s;
	nb = text_address_block(block, lines, n, &flags);
	l = data_set_list(m, "address_block");
	for (i = 0; nb > 0 && i < (size_t)nb; i++)
		data_list_add(l, block[i]);
	if (nb > 0)
		text_address_free(block);

	m = data_set_map(root, "decision");
	data_set(m, "verdict", verdict_name(dec->verdict));
	set0(m, "status", decision_status_name(a->decision));
	if (dec->aid != NULL) {
		x = data_set_map(m, "aid");
		data_set(x, "id", dec->aid->id);
		data_set(x, "label", dec->aid->label);
		if (dec->aid->has_max)
			set_amount(x, "max", dec->aid->max_cents);
	}
	add_reasons(m, dec);
	if (dec->capped) {
		data_set(m, "capped", "yes");
		set_amount(m, "cap", dec->capped_amount);
	}
	if (a->decision == DEC_GRANTED && a->granted >= 0) {
		set_amount(m, "granted", a->granted);
		add_instalments(m, c, a->granted);
	}
	set_date(m, "date", &a->decision_date);
	set0(m, "deliberation", a->deliberation);
	set0(m, "reason", a->decision_reason);

	render_data_letter(root, c, today);
	buf_free(&cn);
	buf_free(&b);
}
