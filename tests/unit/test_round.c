/* test_round.c: reading rounds: the sample, golden diagnostics of hostile and faulty files, big files. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include <libxml/xmlerror.h>

#include "diag.h"
#include "round.h"
#include "util.h"
#include "t.h"

#define DATA "tests/data/round/"

/* What reading one fixture must give. */
struct fixture {
	const char	*name;
	int		 opens;		/* round_open() succeeds */
	int		 napps;		/* applications read */
	int		 nbad;		/* of which with an error */
	int		 status;	/* d.status at the end */
	const char	*first_error;	/* app->error of the first bad one */
};

static const struct fixture fixtures[] = {
	{ "bad-date", 1, 5, 4, 1,
	    "<application received>: 2019-02-30 is not a real date" },
	{ "bad-siret", 1, 3, 2, 1,
	    "<siret>: 73282932000075 is not a valid SIRET (Luhn check)" },
	{ "duplicate-id", 1, 4, 2, 1,
	    "duplicate application id X1 (first at line 3)" },
	{ "schema", 1, 7, 6, 1, NULL },
	{ "fields", 1, 6, 4, 1,
	    "<decision>: a granted decision needs an amount" },
	{ "latin1", 1, 1, 0, 0, NULL },
	{ "cp1252", 1, 1, 0, 0, NULL },
	{ "latin1-c1", 1, 1, 1, 1, NULL },
	{ "empty-round", 1, 0, 0, 0, NULL },
	{ "malformed", 0, 0, 0, EX_DATAERR, NULL },
	{ "round-no-id", 0, 0, 0, EX_DATAERR, NULL },
	{ "round-bad-id", 0, 0, 0, EX_DATAERR, NULL },
	{ "round-bad-values", 0, 0, 0, EX_DATAERR, NULL },
	{ "wrong-root", 0, 0, 0, EX_DATAERR, NULL },
	{ "stray-element", 0, 0, 0, EX_DATAERR, NULL },
	{ "billion-laughs", 0, 0, 0, EX_DATAERR, NULL },
	{ "xxe", 0, 0, 0, EX_DATAERR, NULL },
	{ "doctype-system", 0, 0, 0, EX_DATAERR, NULL },
	{ "empty", 0, 0, 0, EX_DATAERR, NULL },
	{ "bad-utf8", 0, 0, 0, EX_DATAERR, NULL },
	{ "bad-encoding", 0, 0, 0, EX_DATAERR, NULL },
	/* Fuzzer finding: an encoding error libxml2 printed itself. */
	{ "bad-utf32", 0, 0, 0, EX_DATAERR, NULL },
	/* Fuzzer finding: xmlParseChunk printed "encoder error" itself. */
	{ "bad-utf7", 0, 0, 0, EX_DATAERR, NULL },
	/* Fuzzer finding: repeated elements leaked the first's fields. */
	{ "repeated", 1, 1, 1, 1, "<address> is given twice in <applicant>: "
	    "once only" },
	/* Issue 13: what the input really says. */
	{ "bom-latin1", 0, 0, 0, EX_DATAERR, NULL },
	{ "utf8-as-latin1", 1, 3, 2, 1, "<name>: \"Ã©\" is a doubly "
	    "encoded U+00E9 (UTF-8 read as ISO-8859-1 or windows-1252): the "
	    "file is UTF-8, declare encoding=\"UTF-8\"" },
	{ "mojibake", 1, 6, 4, 1, "<name>: \"Ã©\" is a doubly encoded "
	    "U+00E9 (UTF-8 read as ISO-8859-1 or windows-1252)" },
	{ "nfd", 1, 1, 0, 0, NULL },
	{ "scripts", 1, 6, 5, 1, "<name>: Hebrew script (U+05E2) cannot be "
	    "printed: the documents set Latin, Greek and Cyrillic letters "
	    "only; give the name in Latin letters" },
	{ "invisible", 1, 8, 7, 1, "<name>: empty: only invisible characters "
	    "(no-break or zero-width spaces, soft hyphens, blanks)" },
	{ "dates", 1, 8, 6, 1, "<application received>: 2026-11-28 is after "
	    "the date of the documents (2026-11-26, --date)" },
	{ "cr-only", 1, 3, 1, 1, NULL },
	{ "crlf", 1, 3, 1, 1, NULL },
	{ "namespaced-root", 0, 0, 0, EX_DATAERR, NULL },
};

/* Messages libxml2 printed itself instead of going through diag. */
static int	nstray;

static void
stray(void *ctx, const char *fmt, ...)
{
	(void)ctx;
	(void)fmt;
	nstray++;
}

