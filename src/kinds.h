/* kinds.h: the document kinds of a round (templates/kinds.xml): which template, folder, recipients, date and report column. */
#ifndef ESSDOCS_KINDS_H
#define ESSDOCS_KINDS_H

#include <stddef.h>

struct diag;

/* Where a document's date comes from (kind/@date, kind/@not-before). */
enum kind_date {
	KDATE_NONE,		/* not-before: no floor */
	KDATE_RUN,		/* "run": --date, SOURCE_DATE_EPOCH or today */
	KDATE_RECEIVED,		/* "received": application/@received */
	KDATE_DECISION		/* "decision": decision/@date */
};

struct kind {
	char		*name;		/* the command and the report's key: "letters" */
	char		*template;	/* template file name without .xml: "letter" */
	char		*folder;	/* under DIR/<round-id>/: "letters" */
	char		*column;	/* report.csv column: "letter" */
	char		*help;		/* one line for --help */
	char		*label;		/* report.xlsx's column header, or NULL */
	unsigned	 verdicts;	/* bits 1 << enum verdict; 0: any */
	unsigned	 decisions;	/* bits 1 << enum decision_status; 0: any */
	int		 agreed;	/* 1: only when the decision does not
					   contradict the rules */
	enum kind_date	 date;
	enum kind_date	 not_before;
	long		 line;		/* in the table's file */
};

struct kinds {
	char		*file;
	struct kind	*v;
	size_t		 n;
	char		**columns;	/* report.csv, in order (NULL-terminated) */
	const struct kind *grants;	/* <report grants>: its recipients are
					   the grants that stand; NULL: none named */
};

/*
 * Read and check a kinds table.  Returns NULL after reporting through d
 * (EX_NOINPUT when missing, EX_DATAERR when malformed).
 */
struct kinds	*kinds_load(const char *path, struct diag *d);
void		 kinds_free(struct kinds *);

/* The kind named name, or NULL. */
const struct kind *kinds_find(const struct kinds *, const char *name);

/*
 * Who gets a document of kind k: 1 if an application with this verdict
 * (enum verdict), decision (enum decision_status) and agreed (0 when the
 * decision contradicts the rules) gets one.  The one rule of the
 * batch (which documents to write) and of the report (which grants
 * stand).
 */
int		 kind_wants(const struct kind *k, int verdict, int decision,
		    int agreed);

#endif
