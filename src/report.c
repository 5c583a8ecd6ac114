/* report.c: what the round report keeps of each application, and its three outputs: report.csv, the `check` table, the report's data. */
#include <assert.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "amount.h"
#include "atomic.h"
#include "call.h"
#include "csv.h"
#include "data.h"
#include "date.h"
#include "diag.h"
#include "fold.h"
#include "fsutil.h"
#include "kinds.h"
#include "i18n.h"
#include "report.h"
#include "round.h"
#include "rules.h"
#include "text.h"
#include "util.h"

static void
row_free(const struct report *rp, struct row *r)
{
	size_t	 k;

	for (k = 0; r->docs != NULL && k < rp->kinds->n; k++)
		free(r->docs[k]);
	free(r->docs);
	free(r->id);
	free(r->applicant);
	free(r->commune);
	free(r->aid);
	free(r->verdict);
	free(r->reasons);
	free(r->failed);
	free(r->missing);
	free(r->decision);
	free(r->error);
	free(r->error_local);
	buf_free(&r->detail);
}

static char *
dup0(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

void
report_init(struct report *rp, const struct call *call,
    const struct round_info *info, const struct kinds *kinds,
    const struct date *today)
{
	memset(rp, 0, sizeof(*rp));
	rp->kinds = kinds;
	rp->keep = 1;
	rp->call = call;
	rp->info = info;
	rp->today = *today;
}

static size_t spilled(const struct report *);
static void spill_some(struct report *);
static void spill_free(struct report *);

void
report_free(struct report *rp)
{
	size_t	 i;

	for (i = spilled(rp); i < rp->nrows; i++)
		row_free(rp, &rp->rows[i - spilled(rp)]);
	spill_free(rp);
	free(rp->rows);
	rp->rows = NULL;
	rp->nrows = rp->maxrows = 0;
}

struct row *
report_add(struct report *rp, const struct application *a)
{
	struct row	*r;

	rp->count++;
	if (!rp->keep && rp->nrows > 0) {
		/* Not reporting: one row at a time, memory stays flat. */
		row_free(rp, &rp->rows[0]);
		rp->nrows = 0;
	}
	spill_some(rp);		/* the rows before this one are complete */
	if (rp->nrows - spilled(rp) == rp->maxrows) {
		rp->maxrows = rp->maxrows ? rp->maxrows * 2 : 64;
		rp->rows = xrealloc(rp->rows, rp->maxrows * sizeof(*rp->rows));
	}
	r = &rp->rows[rp->nrows++ - spilled(rp)];
	memset(r, 0, sizeof(*r));
	r->docs = xcalloc(rp->kinds->n + 1, sizeof(*r->docs));
	r->id = dup0(a->id);
	r->applicant = dup0(a->name);
	r->commune = dup0(a->city);
	r->aid = dup0(a->aid);
	r->requested = a->requested;
	r->decision = xstrdup(decision_status_name(a->decision));
	r->granted = a->decision == DEC_GRANTED ? a->granted : -1;
	r->verdict_id = -1;
	r->decision_id = a->decision;
	r->capped = -1;
	r->received = a->received;
	r->decided = a->decision_date;
	return r;
}

void
report_decision(struct row *r, const struct decision *dec)
{
	struct buf	 b = BUF_INIT, fb = BUF_INIT, mb = BUF_INIT, *kb;
	size_t		 i;
	const struct reason *re;

	r->verdict = xstrdup(verdict_name(dec->verdict));
	r->verdict_id = dec->verdict;
	for (i = 0; i < dec->nreasons; i++) {
		re = &dec->reasons[i];
		buf_printf(&b, "%s%s", i ? ";" : "", re->cond->name);
		/* The report's PDF: the call's own words, not rule ids. */
		kb = re->kind == REASON_FAILED ? &fb : &mb;
		buf_printf(kb, "%s%s", kb->len ? " ; " : "", re->cond->label);
		/* check's table: the call's words, no rule id (report.csv
		 * keeps the ids in its reasons column). */
		buf_printf(&r->detail, re->kind == REASON_FAILED ?
		    _("    fails: %s") : _("    lacks: %s"), re->cond->text);
		if (re->detail != NULL)
			buf_printf(&r->detail, " (%s)", re->detail);
		if (re->missing != NULL)
			buf_printf(&r->detail, _(" (to provide: %s)"),
			    re->missing);
		buf_putc(&r->detail, '\n');
	}
	if (dec->capped) {
		r->capped = dec->capped_amount;
		buf_puts(&r->detail, _("    capped: request above the maximum "
		    "of "));
		if (i18n_french())
			amount_format_fr(&r->detail, dec->capped_amount);
		else
			amount_format_plain(&r->detail, dec->capped_amount);
		buf_putc(&r->detail, '\n');
	}
	r->reasons = buf_detach(&b);
	r->failed = fb.len ? buf_detach(&fb) : NULL;
	r->missing = mb.len ? buf_detach(&mb) : NULL;
	buf_free(&fb);
	buf_free(&mb);
}

static void
amount_field(struct buf *b, long long cents)
{
	if (cents >= 0)
		amount_format_plain(b, cents);
}

/* The report's own columns, in the contract's order. */
static const char *const own_columns[] = {
	"id", "applicant", "commune", "aid", "requested", "verdict", "reasons",
	"decision", "granted", "error", NULL
};

static int
own_column(const char *name)
{
	int	 i;

	for (i = 0; own_columns[i] != NULL; i++)
		if (strcmp(own_columns[i], name) == 0)
			return i;
	return -1;
}

static int
kind_column(const struct kinds *ks, const char *name)
{
	size_t	 k;

	for (k = 0; k < ks->n; k++)
		if (strcmp(ks->v[k].column, name) == 0)
			return (int)k;
	return -1;
}

int
report_columns_check(const struct kinds *ks, struct diag *d)
{
	char	**c;

	for (c = ks->columns; *c != NULL; c++)
		if (own_column(*c) < 0 && kind_column(ks, *c) < 0) {
			diag_msg(d, DIAG_ERROR, EX_DATAERR, ks->file, 0, 0,
			    NULL, "<report columns>: '%s' is neither a column "
			    "of the report nor a kind's", *c);
			return -1;
		}
	return 0;
}

/* One field of row r: the report's own column i. */
static void
own_field(struct buf *b, const struct row *r, int i)
{
	switch (i) {
	case 0: csv_field(b, r->id); break;
	case 1: csv_field(b, r->applicant); break;
	case 2: csv_field(b, r->commune); break;
	case 3: csv_field(b, r->aid); break;
	case 4: amount_field(b, r->requested); break;
	case 5: csv_field(b, r->verdict); break;
	case 6: csv_field(b, r->reasons); break;
	case 7: csv_field(b, r->decision); break;
	case 8: amount_field(b, r->granted); break;
	default: csv_field(b, r->error); break;
	}
}

int
report_csv(const struct report *rp, const char *dir, struct diag *d)
{
	const struct kinds *ks = rp->kinds;
	struct atomic	 a;
	int		 rc, *col, o;
	struct buf	 b = BUF_INIT, path = BUF_INIT;
	const struct row *r;
	size_t		 i, j, n = 0;
	char		**c;

	/* col[j]: >= 0 a kind, < 0 the own column -1 - col[j]. */
	col = xcalloc(ks->n + 16, sizeof(*col));
	for (c = ks->columns; *c != NULL; c++) {
		o = kind_column(ks, *c);
		col[n++] = o >= 0 ? o : -1 - own_column(*c);
	}
	if (n == 0)
		for (i = 0; own_columns[i] != NULL; i++)
			col[n++] = -1 - (int)i;
	for (i = 0; i < ks->n; i++) {
		for (j = 0; j < n && col[j] != (int)i; j++)
			;
		if (j == n)
			col[n++] = (int)i;
	}
	/* Each own column and each kind's at most once (kinds.c). */
	assert(n <= ks->n + sizeof(own_columns) / sizeof(own_columns[0]) - 1);
	buf_printf(&path, "%s/report.csv", dir);
	if (atomic_open(&a, path.s) == -1) {
		diag_msg(d, DIAG_ERROR, EX_CANTCREAT, path.s, 0, 0, NULL,
		    "cannot create: %s", strerror(errno));
		free(col);
		buf_free(&path);
		return -1;
	}
	for (j = 0; j < n; j++)
		buf_printf(&b, "%s%s", j ? "," : "", col[j] >= 0 ?
		    ks->v[col[j]].column : own_columns[-1 - col[j]]);
	buf_puts(&b, "\r\n");
	/* Written in 64 KB pieces: a round of 100 000 makes 17 MB. */
	rc = 0;
	for (i = 0; rc == 0 && i < rp->nrows; i++) {
		r = report_row(rp, i);
		for (j = 0; j < n; j++) {
			if (j > 0)
				buf_putc(&b, ',');
			if (col[j] >= 0)
				csv_field(&b, r->docs[col[j]]);
			else
				own_field(&b, r, -1 - col[j]);
		}
		buf_puts(&b, "\r\n");
		if (b.len >= 65536) {
			rc = atomic_write(&a, b.s, b.len);
			buf_truncate(&b, 0);
		}
	}
	free(col);
	if (rc == -1 || atomic_write(&a, b.s, b.len) == -1 ||
	    atomic_commit(&a) == -1) {
		diag_msg(d, DIAG_ERROR, EX_IOERR, path.s, 0, 0, NULL,
		    "cannot write: %s", strerror(errno));
		atomic_abort(&a);
		rc = -1;
	}
	buf_free(&path);
	buf_free(&b);
	return rc;
}

/* Pad s with spaces to w code points, cutting it with "…" when longer. */
static void
pad(FILE *f, const char *s, size_t w)
{
	size_t	 n = 0, len;

	if (s == NULL)
		s = "";
	/* Cut at w - 2 code points, with an ellipsis, to keep columns. */
	if (utf8_len(s) + 1 > w) {
		for (; *s != '\0' && n + 3 < w; s += len, n++) {
			utf8_decode(s, strlen(s), &len);
			fwrite(s, 1, len, f);
		}
		fputs("…", f);
		n++;
	} else {
		fputs(s, f);
		n = utf8_len(s);
	}
	for (; n < w; n++)
		putc(' ', f);
}

/* A verdict in check's table, in the user's language. */
static const char *
verdict_label(const char *v)
{
	static const char *const names[] = {
		N_("eligible"), N_("ineligible"), N_("incomplete"), N_("error")
	};
	size_t	 i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(v, names[i]) == 0)
			return _(names[i]);
	return v;
}

