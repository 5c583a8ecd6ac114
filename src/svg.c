/* svg.c: a logo drawn from a small subset of SVG, with PDF path operators. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "call.h"
#include "i18n.h"
#include "svg.h"
#include "util.h"

#define SVG_NS	"http://www.w3.org/2000/svg"
#define KAPPA	0.5522847498307936	/* a quarter circle as one Bézier */

struct paint {
	int	 none;
	double	 rgb[3];
};

/* One path segment: 'M', 'L', 'C' (three points) or 'Z'. */
struct seg {
	char	 op;
	double	 pt[6];
};

struct shape {
	struct seg	*seg;
	size_t		 n, cap;
	struct paint	 fill, stroke;
	double		 width;
	int		 evenodd;
};

struct svg {
	double		 vb[4];		/* viewBox: x y w h */
	struct shape	*sh;
	size_t		 n;
};

/* Style inherited down the tree. */
struct style {
	struct paint	 fill, stroke;
	double		 width;
	int		 evenodd;
};

static void
seg_add(struct shape *s, char op, const double *pt, int npt)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 16;
		s->seg = xrealloc(s->seg, s->cap * sizeof(*s->seg));
	}
	s->seg[s->n].op = op;
	memset(s->seg[s->n].pt, 0, sizeof(s->seg[s->n].pt));
	if (npt > 0)
		memcpy(s->seg[s->n].pt, pt, (size_t)npt * 2 * sizeof(double));
	s->n++;
}

/*
 * A number in SVG's syntax, locale-independent: sign, digits, a point,
 * digits, an exponent.  Skips the separators before it.  0 on success.
 */
static int
num(const char **sp, double *v)
{
	const char	*s = *sp;
	double		 r = 0, f = 0.1;
	int		 neg = 0, digits = 0, e = 0, eneg = 0;

	while (*s == ' ' || *s == ',' || *s == '\t' || *s == '\n' ||
	    *s == '\r')
		s++;
	if (*s == '+' || *s == '-')
		neg = *s++ == '-';
	for (; *s >= '0' && *s <= '9'; s++, digits++)
		r = r * 10 + (*s - '0');
	if (*s == '.')
		for (s++; *s >= '0' && *s <= '9'; s++, digits++, f /= 10)
			r += (*s - '0') * f;
	if (digits == 0)
		return -1;
	if ((*s == 'e' || *s == 'E') && (s[1] == '-' || s[1] == '+' ||
	    (s[1] >= '0' && s[1] <= '9'))) {
		s++;
		if (*s == '+' || *s == '-')
			eneg = *s++ == '-';
		for (; *s >= '0' && *s <= '9' && e < 400; s++)
			e = e * 10 + (*s - '0');
		r *= pow(10, eneg ? -e : e);
	}
	*v = neg ? -r : r;
	*sp = s;
	return isfinite(*v) ? 0 : -1;
}

/* An attribute that must be one number (no unit). */
static int
attr_num(const char *s, double *v)
{
	if (num(&s, v) == -1)
		return -1;
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	return *s == '\0' ? 0 : -1;
}

static int
paint_parse(const char *s, struct paint *p)
{
	size_t	 len = strlen(s), i;
	int	 h[6];

	memset(p, 0, sizeof(*p));
	if (strcmp(s, "none") == 0) {
		p->none = 1;
		return 0;
	}
	if (strcmp(s, "black") == 0)
		return 0;
	if (strcmp(s, "white") == 0) {
		p->rgb[0] = p->rgb[1] = p->rgb[2] = 1;
		return 0;
	}
	if (s[0] != '#' || (len != 4 && len != 7))
		return -1;
	for (i = 1; i < len; i++)
		if ((h[i - 1] = hexval((unsigned char)s[i])) == -1)
			return -1;
	for (i = 0; i < 3; i++)
		p->rgb[i] = len == 4 ? (h[i] * 17) / 255.0 :
		    (h[2 * i] * 16 + h[2 * i + 1]) / 255.0;
	return 0;
}

