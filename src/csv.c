/* csv.c: RFC 4180 field quoting. */
#include <string.h>

#include "csv.h"
#include "util.h"

void
csv_cell(struct buf *b, const char *s, char sep, int flags)
{
	char	 special[] = { sep, '"', '\r', '\n', '\0' };
	int	 guard;

	if (s == NULL)
		return;
	/* Formula injection: a spreadsheet would run a cell starting with
	 * one of these; a leading ' makes it plain text. */
	guard = *s != '\0' && strchr(CSV_FORMULA_STARTS, *s) != NULL;
	if (strpbrk(s, special) == NULL &&
	    !(guard && (flags & CSV_QUOTE_GUARD))) {
		if (guard)
			buf_putc(b, '\'');
		buf_puts(b, s);
		return;
	}
	buf_putc(b, '"');
	if (guard)
		buf_putc(b, '\'');
	for (; *s != '\0'; s++) {
		if (*s == '"')
			buf_putc(b, '"');
		buf_putc(b, *s);
	}
	buf_putc(b, '"');
}

void
csv_field(struct buf *b, const char *s)
{
	csv_cell(b, s, ',', 0);
}
