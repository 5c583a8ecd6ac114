/* test_call.c: the shipped call file, commune matching, name folding and the reader's error paths. */
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "call.h"
#include "diag.h"
#include "fold.h"
#include "t.h"

#define CALL_FILE "input/call-ess-2018-2020.xml"

/* Load path with diagnostics captured into *out (the caller frees it). */
static struct call *
load(const char *path, int *status, char **out)
{
	struct diag	 d;
	struct call	*c;
	FILE		*f;
	size_t		 len;

	*out = NULL;
	f = open_memstream(out, &len);
	diag_init(&d, f, 0);
	c = call_load(path, &d);
	fclose(f);
	*status = d.status;
	return c;
}

/* The first condition of aid a with rule k, or NULL. */
static const struct condition *
cond(const struct aid *a, enum rule_kind k)
{
	size_t	 i;

	for (i = 0; a != NULL && i < a->nconds; i++)
		if (a->conds[i].rule == k)
			return &a->conds[i];
	return NULL;
}

static void
test_fields(const struct call *c)
{
	const struct aid	*a, *b;
	const struct condition	*k;
	size_t			 i;
	int			 sum = 0;

	CHECK_STR(c->id, "ess-2018-2020");
	CHECK_STR(c->short_title, "APPEL À PROJETS");
	CHECK_STR(c->theme, "ÉCONOMIE SOCIALE ET SOLIDAIRE");
	CHECK_INT(c->year_from, 2018);
	CHECK_INT(c->year_to, 2020);
	CHECK_STR(c->intro, "Valenciennes Métropole s’engage au service des "
	    "porteurs de projets et des entrepreneurs du territoire via son "
	    "appel à projets ESS");
	CHECK_STR(c->how_to_apply,
	    "Pour déposer un dossier de candidature, rendez-vous sur :");
	CHECK_STR(c->issuer_name, "Valenciennes Métropole");
	CHECK_STR(c->issuer_siren, "245901160");
	CHECK_STR(c->issuer_address[0], "2 place de l’Hôpital Général");
	CHECK_STR(c->issuer_address[1], "CS 60227");
	CHECK(c->issuer_address[2] == NULL);
	CHECK_STR(c->issuer_postcode, "59305");
	CHECK_STR(c->issuer_city, "VALENCIENNES CEDEX");
	CHECK_STR(c->issuer_department, "Nord");
	CHECK_STR(c->issuer_website, "www.valenciennes-metropole.fr");
	CHECK(c->issuer_phone == NULL);
	CHECK_STR(c->place, "Valenciennes");
	CHECK_STR(c->contact_label, "Contact");
	CHECK_STR(c->contact.civility, "Mme");
	CHECK_STR(c->contact.first_name, "Caroline");
	CHECK_STR(c->contact.last_name, "Vasseur");
	CHECK_STR(c->contact.phone, "03 27 096 375");
	CHECK_STR(c->contact.email, "cvasseur@valenciennes-metropole.fr");
	CHECK_STR(c->signatory.title, "Vice-président délégué à "
	    "l’économie sociale et solidaire");
	CHECK_STR(c->delegation, "Pour le Président et par délégation,");
	CHECK(c->president_title != NULL);

	CHECK_INT(c->naids, 2);
	a = call_aid(c, "demarrage");
	b = call_aid(c, "developpement");
	CHECK(a != NULL && b != NULL);
	CHECK(call_aid(c, "autre") == NULL);
	if (a == NULL || b == NULL)
		return;
	CHECK_STR(a->label, "Aide au démarrage");
	CHECK_STR(a->title, "AIDE AU DÉMARRAGE");
	CHECK_STR(a->description, "Aide au fonctionnement finançant les "
	    "premières dépenses liées à la création d’une nouvelle activité "
	    "économique créatrice d’emploi(s).");
	CHECK_INT(a->has_max, 1);
	CHECK_INT(a->max_cents, 1000000);
	CHECK_STR(a->max_label, "Montant maximum");
	CHECK_STR(a->conditions_title, "Conditions");
	CHECK_INT(a->nconds, 5);
	CHECK_INT(b->has_max, 0);
	CHECK(b->max_label == NULL);
	CHECK_STR(b->title, "AIDE AU DÉVELOPPEMENT DE NOUVELLES ACTIVITÉS");
	CHECK_INT(b->nconds, 5);

	k = cond(a, RULE_MAX_AGE);
	CHECK(k != NULL && k->years == 3 && k->on_leaflet);
	CHECK(k != NULL && strcmp(k->name, "max-age") == 0);
	CHECK(k != NULL && strcmp(k->text,
	    "Avoir moins de 3 ans d’existence") == 0);
	CHECK(cond(b, RULE_MAX_AGE) == NULL);
	k = cond(a, RULE_ESS_TERRITORY);
	/* The legal forms and the words of reasons are the call's. */
	CHECK_INT(c->nforms, 5);
	CHECK(call_form(c, "association") != NULL &&
	    call_form(c, "association")->ess == FORM_ESS_LAW);
	CHECK(call_form(c, "scic") != NULL &&
	    call_form(c, "scic")->ess == FORM_ESS_LAW);
	CHECK(call_form(c, "scop") != NULL &&
	    strcmp(call_form(c, "scop")->label, "société coopérative et "
	    "participative (SCOP)") == 0);
	CHECK(call_form(c, "commercial") != NULL &&
	    call_form(c, "commercial")->ess == FORM_ESS_ESUS);
	CHECK(call_form(c, "other") != NULL &&
	    call_form(c, "other")->ess == FORM_ESS_NO);
	CHECK(call_form(c, "sarl") == NULL);
	CHECK(call_sentence(c, "max-age", 1, NULL) != NULL &&
	    strcmp(call_sentence(c, "max-age", 1, NULL),
	    "la date de création de la structure") == 0);
	CHECK(call_sentence(c, "max-age", 0, "too-old") != NULL);
	CHECK(call_sentence(c, "max-age", 0, NULL) == NULL);
	CHECK(call_sentence(c, "ess-governance", 0, NULL) == NULL);
	CHECK(k != NULL && strcmp(k->text, "Toute structure de l’ESS "
	    "agissant sur le territoire de Valenciennes Métropole "
	    "(association, SCIC, SCOP, entreprise commerciale disposant "
	    "d’un agrément ESUS au titre de l’article L.\u00a03332-17-1 "
	    "du code du travail)") == 0);
	k = cond(b, RULE_ESS_GOVERNANCE);
	CHECK(k != NULL && strcmp(k->text, "Traduire les valeurs et les "
	    "principes de l’ESS dans sa gouvernance et son activité") == 0);
	CHECK(cond(a, RULE_VIABLE_ACTIVITY) != NULL);
	CHECK(cond(b, RULE_VIABLE_ACTIVITY) != NULL);
	k = cond(a, RULE_JOBS_CREATED);
	CHECK(k != NULL && k->min == 1 && !k->on_leaflet);
	CHECK(k != NULL && strcmp(k->text, "Créatrice d’emploi(s)") == 0);
	CHECK(cond(b, RULE_JOBS_CREATED) == NULL);
	k = cond(b, RULE_NO_LAYOFFS);
	CHECK(k != NULL && k->on_leaflet && strcmp(k->text, "Ne pas avoir "
	    "procédé à des licenciements économiques dans les 12 derniers "
	    "mois") == 0);
	CHECK(b->conds[0].rule == RULE_NO_LAYOFFS);
	k = cond(b, RULE_UNMET_NEED);
	CHECK(k != NULL && !k->on_leaflet &&
	    strcmp(k->text, "Besoin économique non couvert") == 0);
	CHECK(cond(a, RULE_UNMET_NEED) == NULL);
	CHECK_STR(call_rule_name(RULE_NO_LAYOFFS), "no-layoffs");
	CHECK(call_rule_name(RULE__MAX) == NULL);

	CHECK_STR(c->support_title, "ACCOMPAGNEMENT");
	CHECK_INT(c->nsupport, 4);
	if (c->nsupport == 4) {
		CHECK_STR(c->support[0].title, "Formations");
		CHECK_STR(c->support[0].text, "méthodologie de projet, "
		    "réalisation de budget, l’emploi associatif…");
		CHECK_STR(c->support[3].title, "Mise en réseau");
	}
	CHECK_STR(c->examples_title, "EXEMPLES DE PROJETS FINANCÉS DEPUIS 2018");
	CHECK_INT(c->nexamples, 6);
	if (c->nexamples == 6) {
		CHECK_STR(c->examples[0].title, "L’espace ATRIA");
		CHECK_STR(c->examples[0].text, "Mutualisation d’une surface "
		    "de vente solidaire regroupant 4 associations du territoire");
		CHECK_STR(c->examples[3].title, "Les Champignons Solidaires");
		CHECK_STR(c->examples[5].title, "Colore ma vie");
	}

	CHECK_INT(c->ncommunes, 35);
	for (i = 0; i < c->ncommunes; i++)
		if (strcmp(c->communes[i].insee, "59606") == 0) {
			CHECK_STR(c->communes[i].name, "Valenciennes");
			CHECK_STR(c->communes[i].postcodes[0], "59300");
			CHECK_INT(c->communes[i].population, 43468);
		}

	CHECK_INT(c->ninstalments, 2);
	for (i = 0; i < c->ninstalments; i++)
		sum += c->instalments[i].percent;
	CHECK_INT(sum, 100);
	CHECK(c->ninstalments > 0 && c->instalments[0].when != NULL);
	CHECK_INT(c->payment_days, 60);
	CHECK_STR(c->report_name, "compte rendu financier");
	CHECK_STR(c->report_form, "Cerfa n° 15059");
	CHECK_INT(c->report_months, 6);
	CHECK_STR(c->court, "tribunal administratif de Lille");
	CHECK_STR(c->court_address,
	    "5 rue Geoffroy Saint-Hilaire, CS 62039, 59014 Lille Cedex");
	CHECK_INT(c->appeal_months, 2);
}

