/* test_text.c: slugs, French spacing, thousands, phones, capitals and address blocks. */
#include <locale.h>
#include <stdlib.h>

#include "t.h"
#include "util.h"
#include "text.h"

#define NB	"\u00A0"	/* no-break space */
#define NN	"\u202F"	/* narrow no-break space */

/* Whether s is a safe slug: [a-z0-9-], no leading, trailing or double
 * '-', not empty, at most max bytes. */
static int
slug_ok(const char *s, size_t max)
{
	size_t	 i, n = strlen(s);

	if (n == 0 || n > max || s[0] == '-' || s[n - 1] == '-')
		return 0;
	for (i = 0; i < n; i++) {
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
			return 0;
		if (s[i] == '-' && s[i + 1] == '-')
			return 0;
	}
	return 1;
}

static void
slug(const char *in, const char *want, int line)
{
	char	*s = text_slug(in, TEXT_SLUG_MAX);

	if (strcmp(s, want) == 0 && slug_ok(s, TEXT_SLUG_MAX))
		t_pass++;
	else {
		t_fail++;
		fprintf(stderr, "%s:%d: FAIL: slug == \"%s\", want \"%s\"\n",
		    __FILE__, line, s, want);
	}
	free(s);
}

/* Apply the spacing once, check it, then check it is idempotent. */
static void
fr(const char *in, const char *want, int line)
{
	struct buf	 a = BUF_INIT, b = BUF_INIT;

	text_french_spacing(&a, in);
	text_french_spacing(&b, buf_str(&a));
	if (strcmp(buf_str(&a), want) == 0)
		t_pass++;
	else {
		t_fail++;
		fprintf(stderr, "%s:%d: FAIL: spacing == \"%s\", "
		    "want \"%s\"\n", __FILE__, line, buf_str(&a), want);
	}
	if (strcmp(buf_str(&a), buf_str(&b)) == 0)
		t_pass++;
	else {
		t_fail++;
		fprintf(stderr, "%s:%d: FAIL: not idempotent: \"%s\" "
		    "then \"%s\"\n", __FILE__, line, buf_str(&a),
		    buf_str(&b));
	}
	buf_free(&a);
	buf_free(&b);
}

/* Only check that the spacing is idempotent on in. */
static void
idem(const char *in, int line)
{
	struct buf	 a = BUF_INIT, b = BUF_INIT;

	text_french_spacing(&a, in);
	text_french_spacing(&b, buf_str(&a));
	if (strcmp(buf_str(&a), buf_str(&b)) == 0)
		t_pass++;
	else {
		t_fail++;
		fprintf(stderr, "%s:%d: FAIL: not idempotent: \"%s\" "
		    "then \"%s\"\n", __FILE__, line, buf_str(&a),
		    buf_str(&b));
	}
	buf_free(&a);
	buf_free(&b);
}

static void
thou(long long n, const char *want, int line)
{
	struct buf	 b = BUF_INIT;

	text_thousands(&b, n);
	if (strcmp(buf_str(&b), want) == 0)
		t_pass++;
	else {
		t_fail++;
		fprintf(stderr, "%s:%d: FAIL: thousands == \"%s\", "
		    "want \"%s\"\n", __FILE__, line, buf_str(&b), want);
	}
	buf_free(&b);
}

static void
phone(const char *in, int wantrc, const char *want, int line)
{
	struct buf	 b = BUF_INIT;
	int		 rc;

	rc = text_phone_fr(&b, in);
	if (rc == wantrc && strcmp(buf_str(&b), want) == 0)
		t_pass++;
	else {
		t_fail++;
		fprintf(stderr, "%s:%d: FAIL: phone == %d \"%s\", "
		    "want %d \"%s\"\n", __FILE__, line, rc, buf_str(&b),
		    wantrc, want);
	}
	buf_free(&b);
}

static void
upper(const char *in, const char *want, int line)
{
	struct buf	 b = BUF_INIT;

	text_upper_ascii(&b, in);
	if (strcmp(buf_str(&b), want) == 0)
		t_pass++;
	else {
		t_fail++;
		fprintf(stderr, "%s:%d: FAIL: upper == \"%s\", "
		    "want \"%s\"\n", __FILE__, line, buf_str(&b), want);
	}
	buf_free(&b);
}