/* Read a fixture, diagnostics into a memory stream, and compare. */
static void
run_fixture(const struct fixture *fx)
{
	struct diag		 d;
	struct round_reader	*rr;
	struct application	*app;
	char			 path[256], errpath[256], *out = NULL;
	size_t			 outlen = 0;
	FILE			*mem;
	int			 ret = 0, napps = 0, nbad = 0, first = 1, same;
	struct date		 issue = { 2026, 11, 26 }, today = { 2026, 11, 29 };

	snprintf(path, sizeof(path), DATA "%s.xml", fx->name);
	snprintf(errpath, sizeof(errpath), DATA "%s.err", fx->name);
	mem = open_memstream(&out, &outlen);
	diag_init(&d, mem, 0);
	rr = round_open(path, &d);
	CHECK_INT(rr != NULL, fx->opens);
	if (rr != NULL) {
		/* Fixed dates: the documents' and today's. */
		round_set_dates(rr, &issue, &today);
		while ((ret = round_next(rr, &app)) == 1) {
			napps++;
			if (app->error != NULL) {
				nbad++;
				if (first && fx->first_error != NULL)
					CHECK_STR(app->error,
					    fx->first_error);
				first = 0;
			}
			application_free(app);
		}
		CHECK_INT(ret, 0);
		/* Reading past the end stays at the end. */
		CHECK_INT(round_next(rr, &app), 0);
		CHECK(app == NULL);
		round_close(rr);
	}
	fclose(mem);
	CHECK_INT(napps, fx->napps);
	CHECK_INT(nbad, fx->nbad);
	CHECK_INT(d.status, fx->status);
	/* UPDATE_GOLDEN=1 rewrites the golden files (review the diff). */
	same = t_golden(errpath, out);
	if (!same)
		fprintf(stderr, "%s: diagnostics differ from %s:\n%s",
		    fx->name, errpath, out);
	CHECK(same);
	/* Nothing of /etc/passwd ever shows. */
	CHECK(strstr(out, "root:") == NULL);
	free(out);
}

/* Decomposed accents are read composed (NFC): "e" + U+0301 is "é". */
static void
nfc(void)
{
	struct diag		 d;
	struct round_reader	*rr;
	struct application	*app = NULL;
	FILE			*devnull;

	devnull = fopen("/dev/null", "w");
	diag_init(&d, devnull, 0);
	rr = round_open(DATA "nfd.xml", &d);
	CHECK(rr != NULL);
	if (rr != NULL && round_next(rr, &app) == 1) {
		CHECK_STR(app->name, "Joséphine et Cécile");
		CHECK_STR(app->city, "Vieux Condé");
		CHECK_STR(app->last_name, "Léger");
		CHECK(app->error == NULL);
		application_free(app);
	} else
		CHECK(0);
	round_close(rr);
	fclose(devnull);
}