/* The commune city/postcode matches, and it is the one with this INSEE code. */
static int
matches(const struct call *c, const char *city, const char *pc,
    const char *insee)
{
	const struct commune *cm = call_commune(c, city, pc);

	return cm != NULL && strcmp(cm->insee, insee) == 0;
}

static void
test_territory(const struct call *c)
{
	const struct commune *cm;

	CHECK(matches(c, "ST SAULVE", "59880", "59544"));
	CHECK(matches(c, "Saint-Saulve", "59880", "59544"));
	CHECK(matches(c, "saint saulve", "59880", "59544"));
	CHECK(matches(c, "St-Saulve", "59880", "59544"));
	CHECK(matches(c, "St. Saulve", "59880", "59544"));
	CHECK(matches(c, "CONDE SUR L ESCAUT", "59163", "59153"));
	CHECK(matches(c, "Condé-sur-l’Escaut", "59163", "59153"));
	CHECK(matches(c, "Condé-sur-l'Escaut", "59163", "59153"));
	CHECK(matches(c, "MONCHAUX SUR ECAILLON", "59224", "59407"));
	CHECK(matches(c, "Monchaux-sur-Écaillon", "59224", "59407"));
	CHECK(matches(c, "PETITE FORÊT", "59494", "59459"));
	CHECK(matches(c, "Estreux", "59990", "59215"));
	CHECK(matches(c, "valenciennes", " 59300 ", "59606"));
	CHECK(matches(c, "Aubry-du-Hainaut", "59494", "59027"));
	CHECK(matches(c, "AUBRY DU HAINAUT", "59590", "59027"));
	CHECK(call_commune(c, "Aubry-du-Hainaut", "59300") == NULL);
	CHECK(call_commune(c, "Valenciennes", "59880") == NULL);
	CHECK(call_commune(c, "Saint-Saulve", "59300") == NULL);
	CHECK(call_commune(c, "Lille", "59000") == NULL);
	CHECK(call_commune(c, "Saint", "59880") == NULL);
	CHECK(call_commune(c, "", "59300") == NULL);
	CHECK(call_commune(c, "Valenciennes", NULL) == NULL);
	CHECK(call_commune(c, NULL, "59300") == NULL);
	cm = call_commune_by_name(c, "st saulve");
	CHECK(cm != NULL && strcmp(cm->insee, "59544") == 0);
	CHECK(call_commune_by_name(c, "Lille") == NULL);
	CHECK(call_commune_by_name(c, "Vieux Condé") != NULL);
}

