/* batch.c: drive one round: read each application, decide, write its documents, then the report. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <sysexits.h>
#include <unistd.h>

#include "amount.h"
#include "atomic.h"
#include "batch.h"
#include "bind.h"
#include "call.h"
#include "csv.h"
#include "data.h"
#include "diag.h"
#include "docset.h"
#include "fold.h"
#include "fsutil.h"
#include "i18n.h"
#include "jobfeed.h"
#include "kinds.h"
#include "render.h"
#include "report.h"
#include "round.h"
#include "rules.h"
#include "text.h"
#include "tmpl.h"
#include "util.h"
#include "progress.h"
#include "xlsx.h"

struct batch {
	const struct batch_opts	*o;
	struct diag		*d;
	struct call		*call;
	const struct round_info	*info;
	char			*dir;	/* outdir/<round-id> */
	int			 lock;	/* the directory's lock, or -1 */
	int			 nworkers; /* -j */
	int			 worker; /* this worker's number, -1 in the parent */
	int			 fail_fd; /* a worker tells the parent what it wrote */
	struct buf		 wout;	  /* a worker: whole lines not yet sent */
	struct buf		 wlines;  /* the parent: a worker's line in part */
	pid_t			*pids;
	int			 jobs_started;
	struct jobfeed		*feed;	/* -j: the applications to write */
	int			 towrite; /* the parent: a worker is to write
					    some of this one's documents */
	int			 stopped; /* a write failed: write no more */
	struct render		*render;
	struct kinds		*kinds;	/* the document kinds (templates/kinds.xml) */
	struct tmpl		**tmpls; /* per kind: loaded when this run writes it */
	int			 writes; /* some kind's template is loaded */
	struct tmpl		*report;
	struct data		*data;	/* "call", then each record's */
	struct report		 rep;
	struct docset		*ds;	/* the round's folder and manifest */
	size_t			 shown;	/* --dump=data: records printed */
	int			 only_seen; /* --only: the application is there */
};

char *
batch_call_path(const struct batch_opts *o, const struct round_info *ri)
{
	struct buf	 b = BUF_INIT;
	const char	*slash;

	if (o->call_path != NULL)
		return xstrdup(o->call_path);
	if ((slash = strrchr(o->round_path, '/')) != NULL)
		buf_add(&b, o->round_path, (size_t)(slash - o->round_path + 1));
	buf_printf(&b, "call-%s.xml", ri->call);
	return buf_detach(&b);
}

/*
 * "SUB/<id>-<slug>.pdf": a document's path under the round's directory.
 * The slug of the last name is kept: an application's documents and
 * its clash check ask for the same one several times in a row.
 */
static char *
doc_rel(const char *sub, const struct application *a, int dump)
{
	static char	*name, *slug;
	struct buf	 rel = BUF_INIT;

	if (name == NULL || a->name == NULL || strcmp(name, a->name) != 0) {
		free(name);
		free(slug);
		name = a->name != NULL ? xstrdup(a->name) : NULL;
		slug = text_slug(a->name, 40);
	}
	buf_printf(&rel, "%s/%s-%s.%s", sub, a->id, slug,
	    dump ? "dump" : "pdf");
	return buf_detach(&rel);
}

static void	 worker_lines(struct batch *, int);

/*
 * After a failed write (a full disk, an I/O error, a directory that
 * refuses new files) every later write would fail too: say once that
 * the run stops writing, and write nothing more.  Workers stop silently;
 * the parent says it for them.
 */
static void
stop_writing(struct batch *bt, int status)
{
	if (bt->stopped)
		return;
	bt->stopped = 1;
	if (bt->worker < 0)
		diag_msg(bt->d, DIAG_ERROR, status, bt->dir, 0, 0, NULL,
		    "stopped after a write error: the remaining documents "
		    "and the report are not written; run again to finish");
}

/* render_pdf(), and whether it failed writing (EX_IOERR, EX_CANTCREAT). */
static int
write_doc(struct batch *bt, const struct tmpl *t, const char *path,
    const char *appid, int *wfail)
{
	int	 before, got, rc;

	before = bt->d->status;
	bt->d->status = 0;
	rc = render_pdf(bt->render, t, bt->data, path,
	    bt->o->dump ? RENDER_DUMP : RENDER_PRINT, appid, bt->d);
	got = bt->d->status;
	bt->d->status = before;
	diag_status(bt->d, got);
	*wfail = rc == -1 && (got == EX_IOERR || got == EX_CANTCREAT) ?
	    got : 0;
	return rc;
}

