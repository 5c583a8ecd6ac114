/* text.c: French text utilities: file-name slugs, typography, phone numbers, postal address blocks. */
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fold.h"
#include "util.h"
#include "text.h"

#define NBSP	0x00A0L		/* no-break space, before : and inside « » */
#define NNBSP	0x202FL		/* narrow no-break space, before ; ! ? */

/* ---- Characters. */

static int
text_isalnum(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9');
}

static int
text_upper(int c)
{
	return c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c;
}

static int
text_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* Any space, including the no-break ones. */
static int
text_isspace(long cp)
{
	return cp == ' ' || (cp >= '\t' && cp <= '\r') || cp == NBSP ||
	    (cp >= 0x2000 && cp <= 0x200A) || cp == NNBSP ||
	    cp == 0x205F || cp == 0x3000;
}

/* Combining diacritical marks, dropped by transliteration. */
static int
text_iscombining(long cp)
{
	return cp >= 0x0300 && cp <= 0x036F;
}

/* A letter, roughly: ASCII letters and non-ASCII code points that are
 * not punctuation, symbols or spaces of the ranges a text may hold. */
static int
text_isletter(long cp)
{
	if (cp < 0x80)
		return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
	if (cp < 0xC0 || cp == 0xD7 || cp == 0xF7)
		return 0;
	if (cp >= 0x2000 && cp <= 0x2BFF)
		return 0;
	if (cp >= 0x3000 && cp <= 0x303F)
		return 0;
	return !text_iscombining(cp);
}

/* The code point ending just before byte p of s (p > 0), and its
 * length in *len; -1 if those bytes are not valid UTF-8. */
static long
text_prev(const char *s, size_t p, size_t *len)
{
	size_t	 q, l;
	long	 cp;

	q = p - 1;
	while (q > 0 && p - q < 4 && ((unsigned char)s[q] & 0xC0) == 0x80)
		q--;
	cp = utf8_decode(s + q, p - q, &l);
	if (cp < 0 || l != p - q) {
		*len = 1;
		return -1;
	}
	*len = l;
	return cp;
}

/* ---- Transliteration to ASCII. */

/* Greek U+03B1 to U+03C9 (ELOT 743, simplified). */
static const char *const greek[25] = {
	"a", "v", "g", "d", "e", "z", "i", "th", "i", "k", "l", "m",
	"n", "x", "o", "p", "r", "s", "s", "t", "y", "f", "ch", "ps", "o"
};

/* Cyrillic U+0430 to U+044F (Russian, simplified BGN/PCGN). */
static const char *const cyril[32] = {
	"a", "b", "v", "g", "d", "e", "zh", "z", "i", "y", "k", "l",
	"m", "n", "o", "p", "r", "s", "t", "u", "f", "kh", "ts", "ch",
	"sh", "shch", "", "y", "", "e", "yu", "ya"
};

/* Cyrillic U+0450 to U+045F. */
static const char *const cyril2[16] = {
	"e", "e", "d", "g", "ye", "z", "i", "yi", "j", "lj", "nj", "c",
	"k", "i", "u", "dz"
};

/* Append the built-in transliteration of cp to b (maybe nothing). */
static void
text_table(long cp, struct buf *b)
{
	static const struct {
		long	 cp;
		long	 base;
	} gacc[] = {
		{ 0x386, 0x3B1 }, { 0x388, 0x3B5 }, { 0x389, 0x3B7 },
		{ 0x38A, 0x3B9 }, { 0x38C, 0x3BF }, { 0x38E, 0x3C5 },
		{ 0x38F, 0x3C9 }, { 0x390, 0x3B9 }, { 0x3AA, 0x3B9 },
		{ 0x3AB, 0x3C5 }, { 0x3AC, 0x3B1 }, { 0x3AD, 0x3B5 },
		{ 0x3AE, 0x3B7 }, { 0x3AF, 0x3B9 }, { 0x3B0, 0x3C5 },
		{ 0x3CA, 0x3B9 }, { 0x3CB, 0x3C5 }, { 0x3CC, 0x3BF },
		{ 0x3CD, 0x3C5 }, { 0x3CE, 0x3C9 }
	};
	size_t	 i;

	if (fold_latin(cp) != NULL) {
		buf_puts(b, fold_latin(cp));
		return;
	}
	for (i = 0; i < sizeof(gacc) / sizeof(gacc[0]); i++)
		if (gacc[i].cp == cp)
			cp = gacc[i].base;
	if (cp >= 0x391 && cp <= 0x3A9)
		cp += 0x20;
	if (cp >= 0x3B1 && cp <= 0x3C9)
		buf_puts(b, greek[cp - 0x3B1]);
	if (cp >= 0x410 && cp <= 0x42F)
		cp += 0x20;
	if (cp >= 0x400 && cp <= 0x40F)
		cp += 0x50;
	if (cp >= 0x430 && cp <= 0x44F)
		buf_puts(b, cyril[cp - 0x430]);
	if (cp >= 0x450 && cp <= 0x45F)
		buf_puts(b, cyril2[cp - 0x450]);
	if (cp == 0x490 || cp == 0x491)
		buf_puts(b, "g");
}

/*
 * Append the ASCII rendering of cp to b: iconv's transliteration with
 * its '?' dropped, else the built-in table, else nothing.
 */
