/* rules.h: decide an application's eligibility from the call's own conditions. */
#ifndef ESSDOCS_RULES_H
#define ESSDOCS_RULES_H

#include <stddef.h>

struct aid;
struct call;
struct condition;
struct application;

enum verdict {
	VERDICT_ELIGIBLE,	/* "eligible" */
	VERDICT_INELIGIBLE,	/* "ineligible" */
	VERDICT_INCOMPLETE	/* "incomplete" */
};

enum reason_kind {
	REASON_FAILED,		/* the condition is not met */
	REASON_MISSING		/* what the condition needs is missing */
};

/* The most figures a fact carries. */
#define FACT_FIGS	4

/*
 * What a rule found, as data: a case of the rule ("too-old",
 * "not-member", … or NULL) and its figures by name ("founded" =
 * "2 mars 2015").  The call's <reasons> turn it into a sentence.
 */
struct fact {
	const char	*when;		/* the case, static; NULL: the rule's only one */
	size_t		 nfigs;
	const char	*name[FACT_FIGS];	/* static */
	char		*value[FACT_FIGS];	/* owned */
};

struct reason {
	enum reason_kind	 kind;
	const struct condition	*cond;	/* the call's condition (its name and sentence); not owned */
	struct fact		 facts[2]; /* REASON_FAILED: why, at most two cases */
	size_t			 nfacts;
	/* Filled by rules_explain() from the call's sentences, else NULL: */
	char			*detail; /* "structure créée le 2 mars 2015, …" */
	char			*missing; /* REASON_MISSING: "la date de création de la structure" */
};

struct decision {
	enum verdict	 verdict;
	const struct aid *aid;		/* the requested aid, NULL if unknown */
	struct reason	*reasons;	/* failed first, then missing, in the call's order */
	size_t		 nreasons;
	int		 capped;	/* eligible, and the request exceeds the aid's maximum */
	long long	 capped_amount;	/* the maximum, in cents, when capped */
	/*
	 * Guard rail: a granted decision on an application the rules find
	 * ineligible or incomplete, or above the aid's maximum.  The letter
	 * is still written; the agreement is not.  NULL when none.
	 */
	char		*error;
	char		*error_fr;	/* the same in French, for the report */
};

/*
 * Decide app against call.  Fills *dec (the caller frees it with
 * decision_clear()).  An application that names an aid the call does not
 * have is an error for that record: dec->error is set and dec->aid is NULL.
 * Verdict: ineligible when any condition fails, else incomplete when any
 * needed item is missing, else eligible.
 */
void		 rules_decide(const struct call *, const struct application *,
		    struct decision *dec);
void		 decision_clear(struct decision *);

/*
 * Put the call's words on the reasons of dec: each failed reason's
 * detail from the call's <failed> sentences of its cases (joined by
 * " ; "), each missing reason's item from its <missing> sentence, the
 * figures put in their {placeholders}.  A reason the call has no
 * sentence for keeps a NULL detail or item (the condition's own text
 * still names it).
 */
void		 rules_explain(const struct call *, struct decision *dec);

const char	*verdict_name(enum verdict);
/* "granted", "refused", "pending" or "". */
const char	*decision_status_name(int);

#endif