static void
check_fold(const char *in, const char *want)
{
	char	*s = fold_name(in);

	CHECK_STR(s, want);
	free(s);
}

static void
test_fold(void)
{
	check_fold("Saint-Saulve", "saintsaulve");
	check_fold("ST SAULVE", "saintsaulve");
	check_fold("St-Saulve", "saintsaulve");
	check_fold("Ste-Marie", "saintemarie");
	check_fold("STE  MARIE", "saintemarie");
	check_fold("Estreux", "estreux");
	check_fold("Aulnoy-lez-Valenciennes", "aulnoylezvalenciennes");
	check_fold("Condé-sur-l’Escaut", "condesurlescaut");
	check_fold("Quiévrechain", "quievrechain");
	check_fold("ÉÈÊËÀÂÇÔÖÛÜÙÎÏŒÆŸ", "eeeeaacoouuuiioeaey");
	check_fold("éèêëàâçôöûüùîïœæÿ", "eeeeaacoouuuiioeaey");
	check_fold("Łódź Straße", "lodzstrasse");
	check_fold("Cafe\xcc\x81" "", "cafe");	/* combining acute */
	check_fold("Valen\xff" "ciennes", "valen?ciennes");
	check_fold("", "");
	CHECK(fold_name(NULL) == NULL);
}

