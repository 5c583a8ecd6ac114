/* diag.h: the one diagnostics function, and the exit status it accumulates. */
#ifndef ESSDOCS_DIAG_H
#define ESSDOCS_DIAG_H

#include <stdio.h>

enum diag_level {
	DIAG_WARNING,	/* printed unless quiet; never changes the status */
	DIAG_ERROR	/* always printed */
};

/*
 * One per run, passed to every stage (no global state).  status is the
 * worst exit status seen so far, in sysexits.h terms, ranked
 * 0 < 1 < EX_DATAERR < EX_NOINPUT < EX_CANTCREAT < EX_IOERR < EX_SOFTWARE.
 */
struct diag {
	FILE	*out;		/* stderr unless a test captures it */
	int	 quiet;		/* -q: errors only */
	int	 status;
	int	 nwarnings;
	int	 nerrors;
	int	 bar;		/* a progress bar is on out: erase it first
				   (progress.h); 2 once erased */
};

void	diag_init(struct diag *, FILE *out, int quiet);

/*
 * Print one line:
 *   essdocs: FILE:LINE:COL: error: MESSAGE (application ID)
 * file may be NULL, line and col may be 0 (then left out), appid may be
 * NULL.  status is the exit status this message implies (0 for a
 * warning); the worst one is kept in d->status.
 */
void	diag_msg(struct diag *d, enum diag_level, int status,
	    const char *file, long line, long col, const char *appid,
	    const char *fmt, ...) __attribute__((format(printf, 8, 9)));

/* Raise d->status to status if it ranks worse. */
void	diag_status(struct diag *d, int status);

#endif
