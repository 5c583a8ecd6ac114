/* util.c: allocation wrappers, the growable buffer, UTF-8 helpers. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unictype.h>
#include <uninorm.h>

#include "util.h"

static void
oom(void)
{
	fputs("essdocs: error: out of memory\n", stderr);
	abort();
}

void *
xmalloc(size_t n)
{
	void	*p;

	if ((p = malloc(n ? n : 1)) == NULL)
		oom();
	return p;
}

void *
xcalloc(size_t n, size_t sz)
{
	void	*p;

	if ((p = calloc(n ? n : 1, sz ? sz : 1)) == NULL)
		oom();
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	if ((p = realloc(p, n ? n : 1)) == NULL)
		oom();
	return p;
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	char	*p;
	size_t	 len;

	for (len = 0; len < n && s[len] != '\0'; len++)
		continue;
	p = xmalloc(len + 1);
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

void
buf_init(struct buf *b)
{
	b->s = NULL;
	b->len = b->cap = 0;
}

void
buf_grow(struct buf *b, size_t more)
{
	size_t	 need;

	if (more > (size_t)-1 / 2 - b->len)
		oom();
	need = b->len + more + 1;
	if (need <= b->cap)
		return;
	if (b->cap == 0)
		b->cap = 64;
	while (b->cap < need)
		b->cap *= 2;
	b->s = xrealloc(b->s, b->cap);
}

void
buf_add(struct buf *b, const char *s, size_t n)
{
	buf_grow(b, n);
	if (n > 0)
		memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void
buf_puts(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void
buf_putc(struct buf *b, int c)
{
	char	 ch = (char)c;

	buf_add(b, &ch, 1);
}

void
buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	va_list	 aq;
	int	 n;

	va_copy(aq, ap);
	n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n < 0)
		return;
	buf_grow(b, (size_t)n);
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void
buf_truncate(struct buf *b, size_t len)
{
	if (len < b->len) {
		b->len = len;
		b->s[len] = '\0';
	}
}

const char *
buf_str(const struct buf *b)
{
	return b->s != NULL ? b->s : "";
}

char *
buf_detach(struct buf *b)
{
	char	*s;

	s = b->s != NULL ? b->s : xstrdup("");
	buf_init(b);
	return s;
}

void
buf_free(struct buf *b)
{
	free(b->s);
	buf_init(b);
}

long
utf8_decode(const char *str, size_t n, size_t *len)
{
	const unsigned char *s = (const unsigned char *)str;
	long	 cp, min;
	size_t	 need, i;

	*len = 1;
	if (n == 0)
		return -1;
	if (s[0] < 0x80)
		return s[0];
	if ((s[0] & 0xE0) == 0xC0) {
		need = 2; cp = s[0] & 0x1F; min = 0x80;
	} else if ((s[0] & 0xF0) == 0xE0) {
		need = 3; cp = s[0] & 0x0F; min = 0x800;
	} else if ((s[0] & 0xF8) == 0xF0) {
		need = 4; cp = s[0] & 0x07; min = 0x10000;
	} else
		return -1;
	if (n < need)
		return -1;
	for (i = 1; i < need; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return -1;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return -1;
	*len = need;
	return cp;
}

void
utf8_encode(struct buf *b, long cp)
{
	char	 o[4];

	if (cp < 0x80) {
		o[0] = (char)cp;
		buf_add(b, o, 1);
	} else if (cp < 0x800) {
		o[0] = (char)(0xC0 | (cp >> 6));
		o[1] = (char)(0x80 | (cp & 0x3F));
		buf_add(b, o, 2);
	} else if (cp < 0x10000) {
		o[0] = (char)(0xE0 | (cp >> 12));
		o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (char)(0x80 | (cp & 0x3F));
		buf_add(b, o, 3);
	} else {
		o[0] = (char)(0xF0 | (cp >> 18));
		o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		o[3] = (char)(0x80 | (cp & 0x3F));
		buf_add(b, o, 4);
	}
}

int
utf8_valid(const char *s, size_t n)
{
	size_t	 i, len;
	long	 cp;

	for (i = 0; i < n; i += len) {
		if ((cp = utf8_decode(s + i, n - i, &len)) < 0)
			return 0;
		if ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') ||
		    cp == 0x7F)
			return 0;
	}
	return 1;
}

size_t
utf8_len(const char *s)
{
	size_t	 n = 0;

	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

/* ---- Reading texts ---------------------------------------------------- */

/* Unicode white space beyond XML's four, and the controls. */
static int
text_anyspace(long cp)
{
	return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0xA0) ||
	    (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 ||
	    cp == 0x202F || cp == 0x205F || cp == 0x3000 || cp == 0x1680;
}

/*
 * 1 if s is already in NFC because every character is below U+0300 or
 * in U+2002..U+20CF (general punctuation, super- and subscripts,
 * currency signs: the apostrophe, dashes, spaces, the euro sign):
 * there NFC changes nothing and nothing combines.  Normalizing such
 * text would copy it unchanged, and most of a record's text is such.
 */
static int
nfc_already(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t	 i;

	for (i = 0; i < n; i++) {
		if (u[i] < 0xCC)
			continue;
		/* U+2002..U+20CF: E2 80 82 .. E2 83 8F. */
		if (u[i] != 0xE2 || i + 2 >= n || u[i + 2] < 0x80 ||
		    u[i + 2] > 0xBF || u[i + 1] < 0x80 || u[i + 1] > 0x83 ||
		    (u[i + 1] == 0x80 && u[i + 2] < 0x82) ||
		    (u[i + 1] == 0x83 && u[i + 2] > 0x8F))
			return 0;
		i += 2;
	}
	return 1;
}

