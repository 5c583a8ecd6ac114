/* test_svg.c: the logo's vector form: what svg_get() draws or refuses, svg_logo()'s choice, the path operators written. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <hpdf.h>

#include "call.h"
#include "svg.h"
#include "t.h"

static char dir[] = "/tmp/test_svg.XXXXXX";

/* Write body inside an <svg> root with viewBox vb; returns the path. */
static char *
svgfile(const char *name, const char *vb, const char *body)
{
	char	*path;
	FILE	*f;

	path = malloc(strlen(dir) + strlen(name) + 2);
	if (path == NULL)
		abort();
	sprintf(path, "%s/%s", dir, name);
	if ((f = fopen(path, "w")) == NULL)
		abort();
	fprintf(f, "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/"
	    "2000/svg\"%s%s%s>%s</svg>\n", vb ? " viewBox=\"" : "",
	    vb ? vb : "", vb ? "\"" : "", body);
	fclose(f);
	return path;
}

/* Refused, with a reason that contains want. */
static void
refused(const char *name, const char *vb, const char *body, const char *want)
{
	const char	*why = NULL;
	char		*path = svgfile(name, vb, body);

	CHECK(svg_get(path, &why) == NULL);
	CHECK(why != NULL && strstr(why, want) != NULL);
	if (why == NULL || strstr(why, want) == NULL)
		fprintf(stderr, "  %s: %s\n", name, why ? why : "(null)");
	free(path);
}

/* The uncompressed content stream of one page with d drawn in a box. */
static char *
drawn(const struct svg *d, double w, double h, int cmyk, size_t *len)
{
	HPDF_Doc	 doc = HPDF_New(NULL, NULL);
	HPDF_Page	 pg;
	HPDF_UINT32	 n;
	char		*buf;

	HPDF_SetCompressionMode(doc, HPDF_COMP_NONE);
	pg = HPDF_AddPage(doc);
	svg_draw(d, pg, 100, 200, w, h, cmyk);
	HPDF_SaveToStream(doc);
	n = HPDF_GetStreamSize(doc);
	buf = calloc(1, n + 1);
	HPDF_ReadFromStream(doc, (HPDF_BYTE *)buf, &n);
	HPDF_Free(doc);
	*len = n;
	return buf;
}

/* memmem() for a string. */
static int
has(const char *buf, size_t len, const char *s)
{
	size_t	 n = strlen(s), i;

	for (i = 0; i + n <= len; i++)
		if (memcmp(buf + i, s, n) == 0)
			return 1;
	return 0;
}