/* The date a document of kind k bears, or a zero date when it has none. */
static struct date
doc_date(const struct batch *bt, enum kind_date from,
    const struct application *a)
{
	struct date	 zero;

	switch (from) {
	case KDATE_RUN:
		return bt->o->date;
	case KDATE_RECEIVED:
		return a->received;
	case KDATE_DECISION:
		return a->decision_date;
	default:
		memset(&zero, 0, sizeof(zero));
		return zero;
	}
}

/* Why a document's date is refused, in the current language (called
 * again in French mode for the report: i18n.h).  The kind is named by
 * its French label in French. */
static void
date_msg(struct buf *b, const struct kind *k, const struct date *out,
    const struct date *floor)
{
	const char	*kn = i18n_french() && k->label != NULL ? k->label :
			    k->name;

	if (!date_is_set(out))
		buf_printf(b, _("no date for the %s document: not written"),
		    kn);
	else if (!date_is_set(floor))
		buf_printf(b, k->not_before == KDATE_DECISION ?
		    _("the %s document needs the decision date, which the "
		    "record lacks: not written") : _("the %s document needs "
		    "the received date, which the record lacks: not written"),
		    kn);
	else {
		buf_printf(b, _("the %s document would be dated %04d-%02d-%02d, "
		    "before the record's date %04d-%02d-%02d: not written"), kn,
		    out->y, out->m, out->d, floor->y, floor->m,
		    floor->d);
	}
}

/*
 * Whether a document of kind k can bear its date: a kind with a
 * not-before (a notification is never dated before the deliberation)
 * gets none when its date is missing or earlier.  Returns 0, or -1
 * after setting the row's error (the parent reports it).
 */
static int
date_ok(struct batch *bt, const struct kind *k, const struct application *a,
    struct row *r, struct date *out)
{
	struct date	 floor;
	struct buf	 b = BUF_INIT;

	*out = doc_date(bt, k->date, a);
	floor = doc_date(bt, k->not_before, a);
	if (date_is_set(out) && (k->not_before == KDATE_NONE ||
	    (date_is_set(&floor) && date_cmp(out, &floor) >= 0)))
		return 0;
	date_msg(&b, k, out, &floor);
	if (bt->worker < 0)
		diag_msg(bt->d, DIAG_ERROR, 1, a->file, a->line, a->col, a->id,
		    "%s", b.s);
	if (r->error == NULL) {
		r->error_local = buf_detach(&b);
		i18n_french_begin();
		date_msg(&b, k, out, &floor);
		i18n_french_end();
		r->error = buf_detach(&b);
	}
	buf_free(&b);
	return -1;
}

/*
 * A worker's lines to the parent (worker_line()) go out several in one
 * write, not one each: fewer wake-ups of the parent, which needs them
 * only by the end.  Each write holds whole lines and at most PIPE_BUF
 * bytes, so that the workers' writes to the one pipe never interleave.
 */
static void
worker_flush(struct batch *bt)
{
	/* A short write: the parent is gone, and is killing us. */
	(void)fs_write_all(bt->fail_fd, bt->wout.s, bt->wout.len, -1);
	buf_truncate(&bt->wout, 0);
}

static void
worker_say(struct batch *bt, const char *fmt, ...)
{
	struct buf	 line = BUF_INIT;
	va_list		 ap;

	va_start(ap, fmt);
	buf_vprintf(&line, fmt, ap);
	va_end(ap);
	if (bt->wout.len + line.len > PIPE_BUF)
		worker_flush(bt);
	buf_add(&bt->wout, line.s, line.len);
	buf_free(&line);
}

/*
 * One document of a record: the kind kidx of the table.  With its
 * template loaded, this process writes it (unless workers do: then it
 * only expects it); without, the report names it when an earlier run
 * wrote it.  Returns the relative path for the report, or NULL.  Every
 * document is written here.
 */
static char *
one_doc(struct batch *bt, size_t kidx, const struct application *a,
    struct row *r)
{
	const struct kind *k = &bt->kinds->v[kidx];
	const struct tmpl *t = bt->tmpls[kidx];
	struct date	 date;
	char		*rel, *path;
	int		 rc = 0, wfail = 0;

