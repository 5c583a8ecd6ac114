/* test_call_hostile.c: hostile call files (entity bomb, external entities, deep nesting, huge fields) fail fast, located, and read nothing else. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>

#include "call.h"
#include "diag.h"
#include "t.h"

#define CALL_FILE	"input/call-ess-2018-2020.xml"
#define DATA		"tests/data/call/"
#define MAX_SECONDS	1.0	/* times $ESSDOCS_TEST_TIME_SCALE (make valgrind) */
#define MAX_LINE	1024	/* bytes in one diagnostic */

/*
 * Test-only state: how many times libxml2 asked to load an external
 * resource (DTD, entity, schema, XInclude).  The reader must never ask.
 */
static int	 t_loads;
static char	 t_url[256];

static xmlParserInputPtr
spy_loader(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
	(void)id;
	(void)ctxt;
	t_loads++;
	snprintf(t_url, sizeof(t_url), "%s", url != NULL ? url : "(null)");
	return NULL;
}

static double
now(void)
{
	struct timespec	 t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/*
 * Load path and check: the outcome (NULL with status, or a call when
 * status is 0), a message located at path:line (line 0: any line),
 * containing what (may be NULL), every message one located line (of at
 * most MAX_LINE bytes, though libxml2 quotes values in them), no
 * external load, nothing of /etc/passwd (a read over MAX_SECONDS is
 * only said).
 */
static void
hostile(const char *path, int status, long line, const char *what)
{
	struct diag	 d;
	struct call	*c;
	char		*out = NULL, loc[600];
	const char	*p, *nl;
	size_t		 len;
	double		 t0, dt;
	FILE		*f;
	int		 ok = 1;

	t_loads = 0;
	f = open_memstream(&out, &len);
	diag_init(&d, f, 0);
	t0 = now();
	c = call_load(path, &d);
	dt = now() - t0;
	fclose(f);

	CHECK_INT(d.status, status);
	CHECK(status == 0 ? c != NULL : c == NULL);
	CHECK_INT(t_loads, 0);
	if (t_loads != 0)
		fprintf(stderr, "%s: libxml2 asked to load %s\n", path, t_url);
	CHECK(strstr(out, "root:") == NULL);
	/* Tests never fail on timing (a loaded or sanitized machine is
	 * slow): the refusal itself is checked below; a slow read is only
	 * said, for whoever reads the log. */
	if (getenv("ESSDOCS_TEST_TIME_SCALE") != NULL)
		dt /= atof(getenv("ESSDOCS_TEST_TIME_SCALE"));
	if (dt >= MAX_SECONDS)
		fprintf(stderr, "%s: note: %.2f s (scaled)\n", path, dt);
	if (line > 0)
		snprintf(loc, sizeof(loc), "essdocs: %s:%ld:", path, line);
	else
		snprintf(loc, sizeof(loc), "essdocs: %s:", path);
	if (status != 0) {
		CHECK(strstr(out, loc) != NULL);
		ok &= strstr(out, loc) != NULL;
		if (what != NULL) {
			CHECK(strstr(out, what) != NULL);
			ok &= strstr(out, what) != NULL;
		}
	}
	snprintf(loc, sizeof(loc), "essdocs: %s:", path);
	for (p = out; *p != '\0'; p = nl + 1) {
		if ((nl = strchr(p, '\n')) == NULL ||
		    strncmp(p, loc, strlen(loc)) != 0 ||
		    nl - p > MAX_LINE) {
			CHECK(0);
			ok = 0;
			break;
		}
	}
	if (!ok || getenv("TEST_CALL_VERBOSE") != NULL)
		fprintf(stderr, "%s: got status %d: %s", path, d.status, out);
	call_free(c);
	free(out);
}

/* The shipped call with the first from replaced by to, written to path. */
static void
variant(const char *path, const char *from, const char *to)
{
	CHECK(t_variant(CALL_FILE, path, from, to) == 0);
}

/* A string of n copies of c (the caller frees it). */
static char *
repeat(char c, size_t n)
{
	char	*s = malloc(n + 1);

	memset(s, c, n);
	s[n] = '\0';
	return s;
}

static void
test_generated(void)
{
	char	 dir[] = "/tmp/test_call_hostile.XXXXXX";
	char	 path[4][256], *big, *to;
	size_t	 i, n = 100000, big_len = 5u << 20;
	FILE	*f;

	if (mkdtemp(dir) == NULL) {
		CHECK(0);
		return;
	}
	for (i = 0; i < 4; i++)
		snprintf(path[i], sizeof(path[i]), "%s/%zu.xml", dir, i);

	/* 100 000 nested elements inside <call>, on one line. */
	if ((f = fopen(path[0], "w")) != NULL) {
		fputs("<?xml version=\"1.0\"?>\n<call id=\"x\">", f);
		for (i = 0; i < n; i++)
			fputs("<a>", f);
		for (i = 0; i < n; i++)
			fputs("</a>", f);
		fputs("</call>\n", f);
		fclose(f);
	}
	hostile(path[0], EX_DATAERR, 2, "depth");

	/* A 5 MB title. */
	big = repeat('x', big_len);
	to = malloc(big_len + 64);
	snprintf(to, big_len + 64, "<title>%s</title>", big);
	variant(path[1], "<title>Appel à projets Économie sociale et "
	    "solidaire</title>", to);
	hostile(path[1], EX_DATAERR, t_line_of(CALL_FILE, "<title>"), "title");

	/* A 5 MB attribute value. */
	snprintf(to, big_len + 64, "<conditions title=\"%s\">", big);
	variant(path[2], "<conditions title=\"Conditions\">", to);
	hostile(path[2], EX_DATAERR, t_line_of(CALL_FILE, "<conditions title="),
	    "conditions");

	free(big);

	/* A 60 000-byte id: under the length limit, quoted by the validator. */
	big = repeat('X', 60000);
	snprintf(to, big_len + 64, "<call id=\"%s\">", big);
	variant(path[3], "<call id=\"ess-2018-2020\">", to);
	hostile(path[3], EX_DATAERR, t_line_of(CALL_FILE, "<call id="), "…");
	free(big);
	free(to);

	/* The shipped call with a schema location: validated, not followed. */
	variant(path[3], "<call id=", "<call xmlns:xsi=\"http://www.w3.org/"
	    "2001/XMLSchema-instance\" xsi:noNamespaceSchemaLocation="
	    "\"file:///etc/passwd\" id=");
	hostile(path[3], 0, 0, NULL);

	for (i = 0; i < 4; i++)
		unlink(path[i]);
	rmdir(dir);
}

int
main(void)
{
	xmlSetExternalEntityLoader(spy_loader);

	/* A DOCTYPE is refused before its entities are read. */
	hostile(DATA "bomb.xml", EX_DATAERR, 2, "DOCTYPE");
	hostile(DATA "xxe-passwd.xml", EX_DATAERR, 2, "DOCTYPE");
	hostile(DATA "xxe-dtd.xml", EX_DATAERR, 2, "DOCTYPE");
	hostile(DATA "xxe-param.xml", EX_DATAERR, 2, "DOCTYPE");
	hostile(DATA "xxe-net.xml", EX_DATAERR, 2, "DOCTYPE");
	/* No schema location, no XInclude: these are only invalid. */
	hostile(DATA "xsi-location.xml", EX_DATAERR, 0, NULL);
	hostile(DATA "xinclude.xml", EX_DATAERR, 0, NULL);
	test_generated();
	T_DONE();
}