/* The sample round: counts, errors, and every field of the Coloc. */
static void
sample(void)
{
	struct diag		 d;
	struct round_reader	*rr;
	struct application	*app, *coloc = NULL;
	const struct round_info	*ri;
	FILE			*devnull;
	int			 ret, n = 0, nbad = 0, ngranted = 0;

	devnull = fopen("/dev/null", "w");
	diag_init(&d, devnull, 0);
	rr = round_open("input/round-2019-1.xml", &d);
	CHECK(rr != NULL);
	if (rr == NULL) {
		fclose(devnull);
		return;
	}
	ri = round_info(rr);
	CHECK_STR(ri->id, "2019-1");
	CHECK_STR(ri->call, "ess-2018-2020");
	CHECK_INT(ri->date.y, 2019);
	CHECK_INT(ri->date.m, 3);
	CHECK_INT(ri->date.d, 15);
	CHECK_INT(ri->has_budget, 1);
	CHECK_INT(ri->budget, 10000000);
	while ((ret = round_next(rr, &app)) == 1) {
		n++;
		nbad += app->error != NULL;
		ngranted += app->decision == DEC_GRANTED;
		if (app->id != NULL && strcmp(app->id, "2019-0003") == 0) {
			/* Valid until round_close(). */
			CHECK_STR(app->file, "input/round-2019-1.xml");
			coloc = app;
		}
		else
			application_free(app);
	}
	CHECK_INT(ret, 0);
	CHECK_INT(n, 23);
	CHECK_INT(nbad, 2);
	CHECK_INT(ngranted, 7);
	CHECK_INT(d.status, 1);
	CHECK_INT(d.nerrors, 2);
	CHECK_INT(d.nwarnings, 0);
	round_close(rr);
	fclose(devnull);

	CHECK(coloc != NULL);
	if (coloc == NULL)
		return;
	CHECK(coloc->line > 100);
	CHECK_INT(coloc->received.y, 2019);
	CHECK_INT(coloc->received.m, 2);
	CHECK_INT(coloc->received.d, 11);
	CHECK_STR(coloc->name, "La Coloc de Jos\xc3\xa9phine");
	CHECK_STR(coloc->form_name, "association");
	CHECK_STR(coloc->siret, "73282932000074");
	CHECK_STR(coloc->rna, "W595012345");
	CHECK_INT(coloc->founded.y, 2018);
	CHECK_INT(coloc->founded.m, 1);
	CHECK_INT(coloc->founded.d, 15);
	CHECK(!date_is_set(&coloc->esus_until));
	CHECK_STR(coloc->address[0], "12 rue de Famars");
	CHECK(coloc->address[1] == NULL);
	CHECK_STR(coloc->postcode, "59300");
	CHECK_STR(coloc->city, "Valenciennes");
	CHECK_STR(coloc->civility, "Mme");
	CHECK_STR(coloc->first_name, "Claire");
	CHECK_STR(coloc->last_name, "Dupont");
	CHECK_STR(coloc->role, "Pr\xc3\xa9sidente");
	CHECK_STR(coloc->email, "contact@example.org");
	CHECK_STR(coloc->phone, "03 27 00 00 00");
	CHECK_STR(coloc->aid, "demarrage");
	CHECK_INT(coloc->requested, 800000);
	CHECK_STR(coloc->title,
	    "Colocation solidaire pour jeunes adultes porteurs de handicap");
	CHECK(coloc->summary != NULL &&
	    strncmp(coloc->summary, "Cr\xc3\xa9\xc3\xa9" "e en 2018", 13) == 0);
	CHECK(coloc->summary != NULL &&
	    strchr(coloc->summary, '\n') != NULL);
	CHECK_INT(coloc->jobs_created, 2);
	CHECK_INT(coloc->ess_governance, TRI_YES);
	CHECK_INT(coloc->viable_activity, TRI_YES);
	CHECK_INT(coloc->layoffs_12_months, TRI_NO);
	CHECK_INT(coloc->unmet_need, TRI_YES);
	CHECK_INT(coloc->decision, DEC_GRANTED);
	CHECK_INT(coloc->granted, 800000);
	CHECK_INT(coloc->decision_date.m, 4);
	CHECK_INT(coloc->decision_date.d, 2);
	CHECK_STR(coloc->deliberation, "B-2019-041");
	CHECK(coloc->error == NULL);
	application_free(coloc);
}

/* The first application of a one-application fixture. */
static struct application *
first_app(const char *path)
{
	struct diag		 d;
	struct round_reader	*rr;
	struct application	*app = NULL;
	FILE			*devnull;

	devnull = fopen("/dev/null", "w");
	diag_init(&d, devnull, 0);
	if ((rr = round_open(path, &d)) != NULL) {
		if (round_next(rr, &app) != 1)
			app = NULL;
		round_close(rr);
	}
	fclose(devnull);
	return app;
}

/* Text from other encodings comes out as UTF-8; missing items stay so. */
static void
fields(void)
{
	struct application	*a;

	a = first_app(DATA "latin1.xml");
	CHECK(a != NULL);
	if (a != NULL) {
		CHECK_STR(a->name, "Association Jos\xc3\xa9phine \xc3\xa0 "
		    "Cond\xc3\xa9");
		CHECK_STR(a->city, "Cond\xc3\xa9-sur-l'Escaut");
		CHECK_STR(a->first_name, "Zo\xc3\xa9");
		CHECK(a->error == NULL);
		/* Everything optional is missing here. */
		CHECK(a->form_name == NULL);
		CHECK(!date_is_set(&a->founded));
		CHECK_INT(a->jobs_created, -1);
		CHECK_INT(a->ess_governance, TRI_MISSING);
		CHECK_INT(a->unmet_need, TRI_MISSING);
		CHECK_INT(a->decision, DEC_NONE);
		CHECK_INT(a->granted, -1);
		CHECK(a->title == NULL);
	}
	application_free(a);

	a = first_app(DATA "cp1252.xml");
	CHECK(a != NULL);
	if (a != NULL) {
		CHECK_STR(a->name, "\xc5\x92uvre du c\xc5\x93ur \xe2\x80\x93 "
		    "10 \xe2\x82\xac par mois");
		CHECK_STR(a->last_name, "B\xc5\x93uf");
		CHECK_STR(a->first_name, "Lo\xc3\xaf" "c");
	}
	application_free(a);
	application_free(NULL);
}

