/* xlsx.c: report.xlsx, the round's list for spreadsheets (libxlsxwriter). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include <xlsxwriter.h>

#include "atomic.h"
#include "call.h"
#include "diag.h"
#include "kinds.h"
#include "lazy.h"
#include "report.h"
#include "round.h"
#include "util.h"
#include "xlsx.h"

/* Like the report's PDF, the sheet is French whatever the locale. */
static const struct {
	const char	*head;
	double		 width;
} cols[] = {
	{ "N° dossier",		12 },
	{ "Structure",		36 },
	{ "Commune",		20 },
	{ "Aide",		16 },
	{ "Date de dépôt",	13 },
	{ "Montant demandé",	17 },
	{ "Avis",		12 },
	{ "Motifs",		32 },
	{ "Décision",		12 },
	{ "Date de décision",	15 },
	{ "Montant accordé",	17 },
	{ "Erreur",		60 },
};
#define NCOLS	(sizeof(cols) / sizeof(cols[0]))
#define ERRCOL	(NCOLS - 1)	/* "Erreur": after the kinds' columns */

static const char *
verdict_fr(const char *v)
{
	if (v == NULL || *v == '\0')
		return "";
	if (strcmp(v, "eligible") == 0)
		return "éligible";
	if (strcmp(v, "ineligible") == 0)
		return "inéligible";
	if (strcmp(v, "incomplete") == 0)
		return "incomplet";
	return v;
}

static const char *
decision_fr(const char *v)
{
	if (v == NULL || *v == '\0')
		return "";
	if (strcmp(v, "granted") == 0)
		return "Accordée";
	if (strcmp(v, "refused") == 0)
		return "Refusée";
	if (strcmp(v, "pending") == 0)
		return "En attente";
	return v;
}