/* Write text into dir/name and return the path (the caller frees it). */
static char *
write_file(const char *dir, const char *name, const char *text)
{
	char	*path;

	path = malloc(strlen(dir) + strlen(name) + 2);
	sprintf(path, "%s/%s", dir, name);
	CHECK(t_put(path, text) == 0);
	return path;
}

/* text, after a UTF-8 byte-order mark, as dir/name. */
static char *
write_bom(const char *dir, const char *name, const char *text)
{
	char	*t, *path;

	t = malloc(strlen(text) + 4);
	memcpy(t, "\xef\xbb\xbf", 3);
	strcpy(t + 3, text);
	path = write_file(dir, name, t);
	free(t);
	return path;
}

/* Load path; expect NULL, this status, and "path:line:" in the output. */
static void
expect_error(const char *path, int status, long line, const char *what)
{
	struct call	*c;
	char		*out, loc[512];
	int		 st;

	c = load(path, &st, &out);
	CHECK(c == NULL);
	CHECK_INT(st, status);
	if (line > 0)
		snprintf(loc, sizeof(loc), "essdocs: %s:%ld:", path, line);
	else
		snprintf(loc, sizeof(loc), "essdocs: %s: ", path);
	CHECK(out != NULL && strstr(out, loc) != NULL);
	CHECK(out != NULL && strstr(out, what) != NULL);
	if (getenv("TEST_CALL_VERBOSE") != NULL && out != NULL)
		fputs(out, stderr);
	if (out == NULL || strstr(out, loc) == NULL ||
	    strstr(out, what) == NULL)
		fprintf(stderr, "want \"%s\" ... \"%s\", got: %s", loc, what,
		    out != NULL ? out : "(null)\n");
	call_free(c);
	free(out);
}

/*
 * The shipped file with its first occurrence of from replaced by to,
 * written to dir/name.
 */
static char *
variant(const char *dir, const char *name, const char *from, const char *to)
{
	char	*path;

	path = malloc(strlen(dir) + strlen(name) + 2);
	sprintf(path, "%s/%s", dir, name);
	CHECK(t_variant(CALL_FILE, path, from, to) == 0);
	return path;
}

/* The shipped file in ISO-8859-1 (’ transliterated), loaded: texts come back in UTF-8. */
static void
test_latin1(void)
{
	char	 dir[] = "/tmp/test_call.XXXXXX";
	char	*u, *l, *in, *outp, *path, *out;
	size_t	 inleft, outleft, n;
	struct call *c;
	iconv_t	 cd;
	FILE	*f;
	int	 st;

	if (mkdtemp(dir) == NULL || (f = fopen(CALL_FILE, "r")) == NULL) {
		CHECK(0);
		return;
	}
	u = calloc(1, 1 << 20);
	n = fread(u, 1, (1 << 20) - 1, f);
	fclose(f);
	/* Replace the XML declaration, transcode the rest. */
	l = calloc(1, 1 << 20);
	strcpy(l, "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>");
	in = strchr(u, '\n') != NULL ? strchr(u, '\n') : u;
	inleft = n - (size_t)(in - u);
	outp = l + strlen(l);
	outleft = (1 << 20) - 1 - strlen(l);
	cd = iconv_open("ISO-8859-1//TRANSLIT", "UTF-8");
	CHECK(cd != (iconv_t)-1 &&
	    iconv(cd, &in, &inleft, &outp, &outleft) != (size_t)-1);
	if (cd != (iconv_t)-1)
		iconv_close(cd);
	path = write_file(dir, "latin1.xml", l);
	c = load(path, &st, &out);
	CHECK(c != NULL);
	CHECK_INT(st, 0);
	if (c != NULL) {
		CHECK_STR(c->issuer_name, "Valenciennes Métropole");
		CHECK_STR(c->short_title, "APPEL À PROJETS");
		CHECK(call_commune(c, "PRESEAU", "59990") != NULL);
	}
	call_free(c);
	free(out);
	unlink(path);
	free(path);
	rmdir(dir);
	free(u);
	free(l);
}