int
main(void)
{
	const struct svg *d;
	const char	*why;
	struct call	 c;
	char		*ok, *txt, *buf, *png;
	size_t		 len;

	if (mkdtemp(dir) == NULL)
		return 2;

	/* The subset: every shape, g's style inherited, relative paths. */
	ok = svgfile("ok.svg", "0 0 100 50",
	    "<title>t</title><desc>d</desc>"
	    "<rect x=\"1\" y=\"1\" width=\"98\" height=\"48\" fill=\"none\" "
	    "stroke=\"#999\" stroke-width=\"1\"/>"
	    "<circle cx=\"20\" cy=\"25\" r=\"10\" fill=\"#404040\"/>"
	    "<ellipse cx=\"50\" cy=\"25\" rx=\"5\" ry=\"8\" fill=\"#c00\"/>"
	    "<g stroke=\"black\" stroke-width=\"2\" fill=\"none\">"
	    "<line x1=\"60\" y1=\"10\" x2=\"90\" y2=\"10\"/>"
	    "<polyline points=\"60,20 70,30 80,20\"/>"
	    "<path d=\"m60 40 h10 v-5 l5 5 c1 1 2 2 3 3 q2 0 4 -4 z\"/>"
	    "</g><polygon points=\"1 1 5 1 5 5\" fill-rule=\"evenodd\"/>");
	why = "unset";
	d = svg_get(ok, &why);
	CHECK(d != NULL);
	CHECK(why == NULL);
	CHECK(svg_get(ok, NULL) == d);		/* read once */
	if (d != NULL) {
		buf = drawn(d, 100, 50, 0, &len);
		/* y flipped, origin at the box's top left. */
		CHECK(has(buf, len, "1 0 0 -1 100 250 cm"));
		CHECK(has(buf, len, "0.6 G"));		/* #999 stroke */
		CHECK(has(buf, len, "0.251 g"));	/* #404040 fill */
		CHECK(has(buf, len, "0.8 0 0 rg"));	/* #c00, screen */
		CHECK(has(buf, len, "\nq\n") || has(buf, len, "q\n"));
		CHECK(has(buf, len, "\nQ\n"));
		CHECK(has(buf, len, " c\n"));
		CHECK(has(buf, len, "f*"));		/* evenodd */
		CHECK(has(buf, len, "60 40 m"));
		CHECK(has(buf, len, "70 40 l"));	/* h, relative */
		CHECK(has(buf, len, "70 35 l"));	/* v, relative */
		free(buf);
		/* Twice as wide a box: scaled to the height, centred. */
		buf = drawn(d, 200, 50, 1, &len);
		CHECK(has(buf, len, "1 0 0 -1 150 250 cm"));
		CHECK(has(buf, len, "0 1 1 0.2 k"));	/* #c00 in CMYK */
		CHECK(has(buf, len, "0 0 0 0.749 k"));	/* #404040: black ink */
		CHECK(has(buf, len, "0 0 0 0.4 K"));	/* #999 stroke */
		CHECK(!has(buf, len, " rg") && !has(buf, len, " g\n"));
		CHECK(!has(buf, len, " G\n"));
		free(buf);
	}

	/* What it refuses, and says why. */
	refused("text.svg", "0 0 10 10", "<text x=\"1\" y=\"1\">LOGO</text>",
	    "element");
	refused("image.svg", "0 0 10 10", "<image href=\"x.png\"/>",
	    "element");
	refused("transform.svg", "0 0 10 10",
	    "<rect width=\"1\" height=\"1\" transform=\"scale(2)\"/>",
	    "attribute");
	refused("style.svg", "0 0 10 10",
	    "<rect width=\"1\" height=\"1\" style=\"fill:red\"/>",
	    "attribute");
	refused("opacity.svg", "0 0 10 10",
	    "<g opacity=\"0.5\"><rect width=\"1\" height=\"1\"/></g>",
	    "attribute");
	refused("arc.svg", "0 0 10 10", "<path d=\"M0 0 A5 5 0 0 1 10 10\"/>",
	    "arcs");
	refused("badpath.svg", "0 0 10 10", "<path d=\"L 1 1\"/>", "malformed");
	refused("colour.svg", "0 0 10 10",
	    "<rect width=\"1\" height=\"1\" fill=\"red\"/>", "colour");
	refused("unit.svg", "0 0 10 10", "<rect width=\"1mm\" height=\"1\"/>",
	    "plain number");
	refused("noviewbox.svg", NULL, "<rect width=\"1\" height=\"1\"/>",
	    "viewBox");
	refused("zero.svg", "0 0 0 10", "", "viewBox");
	CHECK(svg_get("/nonexistent/logo.svg", &why) == NULL);
	CHECK(why != NULL && strstr(why, "XML") != NULL);

	/* The logo documents show: the vector form when it is drawn. */
	memset(&c, 0, sizeof(c));
	CHECK(svg_logo(&c) == NULL);
	png = "/x/logo.png";
	c.issuer_logo = png;
	CHECK_STR(svg_logo(&c), png);
	c.issuer_logo_vector = ok;
	CHECK_STR(svg_logo(&c), ok);
	txt = svgfile("text2.svg", "0 0 10 10", "<text>LOGO</text>");
	c.issuer_logo_vector = txt;
	CHECK_STR(svg_logo(&c), png);		/* not drawn: the PNG */
	c.issuer_logo_vector = "/nonexistent/logo.svg";
	CHECK_STR(svg_logo(&c), png);
	c.issuer_logo_vector = "/x/logo.pdf";	/* for people, not drawn */
	CHECK_STR(svg_logo(&c), png);
	free(txt);
	free(ok);

	/* The shipped placeholder is drawn. */
	CHECK(svg_get("input/issuer-logo-placeholder.svg", &why) != NULL);

	{
		char	 cmd[64];

		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
		if (system(cmd) != 0)
			t_fail++;
	}
	T_DONE();
}