/* Build a block from in[0..nin) and compare with want[0..nwant). */
static void
addr(const char *const *in, size_t nin, const char *const *want,
    int nwant, int wantflags, int line)
{
	char	*out[TEXT_ADDR_LINES];
	int	 n, i, flags, ok;

	n = text_address_block(out, in, nin, &flags);
	ok = n == nwant && flags == wantflags;
	if (n != nwant || flags != wantflags)
		fprintf(stderr, "%s:%d: FAIL: block has %d lines, flags %#x, "
		    "want %d, %#x\n", __FILE__, line, n, flags, nwant,
		    wantflags);
	for (i = 0; i < TEXT_ADDR_LINES; i++) {
		if (i < nwant && i < n && strcmp(out[i], want[i]) != 0) {
			fprintf(stderr, "%s:%d: FAIL: line %d \"%s\", "
			    "want \"%s\"\n", __FILE__, line, i + 1, out[i],
			    want[i]);
			ok = 0;
		}
		if (out[i] != NULL &&
		    utf8_len(out[i]) > TEXT_ADDR_WIDTH) {
			fprintf(stderr, "%s:%d: FAIL: line %d too long\n",
			    __FILE__, line, i + 1);
			ok = 0;
		}
		if ((i < n) != (out[i] != NULL))
			ok = 0;
	}
	if (ok)
		t_pass++;
	else
		t_fail++;
	text_address_free(out);
}


/*
 * A made-up face for the measured blocks, so that each case is worked out
 * by hand: W and M 0.9 em, other capitals and digits 0.65, a space 0.25,
 * anything else 0.5.  The window is 120 pt, the style 10 pt down to 8: a
 * line fits at 10 pt up to 12 em, at 8 pt up to 15 em.
 */