/* Ellipse centred on cx, cy: four Béziers. */
static void
ellipse(struct shape *s, double cx, double cy, double rx, double ry)
{
	double	 kx = rx * KAPPA, ky = ry * KAPPA;
	double	 m[2] = { cx + rx, cy };
	double	 c[4][6] = {
		{ cx + rx, cy + ky, cx + kx, cy + ry, cx, cy + ry },
		{ cx - kx, cy + ry, cx - rx, cy + ky, cx - rx, cy },
		{ cx - rx, cy - ky, cx - kx, cy - ry, cx, cy - ry },
		{ cx + kx, cy - ry, cx + rx, cy - ky, cx + rx, cy },
	};
	int	 i;

	seg_add(s, 'M', m, 1);
	for (i = 0; i < 4; i++)
		seg_add(s, 'C', c[i], 3);
	seg_add(s, 'Z', NULL, 0);
}

/* A path's d attribute.  0, or -1 with *why. */
static int
path_parse(struct shape *s, const char *d, const char **why)
{
	double	 cur[2] = { 0, 0 }, start[2] = { 0, 0 }, v[6], q[6];
	char	 cmd = 0;
	int	 rel, i, n, have = 0;

	for (;;) {
		while (*d == ' ' || *d == ',' || *d == '\t' || *d == '\n' ||
		    *d == '\r')
			d++;
		if (*d == '\0')
			break;
		if (strchr("MmLlHhVvCcQqZz", *d) != NULL && *d != '\0')
			cmd = *d++;
		else if (strchr("AaSsTt", *d) != NULL && *d != '\0') {
			*why = N_("a path uses arcs or smooth curves (A, S, T)");
			return -1;
		} else if (cmd == 0 || cmd == 'Z' || cmd == 'z') {
			*why = N_("a path's data is malformed");
			return -1;
		}
		/* After M, further pairs are lines. */
		rel = cmd >= 'a';
		switch (cmd | 0x20) {
		case 'z':
			if (!have)
				goto bad;
			seg_add(s, 'Z', NULL, 0);
			cur[0] = start[0];
			cur[1] = start[1];
			continue;
		case 'h':
		case 'v':
			n = 1;
			break;
		case 'c':
			n = 6;
			break;
		case 'q':
			n = 4;
			break;
		default:
			n = 2;
			break;
		}
		for (i = 0; i < n; i++)
			if (num(&d, &v[i]) == -1)
				goto bad;
		switch (cmd | 0x20) {
		case 'm':
			v[0] += rel ? cur[0] : 0;
			v[1] += rel ? cur[1] : 0;
			seg_add(s, 'M', v, 1);
			start[0] = cur[0] = v[0];
			start[1] = cur[1] = v[1];
			have = 1;
			cmd = rel ? 'l' : 'L';
			continue;
		case 'h':
			v[1] = cur[1];
			v[0] += rel ? cur[0] : 0;
			break;
		case 'v':
			v[1] = v[0] + (rel ? cur[1] : 0);
			v[0] = cur[0];
			break;
		case 'l':
			v[0] += rel ? cur[0] : 0;
			v[1] += rel ? cur[1] : 0;
			break;
		case 'c':
			for (i = 0; i < 6; i++)
				v[i] += rel ? cur[i % 2] : 0;
			break;
		case 'q':
			for (i = 0; i < 4; i++)
				v[i] += rel ? cur[i % 2] : 0;
			/* The cubic with the same curve. */
			q[0] = cur[0] + 2.0 / 3 * (v[0] - cur[0]);
			q[1] = cur[1] + 2.0 / 3 * (v[1] - cur[1]);
			q[2] = v[2] + 2.0 / 3 * (v[0] - v[2]);
			q[3] = v[3] + 2.0 / 3 * (v[1] - v[3]);
			q[4] = v[2];
			q[5] = v[3];
			memcpy(v, q, sizeof(q));
			break;
		}
		if (!have)
			goto bad;
		if ((cmd | 0x20) == 'c' || (cmd | 0x20) == 'q') {
			seg_add(s, 'C', v, 3);
			cur[0] = v[4];
			cur[1] = v[5];
		} else {
			seg_add(s, 'L', v, 1);
			cur[0] = v[0];
			cur[1] = v[1];
		}
	}
	return 0;
bad:
	*why = N_("a path's data is malformed");
	return -1;
}

