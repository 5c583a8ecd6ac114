/* date.c: calendar dates: strict ISO parsing, arithmetic by years and months, French formatting. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "date.h"
#include "util.h"

static const char *const date_months_fr[12] = {
	"janvier", "février", "mars", "avril", "mai", "juin",
	"juillet", "août", "septembre", "octobre", "novembre", "décembre"
};

/* 1 when y is a Gregorian leap year. */
int
date_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Days in month m (1-12) of year y. */
static int
date_mdays(int y, int m)
{
	static const int days[12] =
	    { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	return m == 2 && date_leap(y) ? 29 : days[m - 1];
}

/* 1 when y-m-d is a real day of the years 1000-9999. */
int
date_valid(int y, int m, int d)
{
	if (y < 1000 || y > 9999 || m < 1 || m > 12 || d < 1)
		return 0;
	return d <= date_mdays(y, m);
}

/* The n decimal digits at s as a number, or -1 if any is not a digit. */
static int
date_digits(const char *s, int n)
{
	int	 v = 0, i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* Parse exactly "YYYY-MM-DD"; *out is untouched on failure. */
int
date_parse(const char *s, struct date *out)
{
	int	 y, m, d;

	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	if ((y = date_digits(s, 4)) < 0 || (m = date_digits(s + 5, 2)) < 0 ||
	    (d = date_digits(s + 8, 2)) < 0 || !date_valid(y, m, d))
		return -1;
	out->y = y;
	out->m = m;
	out->d = d;
	return 0;
}

/* 1 unless the date is the all-zero "no date". */
int
date_is_set(const struct date *dt)
{
	return dt->y != 0 || dt->m != 0 || dt->d != 0;
}

/* <0, 0, >0 as a is before, equal to or after b. */
int
date_cmp(const struct date *a, const struct date *b)
{
	if (a->y != b->y)
		return a->y < b->y ? -1 : 1;
	if (a->m != b->m)
		return a->m < b->m ? -1 : 1;
	if (a->d != b->d)
		return a->d < b->d ? -1 : 1;
	return 0;
}

/* The same day n years later; 29 February falls back to 28 February. */
struct date
date_add_years(struct date dt, int n)
{
	dt.y += n;
	if (dt.m == 2 && dt.d == 29 && !date_leap(dt.y))
		dt.d = 28;
	return dt;
}

/* The same day n months later, clamped to the last day of that month. */
struct date
date_add_months(struct date dt, int n)
{
	int	 months = dt.y * 12 + (dt.m - 1) + n;

	dt.y = months / 12;
	dt.m = months % 12 + 1;
	if (dt.d > date_mdays(dt.y, dt.m))
		dt.d = date_mdays(dt.y, dt.m);
	return dt;
}

/* "1er mai 2019", "26 novembre 2026"; nothing for an unset date. */
void
date_format_fr(struct buf *b, const struct date *dt)
{
	if (!date_valid(dt->y, dt->m, dt->d))
		return;
	if (dt->d == 1)
		buf_puts(b, "1er");
	else
		buf_printf(b, "%d", dt->d);
	buf_printf(b, " %s %d", date_months_fr[dt->m - 1], dt->y);
}

/* "2019-03-15"; nothing for an unset date. */
void
date_format_iso(struct buf *b, const struct date *dt)
{
	if (!date_is_set(dt))
		return;
	buf_printf(b, "%04d-%02d-%02d", dt->y, dt->m, dt->d);
}

/* The civil date of the day containing t seconds after the epoch, UTC
 * (days-from-civil inverted, valid for the whole proleptic calendar). */
static struct date
date_from_epoch(long long t)
{
	struct date	 dt;
	long long	 z, era, doe, yoe, doy, mp, y;

	z = (t >= 0 ? t / 86400 : (t - 86399) / 86400) + 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	dt.d = (int)(doy - (153 * mp + 2) / 5 + 1);
	dt.m = (int)(mp < 10 ? mp + 3 : mp - 9);
	dt.y = (int)(y + (dt.m <= 2));
	return dt;
}

/* Days from 1970-01-01 to y-m-d (civil-from-days inverted). */
static long long
date_days(long long y, int m, int d)
{
	long long	 era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/*
 * t moved to the council's wall clock (Europe/Paris): UTC+1, UTC+2 from
 * the last Sunday of March to the last Sunday of October, 01:00 UTC (the
 * EU rule since 1996), without depending on the machine's time zone.
 */
static long long
date_paris(long long t)
{
	long long	 y, mar, oct;

	y = date_from_epoch(t).y;
	mar = date_days(y, 3, 31);
	mar -= (mar + 4) % 7;		/* 1970-01-01 was a Thursday */
	oct = date_days(y, 10, 31);
	oct -= (oct + 4) % 7;
	return t + (t >= mar * 86400 + 3600 && t < oct * 86400 + 3600 ?
	    7200 : 3600);
}

int
date_source_epoch(struct date *out)
{
	const char	*s;
	char		*end;
	long long	 t;
	struct date	 dt;

	if ((s = getenv("SOURCE_DATE_EPOCH")) == NULL || *s == '\0')
		return 0;
	/* Digits only: no sign, no space, no exponent, no fraction. */
	if (strspn(s, "0123456789") != strlen(s))
		return -1;
	errno = 0;
	t = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0' || t < 0 || t >= 253402300800LL)
		return -1;
	dt = date_from_epoch(t);
	if (!date_valid(dt.y, dt.m, dt.d))
		return -1;
	*out = dt;
	return 1;
}

struct date
date_now(void)
{
	return date_from_epoch(date_paris((long long)time(NULL)));
}

/* Today in Europe/Paris, or the UTC day of SOURCE_DATE_EPOCH when it is valid. */
struct date
date_today(void)
{
	struct date	 dt;

	if (date_source_epoch(&dt) == 1)
		return dt;
	return date_now();
}