	if (t != NULL && date_ok(bt, k, a, r, &date) == -1)
		return NULL;
	rel = doc_rel(k->folder, a, bt->o->dump);
	path = fs_join(bt->dir, rel);
	if (t != NULL)
		/* The kind's date; docset_keep() replaces it with the
		 * document's first issue date when it has one. */
		bind_letter(bt->data, bt->call, &date);
	if (t == NULL)
		rc = fs_exists(path) ? 0 : -1;
	else if (docset_keep(bt->ds, bt->data, k->folder, a->id, rel))
		rc = 0;		/* unchanged since the manifest: untouched */
	else if (bt->nworkers > 1 && bt->worker < 0) {
		bt->towrite = 1;
		rc = 0;		/* a worker writes it; failures come back */
	}
	else {
		if (k->date != KDATE_RUN)	/* the record's date, kept */
			bind_letter(bt->data, bt->call, &date);
		rc = bt->stopped ? -1 : docset_before_write(bt->ds,
		    k->folder, a->id) == -1 ? -1 : write_doc(bt, t, path, a->id,
		    &wfail);
		/* A worker tells the parent (worker_line()). */
		if (bt->worker >= 0)
			worker_say(bt, "%zu %s %s%s%s\n",
			    bt->rep.count - 1, k->name, a->id,
			    rc == 0 ? " " : "", rc == 0 ? atomic_digest() : "");
		else if (rc == 0)
			docset_written(bt->ds, k->folder, a->id,
			    atomic_digest());
		if (rc == -1)
			docset_failed(bt->ds, k->folder, a->id);
		if (wfail)
			stop_writing(bt, wfail);
	}
	free(path);
	if (rc == -1) {
		free(rel);
		return NULL;
	}
	return rel;
}

static void
write_documents(struct batch *bt, const struct application *a,
    const struct decision *dec, struct row *r)
{
	size_t	 k;
	char	*why = NULL;

	/* An address block that does not fit the envelope window even after
	 * La Poste's remedies: the record's error, no document (issue 12). */
	if (bt->writes && bind_record(bt->data, bt->call, a, dec,
	    &bt->o->date, render_window(bt->render), &why) == -1) {
		if (bt->worker < 0)
			diag_msg(bt->d, DIAG_ERROR, 1, a->file, a->line,
			    a->col, a->id, "%s", why);
		if (r->error == NULL) {
			/* The report's copy in French (i18n.h). */
			r->error_local = why;
			why = NULL;
			i18n_french_begin();
			bind_record(bt->data, bt->call, a, dec, &bt->o->date,
			    render_window(bt->render), &why);
			i18n_french_end();
			r->error = why;
		} else
			free(why);
		return;
	}
	docset_record(bt->ds, bt->data);
	for (k = 0; k < bt->kinds->n; k++) {
		if (kind_wants(&bt->kinds->v[k], dec->verdict, a->decision,
		    dec->error == NULL))
			r->docs[k] = one_doc(bt, k, a, r);
		else if (bt->worker < 0 && dec->error == NULL)
			docset_note(bt->ds, a->id, "the record no longer calls "
			    "for this document (its verdict or decision "
			    "changed)", "retiré : le dossier n’appelle plus ce "
			    "document (verdict ou décision modifiés)");
	}
}

/*
 * Two applications whose documents would share a file name, compared
 * without case (a case-insensitive share): the later one in the round
 * is an error naming both, in every process alike.  1 on a clash.
 */
static void
clash_msg(struct buf *b, const char *other, const char *name)
{
	buf_printf(b, _("its documents would have the same file name as "
	    "application %s's (%s.pdf, compared without case): give one of "
	    "them another id"), other, name);
}

static int
name_clash(struct batch *bt, const struct application *a, struct row *r)
{
	struct buf	 msg = BUF_INIT;
	const char	*other;
	char		*rel;

	rel = doc_rel("", a, 0);
	rel[strlen(rel) - 4] = '\0';	/* "/<id>-<slug>", no ".pdf" */
	if ((other = docset_clash(bt->ds, rel + 1, a->id)) != NULL) {
		clash_msg(&msg, other, rel + 1);
		if (bt->worker < 0) {
			diag_msg(bt->d, DIAG_ERROR, 1, a->file, a->line,
			    a->col, a->id, "%s", msg.s);
			docset_note(bt->ds, a->id, msg.s, "retiré : son nom "
			    "de fichier serait celui d’un autre dossier");
		}
		free(r->error_local);
		r->error_local = buf_detach(&msg);
		i18n_french_begin();
		clash_msg(&msg, other, rel + 1);
		i18n_french_end();
		free(r->error);
		r->error = buf_detach(&msg);
	}
	free(rel);
	return other != NULL;
}

/*
 * --dump=data for a document kind: print what its template sees for
 * this application (o->only: that one alone), dated as the document
 * would be by this run.  An application the kind is not for shows
 * nothing (with --only, a record error says why).
 */
