/* test_pdf.c: the PDF device, checked with qpdf, pdffonts, pdftotext and pdfinfo. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "diag.h"
#include "font.h"
#include "page.h"
#include "pdf.h"
#include "util.h"

#include "t.h"

#define A4W	595.276
#define A4H	841.890
#define PT_MM	(72.0 / 25.4)

static const char *const para =
    "Valenciennes Métropole soutient les projets de l’économie sociale et "
    "solidaire\u202F: associations, coopératives, mutuelles et fondations "
    "qui créent de l’emploi durable sur le territoire. Le comité de "
    "sélection a examiné votre dossier avec attention ; il a retenu la "
    "qualité de l’ancrage local, la gouvernance démocratique et "
    "l’utilité sociale de l’activité. « Nous saluons l’engagement de "
    "l’équipe », écrit la vice-présidente. Çà et là, œuvre, cœur, "
    "naïveté, où, déjà, Noël, ÉTÉ, Œdipe, ÇA.";

static const char *const names[] = {
	"Łukasz Żółć",
	"Nguyễn Thị Minh Khai",
	"Ζωή Παπαδοπούλου",
	"Юлия Иванова",
	"Çağrı Öztürk",
	"Dvořák",
};

static const struct color cmyk_black = { CS_CMYK, { 0, 0, 0, 1 } };
static const struct color cmyk_blue = { CS_CMYK, { 1, 0.45, 0, 0.1 } };
static const struct color rgb_red = { CS_RGB, { 0.8, 0.1, 0.1, 0 } };
static const struct color gray_mid = { CS_GRAY, { 0.5, 0, 0, 0 } };

static void
text(struct page *pg, enum face f, double size, double x, double y,
    const char *s, const struct color *c)
{
	struct item	 it;

	memset(&it, 0, sizeof(it));
	it.kind = ITEM_TEXT;
	it.face = f;
	it.size = size;
	it.x = x;
	it.y = y;
	it.text = (char *)s;
	it.color = *c;
	page_add(pg, &it);
}

/*
 * Set s as positioned words (one item per word) in the column
 * [x, x + w) from baseline y down; returns the next baseline.
 */
static double
words(struct page *pg, const struct fontset *fs, enum face f, double size,
    double x, double y, double w, const char *s, const struct color *c)
{
	struct buf	 word = BUF_INIT;
	const char	*e;
	double		 cx = x, ww, sp;

	sp = font_width(fs, f, " ", size);
	while (*s != '\0') {
		while (*s == ' ')
			s++;
		if (*s == '\0')
			break;
		e = strchr(s, ' ');
		if (e == NULL)
			e = s + strlen(s);
		buf_truncate(&word, 0);
		buf_add(&word, s, (size_t)(e - s));
		ww = font_width(fs, f, word.s, size);
		if (cx > x && cx + ww > x + w) {
			cx = x;
			y -= size * 1.3;
		}
		text(pg, f, size, cx, y, word.s, c);
		cx += ww + sp;
		s = e;
	}
	buf_free(&word);
	return y - size * 1.3;
}

static void
rect(struct page *pg, double x, double y, double w, double h,
    const struct color *fill, const struct color *stroke)
{
	struct item	 it;

	memset(&it, 0, sizeof(it));
	it.kind = ITEM_RECT;
	it.x = x;
	it.y = y;
	it.w = w;
	it.h = h;
	if (fill != NULL) {
		it.fill = 1;
		it.color = *fill;
	}
	if (stroke != NULL) {
		it.stroke = 1;
		it.stroke_color = *stroke;
		it.line_width = 0.8;
	}
	page_add(pg, &it);
}

static void
line(struct page *pg, double x, double y, double w, double h,
    const struct color *c)
{
	struct item	 it;

	memset(&it, 0, sizeof(it));
	it.kind = ITEM_LINE;
	it.x = x;
	it.y = y;
	it.w = w;
	it.h = h;
	it.stroke = 1;
	it.stroke_color = *c;
	it.line_width = 0.5;
	page_add(pg, &it);
}

