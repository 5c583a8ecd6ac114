/* bind.c: the data every template sees: the call, a record (app, decision, letter), the round report; one amount formatter, one naming convention (docs/templates.md, "Data"). */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "address.h"
#include "amount.h"
#include "bind.h"
#include "call.h"
#include "data.h"
#include "date.h"
#include "diag.h"
#include "fold.h"
#include "i18n.h"
#include "report.h"
#include "round.h"
#include "rules.h"
#include "svg.h"
#include "text.h"
#include "util.h"

/* The most applications the report's PDF lists (report.csv has all). */
#define REPORT_ROWS	1000

enum {
	BIND_CENTS = 1 << 0	/* "8 000,00 €": the report's columns */
};


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

/*
 * An amount: the one formatter of every template's data.  map[key] is
 * the French text ("8 000 €", "8 000,50 €"; with BIND_CENTS always the
 * cents, "8 000,00 €", so that a column of amounts lines up on its
 * decimal comma), key_words the words ("huit mille euros"), key_plain a
 * number ("8000.00", for <bar> and for sums).  In this order: a
 * record's data is digested (docset.c).
 */
static void
bind_amount(struct data *m, const char *key, long long cents, int flags)
{
	struct buf	 b = BUF_INIT, k = BUF_INIT;
	size_t		 eur = strlen(UTF8_NNBSP "\xe2\x82\xac");

	amount_format_fr(&b, cents);
	if ((flags & BIND_CENTS) && cents % 100 == 0 && b.len > eur) {
		buf_truncate(&b, b.len - eur);
		buf_puts(&b, ",00" UTF8_NNBSP "\xe2\x82\xac");
	}
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
bind_call(struct data *root, const struct call *c)
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
			bind_amount(a, "max", aid->max_cents, 0);
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
	assert(n <= c->ninstalments);
	l = data_set_list(dm, "instalments");
	for (i = 0; i < n; i++) {
		x = data_list_add_map(l);
		data_setf(x, "number", "%zu", i + 1);
		data_set(x, "label", n < c->ninstalments ? "versement unique" :
		    c->instalments[i].label);
		data_setf(x, "percent", "%d", n < c->ninstalments ? 100 :
		    c->instalments[i].percent);
		bind_amount(x, "amount", parts[i], 0);
		set0(x, "when", c->instalments[i].when);
	}
	free(parts);
	free(pc);
}

void
bind_letter(struct data *root, const struct call *c,
    const struct date *date)
{
	struct data	*m;

	m = data_set_map(root, "letter");
	set_date(m, "date", date);
	set0(m, "place", c->place);
}

/* Append the name of line i of the n a record's address block is made
 * of (bind_record()), translated. */
static void
addr_field(struct buf *b, int i, size_t n)
{
	if (i == 0)
		buf_puts(b, _("the applicant's name"));
	else if (i == 1)
		buf_puts(b, _("the contact's name"));
	else if ((size_t)i + 1 == n)
		buf_puts(b, _("the postcode and town"));
	else
		buf_printf(b, _("address line %d"), i - 1);
}

int
bind_record(struct data *root, const struct call *c,
    const struct application *a, const struct decision *dec,
    const struct date *today, const struct addr_window *win, char **why)
{
	const struct legal_form *lf;
	struct data	*m, *x, *l;
	struct buf	 b = BUF_INIT, cn = BUF_INIT;	/* cn: the contact's name */
	const char	*lines[8];
	char		*block[TEXT_ADDR_LINES];
	struct text_measure meas;
	struct text_addr_fit fit;
	size_t		 n = 0, i;
	int		 nb, rc = 0;

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
	bind_amount(m, "requested", a->requested, 0);
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
	/* Measured for the templates' window: a line that still does not
	 * fit is the record's error, never a name cut short. */
	if (win != NULL)
		addr_measure(win, &meas);
	nb = text_address_fit(block, lines, n, win != NULL ? &meas : NULL,
	    &fit);
	if (win != NULL && (fit.flags & TEXT_ADDR_TRUNCATED)) {
		rc = -1;
		if (why != NULL) {
			struct buf msg = BUF_INIT;

			buf_truncate(&b, 0);
			addr_field(&b, fit.line, n);
			addr_misfit_msg(&msg, &fit, win, buf_str(&b));
			*why = buf_detach(&msg);
		}
	}
	text_addr_fit_free(&fit);
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
			bind_amount(x, "max", dec->aid->max_cents, 0);
	}
	add_reasons(m, dec);
	if (dec->capped) {
		data_set(m, "capped", "yes");
		bind_amount(m, "cap", dec->capped_amount, 0);
	}
	if (a->decision == DEC_GRANTED && a->granted >= 0) {
		bind_amount(m, "granted", a->granted, 0);
		add_instalments(m, c, a->granted);
	}
	set_date(m, "date", &a->decision_date);
	set0(m, "deliberation", a->deliberation);
	set0(m, "reason", a->decision_reason);

	bind_letter(root, c, today);
	buf_free(&cn);
	buf_free(&b);
	return rc;
}

