/* fold.c: fold place names to a comparison key, so that spellings of one commune compare equal. */
#include <string.h>

#include "fold.h"
#include "util.h"

/*
 * Base letters of U+00C0..U+00FF and U+0100..U+017F.  Digits stand for
 * two letters: 1 "ij", 2 "oe", 3 "ae", 4 "th", 5 "ss"; a space is a
 * separator (the signs × and ÷).
 */
static const char latin1[] =
	"aaaaaa3ceeeeiiiidnooooo ouuuuy45"	/* U+00C0 À .. U+00DF ß */
	"aaaaaa3ceeeeiiiidnooooo ouuuuy4y";	/* U+00E0 à .. U+00FF ÿ */
static const char latin_ext_a[] =
	"aaaaaaccccccccddddeeeeeeeeeegggggggghhhh"	/* U+0100 .. U+0127 */
	"iiiiiiiiii11jjkkkllllllllllnnnnnnnnnoooooo"	/* U+0128 .. U+0151 */
	"22rrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzz"	/* U+0152 .. U+017B */
	"zzzs";						/* U+017C .. U+017F */

static const char *const pairs[] = { NULL, "ij", "oe", "ae", "th", "ss" };

/* Append the folded form of the base letter c (from the tables above). */
static void
put_base(struct buf *w, char c)
{
	if (c >= '1' && c <= '5')
		buf_puts(w, pairs[c - '0']);
	else
		buf_putc(w, c);
}

/* End the current word w: append it to out, "st"/"ste" spelled out. */
static void
flush_word(struct buf *out, struct buf *w)
{
	if (w->len == 0)
		return;
	if (strcmp(w->s, "st") == 0)
		buf_puts(out, "saint");
	else if (strcmp(w->s, "ste") == 0)
		buf_puts(out, "sainte");
	else
		buf_add(out, w->s, w->len);
	buf_truncate(w, 0);
}

char *
fold_name(const char *utf8)
{
	struct buf	 out = BUF_INIT, w = BUF_INIT;
	size_t		 n, len, i;
	long		 cp;
	char		 c;

	if (utf8 == NULL)
		return NULL;
	n = strlen(utf8);
	for (i = 0; i < n; i += len) {
		cp = utf8_decode(utf8 + i, n - i, &len);
		if (cp < 0) {
			buf_putc(&w, '?');
			len = 1;
		} else if (cp < 0x80) {
			if (cp >= 'A' && cp <= 'Z')
				buf_putc(&w, (int)(cp - 'A' + 'a'));
			else if ((cp >= 'a' && cp <= 'z') ||
			    (cp >= '0' && cp <= '9'))
				buf_putc(&w, (int)cp);
			else
				flush_word(&out, &w);
		} else if (cp < 0xC0) {
			flush_word(&out, &w);	/* NBSP, ª, «, », ... */
		} else if (cp < 0x100) {
			c = latin1[cp - 0xC0];
			if (c == ' ')
				flush_word(&out, &w);
			else
				put_base(&w, c);
		} else if (cp < 0x180) {
			put_base(&w, latin_ext_a[cp - 0x100]);
		} else if (cp >= 0x300 && cp < 0x370) {
			;			/* combining accents */
		} else if (cp == 0x2BC || (cp >= 0x2000 && cp < 0x2070) ||
		    cp == 0xFEFF) {
			flush_word(&out, &w);	/* ’ ‘ – — NNBSP ... */
		} else
			buf_add(&w, utf8 + i, len);
	}
	flush_word(&out, &w);
	buf_free(&w);
	return buf_detach(&out);
}
