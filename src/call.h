/* call.h: the call for projects, read from call-<id>.xml: the single source of truth. */
#ifndef ESSDOCS_CALL_H
#define ESSDOCS_CALL_H

#include <stddef.h>

struct diag;

/* Rules that a condition can name (the `rule` attribute in the call file). */
enum rule_kind {
	RULE_MAX_AGE,		/* "max-age": founded + years > received */
	RULE_ESS_TERRITORY,	/* "ess-territory": ESS legal form (or ESUS) and member commune */
	RULE_ESS_GOVERNANCE,	/* "ess-governance": declaration ess-governance="yes" */
	RULE_VIABLE_ACTIVITY,	/* "viable-activity": declaration viable-activity="yes" */
	RULE_JOBS_CREATED,	/* "jobs-created": jobs-created >= min */
	RULE_NO_LAYOFFS,	/* "no-layoffs": economic-layoffs-12-months="no" */
	RULE_UNMET_NEED,	/* "unmet-need": declaration unmet-need="yes" */
	RULE__MAX
};

/* One condition of an aid. */
struct condition {
	enum rule_kind	 rule;
	char		*name;		/* rule name as in the file, e.g. "max-age" */
	char		*text;		/* the sentence printed on the leaflet and in letters */
	char		*label;		/* short name for reports: label=, else the text (never NULL) */
	int		 on_leaflet;	/* 1: a bullet in the leaflet's "Conditions" list */
	int		 years;		/* max-age: the limit in years */
	int		 min;		/* jobs-created: the minimum */
};

/* A legal form an application may name (<legal-forms><form>). */
enum form_ess {
	FORM_ESS_NO,		/* ess="no": outside the ESS */
	FORM_ESS_LAW,		/* ess="law": ESS by its legal form (loi 2014-856 art. 1) */
	FORM_ESS_ESUS		/* ess="esus": ESS with a valid ESUS agreement */
};

struct legal_form {
	char		*id;		/* "association", as round files write it */
	char		*label;		/* "société coopérative et participative (SCOP)" */
	enum form_ess	 ess;
	char		*aliases;	/* other names a spreadsheet may give it,
					 * space-separated ("SARL SAS"), or NULL */
};

/*
 * A sentence of <reasons>: why a condition failed (one per case of its
 * rule), or the item a missing condition needs; {placeholders} name the
 * figures the rule gives (docs/input.md).
 */
struct sentence {
	char		*rule;		/* "max-age" */
	int		 missing;	/* 1: <missing>, 0: <failed> */
	char		*when;		/* case="too-old", or NULL */
	char		*text;
};

struct aid {
	char		*id;		/* "demarrage", "developpement" */
	char		*label;		/* "Aide au démarrage" */
	char		*short_label;	/* for narrow columns, "Démarrage"; NULL: the label */
	char		*title;		/* leaflet heading, "AIDE AU DÉMARRAGE" */
	char		*description;
	int		 has_max;	/* 0: no maximum */
	long long	 max_cents;	/* the maximum in cents when has_max */
	char		*max_label;	/* "Montant maximum" when has_max, else NULL */
	char		*conditions_title; /* leaflet heading of the list, "Conditions" */
	struct condition *conds;
	size_t		 nconds;
};

struct commune {
	char		*name;		/* "Aulnoy-lez-Valenciennes" */
	char		*insee;		/* "59032" */
	char		**postcodes;	/* NULL-terminated */
	long		 population;	/* 0 when not given */
	char		*key;		/* fold_name(name), for matching */
};

/* A titled text of the leaflet (support offer items, example projects). */
struct call_item {
	char		*title;
	char		*text;
};

struct instalment {
	char		*label;		/* "avance à la signature" */
	int		 percent;	/* share of the amount; the last one takes the remainder */
	char		*when;		/* "à la notification de la présente convention" */
};

struct person {
	char		*civility;	/* "Mme", "M." (may be NULL) */
	char		*first_name;
	char		*last_name;
	char		*title;		/* "Président de Valenciennes Métropole" */
	char		*phone;
	char		*email;
};

struct call {
	char		*file;		/* the path it was read from */
	char		*id;		/* "ess-2018-2020" */
	char		*title;		/* "Appel à projets Économie sociale et solidaire" */
	char		*short_title;	/* "APPEL À PROJETS" */
	char		*theme;		/* "ECONOMIE SOCIALE ET SOLIDAIRE" (as the leaflet prints it) */
	int		 year_from, year_to;
	char		*intro;		/* "Valenciennes Métropole s'engage ..." */
	char		*how_to_apply;	/* "Pour déposer un dossier de candidature, rendez-vous sur :" */

