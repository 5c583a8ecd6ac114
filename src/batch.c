/* batch.c: drive one round: read each application, decide, write its documents, then the report. */
#include <errno.h>
#include <signal.h>
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
#include "batch.h"
#include "call.h"
#include "csv.h"
#include "data.h"
#include "diag.h"
#include "fold.h"
#include "fsutil.h"
#include "render.h"
#include "report.h"
#include "round.h"
#include "rules.h"
#include "text.h"
#include "tmpl.h"
#include "util.h"

struct batch {
	const struct batch_opts	*o;
	struct diag		*d;
	struct call		*call;
	const struct round_info	*info;
	char			*dir;	/* outdir/<round-id> */
	int			 lock;	/* the directory's lock, or -1 */
	int			 nworkers; /* -j */
	int			 worker; /* this worker's number, -1 in the parent */
	int			 fail_fd; /* a worker tells the parent what failed */
	pid_t			*pids;
	int			 jobs_started;
	int			 stopped; /* a write failed: write no more */
	struct render		*render;
	struct tmpl		*letter, *agreement, *report;
	struct data		*data;	/* "call", then each record's */
	struct report		 rep;
};

/* The call file: --call, or call-<id>.xml beside the round file. */
static char *
call_path(const struct batch_opts *o, const struct round_info *ri)
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

/* "SUB/<id>-<slug>.pdf": a document's path under the round's directory. */
static char *
doc_rel(const char *sub, const struct application *a, int dump)
{
	struct buf	 rel = BUF_INIT;
	char		*slug;

	slug = text_slug(a->name, 40);
	buf_printf(&rel, "%s/%s-%s.%s", sub, a->id, slug,
	    dump ? "dump" : "pdf");
	free(slug);
	return buf_detach(&rel);
}

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

/*
 * One document of a record.  With its template loaded, this process
 * writes it (unless workers do: then it only expects it); without, the
 * report names it when an earlier run wrote it.  Returns the relative
 * path for the report, or NULL.
 */
