/* sniff.c: the byte-order mark and declared encoding of an XML file, line ends, UTF-8 declared as Latin-1. */
#include <string.h>
#include <strings.h>

#include "i18n.h"
#include "sniff.h"
#include "util.h"

static const char *const bom_name[] = {
	"", "UTF-8", "UTF-16LE", "UTF-16BE", "UTF-32LE", "UTF-32BE"
};

/* Copy the declaration's encoding (ASCII bytes in a) into s->declared. */
static void
sniff_decl(const char *a, size_t n, struct sniff *s)
{
	const char	*p, *end = a + n;
	size_t		 k;
	char		 q;

	if (n < 5 || memcmp(a, "<?xml", 5) != 0)
		return;
	for (p = a + 5; p + 8 < end && *p != '>'; p++) {
		if (memcmp(p, "encoding", 8) != 0)
			continue;
		for (p += 8; p < end && strchr(" \t\r\n", *p) != NULL; p++)
			continue;
		if (p >= end || *p != '=')
			return;
		for (p++; p < end && strchr(" \t\r\n", *p) != NULL; p++)
			continue;
		if (p >= end || (*p != '"' && *p != '\''))
			return;
		q = *p++;
		for (k = 0; p + k < end && p[k] != q &&
		    k + 1 < sizeof(s->declared); k++)
			s->declared[k] = p[k];
		s->declared[k] = '\0';
		return;
	}
}

/* 1 if the declared name is one of the encodings of BOM b. */
static int
sniff_fits(const char *d, enum sniff_bom b)
{
	switch (b) {
	case SNIFF_UTF8:
		return strcasecmp(d, "UTF-8") == 0 || strcasecmp(d, "UTF8") == 0;
	case SNIFF_UTF16LE:
	case SNIFF_UTF16BE:
		return strncasecmp(d, "UTF-16", 6) == 0 ||
		    strcasecmp(d, "UTF16") == 0 || strcasecmp(d, "UCS-2") == 0;
	default:
		return strncasecmp(d, "UTF-32", 6) == 0 ||
		    strcasecmp(d, "UCS-4") == 0;
	}
}

int
sniff_head(const char *head, size_t n, struct sniff *s, struct buf *err)
{
	const unsigned char *u = (const unsigned char *)head;
	char		 a[512];
	size_t		 skip = 0, step = 1, off = 0, i, k;

	memset(s, 0, sizeof(*s));
	s->ascii = 1;
	if (n >= 4 && u[0] == 0xFF && u[1] == 0xFE && u[2] == 0 && u[3] == 0)
		s->bom = SNIFF_UTF32LE, skip = 4, step = 4;
	else if (n >= 4 && u[0] == 0 && u[1] == 0 && u[2] == 0xFE &&
	    u[3] == 0xFF)
		s->bom = SNIFF_UTF32BE, skip = 4, step = 4, off = 3;
	else if (n >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF)
		s->bom = SNIFF_UTF8, skip = 3;
	else if (n >= 2 && u[0] == 0xFF && u[1] == 0xFE)
		s->bom = SNIFF_UTF16LE, skip = 2, step = 2;
	else if (n >= 2 && u[0] == 0xFE && u[1] == 0xFF)
		s->bom = SNIFF_UTF16BE, skip = 2, step = 2, off = 1;
	else if (n >= 2 && (u[0] == 0 || u[1] == 0))
		s->ascii = 0;	/* UTF-16 or UTF-32 without a BOM */
	else if (n >= 1 && u[0] == 0x4C)
		s->ascii = 0;	/* EBCDIC "<": its line ends are not ours */
	if (step > 1)
		s->ascii = 0;
	/* The declaration in ASCII, whatever the code unit. */
	for (i = skip + off, k = 0; i < n && k < sizeof(a); i += step)
		a[k++] = head[i];
	sniff_decl(a, k, s);
	if (s->bom != SNIFF_NOBOM && s->declared[0] != '\0' &&
	    !sniff_fits(s->declared, s->bom)) {
		buf_printf(err, _("the file starts with a %s byte-order mark "
		    "but declares encoding=\"%s\": a byte-order mark decides "
		    "(XML 1.0, appendix F); declare encoding=\"%s\" or save "
		    "the file without the mark"), bom_name[s->bom], s->declared,
		    bom_name[s->bom]);
		return -1;
	}
	return 0;
}

int
sniff_single_byte(const struct sniff *s)
{
	const char	*d = s->declared;

	return s->bom == SNIFF_NOBOM && (strncasecmp(d, "ISO-8859", 8) == 0 ||
	    strncasecmp(d, "ISO8859", 7) == 0 ||
	    strncasecmp(d, "latin", 5) == 0 ||
	    strncasecmp(d, "windows-125", 11) == 0 ||
	    strncasecmp(d, "cp125", 5) == 0);
}

void
sniff_utf8(struct sniff_u8 *st, const char *p, size_t n)
{
	const unsigned char *u = (const unsigned char *)p;
	size_t		 i;

	for (i = 0; i < n && !st->bad; i++) {
		if (st->need > 0) {
			if ((u[i] & 0xC0) != 0x80)
				st->bad = 1;
			st->need--;
		} else if (u[i] < 0x80)
			continue;
		else if (u[i] >= 0xC2 && u[i] <= 0xDF)
			st->need = 1, st->multi = 1;
		else if (u[i] >= 0xE0 && u[i] <= 0xEF)
			st->need = 2, st->multi = 1;
		else if (u[i] >= 0xF0 && u[i] <= 0xF4)
			st->need = 3, st->multi = 1;
		else
			st->bad = 1;
	}
}

void
sniff_utf8_end(struct sniff *s, const struct sniff_u8 *st)
{
	s->utf8 = !st->bad && st->need == 0 && st->multi;
}

size_t
sniff_crlf(char *p, size_t n, int *cr)
{
	size_t	 i, o = 0;

	/* Most files have no CR at all: nothing to rewrite. */
	if (!*cr && memchr(p, '\r', n) == NULL)
		return n;
	for (i = 0; i < n; i++) {
		if (p[i] == '\n' && *cr) {
			*cr = 0;
			continue;	/* the LF of a CR LF already written */
		}
		*cr = p[i] == '\r';
		p[o++] = *cr ? '\n' : p[i];
	}
	return o;
}
