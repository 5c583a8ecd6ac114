/* text.h: French text utilities: file-name slugs, typography, phone numbers, postal address blocks. */
#ifndef ESSDOCS_TEXT_H
#define ESSDOCS_TEXT_H

#include <stddef.h>

struct buf;

/* The longest slug the output file names use. */
#define TEXT_SLUG_MAX	40

/*
 * The name utf8 as a file-name slug: lower-case ASCII letters and
 * digits (transliterated: "Joséphine" -> "josephine", Greek and
 * Cyrillic by a built-in table), words joined by single '-', no
 * leading or trailing '-', at most max bytes (max below 8 counts as 8),
 * cut at a word boundary unless that would keep less than half of max.
 * Invalid UTF-8, controls and punctuation separate words.  Never empty:
 * "sans-nom" when nothing is left.  utf8 may be NULL.  The caller frees
 * the result.  Transliteration uses iconv and is best with LC_CTYPE set
 * to a UTF-8 locale (main() sets "C.UTF-8"); a built-in table covers
 * Latin-1 and Latin Extended-A otherwise.
 */
char	*text_slug(const char *utf8, size_t max);

/*
 * Append in to out with French typography applied:
 *  - before ; ! ?  a narrow no-break space (U+202F), before :  a no-break
 *    space (U+00A0): plain spaces (or the wrong no-break space) before
 *    them are replaced; one is inserted when there is none, but only
 *    after a word and before a space, the end or closing punctuation
 *    ("10:30", "a;b", "?!", "https:" are left alone);
 *  - a no-break space after « and before » (replacing plain spaces);
 *  - straight double quotes clearly paired in one paragraph ("mot",
 *    opening after a space, closing before a space or punctuation)
 *    become « mot »; unpaired ones are left as they are;
 *  - a straight apostrophe between two letters becomes ’ (U+2019).
 *  - “ ” become « »; three dots an ellipsis (…), glued to the word before;
 *  - a space becomes no-break where text_glue() says so: "50 %",
 *    "10 000 €", "n° 1", "M. Dupont", "Mme Lemaire".
 * This is the one typography pass of every text that layout sets, whatever
 * its source (templates, call file, records).
 * URLs (with "://" or starting "www."), "mailto:" and e-mail addresses
 * are copied untouched.  Idempotent: applying it to its own output
 * changes nothing.  Invalid UTF-8 bytes are copied as they are.
 */
void	 text_french_spacing(struct buf *out, const char *in);

/*
 * The no-break space that a space between prev[0..plen) (the text before
 * it) and next[0..nlen) (the text after it) must be, or 0 for a plain,
 * breakable space: U+202F after a number before € % ‰ or a group of three
 * digits; U+00A0 after n°, M., MM., Mme, Mmes, Mlle, Mlles, Dr, Pr, art.
 * before a letter or digit.  Layout asks it too where a space falls
 * between two runs of text.
 */
long	 text_glue(const char *prev, size_t plen, const char *next,
	    size_t nlen);

/* Append n with its digits grouped by three with U+202F from 1 000 on
 * ("10 000", "-1 234"; "999" unchanged). */
void	 text_thousands(struct buf *, long long n);

/*
 * Append a French phone number in pairs, "03 27 09 63 75", the pairs
 * separated by no-break spaces (U+00A0) so that layout never splits it.
 * in may hold spaces, dots, hyphens and no-break spaces between the
 * digits.  Returns 0, or -1 (and appends in unchanged) when in is not
 * exactly ten digits with such separators.
 */
int	 text_phone_fr(struct buf *, const char *in);

/*
 * Append utf8 as La Poste wants the town line: capitals A-Z and digits
 * only, accents removed (transliterated as for text_slug), every other
 * character (hyphens, apostrophes, punctuation) a space, spaces
 * collapsed and trimmed: "Condé-sur-l’Escaut" -> "CONDE SUR L ESCAUT".
 */
void	 text_upper_ascii(struct buf *, const char *utf8);

/* NF Z10-011 address block limits. */
#define TEXT_ADDR_LINES	6
#define TEXT_ADDR_WIDTH	38

