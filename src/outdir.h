/* outdir.h: a round's output folder, DIR/<round-id>/, reached through directory descriptors that never follow a symbolic link. */
#ifndef ESSDOCS_OUTDIR_H
#define ESSDOCS_OUTDIR_H

struct diag;
struct outdir;

/*
 * Create DIR (a path the user gave: links in it are the user's) and
 * DIR/<id>/ below it, open DIR/<id>/ with O_NOFOLLOW | O_DIRECTORY,
 * take its lock (.essdocs.lock, O_NOFOLLOW) and sweep the temporary
 * files a killed run left there.  A symbolic link where the round's
 * folder or the lock should be is refused.  Returns NULL after
 * reporting (EX_CANTCREAT, the path named).
 */
struct outdir	*outdir_open(const char *dir, const char *id, struct diag *);
void		 outdir_close(struct outdir *);

/* "DIR/<id>", as the user spelt DIR. */
const char	*outdir_path(const struct outdir *);
/* The descriptor of DIR/<id>/. */
int		 outdir_fd(const struct outdir *);

/*
 * The descriptor of DIR/<id>/REL ("letters", "superseded/letters"),
 * each component created when missing and opened without following a
 * link; the first call also sweeps its temporaries, refuses (exit 73,
 * the path named) any symbolic link named like a document (*.pdf,
 * *.dump) in it, and registers it with atomic_dir() so that documents
 * written there by path go through the descriptor.  -1 after reporting.
 */
int		 outdir_sub(struct outdir *, const char *rel, struct diag *);

/* Refuse (73, named) a symbolic link at DIR/<id>/NAME.  0 or -1. */
int		 outdir_nolink(struct outdir *, const char *name, struct diag *);

/*
 * 1 if name is a temporary file this program makes: ".NAME.tmp-XXXXXX"
 * (atomic.c) or ".essdocs-font.tmp-XXXXXX" (pdf.c), six letters or
 * digits after "tmp-".
 */
int		 outdir_is_tmp(const char *name);

/* Make everything written so far durable (syncfs).  0, or -1 after
 * reporting EX_IOERR. */
int		 outdir_sync(struct outdir *, struct diag *);

/*
 * While -j workers write, a thread writes out what they have written
 * every OUTDIR_FLUSH_MS (syncfs), so that outdir_sync() at the end
 * finds little left to do: its wait no longer follows the last
 * document.  Durability is still outdir_sync()'s alone (the thread
 * ignores its errors; outdir_sync() reports them).  Start it only once
 * no more processes are to be forked.  start: 0, or -1 (no thread, no
 * harm); stop (also by outdir_close()): the number of syncfs it made.
 */
#define OUTDIR_FLUSH_MS	100
int		 outdir_flush_start(struct outdir *);
unsigned	 outdir_flush_stop(struct outdir *);
/* The number of syncfs it has made so far (0 when none runs). */
unsigned	 outdir_flush_calls(struct outdir *);

#endif
