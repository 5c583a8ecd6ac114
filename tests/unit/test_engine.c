/* test_engine.c: the whole engine (template, document, layout, PDF) on a two-page multi-script document, checked with qpdf and poppler. */
#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "data.h"
#include "diag.h"
#include "render.h"
#include "tmpl.h"
#include "util.h"

#include "t.h"

#define DATADIR		"tests/data/engine"
#define GOLDENDIR	"tests/golden/engine/"

/* The names the document must show exactly (jury.0 ... jury.5). */
static const char *const names[] = {
	"Ζωή Παπαδοπούλου",
	"Юлия Иванова",
	"Nguyễn Thị Minh Khai",
	"Łukasz Żółć",
	"Çağrı Öztürk",
	"Antonín Dvořák",
};
#define NNAMES	(sizeof(names) / sizeof(names[0]))

/*
 * Run "cmd ARG" with its stdout and stderr in *out and *err (owned by
 * the caller); returns the command's exit status (-1: not run).
 */
static int
run(const char *dir, const char *cmd, char **out, char **err)
{
	struct buf	 c = BUF_INIT, o = BUF_INIT, e = BUF_INIT;
	int		 rc;

	buf_printf(&o, "%s/cmd.out", dir);
	buf_printf(&e, "%s/cmd.err", dir);
	buf_printf(&c, "%s >'%s' 2>'%s'", cmd, o.s, e.s);
	rc = system(c.s);
	rc = rc == -1 ? -1 : WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
	*out = t_slurp(o.s);
	*err = t_slurp(e.s);
	if (*out == NULL)
		*out = xstrdup("");
	if (*err == NULL)
		*err = xstrdup("");
	unlink(o.s);
	unlink(e.s);
	buf_free(&c);
	buf_free(&o);
	buf_free(&e);
	return rc;
}

/* s with every run of white space made one space. */
static char *
squeeze(const char *s)
{
	struct buf	 b = BUF_INIT;
	int		 sp = 0;

	for (; *s != '\0'; s++) {
		if (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\f') {
			sp = 1;
			continue;
		}
		if (sp && b.len > 0)
			buf_putc(&b, ' ');
		sp = 0;
		buf_putc(&b, *s);
	}
	return buf_detach(&b);
}

/* 1 if text holds a word broken by hyphenation: "xx-\nyyy", letters. */
static int
has_hyphen_break(const char *text)
{
	const char	*p;

	for (p = strstr(text, "-\n"); p != NULL; p = strstr(p + 1, "-\n")) {
		/* A letter (or the end of a UTF-8 letter) before, a
		 * lower-case letter after: a word cut, not a dash. */
		if (p - text >= 2 && p[-1] != ' ' && p[-2] != ' ' &&
		    ((p[2] >= 'a' && p[2] <= 'z') ||
		    (unsigned char)p[2] == 0xC3))
			return 1;
	}
	return 0;
}

/* Every font row of pdffonts output says "emb yes"; returns the rows. */
static int
fonts_embedded(const char *out, int *bad)
{
	const char	*hdr, *line, *nl;
	size_t		 col;
	int		 rows = 0;

	*bad = 0;
	if ((hdr = strstr(out, " emb ")) == NULL)
		return 0;
	line = hdr;
	while (line > out && line[-1] != '\n')
		line--;
	col = (size_t)(hdr + 1 - line);
	/* Skip the header and the "----" line. */
	for (nl = strchr(hdr, '\n'); nl != NULL && nl[1] != '\0'; ) {
		line = nl + 1;
		nl = strchr(line, '\n');
		if (strncmp(line, "---", 3) == 0)
			continue;
		rows++;
		if ((nl != NULL && (size_t)(nl - line) < col + 3) ||
		    strncmp(line + col, "yes", 3) != 0)
			(*bad)++;
	}
	return rows;
}

static void
golden(const char *name, const char *got)
{
	struct buf	 path = BUF_INIT;

	buf_printf(&path, GOLDENDIR "%s.dump", name);
	CHECK(t_golden(path.s, got));
	buf_free(&path);
}

static struct data *
make_data(void)
{
	struct data	*d, *jury;
	size_t		 i;

	d = data_map_new();
	jury = data_set_list(d, "jury");
	for (i = 0; i < NNAMES; i++)
		data_list_add(jury, names[i]);
	data_set(d, "amount", "10 000 €");
	data_set(d, "city", "Valenciennes");
	data_set(d, "date", "26 novembre 2026");
	return d;
}

