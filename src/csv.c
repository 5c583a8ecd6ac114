/* csv.c: RFC 4180 field quoting. */
#include <string.h>

#include "csv.h"
#include "util.h"

void
csv_field(struct buf *b, const char *s)
{
	int	 guard;

	if (s == NULL)
		return;
	/* Formula injection: a spreadsheet would run a cell starting with
	 * one of these; a leading ' makes it plain text. */
	guard = *s != '\0' && strchr(CSV_FORMULA_STARTS, *s) != NULL;
	if (strpbrk(s, ",\"\r\n") == NULL) {
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
