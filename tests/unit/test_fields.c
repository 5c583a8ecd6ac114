/* test_fields.c: the report names a round file's fields as the staff's
 * sheet does (fields_sheet_terms). */
#include <stdlib.h>
#include <string.h>

#include "fields.h"
#include "t.h"
#include "util.h"

static char *
terms(const char *in)
{
	struct buf	 b = BUF_INIT;

	buf_puts(&b, in);
	fields_sheet_terms(&b);
	return buf_detach(&b);
}

#define SAME(in, want) do {						\
	char *t_s = terms(in);						\
	CHECK_STR(t_s, want);						\
	free(t_s);							\
} while (0)

int
main(void)
{
	SAME("<founded> : 2018-02-30 n'est pas une date réelle",
	    "« Date de création » : 2018-02-30 n'est pas une date réelle");
	SAME("<siret> « 564 961 563 00041 » : un SIRET s'écrit…",
	    "« SIRET » « 564 961 563 00041 » : un SIRET s'écrit…");
	SAME("<request amount> : doit être supérieur à 0",
	    "« Montant demandé » : doit être supérieur à 0");
	SAME("<decision date> : 2019-02-01 est antérieure à <application "
	    "received>", "« Date de décision » : 2019-02-01 est antérieure à "
	    "« Date de dépôt »");
	/* No column: kept as the file writes it. */
	SAME("<application received> : après le comité (<round date> "
	    "2019-03-15)", "« Date de dépôt » : après le comité (<round date> "
	    "2019-03-15)");
	SAME("il manque <postcode> dans <address>, avant <city>",
	    "il manque « Code postal » dans <address>, avant « Commune »");
	SAME("rien à remplacer", "rien à remplacer");
	SAME("un < seul, et <siret", "un < seul, et <siret");
	SAME("", "");
	T_DONE();
}