/* The round report's data. */

/* Indices of tally.verdict and tally.decision. */
enum { V_ELIGIBLE, V_INELIGIBLE, V_INCOMPLETE, V_NONE };
enum { D_GRANTED, D_REFUSED, D_PENDING, D_NONE };

struct aid_sum {
	char		*id;		/* NULL: not given; the tally's copy */
	const char	*label;
	int		 n;
	long long	 requested;	/* cents */
	long long	 granted;	/* cents, grants that stand */
};

struct commune_sum {
	const char	*name;		/* the member commune's, or as written */
	char		*key;		/* fold_name(name): groups and sorts */
	char		*own;		/* name's copy when as written (rows
					 * may be read back one at a time:
					 * report_row()) */
	int		 member;
	int		 n;
};

struct tally {
	int		 verdict[4];	/* V_*: V_NONE is an error record */
	int		 decision[4];	/* D_* */
	int		 nerr;		/* rows with an error */
	long long	 requested;	/* cents, every row */
	int		 ngranted;	/* grants that stand */
	long long	 granted;
	int		 nbad;		/* granted decisions in error */
	long long	 bad;
	struct aid_sum	*aids;
	size_t		 naids;
	struct commune_sum *communes;
	size_t		 ncommunes;
};

static int
verdict_index(const char *v)
{
	if (strcmp(v, "eligible") == 0)
		return V_ELIGIBLE;
	if (strcmp(v, "ineligible") == 0)
		return V_INELIGIBLE;
	if (strcmp(v, "incomplete") == 0)
		return V_INCOMPLETE;
	return V_NONE;
}

static int
decision_index(const char *v)
{
	if (strcmp(v, "granted") == 0)
		return D_GRANTED;
	if (strcmp(v, "refused") == 0)
		return D_REFUSED;
	if (strcmp(v, "pending") == 0)
		return D_PENDING;
	return D_NONE;
}

/* The aid group of id (NULL: not given), added when new. */
static struct aid_sum *
tally_aid(struct tally *t, const char *id)
{
	struct aid_sum	*s;
	size_t		 i;

	for (i = 0; i < t->naids; i++)
		if (id == NULL ? t->aids[i].id == NULL :
		    t->aids[i].id != NULL && strcmp(t->aids[i].id, id) == 0)
			return &t->aids[i];
	t->aids = xrealloc(t->aids, (t->naids + 1) * sizeof(*t->aids));
	s = &t->aids[t->naids++];
	memset(s, 0, sizeof(*s));
	s->id = id != NULL ? xstrdup(id) : NULL;
	s->label = id != NULL ? s->id : "(aide non renseignée)";
	return s;
}

/* Count an applicant in its commune: the member commune when the name
 * matches one, else the name as written (outside the territory). */
static void
tally_commune(struct tally *t, const struct call *call, const char *city)
{
	const struct commune	*c;
	struct commune_sum	*s;
	char			*key;
	size_t			 i;

	if (city == NULL)
		city = "(commune non renseignée)";
	c = call_commune_by_name(call, city);
	key = c != NULL ? xstrdup(c->key) : fold_name(city);
	for (i = 0; i < t->ncommunes; i++)
		if (strcmp(t->communes[i].key, key) == 0) {
			t->communes[i].n++;
			free(key);
			return;
		}
	t->communes = xrealloc(t->communes, (t->ncommunes + 1) *
	    sizeof(*t->communes));
	s = &t->communes[t->ncommunes++];
	s->own = c != NULL ? NULL : xstrdup(city);
	s->name = c != NULL ? c->name : s->own;
	s->key = key;
	s->member = c != NULL;
	s->n = 1;
}

/* Most applicants first, then by name. */
static int
commune_cmp(const void *a, const void *b)
{
	const struct commune_sum *x = a, *y = b;

	if (x->n != y->n)
		return x->n > y->n ? -1 : 1;
	return strcmp(x->key, y->key);
}

static void
tally_rows(struct tally *t, const struct report *rp)
{
	const struct row *r;
	struct aid_sum	*s;
	size_t		 i;

	memset(t, 0, sizeof(*t));
	for (i = 0; i < rp->call->naids; i++) {
		s = tally_aid(t, rp->call->aids[i].id);
		s->label = rp->call->aids[i].label;
	}
	for (i = 0; i < rp->nrows; i++) {
		r = report_row(rp, i);
		t->verdict[verdict_index(r->verdict)]++;
		t->decision[decision_index(r->decision)]++;
		if (r->error != NULL)
			t->nerr++;
		s = tally_aid(t, r->aid);
		s->n++;
		if (r->requested > 0) {
			t->requested += r->requested;
			s->requested += r->requested;
		}
		if (report_grant_stands(rp, r)) {
			t->ngranted++;
			t->granted += r->granted;
			s->granted += r->granted;
		} else if (r->granted >= 0) {
			t->nbad++;
			t->bad += r->granted;
		}
		tally_commune(t, rp->call, r->commune);
	}
	if (t->ncommunes > 1)
		qsort(t->communes, t->ncommunes, sizeof(*t->communes),
		    commune_cmp);
}