char *
text_norm(const char *s, unsigned flags)
{
	struct buf	 b = BUF_INIT;
	uint8_t		*nfc = NULL;
	size_t		 n, i, len, nlen, keep;
	long		 cp;
	int		 space = 0, sp;

	buf_puts(&b, "");
	if (s == NULL)
		return buf_detach(&b);
	n = strlen(s);
	if ((flags & TEXT_NFC) && n > 0 && !nfc_already(s, n) &&
	    (nfc = u8_normalize(UNINORM_NFC,
	    (const uint8_t *)s, n, NULL, &nlen)) != NULL) {
		s = (const char *)nfc;
		n = nlen;
	}
	keep = 0;
	for (i = 0; i < n; i += len) {
		cp = utf8_decode(s + i, n - i, &len);
		if (cp < 0 && (flags & TEXT_ANYSPACE))
			continue;
		sp = cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' ||
		    (cp >= 0 && (flags & TEXT_ANYSPACE) && text_anyspace(cp));
		if (sp && (flags & TEXT_ONELINE)) {
			space = 1;
			continue;
		}
		if (sp && (flags & TEXT_TRIM) && b.len == 0)
			continue;
		if (space && (b.len > 0 || !(flags & TEXT_TRIM)))
			buf_putc(&b, ' ');
		space = 0;
		buf_add(&b, s + i, len);
		if (!sp)
			keep = b.len;
	}
	if (space && !(flags & TEXT_TRIM))
		buf_putc(&b, ' ');
	if (flags & TEXT_TRIM)
		buf_truncate(&b, keep);
	free(nfc);
	return buf_detach(&b);
}

int
utf8_visible(const char *s)
{
	size_t	 n, i, len;
	long	 cp;

	n = strlen(s);
	for (i = 0; i < n; i += len) {
		if ((cp = utf8_decode(s + i, n - i, &len)) < 0)
			return 1;
		if (cp == ' ' || text_anyspace(cp) || cp == 0x2800 ||
		    cp == 0x3164 || cp == 0xFFA0 || cp == 0x115F ||
		    cp == 0x1160 || cp == 0x034F || cp == 0x180E)
			continue;
		if (uc_is_property_default_ignorable_code_point((ucs4_t)cp) ||
		    uc_is_property_white_space((ucs4_t)cp) ||
		    uc_is_general_category((ucs4_t)cp, UC_FORMAT) ||
		    uc_is_general_category((ucs4_t)cp, UC_SEPARATOR) ||
		    uc_is_general_category((ucs4_t)cp, UC_NON_SPACING_MARK) ||
		    uc_is_general_category((ucs4_t)cp, UC_ENCLOSING_MARK))
			continue;
		return 1;
	}
	return 0;
}

const char *
utf8_foreign_script(const char *s, long *cpp)
{
	const uc_script_t	*sc;
	size_t			 n, i, len;
	long			 cp;

	n = strlen(s);
	for (i = 0; i < n; i += len) {
		if ((cp = utf8_decode(s + i, n - i, &len)) < 0x80)
			continue;
		if ((sc = uc_script((ucs4_t)cp)) == NULL ||
		    strcmp(sc->name, "Latin") == 0 ||
		    strcmp(sc->name, "Greek") == 0 ||
		    strcmp(sc->name, "Cyrillic") == 0 ||
		    strcmp(sc->name, "Common") == 0 ||
		    strcmp(sc->name, "Inherited") == 0)
			continue;
		if (cpp != NULL)
			*cpp = cp;
		return sc->name;
	}
	return NULL;
}

/* The windows-1252 byte that code point cp stands for, or -1. */
static int
cp1252_byte(long cp)
{
	static const unsigned short hi[32] = {
		0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
		0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
		0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
		0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178
	};
	int	 i;

	if (cp >= 0 && cp < 0x100)
		return (int)cp;
	for (i = 0; i < 32; i++)
		if (hi[i] == cp)
			return 0x80 + i;
	return -1;
}

int
utf8_mojibake(const char *s, size_t *off, size_t *len, long *cpp)
{
	char	 bytes[4];
	size_t	 n, i, j, l, need, k, blen;
	long	 cp, lead;
	int	 c;

	n = strlen(s);
	for (i = 0; i < n; i += l) {
		lead = utf8_decode(s + i, n - i, &l);
		if (lead < 0xC2 || lead > 0xF4)
			continue;
		need = lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
		bytes[0] = (char)lead;
		for (j = i + l, k = 1; k < need && j < n; k++, j += blen) {
			cp = utf8_decode(s + j, n - j, &blen);
			if ((c = cp1252_byte(cp)) < 0x80 || c > 0xBF)
				break;
			bytes[k] = (char)c;
		}
		if (k < need)
			continue;
		cp = utf8_decode(bytes, need, &blen);
		/* What French text holds: Latin letters, punctuation, €. */
		if (cp < 0 || blen != need || !((cp >= 0xA0 && cp < 0x250) ||
		    (cp >= 0x2000 && cp < 0x2070) || cp == 0x20AC))
			continue;
		*off = i;
		*len = j - i;
		*cpp = cp;
		return 1;
	}
	return 0;
}

int
words_have(char *const *v, const char *w)
{
	if (w == NULL)
		return 0;
	for (; v != NULL && *v != NULL; v++)
		if (strcmp(*v, w) == 0)
			return 1;
	return 0;
}

int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}