/* Days from 1970-01-01 to a date (proleptic Gregorian). */
static long
days_from_civil(int y, int m, int d)
{
	long	 era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/*
 * libxlsxwriter (with libcrypto and minizip) is loaded when the first
 * report.xlsx is written, not at every start (lazy.h).
 */
#ifndef XLSX_SONAME
#define XLSX_SONAME	"libxlsxwriter.so.4"
#endif
#define XLSX_FUNCS \
	F(format_set_align) \
	F(format_set_bg_color) \
	F(format_set_bold) \
	F(format_set_bottom) \
	F(format_set_num_format) \
	F(format_set_text_wrap) \
	F(lxw_strerror) \
	F(workbook_add_format) \
	F(workbook_add_worksheet) \
	F(workbook_close) \
	F(workbook_new_opt) \
	F(workbook_set_properties) \
	F(worksheet_autofilter) \
	F(worksheet_freeze_panes) \
	F(worksheet_set_column) \
	F(worksheet_write_datetime) \
	F(worksheet_write_number) \
	F(worksheet_write_string)

static struct {
#define F(f)	__typeof__(f) *f;
	XLSX_FUNCS
#undef F
} lx;

static const struct lazy_sym lx_syms[] = {
#define F(f)	{ #f, (void *)&lx.f },
	XLSX_FUNCS
#undef F
};

static void
text(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *s,
    lxw_format *f)
{
	if (s != NULL && *s != '\0')
		lx.worksheet_write_string(ws, r, c, s, f);
}

static void
money(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, long long cents,
    lxw_format *f)
{
	if (cents >= 0)
		lx.worksheet_write_number(ws, r, c, (double)cents / 100.0, f);
}

static void
day(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const struct date *d,
    lxw_format *f)
{
	lxw_datetime	 dt;

	if (d->y == 0)
		return;
	memset(&dt, 0, sizeof(dt));
	dt.year = d->y;
	dt.month = d->m;
	dt.day = d->d;
	lx.worksheet_write_datetime(ws, r, c, &dt, f);
}

int
report_xlsx(const struct report *rp, const char *dir, struct diag *d)
{
	struct atomic		 a;
	struct buf		 path = BUF_INIT, name = BUF_INIT;
	lxw_workbook_options	 opt;
	lxw_doc_properties	 props;
	lxw_workbook		*wb;
	lxw_worksheet		*ws;
	lxw_format		*head, *eur, *date;
	const struct row	*r;
	lxw_error		 err;
	size_t			 i, k, nk;
	int			 rc = -1;
	const char		*why;
	static void		*lib;

	buf_printf(&path, "%s/report.xlsx", dir);
	if (lazy_load(XLSX_SONAME, &lib, lx_syms,
	    sizeof(lx_syms) / sizeof(lx_syms[0]), &why) == -1) {
		diag_msg(d, DIAG_ERROR, EX_SOFTWARE, path.s, 0, 0, NULL,
		    "cannot create: %s", why);
		buf_free(&path);
		return -1;
	}
	if (atomic_open(&a, path.s) == -1) {
		diag_msg(d, DIAG_ERROR, EX_CANTCREAT, path.s, 0, 0, NULL,
		    "cannot create: %s", strerror(errno));
		buf_free(&path);
		return -1;
	}
	/* libxlsxwriter writes the temporary file by its name; a.fd stays
	 * open on it for atomic_commit()'s fsync. */
	memset(&opt, 0, sizeof(opt));
	opt.constant_memory = 1;	/* rows are written as they come */
	if ((wb = lx.workbook_new_opt(a.tmp, &opt)) == NULL) {
		diag_msg(d, DIAG_ERROR, EX_CANTCREAT, path.s, 0, 0, NULL,
		    "cannot create: %s", strerror(errno));
		atomic_abort(&a);
		buf_free(&path);
		return -1;
	}
	memset(&props, 0, sizeof(props));
	props.title = "Rapport de session";
	props.company = (char *)(rp->call->issuer_name != NULL ?
	    rp->call->issuer_name : "");
	props.created = (time_t)days_from_civil(rp->today.y, rp->today.m,
	    rp->today.d) * 86400;
	lx.workbook_set_properties(wb, &props);

	buf_printf(&name, "Session %.20s", rp->info->id);
	ws = lx.workbook_add_worksheet(wb, name.s);
	head = lx.workbook_add_format(wb);
	lx.format_set_bold(head);
	lx.format_set_bg_color(head, 0xD9E1F2);
	lx.format_set_bottom(head, LXW_BORDER_THIN);
	lx.format_set_text_wrap(head);
	lx.format_set_align(head, LXW_ALIGN_VERTICAL_CENTER);
	eur = lx.workbook_add_format(wb);
	lx.format_set_num_format(eur, "#,##0.00\\ \"€\"");
	date = lx.workbook_add_format(wb);
	lx.format_set_num_format(date, "dd/mm/yyyy");

	nk = rp->kinds != NULL ? rp->kinds->n : 0;
	for (i = 0; i < NCOLS + nk; i++)
		lx.worksheet_set_column(ws, (lxw_col_t)i, (lxw_col_t)i,
		    i < ERRCOL ? cols[i].width : i < ERRCOL + nk ? 34 :
		    cols[ERRCOL].width, NULL);
	lx.worksheet_freeze_panes(ws, 1, 0);
	lx.worksheet_autofilter(ws, 0, 0, (lxw_row_t)rp->nrows,
	    (lxw_col_t)(NCOLS + nk - 1));
	for (i = 0; i < ERRCOL; i++)
		lx.worksheet_write_string(ws, 0, (lxw_col_t)i, cols[i].head, head);
	/* One column per document kind (templates/kinds.xml), then errors. */
	for (k = 0; k < nk; k++)
		lx.worksheet_write_string(ws, 0, (lxw_col_t)(ERRCOL + k),
		    rp->kinds->v[k].label != NULL ? rp->kinds->v[k].label :
		    rp->kinds->v[k].name, head);
	lx.worksheet_write_string(ws, 0, (lxw_col_t)(ERRCOL + nk),
	    cols[ERRCOL].head, head);
	for (i = 0; i < rp->nrows; i++) {
		lxw_row_t	 y = (lxw_row_t)(i + 1);

		r = report_row(rp, i);
		text(ws, y, 0, r->id, NULL);
		text(ws, y, 1, r->applicant, NULL);
		text(ws, y, 2, r->commune, NULL);
		text(ws, y, 3, r->aid, NULL);
		day(ws, y, 4, &r->received, date);
		money(ws, y, 5, r->requested, eur);
		text(ws, y, 6, verdict_fr(r->verdict), NULL);
		text(ws, y, 7, r->reasons, NULL);
		text(ws, y, 8, decision_fr(r->decision), NULL);
		day(ws, y, 9, &r->decided, date);
		money(ws, y, 10, r->granted, eur);
		for (k = 0; k < nk; k++)
			text(ws, y, (lxw_col_t)(ERRCOL + k),
			    r->docs != NULL ? r->docs[k] : NULL, NULL);
		text(ws, y, (lxw_col_t)(ERRCOL + nk), r->error, NULL);
	}
	if ((err = lx.workbook_close(wb)) != LXW_NO_ERROR) {
		diag_msg(d, DIAG_ERROR, EX_IOERR, path.s, 0, 0, NULL,
		    "cannot write: %s", lx.lxw_strerror(err));
		atomic_abort(&a);
	} else if (atomic_commit(&a) == -1)
		diag_msg(d, DIAG_ERROR, EX_IOERR, path.s, 0, 0, NULL,
		    "cannot write: %s", strerror(errno));
	else
		rc = 0;
	buf_free(&path);
	buf_free(&name);
	return rc;
}