static void
show_record(struct batch *bt, const struct application *a,
    const struct decision *dec, struct row *r)
{
	const struct kind *k = kinds_find(bt->kinds, bt->o->kind);
	struct buf	 b = BUF_INIT;
	struct date	 date;
	char		*why = NULL;

	if (bt->o->only != NULL && strcmp(a->id, bt->o->only) != 0)
		return;
	if (!kind_wants(k, dec->verdict, a->decision, dec->error == NULL)) {
		if (bt->o->only != NULL)
			diag_msg(bt->d, DIAG_ERROR, 1, a->file, a->line,
			    a->col, a->id, "no %s document for this "
			    "application (verdict %s, decision %s): no data "
			    "to show", k->name, verdict_name(dec->verdict),
			    a->decision == DEC_NONE ? "none" :
			    decision_status_name(a->decision));
		return;
	}
	if (date_ok(bt, k, a, r, &date) == -1)
		return;
	/* The block as the documents would have it (the window of the
	 * templates loaded, if any); a misfit is said, the data shown. */
	if (bind_record(bt->data, bt->call, a, dec, &bt->o->date,
	    bt->render != NULL ? render_window(bt->render) : NULL,
	    &why) == -1) {
		diag_msg(bt->d, DIAG_ERROR, 1, a->file, a->line, a->col,
		    a->id, "%s", why);
		free(why);
	}
	bind_letter(bt->data, bt->call, &date);
	buf_printf(&b, "%s# application %s: the data of %s.xml (%s)\n",
	    bt->shown++ > 0 ? "\n" : "", a->id, k->template, k->name);
	data_print(bt->data, &b);
	fputs(buf_str(&b), bt->o->out);
	buf_free(&b);
}

/*
 * The parent: hand application a, which has documents to write, to
 * whichever worker is free, reading what the workers say while they are
 * all busy.  With no worker left, the run stops writing.
 */
static void
feed(struct batch *bt, const struct application *a)
{
	struct pollfd	 pf[2];
	int		 rc;

	while (!bt->stopped) {
		if ((rc = jobfeed_send(bt->feed, bt->rep.count - 1, a)) == 0)
			return;
		if (rc == -1) {
			diag_msg(bt->d, DIAG_ERROR, EX_SOFTWARE, NULL, 0, 0,
			    a->id, "cannot hand the application to a worker: "
			    "%s", strerror(errno));
			stop_writing(bt, EX_SOFTWARE);
			return;
		}
		pf[0].fd = jobfeed_fd(bt->feed);
		pf[0].events = POLLOUT;
		pf[1].fd = bt->fail_fd;
		pf[1].events = POLLIN;
		if (poll(pf, 2, -1) == -1 && errno != EINTR) {
			diag_msg(bt->d, DIAG_ERROR, EX_SOFTWARE, NULL, 0, 0,
			    NULL, "poll: %s", strerror(errno));
			stop_writing(bt, EX_SOFTWARE);
			return;
		}
		worker_lines(bt, 0);
	}
}

/* One application: decide, report guard rails, write its documents. */
static void
process(struct batch *bt, struct application *a)
{
	struct decision	 dec;
	struct row	*r;
	struct buf	 withheld = BUF_INIT;
	char		*cp;

	r = report_add(&bt->rep, a);
	if (bt->o->only != NULL && a->id != NULL &&
	    strcmp(a->id, bt->o->only) == 0)
		bt->only_seen = 1;
	if (bt->ds != NULL && bt->worker < 0)	/* in case it ends in error */
		docset_note(bt->ds, a->id, "the record now has an error",
		    "retiré : le dossier est maintenant en erreur");
	if (a->error != NULL) {
		/* Already reported by the reader; no documents. */
		r->verdict = xstrdup("");
		r->error_local = xstrdup(a->error);
		r->error = xstrdup(a->error_fr != NULL ? a->error_fr :
		    a->error);
		return;
	}
	rules_decide(bt->call, a, &dec);
	rules_explain(bt->call, &dec);
	if (dec.aid == NULL) {
		if (bt->worker < 0)
			diag_msg(bt->d, DIAG_ERROR, 1, a->file, a->line,
			    a->col, a->id, "%s", dec.error);
		r->verdict = xstrdup("");
		r->error_local = xstrdup(dec.error);
		r->error = xstrdup(dec.error_fr);
		decision_clear(&dec);
		return;
	}
	report_decision(r, &dec);
	if (dec.error != NULL) {
		/* What was withheld, only when something is written. */
		if (bt->o->what & BATCH_DOCS) {
			cp = dec.error;
			buf_printf(&withheld, _("%s: no decision notice and no "
			    "agreement written"), cp);
			dec.error = buf_detach(&withheld);
			free(cp);
			cp = dec.error_fr;
			i18n_french_begin();
			buf_printf(&withheld, _("%s: no decision notice and no "
			    "agreement written"), cp);
			i18n_french_end();
			dec.error_fr = buf_detach(&withheld);
			free(cp);
		}
		/* The parent reports record errors, not the workers. */
		if (bt->worker < 0)
			diag_msg(bt->d, DIAG_ERROR, 1, a->file, a->line,
			    a->col, a->id, "%s", dec.error);
		r->error_local = xstrdup(dec.error);
		r->error = xstrdup(dec.error_fr);
	}
	/* A worker sees neither the others' names nor their ids: the
	 * parent sends it only applications it is to write. */
	if (bt->worker < 0 && bt->ds != NULL && name_clash(bt, a, r)) {
		decision_clear(&dec);
		return;
	}
	bt->towrite = 0;
	if (bt->o->dump_data && bt->o->kind != NULL)
		show_record(bt, a, &dec, r);
	else if (bt->dir != NULL)
		write_documents(bt, a, &dec, r);
	decision_clear(&dec);
	if (bt->towrite)
		feed(bt, a);
}

