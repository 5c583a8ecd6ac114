/* import.h: `essdocs import` and `essdocs export`: a round from the staff's spreadsheet, and back (docs: ../README.md, import.md). */
#ifndef ESSDOCS_IMPORT_H
#define ESSDOCS_IMPORT_H

#include <stdio.h>

#include "date.h"

struct buf;
struct diag;

struct import_opts {
	const char	*sheet;		/* SHEET.csv */
	const char	*round_id;	/* --round */
	const char	*call;		/* --call: a call file, or a call id */
	const char	*call_dir;	/* where installed call files are, or NULL */
	const struct date *date;	/* --date: the round's date, or NULL */
	const char	*output;	/* -o ROUND.xml, NULL: out */
	FILE		*out;
	int		 keep_going;	/* leave out the rows in error */
};

/*
 * Write a round file valid against round.xsd from the sheet (import.md).
 * Every refused cell is reported as SHEET:ROW:HEADER, the row as the
 * spreadsheet numbers it.  With errors nothing is written (EX_DATAERR)
 * unless keep_going.  Returns the exit status.
 */
int	 import_run(const struct import_opts *, struct diag *);

/* The header row alone, the sheet staff start from. */
int	 import_blank(FILE *out);

/*
 * Write the round's applications as the sheet import reads (';', UTF-8
 * with BOM, CRLF, French dates, amounts and words; legal forms and aids by
 * their labels in the call file: call_path, else call-<id>.xml beside the
 * round) to output, or out when output is NULL.  Returns the exit status.
 */
int	 export_run(const char *round_path, const char *call_path,
	    const char *output, FILE *out, struct diag *d);

/* Parse a French amount ("9 000,00", "9000,5", "9 000 €", "9000.50")
 * into cents.  Returns 0 or -1. */
int	 import_amount(const char *, long long *cents);

/* Parse a date cell: JJ/MM/AAAA, AAAA-MM-JJ or a spreadsheet serial.
 * Returns 0, -1 when it is not a date, -2 when it is not a real one. */
int	 import_date(const char *, struct date *);

#endif
