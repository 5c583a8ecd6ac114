/* rules.c: decide eligible / ineligible / incomplete from the call's conditions. */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "amount.h"
#include "call.h"
#include "date.h"
#include "i18n.h"
#include "round.h"
#include "rules.h"
#include "util.h"

static const char *const verdict_names[] = {
	"eligible",		/* VERDICT_ELIGIBLE */
	"ineligible",		/* VERDICT_INELIGIBLE */
	"incomplete",		/* VERDICT_INCOMPLETE */
};

const char *
verdict_name(enum verdict v)
{
	assert(v >= 0 &&
	    (size_t)v < sizeof(verdict_names) / sizeof(verdict_names[0]));
	return verdict_names[v];
}

const char *
decision_status_name(int s)
{
	switch (s) {
	case DEC_GRANTED:
		return "granted";
	case DEC_REFUSED:
		return "refused";
	case DEC_PENDING:
		return "pending";
	default:
		return "";
	}
}

static struct reason *
add_reason(struct decision *dec, enum reason_kind kind,
    const struct condition *c)
{
	struct reason	*r;

	dec->reasons = xrealloc(dec->reasons,
	    (dec->nreasons + 1) * sizeof(*dec->reasons));
	r = &dec->reasons[dec->nreasons++];
	memset(r, 0, sizeof(*r));
	r->kind = kind;
	r->cond = c;
	return r;
}

/* A new fact (case when) of a failed reason; NULL when it has two. */
static struct fact *
add_fact(struct reason *r, const char *when)
{
	struct fact	*f;

	if (r->nfacts == sizeof(r->facts) / sizeof(r->facts[0]))
		return NULL;
	f = &r->facts[r->nfacts++];
	f->when = when;
	return f;
}

/* A figure of a fact (value is handed over). */
static void
fig(struct fact *f, const char *name, char *value)
{
	if (f == NULL || f->nfigs == FACT_FIGS) {
		free(value);
		return;
	}
	f->name[f->nfigs] = name;
	f->value[f->nfigs++] = value;
}

static void
fig_str(struct fact *f, const char *name, const char *v)
{
	fig(f, name, xstrdup(v != NULL ? v : ""));
}

static void
fig_date(struct fact *f, const char *name, const struct date *d)
{
	struct buf	 b = BUF_INIT;

	date_format_fr(&b, d);
	fig(f, name, buf_detach(&b));
}

static void
fig_int(struct fact *f, const char *name, long v)
{
	struct buf	 b = BUF_INIT;

	buf_printf(&b, "%ld", v);
	fig(f, name, buf_detach(&b));
}

static void
check_max_age(const struct condition *c, const struct application *a,
    struct decision *dec)
{
	struct date	 limit;
	struct fact	*f;

	if (!date_is_set(&a->founded)) {
		add_reason(dec, REASON_MISSING, c);
		return;
	}
	limit = date_add_years(a->founded, c->years);
	if (date_cmp(&limit, &a->received) > 0)
		return;
	f = add_fact(add_reason(dec, REASON_FAILED, c), "too-old");
	fig_date(f, "founded", &a->founded);
	fig_int(f, "years", c->years);
	fig_date(f, "received", &a->received);
}

static void
check_ess_territory(const struct call *call, const struct condition *c,
    const struct application *a, struct decision *dec)
{
	const struct commune *m;
	const struct legal_form *lf;
	struct reason	*r = NULL;
	struct fact	*f;

	if (a->form_name == NULL)
		add_reason(dec, REASON_MISSING, c);
	else if ((lf = call_form(call, a->form_name)) == NULL ||
	    lf->ess == FORM_ESS_NO) {
		r = add_reason(dec, REASON_FAILED, c);
		fig_str(add_fact(r, "not-ess"), "form", lf != NULL ?
		    lf->label : a->form_name);
	} else if (lf->ess == FORM_ESS_ESUS) {
		if (!date_is_set(&a->esus_until)) {
			r = add_reason(dec, REASON_FAILED, c);
			fig_str(add_fact(r, "no-esus"), "form", lf->label);
		} else if (date_cmp(&a->esus_until, &a->received) < 0) {
			r = add_reason(dec, REASON_FAILED, c);
			f = add_fact(r, "esus-expired");
			fig_str(f, "form", lf->label);
			fig_date(f, "esus_until", &a->esus_until);
			fig_date(f, "received", &a->received);
		}
	}

	if (call_commune(call, a->city, a->postcode) == NULL) {
		if (r == NULL)
			r = add_reason(dec, REASON_FAILED, c);
		if ((m = call_commune_by_name(call, a->city)) != NULL) {
			f = add_fact(r, "postcode");
			fig_str(f, "postcode", a->postcode);
			fig_str(f, "commune", m->name);
		} else {
			f = add_fact(r, "not-member");
			fig_str(f, "city", a->city);
			fig_str(f, "postcode", a->postcode);
			fig_str(f, "issuer", call->issuer_name);
		}
	}
}

