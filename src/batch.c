/* batch.c: drive one round: read each application, decide, write its documents, then the report. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
#include "fsutil.h"
#include "render.h"
#include "round.h"
#include "rules.h"
#include "text.h"
#include "tmpl.h"
#include "util.h"

/* What the report keeps of each application: small, flat strings. */
struct row {
	char		*id;
	char		*applicant;
	char		*commune;
	char		*aid;
	long long	 requested;	/* cents, -1 unknown */
	char		*verdict;	/* "" for an error record */
	char		*reasons;	/* rule names joined by ';' */
	char		*decision;
	long long	 granted;	/* cents, -1 none */
	char		*letter;	/* relative path, or NULL */
	char		*agreement;
	char		*error;
	struct buf	 detail;	/* for `check`: one line per reason */
};

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
	struct render		*render;
	struct tmpl		*letter, *agreement, *report;
	struct data		*data;	/* "call", then each record's */
	struct row		*rows;
	size_t			 nrows, maxrows;
};

static void
row_free(struct row *r)
{
	free(r->id);
	free(r->applicant);
	free(r->commune);
	free(r->aid);
	free(r->verdict);
	free(r->reasons);
	free(r->decision);
	free(r->letter);
	free(r->agreement);
	free(r->error);
	buf_free(&r->detail);
}

