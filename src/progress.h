/* progress.h: what a run says (lifecycle.md §4): a progress bar on a terminal, and one summary line per round. */
#ifndef ESSDOCS_PROGRESS_H
#define ESSDOCS_PROGRESS_H

#include <stddef.h>
#include <stdio.h>

struct diag;
struct report;
struct row;

/*
 * The progress bar: on stderr, only when it is a terminal and the run is
 * not quiet; redrawn in place at most ten times a second (applications
 * done / total, rate, time left) and erased at the end.  While it is
 * shown, diag_msg() erases it before a message (d->bar), and the next
 * step draws it again under the message.
 */
struct progress {
	struct diag	*d;
	FILE		*f;
	int		 on;
	size_t		 done, total;
	double		 t0, last;
};

/* Start the bar for the round file at path (its applications counted). */
void	progress_start(struct progress *, const char *path, struct diag *d);
void	progress_step(struct progress *);
void	progress_end(struct progress *);

/* The summary line's counts. */
struct summary {
	size_t		 apps, errors;
	int		 docs;		/* documents were written: the counts below */
	size_t		 kept, issued, moved;
	int		 report;	/* the report was written */
};

/* Count one row (the application just processed). */
void	summary_add(struct summary *, const struct row *);
/* Count again from every row of the report (after the workers' failures
 * came back). */
void	summary_recount(struct summary *, const struct report *);
/*
 * "2019-1: 23 applications, 59 documents (50 unchanged, 9 issued, 3
 * superseded or withdrawn), the report, 4 in error → output/2019-1", in
 * the user's language.
 */
void	summary_print(const struct summary *, const char *round_id,
	    const char *dir, FILE *out);

#endif