static void
check_declaration(const struct condition *c, enum tristate v,
    enum tristate want, struct decision *dec)
{
	if (v == TRI_MISSING)
		add_reason(dec, REASON_MISSING, c);
	else if (v != want)
		add_reason(dec, REASON_FAILED, c);
}

static void
check_jobs(const struct condition *c, const struct application *a,
    struct decision *dec)
{
	struct fact	*f;

	if (a->jobs_created < 0) {
		add_reason(dec, REASON_MISSING, c);
		return;
	}
	if (a->jobs_created >= c->min)
		return;
	f = add_fact(add_reason(dec, REASON_FAILED, c), "too-few");
	fig_int(f, "jobs", a->jobs_created);
	fig_int(f, "min", c->min);
}

static void
check(const struct call *call, const struct condition *c,
    const struct application *a, struct decision *dec)
{
	switch (c->rule) {
	case RULE_MAX_AGE:
		check_max_age(c, a, dec);
		break;
	case RULE_ESS_TERRITORY:
		check_ess_territory(call, c, a, dec);
		break;
	case RULE_ESS_GOVERNANCE:
		check_declaration(c, a->ess_governance, TRI_YES, dec);
		break;
	case RULE_VIABLE_ACTIVITY:
		check_declaration(c, a->viable_activity, TRI_YES, dec);
		break;
	case RULE_JOBS_CREATED:
		check_jobs(c, a, dec);
		break;
	case RULE_NO_LAYOFFS:
		check_declaration(c, a->layoffs_12_months, TRI_NO, dec);
		break;
	case RULE_UNMET_NEED:
		check_declaration(c, a->unmet_need, TRI_YES, dec);
		break;
	case RULE__MAX:
		break;
	}
}

/* Failed conditions first, then missing items, each in the call's order. */
static int
reason_order(const void *pa, const void *pb)
{
	const struct reason *a = pa, *b = pb;

	if (a->kind != b->kind)
		return a->kind == REASON_FAILED ? -1 : 1;
	return a->cond < b->cond ? -1 : a->cond > b->cond;
}

/* "12 000,00 €": with its cents, as the report sets amounts. */
static void
amount_fr_cents(struct buf *b, long long cents)
{
	size_t	 start = b->len;

	amount_format_fr(b, cents);
	if (cents % 100 == 0 && strstr(b->s + start, ",") == NULL &&
	    b->len - start > strlen(UTF8_NNBSP "\xe2\x82\xac")) {
		buf_truncate(b, b->len - strlen(UTF8_NNBSP "\xe2\x82\xac"));
		buf_puts(b, ",00" UTF8_NNBSP "\xe2\x82\xac");
	}
}

static void
decide(const struct call *call, const struct application *a,
    struct decision *dec)
{
	struct buf	 b = BUF_INIT, m = BUF_INIT, m2 = BUF_INIT;
	size_t		 i, nfailed = 0;

	memset(dec, 0, sizeof(*dec));
	if ((dec->aid = call_aid(call, a->aid)) == NULL) {
		buf_printf(&b, _("unknown aid '%s': the call %s has"), a->aid,
		    call->id);
		for (i = 0; i < call->naids; i++)
			buf_printf(&b, "%s '%s'", i == 0 ? "" : _(" and"),
			    call->aids[i].id);
		dec->error = buf_detach(&b);
		dec->verdict = VERDICT_INCOMPLETE;
		return;
	}
	if (a->form_name != NULL && call->nforms > 0 &&
	    call_form(call, a->form_name) == NULL) {
		buf_printf(&b, _("legal form '%s' is not one of the call %s's:"),
		    a->form_name, call->id);
		for (i = 0; i < call->nforms; i++)
			buf_printf(&b, "%s '%s'", i == 0 ? "" : ",",
			    call->forms[i].id);
		dec->error = buf_detach(&b);
		dec->aid = NULL;
		dec->verdict = VERDICT_INCOMPLETE;
		return;
	}
	for (i = 0; i < dec->aid->nconds; i++)
		check(call, &dec->aid->conds[i], a, dec);
	if (dec->nreasons > 1)
		qsort(dec->reasons, dec->nreasons, sizeof(*dec->reasons),
		    reason_order);
	for (i = 0; i < dec->nreasons; i++)
		if (dec->reasons[i].kind == REASON_FAILED)
			nfailed++;
	if (nfailed > 0)
		dec->verdict = VERDICT_INELIGIBLE;
	else if (dec->nreasons > 0)
		dec->verdict = VERDICT_INCOMPLETE;
	else
		dec->verdict = VERDICT_ELIGIBLE;

