/* fuzz_call.c: libFuzzer target for the call reader: any bytes give a call or a located EX_DATAERR, never a crash. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "call.h"
#include "diag.h"
#include "fuzz.h"

/* Use what a loaded call offers, as the rules and templates will. */
static void
exercise(const struct call *c)
{
	size_t	 i, j;

	for (i = 0; i < c->naids; i++) {
		if (call_aid(c, c->aids[i].id) == NULL)
			fuzz_fail("call_aid cannot find a loaded aid", NULL);
		for (j = 0; j < c->aids[i].nconds; j++)
			if (call_rule_name(c->aids[i].conds[j].rule) == NULL ||
			    c->aids[i].conds[j].text == NULL)
				fuzz_fail("a condition without rule or text",
				    NULL);
	}
	for (i = 0; i < c->ncommunes; i++) {
		if (call_commune_by_name(c, c->communes[i].name) == NULL)
			fuzz_fail("call_commune_by_name cannot find a loaded "
			    "commune", NULL);
		if (c->communes[i].postcodes[0] != NULL &&
		    call_commune(c, c->communes[i].name,
		    c->communes[i].postcodes[0]) == NULL)
			fuzz_fail("call_commune cannot find a loaded commune",
			    NULL);
	}
	(void)call_commune(c, "ST SAULVE", "59880");
	(void)call_commune(c, "Condé-sur-l’Escaut", "59163");
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag	 d;
	struct call	*c;
	const char	*path;
	char		*out = NULL;
	size_t		 len;
	FILE		*f;

	path = fuzz_file(data, size);
	if ((f = open_memstream(&out, &len)) == NULL)
		abort();
	diag_init(&d, f, 0);
	c = call_load(path, &d);
	fclose(f);
	if (c != NULL) {
		if (d.status != 0)
			fuzz_fail("a call returned with a non-zero status", out);
		exercise(c);
		call_free(c);
	} else {
		if (d.status != EX_DATAERR && d.status != EX_NOINPUT)
			fuzz_fail("no call, and a status other than 65 or 66",
			    out);
		if (d.nerrors == 0 || out == NULL || *out == '\0')
			fuzz_fail("no call, and no error message", out);
	}
	fuzz_check_located(out, path);
	free(out);
	return 0;
}
