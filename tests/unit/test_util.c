/* test_util.c: the one text normaliser (NFC, white space), invisible names, scripts, double encoding, word lists, encoding sniffing. */
#include <stdlib.h>
#include <string.h>

#include "fold.h"
#include "sniff.h"
#include "text.h"
#include "util.h"
#include "t.h"

static char	*last;

/* text_norm(s, flags), freed at the next call. */
static const char *
norm(const char *s, unsigned flags)
{
	free(last);
	last = text_norm(s, flags);
	return last;
}

static void
normaliser(void)
{
	const unsigned	 call = TEXT_TRIM | TEXT_ONELINE | TEXT_NFC;

	/* The call's and the round's one-line texts. */
	CHECK_STR(norm("  a \t b\n\r c  ", call), "a b c");
	CHECK_STR(norm("", call), "");
	CHECK_STR(norm(NULL, call), "");
	CHECK_STR(norm(" \n\t ", call), "");
	/* The round's long texts: trimmed, lines kept. */
	CHECK_STR(norm("\n  one\n\n  two  \n", TEXT_TRIM | TEXT_NFC),
	    "one\n\n  two");
	/* The templates': runs collapsed, ends kept as one space. */
	CHECK_STR(norm("  a \n b ", TEXT_ONELINE), " a b ");
	CHECK_STR(norm("\n", TEXT_ONELINE), " ");
	/* The address block: any space, controls, invalid UTF-8. */
	CHECK_STR(norm("\xc2\xa0 12\xe2\x80\xafrue\x01" "de \xff Famars\xe3\x80\x80",
	    TEXT_TRIM | TEXT_ONELINE | TEXT_ANYSPACE), "12 rue de Famars");
	/* XML white space only, unless asked: NBSP stays. */
	CHECK_STR(norm("a\xc2\xa0" "b", call), "a\xc2\xa0" "b");
	/* NFC: decomposed accents composed, precomposed kept. */
	CHECK_STR(norm("Jose\xcc\x81phine", call), "Jos\xc3\xa9phine");
	CHECK_STR(norm("Nguye\xcc\xa3\xcc\x82n", call), "Nguy\xe1\xbb\x87n");
	CHECK_STR(norm("C\xc3\xa9" "cile", call), "C\xc3\xa9" "cile");
	/* Text that needs no NFC pass (below U+0300, U+2002..U+20CF) and
	 * the characters just outside, which NFC changes or composes. */
	CHECK_STR(norm("l\xe2\x80\x99\xc3\xa9t\xc3\xa9 10\xe2\x80\xaf\xe2\x82\xac",
	    call), "l\xe2\x80\x99\xc3\xa9t\xc3\xa9 10\xe2\x80\xaf\xe2\x82\xac");
	CHECK_STR(norm("a\xe2\x80\x80" "b", call), "a\xe2\x80\x82" "b");
	CHECK_STR(norm("a\xe2\x80\x81" "b", call), "a\xe2\x80\x83" "b");
	CHECK_STR(norm("\xe2\x84\xa6", call), "\xce\xa9");	/* Ohm sign */
	CHECK_STR(norm("\xe2\x83\x8f" "a\xcc\x8a", call), "\xe2\x83\x8f\xc3\xa5");
	CHECK_STR(norm("x\xe2\x83\x90", call), "x\xe2\x83\x90");	/* U+20D0 */
	/* Without TEXT_NFC nothing is composed. */
	CHECK_STR(norm("e\xcc\x81", TEXT_TRIM), "e\xcc\x81");
	free(last);
	last = NULL;
}

static void
visible(void)
{
	CHECK(utf8_visible("A"));
	CHECK(utf8_visible("A\xc2\xa0" "B"));
	CHECK(utf8_visible("\xc3\xa9"));
	CHECK(!utf8_visible(""));
	CHECK(!utf8_visible("\xc2\xa0\xc2\xa0"));		/* NBSP */
	CHECK(!utf8_visible("\xe2\x80\x8b"));		/* ZWSP */
	CHECK(!utf8_visible("\xc2\xad\xc2\xad"));		/* soft hyphen */
	CHECK(!utf8_visible("\xe3\x80\x80"));		/* U+3000 */
	CHECK(!utf8_visible("\xe2\xa0\x80"));		/* U+2800 */
	CHECK(!utf8_visible("\xef\xbb\xbf\xe2\x80\x8d"));	/* BOM, ZWJ */
	CHECK(!utf8_visible("\xcc\x81"));			/* lone accent */
	CHECK(!utf8_visible("\xe3\x85\xa4"));		/* Hangul filler */
}