/*
 * Load the fonts and the templates this run needs, before anything is
 * written: a missing or broken one leaves the output untouched.
 */
static int
setup_render(struct batch *bt)
{
	const struct batch_opts *o = bt->o;
	struct diag	*d = bt->d;
	size_t		 k;

	bt->data = data_map_new();
	bind_call(bt->data, bt->call);
	if ((bt->render = render_new(o->templates, o->fonts, d)) == NULL)
		return -1;
	bt->tmpls = xcalloc(bt->kinds->n + 1, sizeof(*bt->tmpls));
	for (k = 0; k < bt->kinds->n; k++) {
		if (!(o->what & BATCH_DOCS) || (o->kind != NULL &&
		    strcmp(o->kind, bt->kinds->v[k].name) != 0))
			continue;
		if ((bt->tmpls[k] = render_template(bt->render,
		    bt->kinds->v[k].template, d)) == NULL)
			return -1;
		bt->writes = 1;
	}
	if ((o->what & BATCH_REPORT) &&
	    (bt->report = render_template(bt->render, "report", d)) == NULL)
		return -1;
	return 0;
}

/*
 * Make the round's directory and take its lock (another run writing
 * there stops this one), then its subdirectories (docset.h: no link
 * followed, the manifest read).
 */
static int
setup_dirs(struct batch *bt)
{
	const struct batch_opts *o = bt->o;
	struct docset_opts dso = { o->outdir, bt->info->id, o->templates,
	    o->fonts, o->version, o->date, o->force, o->dump };
	struct buf	 tf = BUF_INIT;
	size_t		 k;
	int		 rc = 0;

	if ((bt->ds = docset_open(&dso, bt->d)) == NULL)
		return -1;
	bt->dir = xstrdup(docset_dir(bt->ds));
	for (k = 0; rc == 0 && k < bt->kinds->n; k++) {
		if (bt->tmpls[k] == NULL)
			continue;
		buf_truncate(&tf, 0);
		buf_printf(&tf, "%s.xml", bt->kinds->v[k].template);
		rc = docset_kind(bt->ds, bt->kinds->v[k].folder, tf.s, bt->d);
	}
	buf_free(&tf);
	if (rc == -1 || docset_nolink(bt->ds, "report.csv", bt->d) == -1 ||
	    docset_nolink(bt->ds, "report.pdf", bt->d) == -1)
		return -1;
	return 0;
}

/* DIR/<round-id>/report.pdf from the report's data. */
static void
write_report(struct batch *bt)
{
	char	*path;

	if (bt->report == NULL)
		return;
	bind_report(bt->data, &bt->rep, bt->d);
	path = fs_join(bt->dir, bt->o->dump ? "report.dump" : "report.pdf");
	render_pdf(bt->render, bt->report, bt->data, path, bt->o->dump ?
	    RENDER_DUMP : RENDER_PRINT, NULL, bt->d);
	free(path);
}

/*
 * --dump=data: the report's data (o->what has BATCH_REPORT), or say that
 * --only named no application of the round.
 */
static void
show_report(struct batch *bt)
{
	struct buf	 b = BUF_INIT;

	if (bt->o->only != NULL && !bt->only_seen)
		diag_msg(bt->d, DIAG_ERROR, EX_USAGE, bt->o->round_path, 0, 0,
		    NULL, "--only %s: the round has no application of that "
		    "id", bt->o->only);
	if (!(bt->o->what & BATCH_REPORT))
		return;
	bind_report(bt->data, &bt->rep, bt->d);
	buf_puts(&b, "# the data of report.xml\n");
	data_print(bt->data, &b);
	fputs(buf_str(&b), bt->o->out);
	buf_free(&b);
}

/*
 * -j N: fork N workers before reading.  The parent reads, checks and
 * decides every application, and sends each one that has documents to
 * write, read and checked, to whichever worker is free (jobfeed.h): the
 * workers read no round file.  A worker writes that application's
 * documents (the parent reports record errors, a worker only its own
 * failures to write) and tells the
 * parent through a pipe what it wrote and what failed; the parent keeps
 * the report's rows and writes the report once the workers are done.
 * Processes, not threads: libharu and libxml2 keep per-process state.
 */
