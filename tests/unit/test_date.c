/* test_date.c: ISO parsing, calendar checks, year arithmetic and French dates. */
#include <stdlib.h>

#include "date.h"
#include "util.h"
#include "t.h"

static const char *
fr(struct buf *b, int y, int m, int d)
{
	struct date	 dt = { y, m, d };

	buf_truncate(b, 0);
	date_format_fr(b, &dt);
	return buf_str(b);
}

int
main(void)
{
	struct date	 dt = { 0, 0, 0 }, a, b, r;
	struct buf	 s = BUF_INIT;

	CHECK_INT(date_parse("2019-03-15", &dt), 0);
	CHECK_INT(dt.y, 2019);
	CHECK_INT(dt.m, 3);
	CHECK_INT(dt.d, 15);
	CHECK_INT(date_parse("2020-02-29", &dt), 0);	/* leap */
	CHECK_INT(date_parse("2019-02-29", &dt), -1);	/* not leap */
	CHECK_INT(date_parse("2000-02-29", &dt), 0);	/* 400 */
	CHECK_INT(date_parse("1900-02-29", &dt), -1);	/* 100 */
	CHECK_INT(date_parse("2019-02-30", &dt), -1);
	CHECK_INT(date_parse("2019-04-31", &dt), -1);
	CHECK_INT(date_parse("2019-04-30", &dt), 0);
	CHECK_INT(date_parse("2019-13-01", &dt), -1);
	CHECK_INT(date_parse("2019-00-10", &dt), -1);
	CHECK_INT(date_parse("2019-01-00", &dt), -1);
	CHECK_INT(date_parse("2019-3-15", &dt), -1);
	CHECK_INT(date_parse("2019-03-15x", &dt), -1);
	CHECK_INT(date_parse(" 2019-03-15", &dt), -1);
	CHECK_INT(date_parse("2019/03/15", &dt), -1);
	CHECK_INT(date_parse("20190315", &dt), -1);
	CHECK_INT(date_parse("", &dt), -1);
	CHECK_INT(date_parse(NULL, &dt), -1);
	CHECK_INT(date_parse("0999-01-01", &dt), -1);
	CHECK_INT(date_parse("+019-01-01", &dt), -1);
	/* a failed parse leaves the date untouched */
	CHECK_INT(dt.y, 2019);
	CHECK_INT(dt.m, 4);

	CHECK(date_leap(2020));
	CHECK(!date_leap(2019));
	CHECK(!date_leap(2100));
	CHECK(date_leap(2400));
	CHECK(date_valid(2019, 12, 31));
	CHECK(!date_valid(2019, 6, 31));

	/* comparisons */
	date_parse("2019-03-15", &a);
	date_parse("2019-03-16", &b);
	CHECK(date_cmp(&a, &b) < 0);
	CHECK(date_cmp(&b, &a) > 0);
	CHECK(date_cmp(&a, &a) == 0);
	date_parse("2018-12-31", &b);
	CHECK(date_cmp(&a, &b) > 0);
	date_parse("2019-02-28", &b);
	CHECK(date_cmp(&a, &b) > 0);
	dt.y = dt.m = dt.d = 0;
	CHECK(!date_is_set(&dt));
	CHECK(date_is_set(&a));

	/* years, with 29 February */
	date_parse("2016-02-29", &a);
	r = date_add_years(a, 3);
	CHECK_INT(r.y, 2019); CHECK_INT(r.m, 2); CHECK_INT(r.d, 28);
	r = date_add_years(a, 4);
	CHECK_INT(r.y, 2020); CHECK_INT(r.m, 2); CHECK_INT(r.d, 29);
	r = date_add_years(a, -1);
	CHECK_INT(r.y, 2015); CHECK_INT(r.d, 28);

	/* months, clamped */
	date_parse("2019-01-31", &a);
	r = date_add_months(a, 1);
	CHECK_INT(r.m, 2); CHECK_INT(r.d, 28);
	r = date_add_months(a, 13);
	CHECK_INT(r.y, 2020); CHECK_INT(r.m, 2); CHECK_INT(r.d, 29);
	r = date_add_months(a, -2);
	CHECK_INT(r.y, 2018); CHECK_INT(r.m, 11); CHECK_INT(r.d, 30);
	r = date_add_months(a, 6);
	CHECK_INT(r.y, 2019); CHECK_INT(r.m, 7); CHECK_INT(r.d, 31);

	/*
	 * The start-up aid's "less than 3 years": founded + 3 years must be
	 * after received.  Founded exactly 3 years before is too old; one
	 * day less is still young enough.
	 */
	date_parse("2019-02-11", &r);			/* received */
	date_parse("2016-02-11", &a);			/* exactly 3 years */
	b = date_add_years(a, 3);
	CHECK(!(date_cmp(&b, &r) > 0));
	date_parse("2016-02-12", &a);			/* 3 years less a day */
	b = date_add_years(a, 3);
	CHECK(date_cmp(&b, &r) > 0);
	date_parse("2016-02-29", &a);			/* leap founding */
	date_parse("2019-02-28", &r);
	b = date_add_years(a, 3);
	CHECK(!(date_cmp(&b, &r) > 0));

	/* French */
	CHECK_STR(fr(&s, 2019, 5, 1), "1er mai 2019");
	CHECK_STR(fr(&s, 2026, 11, 26), "26 novembre 2026");
	CHECK_STR(fr(&s, 2019, 2, 2), "2 février 2019");
	CHECK_STR(fr(&s, 2018, 8, 15), "15 août 2018");
	CHECK_STR(fr(&s, 2018, 12, 1), "1er décembre 2018");
	CHECK_STR(fr(&s, 0, 0, 0), "");
	buf_truncate(&s, 0);
	date_parse("2019-03-05", &a);
	date_format_iso(&s, &a);
	CHECK_STR(buf_str(&s), "2019-03-05");

	/* SOURCE_DATE_EPOCH */
	setenv("SOURCE_DATE_EPOCH", "1551398400", 1);	/* 2019-03-01 00:00 */
	r = date_today();
	CHECK_INT(r.y, 2019); CHECK_INT(r.m, 3); CHECK_INT(r.d, 1);
	setenv("SOURCE_DATE_EPOCH", "951868799", 1);	/* 2000-02-29 23:59:59 */
	r = date_today();
	CHECK_INT(r.y, 2000); CHECK_INT(r.m, 2); CHECK_INT(r.d, 29);
	setenv("SOURCE_DATE_EPOCH", "0", 1);
	r = date_today();
	CHECK_INT(r.y, 1970); CHECK_INT(r.m, 1); CHECK_INT(r.d, 1);
	setenv("SOURCE_DATE_EPOCH", "12x", 1);		/* invalid: today */
	r = date_today();
	CHECK(r.y >= 2024);
	unsetenv("SOURCE_DATE_EPOCH");
	r = date_today();
	CHECK(date_valid(r.y, r.m, r.d));

	buf_free(&s);
	T_DONE();
}
