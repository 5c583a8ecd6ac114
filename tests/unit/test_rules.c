/* test_rules.c: every rule of the shipped call, passing and failing, and the guard rails. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "call.h"
#include "date.h"
#include "diag.h"
#include "kinds.h"
#include "round.h"
#include "rules.h"
#include "util.h"
#include "t.h"

static struct call *call;

/* An application that passes every condition of the given aid. */
static void
base(struct application *a, const char *aid)
{
	memset(a, 0, sizeof(*a));
	a->file = "test";
	a->id = "T-1";
	date_parse("2019-02-11", &a->received);
	a->name = "La Coloc de Joséphine";
	a->form_name = "association";
	date_parse("2018-01-15", &a->founded);
	a->postcode = "59300";
	a->city = "Valenciennes";
	a->aid = (char *)aid;
	a->requested = 800000;
	a->jobs_created = 2;
	a->ess_governance = TRI_YES;
	a->viable_activity = TRI_YES;
	a->layoffs_12_months = TRI_NO;
	a->unmet_need = TRI_YES;
	a->decision = DEC_NONE;
	a->granted = -1;
}

/* Decide, and return the verdict; *names gets the reasons' rule names. */
static enum verdict
decide(const struct application *a, char *names, size_t sz, int *err)
{
	struct decision	 dec;
	enum verdict	 v;
	size_t		 i;

	rules_decide(call, a, &dec);
	names[0] = '\0';
	for (i = 0; i < dec.nreasons; i++) {
		if (i > 0)
			strncat(names, ";", sz - strlen(names) - 1);
		strncat(names, dec.reasons[i].cond->name,
		    sz - strlen(names) - 1);
		strncat(names, dec.reasons[i].kind == REASON_FAILED ?
		    "!" : "?", sz - strlen(names) - 1);
	}
	*err = dec.error != NULL;
	v = dec.verdict;
	decision_clear(&dec);
	return v;
}

#define EXPECT(a, verdict, want) do {					\
	char n_[256]; int e_;						\
	CHECK_INT(decide((a), n_, sizeof(n_), &e_), (verdict));	\
	CHECK_STR(n_, (want));						\
	CHECK_INT(e_, 0);						\
} while (0)

static void
test_max_age(void)
{
	struct application a;

	base(&a, "demarrage");
	EXPECT(&a, VERDICT_ELIGIBLE, "");
	/* founded exactly 3 years before filing: not "less than 3 years" */
	date_parse("2016-02-11", &a.founded);
	EXPECT(&a, VERDICT_INELIGIBLE, "max-age!");
	/* one day less than 3 years: eligible */
	date_parse("2016-02-12", &a.founded);
	EXPECT(&a, VERDICT_ELIGIBLE, "");
	/* leap day: founded 29 Feb 2016, 3 years later is 28 Feb 2019 */
	date_parse("2016-02-29", &a.founded);
	date_parse("2019-02-27", &a.received);
	EXPECT(&a, VERDICT_ELIGIBLE, "");
	date_parse("2019-02-28", &a.received);
	EXPECT(&a, VERDICT_INELIGIBLE, "max-age!");
	base(&a, "demarrage");
	a.founded.y = a.founded.m = a.founded.d = 0;
	EXPECT(&a, VERDICT_INCOMPLETE, "max-age?");
	/* the development aid has no age limit */
	base(&a, "developpement");
	date_parse("1990-01-01", &a.founded);
	EXPECT(&a, VERDICT_ELIGIBLE, "");
}

static void
test_ess_territory(void)
{
	struct application a;

	base(&a, "demarrage");
	a.form_name = "scic";
	EXPECT(&a, VERDICT_ELIGIBLE, "");
	a.form_name = "scop";
	EXPECT(&a, VERDICT_ELIGIBLE, "");
	a.form_name = "other";
	EXPECT(&a, VERDICT_INELIGIBLE, "ess-territory!");
	a.form_name = NULL;
	EXPECT(&a, VERDICT_INCOMPLETE, "ess-territory?");
	/* commercial: ESUS agreement valid on the filing date */
	a.form_name = "commercial";
	EXPECT(&a, VERDICT_INELIGIBLE, "ess-territory!");
	date_parse("2019-02-11", &a.esus_until);
	EXPECT(&a, VERDICT_ELIGIBLE, "");
	date_parse("2019-02-10", &a.esus_until);
	EXPECT(&a, VERDICT_INELIGIBLE, "ess-territory!");

	base(&a, "developpement");
	a.city = "ST SAULVE"; a.postcode = "59880";
	EXPECT(&a, VERDICT_ELIGIBLE, "");
	a.city = "Condé-sur-l'Escaut"; a.postcode = "59163";
	EXPECT(&a, VERDICT_ELIGIBLE, "");
	a.city = "Aubry du Hainaut"; a.postcode = "59590";
	EXPECT(&a, VERDICT_ELIGIBLE, "");
	a.postcode = "59494";
	EXPECT(&a, VERDICT_ELIGIBLE, "");
	a.city = "Valenciennes"; a.postcode = "59410";	/* Anzin's */
	EXPECT(&a, VERDICT_INELIGIBLE, "ess-territory!");
	a.city = "Lille"; a.postcode = "59000";
	EXPECT(&a, VERDICT_INELIGIBLE, "ess-territory!");
}