static void
test_errors(void)
{
	char	 dir[] = "/tmp/test_call.XXXXXX";
	char	*p[24];
	size_t	 np = 0, i;

	if (mkdtemp(dir) == NULL) {
		CHECK(0);
		return;
	}
	/* Missing file, directory. */
	p[np] = write_file(dir, "missing.xml", "");
	unlink(p[np]);
	expect_error(p[np++], EX_NOINPUT, 0, "cannot open the call file: No such file");
	expect_error(dir, EX_NOINPUT, 0, "not a regular file");

	/* Not well-formed: the unclosed tag is on line 3. */
	p[np] = write_file(dir, "malformed.xml",
	    "<?xml version=\"1.0\"?>\n<call id=\"x\">\n<title>oops</titel>\n"
	    "</call>\n");
	expect_error(p[np++], EX_DATAERR, 3, "error:");
	p[np] = write_file(dir, "empty.xml", "");
	expect_error(p[np++], EX_DATAERR, 1, "the file holds no element");

	/* A DOCTYPE with an external entity is refused on its line. */
	p[np] = write_file(dir, "xxe.xml",
	    "<?xml version=\"1.0\"?>\n\n<!DOCTYPE call [\n"
	    "<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
	    "<call id=\"x\"><title>&x;</title></call>\n");
	expect_error(p[np++], EX_DATAERR, 3, "DOCTYPE");

	/* Well-formed but invalid: wrong root, bad amount. */
	p[np] = write_file(dir, "wrongroot.xml",
	    "<?xml version=\"1.0\"?>\n<round id=\"x\"/>\n");
	expect_error(p[np++], EX_DATAERR, 2, "round");
	p[np] = variant(dir, "amount.xml", ">10000.00<", ">10000.001<");
	expect_error(p[np++], EX_DATAERR, t_line_of(CALL_FILE, ">10000.00<"), "max-amount");
	p[np] = variant(dir, "rule.xml", "rule=\"viable-activity\"",
	    "rule=\"viable\"");
	expect_error(p[np++], EX_DATAERR, t_line_of(CALL_FILE, "rule=\"viable-activity\""),
	    "rule");
	p[np] = variant(dir, "dupaid.xml", "id=\"developpement\"",
	    "id=\"demarrage\"");
	expect_error(p[np++], EX_DATAERR, t_line_of(CALL_FILE, "id=\"developpement\""),
	    "demarrage");

	/* Valid against the schema, wrong in substance. */
	p[np] = variant(dir, "percent.xml", "percent=\"50\"", "percent=\"40\"");
	expect_error(p[np++], EX_DATAERR, t_line_of(CALL_FILE, "<agreement>"),
	    "add up to 90");
	p[np] = variant(dir, "param.xml", "condition rule=\"ess-governance\"",
	    "condition rule=\"ess-governance\" years=\"2\"");
	expect_error(p[np++], EX_DATAERR,
	    t_line_of(CALL_FILE, "condition rule=\"ess-governance\""),
	    "takes no years=");
	p[np] = variant(dir, "noyears.xml", " years=\"3\"", "");
	expect_error(p[np++], EX_DATAERR, t_line_of(CALL_FILE, "condition rule=\"max-age\""),
	    "needs years=");
	p[np] = variant(dir, "samename.xml", "name=\"Anzin\"",
	    "name=\"ARTRES\"");
	expect_error(p[np++], EX_DATAERR, t_line_of(CALL_FILE, "name=\"Artres\""),
	    "cannot be told apart");
	p[np] = variant(dir, "years.xml", "from=\"2018\"", "from=\"2021\"");
	expect_error(p[np++], EX_DATAERR, t_line_of(CALL_FILE, "from=\"2018\""),
	    "first is after the last");

	/* Issue 13: a UTF-8 byte-order mark decides against "ISO-8859-1". */
	{
		char	*t, *v;
		size_t	 k;

		v = variant(dir, "bom.xml", "encoding=\"UTF-8\"",
		    "encoding=\"ISO-8859-1\"");
		t = t_slurp(v);
		p[np] = write_bom(dir, "bom.xml", t);
		expect_error(p[np++], EX_DATAERR, 1, "the file starts with a "
		    "UTF-8 byte-order mark but declares encoding=\"ISO-8859-1\"");
		free(t);
		free(v);
		/* Without the mark: the bytes are UTF-8, the file refused. */
		p[np] = variant(dir, "u8l1.xml", "encoding=\"UTF-8\"",
		    "encoding=\"ISO-8859-1\"");
		expect_error(p[np++], EX_DATAERR, 1, "declares encoding="
		    "\"ISO-8859-1\" but its bytes are UTF-8");
		/* CR-only line ends: the bad amount on its own line. */
		v = variant(dir, "cr.xml", ">10000.00<", ">10000.001<");
		t = t_slurp(v);
		for (k = 0; t[k] != '\0'; k++)
			if (t[k] == '\n')
				t[k] = '\r';
		p[np] = write_file(dir, "cr.xml", t);
		expect_error(p[np++], EX_DATAERR, t_line_of(CALL_FILE, ">10000.00<"),
		    "max-amount");
		free(t);
		free(v);
		/* Decomposed accents are read composed (NFC). */
		p[np] = variant(dir, "nfd.xml", "<name>Valenciennes Métropole",
		    "<name>Valenciennes Me\xcc\x81tropole");
		{
			struct call	*c;
			char		*out;
			int		 st;

			c = load(p[np++], &st, &out);
			CHECK(c != NULL);
			if (c != NULL)
				CHECK_STR(c->issuer_name,
				    "Valenciennes Métropole");
			call_free(c);
			free(out);
		}
	}

	for (i = 0; i < np; i++) {
		if (p[i] != NULL)
			unlink(p[i]);
		free(p[i]);
	}
	rmdir(dir);
}

