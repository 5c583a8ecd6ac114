/* test_amount.c: parsing amounts into cents and the plain and French figure formats. */
#include "amount.h"
#include "util.h"
#include "t.h"

static long long
parse(const char *s)
{
	long long	 v = -7;

	if (amount_parse(s, &v) != 0)
		return -1;
	return v;
}

static const char *
plain(struct buf *b, long long c)
{
	buf_truncate(b, 0);
	amount_format_plain(b, c);
	return buf_str(b);
}

static const char *
fr(struct buf *b, long long c)
{
	buf_truncate(b, 0);
	amount_format_fr(b, c);
	return buf_str(b);
}

#define NN "\xe2\x80\xaf"
#define EUR "\xe2\x82\xac"

int
main(void)
{
	struct buf	 b = BUF_INIT;

	CHECK_INT(parse("8000"), 800000);
	CHECK_INT(parse("8000.5"), 800050);
	CHECK_INT(parse("8000.50"), 800050);
	CHECK_INT(parse("8000.05"), 800005);
	CHECK_INT(parse("0"), 0);
	CHECK_INT(parse("0.01"), 1);
	CHECK_INT(parse("999999999.99"), AMOUNT_MAX_CENTS);
	CHECK_INT(parse("1000000000"), -1);
	CHECK_INT(parse("99999999999999999999999"), -1);
	CHECK_INT(parse("8000.505"), -1);
	CHECK_INT(parse("-1"), -1);
	CHECK_INT(parse("+1"), -1);
	CHECK_INT(parse("1e3"), -1);
	CHECK_INT(parse("8 000"), -1);
	CHECK_INT(parse(""), -1);
	CHECK_INT(parse("8000,00"), -1);
	CHECK_INT(parse("8000."), -1);
	CHECK_INT(parse(".50"), -1);
	CHECK_INT(parse(" 8000"), -1);
	CHECK_INT(parse("8000 "), -1);
	CHECK_INT(parse(NULL), -1);

	CHECK_STR(plain(&b, 800000), "8000.00");
	CHECK_STR(plain(&b, 800050), "8000.50");
	CHECK_STR(plain(&b, 5), "0.05");
	CHECK_STR(plain(&b, 0), "0.00");
	CHECK_STR(plain(&b, -1250), "-12.50");

	CHECK_STR(fr(&b, 800000), "8" NN "000" NN EUR);
	CHECK_STR(fr(&b, 800050), "8" NN "000,50" NN EUR);
	CHECK_STR(fr(&b, 1000000), "10" NN "000" NN EUR);
	CHECK_STR(fr(&b, 10000000), "100" NN "000" NN EUR);
	CHECK_STR(fr(&b, 123456789), "1" NN "234" NN "567,89" NN EUR);
	CHECK_STR(fr(&b, 99900), "999" NN EUR);
	CHECK_STR(fr(&b, 0), "0" NN EUR);
	CHECK_STR(fr(&b, 7), "0,07" NN EUR);
	CHECK_STR(fr(&b, AMOUNT_MAX_CENTS),
	    "999" NN "999" NN "999,99" NN EUR);

	buf_free(&b);
	/* Instalments: to the cent, never a zero one. */
	{
		static const int half[] = { 50, 50 }, three[] = { 30, 30, 40 };
		long long	 parts[3];

		CHECK_INT(amount_split(800000, half, 2, parts), 2);
		CHECK_INT(parts[0], 400000);
		CHECK_INT(parts[1], 400000);
		CHECK_INT(amount_split(450050, half, 2, parts), 2);
		CHECK_INT(parts[0], 225025);
		CHECK_INT(parts[1], 225025);
		CHECK_INT(amount_split(3, half, 2, parts), 2);
		CHECK_INT(parts[0], 1);
		CHECK_INT(parts[1], 2);
		CHECK_INT(amount_split(1, half, 2, parts), 1);
		CHECK_INT(parts[0], 1);
		CHECK_INT(amount_split(2, three, 3, parts), 1);
		CHECK_INT(parts[0], 2);
		CHECK_INT(amount_split(10, three, 3, parts), 3);
		CHECK_INT(parts[0] + parts[1] + parts[2], 10);
		CHECK_INT(parts[2], 4);
		CHECK_INT(amount_split(10, three, 0, parts), 0);
	}
	T_DONE();
}
