/* fuzz_round.c: libFuzzer target for the round reader: any bytes give applications or located errors, never a crash. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "diag.h"
#include "round.h"
#include "fuzz.h"

/* More applications than a 64 KiB input holds: the reader must end first. */
#define FUZZ_ROUND_MAX	100000

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag		 d;
	struct round_reader	*r;
	struct application	*a;
	const struct round_info	*ri;
	const char		*path;
	char			*out = NULL;
	size_t			 len;
	long			 n = 0;
	int			 rc = 0;
	FILE			*f;

	path = fuzz_file(data, size);
	if ((f = open_memstream(&out, &len)) == NULL)
		abort();
	diag_init(&d, f, 0);
	if ((r = round_open(path, &d)) != NULL) {
		ri = round_info(r);
		if (ri == NULL || ri->id == NULL)
			fuzz_fail("an open round without an id", NULL);
		while (n < FUZZ_ROUND_MAX && (rc = round_next(r, &a)) == 1) {
			if (a == NULL || (a->error == NULL && a->id == NULL))
				fuzz_fail("an application without id or error",
				    NULL);
			application_free(a);
			n++;
		}
		if (n == FUZZ_ROUND_MAX)
			fuzz_fail("round_next does not end", NULL);
		round_close(r);
	} else if (d.status != EX_DATAERR && d.status != EX_NOINPUT)
		fuzz_fail("no round, and a status other than 65 or 66", NULL);
	fclose(f);
	if (d.status != 0 && d.status != 1 && d.status != EX_DATAERR &&
	    d.status != EX_NOINPUT)
		fuzz_fail("a status other than 0, 1, 65 or 66", out);
	if (rc == -1 && d.status != EX_DATAERR)
		fuzz_fail("round_next gave up without EX_DATAERR", out);
	fuzz_check_located(out, path);
	free(out);
	return 0;
}
