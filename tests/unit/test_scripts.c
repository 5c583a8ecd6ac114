/* test_scripts.c: every script libunistring can name, except those the
 * documents set, has a name for messages (script_name), in English here. */
#include <string.h>
#include <unictype.h>

#include "scripts.h"
#include "t.h"

int
main(void)
{
	const uc_script_t	*sc;
	size_t			 n, i, unknown = 0;

	uc_all_scripts(&sc, &n);
	CHECK(n > 150);
	for (i = 0; i < n; i++) {
		if (strcmp(sc[i].name, "Latin") == 0 ||
		    strcmp(sc[i].name, "Greek") == 0 ||
		    strcmp(sc[i].name, "Cyrillic") == 0 ||
		    strcmp(sc[i].name, "Common") == 0 ||
		    strcmp(sc[i].name, "Inherited") == 0)
			continue;
		if (!script_known(sc[i].name)) {
			fprintf(stderr, "no name for script %s\n", sc[i].name);
			unknown++;
		}
		/* In English, a name without underscores. */
		CHECK(strchr(script_name(sc[i].name), '_') == NULL);
	}
	CHECK_INT(unknown, 0);
	CHECK_STR(script_name("Hebrew"), "Hebrew");
	CHECK_STR(script_name("Canadian_Aboriginal"), "Canadian Aboriginal");
	CHECK_STR(script_name("Some_Future_Script"), "Some_Future_Script");
	T_DONE();
}