static void
tally_free(struct tally *t)
{
	size_t	 i;

	for (i = 0; i < t->ncommunes; i++) {
		free(t->communes[i].key);
		free(t->communes[i].own);
	}
	for (i = 0; i < t->naids; i++)
		free(t->aids[i].id);
	free(t->communes);
	free(t->aids);
}

/* map[key] = "44,1 %", "1 000 000,0 %": part of whole, rounded to a
 * tenth, thousands grouped. */
static void
set_percent(struct data *m, const char *key, long long part, long long whole)
{
	struct buf	 b = BUF_INIT;
	long long	 p;

	p = whole > 0 ? (part * 1000 + whole / 2) / whole : 0;
	text_thousands(&b, p / 10);
	buf_printf(&b, ",%lld" UTF8_NNBSP "%%", p % 10);
	data_set(m, key, b.s);
	buf_free(&b);
}

static int
max_int(const int *v, size_t n)
{
	size_t	 i;
	int	 m = 0;

	for (i = 0; i < n; i++)
		if (v[i] > m)
			m = v[i];
	return m;
}

/* round.{id, date?, edited, count, errors, requested, granted, budget…}. */
static void
report_totals(struct data *m, const struct report *rp, const struct tally *t)
{
	const struct round_info *ri = rp->info;
	struct buf	 b = BUF_INIT;

	data_set(m, "id", ri->id);
	if (date_is_set(&ri->date)) {
		date_format_fr(&b, &ri->date);
		data_set(m, "date", b.s);
		buf_truncate(&b, 0);
	}
	date_format_fr(&b, &rp->today);
	data_set(m, "edited", b.s);
	buf_free(&b);
	data_setf(m, "count", "%zu", rp->nrows);
	data_setf(m, "errors", "%d", t->nerr);
	bind_amount(m, "requested", t->requested, BIND_CENTS);
	data_setf(m, "granted_count", "%d", t->ngranted);
	bind_amount(m, "granted", t->granted, BIND_CENTS);
	set_percent(m, "granted_share", t->granted, t->requested);
	if (t->nbad > 0) {
		data_setf(m, "granted_errors", "%d", t->nbad);
		if (t->nbad == 1)	/* "1 décision", "2 décisions" */
			data_set(m, "granted_errors_one", "yes");
		bind_amount(m, "granted_errors_amount", t->bad, BIND_CENTS);
	}
	if (!ri->has_budget)
		return;
	bind_amount(m, "budget", ri->budget, BIND_CENTS);
	set_percent(m, "budget_used", t->granted, ri->budget);
	if (t->granted > ri->budget) {
		data_set(m, "over_budget", "yes");
		bind_amount(m, "budget_over", t->granted - ri->budget,
		    BIND_CENTS);
	} else
		bind_amount(m, "budget_left", ri->budget - t->granted, BIND_CENTS);
}

/* round.verdicts, round.decisions (counts by key) and their maxima. */
static void
report_counts(struct data *m, const struct tally *t)
{
	struct data	*x;

	x = data_set_map(m, "verdicts");
	data_setf(x, "eligible", "%d", t->verdict[V_ELIGIBLE]);
	data_setf(x, "ineligible", "%d", t->verdict[V_INELIGIBLE]);
	data_setf(x, "incomplete", "%d", t->verdict[V_INCOMPLETE]);
	data_setf(x, "error", "%d", t->verdict[V_NONE]);
	data_setf(m, "verdicts_max", "%d", max_int(t->verdict, 4));
	x = data_set_map(m, "decisions");
	data_setf(x, "granted", "%d", t->decision[D_GRANTED]);
	data_setf(x, "refused", "%d", t->decision[D_REFUSED]);
	data_setf(x, "pending", "%d", t->decision[D_PENDING]);
	data_setf(x, "none", "%d", t->decision[D_NONE]);
	data_setf(m, "decisions_max", "%d", max_int(t->decision, 4));
}

