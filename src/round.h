/* round.h: a funding round, read one application at a time from round-<id>.xml. */
#ifndef ESSDOCS_ROUND_H
#define ESSDOCS_ROUND_H

#include <stddef.h>

#include "date.h"

struct diag;

/* A yes/no field that may be missing. */
enum tristate {
	TRI_MISSING = -1,
	TRI_NO = 0,
	TRI_YES = 1
};

enum decision_status {
	DEC_NONE,		/* no <decision> */
	DEC_PENDING,
	DEC_GRANTED,
	DEC_REFUSED
};

/*
 * One application, all strings UTF-8 (whatever the file's encoding),
 * owned by the struct.  One-line texts have their white space collapsed.
 * In an error record (error != NULL) any field may be missing (NULL,
 * zero date, -1) even where the schema requires it.
 */
struct application {
	const char	*file;		/* the round file (not owned: valid
					   until round_close()) */
	long		 line;		/* line of <application> */
	long		 col;
	char		*id;		/* safe for file names when error is NULL;
					   may be NULL or unsafe otherwise */
	struct date	 received;

	char		*name;
	char		*form_name;	/* <legal-form> as written (an id of the
					   call's <legal-forms>), NULL when missing */
	char		*siret;		/* NULL when missing */
	char		*rna;
	struct date	 founded;	/* zero when missing */
	struct date	 esus_until;	/* zero when no ESUS agreement */
	char		*address[3];	/* 1 to 3 lines, NULL after the last */
	char		*postcode;
	char		*city;
	char		*civility;	/* "Mme", "M." */
	char		*first_name;
	char		*last_name;
	char		*role;		/* "Présidente" (may be NULL) */
	char		*email;
	char		*phone;

	char		*aid;		/* the requested aid's id */
	long long	 requested;	/* cents; 0 when unreadable */
	char		*title;		/* project title (may be NULL) */
	char		*summary;
	long		 jobs_created;	/* -1 when missing */

	enum tristate	 ess_governance;
	enum tristate	 viable_activity;
	enum tristate	 layoffs_12_months;
	enum tristate	 unmet_need;

	enum decision_status decision;
	long long	 granted;	/* cents; -1 when none */
	struct date	 decision_date;
	char		*deliberation;
	char		*decision_reason; /* <decision><reason>: why refused (may be NULL) */

	/*
	 * The first error found in this record (a schema violation, a bad
	 * value, a duplicate id), already reported through diag, or NULL.
	 * A record with an error gets no documents but appears in the report.
	 * error_fr is the same in French, for the report (i18n.h).
	 */
	char		*error;
	char		*error_fr;
};

struct round_reader;

/* The round's own attributes, known once round_open() succeeds. */
struct round_info {
	char		*file;
	char		*id;
	char		*call;		/* the call id */
	struct date	 date;
	int		 has_budget;
	long long	 budget;	/* cents */
};

/*
 * Open a round file and read up to its first <application>.  Returns NULL
 * after reporting through d when the file is missing (EX_NOINPUT), not
 * well-formed, or its <round> element is invalid (EX_DATAERR).  External
 * entities, DTD loading and network access are off.
 */
struct round_reader *round_open(const char *path, struct diag *d);
const struct round_info *round_info(const struct round_reader *);
/*
 * The dates applications are checked against: issue, the date printed
 * on the documents (no check when NULL or unset), and today (the clock's
 * day by default).  An application received, or decided, after either
 * is an error record.  Call before the first round_next().
 */
void		 round_set_dates(struct round_reader *, const struct date *issue,
		    const struct date *today);

/*
 * Read the next application into a new struct the caller frees with
 * application_free().  Returns 1 with *out set, 0 at the end of the
 * round, -1 when the rest of the file cannot be read (not well-formed:
 * reported with EX_DATAERR).  Field errors do not stop the reader: they
 * are reported (status 1) and set out->error.  Memory does not grow with
 * the number of applications read.
 */
int		 round_next(struct round_reader *, struct application **out);
void		 round_close(struct round_reader *);
void		 application_free(struct application *);

#endif