static void
start_workers(struct batch *bt)
{
	struct application *a;
	size_t		 idx;
	int		 fds[2], k, status;
	pid_t		 pid, parent;

	parent = getpid();
	if ((bt->feed = jobfeed_new()) == NULL || pipe(fds) == -1) {
		diag_msg(bt->d, DIAG_WARNING, 0, NULL, 0, 0, NULL,
		    "cannot start workers (%s): running alone",
		    strerror(errno));
		jobfeed_free(bt->feed);
		bt->feed = NULL;
		return;
	}
	fflush(NULL);
	bt->pids = xcalloc((size_t)bt->o->jobs, sizeof(pid_t));
	for (k = 0; k < bt->o->jobs; k++) {
		if ((pid = fork()) == -1) {
			diag_msg(bt->d, DIAG_ERROR, EX_SOFTWARE, NULL, 0, 0,
			    NULL, "fork: %s", strerror(errno));
			break;
		}
		if (pid > 0) {
			bt->pids[bt->nworkers++] = pid;
			continue;
		}
		/*
		 * The worker.  It dies with its parent: a killed run must
		 * not leave workers writing and holding the lock.
		 */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() != parent)
			_exit(EX_SOFTWARE);
		close(fds[0]);
		jobfeed_worker(bt->feed);
		bt->worker = k;
		bt->rep.keep = 0;	/* the parent keeps the report */
		docset_worker(bt->ds);	/* and speaks */
		bt->nworkers = bt->o->jobs;
		bt->fail_fd = fds[1];
		while ((status = jobfeed_recv(bt->feed, bt->info->file, &idx,
		    &a)) == 1) {
			bt->rep.count = idx;	/* report_add() counts it */
			process(bt, a);
			application_free(a);
		}
		worker_flush(bt);
		if (status == -1)
			diag_msg(bt->d, DIAG_ERROR, EX_SOFTWARE, NULL, 0, 0,
			    NULL, "worker %d: cannot read the next application "
			    "from the parent: %s", k, strerror(errno));
		status = bt->d->status;
		report_free(&bt->rep);
		fflush(NULL);
		_exit(status);
	}
	close(fds[1]);
	jobfeed_parent(bt->feed);
	bt->fail_fd = fds[0];
	(void)fcntl(bt->fail_fd, F_SETFL, O_NONBLOCK);	/* worker_lines() */
	if (bt->nworkers < bt->o->jobs)
		bt->nworkers = 0;	/* could not start them all */
	bt->jobs_started = k;
}

/*
 * One line from a worker, for each document it was to write:
 * "<index of the application in the round> <kind's name> <id>" when it
 * could not, followed by " <SHA-256 of the file>" when it wrote it.
 */
static void
worker_line(struct batch *bt, char *line)
{
	const struct kind *kd;
	char		*kind, *id, *hex;
	size_t		 idx;

	idx = strtoul(line, &kind, 10);
	if (kind == line || *kind++ != ' ' ||
	    (id = strchr(kind, ' ')) == NULL)
		return;
	*id++ = '\0';
	if ((hex = strchr(id, ' ')) != NULL)
		*hex++ = '\0';
	if ((kd = kinds_find(bt->kinds, kind)) == NULL)
		return;
	if (hex != NULL) {
		docset_written(bt->ds, kd->folder, id, hex);
		return;
	}
	docset_failed(bt->ds, kd->folder, id);
	if (bt->rep.keep && idx < bt->rep.nrows)
		report_fail(&bt->rep, idx, (size_t)(kd - bt->kinds->v));
}

/*
 * Read what the workers said, each whole line as it comes: without
 * waiting while the parent reads the round (so that no worker waits on
 * a full pipe), then until every worker has closed it (block).
 */
static void
worker_lines(struct batch *bt, int block)
{
	char	 chunk[8192], *nl, *line;
	ssize_t	 n;
	size_t	 used;

	if (bt->fail_fd == -1)
		return;
	if (block)
		(void)fcntl(bt->fail_fd, F_SETFL, 0);
	for (;;) {
		if ((n = read(bt->fail_fd, chunk, sizeof(chunk))) == -1 &&
		    errno == EINTR)
			continue;
		if (n <= 0)
			break;
		buf_add(&bt->wlines, chunk, (size_t)n);
		for (used = 0, line = bt->wlines.s;
		    (nl = memchr(line, '\n', bt->wlines.len - used)) != NULL;
		    line = nl + 1) {
			*nl = '\0';
			worker_line(bt, line);
			used = (size_t)(nl + 1 - bt->wlines.s);
		}
		if (used > 0) {
			memmove(bt->wlines.s, bt->wlines.s + used,
			    bt->wlines.len - used);
			buf_truncate(&bt->wlines, bt->wlines.len - used);
		}
	}
	if (block) {
		close(bt->fail_fd);
		bt->fail_fd = -1;
		buf_free(&bt->wlines);
	}
}

