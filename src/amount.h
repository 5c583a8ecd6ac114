/* amount.h: euro amounts held as whole cents: parsing, French figures and words. */
#ifndef ESSDOCS_AMOUNT_H
#define ESSDOCS_AMOUNT_H

struct buf;

/* The largest amount accepted: 999 999 999,99 €. */
#include <stddef.h>

#define AMOUNT_MAX_CENTS 99999999999LL

/* Parse "8000", "8000.5", "8000.50" (dot decimal separator, at most two
 * decimals, no sign, no exponent, no spaces) into cents.  Returns 0 or -1. */
int	 amount_parse(const char *, long long *cents);
/* "8000.00" (for CSV). */
void	 amount_format_plain(struct buf *, long long cents);
/* "8 000 €", "8 000,50 €": narrow no-break space (U+202F) between
 * thousands groups and before the euro sign. */
void	 amount_format_fr(struct buf *, long long cents);
/* "huit mille euros", "quatre-vingts euros et cinquante centimes",
 * "un euro", "deux millions d'euros", "zéro euro" (traditional spelling:
 * "soixante et onze"). */
void	 amount_words_fr(struct buf *, long long cents);
/* The number alone in words: "quatre-vingt-un", "deux cents". */
void	 number_words_fr(struct buf *, long long n);

/*
 * Split cents into n instalments of percent[i] % each (the percents add
 * up to 100): each floor(cents * percent / 100), the last the remainder,
 * so that they add up to the cent.  When one of them would be zero (a
 * grant of a few cents), the whole amount is a single instalment.
 * Writes parts[] and returns how many instalments there are: n or 1
 * (0 when n is 0).
 */
size_t	 amount_split(long long cents, const int *percent, size_t n,
	    long long *parts);

#endif