/* The aid in check's table: its short label in the call ("Démarrage"),
 * else what the record says. */
static const char *
check_aid(const struct report *rp, const struct row *r)
{
	const struct aid *aid;

	if (r->aid == NULL)
		return "";
	if ((aid = call_aid(rp->call, r->aid)) == NULL)
		return r->aid;
	return aid->short_label != NULL ? aid->short_label : aid->label;
}

void
report_check(const struct report *rp, FILE *f)
{
	const struct row *r;
	size_t		 i, wid = 2, wname = 9, waid = 13;
	size_t		 n;
	int		 count[3] = { 0, 0, 0 }, nerr = 0;

	for (i = 0; i < rp->nrows; i++) {
		r = report_row(rp, i);
		if (r->id != NULL && (n = utf8_len(r->id)) > wid)
			wid = n;
		if (r->applicant != NULL && (n = utf8_len(r->applicant)) > wname)
			wname = n;
		if ((n = utf8_len(check_aid(rp, r))) > waid)
			waid = n;
	}
	if (wname > 40)
		wname = 40;
	fprintf(f, ngettext("round %s (call %s): %zu application\n\n",
	    "round %s (call %s): %zu applications\n\n", rp->nrows),
	    rp->info->id, rp->call->id, rp->nrows);
	pad(f, _("ID"), wid + 2);
	pad(f, _("APPLICANT"), wname + 2);
	pad(f, _("AID"), waid + 2);
	pad(f, _("VERDICT"), 12);
	fputs(_("REASONS\n"), f);
	for (i = 0; i < rp->nrows; i++) {
		r = report_row(rp, i);
		pad(f, r->id, wid + 2);
		pad(f, r->applicant, wname + 2);
		pad(f, check_aid(rp, r), waid + 2);
		pad(f, verdict_label(r->error != NULL && *r->verdict == '\0' ?
		    "error" : r->verdict), 12);
		/* The conditions' labels (the call's words), failed first. */
		fprintf(f, "%s%s%s", r->failed != NULL ? r->failed : "",
		    r->failed != NULL && r->missing != NULL ? " ; " : "",
		    r->missing != NULL ? r->missing : "");
		putc('\n', f);
		fputs(buf_str(&r->detail), f);
		if (r->error != NULL) {
			fprintf(f, _("    error: %s\n"), r->error_local != NULL ?
			    r->error_local : r->error);
			nerr++;
		}
		if (*r->verdict == 'e')
			count[0]++;
		else if (*r->verdict == 'i' && r->verdict[2] == 'e')
			count[1]++;
		else if (*r->verdict == 'i')
			count[2]++;
	}
	fprintf(f, _("\n%d eligible, %d ineligible, %d incomplete, %d with "
	    "errors\n"), count[0], count[1], count[2], nerr);
}

