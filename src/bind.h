/* bind.h: the data trees templates see (docs/templates.md, "Data"): the call, a record, the round report. */
#ifndef ESSDOCS_BIND_H
#define ESSDOCS_BIND_H

struct addr_window;
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
/*
 * "app", "decision" and "letter" (dated today): a record's documents.
 * Its address block is fitted to win (NULL: by characters only, for
 * documents without a window): returns 0, or -1 when a line still does
 * not fit, with *why (why may be NULL) the reason in the user's
 * language, which the caller frees.
 */
int	bind_record(struct data *root, const struct call *,
	    const struct application *, const struct decision *,
	    const struct date *today, const struct addr_window *win,
	    char **why);
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