	/* the issuer */
	char		*issuer_name;	/* "Valenciennes Métropole" */
	char		*issuer_siren;
	char		**issuer_address; /* NULL-terminated lines, without postcode/city */
	char		*issuer_postcode;
	char		*issuer_city;
	char		*issuer_department; /* "Nord" */
	char		*issuer_website;  /* "www.valenciennes-metropole.fr" */
	char		*issuer_phone;	/* NULL: none given (the leaflet's number is the contact's) */
	char		*issuer_logo;	/* PNG, relative paths resolved from the call file's folder; NULL: none */
	char		*issuer_logo_vector; /* the same logo as SVG or PDF, for people; NULL: none */
	char		*place;		/* where letters are signed: "Valenciennes" */

	struct person	 contact;	/* "Affaire suivie par" */
	char		*contact_label;	/* leaflet heading, "Contact" */
	struct person	 signatory;	/* signs letters and agreements */
	char		*delegation;	/* "Pour le Président et par délégation," or NULL */
	char		*president_title; /* to whom a recours gracieux goes: "Monsieur le Président de Valenciennes Métropole" */
	char		*notice_service; /* <notices service>: who handles requests, or NULL */
	char		*notice_body;	/* <notices body>: "le Bureau communautaire", or NULL */
	int		 silence_months; /* <notices silence-months>: deemed rejected after; 0 without <notices> */

	/* <mail>: who `essdocs mail` sends as (NULL: no <mail>) */
	char		*mail_from;	/* the sender's address */
	char		*mail_name;	/* the sender's name, "Valenciennes Métropole – Mission ESS" */
	char		*mail_reply_to;	/* NULL: replies go to mail_from */
	char		*mail_bcc;	/* the archive's copy, or NULL */

	struct legal_form *forms;	/* <legal-forms> */
	size_t		 nforms;
	struct sentence	*sentences;	/* <reasons> */
	size_t		 nsentences;

	struct aid	*aids;
	size_t		 naids;

	char		*support_title;	/* "ACCOMPAGNEMENT" */
	struct call_item	*support;	/* the support offer */
	size_t		 nsupport;
	char		*examples_title; /* "EXEMPLES DE PROJETS FINANCÉS DEPUIS 2018" */
	struct call_item	*examples;
	size_t		 nexamples;

	struct commune	*communes;
	size_t		 ncommunes;

	/* the agreement's terms */
	struct instalment *instalments;
	size_t		 ninstalments;
	int		 payment_days;	/* payment within N days of the call for funds */
	char		*report_name;	/* "compte rendu financier" */
	char		*report_form;	/* "Cerfa n° 15059" */
	int		 report_months;	/* within N months of the end of the financial year */
	char		*court;		/* "tribunal administratif de Lille" */
	char		*court_address;	/* one line: "5 rue …, CS 62039, 59014 Lille Cedex" */
	char		*court_website;	/* "www.telerecours.fr", or NULL */
	int		 appeal_months;	/* 2 */
};

/*
 * Read and validate (against the compiled-in call schema) a call file.
 * Returns a new call the caller frees with call_free(), or NULL after
 * reporting through d (status EX_NOINPUT for a missing file, EX_DATAERR
 * for malformed or invalid XML).  No network or DTD access.
 */
struct call	*call_load(const char *path, struct diag *d);
void		 call_free(struct call *);

/* The name of a rule as the call file spells it ("max-age"), or NULL. */
const char	*call_rule_name(enum rule_kind);

/* The legal form with this id, or NULL. */
const struct legal_form *call_form(const struct call *, const char *id);

/*
 * The sentence of <reasons> for rule: <missing> when missing is 1, else
 * the <failed> of case when (NULL: the one without a case); NULL when
 * the call has none.
 */
const char	*call_sentence(const struct call *, const char *rule,
		    int missing, const char *when);

/* The aid with this id, or NULL. */
const struct aid *call_aid(const struct call *, const char *id);

/*
 * The member commune matching this commune name and postcode, or NULL.
 * Names compare without case, accents, hyphens, apostrophes, spaces or
 * "St"/"Saint" ("Ste"/"Sainte") differences; the postcode must be one
 * of the commune's.
 */
const struct commune *call_commune(const struct call *, const char *city,
		    const char *postcode);

/* A commune whose name matches, whatever the postcode, or NULL. */
const struct commune *call_commune_by_name(const struct call *, const char *city);

#endif