int
report_grant_stands(const struct report *rp, const struct row *r)
{
	assert(rp->kinds != NULL);
	if (r->granted < 0 || r->error != NULL || r->verdict_id < 0)
		return 0;
	/* No error: the decision agrees with the rules. */
	return rp->kinds->grants == NULL || kind_wants(rp->kinds->grants,
	    r->verdict_id, r->decision_id, 1);
}

/* ---- Rows spilled to a file ------------------------------------------- */

struct spill {
	int		 fd;		/* -1: stopped spilling (rows in memory) */
	size_t		 n;		/* rows [0, n) are in the file */
	size_t		 after;		/* rows held before spilling some */
	off_t		 end;		/* bytes written */
	/* Reading back. */
	off_t		 at;		/* where row next is */
	size_t		 next;
	struct row	 cur;		/* the row read last */
	int		 have;
	int		 lost;
	struct buf	 b;
	/* -j failures of spilled rows: (row, kind) pairs. */
	size_t		*fails;
	size_t		 nfails;
};

static size_t
spilled(const struct report *rp)
{
	return rp->spill != NULL ? rp->spill->n : 0;
}

void
report_spill(struct report *rp, const char *dir, size_t after)
{
	struct spill	*sp;
	char		*path;
	int		 fd;

	if (rp->spill != NULL || !rp->keep)
		return;
	/* Beside the documents, where there is room; unlinked at once,
	 * so that nothing is left whatever happens to the run. */
	path = fs_join(dir, ".report-rows.XXXXXX");
	if ((fd = mkstemp(path)) != -1)
		(void)unlink(path);
	free(path);
	if (fd == -1)
		return;
	sp = xcalloc(1, sizeof(*sp));
	sp->fd = fd;
	sp->after = after > 0 ? after : 1;
	rp->spill = sp;
}

