/* rules.c: decide eligible / ineligible / incomplete from the call's conditions. */
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

static void
add_reason(struct decision *dec, enum reason_kind kind,
    const struct condition *c, char *detail, const char *missing)
{
	struct reason	*r;

	dec->reasons = xrealloc(dec->reasons,
	    (dec->nreasons + 1) * sizeof(*dec->reasons));
	r = &dec->reasons[dec->nreasons++];
	r->kind = kind;
	r->cond = c;
	r->detail = detail;
	r->missing = missing != NULL ? xstrdup(missing) : NULL;
}

/* The legal form as a letter names it. */
static const char *
form_fr(enum legal_form f)
{
	switch (f) {
	case FORM_ASSOCIATION:
		return "association";
	case FORM_SCIC:
		return "SCIC";
	case FORM_SCOP:
		return "SCOP";
	case FORM_COMMERCIAL:
		return "entreprise commerciale";
	default:
		return "autre";
	}
}

static int
in_list(char **list, const char *s)
{
	if (list == NULL || s == NULL)
		return 0;
	for (; *list != NULL; list++)
		if (strcmp(*list, s) == 0)
			return 1;
	return 0;
}

static void
check_max_age(const struct condition *c, const struct application *a,
    struct decision *dec)
{
	struct date	 limit;
	struct buf	 b = BUF_INIT;

	if (!date_is_set(&a->founded)) {
		add_reason(dec, REASON_MISSING, c, NULL,
		    "la date de création de la structure");
		return;
	}
	limit = date_add_years(a->founded, c->years);
	if (date_cmp(&limit, &a->received) > 0)
		return;
	buf_puts(&b, "structure créée le ");
	date_format_fr(&b, &a->founded);
	buf_printf(&b, ", %d an%s ou plus avant le dépôt du dossier le ",
	    c->years, c->years > 1 ? "s" : "");
	date_format_fr(&b, &a->received);
	add_reason(dec, REASON_FAILED, c, buf_detach(&b), NULL);
}

static void
check_ess_territory(const struct call *call, const struct condition *c,
    const struct application *a, struct decision *dec)
{
	const struct commune *m;
	struct buf	 b = BUF_INIT;
	int		 ess = 1;

	if (a->form == FORM_NONE) {
		add_reason(dec, REASON_MISSING, c, NULL,
		    "la forme juridique de la structure");
		ess = -1;
	} else if (in_list(c->legal_forms, a->form_name)) {
		ess = 1;
	} else if (in_list(c->esus_forms, a->form_name)) {
		if (!date_is_set(&a->esus_until)) {
			buf_puts(&b, "entreprise commerciale sans agrément ESUS");
			ess = 0;
		} else if (date_cmp(&a->esus_until, &a->received) < 0) {
			buf_puts(&b, "agrément ESUS expiré le ");
			date_format_fr(&b, &a->esus_until);
			buf_puts(&b, ", avant le dépôt du dossier");
			ess = 0;
		}
	} else {
		buf_printf(&b, "forme juridique (%s) hors du champ de l’ESS",
		    form_fr(a->form));
		ess = 0;
	}

	if (call_commune(call, a->city, a->postcode) == NULL) {
		if (b.len > 0)
			buf_puts(&b, " ; ");
		if ((m = call_commune_by_name(call, a->city)) != NULL)
			buf_printf(&b, "le code postal %s n’est pas celui de "
			    "la commune de %s", a->postcode, m->name);
		else
			buf_printf(&b, "la commune de %s (%s) n’est pas membre "
			    "de %s", a->city, a->postcode, call->issuer_name);
		ess = 0;
	}
	if (ess == 0)
		add_reason(dec, REASON_FAILED, c, buf_detach(&b), NULL);
	else
		buf_free(&b);
}

static void
check_declaration(const struct condition *c, enum tristate v,
    enum tristate want, const char *what, struct decision *dec)
{
	if (v == TRI_MISSING)
		add_reason(dec, REASON_MISSING, c, NULL, what);
	else if (v != want)
		add_reason(dec, REASON_FAILED, c, NULL, NULL);
}

static void
check_jobs(const struct condition *c, const struct application *a,
    struct decision *dec)
{
	struct buf	 b = BUF_INIT;

	if (a->jobs_created < 0) {
		add_reason(dec, REASON_MISSING, c, NULL,
		    "le nombre d’emplois créés par le projet");
		return;
	}
	if (a->jobs_created >= c->min)
		return;
	buf_printf(&b, "%ld emploi créé déclaré, %d au moins attendu%s",
	    a->jobs_created, c->min, c->min > 1 ? "s" : "");
	add_reason(dec, REASON_FAILED, c, buf_detach(&b), NULL);
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
		check_declaration(c, a->ess_governance, TRI_YES,
		    "la déclaration sur la gouvernance conforme aux valeurs "
		    "et principes de l’ESS", dec);
		break;
	case RULE_VIABLE_ACTIVITY:
		check_declaration(c, a->viable_activity, TRI_YES,
		    "la déclaration sur la viabilité de l’activité économique",
		    dec);
		break;
	case RULE_JOBS_CREATED:
		check_jobs(c, a, dec);
		break;
	case RULE_NO_LAYOFFS:
		check_declaration(c, a->layoffs_12_months, TRI_NO,
		    "la déclaration sur les licenciements économiques des "
		    "12 derniers mois", dec);
		break;
	case RULE_UNMET_NEED:
		check_declaration(c, a->unmet_need, TRI_YES,
		    "la déclaration sur le besoin économique non couvert", dec);
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

void
rules_decide(const struct call *call, const struct application *a,
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
			buf_printf(&m, "%s%s", i ? ", " : "",
			    dec->reasons[i].cond->name);
		buf_printf(&b, _("granted, but the rules find the "
		    "application %s (%s): no agreement written"),
		    _(verdict_name(dec->verdict)), buf_str(&m));
		dec->error = buf_detach(&b);
	} else if (dec->aid->has_max && a->granted > dec->aid->max_cents) {
		amount_format_plain(&m, a->granted);
		amount_format_plain(&m2, dec->aid->max_cents);
		buf_printf(&b, _("granted amount %s exceeds the "
		    "maximum of %s for aid '%s': no agreement written"),
		    buf_str(&m), buf_str(&m2), dec->aid->id);
		dec->error = buf_detach(&b);
	}
	buf_free(&m);
	buf_free(&m2);
}

void
decision_clear(struct decision *dec)
{
	size_t	 i;

	for (i = 0; i < dec->nreasons; i++) {
		free(dec->reasons[i].detail);
		free(dec->reasons[i].missing);
	}
	free(dec->reasons);
	free(dec->error);
	memset(dec, 0, sizeof(*dec));
}
