/* bind.h: the data trees templates see (docs/templates.md, "Data"): the call, a record, the round report. */
#ifndef ESSDOCS_BIND_H
#define ESSDOCS_BIND_H

struct application;
struct call;
struct data;
struct date;
struct decision;
struct diag;
struct report;

/*
 * Every field a template can read is set here, one function per map
 * (call, app, decision, letter, round), and listed in docs/templates.md.
 * Amounts are X (French text), X_words and X_plain everywhere.
 */

/* "call": every document of the call, the leaflet included. */
void	bind_call(struct data *root, const struct call *);
/* "app", "decision" and "letter" (dated today): a record's documents. */
void	bind_record(struct data *root, const struct call *,
	    const struct application *, const struct decision *,
	    const struct date *today);
/* "letter": the place and the date a document bears (each kind its own). */
void	bind_letter(struct data *root, const struct call *,
	    const struct date *);
/*
 * "round": the report's totals, counts by verdict, decision, aid and
 * commune, and its rows.  Warns through d when the granted total
 * exceeds the round's budget.
 */
void	bind_report(struct data *root, const struct report *,
	    struct diag *d);

#endif
