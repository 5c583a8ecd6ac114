/* amount.c: euro amounts as whole cents: strict parsing and the plain and French figure formats. */
#include <string.h>

#include "amount.h"
#include "util.h"

/* U+202F NARROW NO-BREAK SPACE in UTF-8. */

/* Digits, then optionally a dot and one or two digits; nothing else. */
int
amount_parse(const char *s, long long *cents)
{
	long long	 v = 0;
	int		 ndig = 0, nfrac = 0, frac = 0;

	if (s == NULL)
		return -1;
	for (; *s >= '0' && *s <= '9'; s++) {
		if (v > AMOUNT_MAX_CENTS / 100)
			return -1;
		v = v * 10 + (*s - '0');
		ndig++;
	}
	if (ndig == 0)
		return -1;
	if (*s == '.') {
		for (s++; *s >= '0' && *s <= '9'; s++) {
			if (++nfrac > 2)
				return -1;
			frac = frac * 10 + (*s - '0');
		}
		if (nfrac == 0)
			return -1;
		if (nfrac == 1)
			frac *= 10;
	}
	if (*s != '\0')
		return -1;
	v = v * 100 + frac;
	if (v > AMOUNT_MAX_CENTS)
		return -1;
	*cents = v;
	return 0;
}

/* "8000.00"; a negative amount keeps its sign ("-12.50"). */
void
amount_format_plain(struct buf *b, long long cents)
{
	unsigned long long	 u;

	if (cents < 0) {
		buf_putc(b, '-');
		u = -(unsigned long long)cents;
	} else
		u = (unsigned long long)cents;
	buf_printf(b, "%llu.%02llu", u / 100, u % 100);
}

/* "8 000 €", "8 000,50 €" with U+202F between thousands groups and
 * before the euro sign; cents only when not zero. */
void
amount_format_fr(struct buf *b, long long cents)
{
	unsigned long long	 u, euros;
	char			 digits[32];
	size_t			 n, i;

	if (cents < 0) {
		buf_putc(b, '-');
		u = -(unsigned long long)cents;
	} else
		u = (unsigned long long)cents;
	euros = u / 100;
	n = 0;
	do {
		digits[n++] = (char)('0' + euros % 10);
		euros /= 10;
	} while (euros > 0);
	for (i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			buf_puts(b, UTF8_NNBSP);
		buf_putc(b, digits[n - 1 - i]);
	}
	if (u % 100 != 0)
		buf_printf(b, ",%02llu", u % 100);
	buf_puts(b, UTF8_NNBSP "\xe2\x82\xac");
}

size_t
amount_split(long long cents, const int *percent, size_t n, long long *parts)
{
	long long	 left = cents;
	size_t		 i;

	if (n == 0)
		return 0;
	for (i = 0; i < n; i++) {
		parts[i] = i + 1 == n ? left : cents * percent[i] / 100;
		left -= parts[i];
		if (parts[i] <= 0)
			break;
	}
	if (i == n)
		return n;
	parts[0] = cents;
	return 1;
}
