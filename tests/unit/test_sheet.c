/* test_sheet.c: the staff's sheet: French amounts and dates as typed, CSV as LibreOffice and Excel save it, the formula guard. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csv.h"
#include "diag.h"
#include "import.h"
#include "sheet.h"
#include "util.h"
#include "t.h"

static long long
amount(const char *s)
{
	long long	 v = -7;

	return import_amount(s, &v) == 0 ? v : -1;
}

static const char *
date(const char *s, char *out)
{
	struct date	 d;
	int		 rc = import_date(s, &d);

	if (rc != 0)
		snprintf(out, 16, "%d", rc);
	else
		snprintf(out, 16, "%04d-%02d-%02d", d.y, d.m, d.d);
	return out;
}

/* Write bytes to a temporary file and read it as a sheet. */
static int
read_sheet(const char *bytes, size_t len, struct sheet *sh, struct buf *err)
{
	char		 path[] = "/tmp/test_sheet.XXXXXX";
	struct diag	 d;
	FILE		*mem;
	char		*out = NULL;
	size_t		 outlen = 0;
	int		 fd, rc;

	fd = mkstemp(path);
	if (fd == -1 || write(fd, bytes, len) != (ssize_t)len)
		return -2;
	close(fd);
	mem = open_memstream(&out, &outlen);
	diag_init(&d, mem, 0);
	rc = sheet_read(path, sh, &d);
	fclose(mem);
	buf_truncate(err, 0);
	buf_puts(err, out);
	free(out);
	unlink(path);
	return rc;
}

int
main(void)
{
	struct sheet	 sh;
	struct buf	 b = BUF_INIT, err = BUF_INIT;
	char		 s[16];
	static const char lo[] =
	    "\xEF\xBB\xBFN\xC2\xB0 dossier;R\xC3\xA9sum\xC3\xA9;Montant\r\n"
	    "A1;\"deux\r\nlignes; et \"\"guillemets\"\"\";9 000,00\r\n"
	    ";;\r\n"
	    "A2;;1\r\n";
	static const char cp[] = "Nom,Ville\n\"Jos\xE9phine\",\x80 Saint\n";

	/* Amounts as staff type them. */
	CHECK_INT(amount("9 000,00"), 900000);
	CHECK_INT(amount("9000,5"), 900050);
	CHECK_INT(amount("9 000 \xE2\x82\xAC"), 900000);
	CHECK_INT(amount("9000.50"), 900050);
	CHECK_INT(amount("9\xE2\x80\xAF" "000,00\xC2\xA0\xE2\x82\xAC"), 900000);
	CHECK_INT(amount("9.000,00"), 900000);
	CHECK_INT(amount("9,000.00"), 900000);
	CHECK_INT(amount("12 000 EUR"), 1200000);
	CHECK_INT(amount("8000"), 800000);
	CHECK_INT(amount("9.000"), -1);		/* which is it? */
	CHECK_INT(amount("9000,505"), -1);
	CHECK_INT(amount("neuf mille"), -1);
	CHECK_INT(amount("-5"), -1);
	CHECK_INT(amount(""), -1);
	CHECK_INT(amount("1,"), -1);
	CHECK_INT(amount("999999999999"), -1);

	/* Dates: JJ/MM/AAAA, ISO, a spreadsheet's serial. */
	CHECK_STR(date("27/01/2020", s), "2020-01-27");
	CHECK_STR(date("7/1/2020", s), "2020-01-07");
	CHECK_STR(date("27.01.2020", s), "2020-01-27");
	CHECK_STR(date("2020-01-27", s), "2020-01-27");
	CHECK_STR(date("43479", s), "2019-01-14");
	CHECK_STR(date("1", s), "1899-12-31");
	CHECK_STR(date("31/02/2019", s), "-2");
	CHECK_STR(date("29/02/2020", s), "2020-02-29");
	CHECK_STR(date("29/02/2019", s), "-2");
	CHECK_STR(date("27/01/20", s), "-1");	/* which century? */
	CHECK_STR(date("27/01-2020", s), "-1");
	CHECK_STR(date("janvier", s), "-1");

	/* A LibreOffice sheet: BOM, ';', CRLF, a quoted cell over two lines
	 * with quotes, an empty row kept (import skips it). */
	CHECK_INT(read_sheet(lo, sizeof(lo) - 1, &sh, &err), 0);
	CHECK_INT(sh.sep, ';');
	CHECK_INT(sh.cp1252, 0);
	CHECK_INT(sh.nrows, 4);
	if (sh.nrows == 4) {
		CHECK_STR(sh.rows[0].cell[0], "N\xC2\xB0 dossier");
		CHECK_INT(sh.rows[1].n, 3);
		CHECK_STR(sh.rows[1].cell[1],
		    "deux\nlignes; et \"guillemets\"");
		CHECK_STR(sh.rows[1].cell[2], "9 000,00");
		CHECK_INT(sh.rows[1].line, 2);
		CHECK_INT(sh.rows[2].line, 4);	/* after the two-line cell */
		CHECK_INT(sh.rows[3].line, 5);
		CHECK_STR(sh.rows[3].cell[0], "A2");
	}
	CHECK_STR(err.s, "");
	sheet_free(&sh);

	/* Excel on Windows: ',' and Windows-1252, said. */
	CHECK_INT(read_sheet(cp, sizeof(cp) - 1, &sh, &err), 0);
	CHECK_INT(sh.sep, ',');
	CHECK_INT(sh.cp1252, 1);
	if (sh.nrows == 2) {
		CHECK_STR(sh.rows[1].cell[0], "Jos\xC3\xA9phine");
		CHECK_STR(sh.rows[1].cell[1], "\xE2\x82\xAC Saint");
	} else
		CHECK_INT(sh.nrows, 2);
	CHECK(strstr(err.s, "warning: not UTF-8: read as Windows-1252") !=
	    NULL);
	sheet_free(&sh);

	/* An unclosed quote is located. */
	CHECK_INT(read_sheet("a;b\n1;\"x\ny\n", 11, &sh, &err), -1);
	CHECK(strstr(err.s, ":2: error: a quoted cell is not closed") != NULL);
	CHECK_INT(read_sheet("", 0, &sh, &err), -1);
	CHECK(strstr(err.s, "empty sheet") != NULL);

	/* The formula guard, in report.csv and in the exported sheet. */
	csv_field(&b, "=1+1");
	buf_putc(&b, '|');
	csv_field(&b, "+33 1");
	buf_putc(&b, '|');
	csv_field(&b, "-x,y");
	buf_putc(&b, '|');
	csv_field(&b, "@A1");
	buf_putc(&b, '|');
	csv_field(&b, "\tx");
	buf_putc(&b, '|');
	csv_field(&b, "a=b");
	CHECK_STR(b.s, "'=1+1|'+33 1|\"'-x,y\"|'@A1|'\tx|a=b");
	buf_truncate(&b, 0);
	sheet_field(&b, "=1+1");
	buf_putc(&b, '|');
	sheet_field(&b, "a;b");
	buf_putc(&b, '|');
	sheet_field(&b, "a,b");
	CHECK_STR(b.s, "\"'=1+1\"|\"a;b\"|a,b");

	buf_free(&b);
	buf_free(&err);
	T_DONE();
}
