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
struct kinds;
struct round_info;
struct spill;

/* What the report keeps of each application: small, flat strings. */
struct row {
	char		*id;
	char		*applicant;
	char		*commune;
	char		*aid;
	long long	 requested;	/* cents, -1 unknown */
	char		*verdict;	/* "" for an error record */
	char		*reasons;	/* rule names joined by ';' */
	char		*failed;	/* failed conditions' texts (the call's words) joined by " ; " */
	char		*missing;	/* texts of the conditions whose items are missing */
	long long	 capped;	/* the aid's maximum when capped, else -1 */
	char		*decision;
	long long	 granted;	/* cents, -1 none */
	int		 verdict_id;	/* enum verdict; -1 for an error record */
	int		 decision_id;	/* enum decision_status */
	char		**docs;	/* per kind of the table: relative path, or NULL */
	char		*error;	/* in French, the report's (i18n.h) */
	char		*error_local;	/* the same in the run's language */
	struct date	 received;	/* for report.xlsx */
	struct date	 decided;	/* the decision's date, or zero */
	struct buf	 detail;	/* for `check`: one line per reason */
};


/* Every application of a round, in file order (small: about 200 bytes each). */
struct report {
	const struct call	*call;
	const struct round_info	*info;
	const struct kinds	*kinds;	/* the document kinds: row->docs, columns */
	struct date		 today;	/* the date printed on documents */
	struct row		*rows;
	size_t			 nrows, maxrows;
	size_t			 count;	/* applications added so far */
	int			 keep;	/* 0: keep only the last row (no report) */
	/* NULL: every row in memory; else rows [0, n) spilled to a file,
	 * the rest in rows[]: read them with report_row(). */
	struct spill		*spill;
};

/* Start an empty report that keeps every row (set keep to 0 to keep only
 * the last one: a run that writes no report); call and info must
 * outlive it. */
void		 report_init(struct report *, const struct call *,
		    const struct round_info *, const struct kinds *,
		    const struct date *today);

/*
 * 0 if every report.csv column the kinds table names is one of the
 * report's own or a kind's column; else -1 after reporting through d.
 */
int		 report_columns_check(const struct kinds *, struct diag *d);
void		 report_free(struct report *);

/*
 * Keep memory flat however many applications the round has: once more
 * than after rows are held, the complete ones go to an unlinked
 * temporary file in dir, in batches, and are read back one at a time by
 * report_row().  When the file cannot be made or written (a full disk),
 * the rows stay in memory: nothing is lost and nothing is said.
 */
void		 report_spill(struct report *, const char *dir, size_t after);
#define REPORT_SPILL_AFTER	1000	/* rows held in memory, at most */
/*
 * Row i (0 <= i < rp->nrows), in memory or read back from the spill
 * file (sequential reads are cheap; going back rereads from the start);
 * a read-back row is valid until the next call.  If the file cannot be
 * read back (an I/O error on a file this process wrote), an empty row,
 * and report_lost() says so.
 */
const struct row *report_row(const struct report *, size_t i);
/* A -j worker could not write kind k of row i: its path is left out. */
void		 report_fail(struct report *, size_t i, size_t k);
/* Whether report_row() lost rows (a read-back failed): no report then. */
int		 report_lost(const struct report *);

/* Add a row for an application (its identity, request and decision);
 * rp->count - 1 is its index in the round. */
struct row	*report_add(struct report *, const struct application *);
/* Record the rules' verdict and reasons in a row. */
void		 report_decision(struct row *, const struct decision *);

/*
 * Write DIR/report.csv (RFC 4180, CRLF) atomically: the columns the
 * kinds table lists in order, then any kind's column it leaves out.  Returns 0, or -1 after reporting through d.
 */
int		 report_csv(const struct report *, const char *dir,
		    struct diag *d);

/* The `check` table: one line per application, then its reasons. */
void		 report_check(const struct report *, FILE *);

/*
 * 1 if the row's grant stands (it counts in the report's totals):
 * granted, no error, and it gets the kind <report grants> names (every
 * granted row without an error when the table names none).
 */
int		 report_grant_stands(const struct report *, const struct row *);

#endif