	if (dec->verdict == VERDICT_ELIGIBLE && dec->aid->has_max &&
	    a->requested > dec->aid->max_cents) {
		dec->capped = 1;
		dec->capped_amount = dec->aid->max_cents;
	}

	/* The guard rails on a granted decision. */
	if (a->decision != DEC_GRANTED)
		return;
	if (dec->verdict != VERDICT_ELIGIBLE) {
		for (i = 0; i < dec->nreasons; i++)
			buf_printf(&m, "%s« %s »", i ? ", " : "",
			    dec->reasons[i].cond->label);
		buf_printf(&b, _("granted, but the rules find the "
		    "application %s (%s)"), _(verdict_name(dec->verdict)),
		    buf_str(&m));
		dec->error = buf_detach(&b);
	} else if (dec->aid->has_max && a->granted > dec->aid->max_cents) {
		/* French (the report's, or a French locale's) says amounts
		 * and the aid as the call does ("12 000,00 €", « Aide au
		 * démarrage »). */
		if (i18n_french()) {
			amount_fr_cents(&m, a->granted);
			amount_fr_cents(&m2, dec->aid->max_cents);
		} else {
			amount_format_plain(&m, a->granted);
			amount_format_plain(&m2, dec->aid->max_cents);
		}
		buf_printf(&b, _("granted amount %s exceeds the "
		    "maximum of %s for aid '%s'"),
		    buf_str(&m), buf_str(&m2), i18n_french() ?
		    dec->aid->label : dec->aid->id);
		dec->error = buf_detach(&b);
	}
	buf_free(&m);
	buf_free(&m2);
}

/*
 * The decision, and its error (if any) said a second time in French for
 * the report (i18n.h): the same decision made again in French mode, which
 * costs nothing on the records without an error.
 */
void
rules_decide(const struct call *call, const struct application *a,
    struct decision *dec)
{
	struct decision	 fr;

	decide(call, a, dec);
	if (dec->error == NULL)
		return;
	i18n_french_begin();
	decide(call, a, &fr);
	i18n_french_end();
	dec->error_fr = fr.error;
	fr.error = NULL;
	decision_clear(&fr);
}

void
decision_clear(struct decision *dec)
{
	size_t	 i, j, k;

	for (i = 0; i < dec->nreasons; i++) {
		for (j = 0; j < dec->reasons[i].nfacts; j++)
			for (k = 0; k < dec->reasons[i].facts[j].nfigs; k++)
				free(dec->reasons[i].facts[j].value[k]);
		free(dec->reasons[i].detail);
		free(dec->reasons[i].missing);
	}
	free(dec->reasons);
	free(dec->error);
	free(dec->error_fr);
	memset(dec, 0, sizeof(*dec));
}

/*
 * text with each {name} replaced by the fact's figure of that name; an
 * unknown name is left as written; "{{" and "}}" are braces.
 */
static void
fill(struct buf *b, const char *text, const struct fact *f)
{
	const char	*p, *end;
	size_t		 i, len;

	for (p = text; *p != '\0'; p++) {
		if ((p[0] == '{' && p[1] == '{') ||
		    (p[0] == '}' && p[1] == '}')) {
			buf_putc(b, *p++);
			continue;
		}
		if (*p != '{' || (end = strchr(p, '}')) == NULL) {
			buf_putc(b, *p);
			continue;
		}
		len = (size_t)(end - p - 1);
		for (i = 0; f != NULL && i < f->nfigs; i++)
			if (strlen(f->name[i]) == len &&
			    strncmp(f->name[i], p + 1, len) == 0)
				break;
		if (f != NULL && i < f->nfigs)
			buf_puts(b, f->value[i]);
		else
			buf_add(b, p, len + 2);
		p = end;
	}
}

void
rules_explain(const struct call *call, struct decision *dec)
{
	struct reason	*r;
	const char	*text;
	struct buf	 b = BUF_INIT;
	size_t		 i, j;

	for (i = 0; i < dec->nreasons; i++) {
		r = &dec->reasons[i];
		free(r->detail);
		free(r->missing);
		r->detail = r->missing = NULL;
		if (r->kind == REASON_MISSING) {
			if ((text = call_sentence(call, r->cond->name, 1,
			    NULL)) != NULL) {
				fill(&b, text, NULL);
				r->missing = buf_detach(&b);
			}
			continue;
		}
		for (j = 0; j < r->nfacts; j++) {
			if ((text = call_sentence(call, r->cond->name, 0,
			    r->facts[j].when)) == NULL)
				continue;
			if (b.len > 0)
				buf_puts(&b, " ; ");
			fill(&b, text, &r->facts[j]);
		}
		if (b.len > 0)
			r->detail = buf_detach(&b);
	}
	buf_free(&b);
}