static double
fake_width(void *arg, const char *s)
{
	double	 w = 0;
	size_t	 i, n = strlen(s), len;
	long	 cp;

	(void)arg;
	for (i = 0; i < n; i += len) {
		cp = utf8_decode(s + i, n - i, &len);
		if (cp == 'W' || cp == 'M')
			w += 0.9;
		else if (cp == ' ')
			w += 0.25;
		else if ((cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9'))
			w += 0.65;
		else
			w += 0.5;
	}
	return w;
}

static const struct text_measure fake = { fake_width, NULL, 120, 10, 8, 0 };

/* Fit in[0..nin) to the fake window: want's lines, flags and size. */
static void
fitted(const char *const *in, size_t nin, const char *const *want, int nwant,
    int wantflags, double wantsize, int line)
{
	struct text_addr_fit fit;
	char	*out[TEXT_ADDR_LINES];
	int	 n, i, ok;

	n = text_address_fit(out, in, nin, &fake, &fit);
	ok = n == nwant && fit.flags == wantflags && fit.size == wantsize;
	if (!ok)
		fprintf(stderr, "%s:%d: FAIL: block has %d lines, flags %#x, "
		    "size %g, want %d, %#x, %g\n", __FILE__, line, n,
		    fit.flags, fit.size, nwant, wantflags, wantsize);
	for (i = 0; i < nwant && i < n; i++)
		if (strcmp(out[i], want[i]) != 0) {
			fprintf(stderr, "%s:%d: FAIL: line %d \"%s\", want "
			    "\"%s\"\n", __FILE__, line, i + 1, out[i], want[i]);
			ok = 0;
		}
	/* What fits is printed whole: every line within the window. */
	for (i = 0; i < n && !(fit.flags & TEXT_ADDR_TRUNCATED); i++)
		if (fake_width(NULL, out[i]) * fit.size > 120) {
			fprintf(stderr, "%s:%d: FAIL: line %d too wide\n",
			    __FILE__, line, i + 1);
			ok = 0;
		}
	if (ok)
		t_pass++;
	else
		t_fail++;
	text_addr_fit_free(&fit);
	text_address_free(out);
}

#define FITTED(in, want, fl, sz) \
	fitted((in), NELEM(in), (want), (int)NELEM(want), (fl), (sz), __LINE__)

#define SLUG(a, b)	slug((a), (b), __LINE__)
#define FR(a, b)	fr((a), (b), __LINE__)
#define IDEM(a)		idem((a), __LINE__)
#define THOU(a, b)	thou((a), (b), __LINE__)
#define PHONE(a, r, b)	phone((a), (r), (b), __LINE__)
#define UPPER(a, b)	upper((a), (b), __LINE__)
#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))
#define ADDR(in, want, fl) \
	addr((in), NELEM(in), (want), (int)NELEM(want), (fl), __LINE__)

static void
test_slug(void)
{
	char	 big[1000], *s;
	size_t	 i;

	SLUG("La Coloc de Joséphine", "la-coloc-de-josephine");
	SLUG("L’espace ATRIA", "l-espace-atria");
	SLUG("L'Atelier", "l-atelier");
	SLUG("../../etc/passwd", "etc-passwd");
	SLUG("/", "sans-nom");
	SLUG("", "sans-nom");
	SLUG(NULL, "sans-nom");
	SLUG("   --  ", "sans-nom");
	SLUG("Łukasz Nguyễn", "lukasz-nguyen");
	SLUG("Œuvre & Cœur", "oeuvre-coeur");
	SLUG("Straße 2000", "strasse-2000");
	SLUG("Jose\xCC\x81phine", "josephine");	/* combining acute */
	SLUG("Ζωή", "zoi");
	SLUG("Юлия", "yuliya");
	SLUG("日本", "sans-nom");
	SLUG("A\x01" "B\tC\nD\x7F" "E", "a-b-c-d-e");
	SLUG("bad \xFF\xFE utf8 \xC3", "bad-utf8");
	SLUG("a\0hidden", "a");
	SLUG("Régie de quartier « Vivre ensemble » !", "regie-de-quartier-vivre-ensemble");
	/* At most 40, cut at a word boundary. */
	SLUG("Association pour le développement de l’économie sociale",
	    "association-pour-le-developpement-de-l");
	SLUG("Supercalifragilisticexpialidocious-association-de-Valenciennes",
	    "supercalifragilisticexpialidocious");
	SLUG("Anticonstitutionnellementanticonstitutionnellement",
	    "anticonstitutionnellementanticonstitutio");
	/* A long word after a short one is cut rather than lost. */
	SLUG("Le Anticonstitutionnellementanticonstitutionnellement",
	    "le-anticonstitutionnellementanticonstitu");

	/* 300 characters, hostile or not. */
	for (i = 0; i < 300; i++)
		big[i] = i % 3 == 2 ? '/' : 'x';
	big[300] = '\0';
	s = text_slug(big, TEXT_SLUG_MAX);
	CHECK(slug_ok(s, TEXT_SLUG_MAX));
	free(s);
	for (i = 0; i + 2 < 600; i += 2)
		memcpy(big + i, "\xC3\xA9", 2);	/* é x 299 */
	big[i] = '\0';
	s = text_slug(big, TEXT_SLUG_MAX);
	CHECK(slug_ok(s, TEXT_SLUG_MAX));
	CHECK_INT(strlen(s), 40);
	free(s);
	for (i = 0; i < 300; i++)
		big[i] = (char)(1 + (i * 37) % 255);	/* every byte but NUL */
	big[300] = '\0';
	s = text_slug(big, TEXT_SLUG_MAX);
	CHECK(slug_ok(s, TEXT_SLUG_MAX));
	free(s);
	/* Without a UTF-8 locale, the built-in table still helps. */
	setlocale(LC_CTYPE, "C");
	SLUG("Joséphine Łukasz Œuvre", "josephine-lukasz-oeuvre");
	setlocale(LC_CTYPE, "C.UTF-8");
	s = text_slug("abc def", 3);	/* max is at least 8 */
	CHECK_STR(s, "abc-def");
	free(s);
}

static void
test_spacing(void)
{
	/* ; ! ? get U+202F, inserted or replacing a space. */
	FR("Bonjour ; merci", "Bonjour" NN "; merci");
	FR("Bonjour; merci", "Bonjour" NN "; merci");
	FR("Vraiment ?", "Vraiment" NN "?");
	FR("Vraiment?", "Vraiment" NN "?");
	FR("Bravo !", "Bravo" NN "!");
	FR("Bravo!", "Bravo" NN "!");
	FR("Bravo" NB "!", "Bravo" NN "!");
	FR("Quoi ?!", "Quoi" NN "?!");
	FR("Bravo  !", "Bravo" NN "!");
	/* : gets U+00A0. */
	FR("Objet : demande", "Objet" NB ": demande");
	FR("Objet: demande", "Objet" NB ": demande");
	FR("Objet" NN ": demande", "Objet" NB ": demande");
	FR("Objet :\nsuite", "Objet" NB ":\nsuite");
	/* Left alone. */
	FR("à 10:30 précises", "à 10:30 précises");
	FR("ratio 1:2", "ratio 1:2");
	FR("Art L3332-17-1 du code", "Art L3332-17-1 du code");
	FR("voir https://www.telerecours.fr/?a=1;b=2",
	    "voir https://www.telerecours.fr/?a=1;b=2");
	/* Punctuation ending a URL is read as the sentence's. */
	FR("voir https://www.telerecours.fr/?a=1;b=2!",
	    "voir https://www.telerecours.fr/?a=1;b=2" NN "!");
	FR("voir https://www.telerecours.fr ?",
	    "voir https://www.telerecours.fr" NN "?");
	FR("le préfixe https: suffit", "le préfixe https: suffit");
	FR("(www.telerecours.fr).", "(www.telerecours.fr).");
	FR("Écrivez à contact@valenciennes-metropole.fr!",
	    "Écrivez à contact@valenciennes-metropole.fr" NN "!");
	FR("mailto:a@b.fr?subject=x", "mailto:a@b.fr?subject=x");
	FR("o'brien@example.org", "o'brien@example.org");
	FR(": au début", ": au début");
	FR("\n? en tête", "\n? en tête");
	FR(":-)", ":-)");
	/* « » */
	FR("«Bonjour»", "«" NB "Bonjour" NB "»");
	FR("« Bonjour »", "«" NB "Bonjour" NB "»");
	FR("«" NB "Bonjour" NB "»", "«" NB "Bonjour" NB "»");
	FR("«https://x.fr»", "«" NB "https://x.fr" NB "»");
	/* Straight quotes when clearly paired. */
	FR("le projet \"Vivre ensemble\" est retenu",
	    "le projet «" NB "Vivre ensemble" NB "» est retenu");
	FR("dit \"oui\".", "dit «" NB "oui" NB "».");
	FR("\"Qui ?\"", "«" NB "Qui" NN "?" NB "»");
	FR("un écran 24\" seulement", "un écran 24\" seulement");
	FR("a \"b\n\nc\" d", "a \"b\n\nc\" d");
	FR("x \" y \" z", "x \" y \" z");
	FR("<a href=\"https://x.fr/\">", "<a href=\"https://x.fr/\">");
	/* Apostrophes. */
	FR("l'économie d'aujourd'hui", "l’économie d’aujourd’hui");
	FR("l’économie", "l’économie");
	FR("les 'guillemets'", "les 'guillemets'");
	FR("http://x.fr/l'a", "http://x.fr/l'a");
	/* A mix. */
	FR("Attention : l'appel \"ESS\" ferme le 30/06 ; candidatez !",
	    "Attention" NB ": l’appel «" NB "ESS" NB "» ferme le 30/06"
	    NN "; candidatez" NN "!");
	FR("", "");
	/* Curly quotes, three dots, the spaces that never break. */
	FR("site internet “Kiosque ESS”, village ESS ...",
	    "site internet «" NB "Kiosque ESS" NB "», village ESS…");
	FR("l’emploi associatif ...", "l’emploi associatif…");
	FR("Et... puis", "Et… puis");
	FR("a .... b", "a .... b");
	FR("50 % de la subvention", "50" NN "% de la subvention");
	FR("soit 10 000 € ou 1 234 567 €",
	    "soit 10" NN "000" NN "€ ou 1" NN "234" NN "567" NN "€");
	FR("versement n° 1 et N° 2", "versement n°" NB "1 et N°" NB "2");
	FR("M. Dupont, Mme Lemaire et MM. Martin",
	    "M." NB "Dupont, Mme" NB "Lemaire et MM." NB "Martin");
	FR("(Mlle Roux)", "(Mlle" NB "Roux)");
	FR("Mmes et messieurs", "Mmes et messieurs");
	FR("en 2018 100 projets", "en 2018" NN "100 projets");
	FR("en 2018 1000 projets", "en 2018 1000 projets");
	FR("voir www.x.fr/a...b ici", "voir www.x.fr/a…b ici");
	/* Invalid UTF-8 goes through, and nothing is done next to it. */
	FR("a\xFF ; b", "a\xFF ; b");
	FR("\xC3 ab ; \xFF", "\xC3 ab" NN "; \xFF");

	/* Regressions found by a random-input idempotence check. */
	IDEM("a \"é\"» (");
	IDEM("«\"); @@(\xFF»'@\"");
	IDEM("b!@\")@«!x@y.frb.\t?()\"");
	IDEM("/\"b;@\xFF\"@«;ax@y.fr é-");
	IDEM("\"a \"b\" c\" d");

	/* The functions append. */
	{
		struct buf b = BUF_INIT;

		buf_puts(&b, "x ");
		text_french_spacing(&b, ": y");
		CHECK_STR(buf_str(&b), "x : y");
		buf_free(&b);
	}
}

static void
test_numbers(void)
{
	THOU(0, "0");
	THOU(999, "999");
	THOU(1000, "1" NN "000");
	THOU(10000, "10" NN "000");
	THOU(123456, "123" NN "456");
	THOU(1234567, "1" NN "234" NN "567");
	THOU(-1234, "-1" NN "234");
	THOU(-9223372036854775807LL - 1,
	    "-9" NN "223" NN "372" NN "036" NN "854" NN "775" NN "808");

	PHONE("0327096375", 0, "03" NB "27" NB "09" NB "63" NB "75");
	PHONE("03 27 096 375", 0, "03" NB "27" NB "09" NB "63" NB "75");
	PHONE("03.27.09.63.75", 0, "03" NB "27" NB "09" NB "63" NB "75");
	PHONE("03-27-09-63-75", 0, "03" NB "27" NB "09" NB "63" NB "75");
	PHONE("03" NB "27" NB "09" NB "63" NB "75", 0,
	    "03" NB "27" NB "09" NB "63" NB "75");
	PHONE("032709637", -1, "032709637");
	PHONE("03270963751", -1, "03270963751");
	PHONE("+33 3 27 09 63 75", -1, "+33 3 27 09 63 75");
	PHONE("03 27 09 63 7a", -1, "03 27 09 63 7a");
	PHONE("", -1, "");

	UPPER("Valenciennes", "VALENCIENNES");
	UPPER("59300 Valenciennes", "59300 VALENCIENNES");
	UPPER("Condé-sur-l’Escaut", "CONDE SUR L ESCAUT");
	UPPER("Condé-sur-l'Escaut", "CONDE SUR L ESCAUT");
	UPPER("  Saint-Saulve  ", "SAINT SAULVE");
	UPPER("Aulnoy-lez-Valenciennes CEDEX 9", "AULNOY LEZ VALENCIENNES CEDEX 9");
	UPPER("Œuvre", "OEUVRE");
	UPPER("Юлия", "YULIYA");
	UPPER("", "");
}

static void
test_address(void)
{
	static const char *const plain[] = {
		"La Coloc de Joséphine",
		"Madame Joséphine Martin",
		"12 rue de Famars",
		"59300 Valenciennes"
	};
	static const char *const plain_want[] = {
		"La Coloc de Joséphine",
		"Madame Joséphine Martin",
		"12 rue de Famars",
		"59300 VALENCIENNES"
	};
	static const char *const town[] = {
		"Association Les Amis",
		"1 place d’Armes",
		"59163 Condé-sur-l’Escaut"
	};
	static const char *const town_want[] = {
		"Association Les Amis",
		"1 place d’Armes",
		"59163 CONDE SUR L ESCAUT"
	};
	/* 41 and 43 code points: abbreviated word by word until they fit,
	 * keeping the case. */
	static const char *const shorten[] = {
		"Régie de quartier",
		"Résidence du Marais de l’Épinette, bât. C",
		"127 BOULEVARD DU GENERAL DE GAULLE PROLONGE",
		"59300 Valenciennes"
	};
	static const char *const shorten_want[] = {
		"Régie de quartier",
		"Res du Marais de l’Épinette, bât. C",
		"127 BD DU GENERAL DE GAULLE PROLONGE",
		"59300 VALENCIENNES"
	};
	/* Recipient, contact, three street lines, town: six lines. */
	static const char *const six[] = {
		"Association Solidarité Emploi",
		"À l’attention de M. Jean Dupont",
		"Bâtiment B, escalier 3",
		"Résidence Les Tilleuls",
		"25 avenue de Denain",
		"59300 Valenciennes"
	};
	static const char *const six_want[] = {
		"Association Solidarité Emploi",
		"À l’attention de M. Jean Dupont",
		"Bâtiment B, escalier 3",
		"Résidence Les Tilleuls",
		"25 avenue de Denain",
		"59300 VALENCIENNES"
	};
	/* Seven lines: the contact goes. */
	static const char *const seven[] = {
		"Association Solidarité Emploi",
		"À l’attention de M. Jean Dupont",
		"Bâtiment B, escalier 3",
		"Résidence Les Tilleuls",
		"25 avenue de Denain",
		"BP 123",
		"59300 Valenciennes"
	};
	static const char *const seven_want[] = {
		"Association Solidarité Emploi",
		"Bâtiment B, escalier 3",
		"Résidence Les Tilleuls",
		"25 avenue de Denain",
		"BP 123",
		"59300 VALENCIENNES"
	};
	/* A long name goes on two lines when there is room. */
	static const char *const wrap[] = {
		"Association pour le développement de l’économie sociale",
		"25 avenue de Denain",
		"59300 Valenciennes"
	};
	static const char *const wrap_want[] = {
		"Association pour le développement de",
		"l’économie sociale",
		"25 avenue de Denain",
		"59300 VALENCIENNES"
	};
	/* A full block: the complement (the contact) goes so that the
	 * recipient can take two lines (NF Z10-011's order). */
	static const char *const full[] = {
		"Association pour le développement de l’économie sociale",
		"Madame la Présidente",
		"Bâtiment B",
		"Résidence Les Tilleuls",
		"25 avenue de Denain",
		"59300 Valenciennes"
	};
	static const char *const full_want[] = {
		"Association pour le développement de",
		"l’économie sociale",
		"Bâtiment B",
		"Résidence Les Tilleuls",
		"25 avenue de Denain",
		"59300 VALENCIENNES"
	};
	/* Too long for two lines: cut, and flagged (callers refuse it). */
	static const char *const cut[] = {
		"Association intercommunale pour le développement de "
		    "l’économie sociale et solidaire du Valenciennois",
		"Bâtiment B",
		"25 avenue de Denain",
		"59300 Valenciennes"
	};
	static const char *const cut_want[] = {
		"Association intercommunale pour le",
		"Bâtiment B",
		"25 avenue de Denain",
		"59300 VALENCIENNES"
	};
	/* Blank, NULL and messy lines. */
	static const char *const messy[] = {
		"  Les   Amis\tdu\n Quartier ",
		NULL,
		"",
		"   ",
		"3 impasse\x01 des \xFF Lilas",
		"59300   valenciennes"
	};
	static const char *const messy_want[] = {
		"Les Amis du Quartier",
		"3 impasse des Lilas",
		"59300 VALENCIENNES"
	};
	static const char *const longtown[] = {
		"Mairie",
		"59230 Saint-Amand-les-Eaux-sur-Scarpe-et-Escaut-Cedex"
	};
	static const char *const longtown_want[] = {
		"Mairie",
		"59230 ST AMAND LES EAUX SUR SCARPE ET"
	};
	/* Three street lines leave no room to wrap the contact: the first
	 * name goes to its initials, the surname stays. */
	static const char *const person[] = {
		"Association des Habitants",
		"Mme Marie-Madeleine Dupont-Lefebvre-Vandenbrock",
		"Bâtiment B",
		"Résidence des Acacias",
		"12 rue Jean Jaurès",
		"59300 Valenciennes"
	};
	static const char *const person_want[] = {
		"Association des Habitants",
		"Mme M.-M. Dupont-Lefebvre-Vandenbrock",
		"Bâtiment B",
		"Résidence des Acacias",
		"12 rue Jean Jaurès",
		"59300 VALENCIENNES"
	};
	static const char *const none[] = { NULL, "  ", "" };
	char	*out[TEXT_ADDR_LINES];
	int	 flags;

	ADDR(plain, plain_want, 0);
	ADDR(town, town_want, 0);
	ADDR(shorten, shorten_want, TEXT_ADDR_ABBREV);
	ADDR(six, six_want, 0);
	ADDR(seven, seven_want, TEXT_ADDR_DROPPED);
	ADDR(wrap, wrap_want, TEXT_ADDR_WRAPPED);
	ADDR(full, full_want, TEXT_ADDR_WRAPPED | TEXT_ADDR_DROPPED);
	ADDR(cut, cut_want, TEXT_ADDR_TRUNCATED);
	ADDR(messy, messy_want, 0);
	ADDR(longtown, longtown_want, TEXT_ADDR_ABBREV | TEXT_ADDR_TRUNCATED);
	ADDR(person, person_want, TEXT_ADDR_INITIALS);

	CHECK_INT(text_address_block(out, none, NELEM(none), &flags), -1);
	CHECK(out[0] == NULL && out[5] == NULL);
	CHECK_INT(text_address_block(out, plain, NELEM(plain), NULL), 4);
	text_address_free(out);
	CHECK(out[0] == NULL);
}

/*
 * The address block measured (the fake face above): each remedy in its
 * order, each with a block it is the one to make fit, then the blocks
 * nothing makes fit.
 */
static void
test_address_fit(void)
{
	/* Fits as it is, at the style's size. */
	static const char *const plain[] = {
		"Régie de quartier", "Mme Marie Dupont", "3 rue Jean Jaurès",
		"59300 Valenciennes"
	};
	static const char *const plain_want[] = {
		"Régie de quartier", "Mme Marie Dupont", "3 rue Jean Jaurès",
		"59300 VALENCIENNES"
	};
	/* 1. 14 em: 8 pt would do, but an abbreviation keeps 10 pt. */
	static const char *const abbrev[] = {
		"Régie de quartier", "12 BOULEVARD DU NORD EST",
		"59300 Valenciennes"
	};
	static const char *const abbrev_want[] = {
		"Régie de quartier", "12 BD DU NORD EST", "59300 VALENCIENNES"
	};
	/* 1. 16.6 em: too wide even at 8 pt; two abbreviations, 11.4 em. */
	static const char *const abbrev2[] = {
		"Régie de quartier", "12 AVENUE DU GENERAL LECLERC",
		"59300 Valenciennes"
	};
	static const char *const abbrev2_want[] = {
		"Régie de quartier", "12 AV DU GAL LECLERC",
		"59300 VALENCIENNES"
	};
	/* 2. 12.3 em and nothing to abbreviate: 9.75 pt (12.3 × 9.75 =
	 * 119.9). */
	static const char *const smaller[] = {
		"Association des Habitants", "3 rue Jean Jaurès",
		"59300 Valenciennes"
	};
	static const char *const smaller_want[] = {
		"Association des Habitants", "3 rue Jean Jaurès",
		"59300 VALENCIENNES"
	};
	/* 2 before 3. A person's line of 13.85 em: 8.5 pt, the first name
	 * whole. */
	static const char *const person[] = {
		"Régie de quartier", "Mme Marie-Madeleine Dupont",
		"3 rue Jean Jaurès", "59300 Valenciennes"
	};
	static const char *const person_want[] = {
		"Régie de quartier", "Mme Marie-Madeleine Dupont",
		"3 rue Jean Jaurès", "59300 VALENCIENNES"
	};
	/* 3. 18.5 em: the initials (13.5 em) and 8.75 pt. */
	static const char *const initials[] = {
		"Régie de quartier", "Mme Marie-Madeleine Dupont-Lefebvre",
		"3 rue Jean Jaurès", "59300 Valenciennes"
	};
	static const char *const initials_want[] = {
		"Régie de quartier", "Mme M.-M. Dupont-Lefebvre",
		"3 rue Jean Jaurès", "59300 VALENCIENNES"
	};
	/* 4. A recipient of 22.1 em, with room: two lines, the split that
	 * keeps the largest size. */
	static const char *const wrap[] = {
		"Association des Habitants du Faubourg de Paris",
		"Mme Marie Dupont", "3 rue Jean Jaurès", "59300 Valenciennes"
	};
	static const char *const wrap_want[] = {
		"Association des Habitants", "du Faubourg de Paris",
		"Mme Marie Dupont", "3 rue Jean Jaurès", "59300 VALENCIENNES"
	};
	/* 4. The same in a full block: line 2, the contact, goes. */
	static const char *const wrapfull[] = {
		"Association des Habitants du Faubourg de Paris",
		"Mme Marie Dupont", "Bâtiment B", "Résidence Les Tilleuls",
		"3 rue Jean Jaurès", "59300 Valenciennes"
	};
	static const char *const wrapfull_want[] = {
		"Association des Habitants", "du Faubourg de Paris",
		"Bâtiment B", "Résidence Les Tilleuls", "3 rue Jean Jaurès",
		"59300 VALENCIENNES"
	};
	/* Every remedy at once, each on its line. */
	static const char *const all[] = {
		"Association des Habitants du Faubourg de Paris",
		"Mme Marie-Madeleine Dupont-Lefebvre", "Bâtiment B",
		"12 AVENUE DU GENERAL LECLERC", "59300 Valenciennes"
	};
	static const char *const all_want[] = {
		"Association des Habitants", "du Faubourg de Paris",
		"Mme M.-M. Dupont-Lefebvre", "Bâtiment B",
		"12 AV DU GAL LECLERC", "59300 VALENCIENNES"
	};
	/* Nothing makes these fit. */
	static const char *const contact[] = {
		"Régie de quartier",
		"Mme Marie-Madeleine Dupont-Montmorency-Laval",
		"3 rue Jean Jaurès", "59300 Valenciennes"
	};
	static const char *const word[] = {
		"MWMWMWMWMWMWMWMWMW", NULL, "3 rue Jean Jaurès",
		"59300 Valenciennes"
	};
	static const char *const three[] = {
		"Association des Habitants du Faubourg de Paris et de la "
		    "Porte du Nord", "3 rue Jean Jaurès", "59300 Valenciennes"
	};
	struct text_addr_fit fit;
	char	*out[TEXT_ADDR_LINES];

	FITTED(plain, plain_want, 0, 10);
	FITTED(abbrev, abbrev_want, TEXT_ADDR_ABBREV, 10);
	FITTED(abbrev2, abbrev2_want, TEXT_ADDR_ABBREV, 10);
	FITTED(smaller, smaller_want, TEXT_ADDR_SMALLER, 9.75);
	FITTED(person, person_want, TEXT_ADDR_SMALLER, 8.5);
	FITTED(initials, initials_want,
	    TEXT_ADDR_INITIALS | TEXT_ADDR_SMALLER, 8.75);
	FITTED(wrap, wrap_want, TEXT_ADDR_WRAPPED | TEXT_ADDR_SMALLER, 9.75);
	FITTED(wrapfull, wrapfull_want,
	    TEXT_ADDR_WRAPPED | TEXT_ADDR_DROPPED | TEXT_ADDR_SMALLER, 9.75);
	FITTED(all, all_want, TEXT_ADDR_ABBREV | TEXT_ADDR_INITIALS |
	    TEXT_ADDR_WRAPPED | TEXT_ADDR_SMALLER, 8.75);

	/* The contact after its initials, "Mme M.-M. Dupont-Montmorency-
	 * Laval": 18.4 em, 147.2 pt at 8 pt, 27.2 pt too wide. */
	CHECK_INT(text_address_fit(out, contact, NELEM(contact), &fake,
	    &fit), 4);
	CHECK_INT(fit.flags, TEXT_ADDR_INITIALS | TEXT_ADDR_TRUNCATED |
	    TEXT_ADDR_SMALLER);
	CHECK_INT(fit.line, 1);
	CHECK_STR(fit.text, "Mme M.-M. Dupont-Montmorency-Laval");
	CHECK(fit.over > 27.19 && fit.over < 27.21);
	CHECK_INT(fit.wrapped, 0);
	CHECK_INT(fit.chars, 0);
	text_addr_fit_free(&fit);
	text_address_free(out);

	/* One word, 16.2 em: no space to wrap at; 9.6 pt too wide.  Its
	 * index is the input's (a NULL line follows it). */
	CHECK_INT(text_address_fit(out, word, NELEM(word), &fake, &fit), 3);
	CHECK(fit.flags & TEXT_ADDR_TRUNCATED);
	CHECK_INT(fit.line, 0);
	CHECK_STR(fit.text, "MWMWMWMWMWMWMWMWMW");
	CHECK(fit.over > 9.59 && fit.over < 9.61);
	CHECK_INT(fit.wrapped, 0);
	text_addr_fit_free(&fit);
	text_address_free(out);

	/* Two lines at 8 pt hold "Association des Habitants du" and
	 * "Faubourg de Paris et de la Porte": "du Nord" (3.4 em, 27.2 pt) is
	 * left over; the recipient is never abbreviated. */
	CHECK_INT(text_address_fit(out, three, NELEM(three), &fake, &fit), 3);
	CHECK_INT(fit.flags, TEXT_ADDR_TRUNCATED | TEXT_ADDR_SMALLER);
	CHECK_INT(fit.line, 0);
	CHECK_INT(fit.wrapped, 1);
	CHECK_STR(fit.rest, "du Nord");
	CHECK(fit.over > 27.19 && fit.over < 27.21);
	text_addr_fit_free(&fit);
	text_address_free(out);

	/* The window holds 4 lines: a 5-line block loses its contact. */
	{
		struct text_measure four = fake;
		static const char *const five[] = {
			"Régie de quartier", "Mme Marie Dupont", "Bâtiment B",
			"3 rue Jean Jaurès", "59300 Valenciennes"
		};

		four.max_lines = 4;
		CHECK_INT(text_address_fit(out, five, NELEM(five), &four,
		    &fit), 4);
		CHECK_INT(fit.flags, TEXT_ADDR_DROPPED);
		CHECK_STR(out[1], "Bâtiment B");
		text_addr_fit_free(&fit);
		text_address_free(out);
	}
}

/*
 * The pass keeps its results by text: a text seen before gives the same
 * output, appended after what the buffer holds, also once thousands of
 * other texts have gone through (the table empties itself when full).
 */
static void
test_spacing_memo(void)
{
	struct buf	 a = BUF_INIT, b = BUF_INIT;
	char		 t[64];
	int		 i, bad = 0;

	text_french_spacing(&a, "Le taux : 50 % pour M. Dupont !");
	CHECK_STR(buf_str(&a), "Le taux\xC2\xA0: 50\xE2\x80\xAF% pour "
	    "M.\xC2\xA0" "Dupont\xE2\x80\xAF!");
	buf_puts(&b, "avant ");
	text_french_spacing(&b, "Le taux : 50 % pour M. Dupont !");
	CHECK(b.len == a.len + 6 && strncmp(b.s, "avant ", 6) == 0 &&
	    strcmp(b.s + 6, buf_str(&a)) == 0);
	for (i = 0; i < 10000; i++) {
		snprintf(t, sizeof(t), "n° %d : « %d »", i, i % 7);
		buf_truncate(&b, 0);
		text_french_spacing(&b, t);
		snprintf(t, sizeof(t), "n\xC2\xB0\xC2\xA0%d\xC2\xA0: "
		    "\xC2\xAB\xC2\xA0%d\xC2\xA0\xC2\xBB", i, i % 7);
		if (strcmp(buf_str(&b), t) != 0 && bad++ < 3)
			fprintf(stderr, "memo %d: \"%s\"\n", i, buf_str(&b));
	}
	CHECK_INT(bad, 0);
	buf_truncate(&b, 0);
	text_french_spacing(&b, "Le taux : 50 % pour M. Dupont !");
	CHECK_STR(buf_str(&b), buf_str(&a));
	buf_free(&a);
	buf_free(&b);
}

int
main(void)
{
	setlocale(LC_CTYPE, "C.UTF-8");
	test_spacing_memo();
	test_slug();
	test_spacing();
	test_numbers();
	test_address();
	test_address_fit();
	T_DONE();
}