static void
put_u32(struct buf *b, uint32_t v)
{
	buf_add(b, (const char *)&v, sizeof(v));
}

static void
put_str(struct buf *b, const char *s)
{
	size_t	 n;

	if (s == NULL) {
		put_u32(b, UINT32_MAX);
		return;
	}
	n = strlen(s);
	put_u32(b, (uint32_t)n);
	buf_add(b, s, n);
}

static void
put_row(const struct report *rp, struct buf *b, const struct row *r)
{
	size_t	 k, start = b->len;
	uint32_t len;

	put_u32(b, 0);			/* the record's length, below */
	put_str(b, r->id);
	put_str(b, r->applicant);
	put_str(b, r->commune);
	put_str(b, r->aid);
	put_str(b, r->verdict);
	put_str(b, r->reasons);
	put_str(b, r->failed);
	put_str(b, r->missing);
	put_str(b, r->decision);
	put_str(b, r->error);
	put_str(b, r->error_local);
	for (k = 0; k < rp->kinds->n; k++)
		put_str(b, r->docs[k]);
	buf_add(b, (const char *)&r->requested, sizeof(r->requested));
	buf_add(b, (const char *)&r->capped, sizeof(r->capped));
	buf_add(b, (const char *)&r->granted, sizeof(r->granted));
	buf_add(b, (const char *)&r->received, sizeof(r->received));
	buf_add(b, (const char *)&r->decided, sizeof(r->decided));
	buf_add(b, (const char *)&r->verdict_id, sizeof(r->verdict_id));
	buf_add(b, (const char *)&r->decision_id, sizeof(r->decision_id));
	len = (uint32_t)(b->len - start - sizeof(len));
	memcpy(b->s + start, &len, sizeof(len));
}