/* Two pages: every script in the four faces, colours, a line, boxes. */
static struct pages *
multiscript(const struct fontset *fs)
{
	struct pages	*pp;
	struct page	*pg;
	double		 y;
	size_t		 i;
	int		 f;

	pp = pages_new();
	pp->title = xstrdup("Épreuve multi-écritures – Łódź");
	pp->author = xstrdup("Valenciennes Métropole");
	pp->subject = xstrdup("Test du périphérique PDF");
	pp->creator = xstrdup("test_pdf");
	pg = pages_add(pp, A4W, A4H);
	rect(pg, 0, A4H - 60, A4W, 60, &cmyk_blue, NULL);
	text(pg, FACE_BOLD, 18, 50, A4H - 38, "Appel à projets ESS",
	    &(struct color){ CS_CMYK, { 0, 0, 0, 0 } });
	y = A4H - 100;
	for (f = 0; f < FACE__MAX; f++)
		y = words(pg, fs, (enum face)f, 10, 50, y, A4W - 100, para,
		    &cmyk_black) - 6;
	line(pg, 50, y + 4, A4W - 100, 0, &cmyk_black);
	y -= 14;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		f = (int)(i % FACE__MAX);
		y = words(pg, fs, (enum face)f, 12, 50, y, A4W - 100,
		    names[i], &cmyk_black);
	}
	text(pg, FACE_BOLD, 12, 50, y, "10\u202F000\u202F€", &cmyk_black);
	rect(pg, 300, 80, 120, 40, &rgb_red, &cmyk_black);
	rect(pg, 440, 80, 100, 40, NULL, &gray_mid);

	pg = pages_add(pp, 210 * PT_MM + 6 * PT_MM, 297 * PT_MM + 6 * PT_MM);
	pg->has_boxes = 1;
	pg->trim[0] = pg->trim[1] = 3 * PT_MM;
	pg->trim[2] = 213 * PT_MM;
	pg->trim[3] = 300 * PT_MM;
	pg->bleed[0] = pg->bleed[1] = 0;
	pg->bleed[2] = 216 * PT_MM;
	pg->bleed[3] = 303 * PT_MM;
	rect(pg, 0, 0, 216 * PT_MM, 40 * PT_MM, &cmyk_blue, NULL);
	y = words(pg, fs, FACE_ITALIC, 11, 20 * PT_MM, 280 * PT_MM, 170 * PT_MM,
	    "Page deux : boîtes de coupe et de fond perdu.", &cmyk_black);
	/* Characters DejaVu lacks: a CJK ideograph (twice) and an emoji. */
	text(pg, FACE_REGULAR, 11, 20 * PT_MM, y, "Manque\u4E2D\u4E2D",
	    &cmyk_black);
	text(pg, FACE_BOLD, 11, 20 * PT_MM, y - 14, "Rire\U0001F600\u4E2D",
	    &cmyk_black);
	return pp;
}

/* The body of a letter: about 2 300 characters, none repeated. */
static const char *const body[] = {
	"Madame la Présidente,",
	"Vous avez déposé le 14 février 2019 une candidature à l’appel à "
	"projets « Économie sociale et solidaire 2018-2020 » "
	"lancé par Valenciennes Métropole. Le comité de sélection s’est "
	"réuni le 28 mars ; il a examiné votre dossier au regard des "
	"critères du règlement : ancrage territorial, gouvernance "
	"démocratique, utilité sociale, viabilité économique et création "
	"d’emplois durables.",
	"J’ai le plaisir de vous informer que votre projet de jardin "
	"d’insertion maraîcher à Saint-Saulve est déclaré éligible. Le "
	"comité a relevé la qualité du partenariat noué avec les bailleurs "
	"sociaux, l’implication des habitants du quartier dès la phase de "
	"conception, ainsi que la cohérence du budget prévisionnel. Il "
	"souhaite toutefois que le plan de formation des salariés en "
	"parcours soit précisé avant la signature de la convention.",
	"Une subvention de 10 000 € vous sera versée en deux "
	"fois : 60 % à la signature, le solde sur présentation du "
	"bilan d’activité et du compte rendu financier, au plus tard le "
	"31 décembre 2020. Les pièces justificatives devront être "
	"transmises par voie électronique au service Développement "
	"économique, qui reste à votre disposition pour toute question.",
	"Je vous rappelle que le soutien de Valenciennes Métropole doit "
	"apparaître sur vos supports de communication, et que toute "
	"modification substantielle du projet (calendrier, lieu, "
	"partenaires ou budget) doit nous être signalée sans délai. Faute "
	"de quoi, l’aide pourrait être réduite ou son remboursement exigé, "
	"conformément à l’article 9 du règlement.",
	"Le versement interviendra sous réserve de la production de "
	"l’attestation d’assurance, des statuts à jour et d’un relevé "
	"d’identité bancaire au nom de l’association. Un bilan "
	"intermédiaire sera présenté au comité de suivi, qui se tiendra en "
	"novembre 2019 à l’hôtel de la Métropole, en présence des "
	"partenaires financeurs : Région, Département et France Active.",
	"Vous trouverez ci-joint le projet de convention en deux "
	"exemplaires. Je vous remercie de bien vouloir nous en retourner "
	"un, paraphé et signé, avant le 30 avril 2019.",
	"Je vous prie d’agréer, Madame la Présidente, l’expression de mes "
	"salutations distinguées.",
};

/* About 2 500 characters of French text in two or three faces. */
static struct pages *
letter(const struct fontset *fs, int italic)
{
	struct pages	*pp;
	struct page	*pg;
	double		 y;
	size_t		 i;

	pp = pages_new();
	pp->title = xstrdup("Lettre d’éligibilité – dossier 2019-0042");
	pp->author = xstrdup("Valenciennes Métropole");
	pg = pages_add(pp, A4W, A4H);
	rect(pg, 40, A4H - 90, 60, 50, &cmyk_blue, NULL);
	rect(pg, 40, 40, A4W - 80, 1, &cmyk_blue, NULL);
	y = words(pg, fs, FACE_BOLD, 10, 320, A4H - 120, 230,
	    "Association Les Jardins du Hainaut", &cmyk_black);
	y = words(pg, fs, FACE_REGULAR, 10, 320, y, 230,
	    "12 rue de Famars", &cmyk_black);
	y = words(pg, fs, FACE_REGULAR, 10, 320, y, 230,
	    "59300 Valenciennes", &cmyk_black);
	y = words(pg, fs, FACE_REGULAR, 10, 320, y - 10, 230,
	    "Valenciennes, le 2 avril 2019", &cmyk_black);
	y = words(pg, fs, FACE_BOLD, 10, 60, y - 20, A4W - 120,
	    "Objet : appel à projets ESS 2018-2020, dossier 2019-0042",
	    &cmyk_black);
	for (i = 0; i < sizeof(body) / sizeof(body[0]); i++)
		y = words(pg, fs, FACE_REGULAR, 10, 60, y - 6, A4W - 120,
		    body[i], &cmyk_black);
	words(pg, fs, italic ? FACE_ITALIC : FACE_REGULAR, 10, 320, y - 20,
	    230,
	    "Pour le Président, le vice-président délégué à l’économie "
	    "sociale et solidaire", &cmyk_black);
	return pp;
}