/* What text_address_block() had to do, or'ed into *flags. */
#define TEXT_ADDR_ABBREV	0x01	/* street words abbreviated (BD, AV) */
#define TEXT_ADDR_WRAPPED	0x02	/* the recipient went on two lines */
#define TEXT_ADDR_TRUNCATED	0x04	/* a line does not fit: cut short */
#define TEXT_ADDR_DROPPED	0x08	/* a whole line was left out */
#define TEXT_ADDR_SMALLER	0x10	/* set smaller than the style's size */
#define TEXT_ADDR_INITIALS	0x20	/* a first name went to its initials */

/*
 * How wide a line of the block is once set in the envelope window:
 * text_address_fit() measures by it.
 */
struct text_measure {
	/* The width in points of utf8 set at 1 pt. */
	double	(*width)(void *arg, const char *utf8);
	void	*arg;
	double	 window;	/* the window's width, in points */
	double	 size;		/* the style's size */
	double	 min_size;	/* the smallest, a quarter point at a time */
	int	 max_lines;	/* lines the window holds (0: TEXT_ADDR_LINES) */
};

/* What text_address_fit() found. */
struct text_addr_fit {
	int	 flags;		/* TEXT_ADDR_* */
	double	 size;		/* measured: the size the block fits at */
	/*
	 * With TEXT_ADDR_TRUNCATED, the first line that does not fit, as
	 * it stood after every remedy: its index in lines[], its text, how
	 * many points too wide it is at min_size (0: it fits the width), and
	 * its length when longer than TEXT_ADDR_WIDTH (else 0).  With
	 * wrapped set, the line is the recipient's over two lines and rest
	 * is what is left over (over: its width at min_size).
	 */
	int	 line;
	char	*text;
	char	*rest;
	double	 over;
	int	 chars;
	int	 wrapped;
};

/*
 * Build a postal address block from nlines recipient lines in NF
 * Z10-011 order (recipient, complement or contact, building, number and
 * street, BP or lieu-dit, then "POSTCODE TOWN" last).  NULL and blank
 * lines are skipped; spaces and controls are collapsed; invalid UTF-8
 * is dropped.  The last line is written as text_upper_ascii() does
 * ("59300 VALENCIENNES"); the others keep their case.  When there are
 * too many lines, those right after the recipient (complement, contact)
 * are dropped first: the recipient, street and town are kept.
 *
 * A line fits when it has at most TEXT_ADDR_WIDTH code points and, with
 * a measure m, is no wider than m->window at m->min_size.  A line that
 * does not fit gets, in this order, until it does:
 *  1. on a delivery line (not the recipient's, nor a person's), La
 *     Poste's abbreviations (Boulevard -> Bd, AVENUE -> AV, Résidence ->
 *     Res, Saint -> St, keeping the case), one word at a time from the
 *     left, while it is wider than the window at the style's size (or
 *     too long);
 *  2. a smaller size, a quarter point at a time down to m->min_size, for
 *     the whole block (fit->size);
 *  3. on a person's line ("Mme Marie-Madeleine Dupont"), the first name
 *     to its initials ("Mme M.-M. Dupont");
 *  4. the recipient (line 1) over two lines, the complement or contact
 *     line (line 2) dropped when the block would have too many.
 * A line that still does not fit is cut at a word boundary and sets
 * TEXT_ADDR_TRUNCATED, described in fit: callers print no such block.
 *
 * Fills out[0..n) with strings the caller frees (text_address_free()),
 * sets the rest of out to NULL, fills *fit (text_addr_fit_free()) and
 * returns n >= 1, or -1 when there is no usable line at all.  m may be
 * NULL: characters are counted, nothing is measured.
 */
int	 text_address_fit(char *out[TEXT_ADDR_LINES],
	    const char *const *lines, size_t nlines,
	    const struct text_measure *m, struct text_addr_fit *fit);
void	 text_addr_fit_free(struct text_addr_fit *);

/* text_address_fit() without a measure; flags may be NULL. */
int	 text_address_block(char *out[TEXT_ADDR_LINES],
	    const char *const *lines, size_t nlines, int *flags);

/* Free the lines of an address block and set them to NULL. */
void	 text_address_free(char *out[TEXT_ADDR_LINES]);

#endif
