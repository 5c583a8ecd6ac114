/* t.h: the unit-test harness: CHECK macros and a closing "N passed, N failed" line. */
#ifndef ESSDOCS_T_H
#define ESSDOCS_T_H

#include <stdio.h>
#include <string.h>

static int t_pass, t_fail;

#define CHECK(c) do {							\
	if (c)								\
		t_pass++;						\
	else {								\
		t_fail++;						\
		fprintf(stderr, "%s:%d: FAIL: %s\n",			\
		    __FILE__, __LINE__, #c);				\
	}								\
} while (0)

#define CHECK_INT(a, b) do {						\
	long long t_a = (long long)(a), t_b = (long long)(b);		\
	if (t_a == t_b)							\
		t_pass++;						\
	else {								\
		t_fail++;						\
		fprintf(stderr, "%s:%d: FAIL: %s == %lld, want %lld\n",	\
		    __FILE__, __LINE__, #a, t_a, t_b);			\
	}								\
} while (0)

#define CHECK_STR(a, b) do {						\
	const char *t_a = (a), *t_b = (b);				\
	if (t_a != NULL && t_b != NULL && strcmp(t_a, t_b) == 0)	\
		t_pass++;						\
	else {								\
		t_fail++;						\
		fprintf(stderr, "%s:%d: FAIL: %s == \"%s\", want \"%s\"\n", \
		    __FILE__, __LINE__, #a, t_a ? t_a : "(null)",	\
		    t_b ? t_b : "(null)");				\
	}								\
} while (0)

#define T_DONE() do {							\
	printf("%s: %d passed, %d failed\n", __FILE__, t_pass, t_fail); \
	return t_fail != 0;						\
} while (0)

#endif
