/* report.c: what the round report keeps of each application, and its three outputs: report.csv, the `check` table, the report's data. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

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

/* The most applications the report's PDF lists (report.csv has all). */
#define REPORT_ROWS	1000

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
	for (i = 0; i < dec->nreasons; i++) {
		re = &dec->reasons[i];
		buf_printf(&b, "%s%s", i ? ";" : "", re->cond->name);
		/* The report's PDF: the call's own words, not rule ids. */
		kb = re->kind == REASON_FAILED ? &fb : &mb;
		buf_printf(kb, "%s%s", kb->len ? " ; " : "", re->cond->label);
		buf_printf(&r->detail, "    %s %s: %s", re->kind ==
		    REASON_FAILED ? _("failed ") : _("missing"), re->cond->name,
		    re->cond->text);
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
	for (j = 0; j < n; j++)
		buf_printf(&b, "%s%s", j ? "," : "", col[j] >= 0 ?
		    ks->v[col[j]].column : own_columns[-1 - col[j]]);
	buf_puts(&b, "\r\n");
	for (i = 0; i < rp->nrows; i++) {
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

void
report_check(const struct report *rp, FILE *f)
{
	const struct row *r;
	size_t		 i, wid = 2, wname = 9;
	size_t		 n;
	int		 count[3] = { 0, 0, 0 }, nerr = 0;

	for (i = 0; i < rp->nrows; i++) {
		r = report_row(rp, i);
		if (r->id != NULL && (n = utf8_len(r->id)) > wid)
			wid = n;
		if (r->applicant != NULL && (n = utf8_len(r->applicant)) > wname)
			wname = n;
	}
	if (wname > 40)
		wname = 40;
	fprintf(f, ngettext("round %s (call %s): %zu application\n\n",
	    "round %s (call %s): %zu applications\n\n", rp->nrows),
	    rp->info->id, rp->call->id, rp->nrows);
	pad(f, _("ID"), wid + 2);
	pad(f, _("APPLICANT"), wname + 2);
	pad(f, _("AID"), 15);
	pad(f, _("VERDICT"), 12);
	fputs(_("REASONS\n"), f);
	for (i = 0; i < rp->nrows; i++) {
		r = report_row(rp, i);
		pad(f, r->id, wid + 2);
		pad(f, r->applicant, wname + 2);
		pad(f, r->aid, 15);
		pad(f, verdict_label(r->error != NULL && *r->verdict == '\0' ?
		    "error" : r->verdict), 12);
		fputs(r->reasons != NULL ? r->reasons : "", f);
		putc('\n', f);
		fputs(buf_str(&r->detail), f);
		if (r->error != NULL) {
			fprintf(f, _("    error: %s\n"), r->error);
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

/* Indices of tally.verdict and tally.decision. */
enum { V_ELIGIBLE, V_INELIGIBLE, V_INCOMPLETE, V_NONE };
enum { D_GRANTED, D_REFUSED, D_PENDING, D_NONE };

struct aid_sum {
	char		*id;		/* NULL: not given; the tally's copy */
	const char	*label;
	int		 n;
	long long	 requested;	/* cents */
	long long	 granted;	/* cents, grants that stand */
};

struct commune_sum {
	const char	*name;		/* the member commune's, or as written */
	char		*key;		/* fold_name(name): groups and sorts */
	char		*own;		/* name's copy when as written (rows
					 * may be read back one at a time) */
	int		 member;
	int		 n;
};

struct tally {
	int		 verdict[4];	/* V_*: V_NONE is an error record */
	int		 decision[4];	/* D_* */
	int		 nerr;		/* rows with an error */
	long long	 requested;	/* cents, every row */
	int		 ngranted;	/* grants that stand */
	long long	 granted;
	int		 nbad;		/* granted decisions in error */
	long long	 bad;
	struct aid_sum	*aids;
	size_t		 naids;
	struct commune_sum *communes;
	size_t		 ncommunes;
};

/* A grant that stands: granted, eligible, no error (it gets an agreement). */
static int
row_grant_stands(const struct row *r)
{
	return r->granted >= 0 && r->error == NULL &&
	    strcmp(r->verdict, "eligible") == 0;
}

static int
verdict_index(const char *v)
{
	if (strcmp(v, "eligible") == 0)
		return V_ELIGIBLE;
	if (strcmp(v, "ineligible") == 0)
		return V_INELIGIBLE;
	if (strcmp(v, "incomplete") == 0)
		return V_INCOMPLETE;
	return V_NONE;
}

static int
decision_index(const char *v)
{
	if (strcmp(v, "granted") == 0)
		return D_GRANTED;
	if (strcmp(v, "refused") == 0)
		return D_REFUSED;
	if (strcmp(v, "pending") == 0)
		return D_PENDING;
	return D_NONE;
}

/* The aid group of id (NULL: not given), added when new. */
static struct aid_sum *
tally_aid(struct tally *t, const char *id)
{
	struct aid_sum	*s;
	size_t		 i;

	for (i = 0; i < t->naids; i++)
		if (id == NULL ? t->aids[i].id == NULL :
		    t->aids[i].id != NULL && strcmp(t->aids[i].id, id) == 0)
			return &t->aids[i];
	t->aids = xrealloc(t->aids, (t->naids + 1) * sizeof(*t->aids));
	s = &t->aids[t->naids++];
	memset(s, 0, sizeof(*s));
	s->id = id != NULL ? xstrdup(id) : NULL;
	s->label = id != NULL ? s->id : "(aide non renseignée)";
	return s;
}

/* Count an applicant in its commune: the member commune when the name
 * matches one, else the name as written (outside the territory). */
static void
tally_commune(struct tally *t, const struct call *call, const char *city)
{
	const struct commune	*c;
	struct commune_sum	*s;
	char			*key;
	size_t			 i;

	if (city == NULL)
		city = "(commune non renseignée)";
	c = call_commune_by_name(call, city);
	key = c != NULL ? xstrdup(c->key) : fold_name(city);
	for (i = 0; i < t->ncommunes; i++)
		if (strcmp(t->communes[i].key, key) == 0) {
			t->communes[i].n++;
			free(key);
			return;
		}
	t->communes = xrealloc(t->communes, (t->ncommunes + 1) *
	    sizeof(*t->communes));
	s = &t->communes[t->ncommunes++];
	s->own = c != NULL ? NULL : xstrdup(city);
	s->name = c != NULL ? c->name : s->own;
	s->key = key;
	s->member = c != NULL;
	s->n = 1;
}

/* Most applicants first, then by name. */
static int
commune_cmp(const void *a, const void *b)
{
	const struct commune_sum *x = a, *y = b;

	if (x->n != y->n)
		return x->n > y->n ? -1 : 1;
	return strcmp(x->key, y->key);
}

static void
tally_rows(struct tally *t, const struct report *rp)
{
	const struct row *r;
	struct aid_sum	*s;
	size_t		 i;

	memset(t, 0, sizeof(*t));
	for (i = 0; i < rp->call->naids; i++) {
		s = tally_aid(t, rp->call->aids[i].id);
		s->label = rp->call->aids[i].label;
	}
	for (i = 0; i < rp->nrows; i++) {
		r = report_row(rp, i);
		t->verdict[verdict_index(r->verdict)]++;
		t->decision[decision_index(r->decision)]++;
		if (r->error != NULL)
			t->nerr++;
		s = tally_aid(t, r->aid);
		s->n++;
		if (r->requested > 0) {
			t->requested += r->requested;
			s->requested += r->requested;
		}
		if (row_grant_stands(r)) {
			t->ngranted++;
			t->granted += r->granted;
			s->granted += r->granted;
		} else if (r->granted >= 0) {
			t->nbad++;
			t->bad += r->granted;
		}
		tally_commune(t, rp->call, r->commune);
	}
	if (t->ncommunes > 1)
		qsort(t->communes, t->ncommunes, sizeof(*t->communes),
		    commune_cmp);
}

static void
tally_free(struct tally *t)
{
	size_t	 i;

	for (i = 0; i < t->ncommunes; i++) {
		free(t->communes[i].key);
		free(t->communes[i].own);
	}
	for (i = 0; i < t->naids; i++)
		free(t->aids[i].id);
	free(t->communes);
	free(t->aids);
}

/* map[key] = "8 000,00 €": always the cents, so that amounts set right
 * in a column line up on their decimal comma. */
static void
set_amount(struct data *m, const char *key, long long cents)
{
	struct buf	 b = BUF_INIT;
	size_t		 eur = strlen(UTF8_NNBSP "\xe2\x82\xac");

	amount_format_fr(&b, cents);
	if (cents % 100 == 0 && b.len > eur) {
		buf_truncate(&b, b.len - eur);
		buf_puts(&b, ",00" UTF8_NNBSP "\xe2\x82\xac");
	}
	data_set(m, key, b.s);
	buf_free(&b);
}

/* map[key] = "8000.00", a number for <bar>. */
static void
set_value(struct data *m, const char *key, long long cents)
{
	struct buf	 b = BUF_INIT;

	amount_format_plain(&b, cents);
	data_set(m, key, b.s);
	buf_free(&b);
}

/* map[key] = "44,1 %", "1 000 000,0 %": part of whole, rounded to a
 * tenth, thousands grouped. */
static void
set_percent(struct data *m, const char *key, long long part, long long whole)
{
	struct buf	 b = BUF_INIT;
	long long	 p;

	p = whole > 0 ? (part * 1000 + whole / 2) / whole : 0;
	text_thousands(&b, p / 10);
	buf_printf(&b, ",%lld" UTF8_NNBSP "%%", p % 10);
	data_set(m, key, b.s);
	buf_free(&b);
}

static int
max_int(const int *v, size_t n)
{
	size_t	 i;
	int	 m = 0;

	for (i = 0; i < n; i++)
		if (v[i] > m)
			m = v[i];
	return m;
}

/* round.{id, date?, edited, count, errors, requested, granted, budget…}. */
static void
report_totals(struct data *m, const struct report *rp, const struct tally *t)
{
	const struct round_info *ri = rp->info;
	struct buf	 b = BUF_INIT;

	data_set(m, "id", ri->id);
	if (date_is_set(&ri->date)) {
		date_format_fr(&b, &ri->date);
		data_set(m, "date", b.s);
		buf_truncate(&b, 0);
	}
	date_format_fr(&b, &rp->today);
	data_set(m, "edited", b.s);
	buf_free(&b);
	data_setf(m, "count", "%zu", rp->nrows);
	data_setf(m, "errors", "%d", t->nerr);
	set_amount(m, "requested", t->requested);
	set_value(m, "requested_value", t->requested);
	data_setf(m, "granted_count", "%d", t->ngranted);
	set_amount(m, "granted", t->granted);
	set_value(m, "granted_value", t->granted);
	set_percent(m, "granted_share", t->granted, t->requested);
	if (t->nbad > 0) {
		data_setf(m, "granted_errors", "%d", t->nbad);
		if (t->nbad == 1)	/* "1 décision", "2 décisions" */
			data_set(m, "granted_errors_one", "yes");
		set_amount(m, "granted_errors_amount", t->bad);
	}
	if (!ri->has_budget)
		return;
	set_amount(m, "budget", ri->budget);
	set_value(m, "budget_value", ri->budget);
	set_percent(m, "budget_used", t->granted, ri->budget);
	if (t->granted > ri->budget) {
		data_set(m, "over_budget", "yes");
		set_amount(m, "budget_over", t->granted - ri->budget);
	} else
		set_amount(m, "budget_left", ri->budget - t->granted);
}

/* round.verdicts, round.decisions (counts by key) and their maxima. */
static void
report_counts(struct data *m, const struct tally *t)
{
	struct data	*x;

	x = data_set_map(m, "verdicts");
	data_setf(x, "eligible", "%d", t->verdict[V_ELIGIBLE]);
	data_setf(x, "ineligible", "%d", t->verdict[V_INELIGIBLE]);
	data_setf(x, "incomplete", "%d", t->verdict[V_INCOMPLETE]);
	data_setf(x, "error", "%d", t->verdict[V_NONE]);
	data_setf(m, "verdicts_max", "%d", max_int(t->verdict, 4));
	x = data_set_map(m, "decisions");
	data_setf(x, "granted", "%d", t->decision[D_GRANTED]);
	data_setf(x, "refused", "%d", t->decision[D_REFUSED]);
	data_setf(x, "pending", "%d", t->decision[D_PENDING]);
	data_setf(x, "none", "%d", t->decision[D_NONE]);
	data_setf(m, "decisions_max", "%d", max_int(t->decision, 4));
}

/* round.aids, round.aids_max; round.communes, round.communes_max. */
static void
report_groups(struct data *m, const struct tally *t)
{
	struct data	*l, *x;
	long long	 amax = 0;
	size_t		 i;
	int		 cmax = 0;

	l = data_set_list(m, "aids");
	for (i = 0; i < t->naids; i++) {
		const struct aid_sum *s = &t->aids[i];

		x = data_list_add_map(l);
		data_set(x, "id", s->id);
		data_set(x, "label", s->label);
		data_setf(x, "count", "%d", s->n);
		set_amount(x, "requested", s->requested);
		set_value(x, "requested_value", s->requested);
		set_amount(x, "granted", s->granted);
		set_value(x, "granted_value", s->granted);
		if (s->requested > amax)
			amax = s->requested;
		if (s->granted > amax)
			amax = s->granted;
	}
	set_value(m, "aids_max", amax);
	l = data_set_list(m, "communes");
	for (i = 0; i < t->ncommunes; i++) {
		const struct commune_sum *s = &t->communes[i];

		x = data_list_add_map(l);
		data_set(x, "name", s->name);
		data_setf(x, "count", "%d", s->n);
		data_set(x, "member", s->member ? "yes" : "");
		if (s->n > cmax)
			cmax = s->n;
	}
	data_setf(m, "ncommunes", "%zu", t->ncommunes);
	data_setf(m, "communes_max", "%d", cmax);
}

/* round.rows: one entry per application, in file order. */
static void
report_rows(struct data *m, const struct report *rp)
{
	const struct aid *aid;
	const struct row *r;
	struct data	*l, *x;
	size_t		 i, nerr = 0, room, listed_err = 0, omitted = 0;

	/*
	 * The PDF lists at most REPORT_ROWS applications (a report of
	 * 100 000 would be thousands of pages and gigabytes in layout): every
	 * record with an error first, then the others in file order while
	 * room remains; report.csv always has them all.
	 */
	for (i = 0; i < rp->nrows; i++)
		if (report_row(rp, i)->error != NULL)
			nerr++;
	room = nerr < REPORT_ROWS ? REPORT_ROWS - nerr : 0;
	l = data_set_list(m, "rows");
	for (i = 0; i < rp->nrows; i++) {
		r = report_row(rp, i);
		if (r->error == NULL) {
			if (room == 0) {
				omitted++;
				continue;
			}
			room--;
		} else if (listed_err++ >= REPORT_ROWS) {
			omitted++;
			continue;
		}
		x = data_list_add_map(l);
		data_set(x, "id", r->id != NULL ? r->id : "?");
		data_set(x, "applicant", r->applicant);
		data_set(x, "commune", r->commune);
		aid = r->aid != NULL ? call_aid(rp->call, r->aid) : NULL;
		data_set(x, "aid", r->aid);
		data_set(x, "aid_label", aid != NULL ? aid->label : r->aid);
		data_set(x, "aid_short", aid == NULL ? r->aid :
		    aid->short_label != NULL ? aid->short_label : aid->label);
		data_set(x, "verdict", r->verdict);
		data_set(x, "decision", r->decision);
		if (r->requested > 0)
			set_amount(x, "requested", r->requested);
		if (r->granted >= 0)
			set_amount(x, "granted", r->granted);
		if (r->granted >= 0 && !row_grant_stands(r))
			data_set(x, "granted_void", "yes");
		if (r->capped >= 0)
			set_amount(x, "capped", r->capped);
		if (r->error != NULL)
			data_set(x, "error", r->error);
		if (r->reasons != NULL && *r->reasons != '\0')
			data_set(x, "reasons", r->reasons);
		if (r->failed != NULL)
			data_set(x, "failed", r->failed);
		if (r->missing != NULL)
			data_set(x, "missing", r->missing);
	}
	if (omitted > 0) {
		data_setf(m, "rows_listed", "%zu", rp->nrows - omitted);
		data_setf(m, "rows_omitted", "%zu", omitted);
	}
}

static void
warn_over_budget(const struct report *rp, long long granted,
    struct diag *d)
{
	struct buf	 g = BUF_INIT, b = BUF_INIT;

	amount_format_plain(&g, granted);
	amount_format_plain(&b, rp->info->budget);
	diag_msg(d, DIAG_WARNING, 0, rp->info->file, 0, 0, NULL,
	    "round %s: %s granted exceeds the budget of %s", rp->info->id,
	    g.s, b.s);
	buf_free(&g);
	buf_free(&b);
}

/*
 * The round report.  Its data, the "round" map, is tallied from the rows
 * (amounts "8 000 €" unless said otherwise; *_value and *_max are plain
 * numbers for <bar>):
 *   id, date? (the round's), edited (--date), count, errors (rows with an
 *   error), requested, requested_value, granted (grants that stand: granted,
 *   eligible, no error), granted_value, granted_count, granted_share
 *   ("21,3 %" of requested), granted_errors? and granted_errors_amount?
 *   (granted decisions in error, not counted), budget?, budget_value?,
 *   budget_used? ("44,0 %"), over_budget? ("yes"), budget_over? or
 *   budget_left?;
 *   verdicts.{eligible, ineligible, incomplete, error}, verdicts_max;
 *   decisions.{granted, refused, pending, none}, decisions_max;
 *   aids (the call's in order, then others) .{id, label, count, requested,
 *   requested_value, granted, granted_value}, aids_max;
 *   communes (most applicants first) .{name, count, member ("yes" for a
 *   member commune)}, ncommunes, communes_max;
 *   rows (file order) .{id, applicant, commune, aid, aid_label,
 *   aid_short (the call's short-label, else the label), verdict
 *   ("" for an error record), decision, requested?, granted?,
 *   granted_void? ("yes": granted but in error), capped?, error?, reasons?
 *   (rule names joined by ';'), failed?, missing? (the conditions' texts,
 *   in the call's words, joined by " ; ")}.
 */

void
report_data(const struct report *rp, struct data *root, struct diag *d)
{
	struct tally	 t;
	struct data	*m;

	tally_rows(&t, rp);
	if (rp->info->has_budget && t.granted > rp->info->budget)
		warn_over_budget(rp, t.granted, d);
	m = data_set_map(root, "round");
	report_totals(m, rp, &t);
	report_counts(m, &t);
	report_groups(m, &t);
	report_rows(m, rp);
	tally_free(&t);
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
	for (k = 0; k < rp->kinds->n; k++)
		put_str(b, r->docs[k]);
	buf_add(b, (const char *)&r->requested, sizeof(r->requested));
	buf_add(b, (const char *)&r->capped, sizeof(r->capped));
	buf_add(b, (const char *)&r->granted, sizeof(r->granted));
	buf_add(b, (const char *)&r->received, sizeof(r->received));
	buf_add(b, (const char *)&r->decided, sizeof(r->decided));
	len = (uint32_t)(b->len - start - sizeof(len));
	memcpy(b->s + start, &len, sizeof(len));
}

/* Write out the complete rows held, once there are more than after. */
static void
spill_some(struct report *rp)
{
	struct spill	*sp = rp->spill;
	struct buf	 b = BUF_INIT;
	size_t		 held, i, done = 0;
	ssize_t		 w;

	if (sp == NULL || sp->fd == -1 || (held = rp->nrows - sp->n) <
	    sp->after)
		return;
	for (i = 0; i < held; i++)
		put_row(rp, &b, &rp->rows[i]);
	while (done < b.len) {
		w = pwrite(sp->fd, b.s + done, b.len - done,
		    sp->end + (off_t)done);
		if (w == -1 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		done += (size_t)w;
	}
	if (done < b.len) {
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
	size_t	 done = 0;
	ssize_t	 r;

	while (done < n) {
		r = pread(sp->fd, dst + done, n - done, off + (off_t)done);
		if (r == -1 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		done += (size_t)r;
	}
	return 0;
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
	    get_str(&p, end, &r->error) == -1)
		rc = -1;
	for (k = 0; rc == 0 && k < rp->kinds->n; k++)
		rc = get_str(&p, end, &r->docs[k]);
	if (rc == -1 ||
	    get_raw(&p, end, &r->requested, sizeof(r->requested)) == -1 ||
	    get_raw(&p, end, &r->capped, sizeof(r->capped)) == -1 ||
	    get_raw(&p, end, &r->granted, sizeof(r->granted)) == -1 ||
	    get_raw(&p, end, &r->received, sizeof(r->received)) == -1 ||
	    get_raw(&p, end, &r->decided, sizeof(r->decided)) == -1)
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