static void
scripts(void)
{
	long	 cp = 0;

	CHECK(utf8_foreign_script("\xc5\x81ukasz Nguy\xe1\xbb\x85n", &cp) == NULL);
	CHECK(utf8_foreign_script("\xce\x96\xcf\x89\xce\xae", &cp) == NULL);
	CHECK(utf8_foreign_script("\xd0\xae\xd0\xbb\xd0\xb8\xd1\x8f", &cp) == NULL);
	CHECK(utf8_foreign_script("\xe2\x80\x99 \xc2\xab 10\xe2\x82\xac \xc2\xbb",
	    &cp) == NULL);
	CHECK_STR(utf8_foreign_script("Shalom \xd7\xa9", &cp), "Hebrew");
	CHECK_INT(cp, 0x5E9);
	CHECK_STR(utf8_foreign_script("\xd8\xb3\xd9\x84\xd8\xa7\xd9\x85", &cp),
	    "Arabic");
	CHECK_STR(utf8_foreign_script("\xe0\xb8\xaa", &cp), "Thai");
	CHECK_STR(utf8_foreign_script("\xe0\xa4\xb8", &cp), "Devanagari");
	CHECK_INT(cp, 0x938);
}

static void
mojibake(void)
{
	size_t	 off = 0, len = 0;
	long	 cp = 0;

	CHECK(utf8_mojibake("Jos\xc3\x83\xc2\xa9phine", &off, &len, &cp));
	CHECK_INT(off, 3);
	CHECK_INT(len, 4);
	CHECK_INT(cp, 0xE9);
	/* "â€™": E2 80 99, the 80 and 99 as windows-1252 € and ™. */
	CHECK(utf8_mojibake("l\xc3\xa2\xe2\x82\xac\xe2\x84\xa2" "eau", &off,
	    &len, &cp));
	CHECK_INT(cp, 0x2019);
	CHECK_INT(off, 1);
	/* "Ã‰" for "É". */
	CHECK(utf8_mojibake("\xc3\x83\xe2\x80\xb0glise", &off, &len, &cp));
	CHECK_INT(cp, 0xC9);
	/* French as it should be: no false alarm. */
	CHECK(!utf8_mojibake("Jos\xc3\xa9phine \xc3\xa0 l\xe2\x80\x99" "eau", &off,
	    &len, &cp));
	CHECK(!utf8_mojibake("\xc3\x94 \xc2\xab Bon Coin \xc2\xbb", &off, &len,
	    &cp));
	CHECK(!utf8_mojibake("\xc3\x94\xc2\xbb", &off, &len, &cp)); /* U+053B */
	CHECK(!utf8_mojibake("\xc3\x83 la", &off, &len, &cp));
}

static void
words(void)
{
	char	*v[] = { "association", "scic", NULL };

	CHECK(words_have(v, "scic"));
	CHECK(!words_have(v, "scop"));
	CHECK(!words_have(v, "sci"));
	CHECK(!words_have(v, NULL));
	CHECK(!words_have(NULL, "scic"));
}

/* One accent-folding table for comparison keys and for slugs. */
static void
folding(void)
{
	struct buf	 b = BUF_INIT;
	char		*k, *slug;
	const char	*f;
	long		 cp;
	size_t		 i;
	int		 same = 1;

	CHECK_STR(fold_latin(0xC9), "E");
	CHECK_STR(fold_latin(0x153), "oe");
	CHECK_STR(fold_latin(0xDF), "ss");
	CHECK_STR(fold_latin(0xD7), "");
	CHECK(fold_latin(0x41) == NULL);
	CHECK(fold_latin(0x180) == NULL);
	/* Every letter of the table: the key is its lower case, the slug
	 * its lower case too. */
	for (cp = 0xC0; cp < 0x180; cp++) {
		/* × ÷; and ŉ, which iconv spells "'n" in slugs. */
		if (*(f = fold_latin(cp)) == '\0' || cp == 0x149)
			continue;
		buf_truncate(&b, 0);
		buf_puts(&b, "x");
		utf8_encode(&b, cp);
		k = fold_name(b.s);
		slug = text_slug(b.s, 40);
		for (i = 0; f[i] != '\0'; i++)
			if (k[i + 1] != (f[i] | 0x20) || slug[i + 1] != (f[i] | 0x20))
				same = 0;
		if (k[i + 1] != '\0' || slug[i + 1] != '\0')
			same = 0;
		free(k);
		free(slug);
	}
	CHECK(same);
	buf_free(&b);
	k = fold_name("Condé-sur-l’Escaut");
	CHECK_STR(k, "condesurlescaut");
	free(k);
}