/* Write out the complete rows held, once there are more than after. */
static void
spill_some(struct report *rp)
{
	struct spill	*sp = rp->spill;
	struct buf	 b = BUF_INIT;
	size_t		 held, i;

	if (sp == NULL || sp->fd == -1 || (held = rp->nrows - sp->n) <
	    sp->after)
		return;
	for (i = 0; i < held; i++)
		put_row(rp, &b, &rp->rows[i]);
	if (fs_write_all(sp->fd, b.s, b.len, sp->end) < b.len) {
		/* A full disk: keep these rows, and the next, in memory. */
		if (ftruncate(sp->fd, sp->end) == -1) {
			/* Harmless: rows are only read up to end. */
		}
		buf_free(&b);
		sp->after = SIZE_MAX;	/* the file still has those before */
		return;
	}
	sp->end += (off_t)b.len;
	buf_free(&b);
	for (i = 0; i < held; i++)
		row_free(rp, &rp->rows[i]);
	sp->n += held;
}

static int
get_u32(const char **p, const char *end, uint32_t *v)
{
	if ((size_t)(end - *p) < sizeof(*v))
		return -1;
	memcpy(v, *p, sizeof(*v));
	*p += sizeof(*v);
	return 0;
}

static int
get_str(const char **p, const char *end, char **s)
{
	uint32_t n;

	if (get_u32(p, end, &n) == -1)
		return -1;
	if (n == UINT32_MAX) {
		*s = NULL;
		return 0;
	}
	if ((size_t)(end - *p) < n)
		return -1;
	*s = xstrndup(*p, n);
	*p += n;
	return 0;
}

static int
get_raw(const char **p, const char *end, void *v, size_t n)
{
	if ((size_t)(end - *p) < n)
		return -1;
	memcpy(v, *p, n);
	*p += n;
	return 0;
}

/* Read n bytes at off; 0 or -1. */
static int
spill_read(struct spill *sp, off_t off, char *dst, size_t n)
{
	return fs_pread_all(sp->fd, dst, n, off) == (ssize_t)n ? 0 : -1;
}

