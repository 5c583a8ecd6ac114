/* batch.c: drive one round: read each application, decide, write its documents, then the report. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>

#include "amount.h"
#include "batch.h"
#include "call.h"
#include "csv.h"
#include "diag.h"
#include "fsutil.h"
#include "round.h"
#include "rules.h"
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
		diag_msg(bt->d, DIAG_ERROR, 1, a->file, a->line, a->col, a->id,
		    "%s", dec.error);
		r->verdict = xstrdup("");
		r->error = xstrdup(dec.error);
		decision_clear(&dec);
		return;
	}
	row_decision(r, &dec);
	if (dec.error != NULL) {
		diag_msg(bt->d, DIAG_ERROR, 1, a->file, a->line, a->col, a->id,
		    "%s", dec.error);
		r->error = xstrdup(dec.error);
	}
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
		if (fs_mkdirs(bt.dir, d) == -1)
			goto out;
	}

	while ((rc = round_next(rr, &a)) == 1) {
		process(&bt, a);
		application_free(a);
	}
	if (rc == -1)
		goto out;

	if (o->what & BATCH_CHECK)
		print_check(&bt);
	if (o->what & BATCH_REPORT)
		write_csv(&bt);
out:
	for (i = 0; i < bt.nrows; i++)
		row_free(&bt.rows[i]);
	free(bt.rows);
	free(bt.dir);
	call_free(bt.call);
	round_close(rr);
	return d->status;
}