/* Collect the workers' lines (worker_line()) and exit statuses. */
static void
wait_workers(struct batch *bt)
{
	int		 k, status;

	worker_lines(bt, 1);
	for (k = 0; k < bt->jobs_started; k++) {
		if (waitpid(bt->pids[k], &status, 0) == -1)
			continue;
		if (WIFEXITED(status)) {
			diag_status(bt->d, WEXITSTATUS(status));
			if (WEXITSTATUS(status) == EX_IOERR ||
			    WEXITSTATUS(status) == EX_CANTCREAT)
				stop_writing(bt, WEXITSTATUS(status));
		} else {
			/* Its failures may not all have come back. */
			diag_msg(bt->d, DIAG_ERROR, EX_SOFTWARE, NULL, 0, 0,
			    NULL, "worker %d died (signal %d)", k,
			    WIFSIGNALED(status) ? WTERMSIG(status) : 0);
			stop_writing(bt, EX_SOFTWARE);
		}
	}
	free(bt->pids);
	bt->pids = NULL;
}

/*
 * The document kinds of TEMPLATES/kinds.xml, with the one this run asks
 * for (an unknown one is a usage error naming those there are).
 */
static struct kinds *
load_kinds(const struct batch_opts *o, struct diag *d)
{
	struct kinds	*ks;
	struct buf	 b = BUF_INIT;
	size_t		 k;

	buf_printf(&b, "%s/kinds.xml", o->templates);
	ks = kinds_load(b.s, d);
	buf_free(&b);
	if (ks == NULL)
		return NULL;
	if (report_columns_check(ks, d) == -1) {
		kinds_free(ks);
		return NULL;
	}
	if (o->kind == NULL || kinds_find(ks, o->kind) != NULL)
		return ks;
	for (k = 0; k < ks->n; k++)
		buf_printf(&b, "%s%s", k ? ", " : "", ks->v[k].name);
	diag_msg(d, DIAG_ERROR, EX_USAGE, NULL, 0, 0, NULL, "unknown command "
	    "'%s': the commands are run, report, check, leaflet and the "
	    "document kinds of %s: %s", o->kind, ks->file, b.s);
	fputs(_("Try 'essdocs --help'.\n"), d->out);
	buf_free(&b);
	kinds_free(ks);
	return NULL;
}

