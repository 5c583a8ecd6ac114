/* csv.h: RFC 4180 fields. */
#ifndef ESSDOCS_CSV_H
#define ESSDOCS_CSV_H

struct buf;

/* The first characters that make a spreadsheet read a cell as a formula. */
#define CSV_FORMULA_STARTS	"=+-@\t\r"

/*
 * Append one field, quoted when it holds a comma, a quote, CR or LF.  A
 * field starting with = + - @ tab or CR gets a leading ' (formula
 * injection: the spreadsheet shows it as text instead of running it).
 */
void	csv_field(struct buf *, const char *);

#endif