static void
sniffing(void)
{
	struct sniff	 s;
	struct sniff_u8	 u;
	struct buf	 err = BUF_INIT;
	char		 b[64];
	size_t		 n;
	int		 cr;
	static const char utf16[] =
	    "\xff\xfe<\0?\0x\0m\0l\0 \0v\0e\0r\0s\0i\0o\0n\0=\0\"\0001\0.\0"
	    "0\0\"\0 \0e\0n\0c\0o\0d\0i\0n\0g\0=\0\"\0U\0T\0F\0-\0001\0"
	    "6\0\"\0?\0>\0";
	static const char utf16be[] =
	    "\xfe\xff\0<\0?\0x\0m\0l\0 \0e\0n\0c\0o\0d\0i\0n"
	    "\0g\0=\0\"\0l\0a\0t\0i\0n\0001\0\"";

	CHECK_INT(sniff_head("<?xml version=\"1.0\" encoding='ISO-8859-1'?>",
	    44, &s, &err), 0);
	CHECK_STR(s.declared, "ISO-8859-1");
	CHECK_INT(s.bom, SNIFF_NOBOM);
	CHECK(s.ascii);
	CHECK(sniff_single_byte(&s));
	/* A BOM decides: a UTF-8 BOM with a Latin-1 declaration is wrong. */
	CHECK_INT(sniff_head("\xef\xbb\xbf<?xml version=\"1.0\" encoding="
	    "\"ISO-8859-1\"?>", 47, &s, &err), -1);
	CHECK(strstr(buf_str(&err), "UTF-8 byte-order mark but declares "
	    "encoding=\"ISO-8859-1\"") != NULL);
	buf_truncate(&err, 0);
	CHECK_INT(sniff_head("\xef\xbb\xbf<?xml version=\"1.0\" encoding="
	    "\"utf-8\"?>", 42, &s, &err), 0);
	CHECK_INT(s.bom, SNIFF_UTF8);
	CHECK_INT(sniff_head("\xef\xbb\xbf<round/>", 11, &s, &err), 0);
	CHECK_INT(sniff_head(utf16, sizeof(utf16) - 1, &s, &err), 0);
	CHECK_INT(s.bom, SNIFF_UTF16LE);
	CHECK_STR(s.declared, "UTF-16");
	CHECK(!s.ascii);
	CHECK_INT(sniff_head(utf16be, sizeof(utf16be) - 1, &s, &err), -1);
	/* EBCDIC: bytes are not ASCII, CR is left alone. */
	CHECK_INT(sniff_head("\x4c\x6f\xa7\x94\x93", 5, &s, &err), 0);
	CHECK(!s.ascii);
	buf_free(&err);

	/* UTF-8 bytes under a single-byte declaration. */
	memset(&u, 0, sizeof(u));
	sniff_utf8(&u, "Jos\xc3", 4);
	sniff_utf8(&u, "\xa9phine", 7);
	sniff_utf8_end(&s, &u);
	CHECK_INT(s.utf8, 1);
	memset(&u, 0, sizeof(u));
	sniff_utf8(&u, "Jos\xe9phine", 8);
	sniff_utf8_end(&s, &u);
	CHECK_INT(s.utf8, 0);
	memset(&u, 0, sizeof(u));
	sniff_utf8(&u, "plain", 5);
	sniff_utf8_end(&s, &u);
	CHECK_INT(s.utf8, 0);

	/* Line ends: CR, CR LF, LF all one LF, across chunks. */
	cr = 0;
	memcpy(b, "a\rb\r\nc\n\r", 8);
	n = sniff_crlf(b, 8, &cr);
	CHECK_INT(n, 7);
	CHECK(memcmp(b, "a\nb\nc\n\n", 7) == 0);
	CHECK_INT(cr, 1);
	memcpy(b, "\nd", 2);
	n = sniff_crlf(b, 2, &cr);
	CHECK_INT(n, 1);
	CHECK(b[0] == 'd');
}

int
main(void)
{
	normaliser();
	visible();
	scripts();
	mojibake();
	words();
	folding();
	sniffing();
	T_DONE();
}
