/* numwords.c: numbers and euro amounts in French words, traditional spelling. */

/*
 * Choices (Académie française traditional spelling, as in contracts):
 *  - hyphens only between the words of a number below 100
 *    ("quatre-vingt-dix-sept", "deux cent un", "vingt et un mille");
 *  - "et" in 21, 31, 41, 51, 61 and 71 ("soixante et onze"), not in 81
 *    and 91 ("quatre-vingt-un", "quatre-vingt-onze");
 *  - "vingt" (in 80) and "cent" take an s when multiplied and last,
 *    or when followed by "million(s)" or "milliard(s)", which are nouns
 *    ("quatre-vingts", "deux cents millions"), never before another
 *    number or "mille" ("quatre-vingt mille", "deux cent un");
 *  - "mille" never changes and is never preceded by "un" ("mille un");
 *  - "million" and "milliard" take an s from two on, and a whole
 *    number of millions or milliards of euros takes "d’euros" with the
 *    typographic apostrophe U+2019 ("deux millions d’euros", "un
 *    million d’euros", but "un million deux cent mille euros");
 *  - "euro" and "centime" are singular for 0 and 1 ("zéro euro",
 *    "un euro", "un centime");
 *  - cents follow with "et": "huit mille euros et cinquante centimes";
 *    an amount below one euro is read as cents alone ("cinquante
 *    centimes", "un centime"); 0 is "zéro euro";
 *  - negative numbers are read with "moins " in front (amounts never
 *    are; this only keeps the functions total).
 */
#include <stddef.h>

#include "util.h"
#include "amount.h"

static const char *const units[20] = {
	"zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept",
	"huit", "neuf", "dix", "onze", "douze", "treize", "quatorze",
	"quinze", "seize", "dix-sept", "dix-huit", "dix-neuf"
};

/* Tens from 20 to 60, indexed by n / 10. */
static const char *const tens[7] = {
	NULL, NULL, "vingt", "trente", "quarante", "cinquante", "soixante"
};

/*
 * Append 1 <= n <= 99.  final: nothing but a noun (million, milliard)
 * or the end follows, so that "quatre-vingt" takes its s.
 */
static void
numwords_below100(struct buf *b, unsigned n, int final)
{
	unsigned	 t, u;

	if (n < 20) {
		buf_puts(b, units[n]);
		return;
	}
	t = n / 10;
	u = n % 10;
	if (t == 7 || t == 9) {
		/* 70-79 and 90-99 count on from 60 and 80 with 10-19. */
		buf_puts(b, t == 7 ? "soixante" : "quatre-vingt");
		buf_puts(b, t == 7 && u == 1 ? " et " : "-");
		buf_puts(b, units[10 + u]);
		return;
	}
	if (t == 8) {
		buf_puts(b, "quatre-vingt");
		if (u == 0) {
			if (final)
				buf_putc(b, 's');
		} else {
			buf_putc(b, '-');
			buf_puts(b, units[u]);
		}
		return;
	}
	buf_puts(b, tens[t]);
	if (u == 1)
		buf_puts(b, " et un");
	else if (u > 1) {
		buf_putc(b, '-');
		buf_puts(b, units[u]);
	}
}

/* Append 1 <= n <= 999; final as above. */
static void
numwords_below1000(struct buf *b, unsigned n, int final)
{
	unsigned	 h, r;

	h = n / 100;
	r = n % 100;
	if (h > 0) {
		if (h > 1) {
			buf_puts(b, units[h]);
			buf_putc(b, ' ');
		}
		buf_puts(b, "cent");
		if (h > 1 && r == 0 && final)
			buf_putc(b, 's');
		if (r > 0)
			buf_putc(b, ' ');
	}
	if (r > 0)
		numwords_below100(b, r, final);
}

/* Append a group followed by a noun ("million", "milliard"). */
static void
numwords_noun(struct buf *b, unsigned n, const char *noun)
{
	numwords_below1000(b, n, 1);
	buf_putc(b, ' ');
	buf_puts(b, noun);
	if (n > 1)
		buf_putc(b, 's');
}

/*
 * Write n in words to b.  Handles the whole range of long long by
 * recursion on milliards ("mille milliards" and beyond are read as
 * multiples of milliards), which amounts never reach.
 */
void
number_words_fr(struct buf *b, long long n)
{
	unsigned long long	 v, mrd;
	unsigned		 mio, th, rest;
	int			 sep = 0;

	if (n < 0) {
		buf_puts(b, "moins ");
		v = 0ULL - (unsigned long long)n;
	} else
		v = (unsigned long long)n;
	if (v == 0) {
		buf_puts(b, units[0]);
		return;
	}
	mrd = v / 1000000000ULL;
	mio = (unsigned)(v / 1000000 % 1000);
	th = (unsigned)(v / 1000 % 1000);
	rest = (unsigned)(v % 1000);
	if (mrd > 0) {
		if (mrd < 1000)
			numwords_noun(b, (unsigned)mrd, "milliard");
		else {
			number_words_fr(b, (long long)mrd);
			buf_puts(b, " milliards");
		}
		sep = 1;
	}
	if (mio > 0) {
		if (sep)
			buf_putc(b, ' ');
		numwords_noun(b, mio, "million");
		sep = 1;
	}
	if (th > 0) {
		if (sep)
			buf_putc(b, ' ');
		if (th > 1) {
			numwords_below1000(b, th, 0);
			buf_putc(b, ' ');
		}
		buf_puts(b, "mille");
		sep = 1;
	}
	if (rest > 0) {
		if (sep)
			buf_putc(b, ' ');
		numwords_below1000(b, rest, 1);
	}
}

/*
 * Write an amount of cents in words to b: "huit mille euros",
 * "un million d’euros", "quatre-vingts euros et cinquante centimes",
 * "cinquante centimes", "zéro euro".
 */
void
amount_words_fr(struct buf *b, long long cents)
{
	unsigned long long	 v, e;
	unsigned		 c;

	if (cents < 0) {
		buf_puts(b, "moins ");
		v = 0ULL - (unsigned long long)cents;
	} else
		v = (unsigned long long)cents;
	e = v / 100;
	c = (unsigned)(v % 100);
	if (e > 0 || c == 0) {
		number_words_fr(b, (long long)e);
		if (e >= 1000000 && e % 1000000 == 0)
			buf_puts(b, " d\u2019euros");
		else
			buf_puts(b, e > 1 ? " euros" : " euro");
		if (c == 0)
			return;
		buf_puts(b, " et ");
	}
	number_words_fr(b, (long long)c);
	buf_puts(b, c > 1 ? " centimes" : " centime");
}