static int
points_parse(struct shape *s, const char *p, int close)
{
	double	 v[2];
	int	 k = 0;

	for (;;) {
		while (*p == ' ' || *p == ',' || *p == '\t' || *p == '\n' ||
		    *p == '\r')
			p++;
		if (*p == '\0')
			break;
		if (num(&p, &v[0]) == -1 || num(&p, &v[1]) == -1)
			return -1;
		seg_add(s, k++ ? 'L' : 'M', v, 1);
	}
	if (k < 2)
		return -1;
	if (close)
		seg_add(s, 'Z', NULL, 0);
	return 0;
}

static int
in_svg_ns(const xmlNode *n)
{
	return n->ns == NULL || strcmp((const char *)n->ns->href, SVG_NS) == 0;
}

/* The geometry attributes each shape may have (besides style and id). */
static const char *
geometry(const char *el)
{
	static const struct { const char *el, *attrs; } g[] = {
		{ "rect", " x y width height " },
		{ "circle", " cx cy r " },
		{ "ellipse", " cx cy rx ry " },
		{ "line", " x1 y1 x2 y2 " },
		{ "polyline", " points " },
		{ "polygon", " points " },
		{ "path", " d " },
		{ "g", " " },
	};
	size_t	 i;

	for (i = 0; i < sizeof(g) / sizeof(g[0]); i++)
		if (strcmp(el, g[i].el) == 0)
			return g[i].attrs;
	return NULL;
}

/* A numeric attribute of a shape, 0 when absent; -1 when not a number. */
static int
geo(const xmlNode *n, const char *name, double *v)
{
	xmlChar	*s;
	int	 rc = 0;

	*v = 0;
	if ((s = xmlGetNoNsProp(n, (const xmlChar *)name)) == NULL)
		return 0;
	rc = attr_num((const char *)s, v);
	xmlFree(s);
	return rc;
}

static int walk(struct svg *, const xmlNode *, struct style, const char **);