/* Of repeated elements (a schema error), the first one's fields are kept. */
static void
repeated(void)
{
	struct diag		 d;
	struct round_reader	*rr;
	struct application	*a = NULL;
	FILE			*devnull;

	devnull = fopen("/dev/null", "w");
	diag_init(&d, devnull, 0);
	rr = round_open(DATA "repeated.xml", &d);
	CHECK(rr != NULL);
	if (rr != NULL && round_next(rr, &a) == 1) {
		CHECK_STR(a->name, "A");
		CHECK_STR(a->address[0], "1 rue A");
		CHECK(a->address[1] == NULL);
		CHECK_STR(a->city, "Valenciennes");
		CHECK_STR(a->last_name, "Martin");
		CHECK_STR(a->aid, "developpement");
		CHECK_STR(a->title, "T1");
		CHECK_INT(a->decision, DEC_GRANTED);
		CHECK_STR(a->deliberation, "D1");
		application_free(a);
	}
	round_close(rr);
	fclose(devnull);
}

/* A file that cannot be opened is EX_NOINPUT. */
static void
missing(void)
{
	struct diag	 d;
	char		*out = NULL;
	size_t		 outlen = 0;
	FILE		*mem;

	mem = open_memstream(&out, &outlen);
	diag_init(&d, mem, 0);
	CHECK(round_open(DATA "no-such-round.xml", &d) == NULL);
	CHECK(round_open(DATA, &d) == NULL);
	fclose(mem);
	CHECK_INT(d.status, EX_NOINPUT);
	CHECK_STR(out, "essdocs: " DATA "no-such-round.xml: error: cannot "
	    "open: No such file or directory\n"
	    "essdocs: " DATA ": error: not a regular file\n");
	free(out);
	round_close(NULL);
}

/*
 * A round longer than 65535 lines, where libxml2 stops counting lines
 * on elements: the errors of the last application keep exact lines.
 */
static void
big(void)
{
	struct diag		 d;
	struct round_reader	*rr;
	struct application	*app;
	char			 path[] = "/tmp/essdocs-round-XXXXXX";
	char			*out = NULL, want[256];
	size_t			 outlen = 0;
	FILE			*f, *mem;
	int			 fd, i, n = 0, napps = 6000;
	long			 line = 3;

	if ((fd = mkstemp(path)) == -1 || (f = fdopen(fd, "w")) == NULL) {
		t_fail++;
		return;
	}
	fprintf(f, "<?xml version=\"1.0\"?>\n"
	    "<round id=\"big\" call=\"c\">\n");
	for (i = 0, line = 3; i < napps; i++, line += 13)
		fprintf(f, "  <application id=\"A%d\" received=\"2019-02-11\">\n"
		    "    <applicant>\n"
		    "      <name>Association %d</name>\n"
		    "      <siret>%s</siret>\n"
		    "      <address>\n"
		    "        <line>%d rue de Famars</line>\n"
		    "        <postcode>59300</postcode>\n"
		    "        <city>Valenciennes</city>\n"
		    "      </address>\n"
		    "      <contact last-name=\"Dupont\"/>\n"
		    "    </applicant>\n"
		    "    <request aid=\"demarrage\" amount=\"%s\"/>\n"
		    "  </application>\n",
		    i, i, i == napps - 1 ? "73282932000075" :
		    "73282932000074", i, i == napps - 1 ? "0" : "1000");
	fprintf(f, "</round>\n");
	fclose(f);
	line -= 13;		/* the last application's first line */
	CHECK(line > 65535);

	mem = open_memstream(&out, &outlen);
	diag_init(&d, mem, 0);
	rr = round_open(path, &d);
	CHECK(rr != NULL);
	while (rr != NULL && round_next(rr, &app) == 1) {
		if (++n == napps)
			CHECK_INT(app->line, line);
		application_free(app);
	}
	round_close(rr);
	fclose(mem);
	CHECK_INT(n, napps);
	snprintf(want, sizeof(want),
	    "essdocs: %s:%ld: error: <siret>: 73282932000075 is not a valid "
	    "SIRET (Luhn check) (application A%d)\n"
	    "essdocs: %s:%ld: error: <request amount>: must be more than 0 "
	    "(application A%d)\n",
	    path, line + 3, napps - 1, path, line + 11, napps - 1);
	CHECK_STR(out, want);
	free(out);
	unlink(path);
}

int
main(void)
{
	size_t	 i;

	xmlSetGenericErrorFunc(NULL, stray);
	for (i = 0; i < sizeof(fixtures) / sizeof(fixtures[0]); i++)
		run_fixture(&fixtures[i]);
	/* libxml2 never prints on its own. */
	CHECK_INT(nstray, 0);
	sample();
	nfc();
	fields();
	repeated();
	missing();
	big();
	T_DONE();
}
