/* test_numwords.c: French number and amount words, against hand-written expectations. */
#include <stddef.h>

#include "t.h"
#include "util.h"
#include "amount.h"

static void
num(long long n, const char *want, int line)
{
	struct buf	 b = BUF_INIT;

	number_words_fr(&b, n);
	if (strcmp(buf_str(&b), want) == 0)
		t_pass++;
	else {
		t_fail++;
		fprintf(stderr, "%s:%d: FAIL: number_words_fr(%lld) == "
		    "\"%s\", want \"%s\"\n", __FILE__, line, n,
		    buf_str(&b), want);
	}
	buf_free(&b);
}

static void
amt(long long cents, const char *want, int line)
{
	struct buf	 b = BUF_INIT;

	amount_words_fr(&b, cents);
	if (strcmp(buf_str(&b), want) == 0)
		t_pass++;
	else {
		t_fail++;
		fprintf(stderr, "%s:%d: FAIL: amount_words_fr(%lld) == "
		    "\"%s\", want \"%s\"\n", __FILE__, line, cents,
		    buf_str(&b), want);
	}
	buf_free(&b);
}

#define NUM(n, s)	num((n), (s), __LINE__)
#define AMT(c, s)	amt((c), (s), __LINE__)

int
main(void)
{
	struct buf	 b = BUF_INIT;

	NUM(0, "zéro");
	NUM(1, "un");
	NUM(2, "deux");
	NUM(10, "dix");
	NUM(11, "onze");
	NUM(16, "seize");
	NUM(17, "dix-sept");
	NUM(19, "dix-neuf");
	NUM(20, "vingt");
	NUM(21, "vingt et un");
	NUM(22, "vingt-deux");
	NUM(31, "trente et un");
	NUM(41, "quarante et un");
	NUM(51, "cinquante et un");
	NUM(61, "soixante et un");
	NUM(69, "soixante-neuf");
	NUM(70, "soixante-dix");
	NUM(71, "soixante et onze");
	NUM(72, "soixante-douze");
	NUM(77, "soixante-dix-sept");
	NUM(79, "soixante-dix-neuf");
	NUM(80, "quatre-vingts");
	NUM(81, "quatre-vingt-un");
	NUM(88, "quatre-vingt-huit");
	NUM(90, "quatre-vingt-dix");
	NUM(91, "quatre-vingt-onze");
	NUM(97, "quatre-vingt-dix-sept");
	NUM(99, "quatre-vingt-dix-neuf");
	NUM(100, "cent");
	NUM(101, "cent un");
	NUM(110, "cent dix");
	NUM(121, "cent vingt et un");
	NUM(171, "cent soixante et onze");
	NUM(180, "cent quatre-vingts");
	NUM(181, "cent quatre-vingt-un");
	NUM(200, "deux cents");
	NUM(201, "deux cent un");
	NUM(280, "deux cent quatre-vingts");
	NUM(300, "trois cents");
	NUM(999, "neuf cent quatre-vingt-dix-neuf");
	NUM(1000, "mille");
	NUM(1001, "mille un");
	NUM(1080, "mille quatre-vingts");
	NUM(1100, "mille cent");
	NUM(1200, "mille deux cents");
	NUM(2000, "deux mille");
	NUM(2018, "deux mille dix-huit");
	NUM(10000, "dix mille");
	NUM(21000, "vingt et un mille");
	NUM(71000, "soixante et onze mille");
	NUM(80000, "quatre-vingt mille");
	NUM(81000, "quatre-vingt-un mille");
	NUM(100000, "cent mille");
	NUM(180000, "cent quatre-vingt mille");
	NUM(200000, "deux cent mille");
	NUM(200080, "deux cent mille quatre-vingts");
	NUM(1000000, "un million");
	NUM(1000001, "un million un");
	NUM(1200000, "un million deux cent mille");
	NUM(2000000, "deux millions");
	NUM(80000000, "quatre-vingts millions");
	NUM(200000000, "deux cents millions");
	NUM(201000000, "deux cent un millions");
	NUM(280000000, "deux cent quatre-vingts millions");
	NUM(999999999, "neuf cent quatre-vingt-dix-neuf millions "
	    "neuf cent quatre-vingt-dix-neuf mille "
	    "neuf cent quatre-vingt-dix-neuf");
	NUM(1000000000, "un milliard");
	NUM(2000000000, "deux milliards");
	NUM(-5, "moins cinq");

	AMT(0, "zéro euro");
	AMT(100, "un euro");
	AMT(200, "deux euros");
	AMT(1, "un centime");
	AMT(2, "deux centimes");
	AMT(50, "cinquante centimes");
	AMT(101, "un euro et un centime");
	AMT(150, "un euro et cinquante centimes");
	AMT(8000, "quatre-vingts euros");
	AMT(8080, "quatre-vingts euros et quatre-vingts centimes");
	AMT(8100, "quatre-vingt-un euros");
	AMT(7100, "soixante et onze euros");
	AMT(800000, "huit mille euros");
	AMT(800050, "huit mille euros et cinquante centimes");
	AMT(8000000, "quatre-vingt mille euros");
	AMT(2300000, "vingt-trois mille euros");
	AMT(100000000, "un million d\u2019euros");
	AMT(200000000, "deux millions d\u2019euros");
	AMT(120000000, "un million deux cent mille euros");
	AMT(100000001, "un million d\u2019euros et un centime");
	AMT(100000100, "un million un euros");
	AMT(AMOUNT_MAX_CENTS, "neuf cent quatre-vingt-dix-neuf millions "
	    "neuf cent quatre-vingt-dix-neuf mille "
	    "neuf cent quatre-vingt-dix-neuf euros "
	    "et quatre-vingt-dix-neuf centimes");

	/* The functions append. */
	buf_puts(&b, "soit ");
	amount_words_fr(&b, 100);
	CHECK_STR(buf_str(&b), "soit un euro");
	buf_free(&b);
	T_DONE();
}
