/* docset.h: the documents of a round's folder, for the round driver: where they go, whether each is written, what the manifest records. */
#ifndef ESSDOCS_DOCSET_H
#define ESSDOCS_DOCSET_H

#include "date.h"

struct data;
struct diag;
struct docset;

/*
 * Everything here is keyed by (kind, application id, relative path):
 * kind is a document folder ("letters", "agreements"), so that any
 * number of kinds fits.  A NULL docset (check, or no output) is never
 * passed: callers test it.
 */
struct docset_opts {
	const char	*outdir;	/* DIR */
	const char	*round;		/* <round-id> */
	const char	*templates;	/* template directory */
	const char	*fonts;		/* font directory */
	const char	*version;	/* the program's */
	struct date	 date;		/* this run's issue date */
	int		 force;		/* reissue everything */
	int		 dump;		/* layout dumps: no manifest */
};

/*
 * Open DIR/<round-id>/ (outdir.h: no link followed, locked, swept) and
 * read its manifest (manifest.h).  NULL after reporting.
 */
struct docset	*docset_open(const struct docset_opts *, struct diag *);
void		 docset_close(struct docset *);
/* "DIR/<round-id>" */
const char	*docset_dir(const struct docset *);

/* A kind this run writes: its folder is made, and the digest of its
 * template file (NAME in the template directory) goes into each of its
 * documents'.  0 or -1 after reporting. */
int		 docset_kind(struct docset *, const char *kind,
		    const char *template_file, struct diag *);
/* Refuse a link at DIR/<round-id>/NAME (report.csv ...): 0 or -1. */
int		 docset_nolink(struct docset *, const char *name, struct diag *);

/* In a worker: decide alike, say nothing. */
void		 docset_worker(struct docset *);
/* The parent of -j workers: write out what they write as they go
 * (outdir_flush_start()), on, then off once they are done. */
void		 docset_flush(struct docset *, int on);

/* The record whose documents come next: its data tree (all but
 * "letter.date") goes into their digests. */
void		 docset_record(struct docset *, const struct data *);

/*
 * 1: the document is unchanged since the manifest: leave it.  0: write
 * it; "letter.date" in data is set to the date it bears (this run's, or
 * its first issue's when only the file was lost).
 */
int		 docset_keep(struct docset *, struct data *, const char *kind,
		    const char *id, const char *rel);
/* Just before writing it (in the process that writes): keep the
 * previous issue in superseded/.  0 or -1 after reporting. */
int		 docset_before_write(struct docset *, const char *kind,
		    const char *id);
/* It could not be written. */
void		 docset_failed(struct docset *, const char *kind,
		    const char *id);
/* It was written, and hex is the SHA-256 of its bytes (atomic.h): the
 * manifest records it without reading the file back. */
void		 docset_written(struct docset *, const char *kind,
		    const char *id, const char *hex);
/* Why id's documents may no longer be called for (English, French). */
void		 docset_note(struct docset *, const char *id, const char *why,
		    const char *motif);
/* The application whose file names, compared without case, equal base
 * ("<id>-<slug>"), or NULL (then base is id's). */
const char	*docset_clash(struct docset *, const char *base,
		    const char *id);

/*
 * After the last document: move those no longer called for to
 * superseded/, and give data the list "superseded" (from, to, why) for
 * the report.  Call before the report is written.
 */
void		 docset_retire(struct docset *, struct data *);
/* Make the run durable (syncfs), then write the manifest, last. */
void		 docset_commit(struct docset *, struct diag *);
/* This run's counts for the summary line: 1, or 0 without a manifest. */
int		 docset_counts(const struct docset *, size_t *kept,
		    size_t *issued, size_t *moved);

#endif
