/* fold.c: fold place names to a comparison key, so that spellings of one commune compare equal. */
#include <string.h>

#include "fold.h"
#include "util.h"

/*
 * The one accent-folding table: U+00C0..U+017F (Latin-1 Supplement
 * letters and Latin Extended-A) in ASCII, case kept ("É" -> "E", "œ" ->
 * "oe", "ß" -> "ss", "Þ" -> "TH"); "" for the signs × and ÷.  Used for
 * comparison keys here and for slugs and capitals in text.c.
 */
static const char *const latin[192] = {
	"A", "A", "A", "A", "A", "A", "AE", "C",	/* U+00C0 */
	"E", "E", "E", "E", "I", "I", "I", "I",	/* U+00C8 */
	"D", "N", "O", "O", "O", "O", "O", "",	/* U+00D0 */
	"O", "U", "U", "U", "U", "Y", "TH", "ss",	/* U+00D8 */
	"a", "a", "a", "a", "a", "a", "ae", "c",	/* U+00E0 */
	"e", "e", "e", "e", "i", "i", "i", "i",	/* U+00E8 */
	"d", "n", "o", "o", "o", "o", "o", "",	/* U+00F0 */
	"o", "u", "u", "u", "u", "y", "th", "y",	/* U+00F8 */
	"A", "a", "A", "a", "A", "a", "C", "c",	/* U+0100 */
	"C", "c", "C", "c", "C", "c", "D", "d",	/* U+0108 */
	"D", "d", "E", "e", "E", "e", "E", "e",	/* U+0110 */
	"E", "e", "E", "e", "G", "g", "G", "g",	/* U+0118 */
	"G", "g", "G", "g", "H", "h", "H", "h",	/* U+0120 */
	"I", "i", "I", "i", "I", "i", "I", "i",	/* U+0128 */
	"I", "i", "IJ", "ij", "J", "j", "K", "k",	/* U+0130 */
	"k", "L", "l", "L", "l", "L", "l", "L",	/* U+0138 */
	"l", "L", "l", "N", "n", "N", "n", "N",	/* U+0140 */
	"n", "n", "N", "n", "O", "o", "O", "o",	/* U+0148 */
	"O", "o", "OE", "oe", "R", "r", "R", "r",	/* U+0150 */
	"R", "r", "S", "s", "S", "s", "S", "s",	/* U+0158 */
	"S", "s", "T", "t", "T", "t", "T", "t",	/* U+0160 */
	"U", "u", "U", "u", "U", "u", "U", "u",	/* U+0168 */
	"U", "u", "U", "u", "W", "w", "Y", "y",	/* U+0170 */
	"Y", "Z", "z", "Z", "z", "Z", "z", "s",	/* U+0178 */
};

const char *
fold_latin(long cp)
{
	return cp >= 0xC0 && cp < 0x180 ? latin[cp - 0xC0] : NULL;
}

/* Append the lower-case ASCII letters of s to w. */
static void
put_base(struct buf *w, const char *s)
{
	for (; *s != '\0'; s++)
		buf_putc(w, *s >= 'A' && *s <= 'Z' ? *s - 'A' + 'a' : *s);
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
		} else if (cp < 0x180) {
			if (*fold_latin(cp) == '\0')
				flush_word(&out, &w);	/* × ÷ */
			else
				put_base(&w, fold_latin(cp));
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