static void
test_declarations(void)
{
	struct application a;

	base(&a, "demarrage");
	a.ess_governance = TRI_NO;
	EXPECT(&a, VERDICT_INELIGIBLE, "ess-governance!");
	a.ess_governance = TRI_MISSING;
	EXPECT(&a, VERDICT_INCOMPLETE, "ess-governance?");

	base(&a, "demarrage");
	a.viable_activity = TRI_NO;
	EXPECT(&a, VERDICT_INELIGIBLE, "viable-activity!");
	a.viable_activity = TRI_MISSING;
	EXPECT(&a, VERDICT_INCOMPLETE, "viable-activity?");

	base(&a, "demarrage");
	a.jobs_created = 0;
	EXPECT(&a, VERDICT_INELIGIBLE, "jobs-created!");
	a.jobs_created = 1;
	EXPECT(&a, VERDICT_ELIGIBLE, "");
	a.jobs_created = -1;
	EXPECT(&a, VERDICT_INCOMPLETE, "jobs-created?");
	/* start-up aid ignores layoffs and unmet need */
	base(&a, "demarrage");
	a.layoffs_12_months = TRI_YES;
	a.unmet_need = TRI_NO;
	EXPECT(&a, VERDICT_ELIGIBLE, "");

	base(&a, "developpement");
	a.layoffs_12_months = TRI_YES;
	EXPECT(&a, VERDICT_INELIGIBLE, "no-layoffs!");
	a.layoffs_12_months = TRI_MISSING;
	EXPECT(&a, VERDICT_INCOMPLETE, "no-layoffs?");
	base(&a, "developpement");
	a.unmet_need = TRI_NO;
	EXPECT(&a, VERDICT_INELIGIBLE, "unmet-need!");
	a.unmet_need = TRI_MISSING;
	EXPECT(&a, VERDICT_INCOMPLETE, "unmet-need?");
	/* the development aid ignores jobs created */
	base(&a, "developpement");
	a.jobs_created = 0;
	EXPECT(&a, VERDICT_ELIGIBLE, "");

	/* failed before missing, ineligible wins */
	base(&a, "demarrage");
	a.ess_governance = TRI_MISSING;
	a.jobs_created = 0;
	EXPECT(&a, VERDICT_INELIGIBLE, "jobs-created!;ess-governance?");
}

static void
test_cap_and_guard_rails(void)
{
	struct application a;
	struct decision	 dec;

	base(&a, "demarrage");
	a.requested = 1200000;
	rules_decide(call, &a, &dec);
	CHECK_INT(dec.verdict, VERDICT_ELIGIBLE);
	CHECK_INT(dec.capped, 1);
	CHECK_INT(dec.capped_amount, 1000000);
	CHECK(dec.error == NULL);
	decision_clear(&dec);

	/* granted at the maximum: fine */
	a.decision = DEC_GRANTED;
	a.granted = 1000000;
	rules_decide(call, &a, &dec);
	CHECK(dec.error == NULL);
	decision_clear(&dec);
	/* granted above: error */
	a.granted = 1000001;
	rules_decide(call, &a, &dec);
	CHECK(dec.error != NULL && strstr(dec.error, "exceeds") != NULL);
	decision_clear(&dec);
	/* the development aid has no maximum */
	base(&a, "developpement");
	a.requested = a.granted = 5000000;
	a.decision = DEC_GRANTED;
	rules_decide(call, &a, &dec);
	CHECK_INT(dec.capped, 0);
	CHECK(dec.error == NULL);
	decision_clear(&dec);
	/* granted but ineligible, or incomplete */
	base(&a, "demarrage");
	a.decision = DEC_GRANTED;
	a.granted = 500000;
	a.jobs_created = 0;
	rules_decide(call, &a, &dec);
	CHECK_INT(dec.verdict, VERDICT_INELIGIBLE);
	CHECK(dec.error != NULL && strstr(dec.error, "ineligible") != NULL);
	decision_clear(&dec);
	a.jobs_created = -1;
	rules_decide(call, &a, &dec);
	CHECK_INT(dec.verdict, VERDICT_INCOMPLETE);
	CHECK(dec.error != NULL && strstr(dec.error, "incomplete") != NULL);
	decision_clear(&dec);
	/* refused or pending: no guard rail */
	a.decision = DEC_REFUSED;
	rules_decide(call, &a, &dec);
	CHECK(dec.error == NULL);
	decision_clear(&dec);
	/* an aid the call does not have */
	base(&a, "investissement");
	rules_decide(call, &a, &dec);
	CHECK(dec.aid == NULL);
	CHECK(dec.error != NULL && strstr(dec.error, "unknown aid") != NULL);
	decision_clear(&dec);
}