static void
text_translit(iconv_t cd, long cp, struct buf *b)
{
	char		 in[4], out[32], *ip, *op;
	size_t		 il, ol, i, start;

	if (cp < 0x80) {
		buf_putc(b, (int)cp);
		return;
	}
	start = b->len;
	if (cd != (iconv_t)-1) {
		if (cp < 0x800) {
			in[0] = (char)(0xC0 | (cp >> 6));
			in[1] = (char)(0x80 | (cp & 0x3F));
			il = 2;
		} else if (cp < 0x10000) {
			in[0] = (char)(0xE0 | (cp >> 12));
			in[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
			in[2] = (char)(0x80 | (cp & 0x3F));
			il = 3;
		} else {
			in[0] = (char)(0xF0 | (cp >> 18));
			in[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
			in[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
			in[3] = (char)(0x80 | (cp & 0x3F));
			il = 4;
		}
		iconv(cd, NULL, NULL, NULL, NULL);
		ip = in;
		op = out;
		ol = sizeof(out);
		if (iconv(cd, &ip, &il, &op, &ol) != (size_t)-1)
			for (i = 0; i < (size_t)(op - out); i++)
				if (out[i] != '?' && out[i] >= ' ' &&
				    (unsigned char)out[i] < 0x7F)
					buf_putc(b, out[i]);
		if (b->len > start)
			return;
	}
	text_table(cp, b);
}

/*
 * Append s transliterated to ASCII to b; what has no rendering (and
 * invalid UTF-8) becomes a space, combining marks vanish.
 */
static void
text_ascii(struct buf *b, const char *s)
{
	iconv_t	 cd;
	size_t	 i, n, len, start;
	long	 cp;

	if (s == NULL)
		return;
	cd = iconv_open("ASCII//TRANSLIT", "UTF-8");
	n = strlen(s);
	for (i = 0; i < n; i += len) {
		cp = utf8_decode(s + i, n - i, &len);
		if (cp < 0) {
			buf_putc(b, ' ');
			continue;
		}
		if (text_iscombining(cp))
			continue;
		if (cp < 0x20 || cp == 0x7F) {
			buf_putc(b, ' ');
			continue;
		}
		start = b->len;
		text_translit(cd, cp, b);
		if (b->len == start)
			buf_putc(b, ' ');
	}
	if (cd != (iconv_t)-1)
		iconv_close(cd);
}

/* ---- Slugs and capitals. */

char *
text_slug(const char *utf8, size_t max)
{
	struct buf	 raw = BUF_INIT, out = BUF_INIT;
	const char	*p, *w;
	size_t		 wl, room, i;

	if (max < 8)
		max = 8;
	text_ascii(&raw, utf8);
	p = buf_str(&raw);
	for (;;) {
		while (*p != '\0' && !text_isalnum((unsigned char)*p))
			p++;
		if (*p == '\0')
			break;
		for (w = p; text_isalnum((unsigned char)*p); p++)
			continue;
		wl = (size_t)(p - w);
		if (out.len + (out.len > 0) >= max)
			break;
		room = max - out.len - (out.len > 0);
		if (wl > room) {
			/* Cut inside the word only if little was kept. */
			if (out.len < max / 2 && room > 0) {
				if (out.len > 0)
					buf_putc(&out, '-');
				for (i = 0; i < room; i++)
					buf_putc(&out, text_lower(w[i]));
			}
			break;
		}
		if (out.len > 0)
			buf_putc(&out, '-');
		for (i = 0; i < wl; i++)
			buf_putc(&out, text_lower(w[i]));
	}
	buf_free(&raw);
	if (out.len == 0)
		buf_puts(&out, "sans-nom");
	return buf_detach(&out);
}

void
text_upper_ascii(struct buf *b, const char *utf8)
{
	struct buf	 raw = BUF_INIT;
	const char	*p;
	int		 sep = 0, any = 0;

	text_ascii(&raw, utf8);
	for (p = buf_str(&raw); *p != '\0'; p++) {
		if (!text_isalnum((unsigned char)*p)) {
			sep = 1;
			continue;
		}
		if (sep && any)
			buf_putc(b, ' ');
		buf_putc(b, text_upper((unsigned char)*p));
		sep = 0;
		any = 1;
	}
	buf_free(&raw);
}

/* ---- Numbers. */

void
text_thousands(struct buf *b, long long n)
{
	char			 d[24];
	unsigned long long	 v;
	int			 len, i;

	if (n < 0) {
		buf_putc(b, '-');
		v = 0ULL - (unsigned long long)n;
	} else
		v = (unsigned long long)n;
	len = snprintf(d, sizeof(d), "%llu", v);
	for (i = 0; i < len; i++) {
		if (i > 0 && (len - i) % 3 == 0)
			utf8_encode(b, NNBSP);
		buf_putc(b, d[i]);
	}
}

int
text_phone_fr(struct buf *b, const char *in)
{
	char	 d[10];
	size_t	 i, n, len;
	long	 cp;
	int	 nd = 0, k;

	n = strlen(in);
	for (i = 0; i < n; i += len) {
		cp = utf8_decode(in + i, n - i, &len);
		if (cp >= '0' && cp <= '9') {
			if (nd == 10)
				goto bad;
			d[nd++] = (char)cp;
		} else if (cp != ' ' && cp != '.' && cp != '-' &&
		    cp != NBSP && cp != NNBSP)
			goto bad;
	}
	if (nd != 10)
		goto bad;
	for (k = 0; k < 10; k++) {
		if (k > 0 && k % 2 == 0)
			utf8_encode(b, NBSP);
		buf_putc(b, d[k]);
	}
	return 0;
bad:
	buf_puts(b, in);
	return -1;
}

/* ---- French spacing. */

struct span {
	size_t	 start, end;
};

/* Whether the word s[0..n) is a URL or an e-mail address. */
static int
text_isurl(const char *s, size_t n)
{
	size_t	 i, at = n;

	if (n >= 4 && strncmp(s, "www.", 4) == 0)
		return 1;
	if (n >= 4 && strncmp(s, "WWW.", 4) == 0)
		return 1;
	if (n >= 7 && strncmp(s, "mailto:", 7) == 0)
		return 1;
	for (i = 0; i + 3 <= n; i++)
		if (memcmp(s + i, "://", 3) == 0)
			return 1;
	for (i = 0; i < n; i++)
		if (s[i] == '@') {
			at = i;
			break;
		}
	if (at == 0 || at >= n || !text_isalnum((unsigned char)s[at - 1]))
		return 0;
	for (i = at + 1; i + 1 < n; i++)
		if (s[i] == '.' && i > at + 1 &&
		    text_isalnum((unsigned char)s[i + 1]))
			return 1;
	return 0;
}

/* Closing punctuation: trimmed off a word before testing it for a
 * URL, and what may follow a punctuation mark that gets a space. */
static int
text_isclosing(long cp)
{
	return cp == ')' || cp == ']' || cp == '}' || cp == '>' ||
	    cp == '"' || cp == '\'' || cp == 0xBB || cp == 0x2019 ||
	    cp == 0x201D || cp == '.' || cp == ',' || cp == ';' ||
	    cp == ':' || cp == '!' || cp == '?' || cp == 0x2026;
}

/* The spans of s[0..n) to copy untouched: URLs and e-mail addresses,
 * from their first letter or digit, without the closing brackets,
 * quotes and punctuation after them. */
static struct span *
text_protected(const char *s, size_t n, size_t *np)
{
	struct span	*v = NULL;
	size_t		 i, ws, we, cs, ce, len, nv = 0;
	long		 cp;

	for (i = 0; i < n; ) {
		cp = utf8_decode(s + i, n - i, &len);
		if (text_isspace(cp)) {
			i += len;
			continue;
		}
		for (ws = i; i < n; i += len) {
			cp = utf8_decode(s + i, n - i, &len);
			if (text_isspace(cp))
				break;
		}
		we = i;
		for (cs = ws; cs < we; cs += len) {
			cp = utf8_decode(s + cs, we - cs, &len);
			if (text_isletter(cp) || (cp >= '0' && cp <= '9'))
				break;
		}
		for (ce = we; ce > cs; ce -= len) {
			cp = text_prev(s, ce, &len);
			if (!text_isclosing(cp))
				break;
		}
		if (ce > cs && text_isurl(s + cs, ce - cs)) {
			v = xrealloc(v, (nv + 1) * sizeof(*v));
			v[nv].start = cs;
			v[nv].end = ce;
			nv++;
		}
	}
	*np = nv;
	return v;
}

/* Whether a straight double quote at s[i] may open a quotation. */
static int
text_quote_opens(const char *s, size_t n, size_t i)
{
	size_t	 len;
	long	 prev, next;

	/* After « too, as the spacing pass puts a space there. */
	prev = i > 0 ? text_prev(s, i, &len) : ' ';
	if (!text_isspace(prev) && prev != '(' && prev != '[' &&
	    prev != 0xAB && prev != 0x2013 && prev != 0x2014)
		return 0;
	if (i + 1 >= n)
		return 0;
	next = utf8_decode(s + i + 1, n - i - 1, &len);
	return next >= 0 && !text_isspace(next) && next != '"';
}

/* Whether a straight double quote at s[j] may close a quotation. */
static int
text_quote_closes(const char *s, size_t n, size_t j)
{
	size_t	 len;
	long	 prev, next;

	prev = text_prev(s, j, &len);
	if (prev < 0 || text_isspace(prev))
		return 0;
	if (j + 1 >= n)
		return 1;
	next = utf8_decode(s + j + 1, n - j - 1, &len);
	return text_isspace(next) || text_isclosing(next);
}

/* Turn clearly paired straight double quotes into « ». */
static void
text_quotes(struct buf *out, const char *s, size_t n)
{
	struct span	*sp;
	size_t		 nsp, r = 0, i, k, j;

	sp = text_protected(s, n, &nsp);
	for (i = 0; i < n; ) {
		while (r < nsp && sp[r].end <= i)
			r++;
		if (r < nsp && sp[r].start <= i) {
			buf_add(out, s + i, sp[r].end - i);
			i = sp[r].end;
			continue;
		}
		if (s[i] != '"' || !text_quote_opens(s, n, i)) {
			buf_putc(out, s[i++]);
			continue;
		}
		j = n;
		for (k = i + 1; k < n; k++) {
			if (s[k] == '"') {
				j = k;
				break;
			}
			/* No « » inside: it keeps the pairing stable once
			 * some quotes have been turned into guillemets. */
			if (s[k] == '\xC2' && k + 1 < n &&
			    (s[k + 1] == '\xAB' || s[k + 1] == '\xBB'))
				break;
			if (s[k] == '\n' && k + 1 < n && (s[k + 1] == '\n' ||
			    (s[k + 1] == '\r' && k + 2 < n &&
			    s[k + 2] == '\n')))
				break;	/* end of paragraph */
		}
		if (j == n || !text_quote_closes(s, n, j)) {
			buf_putc(out, s[i++]);
			continue;
		}
		utf8_encode(out, 0xAB);
		buf_add(out, s + i + 1, j - i - 1);
		utf8_encode(out, 0xBB);
		i = j + 1;
	}
	free(sp);
}

/* Whether out, from base, ends with the scheme name "http" and the like
 * (so that "https:" gets no space). */
static int
text_after_scheme(const struct buf *out, size_t base)
{
	static const char *const schemes[] = {
		"http", "https", "ftp", "mailto", "file"
	};
	size_t	 i, l, k;

	for (i = 0; i < sizeof(schemes) / sizeof(schemes[0]); i++) {
		l = strlen(schemes[i]);
		if (out->len - base < l)
			continue;
		for (k = 0; k < l; k++)
			if (text_lower((unsigned char)
			    out->s[out->len - l + k]) != schemes[i][k])
				break;
		if (k < l)
			continue;
		if (out->len - base == l ||
		    !text_isletter((unsigned char)out->s[out->len - l - 1]))
			return 1;
	}
	return 0;
}

/*
 * Put the space sp before the punctuation about to be appended to out
 * (written from base on): replace the spaces out ends with, or insert
 * one when insert allows it.  Lines starting with the punctuation are
 * left alone.
 */
static void
text_space_before(struct buf *out, size_t base, long sp, long next,
    int always)
{
	size_t	 p, len;
	long	 prev;
	int	 had = 0;

	for (p = out->len; p > base; p -= len) {
		prev = text_prev(out->s, p, &len);
		if (prev != ' ' && prev != NBSP && prev != NNBSP)
			break;
		had = 1;
	}
	if (p == base)
		return;
	prev = text_prev(out->s, p, &len);
	if (prev < 0 || prev == '\n' || prev == '\r' || prev == '\t' ||
	    prev == '\v' || prev == '\f')
		return;
	if (!had && !always) {
		if (prev == ';' || prev == ':' || prev == '!' || prev == '?' ||
		    prev == '(' || prev == '[' || prev == '{' || prev == '/' ||
		    prev == '"' || prev == '\'' || prev == 0xAB || prev == '-')
			return;
		if (next >= 0 && !text_isspace(next) && !text_isclosing(next))
			return;
		if (sp == NBSP && text_after_scheme(out, base))
			return;
	}
	buf_truncate(out, p);
	utf8_encode(out, sp);
}

/* Abbreviations that stay with the word after them ("n° 1", "art. 10";
 * titles only before a capital: "M. Dupont", not "Mmes et messieurs"). */
static const char *const text_glued[] = {
	"n°", "N°", "art.", "Art.",
	"M.", "MM.", "Mme", "Mmes", "Mlle", "Mlles", "Dr", "Pr"
};
#define TEXT_GLUED_ANY	4	/* the first ones before any letter or digit */

#define D(c)	((c) >= '0' && (c) <= '9')

long
text_glue(const char *prev, size_t plen, const char *next, size_t nlen)
{
	size_t	 w, len, i;
	long	 last, first;

	if (plen == 0 || nlen == 0)
		return 0;
	last = text_prev(prev, plen, &len);
	first = utf8_decode(next, nlen, &len);
	if (last >= '0' && last <= '9') {
		if (first == 0x20AC || first == '%' || first == 0x2030)
			return NNBSP;
		/* "10 000": a group of exactly three digits. */
		if (nlen >= 3 && D(next[0]) &&
		    D(next[1]) &&
		    D(next[2]) && (nlen == 3 ||
		    !D(next[3])))
			return NNBSP;
		return 0;
	}
	if (!text_isletter(first) && !(first >= '0' && first <= '9'))
		return 0;
	for (w = plen; w > 0; w -= len) {
		last = text_prev(prev, w, &len);
		if (text_isspace(last) || last == '(' || last == 0xAB)
			break;
	}
	for (i = 0; i < sizeof(text_glued) / sizeof(text_glued[0]); i++)
		if ((i < TEXT_GLUED_ANY || (first >= 'A' && first <= 'Z') ||
		    (first >= 0xC0 && first <= 0xDE)) &&
		    strlen(text_glued[i]) == plen - w &&
		    memcmp(prev + w, text_glued[i], plen - w) == 0)
			return NBSP;
	return 0;
}

/*
 * Marks that are not spacing: “ ” become « », three dots an ellipsis
 * glued to the word before it ("associatif ..." -> "associatif…").
 */
static void
text_marks(struct buf *out, const char *s, size_t n)
{
	size_t	 i, len, p, l2;
	long	 cp, prev;

	for (i = 0; i < n; i += len) {
		cp = utf8_decode(s + i, n - i, &len);
		if (cp == 0x201C || cp == 0x201D) {
			utf8_encode(out, cp == 0x201C ? 0xAB : 0xBB);
			continue;
		}
		if (cp == '.' && (i == 0 || s[i - 1] != '.') && i + 3 <= n &&
		    s[i + 1] == '.' &&
		    s[i + 2] == '.' && (i + 3 == n || s[i + 3] != '.')) {
			for (p = out->len; p > 0 && out->s[p - 1] == ' '; p--)
				;
			prev = p > 0 ? text_prev(out->s, p, &l2) : -1;
			if (p < out->len && (text_isletter(prev) ||
			    (prev >= '0' && prev <= '9')))
				buf_truncate(out, p);
			utf8_encode(out, 0x2026);
			len = 3;
			continue;
		}
		buf_add(out, s + i, len);
	}
}

/* The spacing pass proper, on text whose quotes are already « ». */
static void
text_spacing(struct buf *out, const char *s, size_t n)
{
	struct span	*sp;
	size_t		 nsp, r = 0, i, j, len, l2, base;
	long		 cp, next, prev;

	base = out->len;
	sp = text_protected(s, n, &nsp);
	for (i = 0; i < n; i += len) {
		while (r < nsp && sp[r].end <= i)
			r++;
		if (r < nsp && sp[r].start <= i) {
			buf_add(out, s + i, sp[r].end - i);
			len = sp[r].end - i;
			continue;
		}
		cp = utf8_decode(s + i, n - i, &len);
		next = i + len < n ? utf8_decode(s + i + len, n - i - len,
		    &l2) : -1;
		switch (cp) {
		case ';':
		case '!':
		case '?':
			text_space_before(out, base, NNBSP, next, 0);
			break;
		case ':':
			text_space_before(out, base, NBSP, next, 0);
			break;
		case 0xBB:
			text_space_before(out, base, NBSP, next, 1);
			break;
		case 0xAB:
			utf8_encode(out, cp);
			for (j = i + len; j < n; j += l2) {
				next = utf8_decode(s + j, n - j, &l2);
				if (next != ' ' && next != NBSP &&
				    next != NNBSP)
					break;
			}
			if (j < n && s[j] != '\n' && s[j] != '\r') {
				utf8_encode(out, NBSP);
				len = j - i;
			}
			continue;
		case ' ':
			if (!(r < nsp && sp[r].start == i + len) &&
			    (prev = text_glue(out->s + base, out->len - base,
			    s + i + len, n - i - len)) != 0) {
				utf8_encode(out, prev);
				continue;
			}
			break;
		case '\'':
			prev = i > 0 ? text_prev(s, i, &l2) : -1;
			if (text_isletter(prev) && text_isletter(next)) {
				utf8_encode(out, 0x2019);
				continue;
			}
			break;
		default:
			break;
		}
		buf_add(out, s + i, len);
	}
	free(sp);
}

/*
 * The results of the pass, by text: a letter's texts are mostly the
 * same from one letter to the next (the template's sentences, the
 * call's names), and the pass is a function of its text alone.  An
 * open-addressed table, emptied whenever it is half full or holds more
 * than 64 KB of text, so its size stays bounded whatever the round.
 * Process-wide and not locked: nothing calls this from two threads.
 */
#define SPACING_SLOTS	1024		/* a power of two */
#define SPACING_BYTES	(64 * 1024)

struct spacing_memo {
	char		*in, *out;
	size_t		 outlen;
	unsigned long	 hash;
};

static struct spacing_memo *spacing_memo;
static size_t	 spacing_used, spacing_bytes;

static void
spacing_clear(void)
{
	size_t	 i;

	for (i = 0; i < SPACING_SLOTS; i++) {
		free(spacing_memo[i].in);
		free(spacing_memo[i].out);
		spacing_memo[i].in = spacing_memo[i].out = NULL;
	}
	spacing_used = spacing_bytes = 0;
}

static void
text_french_spacing1(struct buf *out, const char *in, size_t n)
{
	struct buf	 m = BUF_INIT, q = BUF_INIT;

	text_marks(&m, in, n);
	text_quotes(&q, buf_str(&m), m.len);
	text_spacing(out, buf_str(&q), q.len);
	buf_free(&m);
	buf_free(&q);
}

void
text_french_spacing(struct buf *out, const char *in)
{
	struct spacing_memo *e;
	unsigned long	 h = 1469598103934665603UL;
	size_t		 n, i, base;

	if (in == NULL)
		return;
	for (n = 0; in[n] != '\0'; n++)
		h = (h ^ (unsigned char)in[n]) * 1099511628211UL;
	if (spacing_memo == NULL)
		spacing_memo = xcalloc(SPACING_SLOTS, sizeof(*spacing_memo));
	for (i = h & (SPACING_SLOTS - 1); ; i = (i + 1) & (SPACING_SLOTS - 1)) {
		e = &spacing_memo[i];
		if (e->in == NULL)
			break;
		if (e->hash == h && strcmp(e->in, in) == 0) {
			buf_add(out, e->out, e->outlen);
			return;
		}
	}
	base = out->len;
	text_french_spacing1(out, in, n);
	if (spacing_used + 1 > SPACING_SLOTS / 2 ||
	    spacing_bytes + n + (out->len - base) > SPACING_BYTES) {
		spacing_clear();
		for (i = h & (SPACING_SLOTS - 1); spacing_memo[i].in != NULL;
		    i = (i + 1) & (SPACING_SLOTS - 1))
			;
		e = &spacing_memo[i];
	}
	e->in = xstrndup(in, n);
	e->out = xstrndup(buf_str(out) + base, out->len - base);
	e->outlen = out->len - base;
	e->hash = h;
	spacing_used++;
	spacing_bytes += n + e->outlen;
}

/* ---- Address blocks. */

/* La Poste's abbreviations of street and title words (the key in
 * capitals without accents). */
static const struct {
	const char	*word;
	const char	*abbr;
} text_abbrevs[] = {
	{ "ALLEE", "ALL" },
	{ "APPARTEMENT", "APP" },
	{ "AVENUE", "AV" },
	{ "BATIMENT", "BAT" },
	{ "BOULEVARD", "BD" },
	{ "CENTRE", "CTRE" },
	{ "CHAUSSEE", "CHS" },
	{ "CHEMIN", "CHE" },
	{ "COURS", "CRS" },
	{ "DOCTEUR", "DR" },
	{ "DOMAINE", "DOM" },
	{ "ESCALIER", "ESC" },
	{ "ESPLANADE", "ESP" },
	{ "FAUBOURG", "FG" },
	{ "GENERAL", "GAL" },
	{ "HAMEAU", "HAM" },
	{ "IMMEUBLE", "IMM" },
	{ "IMPASSE", "IMP" },
	{ "LOTISSEMENT", "LOT" },
	{ "MARECHAL", "MAL" },
	{ "PASSAGE", "PAS" },
	{ "PLACE", "PL" },
	{ "PRESIDENT", "PDT" },
	{ "PROFESSEUR", "PR" },
	{ "PROMENADE", "PROM" },
	{ "QUARTIER", "QUA" },
	{ "RESIDENCE", "RES" },
	{ "ROUTE", "RTE" },
	{ "SAINT", "ST" },
	{ "SAINTE", "STE" },
	{ "SQUARE", "SQ" }
};

/* Abbreviate the first word of *line found in the table, keeping its
 * case ("BD", "Bd", "bd"); 1 if one was. */
static int
text_abbrev_one(char **line)
{
	struct buf	 w = BUF_INIT, key = BUF_INIT, asc = BUF_INIT;
	struct buf	 nl = BUF_INIT;
	const char	*s = *line, *a;
	size_t		 i, n, len, ws, k, nab;
	long		 cp;
	int		 first, all, found = 0;

	nab = sizeof(text_abbrevs) / sizeof(text_abbrevs[0]);
	n = strlen(s);
	for (i = 0; i < n && !found; ) {
		cp = utf8_decode(s + i, n - i, &len);
		if (!text_isletter(cp)) {
			i += len;
			continue;
		}
		for (ws = i; i < n; i += len) {
			cp = utf8_decode(s + i, n - i, &len);
			if (!text_isletter(cp))
				break;
		}
		buf_truncate(&w, 0);
		buf_add(&w, s + ws, i - ws);
		buf_truncate(&key, 0);
		text_upper_ascii(&key, buf_str(&w));
		for (k = 0; k < nab; k++)
			if (strcmp(buf_str(&key), text_abbrevs[k].word) == 0)
				break;
		if (k == nab)
			continue;
		buf_truncate(&asc, 0);
		text_ascii(&asc, buf_str(&w));
		first = asc.len > 0 && asc.s[0] >= 'A' && asc.s[0] <= 'Z';
		all = first && strcspn(asc.s, "abcdefghijklmnopqrstuvwxyz") ==
		    asc.len;
		buf_add(&nl, s, ws);
		for (a = text_abbrevs[k].abbr; *a != '\0'; a++)
			buf_putc(&nl, all || (first && a ==
			    text_abbrevs[k].abbr) ? *a : text_lower(*a));
		buf_puts(&nl, s + i);
		found = 1;
	}
	buf_free(&w);
	buf_free(&key);
	buf_free(&asc);
	if (found) {
		free(*line);
		*line = buf_detach(&nl);
	}
	return found;
}

/* Byte offset of the first code points of s that fit in width, or
 * strlen(s) when it all fits. */
static size_t
text_fit(const char *s, size_t width)
{
	size_t	 i, n, len, k;

	n = strlen(s);
	for (i = 0, k = 0; i < n; i += len, k++) {
		if (k == width)
			return i;
		(void)utf8_decode(s + i, n - i, &len);
	}
	return n;
}

/*
 * Split s where it must end to fit width: at the last space that keeps
 * at least half of the width, else at width code points.  Returns the
 * length of the head; *rest is where the tail starts (after the space).
 */
static size_t
text_split(const char *s, size_t width, const char **rest)
{
	size_t	 cut, i, half;

	cut = text_fit(s, width);
	if (s[cut] == '\0') {
		*rest = s + cut;
		return cut;
	}
	if (s[cut] == ' ') {
		*rest = s + cut + 1;
		return cut;
	}
	half = text_fit(s, width / 2);
	for (i = cut; i > half; i--)
		if (s[i - 1] == ' ') {
			*rest = s + i;
			return i - 1;
		}
	*rest = s + cut;
	return cut;
}

/* Cut s in place to fit width, at a word boundary when possible, and
 * drop the spaces and punctuation it then ends with. */
static void
text_cut(char *s, size_t width)
{
	const char	*rest;
	size_t		 l;

	l = text_split(s, width, &rest);
	while (l > 0 && strchr(" ,;:-/", s[l - 1]) != NULL)
		l--;
	s[l] = '\0';
}

/*
 * A person's line ("Mme Marie-Madeleine Dupont-Lefebvre"): the first name
 * (the word after the civility, when a surname follows) to its initials,
 * "Mme M.-M. Dupont-Lefebvre".  Returns 1 when done.
 */
static int
text_initial(char **line)
{
	static const char *const civ[] = { "M. ", "Mme ", "Mlle ", "MM. " };
	struct buf	 nl = BUF_INIT;
	const char	*s = *line, *fn, *end, *p;
	size_t		 i, len;
	int		 start = 1;

	for (i = 0; i < sizeof(civ) / sizeof(civ[0]); i++)
		if (strncmp(s, civ[i], strlen(civ[i])) == 0)
			break;
	if (i == sizeof(civ) / sizeof(civ[0]))
		return 0;
	fn = s + strlen(civ[i]);
	if ((end = strchr(fn, ' ')) == NULL || end[1] == '\0' ||
	    (end - fn == 2 && fn[1] == '.'))
		return 0;	/* no surname after it, or already an initial */
	buf_add(&nl, s, (size_t)(fn - s));
	for (p = fn; p < end; p += len) {
		long cp = utf8_decode(p, (size_t)(end - p), &len);

		if (cp == '-') {
			buf_puts(&nl, "-");
			start = 1;
		} else if (start) {
			buf_add(&nl, p, len);
			buf_putc(&nl, '.');
			start = 0;
		}
	}
	buf_puts(&nl, end);
	free(*line);
	*line = buf_detach(&nl);
	return 1;
}

/* A hair under the window: layout must find the same lines fit. */
#define TEXT_ADDR_EPS	0.01

/* The width of s at 1 pt, or 0 without a measure. */
static double
addr_width(const struct text_measure *m, const char *s)
{
	return m == NULL ? 0 : m->width(m->arg, s);
}

/* Whether s is a person's line, or names one ("À l'attention de"). */
static int
addr_person(const char *s)
{
	static const char *const start[] = { "M. ", "Mme ", "Mlle ",
	    "MM. ", "Mmes ", "Mlles ", "Madame ", "Monsieur ",
	    "À l’attention ", "À l'attention ", "A l'attention " };
	size_t	 i;

	for (i = 0; i < sizeof(start) / sizeof(start[0]); i++)
		if (strncmp(s, start[i], strlen(start[i])) == 0)
			return 1;
	return 0;
}

/* Whether s fits: at most TEXT_ADDR_WIDTH code points and, measured,
 * no wider than the window at size. */
static int
addr_fits(const struct text_measure *m, const char *s, double size)
{
	if (utf8_len(s) > TEXT_ADDR_WIDTH)
		return 0;
	return m == NULL ||
	    addr_width(m, s) * size <= m->window - TEXT_ADDR_EPS;
}

/* The smallest size the block may take. */
static double
addr_min(const struct text_measure *m)
{
	if (m == NULL)
		return 0;
	return m->min_size > 0 && m->min_size < m->size ? m->min_size :
	    m->size;
}

/*
 * The largest size on layout's grid (the style's size, a quarter point
 * smaller at a time, down to the min-size) at which every line of v
 * fits; 0 when even the min-size does not do.
 */
static double
addr_size(const struct text_measure *m, char *const *v, size_t n)
{
	double	 s, min;
	size_t	 i;

	if (m == NULL)
		return 0;
	min = addr_min(m);
	for (s = m->size; s >= min - 1e-9; s -= 0.25) {
		for (i = 0; i < n && addr_fits(m, v[i], s); i++)
			continue;
		if (i == n)
			return s;
	}
	return 0;
}

/* The longest head of s, ending before a space, that fits at size: its
 * length, or 0 when not even its first word does. */
static size_t
addr_head(const struct text_measure *m, const char *s, double size)
{
	char	*t;
	size_t	 i, best = 0;
	int	 ok;

	for (i = 1; ; i++) {
		if (s[i] != ' ' && s[i] != '\0')
			continue;
		t = xstrndup(s, i);
		ok = addr_fits(m, t, size);
		free(t);
		if (!ok)
			break;
		best = i;
		if (s[i] == '\0')
			break;
	}
	return best;
}

/*
 * The recipient over two lines: the split at a space at which both
 * halves fit the largest size (the later split on a tie: the longer
 * first line).  Returns the length of the head, *rest where the tail
 * starts, or 0 when no split makes both fit.
 */
static size_t
addr_split2(const struct text_measure *m, const char *s, const char **rest)
{
	char		*v[2];
	size_t		 i, best = 0;
	double		 sz, bestsz = -1;

	for (i = 1; s[i] != '\0'; i++) {
		if (s[i] != ' ')
			continue;
		v[0] = xstrndup(s, i);
		v[1] = xstrdup(s + i + 1);
		if (m == NULL)
			sz = addr_fits(m, v[0], 0) && addr_fits(m, v[1], 0) ?
			    1 : -1;
		else
			sz = addr_size(m, v, 2) > 0 ? addr_size(m, v, 2) : -1;
		if (sz >= 0 && sz >= bestsz) {
			bestsz = sz;
			best = i;
		}
		free(v[0]);
		free(v[1]);
	}
	if (best > 0)
		*rest = s + best + 1;
	return best;
}

/* Record s (input line idx; first: the recipient's) as the first line
 * that does not fit. */
static void
addr_misfit(const struct text_measure *m, struct text_addr_fit *fit,
    const char *s, size_t idx, int first)
{
	double	 min = addr_min(m), w;
	size_t	 h1, h2;
	const char *r;

	if (fit->flags & TEXT_ADDR_TRUNCATED)
		return;
	fit->flags |= TEXT_ADDR_TRUNCATED;
	fit->line = (int)idx;
	fit->text = xstrdup(s);
	fit->chars = utf8_len(s) > TEXT_ADDR_WIDTH ? (int)utf8_len(s) : 0;
	w = addr_width(m, s) * min;
	fit->over = m != NULL && w > m->window ? w - m->window : 0;
	if (!first || strchr(s, ' ') == NULL ||
	    (h1 = addr_head(m, s, min)) == 0 || s[h1] == '\0')
		return;
	/* The recipient over two lines: what is left over. */
	r = s + h1 + 1;
	h2 = addr_head(m, r, min);
	if (h2 > 0 && r[h2] == '\0')
		return;
	r = h2 > 0 ? r + h2 + 1 : r;
	fit->wrapped = 1;
	fit->rest = xstrdup(r);
	fit->over = addr_width(m, r) * min;
	fit->chars = (int)utf8_len(r);
}

int
text_address_fit(char *out[TEXT_ADDR_LINES], const char *const *lines,
    size_t nlines, const struct text_measure *m, struct text_addr_fit *fit)
{
	struct buf	 town = BUF_INIT;
	char		**in, *t;
	const char	*rest;
	size_t		*idx, i, n = 0, maxl, l;
	double		 full, min;

	memset(fit, 0, sizeof(*fit));
	fit->line = -1;
	for (i = 0; i < TEXT_ADDR_LINES; i++)
		out[i] = NULL;
	maxl = m != NULL && m->max_lines >= 3 &&
	    m->max_lines < TEXT_ADDR_LINES ? (size_t)m->max_lines :
	    TEXT_ADDR_LINES;
	full = m != NULL ? m->size : 0;
	min = addr_min(m);
	in = xcalloc(nlines + 2, sizeof(*in));
	idx = xcalloc(nlines + 2, sizeof(*idx));
	for (i = 0; i < nlines; i++) {
		if (lines[i] == NULL)
			continue;
		t = text_norm(lines[i], TEXT_TRIM | TEXT_ONELINE | TEXT_ANYSPACE);
		if (*t == '\0')
			free(t);
		else {
			idx[n] = i;
			in[n++] = t;
		}
	}
	if (n == 0) {
		free(in);
		free(idx);
		return -1;
	}

	/* Too many lines: drop those right after the recipient. */
	while (n > maxl) {
		free(in[1]);
		memmove(in + 1, in + 2, (n - 2) * sizeof(*in));
		memmove(idx + 1, idx + 2, (n - 2) * sizeof(*idx));
		n--;
		fit->flags |= TEXT_ADDR_DROPPED;
	}

	/* The town line, in capitals. */
	text_upper_ascii(&town, in[n - 1]);
	free(in[n - 1]);
	in[n - 1] = buf_detach(&town);
	if (*in[n - 1] == '\0') {
		free(in[n - 1]);
		in[n - 1] = xstrdup("?");
	}

	/* 1. La Poste's abbreviations, while wider than the window at the
	 * style's size: a full-size word shortened rather than a smaller
	 * block.  Only where La Poste abbreviates, the delivery lines: never
	 * the recipient's name or a person's. */
	for (i = 1; i < n; i++)
		while (!addr_person(in[i]) && !addr_fits(m, in[i], full) &&
		    text_abbrev_one(&in[i]))
			fit->flags |= TEXT_ADDR_ABBREV;
	/* 2. A smaller size does for what fits at the min-size (measured
	 * below).  3. Else a person's first name to its initials. */
	for (i = 0; i + 1 < n; i++)
		if (!addr_fits(m, in[i], min) && text_initial(&in[i]))
			fit->flags |= TEXT_ADDR_INITIALS;
	/*
	 * 4. The recipient over two lines.  A full block (6 lines) then
	 * loses line 2 first.  The project's domain note (shared/notes/
	 * domain.md) gives NF Z10-011's order, "recipient, complement,
	 * building, number and street, lieu-dit or BP, postcode and town":
	 * line 2 is the complement, the contact ("À l'attention de …"),
	 * which La Poste does not need to deliver, where line 3 (building,
	 * entrance) still guides the postman, and lines 4 to 6 are the
	 * address itself.  The note does not rank the optional lines; this
	 * is the order the block already drops lines in when there are too
	 * many.  Dropped only when that makes the recipient fit.
	 */
	if (n >= 2 && !addr_fits(m, in[0], min) &&
	    (l = addr_split2(m, in[0], &rest)) > 0 &&
	    (n + 1 <= maxl || n >= 4)) {
		t = in[0];
		if (n + 1 > maxl) {
			free(in[1]);
			memmove(in + 1, in + 2, (n - 2) * sizeof(*in));
			memmove(idx + 1, idx + 2, (n - 2) * sizeof(*idx));
			n--;
			fit->flags |= TEXT_ADDR_DROPPED;
		}
		memmove(in + 2, in + 1, (n - 1) * sizeof(*in));
		memmove(idx + 2, idx + 1, (n - 1) * sizeof(*idx));
		in[0] = xstrndup(t, l);
		in[1] = xstrdup(rest);
		idx[1] = idx[0];
		n++;
		free(t);
		fit->flags |= TEXT_ADDR_WRAPPED;
	}

	/* Whatever still does not fit: the caller's error, never printed. */
	for (i = 0; i < n; i++)
		if (!addr_fits(m, in[i], min)) {
			addr_misfit(m, fit, in[i], idx[i], i == 0);
			if (utf8_len(in[i]) > TEXT_ADDR_WIDTH)
				text_cut(in[i], TEXT_ADDR_WIDTH);
		}
	if (m != NULL) {
		fit->size = addr_size(m, in, n);
		if (fit->size == 0)
			fit->size = min;
		if (fit->size < full)
			fit->flags |= TEXT_ADDR_SMALLER;
	}
	for (i = 0; i < n; i++)
		out[i] = in[i];
	free(in);
	free(idx);
	return (int)n;
}

void
text_addr_fit_free(struct text_addr_fit *fit)
{
	free(fit->text);
	free(fit->rest);
	fit->text = fit->rest = NULL;
}

int
text_address_block(char *out[TEXT_ADDR_LINES], const char *const *lines,
    size_t nlines, int *flags)
{
	struct text_addr_fit fit;
	int	 n;

	n = text_address_fit(out, lines, nlines, NULL, &fit);
	if (flags != NULL)
		*flags = fit.flags;
	text_addr_fit_free(&fit);
	return n;
}

void
text_address_free(char *out[TEXT_ADDR_LINES])
{
	size_t	 i;

	for (i = 0; i < TEXT_ADDR_LINES; i++) {
		free(out[i]);
		out[i] = NULL;
	}
}
