/* report.h: the round report's rows, report.csv, the `check` table and the report template's data. */
#ifndef ESSDOCS_REPORT_H
#define ESSDOCS_REPORT_H

#include <stdio.h>

#include "date.h"
#include "util.h"

struct application;
struct call;
struct data;
struct decision;
struct diag;
struct round_info;

/* What the report keeps of each application: small, flat strings. */
struct row {
	char		*id;
	char		*applicant;
	char		*commune;
	char		*aid;
	long long	 requested;	/* cents, -1 unknown */
	char		*verdict;	/* "" for an error record */
	char		*reasons;	/* rule names joined by ';' */
	char		*failed;	/* failed rule names joined by ", " */
	char		*missing;	/* rule names whose items are missing */
	long long	 capped;	/* the aid's maximum when capped, else -1 */
	char		*decision;
	long long	 granted;	/* cents, -1 none */
	char		*letter;	/* relative path, or NULL */
	char		*agreement;
	char		*error;
	struct buf	 detail;	/* for `check`: one line per reason */
};


/* Every application of a round, in file order (small: about 200 bytes each). */
struct report {
	const struct call	*call;
	const struct round_info	*info;
	struct date		 today;	/* the date printed on documents */
	struct row		*rows;
	size_t			 nrows, maxrows;
	size_t			 count;	/* applications added so far */
	int			 keep;	/* 0: keep only the last row (no report) */
	FILE			*spill;	/* report_spill(): the earlier rows */
	size_t			 nspilled;
	int			 spill_errno; /* a spill write failed, 0 */
	size_t			*failed; /* report_fail(): 2 * index + kind */
	size_t			 nfailed;
};

/*
 * Iterate over every row of a report in file order, spilled or kept:
 * while ((r = report_next(rp, &it)) != NULL), it zeroed first.  A
 * spilled row is read back into it (valid until the next call);
 * report_next() frees it at the end.
 */
struct row_iter {
	size_t		 i;
	struct row	 cur;
	int		 loaded;
};
const struct row *report_next(const struct report *, struct row_iter *);

/*
 * Keep the report's rows in an unlinked temporary file in dir instead
 * of memory (a run that writes the report: memory stays flat however
 * large the round); only the last row stays in memory until the next
 * report_add().  Returns 0, or -1 after reporting through d (the rows
 * then stay in memory).
 */
int		 report_spill(struct report *, const char *dir, struct diag *d);
/* The document of kind 'L' (letter) or 'A' (agreement) of the row at
 * index idx was not written after all: the report names none. */
void		 report_fail(struct report *, size_t idx, char kind);
/* The number of rows added. */
size_t		 report_nrows(const struct report *);

/* Start an empty report that keeps every row (set keep to 0 to keep only
 * the last one: a run that writes no report); call and info must
 * outlive it. */
void		 report_init(struct report *, const struct call *,
		    const struct round_info *, const struct date *today);
void		 report_free(struct report *);

/* Add a row for an application (its identity, request and decision);
 * rp->count - 1 is its index in the round. */
struct row	*report_add(struct report *, const struct application *);
/* Record the rules' verdict and reasons in a row. */
void		 report_decision(struct row *, const struct decision *);

/*
 * Write DIR/report.csv (RFC 4180, CRLF, the contract's columns)
 * atomically.  Returns 0, or -1 after reporting through d.
 */
int		 report_csv(const struct report *, const char *dir,
		    struct diag *d);

/* The `check` table: one line per application, then its reasons. */
void		 report_check(const struct report *, FILE *);

/*
 * Set root's "round" map for the report template (docs/templates.md):
 * totals, counts by verdict, decision, aid and commune, and the rows.
 * Warns through d when the granted total exceeds the round's budget.
 */
void		 report_data(const struct report *, struct data *root,
		    struct diag *d);

#endif