/* The figure named name of dec's reason i, fact j, or NULL. */
static const char *
figure(const struct decision *dec, size_t i, size_t j, const char *name)
{
	const struct fact *f;
	size_t		 k;

	if (i >= dec->nreasons || j >= dec->reasons[i].nfacts)
		return NULL;
	f = &dec->reasons[i].facts[j];
	for (k = 0; k < f->nfigs; k++)
		if (strcmp(f->name[k], name) == 0)
			return f->value[k];
	return NULL;
}

/* The rules give facts (a case and figures); the call's words come after. */
static void
test_structured_reasons(void)
{
	struct application a;
	struct decision	 dec;

	base(&a, "demarrage");
	date_parse("2015-03-02", &a.founded);
	rules_decide(call, &a, &dec);
	CHECK_INT(dec.nreasons, 1);
	CHECK(dec.reasons[0].detail == NULL);	/* no sentence yet */
	CHECK_INT(dec.reasons[0].nfacts, 1);
	CHECK(dec.reasons[0].facts[0].when != NULL &&
	    strcmp(dec.reasons[0].facts[0].when, "too-old") == 0);
	CHECK(figure(&dec, 0, 0, "founded") != NULL &&
	    strcmp(figure(&dec, 0, 0, "founded"), "2 mars 2015") == 0);
	CHECK(figure(&dec, 0, 0, "years") != NULL &&
	    strcmp(figure(&dec, 0, 0, "years"), "3") == 0);
	rules_explain(call, &dec);
	CHECK(dec.reasons[0].detail != NULL &&
	    strcmp(dec.reasons[0].detail, "structure créée le 2 mars 2015, "
	    "3 ans ou plus avant le dépôt du dossier le 11 février 2019") == 0);
	decision_clear(&dec);

	/* Two cases of one rule: the form and the commune, both said. */
	base(&a, "demarrage");
	a.form_name = "other";
	a.city = "Lille";
	a.postcode = "59000";
	rules_decide(call, &a, &dec);
	CHECK_INT(dec.nreasons, 1);
	CHECK_INT(dec.reasons[0].nfacts, 2);
	CHECK(figure(&dec, 0, 0, "form") != NULL &&
	    strcmp(figure(&dec, 0, 0, "form"), "autre forme juridique") == 0);
	CHECK(figure(&dec, 0, 1, "city") != NULL &&
	    strcmp(figure(&dec, 0, 1, "city"), "Lille") == 0);
	rules_explain(call, &dec);
	CHECK(dec.reasons[0].detail != NULL &&
	    strcmp(dec.reasons[0].detail, "forme juridique déclarée hors du "
	    "champ de l’ESS : autre forme juridique ; la commune de Lille (59000) "
	    "n’est pas membre de Valenciennes Métropole") == 0);
	decision_clear(&dec);

	/* A missing item: the call's <missing> sentence. */
	base(&a, "demarrage");
	a.jobs_created = -1;
	rules_decide(call, &a, &dec);
	rules_explain(call, &dec);
	CHECK_INT(dec.nreasons, 1);
	CHECK(dec.reasons[0].missing != NULL &&
	    strcmp(dec.reasons[0].missing,
	    "le nombre d’emplois créés par le projet") == 0);
	decision_clear(&dec);

	/* A legal form the call does not declare: a record error. */
	base(&a, "demarrage");
	a.form_name = "sarl";
	rules_decide(call, &a, &dec);
	CHECK(dec.aid == NULL);
	CHECK(dec.error != NULL && strstr(dec.error, "legal form 'sarl' is "
	    "not one of the call ess-2018-2020's: 'association', 'scic', "
	    "'scop', 'commercial', 'other'") != NULL);
	decision_clear(&dec);

	/* The guard rail names conditions by their labels, not rule ids. */
	base(&a, "demarrage");
	a.decision = DEC_GRANTED;
	a.granted = 500000;
	a.jobs_created = 0;
	rules_decide(call, &a, &dec);
	CHECK(dec.error != NULL &&
	    strstr(dec.error, "« Création d’emploi(s) »") != NULL);
	CHECK(dec.error != NULL && strstr(dec.error, "jobs-created") == NULL);
	decision_clear(&dec);
}

static void
bad_verdict(void)
{
	(void)verdict_name((enum verdict)3);
}

static void
bad_decision_bit(void)
{
	struct kind	 k;

	memset(&k, 0, sizeof(k));
	(void)kind_wants(&k, VERDICT_ELIGIBLE, 9, 1);
}

/* assert() is live in every build, the optimised one too (no NDEBUG). */
static void
test_asserts(void)
{
	CHECK(t_aborts(bad_verdict));
	CHECK(t_aborts(bad_decision_bit));
	CHECK_STR(verdict_name(VERDICT_INCOMPLETE), "incomplete");
}

int
main(void)
{
	struct diag	 d;

	diag_init(&d, stderr, 0);
	call = call_load("input/call-ess-2018-2020.xml", &d);
	CHECK(call != NULL);
	if (call == NULL)
		T_DONE();
	test_max_age();
	test_ess_territory();
	test_declarations();
	test_cap_and_guard_rails();
	test_structured_reasons();
	test_asserts();
	call_free(call);
	T_DONE();
}
