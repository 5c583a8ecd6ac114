/* diag.c: print located diagnostics and keep the worst exit status. */
#include <stdarg.h>
#include <stdio.h>
#include <sysexits.h>

#include "diag.h"
#include "i18n.h"
#include "util.h"

void
diag_init(struct diag *d, FILE *out, int quiet)
{
	d->out = out;
	d->quiet = quiet;
	d->status = 0;
	d->nwarnings = d->nerrors = 0;
	d->bar = 0;
}

static int
rank(int status)
{
	switch (status) {
	case 0:
		return 0;
	case 1:
		return 1;
	case EX_USAGE:
		return 2;
	case EX_DATAERR:
		return 3;
	case EX_NOINPUT:
		return 4;
	case EX_CANTCREAT:
		return 5;
	case EX_IOERR:
		return 6;
	default:
		return 7;	/* EX_SOFTWARE and anything unknown */
	}
}

void
diag_status(struct diag *d, int status)
{
	if (rank(status) > rank(d->status))
		d->status = status;
}

void
diag_msg(struct diag *d, enum diag_level level, int status,
    const char *file, long line, long col, const char *appid,
    const char *fmt, ...)
{
	struct buf	 b = BUF_INIT;
	va_list		 ap;
	size_t		 start, i;

	diag_status(d, status);
	if (level == DIAG_WARNING)
		d->nwarnings++;
	else
		d->nerrors++;
	if (level == DIAG_WARNING && d->quiet)
		return;

	buf_puts(&b, "essdocs: ");
	if (file != NULL) {
		buf_puts(&b, file);
		if (line > 0) {
			buf_printf(&b, ":%ld", line);
			if (col > 0)
				buf_printf(&b, ":%ld", col);
		}
		buf_puts(&b, ": ");
	}
	buf_puts(&b, level == DIAG_WARNING ? _("warning: ") : _("error: "));
	start = b.len;
	/* The format is the message id: translated here, so that no call
	 * site needs marking (xgettext --keyword=diag_msg:8). */
	if (*fmt != '\0')
		fmt = _(fmt);
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	/* One line each, whatever the message quotes: line breaks and
	 * other control characters become spaces. */
	for (i = start; i < b.len; i++)
		if ((unsigned char)b.s[i] < 0x20 || b.s[i] == 0x7f)
			b.s[i] = ' ';
	while (b.len > start && b.s[b.len - 1] == ' ')
		buf_truncate(&b, b.len - 1);
	if (appid != NULL)
		buf_printf(&b, _(" (application %s)"), appid);
	buf_putc(&b, '\n');
	if (d->bar) {
		fputs("\r\033[K", d->out);
		d->bar = 2;
	}
	fputs(buf_str(&b), d->out);
	fflush(d->out);
	buf_free(&b);
}
