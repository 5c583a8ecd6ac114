/* date.h: calendar dates (ISO parse, comparisons, French formatting). */
#ifndef ESSDOCS_DATE_H
#define ESSDOCS_DATE_H

struct buf;

struct date {
	int	 y, m, d;	/* all zero: no date */
};

/* Parse exactly "YYYY-MM-DD" into a real calendar date (no 30 February,
 * 29 February only in leap years, years 1000-9999).  Returns 0 or -1. */
int	 date_parse(const char *, struct date *);
int	 date_valid(int y, int m, int d);
int	 date_leap(int y);
int	 date_is_set(const struct date *);
/* <0, 0, >0 like strcmp. */
int	 date_cmp(const struct date *, const struct date *);
/* The same day n years later; 29 February becomes 28 February in a
 * non-leap year (n may be negative). */
struct date date_add_years(struct date, int n);
/* The same day n months later, clamped to the month's last day. */
struct date date_add_months(struct date, int n);
/* "26 novembre 2026", "1er mai 2019" appended to b. */
void	 date_format_fr(struct buf *b, const struct date *);
/* "2019-03-15" appended to b. */
void	 date_format_iso(struct buf *b, const struct date *);
/* Today in Europe/Paris, or the day (UTC) of SOURCE_DATE_EPOCH when that
 * is set and valid. */
struct date date_today(void);
/* Today in UTC by the clock, whatever SOURCE_DATE_EPOCH says. */
struct date date_now(void);
/* The UTC day of SOURCE_DATE_EPOCH in *out: 1 when it is set and valid
 * (whole seconds since 1970, digits only, a day of the years 1000-9999),
 * 0 when unset or empty, -1 when set to anything else ("abc", "-5",
 * "1.5e9"). */
int	 date_source_epoch(struct date *out);

#endif
