/* t.h: the unit-test harness: CHECK macros, a closing "N passed, N failed" line, and the shared helpers of tests/tlib.c. */
#ifndef ESSDOCS_T_H
#define ESSDOCS_T_H

#include <stdio.h>
#include <string.h>

#ifndef T_LIB			/* tlib.c: the helpers only */
static int t_pass, t_fail;
#endif

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

/* tests/tlib.c, linked into every unit test. */

/* The whole of a file, NUL-terminated; "" when it cannot be read (free it). */
char	*t_slurp(const char *path);
/* Write s to path; 0, or -1 when it failed. */
int	 t_put(const char *path, const char *s);
/*
 * 1 if got equals the golden file at path; else 0, after saying which
 * file differs.  UPDATE_GOLDEN=1 in the environment rewrites it first
 * (review the diff).  Use as CHECK(t_golden(path, got)).
 */
int	 t_golden(const char *path, const char *got);
/* src with the first occurrence of from replaced by to, written to dst;
 * -1 when src is unreadable, dst cannot be written or from is absent. */
int	 t_variant(const char *src, const char *dst, const char *from,
	    const char *to);
/* The line (from 1) of the first occurrence of s in path; 0 when none. */
long	 t_line_of(const char *path, const char *s);
/* 1 if fn() dies of SIGABRT (a failed assert()) in a child process. */
int	 t_aborts(void (*fn)(void));

#endif
