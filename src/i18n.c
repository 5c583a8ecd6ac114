/* i18n.c: gettext set-up: messages in the user's language. */
#include <limits.h>
#include <locale.h>
#include <stdint.h>
#include <stdio.h>
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

/* The catalogue's directory (i18n_init), for the French catalogue. */
static char	*catdir;

void
i18n_init(void)
{
	char	*dir;

	setlocale(LC_MESSAGES, "");
	dir = locale_dir();
	bindtextdomain(DOMAIN, dir != NULL ? dir : ESSDOCS_LOCALEDIR);
	bind_textdomain_codeset(DOMAIN, "UTF-8");
	textdomain(DOMAIN);
	free(catdir);
	catdir = dir != NULL ? dir : xstrdup(ESSDOCS_LOCALEDIR);
}

/* ---- The French catalogue, read by hand (see i18n.h) ------------------ */

/*
 * A GNU .mo file: a header of 32-bit words (magic 0x950412de in the
 * writer's byte order, revision, N, offset of the originals' table,
 * offset of the translations' table), each table N pairs (length,
 * offset), the originals sorted by strcmp (msgfmt sorts them; gettext
 * itself falls back on a binary search over them).
 */
static struct {
	int		 loaded;	/* 1 tried (mo NULL if none usable) */
	unsigned char	*mo;
	size_t		 len;
	int		 swap;
	uint32_t	 n, orig, trans;
} fr;
static int	 french;	/* i18n_french_begin() depth */

static uint32_t
mo_word(size_t off)
{
	uint32_t	 w;

	if (off > fr.len || fr.len - off < 4)
		return 0;
	memcpy(&w, fr.mo + off, 4);
	if (fr.swap)
		w = (w >> 24) | ((w >> 8) & 0xff00) | ((w << 8) & 0xff0000) |
		    (w << 24);
	return w;
}

/* The string of entry i of a table at off, or NULL if out of the file. */
static const char *
mo_str(uint32_t table, uint32_t i, size_t *lenp)
{
	uint32_t	 len = mo_word(table + (size_t)i * 8),
			 at = mo_word(table + (size_t)i * 8 + 4);

	if (at >= fr.len || fr.len - at <= len || fr.mo[at + len] != '\0')
		return NULL;
	if (lenp != NULL)
		*lenp = len;
	return (const char *)fr.mo + at;
}

static void
fr_load(void)
{
	struct buf	 path = BUF_INIT;
	FILE		*f;
	uint32_t	 magic;
	long		 sz;

	fr.loaded = 1;
	if (catdir == NULL)
		return;
	buf_printf(&path, "%s/fr/LC_MESSAGES/" DOMAIN ".mo", catdir);
	f = fopen(path.s, "rb");
	buf_free(&path);
	if (f == NULL)
		return;
	if (fseek(f, 0, SEEK_END) == 0 && (sz = ftell(f)) >= 28 &&
	    fseek(f, 0, SEEK_SET) == 0) {
		fr.len = (size_t)sz;
		fr.mo = xmalloc(fr.len);
		if (fread(fr.mo, 1, fr.len, f) != fr.len) {
			free(fr.mo);
			fr.mo = NULL;
		}
	}
	fclose(f);
	if (fr.mo == NULL)
		return;
	memcpy(&magic, fr.mo, 4);
	fr.swap = magic == 0xde120495;
	if (magic != 0x950412de && !fr.swap) {
		free(fr.mo);
		fr.mo = NULL;
		return;
	}
	fr.n = mo_word(8);
	fr.orig = mo_word(12);
	fr.trans = mo_word(16);
}

/* The French of msgid (both forms NUL-separated for a plural), or NULL. */
static const char *
fr_lookup(const char *msgid, size_t *lenp)
{
	uint32_t	 lo = 0, hi, mid;
	const char	*o;
	int		 c;

	if (!fr.loaded)
		fr_load();
	if (fr.mo == NULL)
		return NULL;
	hi = fr.n;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if ((o = mo_str(fr.orig, mid, NULL)) == NULL)
			return NULL;
		if ((c = strcmp(msgid, o)) == 0)
			return mo_str(fr.trans, mid, lenp);
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

void
i18n_french_begin(void)
{
	french++;
}

void
i18n_french_end(void)
{
	if (french > 0)
		french--;
}

int
i18n_french_mode(void)
{
	return french > 0;
}

char *
i18n_gettext(const char *msgid)
{
	const char	*t;
	size_t		 len;

	if (!french)
		return gettext(msgid);
	if (*msgid == '\0' || (t = fr_lookup(msgid, &len)) == NULL ||
	    *t == '\0')
		return (char *)msgid;
	return (char *)t;
}

char *
i18n_ngettext(const char *msgid, const char *plural, unsigned long n)
{
	const char	*t;
	size_t		 len, first;

	if (!french)
		return dngettext(NULL, msgid, plural, n);
	if ((t = fr_lookup(msgid, &len)) == NULL || *t == '\0')
		return (char *)(n == 1 ? msgid : plural);
	/* French: plural=(n > 1), the catalogue's Plural-Forms. */
	first = strlen(t);
	if (n > 1 && first < len)
		return (char *)t + first + 1;
	return (char *)t;
}

int
i18n_french(void)
{
	const char	*s = setlocale(LC_MESSAGES, NULL);

	if (french)
		return 1;
	return s != NULL && strncmp(s, "fr", 2) == 0;
}
