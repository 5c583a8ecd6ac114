/* i18n.c: gettext set-up: messages in the user's language. */
#include <limits.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "i18n.h"
#include "util.h"

#ifndef ESSDOCS_LOCALEDIR
#define ESSDOCS_LOCALEDIR "/usr/local/share/locale"
#endif

#define DOMAIN	"essdocs"

/* Where the catalogue is, tried in order from the binary's directory:
 * build-asan/essdocs -> build-asan/locale, bin/essdocs -> build/locale,
 * PREFIX/bin/essdocs -> PREFIX/share/locale. */
static char *
locale_dir(void)
{
	static const char *const rel[] = {
		"%s/locale", "%s/../build/locale", "%s/../share/locale"
	};
	char		 exe[PATH_MAX];
	struct buf	 b = BUF_INIT, mo = BUF_INIT;
	ssize_t		 n;
	size_t		 i;
	char		*slash;

	if ((n = readlink("/proc/self/exe", exe, sizeof(exe) - 1)) <= 0)
		return NULL;
	exe[n] = '\0';
	if ((slash = strrchr(exe, '/')) == NULL)
		return NULL;
	*slash = '\0';
	for (i = 0; i < sizeof(rel) / sizeof(rel[0]); i++) {
		buf_truncate(&b, 0);
		buf_printf(&b, rel[i], exe);
		buf_truncate(&mo, 0);
		buf_printf(&mo, "%s/fr/LC_MESSAGES/" DOMAIN ".mo", b.s);
		if (access(mo.s, R_OK) == 0) {
			buf_free(&mo);
			return buf_detach(&b);
		}
	}
	buf_free(&b);
	buf_free(&mo);
	return NULL;
}

void
i18n_init(void)
{
	char	*dir;

	setlocale(LC_MESSAGES, "");
	dir = locale_dir();
	bindtextdomain(DOMAIN, dir != NULL ? dir : ESSDOCS_LOCALEDIR);
	bind_textdomain_codeset(DOMAIN, "UTF-8");
	textdomain(DOMAIN);
	free(dir);
}

int
i18n_french(void)
{
	const char	*s = setlocale(LC_MESSAGES, NULL);

	return s != NULL && strncmp(s, "fr", 2) == 0;
}
