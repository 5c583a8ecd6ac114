/* manifest.h: DIR/<round-id>/manifest.tsv (docs/manifest.md) and the ledger that decides, per document, keep / issue / supersede. */
#ifndef ESSDOCS_MANIFEST_H
#define ESSDOCS_MANIFEST_H

#include <stddef.h>

struct diag;
struct outdir;

/* One row of the manifest: one document issued.  kind, id, rel, issued,
 * input and pdf share one allocation (freed with kind): read only. */
struct mf_entry {
	char	*kind;		/* "letters", "agreements": its folder */
	char	*id;		/* application id */
	char	*rel;		/* path under DIR/<round-id>/ */
	char	*issued;	/* issue date, YYYY-MM-DD */
	char	*input;		/* SHA-256 of everything that went into it */
	char	*pdf;		/* SHA-256 of the file */
	char	*sent;		/* when `essdocs mail --send` sent it (UTC,
				 * YYYY-MM-DDTHH:MM:SSZ), or NULL */
	char	*msgid;		/* the Message-ID it was sent with, or NULL */
	char	*earlier;	/* an earlier issue of it (now superseded)
				 * was sent at this time, or NULL */
	unsigned intact:1;	/* (previous run) the file is there, same digest */
	unsigned kept:1;	/* (previous run) not there, but already in
				 * superseded/ (an interrupted run moved it) */
	unsigned claimed:1;	/* (previous run) this run calls for it */
	unsigned supersede:1;	/* (previous run) this run replaces it */
	unsigned dead:1;	/* (this run) could not be written */
};

struct manifest {
	struct mf_entry	*v;
	size_t		 n, cap;
};

/*
 * Read the manifest at name in dirfd (no link followed).  A missing
 * manifest is an empty one.  A malformed line is a warning naming it,
 * and left out.  Returns 0, or -1 when it cannot be read at all.
 */
int	manifest_read(struct manifest *, int dirfd, const char *path,
	    struct diag *);
/* Set e's sent, msgid and earlier (copies; NULL clears). */
void	mf_set_sent(struct mf_entry *e, const char *sent, const char *msgid,
	    const char *earlier);
/* Write it (atomically, fsync'd: it is the run's last word).  The
 * columns sent, message_id and earlier_sent (format 2) only when some
 * entry has one: a round never mailed keeps format 1. */
int	manifest_write(struct manifest *, const char *path, struct diag *);
void	manifest_free(struct manifest *);

/* ---- The ledger: one run's decisions over the previous manifest ---- */

struct ledger;

enum ledger_action {
	LEDGER_KEEP,		/* unchanged: leave the file alone */
	LEDGER_ISSUE		/* write it (new, changed, repaired, forced) */
};

/*
 * Read DIR/<round-id>/manifest.tsv and check that each document it
 * lists is still there with its digest.  today: this run's date
 * (YYYY-MM-DD); force: reissue everything.  Call before any worker
 * forks: every process must decide alike.
 */
struct ledger	*ledger_open(struct outdir *, const char *today, int force,
		    struct diag *);
/* A worker decides and writes, but says nothing and records nothing. */
void		 ledger_silent(struct ledger *);
void		 ledger_free(struct ledger *);

/*
 * The document (kind, id) at rel, made from input (a digest): keep it
 * or issue it, and *issued the date it bears.  In the speaking process,
 * a changed document's reissue is warned about (the file and why).
 */
enum ledger_action ledger_want(struct ledger *, const char *kind,
		    const char *id, const char *rel, const char *input,
		    const char **issued);

/*
 * In the process that writes the document, just before: keep the
 * previous issue (a hard link into superseded/<kind>/), so that the new
 * one can replace it.  0, or -1 after reporting.
 */
int		 ledger_before_write(struct ledger *, const char *kind,
		    const char *id);

/* The document could not be written: it is not in this run's manifest. */
void		 ledger_failed(struct ledger *, const char *kind,
		    const char *id);
/* It was written; hex, the SHA-256 of its bytes, is what the manifest
 * records (not read back from the file at commit). */
void		 ledger_written(struct ledger *, const char *kind,
		    const char *id, const char *hex);

/* Why id's documents would no longer be called for (an error, a
 * decision): in English for stderr, in French for the report. */
void		 ledger_note(struct ledger *, const char *id, const char *why,
		    const char *motif);

/*
 * After every document of kinds[0..nkinds) was decided and written:
 * move the previous issues no longer called for to superseded/, each
 * warned about.  Returns 0 or -1 (reported).
 */
int		 ledger_retire(struct ledger *, const char *const *kinds,
		    size_t nkinds);

/* The moves of this run: path, where it went, why (English, French). */
size_t		 ledger_nmoves(const struct ledger *);
void		 ledger_move(const struct ledger *, size_t i,
		    const char **from, const char **to, const char **why,
		    const char **motif);
/* Counts for the summary: kept, issued. */
void		 ledger_counts(const struct ledger *, size_t *kept,
		    size_t *issued);

/* Digest the documents written and write the manifest, last. */
int		 ledger_commit(struct ledger *, struct diag *);

/* ---- Names ---- */

struct names;
struct names	*names_new(void);
void		 names_free(struct names *);
/*
 * Claim base (a document's file name without folder and extension) for
 * id.  Returns NULL, or the id of the application that already holds a
 * name equal to base compared without case.
 */
const char	*names_claim(struct names *, const char *base, const char *id);

#endif
