/* test_diag.c: the diagnostic line format, quiet mode and the exit status ranking. */
#include <stdio.h>
#include <stdlib.h>
#include <sysexits.h>

#include "diag.h"
#include "t.h"

static char	*out;
static size_t	 outlen;

static struct diag *
open_diag(struct diag *d, int quiet)
{
	FILE	*f;

	free(out);
	out = NULL;
	f = open_memstream(&out, &outlen);
	diag_init(d, f, quiet);
	return d;
}

static const char *
close_diag(struct diag *d)
{
	fclose(d->out);
	return out;
}

int
main(void)
{
	struct diag	 d;

	open_diag(&d, 0);
	diag_msg(&d, DIAG_ERROR, 1, "input/r.xml", 214, 9, "2019-0042",
	    "postcode must have %d digits", 5);
	CHECK_STR(close_diag(&d), "essdocs: input/r.xml:214:9: error: "
	    "postcode must have 5 digits (application 2019-0042)\n");
	CHECK_INT(d.status, 1);
	CHECK_INT(d.nerrors, 1);

	/* No column, no line, no file, no application. */
	open_diag(&d, 0);
	diag_msg(&d, DIAG_ERROR, EX_NOINPUT, "f.xml", 3, 0, NULL, "x");
	diag_msg(&d, DIAG_ERROR, EX_NOINPUT, "f.xml", 0, 0, NULL, "y");
	diag_msg(&d, DIAG_WARNING, 0, NULL, 0, 0, NULL, "z");
	CHECK_STR(close_diag(&d), "essdocs: f.xml:3: error: x\n"
	    "essdocs: f.xml: error: y\nessdocs: warning: z\n");

	/* Always one line: quoted line breaks and controls become spaces. */
	open_diag(&d, 0);
	diag_msg(&d, DIAG_ERROR, 1, "f.xml", 1, 2, "A", "bad\nvalue\t\"x\"\n");
	CHECK_STR(close_diag(&d),
	    "essdocs: f.xml:1:2: error: bad value \"x\" (application A)\n");

	/* Quiet: errors only; warnings still counted. */
	open_diag(&d, 1);
	diag_msg(&d, DIAG_WARNING, 0, "f.xml", 1, 1, NULL, "w");
	diag_msg(&d, DIAG_ERROR, 1, "f.xml", 1, 1, NULL, "e");
	CHECK_STR(close_diag(&d), "essdocs: f.xml:1:1: error: e\n");
	CHECK_INT(d.nwarnings, 1);

	/* The worst status wins, whatever the order. */
	open_diag(&d, 0);
	diag_status(&d, EX_IOERR);
	diag_status(&d, 1);
	diag_status(&d, EX_DATAERR);
	CHECK_INT(d.status, EX_IOERR);
	diag_status(&d, EX_SOFTWARE);
	CHECK_INT(d.status, EX_SOFTWARE);
	diag_status(&d, 0);
	CHECK_INT(d.status, EX_SOFTWARE);
	close_diag(&d);
	open_diag(&d, 0);
	diag_status(&d, EX_DATAERR);
	diag_status(&d, EX_NOINPUT);
	CHECK_INT(d.status, EX_NOINPUT);
	diag_status(&d, EX_CANTCREAT);
	CHECK_INT(d.status, EX_CANTCREAT);
	diag_status(&d, 1);
	CHECK_INT(d.status, EX_CANTCREAT);
	close_diag(&d);
	free(out);
	T_DONE();
}