/* The two-page document: PDF checks, text, pages, dump. */
static void
test_multiscript(struct render *r, struct diag *d, const char *dir)
{
	struct tmpl	*t;
	struct data	*data;
	struct buf	 pdf = BUF_INIT, dump = BUF_INIT, cmd = BUF_INIT;
	char		*out, *err, *flat, *got;
	size_t		 i;
	int		 rc, rows, bad;

	t = render_template(r, "multiscript", d);
	CHECK(t != NULL);
	if (t == NULL)
		return;
	data = make_data();
	buf_printf(&pdf, "%s/multiscript.pdf", dir);
	buf_printf(&dump, "%s/multiscript.dump", dir);
	CHECK_INT(render_pdf(r, t, data, pdf.s, 0, "T-1", d), 0);
	CHECK_INT(render_pdf(r, t, data, dump.s, RENDER_DUMP, "T-1", d), 0);
	got = t_slurp(dump.s);
	golden("multiscript", got);
	free(got);

	/* qpdf: no error, no warning. */
	buf_printf(&cmd, "qpdf --check '%s'", pdf.s);
	rc = run(dir, cmd.s, &out, &err);
	CHECK_INT(rc, 0);
	CHECK(strstr(out, "No syntax or stream encoding errors") != NULL);
	CHECK_STR(err, "");
	free(out);
	free(err);

	/* pdffonts: every font embedded. */
	buf_truncate(&cmd, 0);
	buf_printf(&cmd, "pdffonts '%s'", pdf.s);
	CHECK_INT(run(dir, cmd.s, &out, &err), 0);
	rows = fonts_embedded(out, &bad);
	CHECK(rows >= 2);
	CHECK_INT(bad, 0);
	CHECK_STR(err, "");
	free(out);
	free(err);

	/* pdfinfo: two pages. */
	buf_truncate(&cmd, 0);
	buf_printf(&cmd, "pdfinfo '%s'", pdf.s);
	CHECK_INT(run(dir, cmd.s, &out, &err), 0);
	CHECK(strstr(out, "\nPages:           2\n") != NULL);
	CHECK(strstr(out, "Title:           Épreuve multi-écritures – "
	    "Valenciennes\n") != NULL);
	CHECK_STR(err, "");
	free(out);
	free(err);

	/* pdftotext, plain: silent, every name, the amount, the footer. */
	buf_truncate(&cmd, 0);
	buf_printf(&cmd, "pdftotext '%s' -", pdf.s);
	CHECK_INT(run(dir, cmd.s, &out, &err), 0);
	CHECK_STR(err, "");
	flat = squeeze(out);
	for (i = 0; i < NNAMES; i++) {
		if (strstr(flat, names[i]) == NULL)
			fprintf(stderr, "no \"%s\" in the text\n", names[i]);
		CHECK(strstr(flat, names[i]) != NULL);
	}
	/* The layout's U+202F (the dump shows them) come out of
	 * poppler as plain spaces. */
	CHECK(strstr(flat, "10 000 €") != NULL);
	CHECK(strstr(flat, "Page 1 sur 2") != NULL);
	CHECK(strstr(flat, "Page 2 sur 2") != NULL);
	CHECK(strstr(flat, "Rapport du jury de l’appel à projets") != NULL);
	/* No replacement characters, no missing glyphs. */
	CHECK(strstr(out, "\xef\xbf\xbd") == NULL);
	free(flat);
	free(out);
	free(err);

	/* pdftotext -layout: silent, the names, a word cut "xx-\nyyy". */
	buf_truncate(&cmd, 0);
	buf_printf(&cmd, "pdftotext -layout '%s' -", pdf.s);
	CHECK_INT(run(dir, cmd.s, &out, &err), 0);
	CHECK_STR(err, "");
	flat = squeeze(out);
	for (i = 0; i < NNAMES; i++)
		CHECK(strstr(flat, names[i]) != NULL);
	CHECK(strstr(flat, "Page 2 sur 2") != NULL);
	/* Plain pdftotext joins hyphenated lines; -layout keeps them. */
	CHECK(has_hyphen_break(out));
	free(flat);
	free(out);
	free(err);

	data_free(data);
	tmpl_free(t);
	buf_free(&pdf);
	buf_free(&dump);
	buf_free(&cmd);
}

