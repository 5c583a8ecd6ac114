/* export.c: `essdocs export`: a round's applications as the staff's sheet, that `import` reads back. */
#include <stdlib.h>
#include <string.h>

#include "call.h"
#include "date.h"
#include "diag.h"
#include "fsutil.h"
#include "import.h"
#include "round.h"
#include "sheet.h"
#include "util.h"

/* 31/01/2019 */
static void
date_fr(struct buf *b, const struct date *d)
{
	if (date_is_set(d))
		buf_printf(b, "%02d/%02d/%04d", d->d, d->m, d->y);
}

/* 9000,00: a number French spreadsheets read as one. */
static void
amount_fr(struct buf *b, long long cents)
{
	if (cents > 0)
		buf_printf(b, "%lld,%02lld", cents / 100, cents % 100);
}

static const char *
yes_no(enum tristate t)
{
	return t == TRI_YES ? "Oui" : t == TRI_NO ? "Non" : "";
}

static const char *
decision_fr(enum decision_status s)
{
	switch (s) {
	case DEC_GRANTED:
		return "Accordée";
	case DEC_REFUSED:
		return "Refusée";
	case DEC_PENDING:
		return "En attente";
	default:
		return "";
	}
}

/*
 * row: one application.  With the call, the legal form and the aid are
 * written in the call's words ("société coopérative et participative
 * (SCOP)", "Aide au démarrage"), which import reads back through the same
 * call; without it, their ids (import reads those too).
 */
static void
row(struct buf *b, const struct application *a, const struct call *call)
{
	const struct legal_form *lf;
	const struct aid *aid;

	struct buf	 v = BUF_INIT;
	const char	*cells[SC_NCOLS];
	char		*own[SC_NCOLS];
	int		 c;

	memset(cells, 0, sizeof(cells));
	memset(own, 0, sizeof(own));
#define OWN(col, expr) do { buf_truncate(&v, 0); expr; \
	own[col] = buf_detach(&v); cells[col] = own[col]; } while (0)
	cells[SC_ID] = a->id;
	OWN(SC_RECEIVED, date_fr(&v, &a->received));
	cells[SC_NAME] = a->name;
	cells[SC_FORM] = a->form_name;	/* an id of the call's <legal-forms> */
	if (call != NULL && a->form_name != NULL &&
	    (lf = call_form(call, a->form_name)) != NULL && lf->label != NULL)
		cells[SC_FORM] = lf->label;
	cells[SC_SIRET] = a->siret;
	cells[SC_RNA] = a->rna;
	OWN(SC_FOUNDED, date_fr(&v, &a->founded));
	OWN(SC_ESUS, date_fr(&v, &a->esus_until));
	cells[SC_ADDR1] = a->address[0];
	cells[SC_ADDR2] = a->address[0] != NULL ? a->address[1] : NULL;
	cells[SC_ADDR3] = a->address[0] != NULL && a->address[1] != NULL ?
	    a->address[2] : NULL;
	cells[SC_POSTCODE] = a->postcode;
	cells[SC_CITY] = a->city;
	cells[SC_CIVILITY] = a->civility;
	cells[SC_FIRST] = a->first_name;
	cells[SC_LAST] = a->last_name;
	cells[SC_ROLE] = a->role;
	cells[SC_EMAIL] = a->email;
	cells[SC_PHONE] = a->phone;
	cells[SC_AID] = a->aid;
	if (call != NULL && a->aid != NULL &&
	    (aid = call_aid(call, a->aid)) != NULL && aid->label != NULL)
		cells[SC_AID] = aid->label;
	OWN(SC_AMOUNT, amount_fr(&v, a->requested));
	cells[SC_TITLE] = a->title;
	cells[SC_SUMMARY] = a->summary;
	OWN(SC_JOBS, if (a->jobs_created >= 0)
	    buf_printf(&v, "%ld", a->jobs_created));
	cells[SC_GOVERNANCE] = yes_no(a->ess_governance);
	cells[SC_VIABLE] = yes_no(a->viable_activity);
	cells[SC_LAYOFFS] = yes_no(a->layoffs_12_months);
	cells[SC_UNMET] = yes_no(a->unmet_need);
	cells[SC_DECISION] = decision_fr(a->decision);
	OWN(SC_GRANTED, amount_fr(&v, a->granted));
	OWN(SC_DECIDED, date_fr(&v, &a->decision_date));
	cells[SC_DELIB] = a->deliberation;
	cells[SC_REASON] = a->decision_reason;
#undef OWN
	for (c = 0; c < SC_NCOLS; c++) {
		if (c > 0)
			buf_putc(b, ';');
		sheet_field(b, cells[c]);
		free(own[c]);
	}
	buf_puts(b, "\r\n");
	buf_free(&v);
}

/*
 * The round's call: call_path (--call), else call-<id>.xml beside the
 * round, as `run` finds it.  NULL when there is none (a warning: the sheet
 * then names legal forms and aids by their ids) or after an error.
 */
static struct call *
export_call(const char *call_path, const char *round_path,
    const struct round_info *ri, struct diag *d, int *bad)
{
	struct buf	 p = BUF_INIT;
	struct call	*call;
	const char	*slash;

	*bad = 0;
	if (call_path != NULL)
		buf_puts(&p, call_path);
	else {
		if ((slash = strrchr(round_path, '/')) != NULL)
			buf_add(&p, round_path, (size_t)(slash - round_path + 1));
		buf_printf(&p, "call-%s.xml", ri->call);
		if (!fs_exists(p.s)) {
			diag_msg(d, DIAG_WARNING, 0, NULL, 0, 0, NULL,
			    "no call file %s beside the round: legal forms "
			    "and aids are written by their ids (name the call "
			    "file with --call FILE)", p.s);
			buf_free(&p);
			return NULL;
		}
	}
	if ((call = call_load(p.s, d)) == NULL)
		*bad = 1;
	buf_free(&p);
	return call;
}

int
export_run(const char *round_path, const char *call_path,
    const char *output, FILE *out, struct diag *d)
{
	struct round_reader	*rr;
	struct application	*a;
	struct call		*call;
	struct buf		 b = BUF_INIT;
	int			 rc, bad;

	if ((rr = round_open(round_path, d)) == NULL)
		return d->status;
	call = export_call(call_path, round_path, round_info(rr), d, &bad);
	if (bad) {
		round_close(rr);
		return d->status;
	}
	sheet_header(&b);
	while ((rc = round_next(rr, &a)) == 1) {
		/* An application in error is exported as read: what it
		 * lacks stays empty for staff to fill in. */
		row(&b, a, call);
		application_free(a);
	}
	round_close(rr);
	call_free(call);
	if (rc == 0) {
		if (output != NULL)
			fs_write_atomic(output, b.s, b.len, d);
		else
			fwrite(b.s, 1, b.len, out);
	}
	buf_free(&b);
	return d->status;
}
