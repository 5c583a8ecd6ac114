/* batch.h: the round driver: read, decide, write documents and the report. */
#ifndef ESSDOCS_BATCH_H
#define ESSDOCS_BATCH_H

#include <stdio.h>

#include "date.h"

struct diag;
struct round_info;

enum {
	BATCH_DOCS	 = 1 << 0,	/* documents: every kind, or o->kind */
	BATCH_REPORT	 = 1 << 2,
	BATCH_CHECK	 = 1 << 3	/* print the decisions; write nothing */
};

struct batch_opts {
	const char	*round_path;
	const char	*call_path;	/* NULL: call-<id>.xml beside the round file */
	const char	*outdir;	/* documents go to outdir/<round-id>/ */
	const char	*templates;	/* template directory */
	const char	*fonts;		/* font directory */
	struct date	 date;		/* printed on letters */
	int		 jobs;
	int		 dump;		/* write layout dumps (.dump), not PDFs */
	int		 dump_data;	/* --dump=data: print a template's data
					   on out, write nothing */
	const char	*only;		/* --dump=data: this application only */
	int		 force;		/* reissue even unchanged documents */
	const char	*version;	/* the program's, in each document's digest */
	double		 bleed;		/* leaflet: points, < 0 for the template's */
	int		 marks;		/* leaflet: 0, 1, or -1 for the template's */
	unsigned	 what;		/* BATCH_* */
	const char	*kind;		/* BATCH_DOCS: this kind only (NULL: all) */
	FILE		*out;		/* where `check` prints its table, and
					   --dump=data the data */
};

/*
 * Process one round.  Everything is reported through d, whose status is
 * the run's exit status; returns d->status.
 */
int	batch_run(const struct batch_opts *, struct diag *d);
/* The call file: --call, or call-<id>.xml beside the round file (free it). */
char	*batch_call_path(const struct batch_opts *,
	    const struct round_info *);

/*
 * Write the leaflet of the call file o->round_path to out (NULL:
 * o->outdir/leaflet-<call-id>[-screen].pdf), print-ready, or for screens
 * when screen is 1.  Returns d->status.
 */
int	batch_leaflet(const struct batch_opts *, const char *out, int screen,
	    struct diag *d);

#endif