/* The one-page US Letter document: small, one page, the right size. */
static void
test_onepage(struct render *r, struct diag *d, const char *dir)
{
	struct tmpl	*t;
	struct data	*data;
	struct buf	 pdf = BUF_INIT, cmd = BUF_INIT;
	struct stat	 sb;
	char		*out, *err, *flat;

	t = render_template(r, "onepage", d);
	CHECK(t != NULL);
	if (t == NULL)
		return;
	data = make_data();
	buf_printf(&pdf, "%s/onepage.pdf", dir);
	CHECK_INT(render_pdf(r, t, data, pdf.s, 0, "T-2", d), 0);
	CHECK(stat(pdf.s, &sb) == 0);
	if (sb.st_size > 24000)
		fprintf(stderr, "onepage.pdf: %lld bytes\n",
		    (long long)sb.st_size);
	CHECK(sb.st_size > 0 && sb.st_size <= 24000);

	buf_printf(&cmd, "pdfinfo '%s'", pdf.s);
	CHECK_INT(run(dir, cmd.s, &out, &err), 0);
	CHECK(strstr(out, "\nPages:           1\n") != NULL);
	CHECK(strstr(out, "612 x 792 pts (letter)") != NULL);
	CHECK_STR(err, "");
	free(out);
	free(err);

	buf_truncate(&cmd, 0);
	buf_printf(&cmd, "qpdf --check '%s'", pdf.s);
	CHECK_INT(run(dir, cmd.s, &out, &err), 0);
	free(out);
	free(err);

	buf_truncate(&cmd, 0);
	buf_printf(&cmd, "pdftotext '%s' -", pdf.s);
	CHECK_INT(run(dir, cmd.s, &out, &err), 0);
	CHECK_STR(err, "");
	flat = squeeze(out);
	CHECK(strstr(flat, names[0]) != NULL);
	CHECK(strstr(flat, names[1]) != NULL);
	CHECK(strstr(flat, "Page 1 sur 1") != NULL);
	free(flat);
	free(out);
	free(err);

	data_free(data);
	tmpl_free(t);
	buf_free(&pdf);
	buf_free(&cmd);
}

/* A PNG in a template reaches the PDF at its size, between its paragraphs. */
static void
test_image(struct render *r, struct diag *d, const char *dir)
{
	struct tmpl	*t;
	struct data	*data;
	struct buf	 pdf = BUF_INIT, cmd = BUF_INIT;
	char		*out, *err, *flat;

	t = render_template(r, "image", d);
	CHECK(t != NULL);
	if (t == NULL)
		return;
	data = make_data();
	buf_printf(&pdf, "%s/image.pdf", dir);
	CHECK_INT(render_pdf(r, t, data, pdf.s, 0, "T-3", d), 0);

	buf_printf(&cmd, "pdfimages -list '%s'", pdf.s);
	CHECK_INT(run(dir, cmd.s, &out, &err), 0);
	CHECK_STR(err, "");
	/* page num type width height color comp bpc ... x-ppi */
	CHECK(strstr(out, "   1     0 image      60    20  rgb     3   8") != NULL);
	/* 60 px over 60 mm: 25 ppi */
	CHECK(strstr(out, "  25    25 ") != NULL);
	free(out);
	free(err);

	buf_truncate(&cmd, 0);
	buf_printf(&cmd, "pdftotext '%s' -", pdf.s);
	CHECK_INT(run(dir, cmd.s, &out, &err), 0);
	flat = squeeze(out);
	CHECK(strstr(flat, "Avant l’image. Après l’image.") != NULL);
	free(flat);
	free(out);
	free(err);
	unlink(pdf.s);

	data_free(data);
	tmpl_free(t);
	buf_free(&pdf);
	buf_free(&cmd);
}

int
main(int argc, char *argv[])
{
	struct diag	 d;
	struct render	*r;
	struct buf	 dir = BUF_INIT, p = BUF_INIT;
	const char	*keep, *tmp;
	char		*log = NULL;
	size_t		 loglen = 0;
	FILE		*lf;

	/* ESSDOCS_TEST_ENGINE_DIR (or argv[1]) keeps the files. */
	keep = argc > 1 ? argv[1] : getenv("ESSDOCS_TEST_ENGINE_DIR");
	if (keep != NULL) {
		mkdir(keep, 0777);
		buf_puts(&dir, keep);
	} else {
		tmp = getenv("TMPDIR");
		buf_printf(&p, "%s/essdocs-test-engine-XXXXXX",
		    tmp != NULL && *tmp != '\0' ? tmp : "/tmp");
		if (mkdtemp(p.s) != NULL)
			buf_puts(&dir, p.s);
	}
	CHECK(dir.len > 0);
	if (dir.len == 0)
		T_DONE();

	lf = open_memstream(&log, &loglen);
	diag_init(&d, lf, 0);
	r = render_new(DATADIR, "fonts", &d);
	CHECK(r != NULL);
	if (r != NULL) {
		test_multiscript(r, &d, buf_str(&dir));
		test_onepage(r, &d, buf_str(&dir));
		test_image(r, &d, buf_str(&dir));
	}
	render_free(r);
	fclose(lf);
	/* No diagnostic at all: no missing glyph, no overflow. */
	CHECK_STR(log, "");
	CHECK_INT(d.status, 0);
	if (log != NULL && log[0] != '\0')
		fputs(log, stderr);
	free(log);

	if (keep == NULL) {
		buf_truncate(&p, 0);
		buf_printf(&p, "%s/multiscript.pdf", dir.s);
		unlink(p.s);
		buf_truncate(&p, 0);
		buf_printf(&p, "%s/multiscript.dump", dir.s);
		unlink(p.s);
		buf_truncate(&p, 0);
		buf_printf(&p, "%s/onepage.pdf", dir.s);
		unlink(p.s);
		rmdir(dir.s);
	}
	buf_free(&p);
	buf_free(&dir);
	T_DONE();
}
