/* csv.h: RFC 4180 fields. */
#ifndef ESSDOCS_CSV_H
#define ESSDOCS_CSV_H

struct buf;

/* The first characters that make a spreadsheet read a cell as a formula. */
#define CSV_FORMULA_STARTS	"=+-@\t\r"

enum {
	CSV_QUOTE_GUARD = 1 << 0	/* quote a field that gets the ' too */
};

/*
 * Append one field, quoted when it holds sep, a quote, CR or LF (a quote
 * doubled inside).  A field starting with = + - @ tab or CR gets a
 * leading ' (formula injection: the spreadsheet shows it as text instead
 * of running it), inside the quotes with CSV_QUOTE_GUARD.  NULL appends
 * nothing.
 */
void	csv_cell(struct buf *, const char *, char sep, int flags);
/* report.csv's fields: csv_cell(b, s, ',', 0). */
void	csv_field(struct buf *, const char *);

#endif
