/* report.c: what the round report keeps of each application, and its three outputs: report.csv, the `check` table, the report's data. */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "amount.h"
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

void
report_free(struct report *rp)
{
	size_t	 i;

	for (i = 0; i < rp->nrows; i++)
		row_free(rp, &rp->rows[i]);
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
	if (rp->nrows == rp->maxrows) {
		rp->maxrows = rp->maxrows ? rp->maxrows * 2 : 64;
		rp->rows = xrealloc(rp->rows, rp->maxrows * sizeof(*rp->rows));
	}
	r = &rp->rows[rp->nrows++];
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
	int		 rc, *col, o;
	struct buf	 b = BUF_INIT, path = BUF_INIT;
	struct row	*r;
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
	for (j = 0; j < n; j++)
		buf_printf(&b, "%s%s", j ? "," : "", col[j] >= 0 ?
		    ks->v[col[j]].column : own_columns[-1 - col[j]]);
	buf_puts(&b, "\r\n");
	for (i = 0; i < rp->nrows; i++) {
		r = &rp->rows[i];
		for (j = 0; j < n; j++) {
			if (j > 0)
				buf_putc(&b, ',');
			if (col[j] >= 0)
				csv_field(&b, r->docs[col[j]]);
			else
				own_field(&b, r, -1 - col[j]);
		}
		buf_puts(&b, "\r\n");
	}
	free(col);
	buf_printf(&path, "%s/report.csv", dir);
	rc = fs_write_atomic(path.s, b.s, b.len, d);
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
	struct row	*r;
	size_t		 i, wid = 2, wname = 9, waid = 13;
	size_t		 n;
	int		 count[3] = { 0, 0, 0 }, nerr = 0;

	for (i = 0; i < rp->nrows; i++) {
		r = &rp->rows[i];
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
		r = &rp->rows[i];
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