/* One element of the drawing: its style, then its shape or children. */
static int
element(struct svg *d, const xmlNode *n, struct style st, const char **why)
{
	const char	*name = (const char *)n->name, *attrs;
	const xmlAttr	*a;
	struct shape	 s;
	xmlChar		*v;
	double		 x, y, w, h, r2;
	char		 key[64];
	int		 rc = 0;

	if (strcmp(name, "title") == 0 || strcmp(name, "desc") == 0 ||
	    strcmp(name, "metadata") == 0)
		return 0;
	if ((attrs = geometry(name)) == NULL) {
		*why = N_("it has an element essdocs does not draw (text, "
		    "image, gradient, use, style, ...)");
		return -1;
	}
	for (a = n->properties; a != NULL; a = a->next) {
		if (a->ns != NULL)
			continue;	/* an editor's own attributes */
		v = xmlNodeGetContent((const xmlNode *)a);
		if (strcmp((const char *)a->name, "fill") == 0)
			rc = paint_parse((const char *)v, &st.fill);
		else if (strcmp((const char *)a->name, "stroke") == 0)
			rc = paint_parse((const char *)v, &st.stroke);
		else if (strcmp((const char *)a->name, "stroke-width") == 0)
			rc = attr_num((const char *)v, &st.width) == -1 ||
			    st.width < 0 ? -1 : 0;
		else if (strcmp((const char *)a->name, "fill-rule") == 0) {
			st.evenodd = strcmp((const char *)v, "evenodd") == 0;
			rc = st.evenodd || strcmp((const char *)v,
			    "nonzero") == 0 ? 0 : -1;
		} else if (strcmp((const char *)a->name, "id") != 0) {
			snprintf(key, sizeof(key), " %s ", a->name);
			if (strstr(attrs, key) == NULL) {
				xmlFree(v);
				*why = N_("it has an attribute essdocs does not "
				    "draw (transform, style, class, opacity, "
				    "...)");
				return -1;
			}
		}
		xmlFree(v);
		if (rc == -1) {
			*why = N_("it has a colour, width or fill rule essdocs "
			    "does not read (colours: none, black, white, "
			    "#rgb, #rrggbb)");
			return -1;
		}
	}
	if (strcmp(name, "g") == 0)
		return walk(d, n->children, st, why);

	memset(&s, 0, sizeof(s));
	s.fill = st.fill;
	s.stroke = st.stroke;
	s.width = st.width;
	s.evenodd = st.evenodd;
	if (strcmp(name, "rect") == 0) {
		if (geo(n, "x", &x) == -1 || geo(n, "y", &y) == -1 ||
		    geo(n, "width", &w) == -1 || geo(n, "height", &h) == -1)
			goto bad;
		seg_add(&s, 'M', (double[]){ x, y }, 1);
		seg_add(&s, 'L', (double[]){ x + w, y }, 1);
		seg_add(&s, 'L', (double[]){ x + w, y + h }, 1);
		seg_add(&s, 'L', (double[]){ x, y + h }, 1);
		seg_add(&s, 'Z', NULL, 0);
	} else if (strcmp(name, "circle") == 0) {
		if (geo(n, "cx", &x) == -1 || geo(n, "cy", &y) == -1 ||
		    geo(n, "r", &r2) == -1)
			goto bad;
		ellipse(&s, x, y, r2, r2);
	} else if (strcmp(name, "ellipse") == 0) {
		if (geo(n, "cx", &x) == -1 || geo(n, "cy", &y) == -1 ||
		    geo(n, "rx", &w) == -1 || geo(n, "ry", &h) == -1)
			goto bad;
		ellipse(&s, x, y, w, h);
	} else if (strcmp(name, "line") == 0) {
		if (geo(n, "x1", &x) == -1 || geo(n, "y1", &y) == -1 ||
		    geo(n, "x2", &w) == -1 || geo(n, "y2", &h) == -1)
			goto bad;
		seg_add(&s, 'M', (double[]){ x, y }, 1);
		seg_add(&s, 'L', (double[]){ w, h }, 1);
		s.fill.none = 1;	/* a line is only stroked */
	} else if (strcmp(name, "path") == 0) {
		if ((v = xmlGetNoNsProp(n, (const xmlChar *)"d")) == NULL)
			goto bad;
		rc = path_parse(&s, (const char *)v, why);
		xmlFree(v);
		if (rc == -1) {
			free(s.seg);
			return -1;
		}
	} else {
		if ((v = xmlGetNoNsProp(n, (const xmlChar *)"points")) == NULL)
			goto bad;
		rc = points_parse(&s, (const char *)v,
		    strcmp(name, "polygon") == 0);
		xmlFree(v);
		if (rc == -1)
			goto bad;
	}
	if (s.n == 0 || (s.fill.none && (s.stroke.none || s.width == 0))) {
		free(s.seg);		/* draws nothing */
		return 0;
	}
	d->sh = xrealloc(d->sh, (d->n + 1) * sizeof(*d->sh));
	d->sh[d->n++] = s;
	return 0;
bad:
	free(s.seg);
	*why = N_("a shape's geometry is missing or not a plain number");
	return -1;
}