/* Run cmd through the shell; returns its exit status. */
static int
run(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int
run(const char *fmt, ...)
{
	struct buf	 cmd = BUF_INIT;
	va_list		 ap;
	int		 rc;

	va_start(ap, fmt);
	buf_vprintf(&cmd, fmt, ap);
	va_end(ap);
	rc = system(cmd.s);
	buf_free(&cmd);
	return rc;
}

static long
fsize(const char *path)
{
	struct stat	 st;

	return stat(path, &st) == -1 ? -1 : (long)st.st_size;
}

/* Count the occurrences of needle in hay. */
static int
count(const char *hay, const char *needle)
{
	int	 n = 0;

	while ((hay = strstr(hay, needle)) != NULL) {
		n++;
		hay += strlen(needle);
	}
	return n;
}

/*
 * The external checks every PDF must pass.  enc: the encoding every
 * font must have, "Identity-H" (CID TrueType, the UTF-8 path) or
 * "WinAnsi" (simple TrueType, the single-byte path); NULL: either.
 * Returns the number of fonts on each path through nid and nwin.
 */
static void
check_tools(const char *dir, const char *pdf, const char *enc, int *nid,
    int *nwin)
{
	struct buf	 p = BUF_INIT;
	char		*s, *line, *save;
	int		 rows, id, win;

	buf_printf(&p, "%s/check.err", dir);
	CHECK_INT(run("qpdf --check '%s' >/dev/null 2>'%s'", pdf, p.s), 0);
	s = t_slurp(p.s);
	CHECK_STR(s, "");
	free(s);

	CHECK_INT(run("pdffonts '%s' >'%s.fonts' 2>&1", pdf, p.s), 0);
	buf_puts(&p, ".fonts");
	s = t_slurp(p.s);
	rows = id = win = 0;
	for (line = strtok_r(s, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		if (strncmp(line, "name", 4) == 0 || line[0] == '-')
			continue;
		rows++;
		/* Columns: name type encoding emb sub uni object ID. */
		if (enc != NULL && strcmp(enc, "Identity-H") == 0) {
			CHECK(strstr(line, "CID TrueType") != NULL);
			CHECK(strstr(line, "Identity-H") != NULL);
		} else if (enc != NULL) {
			CHECK(strstr(line, " TrueType ") != NULL);
			CHECK(strstr(line, "CID") == NULL);
			CHECK(strstr(line, enc) != NULL);
		}
		if (strstr(line, "CID TrueType  ") != NULL &&
		    strstr(line, " Identity-H ") != NULL)
			id++;
		else if (strstr(line, " TrueType  ") != NULL &&
		    strstr(line, " WinAnsi ") != NULL)
			win++;
		else
			CHECK(!"a font neither CID/Identity-H nor WinAnsi");
		CHECK(strstr(line, " yes yes yes ") != NULL);
		CHECK(strstr(line, "Syntax") == NULL);
	}
	CHECK(rows >= 1);
	if (nid != NULL)
		*nid = id;
	if (nwin != NULL)
		*nwin = win;
	free(s);
	buf_free(&p);
}

/*
 * Write a letter twice (same bytes), check it with the tools and
 * return its size.
 */
static long
check_letter(const char *dir, const struct pages *lp,
    const struct fontset *fs, struct diag *d, const char *name)
{
	struct pdf_opts	 opts;
	struct buf	 a = BUF_INIT, b = BUF_INIT, t = BUF_INIT;
	char		*s;
	long		 sz;

	memset(&opts, 0, sizeof(opts));
	opts.id = name;
	buf_printf(&a, "%s/%s.pdf", dir, name);
	buf_printf(&b, "%s/%s-2.pdf", dir, name);
	buf_printf(&t, "%s/%s.txt", dir, name);
	CHECK_INT(pdf_write(lp, fs, a.s, &opts, d, "2019-0042"), 0);
	CHECK_INT(pdf_write(lp, fs, b.s, &opts, d, "2019-0042"), 0);
	CHECK_INT(run("cmp -s '%s' '%s'", a.s, b.s), 0);
	sz = fsize(a.s);
	/* French text only: every font on the single-byte path. */
	check_tools(dir, a.s, "WinAnsi", NULL, NULL);
	CHECK_INT(run("pdftotext -enc UTF-8 '%s' '%s' 2>'%s.err'", a.s,
	    t.s, t.s), 0);
	s = t_slurp(t.s);
	/* Extractors print U+202F as a space. */
	CHECK(strstr(s, "subvention de 10 000 € vous") != NULL ||
	    strstr(s, "subvention de 10\u202F000\u202F€ vous") != NULL);
	CHECK(strstr(s, "Madame la Présidente,\n") != NULL);
	CHECK(strstr(s, "salutations distinguées.") != NULL);
	CHECK(strstr(s, "Pour le Président, le vice-président") != NULL);
	free(s);
	buf_puts(&t, ".err");
	s = t_slurp(t.s);
	CHECK_STR(s, "");
	free(s);
	buf_free(&a);
	buf_free(&b);
	buf_free(&t);
	return sz;
}

/* Dark pixels of page 1 of pdf rendered in gray at 20 dpi; -1 on error. */
static long
ink(const char *dir, const char *pdf)
{
	struct buf	 pgm = BUF_INIT;
	char		*s;
	long		 n = -1, i, w, h, max, off;

	if (run("pdftoppm -r 20 -gray -f 1 -l 1 -singlefile '%s' '%s/ink'",
	    pdf, dir) != 0)
		return -1;
	buf_printf(&pgm, "%s/ink.pgm", dir);
	s = t_slurp(pgm.s);
	if (sscanf(s, "P5 %ld %ld %ld", &w, &h, &max) == 3) {
		/* The header ends after the newline that follows max. */
		off = (long)(strstr(s + 2, "255\n") - s) + 4;
		for (n = 0, i = 0; i < w * h; i++)
			if ((unsigned char)s[off + i] < 128)
				n++;
	}
	free(s);
	buf_free(&pgm);
	return n;
}

/*
 * Regression: libharu follows composite glyphs one level only, so "ễ"
 * (e + a composite circumflex-tilde) lost its accents.
 */
static void
check_composite(const char *dir, const struct fontset *fs, struct diag *d)
{
	struct pages	*pp;
	struct buf	 a = BUF_INIT;
	long		 plain, accented;
	const char	*t[2] = { "e", "\u1EC5" };
	long		*r[2] = { &plain, &accented };
	int		 i;

	buf_printf(&a, "%s/composite.pdf", dir);
	for (i = 0; i < 2; i++) {
		pp = pages_new();
		text(pages_add(pp, 200, 200), FACE_BOLD, 150, 40, 40, t[i],
		    &cmyk_black);
		CHECK_INT(pdf_write(pp, fs, a.s, NULL, d, NULL), 0);
		*r[i] = ink(dir, a.s);
		pages_free(pp);
	}
	CHECK(plain > 0);
	CHECK(accented > plain + plain / 5);
	buf_free(&a);
}

static void
put32(struct buf *b, unsigned long v)
{
	buf_putc(b, (int)(v >> 24 & 0xff));
	buf_putc(b, (int)(v >> 16 & 0xff));
	buf_putc(b, (int)(v >> 8 & 0xff));
	buf_putc(b, (int)(v & 0xff));
}

static unsigned long
crc32(const unsigned char *p, size_t n)
{
	unsigned long	 c = 0xffffffffUL;
	int		 k;

	while (n-- > 0) {
		c ^= *p++;
		for (k = 0; k < 8; k++)
			c = c & 1 ? 0xedb88320UL ^ (c >> 1) : c >> 1;
	}
	return c ^ 0xffffffffUL;
}

static void
chunk(struct buf *b, const char *type, const struct buf *data)
{
	size_t	 at;

	put32(b, data->len);
	at = b->len;
	buf_add(b, type, 4);
	buf_add(b, data->s != NULL ? data->s : "", data->len);
	put32(b, crc32((unsigned char *)b->s + at, b->len - at));
}

/*
 * Write a 4 x 4 PNG (colour type 2, RGB, or 6, RGBA) with a stored
 * deflate block: no image library needed.
 */
static void
write_png(const char *path, int alpha)
{
	struct buf	 png = BUF_INIT, d = BUF_INIT, raw = BUF_INIT;
	unsigned long	 a = 1, b = 0;
	size_t		 i;
	int		 x, y, ch = alpha ? 4 : 3;
	FILE		*f;

	for (y = 0; y < 4; y++) {
		buf_putc(&raw, 0);
		for (x = 0; x < 4; x++) {
			buf_putc(&raw, (x + y) % 2 ? 0xff : 0x20);
			buf_putc(&raw, 0x80);
			buf_putc(&raw, 0x20);
			if (alpha)
				buf_putc(&raw, x * 0x55);
		}
	}
	buf_add(&png, "\x89PNG\r\n\x1a\n", 8);
	put32(&d, 4);
	put32(&d, 4);
	buf_add(&d, alpha ? "\x08\x06\0\0\0" : "\x08\x02\0\0\0", 5);
	chunk(&png, "IHDR", &d);
	buf_truncate(&d, 0);
	buf_add(&d, "\x78\x01\x01", 3);
	buf_putc(&d, (int)(raw.len & 0xff));
	buf_putc(&d, (int)(raw.len >> 8));
	buf_putc(&d, (int)(~raw.len & 0xff));
	buf_putc(&d, (int)(~raw.len >> 8 & 0xff));
	buf_add(&d, raw.s, raw.len);
	for (i = 0; i < raw.len; i++) {
		a = (a + (unsigned char)raw.s[i]) % 65521;
		b = (b + a) % 65521;
	}
	put32(&d, b << 16 | a);
	chunk(&png, "IDAT", &d);
	buf_truncate(&d, 0);
	chunk(&png, "IEND", &d);
	(void)ch;
	if ((f = fopen(path, "wb")) != NULL) {
		fwrite(png.s, 1, png.len, f);
		fclose(f);
	}
	buf_free(&png);
	buf_free(&d);
	buf_free(&raw);
}

static void
image(struct page *pg, double x, double y, double w, double h,
    const char *path)
{
	struct item	 it;

	memset(&it, 0, sizeof(it));
	it.kind = ITEM_IMAGE;
	it.x = x;
	it.y = y;
	it.w = w;
	it.h = h;
	it.text = (char *)path;
	page_add(pg, &it);
}

/* Images: drawn once per file, warned about in print files, missing. */
static void
check_images(const char *dir, const struct fontset *fs, FILE *log)
{
	struct pages	*pp;
	struct page	*pg;
	struct pdf_opts	 opts;
	struct diag	 d;
	struct buf	 rgb = BUF_INIT, rgba = BUF_INIT, out = BUF_INIT,
			 l = BUF_INIT;
	char		*s;

	buf_printf(&rgb, "%s/rgb.png", dir);
	buf_printf(&rgba, "%s/rgba.png", dir);
	buf_printf(&out, "%s/images.pdf", dir);
	buf_printf(&l, "%s/images.list", dir);
	write_png(rgb.s, 0);
	write_png(rgba.s, 1);
	memset(&opts, 0, sizeof(opts));
	opts.print = 1;

	pp = pages_new();
	pg = pages_add(pp, 300, 300);
	image(pg, 10, 10, 100, 100, rgb.s);
	image(pg, 150, 10, 100, 100, rgb.s);
	image(pg, 10, 150, 100, 100, rgba.s);
	text(pg, FACE_REGULAR, 12, 150, 200, "Images", &cmyk_black);
	diag_init(&d, log, 0);
	CHECK_INT(pdf_write(pp, fs, out.s, &opts, &d, "img"), 0);
	CHECK_INT(d.nwarnings, 3);	/* rgb: RGB; rgba: RGB and alpha */
	CHECK_INT(d.status, 0);
	check_tools(dir, out.s, NULL, NULL, NULL);
	CHECK_INT(run("pdfimages -list '%s' >'%s' 2>&1", out.s, l.s), 0);
	s = t_slurp(l.s);
	/* Three drawings and one soft mask. */
	CHECK_INT(count(s, "\n   1     "), 4);
	CHECK_INT(count(s, " smask "), 1);
	free(s);
	/* The RGB file drawn twice is one image object; with the RGBA
	 * image and its mask, three. */
	CHECK_INT(run("qpdf --qdf --object-streams=disable '%s' - | "
	    "grep -ac '/Subtype /Image' >'%s'", out.s, l.s), 0);
	s = t_slurp(l.s);
	CHECK_STR(s, "3\n");
	free(s);
	pages_free(pp);

	/* A missing image: an error, and the output is not touched. */
	pp = pages_new();
	pg = pages_add(pp, 300, 300);
	buf_puts(&rgb, ".missing");
	image(pg, 10, 10, 100, 100, rgb.s);
	diag_init(&d, log, 0);
	CHECK_INT(pdf_write(pp, fs, out.s, NULL, &d, "img"), -1);
	CHECK_INT(d.status, EX_NOINPUT);
	CHECK_INT(d.nerrors, 1);
	check_tools(dir, out.s, NULL, NULL, NULL);
	pages_free(pp);

	buf_free(&rgb);
	buf_free(&rgba);
	buf_free(&out);
	buf_free(&l);
}

/*
 * The xMin that pdftotext -bbox gives the first word w of its output
 * s; -1 when there is none.
 */
static double
bbox_x(const char *s, const char *w)
{
	struct buf	 tail = BUF_INIT;
	const char	*e, *x;
	double		 v = -1;

	buf_printf(&tail, ">%s</word>", w);
	if ((e = strstr(s, tail.s)) != NULL) {
		for (x = e; x > s && strncmp(x, "xMin=\"", 6) != 0; x--)
			continue;
		if (strncmp(x, "xMin=\"", 6) == 0)
			v = strtod(x + 6, NULL);
	}
	buf_free(&tail);
	return v;
}

/* 1 if pdftotext -bbox places word w at x within 0.5 pt. */
static int
near_x(const char *bbox, const char *w, double x)
{
	double	 got = bbox_x(bbox, w);

	if (got < 0 || got - x > 0.5 || x - got > 0.5) {
		fprintf(stderr, "%s: at %.2f, layout says %.2f\n", w, got, x);
		return 0;
	}
	return 1;
}

/* Replace each U+00A0 of s by a space, in place: extractors differ. */
static void
nbsp_to_space(char *s)
{
	char	*w = s;

	while (*s != '\0')
		if (strncmp(s, UTF8_NBSP, 2) == 0) {
			*w++ = ' ';
			s += 2;
		} else
			*w++ = *s++;
	*w = '\0';
}

/*
 * The single-byte path: a face whose text fits CP1252 gets a simple
 * TrueType font on WinAnsiEncoding, and U+202F becomes a gap of its
 * width; a face with other scripts keeps the UTF-8 path.
 */
static void
check_sbyte(const char *dir, const struct fontset *fs, FILE *log)
{
	static const char *const l1 = "Montant\u00A0: 10\u202F000\u202F€ "
	    "accordé";
	static const char *const l3 = "Cœur\u202F: 1\u202F234,50\u202F€";
	struct pages	*pp;
	struct page	*pg;
	struct diag	 d;
	struct buf	 out = BUF_INIT, txt = BUF_INIT, box = BUF_INIT,
			 pre = BUF_INIT;
	static const char *const just[] = {
		"Alpha", "béta", "gamma", "delta", "epsilon"
	};
	char		*s;
	double		 x, jx[5];
	size_t		 i;
	int		 nid, nwin;

	buf_printf(&out, "%s/cp1252.pdf", dir);
	buf_printf(&txt, "%s/cp1252.txt", dir);
	buf_printf(&box, "%s/cp1252.html", dir);
	pp = pages_new();
	pg = pages_add(pp, A4W, A4H);
	text(pg, FACE_REGULAR, 12, 50, 700, l1, &cmyk_black);
	text(pg, FACE_REGULAR, 12, 50, 680, "«\u00A0guillemets\u00A0» "
	    "œuvre l’équipe\u202F; déjà\u202F! Manque\u4E2D",
	    &cmyk_black);
	text(pg, FACE_BOLD, 17, 50.3, 650.7, l3, &cmyk_blue);
	/* A face that draws nothing but U+202F needs no font. */
	text(pg, FACE_ITALIC, 10, 50, 600, "\u202F", &cmyk_black);
	diag_init(&d, log, 0);
	CHECK_INT(pdf_write(pp, fs, out.s, NULL, &d, "cp1252"), 0);
	CHECK_INT(d.nwarnings, 1);	/* U+4E2D */
	check_tools(dir, out.s, "WinAnsi", &nid, &nwin);
	CHECK_INT(nid, 0);
	CHECK_INT(nwin, 2);
	CHECK_INT(run("pdftotext -enc UTF-8 '%s' '%s' 2>'%s.err'", out.s,
	    txt.s, txt.s), 0);
	s = t_slurp(txt.s);
	/* pdftotext prints U+00A0 as a space, as it did on the UTF-8
	 * path; U+202F, now a gap, too. */
	nbsp_to_space(s);
	CHECK(strstr(s, "Montant : 10 000 € accordé\n") != NULL);
	CHECK(strstr(s, "« guillemets » œuvre l’équipe ; déjà ! "
	    "Manque\n") != NULL);
	CHECK(strstr(s, "Cœur : 1 234,50 €\n") != NULL);
	free(s);
	buf_puts(&txt, ".err");
	s = t_slurp(txt.s);
	CHECK_STR(s, "");
	free(s);

	/* Each part after a U+202F sits where layout put it. */
	CHECK_INT(run("pdftotext -bbox -enc UTF-8 '%s' '%s' 2>/dev/null",
	    out.s, box.s), 0);
	s = t_slurp(box.s);
	buf_puts(&pre, "Montant\u00A0: 10\u202F");
	x = 50 + font_width(fs, FACE_REGULAR, pre.s, 12);
	CHECK(near_x(s, "000", x));
	buf_puts(&pre, "000\u202F");
	x = 50 + font_width(fs, FACE_REGULAR, pre.s, 12);
	CHECK(near_x(s, "€", x));
	x = 50 + font_width(fs, FACE_REGULAR, "Montant\u00A0: 10\u202F000"
	    "\u202F€ ", 12);
	CHECK(near_x(s, "accordé", x));
	x = 50.3 + font_width(fs, FACE_BOLD, "Cœur\u202F: 1\u202F", 17);
	CHECK(near_x(s, "234,50", x));
	x = 50 + font_width(fs, FACE_REGULAR, "«\u00A0guillemets\u00A0» "
	    "œuvre l’équipe\u202F; déjà\u202F", 12);
	CHECK(near_x(s, "!", x));
	free(s);
	pages_free(pp);

	/*
	 * A French face and a face with a Greek name: the French face has
	 * a WinAnsi font, the other a WinAnsi font for its CP1252
	 * characters and an Identity-H font for the Greek ones.  A
	 * justified line keeps its words where the layout put them.
	 */
	pp = pages_new();
	pg = pages_add(pp, A4W, A4H);
	text(pg, FACE_REGULAR, 11, 50, 700, "Subvention\u202F: 5\u202F000"
	    "\u202F€ pour l’association", &cmyk_black);
	text(pg, FACE_BOLD, 11, 50, 680, "Contact\u202F: Ζωή Παπαδοπούλου",
	    &cmyk_black);
	text(pg, FACE_BOLD, 11, 50, 660, "Ζωή\u202FDupont-Lefèvre",
	    &cmyk_black);
	x = 50;
	for (i = 0; i < sizeof(just) / sizeof(just[0]); i++) {
		text(pg, FACE_REGULAR, 11, x, 640, just[i], &cmyk_black);
		jx[i] = x;
		x += font_width(fs, FACE_REGULAR, just[i], 11) +
		    font_width(fs, FACE_REGULAR, " ", 11) + 4.25;
	}
	buf_truncate(&out, 0);
	buf_printf(&out, "%s/mixed.pdf", dir);
	buf_truncate(&txt, 0);
	buf_printf(&txt, "%s/mixed.txt", dir);
	diag_init(&d, log, 0);
	CHECK_INT(pdf_write(pp, fs, out.s, NULL, &d, "mixed"), 0);
	CHECK_INT(d.nwarnings, 0);
	check_tools(dir, out.s, NULL, &nid, &nwin);
	CHECK_INT(nid, 1);
	CHECK_INT(nwin, 2);
	CHECK_INT(run("pdftotext -enc UTF-8 '%s' '%s' 2>'%s.err'", out.s,
	    txt.s, txt.s), 0);
	s = t_slurp(txt.s);
	CHECK(strstr(s, "Subvention : 5 000 € pour l’association\n") !=
	    NULL);
	CHECK(strstr(s, "Contact : Ζωή Παπαδοπούλου\n") != NULL ||
	    strstr(s, "Contact\u202F: Ζωή Παπαδοπούλου\n") != NULL);
	CHECK(strstr(s, "Ζωή Dupont-Lefèvre\n") != NULL);
	CHECK(strstr(s, "Alpha béta gamma delta epsilon\n") != NULL);
	free(s);
	/* Parts after a change of font, and stretched words, in place. */
	buf_truncate(&box, 0);
	buf_printf(&box, "%s/mixed.html", dir);
	CHECK_INT(run("pdftotext -bbox -enc UTF-8 '%s' '%s' 2>/dev/null",
	    out.s, box.s), 0);
	s = t_slurp(box.s);
	CHECK(near_x(s, "Dupont-Lefèvre", 50 + font_width(fs, FACE_BOLD,
	    "Ζωή\u202F", 11)));
	CHECK(near_x(s, "Παπαδοπούλου", 50 + font_width(fs, FACE_BOLD,
	    "Contact\u202F: Ζωή ", 11)));
	for (i = 1; i < sizeof(just) / sizeof(just[0]); i++)
		CHECK(near_x(s, just[i], jx[i]));
	free(s);
	/* The justified words are one run, stretched by Tw. */
	CHECK_INT(run("qpdf --qdf --object-streams=disable '%s' '%s.qdf' && "
	    "grep -q ' Tw$' '%s.qdf' && LC_ALL=C grep -q 'Alpha b.ta gamma' "
	    "'%s.qdf'",
	    out.s, out.s, out.s, out.s), 0);
	buf_puts(&txt, ".err");
	s = t_slurp(txt.s);
	CHECK_STR(s, "");
	free(s);
	pages_free(pp);

	buf_free(&out);
	buf_free(&txt);
	buf_free(&box);
	buf_free(&pre);
}

int
main(int argc, char *argv[])
{
	struct diag	 d;
	struct fontset	*fs;
	struct pages	*pp, *lp, *lp3;
	struct pdf_opts	 opts;
	struct buf	 dir = BUF_INIT, ms = BUF_INIT, ms2 = BUF_INIT,
			 p = BUF_INIT;
	char		*s, *keep, tmpl[] = "/tmp/essdocs-test-pdf-XXXXXX";
	FILE		*log;
	struct timespec	 t0, t1;
	size_t		 i;
	long		 sz, sz3;
	int		 n, bench, nid, nwin;
	const char	*cp;

	/* ESSDOCS_TEST_PDF_DIR (or argv[1]) keeps the files for e2e. */
	keep = argc > 1 ? argv[1] : getenv("ESSDOCS_TEST_PDF_DIR");
	if (keep != NULL) {
		mkdir(keep, 0777);
		buf_puts(&dir, keep);
	} else {
		if ((cp = getenv("TMPDIR")) != NULL && *cp != '\0') {
			buf_printf(&p, "%s/essdocs-test-pdf-XXXXXX", cp);
			buf_puts(&dir, mkdtemp(p.s) ? p.s : "");
		} else
			buf_puts(&dir, mkdtemp(tmpl) ? tmpl : "");
		buf_truncate(&p, 0);
	}
	CHECK(dir.len > 0);
	buf_printf(&ms, "%s/multiscript.pdf", dir.s);
	buf_printf(&ms2, "%s/multiscript-2.pdf", dir.s);

	log = tmpfile();
	diag_init(&d, log, 0);
	fs = fontset_load("fonts", &d);
	CHECK(fs != NULL);
	if (fs == NULL)
		T_DONE();
	memset(&opts, 0, sizeof(opts));
	opts.id = "multiscript";

	/* The multi-script document, twice: same bytes. */
	pp = multiscript(fs);
	CHECK_INT(pdf_write(pp, fs, ms.s, &opts, &d, "test-1"), 0);
	CHECK_INT(pdf_write(pp, fs, ms2.s, &opts, &d, "test-1"), 0);
	CHECK_INT(run("cmp -s '%s' '%s'", ms.s, ms2.s), 0);
	CHECK_INT(d.status, 0);

	/* Missing glyphs: one warning per character and document. */
	fflush(log);
	rewind(log);
	{
		struct buf	 lb = BUF_INIT;
		char		 chunk[1024];
		size_t		 k;

		while ((k = fread(chunk, 1, sizeof(chunk), log)) > 0)
			buf_add(&lb, chunk, k);
		CHECK_INT(count(buf_str(&lb), "U+4E2D \"\u4E2D\""), 2);
		CHECK_INT(count(buf_str(&lb), "U+1F600"), 2);
		CHECK_INT(count(buf_str(&lb), "warning:"), 4);
		CHECK(strstr(buf_str(&lb), "(application test-1)") != NULL);
		buf_free(&lb);
	}
	CHECK_INT(d.nwarnings, 4);

	/*
	 * Every face draws French and other scripts: each has a WinAnsi
	 * font for the CP1252 characters and an Identity-H font for the
	 * others.
	 */
	check_tools(dir.s, ms.s, NULL, &nid, &nwin);
	CHECK_INT(nid, 4);
	CHECK_INT(nwin, 4);
	buf_printf(&p, "%s/ms.txt", dir.s);
	CHECK_INT(run("pdftotext -enc UTF-8 '%s' '%s' 2>'%s.err'", ms.s,
	    p.s, p.s), 0);
	s = t_slurp(p.s);
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		CHECK_INT(count(s, names[i]), 1);
	/* Extractors print U+202F as a space. */
	CHECK_INT(count(s, "10 000 €") + count(s, "10\u202F000\u202F€"), 1);
	CHECK(strstr(s, "l’économie sociale et solidaire :") != NULL);
	CHECK(strstr(s, "œuvre, cœur, naïveté") != NULL);
	CHECK(strstr(s, "Manque\n") != NULL);
	CHECK(strstr(s, "Rire\n") != NULL);
	free(s);
	buf_puts(&p, ".err");
	s = t_slurp(p.s);
	CHECK_STR(s, "");
	free(s);

	buf_truncate(&p, 0);
	buf_printf(&p, "%s/ms.info", dir.s);
	CHECK_INT(run("pdfinfo -box -f 1 -l 2 '%s' >'%s' 2>&1", ms.s, p.s),
	    0);
	s = t_slurp(p.s);
	CHECK(strstr(s, "Title:           Épreuve multi-écritures – Łódź\n")
	    != NULL);
	CHECK(strstr(s, "Author:          Valenciennes Métropole\n") != NULL);
	CHECK(strstr(s, "Producer:        essdocs\n") != NULL);
	CHECK(strstr(s, "CreationDate") == NULL);
	CHECK(strstr(s, "Pages:           2\n") != NULL);
	CHECK(strstr(s, "Page    2 MediaBox:      0.00     0.00   612.28   "
	    "858.90") != NULL);
	CHECK(strstr(s, "Page    2 TrimBox:       8.50     8.50   603.78   "
	    "850.39") != NULL);
	CHECK(strstr(s, "Page    2 BleedBox:      0.00     0.00   612.28   "
	    "858.90") != NULL);
	CHECK(strstr(s, "Page    1 TrimBox:       0.00     0.00   595.28   "
	    "841.89") != NULL);
	CHECK(strstr(s, "Syntax") == NULL);
	free(s);

	/* The colour spaces are those the items asked for. */
	buf_truncate(&p, 0);
	buf_printf(&p, "%s/ms.cs", dir.s);
	CHECK_INT(run("mutool trace '%s' 2>/dev/null | grep -o "
	    "'colorspace=\"[^\"]*\"' | sort | uniq -c >'%s'", ms.s, p.s), 0);
	s = t_slurp(p.s);
	CHECK(strstr(s, "DeviceCMYK") != NULL);
	CHECK(strstr(s, "DeviceRGB") != NULL);
	CHECK(strstr(s, "DeviceGray") != NULL);
	free(s);

	/* The one-page letter: small, and reproducible. */
	lp = letter(fs, 0);
	sz = check_letter(dir.s, lp, fs, &d, "letter");
	CHECK(sz > 1000 && sz <= 15000);
	lp3 = letter(fs, 1);
	sz3 = check_letter(dir.s, lp3, fs, &d, "letter3");
	CHECK(sz3 > sz && sz3 <= 18000);
	CHECK_INT(d.status, 0);

	check_composite(dir.s, fs, &d);
	check_sbyte(dir.s, fs, log);
	check_images(dir.s, fs, log);

	/* ESSDOCS_TEST_PDF_BENCH=N: time N letters of each kind. */
	if ((cp = getenv("ESSDOCS_TEST_PDF_BENCH")) != NULL &&
	    (bench = atoi(cp)) > 0) {
		buf_truncate(&p, 0);
		buf_printf(&p, "%s/bench.pdf", dir.s);
		for (i = 0; i < 2; i++) {
			clock_gettime(CLOCK_MONOTONIC, &t0);
			for (n = 0; n < bench; n++)
				pdf_write(i ? lp3 : lp, fs, p.s, &opts, &d,
				    NULL);
			clock_gettime(CLOCK_MONOTONIC, &t1);
			printf("letter, %d faces: %ld bytes, %.2f ms per "
			    "document\n", i ? 3 : 2, i ? sz3 : sz,
			    ((t1.tv_sec - t0.tv_sec) * 1e3 +
			    (t1.tv_nsec - t0.tv_nsec) / 1e6) / bench);
		}
	}

	/* An unwritable path: reported, nothing left behind. */
	diag_init(&d, log, 1);
	CHECK_INT(pdf_write(lp, fs, "/nonexistent-dir/x.pdf", &opts, &d,
	    "2019-0042"), -1);
	CHECK_INT(d.status, EX_CANTCREAT);

	/* No temporary file is left in the output directory. */
	buf_truncate(&p, 0);
	buf_printf(&p, "ls -a '%s' | grep -q tmp-", dir.s);
	CHECK(system(p.s) != 0);

	fclose(log);
	pages_free(pp);
	pages_free(lp);
	pages_free(lp3);
	fontset_free(fs);
	if (keep == NULL)
		run("rm -rf '%s'", dir.s);
	buf_free(&dir);
	buf_free(&ms);
	buf_free(&ms2);
	buf_free(&p);
	T_DONE();
}
