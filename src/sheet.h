/* sheet.h: the staff's spreadsheet as CSV: reading it as LibreOffice and Excel save it, and its columns. */
#ifndef ESSDOCS_SHEET_H
#define ESSDOCS_SHEET_H

#include <stddef.h>

struct buf;
struct diag;

/* One record: its cells (UTF-8) and the line of the file it starts on. */
struct sheet_row {
	long	  line;
	char	**cell;
	size_t	  n;
};

struct sheet {
	struct sheet_row *rows;		/* rows[0] is the header */
	size_t		  nrows;
	char		  sep;		/* ';', ',' or tab */
	int		  cp1252;	/* read as Windows-1252 */
};

/*
 * Read a CSV file: ';', ',' or tab (detected from the header line), UTF-8
 * with or without BOM, or Windows-1252 (detected when the bytes are not
 * UTF-8, and said in a warning), quoted fields with line breaks, CRLF or
 * LF.  Returns 0, or -1 after reporting (EX_NOINPUT when the file cannot
 * be read, EX_DATAERR when it is not CSV).
 */
int	 sheet_read(const char *path, struct sheet *, struct diag *d);
void	 sheet_free(struct sheet *);

/* The columns of import.md, in their order. */
enum sheet_col {
	SC_ID, SC_RECEIVED, SC_NAME, SC_FORM, SC_SIRET, SC_RNA, SC_FOUNDED,
	SC_ESUS, SC_ADDR1, SC_ADDR2, SC_ADDR3, SC_POSTCODE, SC_CITY,
	SC_CIVILITY, SC_FIRST, SC_LAST, SC_ROLE, SC_EMAIL, SC_PHONE, SC_AID,
	SC_AMOUNT, SC_TITLE, SC_SUMMARY, SC_JOBS, SC_GOVERNANCE, SC_VIABLE,
	SC_LAYOFFS, SC_UNMET, SC_DECISION, SC_GRANTED, SC_DECIDED, SC_DELIB,
	SC_REASON, SC_NCOLS
};

struct sheet_column {
	const char	*head;		/* "N° dossier" */
	int		 required;	/* the column must be there */
};

extern const struct sheet_column sheet_cols[SC_NCOLS];

/* Append one field of a ';'-separated French sheet (quoted when needed,
 * a formula's first character neutralised with a leading '). */
void	 sheet_field(struct buf *, const char *);
/* Append the sheet's start: UTF-8 byte-order mark and the header row. */
void	 sheet_header(struct buf *);

#endif