static int
walk(struct svg *d, const xmlNode *n, struct style st, const char **why)
{
	for (; n != NULL; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (!in_svg_ns(n))
			continue;	/* an editor's own elements */
		if (element(d, n, st, why) == -1)
			return -1;
	}
	return 0;
}

static void
svg_free(struct svg *d)
{
	size_t	 i;

	if (d == NULL)
		return;
	for (i = 0; i < d->n; i++)
		free(d->sh[i].seg);
	free(d->sh);
	free(d);
}

static struct svg *
svg_load(const char *path, const char **why)
{
	xmlDoc		*doc;
	xmlNode		*root;
	xmlChar		*vb;
	const xmlAttr	*a;
	struct svg	*d;
	struct style	 st;
	const char	*s;
	int		 i;

	*why = N_("it cannot be read as XML");
	if ((doc = xmlReadFile(path, NULL, XML_PARSE_NONET |
	    XML_PARSE_NOERROR | XML_PARSE_NOWARNING)) == NULL)
		return NULL;
	d = xcalloc(1, sizeof(*d));
	root = xmlDocGetRootElement(doc);
	*why = N_("its root is not <svg> with a viewBox of four numbers");
	if (root == NULL || strcmp((const char *)root->name, "svg") != 0 ||
	    !in_svg_ns(root) ||
	    (vb = xmlGetNoNsProp(root, (const xmlChar *)"viewBox")) == NULL)
		goto bad;
	s = (const char *)vb;
	for (i = 0; i < 4; i++)
		if (num(&s, &d->vb[i]) == -1)
			break;
	xmlFree(vb);
	if (i < 4 || d->vb[2] <= 0 || d->vb[3] <= 0)
		goto bad;
	for (a = root->properties; a != NULL; a = a->next)
		if (a->ns == NULL &&
		    strcmp((const char *)a->name, "viewBox") != 0 &&
		    strcmp((const char *)a->name, "width") != 0 &&
		    strcmp((const char *)a->name, "height") != 0 &&
		    strcmp((const char *)a->name, "version") != 0 &&
		    strcmp((const char *)a->name, "id") != 0) {
			*why = N_("its root has an attribute essdocs does not "
			    "draw (preserveAspectRatio, style, ...)");
			goto bad;
		}
	memset(&st, 0, sizeof(st));
	st.stroke.none = 1;	/* SVG's defaults: black fill, no stroke */
	st.width = 1;
	if (walk(d, root->children, st, why) == -1)
		goto bad;
	xmlFreeDoc(doc);
	*why = NULL;
	return d;
bad:
	xmlFreeDoc(doc);
	svg_free(d);
	return NULL;
}

/* Drawings read in this process, by path: a logo is read once. */
static struct cached {
	char		*path;
	struct svg	*d;
	const char	*why;
} *cache;
static size_t ncache;

const struct svg *
svg_get(const char *path, const char **why)
{
	const char	*w = NULL;
	size_t		 i;

	for (i = 0; i < ncache; i++)
		if (strcmp(cache[i].path, path) == 0)
			break;
	if (i == ncache) {
		cache = xrealloc(cache, (ncache + 1) * sizeof(*cache));
		cache[i].path = xstrdup(path);
		cache[i].d = svg_load(path, &w);
		cache[i].why = w;
		ncache++;
	}
	if (why != NULL)
		*why = cache[i].why;
	return cache[i].d;
}

/* Coordinates and colours to three decimals: the path operators stay short. */
static double
r3(double v)
{
	return floor(v * 1000 + 0.5) / 1000;
}

static int
grey(const struct paint *p)
{
	return p->rgb[0] == p->rgb[1] && p->rgb[1] == p->rgb[2];
}

/* A plain RGB to CMYK conversion (no profile), for a print file: a
 * grey is black ink only. */