/*
 * Fuzzer finding: libxml2's encoding error spans two lines ("...indicate
 * encoding !\nBytes: 0x88 ..."); every diagnostic must be one located line.
 */
static void
test_one_line(void)
{
	char	 dir[] = "/tmp/test_call.XXXXXX";
	char	*path, *out, *p, loc[512];
	struct call *c;
	int	 st, lines = 0;

	if (mkdtemp(dir) == NULL) {
		CHECK(0);
		return;
	}
	path = write_file(dir, "badutf8.xml", "<?xml version=\"1.0\"?>\n"
	    "<call id=\"x\">\n<title>Valenciennes M\x88tropole</title>\n"
	    "</call>\n");
	c = load(path, &st, &out);
	CHECK(c == NULL);
	CHECK_INT(st, EX_DATAERR);
	snprintf(loc, sizeof(loc), "essdocs: %s:3:", path);
	for (p = out; p != NULL && *p != '\0'; p = strchr(p, '\n') + 1) {
		CHECK(strncmp(p, loc, strlen(loc)) == 0);
		if (strchr(p, '\n') == NULL)
			break;
		lines++;
	}
	CHECK_INT(lines, 1);
	CHECK(out != NULL && strstr(out, "0x88") != NULL);
	call_free(c);
	free(out);
	unlink(path);
	free(path);
	rmdir(dir);
}

int
main(void)
{
	struct call	*c;
	char		*out;
	int		 st;

	test_fold();
	c = load(CALL_FILE, &st, &out);
	CHECK(c != NULL);
	CHECK_INT(st, 0);
	CHECK_STR(out, "");
	free(out);
	if (c != NULL) {
		test_fields(c);
		test_territory(c);
		CHECK_STR(c->file, CALL_FILE);
	}
	call_free(c);
	test_errors();
	test_latin1();
	test_one_line();
	T_DONE();
}