/* The row at sp->at into sp->cur; 0 or -1. */
static int
spill_next(const struct report *rp, struct spill *sp)
{
	struct row	*r = &sp->cur;
	const char	*p, *end;
	uint32_t	 len;
	size_t		 k;
	int		 rc = 0;

	if (sp->have)
		row_free(rp, r);
	memset(r, 0, sizeof(*r));
	sp->have = 1;
	r->docs = xcalloc(rp->kinds->n + 1, sizeof(*r->docs));
	if (spill_read(sp, sp->at, (char *)&len, sizeof(len)) == -1)
		return -1;
	buf_truncate(&sp->b, 0);
	buf_grow(&sp->b, len);
	if (spill_read(sp, sp->at + (off_t)sizeof(len), sp->b.s, len) == -1)
		return -1;
	p = sp->b.s;
	end = p + len;
	if (get_str(&p, end, &r->id) == -1 ||
	    get_str(&p, end, &r->applicant) == -1 ||
	    get_str(&p, end, &r->commune) == -1 ||
	    get_str(&p, end, &r->aid) == -1 ||
	    get_str(&p, end, &r->verdict) == -1 ||
	    get_str(&p, end, &r->reasons) == -1 ||
	    get_str(&p, end, &r->failed) == -1 ||
	    get_str(&p, end, &r->missing) == -1 ||
	    get_str(&p, end, &r->decision) == -1 ||
	    get_str(&p, end, &r->error) == -1 ||
	    get_str(&p, end, &r->error_local) == -1)
		rc = -1;
	for (k = 0; rc == 0 && k < rp->kinds->n; k++)
		rc = get_str(&p, end, &r->docs[k]);
	if (rc == -1 ||
	    get_raw(&p, end, &r->requested, sizeof(r->requested)) == -1 ||
	    get_raw(&p, end, &r->capped, sizeof(r->capped)) == -1 ||
	    get_raw(&p, end, &r->granted, sizeof(r->granted)) == -1 ||
	    get_raw(&p, end, &r->received, sizeof(r->received)) == -1 ||
	    get_raw(&p, end, &r->decided, sizeof(r->decided)) == -1 ||
	    get_raw(&p, end, &r->verdict_id, sizeof(r->verdict_id)) == -1 ||
	    get_raw(&p, end, &r->decision_id, sizeof(r->decision_id)) == -1)
		return -1;
	sp->at += (off_t)(sizeof(len) + len);
	sp->next++;
	return 0;
}

const struct row *
report_row(const struct report *rp, size_t i)
{
	struct spill	*sp = rp->spill;
	size_t		 j, k;

	if (i >= spilled(rp))
		return &rp->rows[i - spilled(rp)];
	if (i < sp->next || !sp->have) {
		sp->at = 0;
		sp->next = 0;
	}
	while (sp->next <= i)
		if (spill_next(rp, sp) == -1) {
			/* An empty row, and no report from it. */
			sp->lost = 1;
			row_free(rp, &sp->cur);
			memset(&sp->cur, 0, sizeof(sp->cur));
			sp->cur.docs = xcalloc(rp->kinds->n + 1,
			    sizeof(*sp->cur.docs));
			sp->cur.requested = sp->cur.capped = -1;
			sp->cur.granted = -1;
			sp->next = i + 1;
			sp->at = sp->end;	/* the next read starts over */
			sp->have = 0;
			return &sp->cur;
		}
	for (j = 0; j < sp->nfails; j++)
		if (sp->fails[2 * j] == i) {
			k = sp->fails[2 * j + 1];
			free(sp->cur.docs[k]);
			sp->cur.docs[k] = NULL;
		}
	return &sp->cur;
}

void
report_fail(struct report *rp, size_t i, size_t k)
{
	struct spill	*sp = rp->spill;
	struct row	*r;

	if (i >= rp->nrows || k >= rp->kinds->n)
		return;
	if (i >= spilled(rp)) {
		r = &rp->rows[i - spilled(rp)];
		free(r->docs[k]);
		r->docs[k] = NULL;
		return;
	}
	sp->fails = xrealloc(sp->fails, (sp->nfails + 1) * 2 *
	    sizeof(*sp->fails));
	sp->fails[2 * sp->nfails] = i;
	sp->fails[2 * sp->nfails + 1] = k;
	sp->nfails++;
}

int
report_lost(const struct report *rp)
{
	return rp->spill != NULL && rp->spill->lost;
}

static void
spill_free(struct report *rp)
{
	struct spill	*sp = rp->spill;

	if (sp == NULL)
		return;
	if (sp->have)
		row_free(rp, &sp->cur);
	if (sp->fd != -1)
		close(sp->fd);
	buf_free(&sp->b);
	free(sp->fails);
	free(sp);
	rp->spill = NULL;
}