int
batch_run(const struct batch_opts *o, struct diag *d)
{
	struct batch		 bt;
	struct round_reader	*rr;
	struct application	*a;
	struct progress		 pg;
	struct summary		 sum;
	char			*cp;
	int			 rc = 0;
	size_t			 k;

	memset(&bt, 0, sizeof(bt));
	bt.lock = -1;
	bt.worker = -1;
	bt.fail_fd = -1;
	bt.o = o;
	bt.d = d;
	/* The kinds table first: an unknown command is a usage error,
	 * whatever the round file.  `check` writes no document: no table. */
	if (o->what & BATCH_CHECK)
		bt.kinds = xcalloc(1, sizeof(*bt.kinds));
	else if ((bt.kinds = load_kinds(o, d)) == NULL)
		return d->status;
	if ((rr = round_open(o->round_path, d)) == NULL) {
		kinds_free(bt.kinds);
		return d->status;
	}
	bt.info = round_info(rr);
	round_set_dates(rr, &o->date, NULL);
	cp = batch_call_path(o, bt.info);
	if (o->call_path == NULL && !fs_exists(cp))
		diag_msg(d, DIAG_ERROR, EX_NOINPUT, cp, 0, 0, NULL, "no call "
		    "file for call '%s' beside the round: name it with --call "
		    "FILE", bt.info->call);
	else
		bt.call = call_load(cp, d);
	free(cp);
	if (bt.call == NULL)
		goto out;
	if (strcmp(bt.call->id, bt.info->call) != 0) {
		diag_msg(d, DIAG_ERROR, EX_DATAERR, o->round_path, 0, 0, NULL,
		    "round %s is for call '%s', but the call file is '%s'",
		    bt.info->id, bt.info->call, bt.call->id);
		goto out;
	}
	report_init(&bt.rep, bt.call, bt.info, bt.kinds, &o->date);
	bt.rep.keep = (o->what & (BATCH_REPORT | BATCH_CHECK)) != 0;
	if (o->dump_data) {		/* shown, not written */
		bt.data = data_map_new();
		bind_call(bt.data, bt.call);
	} else if (!(o->what & BATCH_CHECK) &&
	    (setup_render(&bt) == -1 || setup_dirs(&bt) == -1))
		goto out;
	if ((o->what & BATCH_REPORT) && bt.dir != NULL)	/* memory stays flat */
		report_spill(&bt.rep, bt.dir, REPORT_SPILL_AFTER);

	if (bt.render != NULL && o->jobs > 1 && bt.writes)
		start_workers(&bt);
	if (bt.nworkers > 1)
		docset_flush(bt.ds, 1);
	memset(&sum, 0, sizeof(sum));
	memset(&pg, 0, sizeof(pg));
	if (!(o->what & BATCH_CHECK) && !o->dump_data)
		progress_start(&pg, o->round_path, d);
	while ((rc = round_next(rr, &a)) == 1) {
		process(&bt, a);
		application_free(a);
		worker_lines(&bt, 0);
		summary_add(&sum, report_row(&bt.rep, bt.rep.nrows - 1));
		progress_step(&pg);
	}
	jobfeed_free(bt.feed);		/* the workers' end of input */
	bt.feed = NULL;
	if (bt.jobs_started > 0)
		wait_workers(&bt);
	if (bt.ds != NULL)
		docset_flush(bt.ds, 0);
	progress_end(&pg);
	if (rc == -1)
		goto out;

	if (o->what & BATCH_CHECK)
		report_check(&bt.rep, o->out);
	if (o->dump_data) {
		show_report(&bt);
		goto out;
	}
	if (bt.ds != NULL && !bt.stopped)
		docset_retire(bt.ds, bt.data);	/* before the report */
	if ((o->what & BATCH_REPORT) && !bt.stopped) {
		report_csv(&bt.rep, bt.dir, d);
		report_xlsx(&bt.rep, bt.dir, d);
		write_report(&bt);
		if (report_lost(&bt.rep))
			diag_msg(d, DIAG_ERROR, EX_IOERR, bt.dir, 0, 0, NULL,
			    "cannot read the report's rows back from their "
			    "temporary file: report.csv and report.pdf lack "
			    "some; run again");
	}
	if (bt.ds != NULL && !bt.stopped)
		docset_commit(bt.ds, d);	/* last */
	if (!(o->what & BATCH_CHECK) && !d->quiet) {
		if (bt.rep.keep)
			summary_recount(&sum, &bt.rep);
		sum.report = (o->what & BATCH_REPORT) != 0;
		if (bt.ds != NULL)
			sum.docs = docset_counts(bt.ds, &sum.kept, &sum.issued,
			    &sum.moved);
		summary_print(&sum, bt.info->id, bt.dir, o->out);
	}
out:
	jobfeed_free(bt.feed);
	report_free(&bt.rep);
	if (bt.lock != -1)
		close(bt.lock);
	docset_close(bt.ds);
	free(bt.dir);
	for (k = 0; bt.tmpls != NULL && k < bt.kinds->n; k++)
		tmpl_free(bt.tmpls[k]);
	free(bt.tmpls);
	kinds_free(bt.kinds);
	tmpl_free(bt.report);
	data_free(bt.data);
	render_free(bt.render);
	call_free(bt.call);
	round_close(rr);
	return d->status;
}

int
batch_leaflet(const struct batch_opts *o, const char *out, int screen,
    struct diag *d)
{
	struct render	*r = NULL;
	struct tmpl	*t = NULL;
	struct data	*data = NULL;
	struct call	*call;
	struct buf	 path = BUF_INIT;
	char		*slash;

	if ((call = call_load(o->round_path, d)) == NULL)
		return d->status;
	data = data_map_new();
	bind_call(data, call);
	data_set(data, "screen", screen ? "yes" : "");
	if (o->dump_data) {		/* shown, not written */
		buf_puts(&path, "# the data of leaflet.xml\n");
		data_print(data, &path);
		fputs(buf_str(&path), o->out);
		goto out;
	}
	if (out != NULL)
		buf_puts(&path, out);
	else
		buf_printf(&path, "%s/leaflet-%s%s.pdf", o->outdir, call->id,
		    screen ? "-screen" : "");
	if ((slash = strrchr(path.s, '/')) != NULL) {
		*slash = '\0';
		if (path.s[0] != '\0' && fs_mkdirs(path.s, d) == -1)
			goto out;
		*slash = '/';
	}
	if ((r = render_new(o->templates, o->fonts, d)) == NULL ||
	    (t = render_template(r, "leaflet", d)) == NULL)
		goto out;
	render_set_print(r, o->bleed, o->marks);
	render_set_date(r, &o->date);
	render_pdf(r, t, data, path.s, (screen ? RENDER_SCREEN : RENDER_PRINT) |
	    (o->dump ? RENDER_DUMP : 0), NULL, d);
out:
	data_free(data);
	tmpl_free(t);
	render_free(r);
	call_free(call);
	buf_free(&path);
	return d->status;
}