static void
cmyk_of(const struct paint *p, double c[4])
{
	double	 k = 1 - fmax(p->rgb[0], fmax(p->rgb[1], p->rgb[2]));
	int	 i;

	for (i = 0; i < 3; i++)
		c[i] = k >= 1 ? 0 : (1 - p->rgb[i] - k) / (1 - k);
	c[3] = k;
}

static void
set_paint(HPDF_Page pg, const struct paint *p, int stroke, int cmyk)
{
	double	 c[4];

	if (grey(p) && !cmyk) {
		if (stroke)
			HPDF_Page_SetGrayStroke(pg, r3(p->rgb[0]));
		else
			HPDF_Page_SetGrayFill(pg, r3(p->rgb[0]));
	} else if (cmyk) {
		cmyk_of(p, c);
		if (stroke)
			HPDF_Page_SetCMYKStroke(pg, r3(c[0]), r3(c[1]),
			    r3(c[2]), r3(c[3]));
		else
			HPDF_Page_SetCMYKFill(pg, r3(c[0]), r3(c[1]),
			    r3(c[2]), r3(c[3]));
	} else if (stroke)
		HPDF_Page_SetRGBStroke(pg, r3(p->rgb[0]), r3(p->rgb[1]),
		    r3(p->rgb[2]));
	else
		HPDF_Page_SetRGBFill(pg, r3(p->rgb[0]), r3(p->rgb[1]),
		    r3(p->rgb[2]));
}

void
svg_draw(const struct svg *d, HPDF_Page pg, double x, double y, double w,
    double h, int cmyk)
{
	const struct shape *s;
	const double	*p;
	double		 sc;
	size_t		 i, j;

	sc = fmin(w / d->vb[2], h / d->vb[3]);
	HPDF_Page_GSave(pg);
	HPDF_Page_Concat(pg, sc, 0, 0, -sc,
	    x + (w - sc * d->vb[2]) / 2 - sc * d->vb[0],
	    y + h - (h - sc * d->vb[3]) / 2 + sc * d->vb[1]);
	for (i = 0; i < d->n; i++) {
		s = &d->sh[i];
		if (!s->fill.none)
			set_paint(pg, &s->fill, 0, cmyk);
		if (!s->stroke.none && s->width > 0) {
			set_paint(pg, &s->stroke, 1, cmyk);
			HPDF_Page_SetLineWidth(pg, r3(s->width));
		}
		for (j = 0; j < s->n; j++) {
			p = s->seg[j].pt;
			switch (s->seg[j].op) {
			case 'M':
				HPDF_Page_MoveTo(pg, r3(p[0]), r3(p[1]));
				break;
			case 'L':
				HPDF_Page_LineTo(pg, r3(p[0]), r3(p[1]));
				break;
			case 'C':
				HPDF_Page_CurveTo(pg, r3(p[0]), r3(p[1]),
				    r3(p[2]), r3(p[3]), r3(p[4]), r3(p[5]));
				break;
			default:
				HPDF_Page_ClosePath(pg);
				break;
			}
		}
		if (s->fill.none)
			HPDF_Page_Stroke(pg);
		else if ((s->stroke.none || s->width == 0) && s->evenodd)
			HPDF_Page_Eofill(pg);
		else if (s->stroke.none || s->width == 0)
			HPDF_Page_Fill(pg);
		else if (s->evenodd)
			HPDF_Page_EofillStroke(pg);
		else
			HPDF_Page_FillStroke(pg);
	}
	HPDF_Page_GRestore(pg);
}

static int
ends_svg(const char *p)
{
	size_t	 n = strlen(p);

	return n > 4 && strcasecmp(p + n - 4, ".svg") == 0;
}

const char *
svg_logo(const struct call *c)
{
	if (c->issuer_logo_vector != NULL && ends_svg(c->issuer_logo_vector) &&
	    svg_get(c->issuer_logo_vector, NULL) != NULL)
		return c->issuer_logo_vector;
	return c->issuer_logo;
}