/* round.aids, round.aids_max; round.communes, round.communes_max. */
static void
report_groups(struct data *m, const struct tally *t)
{
	struct data	*l, *x;
	long long	 amax = 0;
	size_t		 i;
	int		 cmax = 0;

	l = data_set_list(m, "aids");
	for (i = 0; i < t->naids; i++) {
		const struct aid_sum *s = &t->aids[i];

		x = data_list_add_map(l);
		data_set(x, "id", s->id);
		data_set(x, "label", s->label);
		data_setf(x, "count", "%d", s->n);
		bind_amount(x, "requested", s->requested, BIND_CENTS);
		bind_amount(x, "granted", s->granted, BIND_CENTS);
		if (s->requested > amax)
			amax = s->requested;
		if (s->granted > amax)
			amax = s->granted;
	}
	bind_amount(m, "aids_max", amax, BIND_CENTS);
	l = data_set_list(m, "communes");
	for (i = 0; i < t->ncommunes; i++) {
		const struct commune_sum *s = &t->communes[i];

		x = data_list_add_map(l);
		data_set(x, "name", s->name);
		data_setf(x, "count", "%d", s->n);
		data_set(x, "member", s->member ? "yes" : "");
		if (s->n > cmax)
			cmax = s->n;
	}
	data_setf(m, "ncommunes", "%zu", t->ncommunes);
	data_setf(m, "communes_max", "%d", cmax);
}

/* round.rows: one entry per application, in file order. */
static void
report_rows(struct data *m, const struct report *rp)
{
	const struct aid *aid;
	const struct row *r;
	struct data	*l, *x;
	size_t		 i, nerr = 0, room, listed_err = 0, omitted = 0;

	/*
	 * The PDF lists at most REPORT_ROWS applications (a report of
	 * 100 000 would be thousands of pages and gigabytes in layout): every
	 * record with an error first, then the others in file order while
	 * room remains; report.csv always has them all.
	 */
	for (i = 0; i < rp->nrows; i++)
		if (report_row(rp, i)->error != NULL)
			nerr++;
	room = nerr < REPORT_ROWS ? REPORT_ROWS - nerr : 0;
	l = data_set_list(m, "rows");
	for (i = 0; i < rp->nrows; i++) {
		r = report_row(rp, i);
		if (r->error == NULL) {
			if (room == 0) {
				omitted++;
				continue;
			}
			room--;
		} else if (listed_err++ >= REPORT_ROWS) {
			omitted++;
			continue;
		}
		x = data_list_add_map(l);
		data_set(x, "id", r->id != NULL ? r->id : "?");
		data_set(x, "applicant", r->applicant);
		data_set(x, "commune", r->commune);
		aid = r->aid != NULL ? call_aid(rp->call, r->aid) : NULL;
		data_set(x, "aid", r->aid);
		data_set(x, "aid_label", aid != NULL ? aid->label : r->aid);
		data_set(x, "aid_short", aid == NULL ? r->aid :
		    aid->short_label != NULL ? aid->short_label : aid->label);
		data_set(x, "verdict", r->verdict);
		data_set(x, "decision", r->decision);
		if (r->requested > 0)
			bind_amount(x, "requested", r->requested, BIND_CENTS);
		if (r->granted >= 0)
			bind_amount(x, "granted", r->granted, BIND_CENTS);
		if (r->granted >= 0 && !report_grant_stands(rp, r))
			data_set(x, "granted_void", "yes");
		if (r->capped >= 0)
			bind_amount(x, "capped", r->capped, BIND_CENTS);
		if (r->error != NULL)
			data_set(x, "error", r->error);
		if (r->reasons != NULL && *r->reasons != '\0')
			data_set(x, "reasons", r->reasons);
		if (r->failed != NULL)
			data_set(x, "failed", r->failed);
		if (r->missing != NULL)
			data_set(x, "missing", r->missing);
	}
	if (omitted > 0) {
		data_setf(m, "rows_listed", "%zu", rp->nrows - omitted);
		data_setf(m, "rows_omitted", "%zu", omitted);
	}
}

static void
warn_over_budget(const struct report *rp, long long granted,
    struct diag *d)
{
	struct buf	 g = BUF_INIT, b = BUF_INIT;

	amount_format_plain(&g, granted);
	amount_format_plain(&b, rp->info->budget);
	diag_msg(d, DIAG_WARNING, 0, rp->info->file, 0, 0, NULL,
	    "round %s: %s granted exceeds the budget of %s", rp->info->id,
	    g.s, b.s);
	buf_free(&g);
	buf_free(&b);
}

/*
 * The round report: the "round" map, tallied from the rows (every field
 * in docs/templates.md, "round").
 */
void
bind_report(struct data *root, const struct report *rp, struct diag *d)
{
	struct tally	 t;
	struct data	*m;

	tally_rows(&t, rp);
	if (rp->info->has_budget && t.granted > rp->info->budget)
		warn_over_budget(rp, t.granted, d);
	m = data_set_map(root, "round");
	report_totals(m, rp, &t);
	report_counts(m, &t);
	report_groups(m, &t);
	report_rows(m, rp);
	tally_free(&t);
}