static char *
one_doc(struct batch *bt, const struct tmpl *t, const char *sub,
    const struct application *a, char kind)
{
	char	*rel, *path;
	int	 rc = 0, wfail = 0;

	rel = doc_rel(sub, a, bt->o->dump);
	path = fs_join(bt->dir, rel);
	if (t == NULL)
		rc = fs_exists(path) ? 0 : -1;
	else if (bt->nworkers > 1 && bt->worker < 0)
		rc = 0;		/* a worker writes it; failures come back */
	else {
		rc = bt->stopped ? -1 : write_doc(bt, t, path, a->id, &wfail);
		if (rc == -1 && bt->worker >= 0)
			dprintf(bt->fail_fd, "%zu %c\n", bt->rep.count - 1,
			    kind);
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
	if (bt->letter != NULL || bt->agreement != NULL)
		render_data_record(bt->data, bt->call, a, dec, &bt->o->date);
	r->letter = one_doc(bt, bt->letter, "letters", a, 'L');
	if (a->decision == DEC_GRANTED && dec->error == NULL &&
	    dec->verdict == VERDICT_ELIGIBLE)
		r->agreement = one_doc(bt, bt->agreement, "agreements", a,
		    'A');
}

/* One application: decide, report guard rails, write its documents. */
static void
process(struct batch *bt, struct application *a)
{
	struct decision	 dec;
	struct row	*r;

	r = report_add(&bt->rep, a);
	if (a->error != NULL) {
		/* Already reported by the reader; no documents. */
		r->verdict = xstrdup("");
		r->error = xstrdup(a->error);
		return;
	}
	rules_decide(bt->call, a, &dec);
	if (dec.aid == NULL) {
		if (bt->worker < 0)
			diag_msg(bt->d, DIAG_ERROR, 1, a->file, a->line,
			    a->col, a->id, "%s", dec.error);
		r->verdict = xstrdup("");
		r->error = xstrdup(dec.error);
		decision_clear(&dec);
		return;
	}
	report_decision(r, &dec);
	if (dec.error != NULL) {
		/* The parent reports record errors, not the workers. */
		if (bt->worker < 0)
			diag_msg(bt->d, DIAG_ERROR, 1, a->file, a->line,
			    a->col, a->id, "%s", dec.error);
		r->error = xstrdup(dec.error);
	}
	if (bt->dir != NULL && (bt->worker < 0 || bt->nworkers < 2 ||
	    (bt->rep.count - 1) % bt->nworkers == (size_t)bt->worker))
		write_documents(bt, a, &dec, r);
	decision_clear(&dec);
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

	bt->data = data_map_new();
	render_data_call(bt->data, bt->call);
	if ((bt->render = render_new(o->templates, o->fonts, d)) == NULL)
		return -1;
	if ((o->what & BATCH_LETTERS) &&
	    (bt->letter = render_template(bt->render, "letter", d)) == NULL)
		return -1;
	if ((o->what & BATCH_AGREEMENTS) && (bt->agreement =
	    render_template(bt->render, "agreement", d)) == NULL)
		return -1;
	if ((o->what & BATCH_REPORT) &&
	    (bt->report = render_template(bt->render, "report", d)) == NULL)
		return -1;
	return 0;
}

/* mkdir -p DIR/<round-id>/SUB, without the temporaries of a killed run. */
static int
setup_dir(struct batch *bt, const char *name)
{
	char	*sub;
	int	 rc;

	sub = fs_join(bt->dir, name);
	fs_clean_tmp(sub);
	rc = fs_mkdirs(sub, bt->d);
	free(sub);
	return rc;
}

/*
 * Make the round's directory and take its lock (another run writing
 * there stops this one), then its subdirectories.
 */
static int
setup_dirs(struct batch *bt)
{
	const struct batch_opts *o = bt->o;

	bt->dir = fs_join(o->outdir, bt->info->id);
	if (fs_mkdirs(bt->dir, bt->d) == -1 ||
	    (bt->lock = fs_lock(bt->dir, bt->d)) == -1)
		return -1;
	fs_clean_tmp(bt->dir);
	if ((o->what & BATCH_LETTERS) && setup_dir(bt, "letters") == -1)
		return -1;
	if ((o->what & BATCH_AGREEMENTS) && setup_dir(bt, "agreements") == -1)
		return -1;
	return 0;
}

/* DIR/<round-id>/report.pdf from the report's data. */
static void
write_report(struct batch *bt)
{
	char	*path;

	/* Not from rows that could not all be kept (report_csv said so). */
	if (bt->report == NULL || bt->rep.spill_errno != 0)
		return;
	report_data(&bt->rep, bt->data, bt->d);
	path = fs_join(bt->dir, bt->o->dump ? "report.dump" : "report.pdf");
	render_pdf(bt->render, bt->report, bt->data, path, bt->o->dump ?
	    RENDER_DUMP : RENDER_PRINT, NULL, bt->d);
	free(path);
}

/*
 * -j N: fork N workers before reading.  Each reads the round itself
 * (silently: the parent reports record errors), steps over the others'
 * applications, reads and writes the documents of every Nth
 * application, and tells the parent through a pipe which
 * ones failed; the parent decides every record, keeps the report's rows
 * and writes the report once the workers are done.  Processes, not
 * threads: libharu and libxml2 keep per-process state.
 */
static void
start_workers(struct batch *bt)
{
	struct diag	 quiet;
	struct round_reader *rr;
	struct application *a;
	FILE		*null;
	int		 fds[2], k, status;
	pid_t		 pid, parent;

	parent = getpid();
	if (pipe(fds) == -1) {
		diag_msg(bt->d, DIAG_WARNING, 0, NULL, 0, 0, NULL,
		    "cannot start workers (%s): running alone",
		    strerror(errno));
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
		bt->worker = k;
		bt->rep.keep = 0;	/* the parent keeps the report */
		bt->nworkers = bt->o->jobs;
		bt->fail_fd = fds[1];
		null = fopen("/dev/null", "w");
		diag_init(&quiet, null != NULL ? null : stderr, 1);
		status = 0;
		/* Only its own share is read, validated and decided; the
		 * others' applications are stepped over, but counted. */
		if ((rr = round_open(bt->o->round_path, &quiet)) != NULL) {
			for (;;) {
				if (bt->rep.count % (size_t)bt->nworkers !=
				    (size_t)k) {
					if (round_skip(rr) != 1)
						break;
					bt->rep.count++;
					continue;
				}
				if (round_next(rr, &a) != 1)
					break;
				process(bt, a);
				application_free(a);
			}
			round_close(rr);
		}
		status = bt->d->status;
		report_free(&bt->rep);
		if (null != NULL)
			fclose(null);
		fflush(NULL);
		_exit(status);
	}
	close(fds[1]);
	bt->fail_fd = fds[0];
	if (bt->nworkers < bt->o->jobs)
		bt->nworkers = 0;	/* could not start them all */
	bt->jobs_started = k;
}

/* Collect the workers' failures and exit statuses. */
static void
wait_workers(struct batch *bt)
{
	FILE		*f;
	char		 line[64], kind;
	size_t		 idx;
	int		 k, status;

	if ((f = fdopen(bt->fail_fd, "r")) != NULL) {
		while (fgets(line, sizeof(line), f) != NULL)
			if (sscanf(line, "%zu %c", &idx, &kind) == 2)
				report_fail(&bt->rep, idx, kind);
		fclose(f);
	} else
		close(bt->fail_fd);
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

int
batch_run(const struct batch_opts *o, struct diag *d)
{
	struct batch		 bt;
	struct round_reader	*rr;
	struct application	*a;
	char			*cp;
	int			 rc;

	memset(&bt, 0, sizeof(bt));
	bt.lock = -1;
	bt.worker = -1;
	bt.fail_fd = -1;
	bt.o = o;
	bt.d = d;
	if ((rr = round_open(o->round_path, d)) == NULL)
		return d->status;
	bt.info = round_info(rr);
	cp = call_path(o, bt.info);
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
	report_init(&bt.rep, bt.call, bt.info, &o->date);
	bt.rep.keep = (o->what & (BATCH_REPORT | BATCH_CHECK)) != 0;
	if (!(o->what & BATCH_CHECK) &&
	    (setup_render(&bt) == -1 || setup_dirs(&bt) == -1))
		goto out;
	/* The report's rows in a file: memory stays flat. */
	if ((o->what & BATCH_REPORT) && !(o->what & BATCH_CHECK))
		(void)report_spill(&bt.rep, bt.dir, d);

	if (bt.render != NULL && o->jobs > 1 &&
	    (bt.letter != NULL || bt.agreement != NULL))
		start_workers(&bt);
	while ((rc = round_next(rr, &a)) == 1) {
		process(&bt, a);
		application_free(a);
	}
	if (bt.jobs_started > 0)
		wait_workers(&bt);
	if (rc == -1)
		goto out;

	if (o->what & BATCH_CHECK)
		report_check(&bt.rep, o->out);
	if ((o->what & BATCH_REPORT) && !bt.stopped) {
		report_csv(&bt.rep, bt.dir, d);
		write_report(&bt);
	}
out:
	report_free(&bt.rep);
	if (bt.lock != -1)
		close(bt.lock);
	free(bt.dir);
	tmpl_free(bt.letter);
	tmpl_free(bt.agreement);
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
	data = data_map_new();
	render_data_call(data, call);
	data_set(data, "screen", screen ? "yes" : "");
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