static char *
dup0(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

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

static struct row *
row_new(struct batch *bt, const struct application *a)
{
	struct row	*r;

	if (bt->nrows == bt->maxrows) {
		bt->maxrows = bt->maxrows ? bt->maxrows * 2 : 64;
		bt->rows = xrealloc(bt->rows, bt->maxrows * sizeof(*bt->rows));
	}
	r = &bt->rows[bt->nrows++];
	memset(r, 0, sizeof(*r));
	r->id = dup0(a->id);
	r->applicant = dup0(a->name);
	r->commune = dup0(a->city);
	r->aid = dup0(a->aid);
	r->requested = a->requested;
	r->decision = xstrdup(decision_status_name(a->decision));
	r->granted = a->decision == DEC_GRANTED ? a->granted : -1;
	return r;
}

static void
row_decision(struct row *r, const struct decision *dec)
{
	struct buf	 b = BUF_INIT;
	size_t		 i;
	const struct reason *re;

	r->verdict = xstrdup(verdict_name(dec->verdict));
	for (i = 0; i < dec->nreasons; i++) {
		re = &dec->reasons[i];
		buf_printf(&b, "%s%s", i ? ";" : "", re->cond->name);
		buf_printf(&r->detail, "    %s %s: %s", re->kind ==
		    REASON_FAILED ? "failed " : "missing", re->cond->name,
		    re->cond->text);
		if (re->detail != NULL)
			buf_printf(&r->detail, " (%s)", re->detail);
		if (re->missing != NULL)
			buf_printf(&r->detail, " (à fournir : %s)", re->missing);
		buf_putc(&r->detail, '\n');
	}
	if (dec->capped) {
		buf_puts(&r->detail, "    capped: request above the maximum of ");
		amount_format_plain(&r->detail, dec->capped_amount);
		buf_putc(&r->detail, '\n');
	}
	r->reasons = buf_detach(&b);
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
	int	 rc = 0;

	rel = doc_rel(sub, a, bt->o->dump);
	path = fs_join(bt->dir, rel);
	if (t == NULL)
		rc = fs_exists(path) ? 0 : -1;
	else if (bt->nworkers > 1 && bt->worker < 0)
		rc = 0;		/* a worker writes it; failures come back */
	else if ((rc = render_pdf(bt->render, t, bt->data, path,
	    bt->o->dump ? RENDER_DUMP : RENDER_PRINT, a->id, bt->d)) == -1 &&
	    bt->worker >= 0)
		dprintf(bt->fail_fd, "%zu %c\n", bt->nrows - 1, kind);
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

	r = row_new(bt, a);
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
	row_decision(r, &dec);
	if (dec.error != NULL) {
		/* The parent reports record errors, not the workers. */
		if (bt->worker < 0)
			diag_msg(bt->d, DIAG_ERROR, 1, a->file, a->line,
			    a->col, a->id, "%s", dec.error);
		r->error = xstrdup(dec.error);
	}
	if (bt->dir != NULL && (bt->worker < 0 || bt->nworkers < 2 ||
	    (bt->nrows - 1) % bt->nworkers == (size_t)bt->worker))
		write_documents(bt, a, &dec, r);
	decision_clear(&dec);
}

static void
amount_field(struct buf *b, long long cents)
{
	if (cents >= 0)
		amount_format_plain(b, cents);
}

static void
write_csv(struct batch *bt)
{
	struct buf	 b = BUF_INIT, path = BUF_INIT;
	struct row	*r;
	size_t		 i;

	buf_puts(&b, "id,applicant,commune,aid,requested,verdict,reasons,"
	    "decision,granted,letter,agreement,error\r\n");
	for (i = 0; i < bt->nrows; i++) {
		r = &bt->rows[i];
		csv_field(&b, r->id);
		buf_putc(&b, ',');
		csv_field(&b, r->applicant);
		buf_putc(&b, ',');
		csv_field(&b, r->commune);
		buf_putc(&b, ',');
		csv_field(&b, r->aid);
		buf_putc(&b, ',');
		amount_field(&b, r->requested);
		buf_putc(&b, ',');
		csv_field(&b, r->verdict);
		buf_putc(&b, ',');
		csv_field(&b, r->reasons);
		buf_putc(&b, ',');
		csv_field(&b, r->decision);
		buf_putc(&b, ',');
		amount_field(&b, r->granted);
		buf_putc(&b, ',');
		csv_field(&b, r->letter);
		buf_putc(&b, ',');
		csv_field(&b, r->agreement);
		buf_putc(&b, ',');
		csv_field(&b, r->error);
		buf_puts(&b, "\r\n");
	}
	buf_printf(&path, "%s/report.csv", bt->dir);
	fs_write_atomic(path.s, b.s, b.len, bt->d);
	buf_free(&path);
	buf_free(&b);
}

/* Pad s with spaces to w code points (never cut). */
static void
pad(FILE *f, const char *s, size_t w)
{
	size_t	 n;

	if (s == NULL)
		s = "";
	fputs(s, f);
	for (n = utf8_len(s); n < w; n++)
		putc(' ', f);
}

static void
print_check(struct batch *bt)
{
	FILE		*f = bt->o->out;
	struct row	*r;
	size_t		 i, wid = 2, wname = 9;
	size_t		 n;
	int		 count[3] = { 0, 0, 0 }, nerr = 0;

	for (i = 0; i < bt->nrows; i++) {
		r = &bt->rows[i];
		if (r->id != NULL && (n = utf8_len(r->id)) > wid)
			wid = n;
		if (r->applicant != NULL && (n = utf8_len(r->applicant)) > wname)
			wname = n;
	}
	if (wname > 40)
		wname = 40;
	fprintf(f, "round %s (call %s): %zu application%s\n\n",
	    bt->info->id, bt->call->id, bt->nrows, bt->nrows == 1 ? "" : "s");
	pad(f, "ID", wid + 2);
	pad(f, "APPLICANT", wname + 2);
	pad(f, "AID", 15);
	pad(f, "VERDICT", 12);
	fputs("REASONS\n", f);
	for (i = 0; i < bt->nrows; i++) {
		r = &bt->rows[i];
		pad(f, r->id, wid + 2);
		pad(f, r->applicant, wname + 2);
		pad(f, r->aid, 15);
		pad(f, r->error != NULL && *r->verdict == '\0' ? "error" :
		    r->verdict, 12);
		fputs(r->reasons != NULL ? r->reasons : "", f);
		putc('\n', f);
		fputs(buf_str(&r->detail), f);
		if (r->error != NULL) {
			fprintf(f, "    error: %s\n", r->error);
			nerr++;
		}
		if (*r->verdict == 'e')
			count[0]++;
		else if (*r->verdict == 'i' && r->verdict[2] == 'e')
			count[1]++;
		else if (*r->verdict == 'i')
			count[2]++;
	}
	fprintf(f, "\n%d eligible, %d ineligible, %d incomplete, %d with "
	    "errors\n", count[0], count[1], count[2], nerr);
}

/* Load fonts and the templates this run needs; make the directories. */
static int
setup_render(struct batch *bt)
{
	const struct batch_opts *o = bt->o;
	struct diag	*d = bt->d;
	char		*sub;
	int		 rc = 0;

	fs_clean_tmp(bt->dir);
	if ((bt->render = render_new(o->templates, o->fonts, d)) == NULL)
		return -1;
	if (o->what & BATCH_LETTERS) {
		sub = fs_join(bt->dir, "letters");
		fs_clean_tmp(sub);
		if (fs_mkdirs(sub, d) == -1 ||
		    (bt->letter = render_template(bt->render, "letter", d)) == NULL)
			rc = -1;
		free(sub);
	}
	if (rc == 0 && (o->what & BATCH_AGREEMENTS)) {
		sub = fs_join(bt->dir, "agreements");
		fs_clean_tmp(sub);
		if (fs_mkdirs(sub, d) == -1 || (bt->agreement =
		    render_template(bt->render, "agreement", d)) == NULL)
			rc = -1;
		free(sub);
	}
	if (rc == 0 && (o->what & BATCH_REPORT) &&
	    (bt->report = render_template(bt->render, "report", d)) == NULL)
		rc = -1;
	bt->data = data_map_new();
	render_data_call(bt->data, bt->call);
	return rc;
}

/* The round report's data: totals, by aid, by verdict, by commune, rows. */
static void
write_report(struct batch *bt)
{
	struct data	*m, *l, *x;
	struct buf	 b = BUF_INIT;
	struct row	*r;
	size_t		 i, j, nc = 0;
	long long	 req = 0, gr = 0;
	int		 nerr = 0;
	struct { const char *name; int n; } *communes = NULL;
	int		 maxc = 0;
	char		*path;

	if (bt->report == NULL)
		return;
	m = data_set_map(bt->data, "round");
	data_set(m, "id", bt->info->id);
	if (date_is_set(&bt->info->date)) {
		date_format_fr(&b, &bt->info->date);
		data_set(m, "date", b.s);
	}
	data_setf(m, "count", "%zu", bt->nrows);
	for (i = 0; i < bt->nrows; i++) {
		r = &bt->rows[i];
		if (r->requested > 0)
			req += r->requested;
		if (r->granted > 0 && r->agreement != NULL)
			gr += r->granted;
		if (r->error != NULL)
			nerr++;
		for (j = 0; j < nc; j++)
			if (r->commune != NULL &&
			    strcmp(communes[j].name, r->commune) == 0)
				break;
		if (j == nc && r->commune != NULL) {
			communes = xrealloc(communes, (nc + 1) *
			    sizeof(*communes));
			communes[nc].name = r->commune;
			communes[nc++].n = 0;
		}
		if (j < nc && ++communes[j].n > maxc)
			maxc = communes[j].n;
	}
	data_setf(m, "errors", "%d", nerr);
	buf_truncate(&b, 0);
	amount_format_fr(&b, req);
	data_set(m, "requested", b.s);
	buf_truncate(&b, 0);
	amount_format_fr(&b, gr);
	data_set(m, "granted", b.s);
	if (bt->info->has_budget) {
		buf_truncate(&b, 0);
		amount_format_fr(&b, bt->info->budget);
		data_set(m, "budget", b.s);
		data_setf(m, "budget_used", "%lld",
		    bt->info->budget > 0 ? gr * 100 / bt->info->budget : 0);
		if (gr > bt->info->budget)
			data_set(m, "over_budget", "yes");
	}
	l = data_set_list(m, "communes");
	for (j = 0; j < nc; j++) {
		x = data_list_add_map(l);
		data_set(x, "name", communes[j].name);
		data_setf(x, "count", "%d", communes[j].n);
	}
	data_setf(m, "communes_max", "%d", maxc);
	l = data_set_list(m, "rows");
	for (i = 0; i < bt->nrows; i++) {
		r = &bt->rows[i];
		x = data_list_add_map(l);
		data_set(x, "id", r->id != NULL ? r->id : "?");
		data_set(x, "applicant", r->applicant != NULL ? r->applicant :
		    "");
		data_set(x, "aid", r->aid != NULL ? r->aid : "");
		data_set(x, "verdict", r->verdict);
		data_set(x, "decision", r->decision);
		if (r->requested > 0) {
			buf_truncate(&b, 0);
			amount_format_fr(&b, r->requested);
			data_set(x, "requested", b.s);
		}
		if (r->granted >= 0) {
			buf_truncate(&b, 0);
			amount_format_fr(&b, r->granted);
			data_set(x, "granted", b.s);
		}
		if (r->error != NULL)
			data_set(x, "error", r->error);
		if (r->reasons != NULL && *r->reasons != '\0')
			data_set(x, "reasons", r->reasons);
	}
	free(communes);
	buf_free(&b);
	path = fs_join(bt->dir, bt->o->dump ? "report.dump" : "report.pdf");
	render_pdf(bt->render, bt->report, bt->data, path, bt->o->dump ?
	    RENDER_DUMP : RENDER_PRINT, NULL, bt->d);
	free(path);
}

/*
 * -j N: fork N workers before reading.  Each reads the round itself
 * (silently: the parent reports record errors), writes the documents of
 * every Nth application, and tells the parent through a pipe which
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
	size_t		 i;
	int		 fds[2], k, status;
	pid_t		 pid;

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
		/* The worker. */
		close(fds[0]);
		bt->worker = k;
		bt->nworkers = bt->o->jobs;
		bt->fail_fd = fds[1];
		null = fopen("/dev/null", "w");
		diag_init(&quiet, null != NULL ? null : stderr, 1);
		status = 0;
		if ((rr = round_open(bt->o->round_path, &quiet)) != NULL) {
			while (round_next(rr, &a) == 1) {
				process(bt, a);
				application_free(a);
			}
			round_close(rr);
		}
		status = bt->d->status;
		for (i = 0; i < bt->nrows; i++)
			row_free(&bt->rows[i]);
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
	struct row	*r;

	if ((f = fdopen(bt->fail_fd, "r")) != NULL) {
		while (fgets(line, sizeof(line), f) != NULL) {
			if (sscanf(line, "%zu %c", &idx, &kind) != 2 ||
			    idx >= bt->nrows)
				continue;
			r = &bt->rows[idx];
			if (kind == 'L') {
				free(r->letter);
				r->letter = NULL;
			} else {
				free(r->agreement);
				r->agreement = NULL;
			}
		}
		fclose(f);
	} else
		close(bt->fail_fd);
	for (k = 0; k < bt->jobs_started; k++) {
		if (waitpid(bt->pids[k], &status, 0) == -1)
			continue;
		if (WIFEXITED(status))
			diag_status(bt->d, WEXITSTATUS(status));
		else {
			diag_msg(bt->d, DIAG_ERROR, EX_SOFTWARE, NULL, 0, 0,
			    NULL, "worker %d died (signal %d)", k,
			    WIFSIGNALED(status) ? WTERMSIG(status) : 0);
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
	size_t			 i;
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
	if (!(o->what & BATCH_CHECK)) {
		bt.dir = fs_join(o->outdir, bt.info->id);
		if (fs_mkdirs(bt.dir, d) == -1 ||
		    (bt.lock = fs_lock(bt.dir, d)) == -1 ||
		    setup_render(&bt) == -1)
			goto out;
	}

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
		print_check(&bt);
	if (o->what & BATCH_REPORT) {
		write_csv(&bt);
		write_report(&bt);
	}
out:
	for (i = 0; i < bt.nrows; i++)
		row_free(&bt.rows[i]);
	free(bt.rows);
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
