/* tmpl.c: read a template file with libxml2 into the template tree, checking every name. */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>

#include "diag.h"
#include "font.h"
#include "tmpl.h"
#include "util.h"
#include "xmlcatch.h"

/* Where an element may appear. */
enum ctx {
	CTX_BLOCK,		/* body, header, footer, frame, keep, td */
	CTX_INLINE,		/* inside a paragraph */
	CTX_TABLE,		/* inside a table: rows */
	CTX_ROW			/* inside a row: cells */
};

struct parse {
	struct tmpl	*t;
	struct diag	*d;
	int		 err;
	int		 encerr;	/* an encoding error was reported */
};

/* The element names, indexed by enum tnode_kind, and their attributes. */
static const struct {
	const char	*name;
	const char	*attrs;		/* space-separated */
} elems[TN__MAX] = {
	{ NULL, "" },					/* TN_TEXT */
	{ "p", "style" },				/* TN_P */
	{ "b", "" },					/* TN_B */
	{ "i", "" },					/* TN_I */
	{ "nobr", "" },					/* TN_NOBR */
	{ "name", "" },					/* TN_NAME */
	{ "br", "" },					/* TN_BR */
	{ "if", "test" },				/* TN_IF */
	{ NULL, "test" },				/* TN_BRANCH */
	{ "for", "each as index sep last-sep" },	/* TN_FOR */
	{ "table", "columns header border padding style" }, /* TN_TABLE */
	{ "tr", "fill" },				/* TN_TR */
	{ "td", "style fill" },				/* TN_TD */
	{ "img", "src w h" },				/* TN_IMG */
	{ "rule", "w h line-width color" },		/* TN_RULE */
	{ "rect", "x y w h fill stroke line-width" },	/* TN_RECT */
	{ "bar", "value max w h fill stroke line-width" }, /* TN_BAR */
	{ "frame", "x y w h fill padding style" },	/* TN_FRAME */
	{ "keep", "" },					/* TN_KEEP */
	{ "pagebreak", "folds" },			/* TN_PAGEBREAK */
	{ "space", "h" },				/* TN_SPACE */
};

static void
perr(struct parse *p, long line, const char *fmt, const char *a,
    const char *b)
{
	diag_msg(p->d, DIAG_ERROR, EX_DATAERR, p->t->file, line, 0, NULL,
	    fmt, a, b != NULL ? b : "");
	p->err = 1;
}

/* The largest length, in points or percent, a template may give. */
#define LEN_LIMIT	28346.0		/* 10 m */

int
tmpl_len(const char *s, struct len *l)
{
	char	*end;
	double	 v;

	while (*s == ' ')
		s++;
	if (strcmp(s, "*") == 0) {
		l->v = 1;
		l->u = LEN_STAR;
		return 0;
	}
	errno = 0;
	v = strtod(s, &end);
	if (end == s || errno != 0 || v != v)
		return -1;
	l->u = LEN_PT;
	if (strcmp(end, "mm") == 0)
		v = MM(v);
	else if (strcmp(end, "cm") == 0)
		v = MM(v * 10);
	else if (strcmp(end, "%") == 0)
		l->u = LEN_PCT;
	else if (strcmp(end, "*") == 0)
		l->u = LEN_STAR;
	else if (*end != '\0' && strcmp(end, "pt") != 0)
		return -1;
	/* No page is wider than 10 m: refuses "inf" and overflows too. */
	if (!(v >= -LEN_LIMIT && v <= LEN_LIMIT))
		return -1;
	l->v = v;
	return 0;
}

/* A length that must be absolute. */
static int
abs_len(const char *s, double *v)
{
	struct len	 l;

	if (tmpl_len(s, &l) == -1 || l.u != LEN_PT)
		return -1;
	*v = l.v;
	return 0;
}

int
tmpl_color(const char *s, struct color *c)
{
	static const struct {
		const char	*fn;
		enum colorspace	 cs;
		int		 n;
		double		 scale;	/* used when a value exceeds 1 */
	} cs[] = {
		{ "cmyk(", CS_CMYK, 4, 100 },
		{ "rgb(", CS_RGB, 3, 255 },
		{ "gray(", CS_GRAY, 1, 100 },
	};
	size_t	 i;
	int	 j, big;
	char	*end;

	memset(c, 0, sizeof(*c));
	if (s[0] == '#' && strlen(s) == 7) {
		c->cs = CS_RGB;
		for (j = 0; j < 3; j++) {
			if (hexval(s[1 + 2 * j]) < 0 ||
			    hexval(s[2 + 2 * j]) < 0)
				return -1;
			c->c[j] = (hexval(s[1 + 2 * j]) * 16 +
			    hexval(s[2 + 2 * j])) / 255.0;
		}
		return 0;
	}
	for (i = 0; i < sizeof(cs) / sizeof(cs[0]); i++) {
		if (strncmp(s, cs[i].fn, strlen(cs[i].fn)) != 0)
			continue;
		s += strlen(cs[i].fn);
		c->cs = cs[i].cs;
		big = 0;
		for (j = 0; j < cs[i].n; j++) {
			c->c[j] = strtod(s, &end);
			if (end == s || c->c[j] < 0 ||
			    c->c[j] > cs[i].scale)
				return -1;
			if (c->c[j] > 1)
				big = 1;
			s = end;
			while (*s == ' ')
				s++;
			if (*s != (j + 1 < cs[i].n ? ',' : ')'))
				return -1;
			s++;
		}
		if (*s != '\0')
			return -1;
		if (big)
			for (j = 0; j < cs[i].n; j++)
				c->c[j] /= cs[i].scale;
		return 0;
	}
	return -1;
}

/* Parse literal text with {placeholders} into segments. */
static int
tstr_parse(struct parse *p, long line, const char *s, struct tstr *ts)
{
	struct buf	 lit = BUF_INIT;
	const char	*e;
	struct tseg	*sg;
	size_t		 n;

	for (;;) {
		if (*s == '\0' || (*s == '{' && s[1] != '{')) {
			if (lit.len > 0) {
				ts->seg = xrealloc(ts->seg,
				    (ts->nseg + 1) * sizeof(*ts->seg));
				sg = &ts->seg[ts->nseg++];
				sg->s = buf_detach(&lit);
				sg->field = sg->optional = 0;
			}
			if (*s == '\0')
				break;
			e = strchr(s, '}');
			if (e == NULL) {
				perr(p, line, "unclosed placeholder: %s%s",
				    s, NULL);
				buf_free(&lit);
				return -1;
			}
			n = (size_t)(e - s - 1);
			ts->seg = xrealloc(ts->seg,
			    (ts->nseg + 1) * sizeof(*ts->seg));
			sg = &ts->seg[ts->nseg++];
			sg->field = 1;
			sg->optional = n > 0 && s[n] == '?';
			if (sg->optional)
				n--;
			sg->s = xstrndup(s + 1, n);
			if (n == 0 || strspn(sg->s, "abcdefghijklmnopqrstuvwxyz"
			    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-") != n) {
				perr(p, line, "bad placeholder: {%s}",
				    sg->s, NULL);
				return -1;
			}
			s = e + 1;
		} else if ((*s == '{' || *s == '}') && s[1] == *s) {
			buf_putc(&lit, *s);
			s += 2;
		} else if (*s == '}') {
			perr(p, line, "unmatched '}' (write }} for a brace)%s",
			    "", NULL);
			buf_free(&lit);
			return -1;
		} else
			buf_putc(&lit, *s++);
	}
	return 0;
}

static void
tstr_free(struct tstr *ts)
{
	size_t	 i;

	for (i = 0; i < ts->nseg; i++)
		free(ts->seg[i].s);
	free(ts->seg);
}

static void
tnode_free(struct tnode *n)
{
	size_t	 i;

	for (i = 0; i < n->nkids; i++)
		tnode_free(&n->kids[i]);
	free(n->kids);
	tstr_free(&n->text);
	tstr_free(&n->max);
	free(n->a.cols);
	free(n->path);
	free(n->value);
	free(n->as);
	free(n->index);
	free(n->sep);
	free(n->lastsep);
}

static struct tnode *
tnode_add(struct tnode *parent, enum tnode_kind k, long line)
{
	struct tnode	*n;

	if (parent->nkids == parent->maxkids) {
		parent->maxkids = parent->maxkids ? parent->maxkids * 2 : 4;
		parent->kids = xrealloc(parent->kids,
		    parent->maxkids * sizeof(*parent->kids));
	}
	n = &parent->kids[parent->nkids++];
	memset(n, 0, sizeof(*n));
	n->kind = k;
	n->line = line;
	n->a.nfolds = -1;
	return n;
}

/* The attribute's value, or NULL; the caller frees it. */
static char *
attr(xmlNode *x, const char *name)
{
	xmlChar	*v;
	char	*s;

	v = xmlGetProp(x, (const xmlChar *)name);
	if (v == NULL)
		return NULL;
	s = xstrdup((const char *)v);
	xmlFree(v);
	return s;
}

/* Check that every attribute of x is in the space-separated list. */
static void
check_attrs(struct parse *p, xmlNode *x, const char *allowed)
{
	xmlAttr		*a;
	const char	*s;
	size_t		 n;
	int		 ok;

	for (a = x->properties; a != NULL; a = a->next) {
		n = strlen((const char *)a->name);
		ok = 0;
		for (s = allowed; *s != '\0'; ) {
			if (strncmp(s, (const char *)a->name, n) == 0 &&
			    (s[n] == ' ' || s[n] == '\0'))
				ok = 1;
			s += strcspn(s, " ");
			s += strspn(s, " ");
		}
		if (!ok)
			perr(p, xmlGetLineNo(x),
			    "unknown attribute \"%s\" on <%s>",
			    (const char *)a->name, (const char *)x->name);
	}
}

static void
get_len(struct parse *p, xmlNode *x, const char *name, struct len *l)
{
	char	*v;

	if ((v = attr(x, name)) == NULL)
		return;
	if (tmpl_len(v, l) == -1)
		perr(p, xmlGetLineNo(x), "bad length in %s=\"%s\"", name, v);
	free(v);
}

static void
get_abs(struct parse *p, xmlNode *x, const char *name, double *d)
{
	char	*v;

	if ((v = attr(x, name)) == NULL)
		return;
	if (abs_len(v, d) == -1)
		perr(p, xmlGetLineNo(x), "bad length in %s=\"%s\"", name, v);
	free(v);
}

static void
get_color(struct parse *p, xmlNode *x, const char *name, struct color *c,
    int *has)
{
	char	*v;

	if ((v = attr(x, name)) == NULL)
		return;
	if (tmpl_color(v, c) == -1)
		perr(p, xmlGetLineNo(x), "bad colour in %s=\"%s\"", name, v);
	else if (has != NULL)
		*has = 1;
	free(v);
}

static void
get_bool(struct parse *p, xmlNode *x, const char *name, int *b)
{
	char	*v;

	if ((v = attr(x, name)) == NULL)
		return;
	if (strcmp(v, "yes") == 0)
		*b = 1;
	else if (strcmp(v, "no") == 0)
		*b = 0;
	else
		perr(p, xmlGetLineNo(x), "%s must be yes or no, not \"%s\"",
		    name, v);
	free(v);
}

static void
get_style(struct parse *p, xmlNode *x, const struct style **st)
{
	char	*v;

	if ((v = attr(x, "style")) == NULL)
		return;
	if ((*st = tmpl_style(p->t, v)) == NULL)
		perr(p, xmlGetLineNo(x), "unknown style \"%s\"%s", v, NULL);
	free(v);
}

/* Parse "a b c" lengths (at most max) into out; returns the count or -1. */
static int
len_list(const char *s, struct len *out, int max)
{
	char	 w[64];
	int	 n = 0;
	size_t	 k;

	for (;;) {
		s += strspn(s, " ,");
		if (*s == '\0')
			return n;
		k = strcspn(s, " ,");
		if (k >= sizeof(w) || n == max)
			return -1;
		memcpy(w, s, k);
		w[k] = '\0';
		if (tmpl_len(w, &out[n++]) == -1)
			return -1;
		s += k;
	}
}

static void
get_folds(struct parse *p, xmlNode *x, double *folds, int *nfolds)
{
	struct len	 l[4];
	char		*v;
	int		 n, i;

	if ((v = attr(x, "folds")) == NULL)
		return;
	n = len_list(v, l, 4);
	for (i = 0; i < n; i++)
		if (l[i].u != LEN_PT)
			n = -1;
	if (n < 0)
		perr(p, xmlGetLineNo(x), "bad folds=\"%s\"%s", v, NULL);
	else {
		for (i = 0; i < n; i++)
			folds[i] = l[i].v;
		*nfolds = n;
	}
	free(v);
}

static void
parse_test(struct parse *p, xmlNode *x, struct tnode *n)
{
	char	*v, *s, *e, *q;

	if ((v = attr(x, "test")) == NULL) {
		perr(p, xmlGetLineNo(x), "<%s> needs test=\"...\"%s",
		    (const char *)x->name, NULL);
		return;
	}
	s = v + strspn(v, " ");
	n->op = TEST_TRUE;
	if (*s == '!' && s[1] != '=') {
		n->op = TEST_FALSE;
		s++;
		s += strspn(s, " ");
	}
	e = s + strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789_.-");
	n->path = xstrndup(s, (size_t)(e - s));
	e += strspn(e, " ");
	if (*e != '\0' && n->op == TEST_TRUE &&
	    (strncmp(e, "==", 2) == 0 || strncmp(e, "!=", 2) == 0)) {
		n->op = e[0] == '=' ? TEST_EQ : TEST_NE;
		e += 2;
		e += strspn(e, " ");
		if (*e == '\'' && (q = strchr(e + 1, '\'')) != NULL &&
		    q[1 + strspn(q + 1, " ")] == '\0') {
			n->value = xstrndup(e + 1, (size_t)(q - e - 1));
			e = q + 1 + strspn(q + 1, " ");
		}
	}
	if (*e != '\0' || n->path[0] == '\0' ||
	    ((n->op == TEST_EQ || n->op == TEST_NE) && n->value == NULL))
		perr(p, xmlGetLineNo(x), "bad test=\"%s\"%s", v, NULL);
	free(v);
}

static void	parse_kids(struct parse *, xmlNode *, struct tnode *, enum ctx);

static enum tnode_kind
elem_kind(const char *name)
{
	int	 k;

	for (k = 0; k < TN__MAX; k++)
		if (elems[k].name != NULL && strcmp(elems[k].name, name) == 0)
			return (enum tnode_kind)k;
	return TN__MAX;
}

/* Which contexts an element kind is allowed in. */
static int
allowed(enum tnode_kind k, enum ctx c)
{
	switch (k) {
	case TN_IF:
	case TN_FOR:
		return 1;
	case TN_TR:
		return c == CTX_TABLE;
	case TN_TD:
		return c == CTX_ROW;
	case TN_B:
	case TN_I:
	case TN_NOBR:
	case TN_NAME:
	case TN_BR:
		return c == CTX_INLINE || c == CTX_BLOCK;
	default:
		return c == CTX_BLOCK;
	}
}

static void
parse_elem(struct parse *p, xmlNode *x, struct tnode *parent, enum ctx c)
{
	struct tnode	*n, *br;
	enum tnode_kind	 k;
	struct len	 cols[32];
	char		*v;
	long		 line = xmlGetLineNo(x);
	int		 i, nc;

	k = elem_kind((const char *)x->name);
	if (k == TN__MAX) {
		perr(p, line, "unknown element <%s>%s",
		    (const char *)x->name, NULL);
		return;
	}
	if (!allowed(k, c)) {
		perr(p, line, "<%s> is not allowed here%s",
		    (const char *)x->name, NULL);
		return;
	}
	check_attrs(p, x, elems[k].attrs);
	n = tnode_add(parent, k, line);
	switch (k) {
	case TN_P:
		get_style(p, x, &n->style);
		parse_kids(p, x, n, CTX_INLINE);
		return;
	case TN_B:
	case TN_I:
	case TN_NOBR:
	case TN_NAME:
		parse_kids(p, x, n, CTX_INLINE);
		return;
	case TN_IF:
		br = tnode_add(n, TN_BRANCH, line);
		parse_test(p, x, br);
		parse_kids(p, x, n, c);
		return;
	case TN_FOR:
		n->path = attr(x, "each");
		n->as = attr(x, "as");
		n->index = attr(x, "index");
		n->sep = attr(x, "sep");
		n->lastsep = attr(x, "last-sep");
		if (n->path == NULL || n->as == NULL)
			perr(p, line, "<for> needs each=\"...\" and as=\"...\"%s",
			    "", NULL);
		if ((n->sep != NULL || n->lastsep != NULL) && c != CTX_INLINE)
			perr(p, line, "sep= is only for <for> in a paragraph%s",
			    "", NULL);
		parse_kids(p, x, n, c);
		return;
	case TN_TABLE:
		get_style(p, x, &n->style);
		n->a.header = 0;
		if ((v = attr(x, "header")) != NULL) {
			n->a.header = atoi(v);
			free(v);
		}
		get_abs(p, x, "border", &n->a.border);
		n->a.padding = 2;
		get_abs(p, x, "padding", &n->a.padding);
		if ((v = attr(x, "columns")) == NULL ||
		    (nc = len_list(v, cols, 32)) <= 0)
			perr(p, line, "<table> needs columns=\"widths\"%s",
			    "", NULL);
		else {
			n->a.cols = xcalloc((size_t)nc, sizeof(*n->a.cols));
			for (i = 0; i < nc; i++)
				n->a.cols[i] = cols[i];
			n->a.ncols = (size_t)nc;
		}
		free(v);
		parse_kids(p, x, n, CTX_TABLE);
		return;
	case TN_TR:
		get_color(p, x, "fill", &n->a.fill, &n->a.has_fill);
		parse_kids(p, x, n, CTX_ROW);
		return;
	case TN_TD:
		get_style(p, x, &n->style);
		get_color(p, x, "fill", &n->a.fill, &n->a.has_fill);
		parse_kids(p, x, n, CTX_BLOCK);
		return;
	case TN_IMG:
		if ((v = attr(x, "src")) == NULL)
			perr(p, line, "<img> needs src=\"...\"%s", "", NULL);
		else
			tstr_parse(p, line, v, &n->text);
		free(v);
		get_len(p, x, "w", &n->a.w);
		get_len(p, x, "h", &n->a.h);
		if (n->a.w.u == LEN_NONE || n->a.h.u != LEN_PT)
			perr(p, line, "<img> needs w=\"...\" and h=\"...\"%s",
			    "", NULL);
		break;
	case TN_RULE:
		get_len(p, x, "w", &n->a.w);
		get_len(p, x, "h", &n->a.h);
		n->a.line_width = 0.5;
		get_abs(p, x, "line-width", &n->a.line_width);
		n->a.has_stroke = 1;
		get_color(p, x, "color", &n->a.stroke, NULL);
		break;
	case TN_RECT:
	case TN_BAR:
	case TN_FRAME:
		get_len(p, x, "x", &n->a.x);
		get_len(p, x, "y", &n->a.y);
		get_len(p, x, "w", &n->a.w);
		get_len(p, x, "h", &n->a.h);
		get_color(p, x, "fill", &n->a.fill, &n->a.has_fill);
		if (k != TN_FRAME) {
			get_color(p, x, "stroke", &n->a.stroke,
			    &n->a.has_stroke);
			n->a.line_width = 0.5;
			get_abs(p, x, "line-width", &n->a.line_width);
		}
		if (k == TN_BAR) {
			if ((v = attr(x, "value")) != NULL)
				tstr_parse(p, line, v, &n->text);
			free(v);
			if ((v = attr(x, "max")) != NULL)
				tstr_parse(p, line, v, &n->max);
			free(v);
			if (n->text.nseg == 0 || n->max.nseg == 0 ||
			    n->a.h.u != LEN_PT)
				perr(p, line, "<bar> needs value=, max= and h=%s",
				    "", NULL);
		}
		if (k == TN_RECT && (n->a.w.u == LEN_NONE ||
		    n->a.h.u != LEN_PT))
			perr(p, line, "<rect> needs w=\"...\" and h=\"...\"%s",
			    "", NULL);
		if (k == TN_FRAME) {
			get_style(p, x, &n->style);
			get_abs(p, x, "padding", &n->a.padding);
			if (n->a.x.u != LEN_PT || n->a.y.u != LEN_PT ||
			    n->a.w.u != LEN_PT)
				perr(p, line, "<frame> needs x=, y= and w=%s",
				    "", NULL);
			parse_kids(p, x, n, CTX_BLOCK);
			return;
		}
		break;
	case TN_KEEP:
		parse_kids(p, x, n, CTX_BLOCK);
		return;
	case TN_PAGEBREAK:
		get_folds(p, x, n->a.folds, &n->a.nfolds);
		break;
	case TN_SPACE:
		get_len(p, x, "h", &n->a.h);
		if (n->a.h.u != LEN_PT)
			perr(p, line, "<space> needs h=\"...\"%s", "", NULL);
		break;
	default:
		break;
	}
	if (x->children != NULL && k != TN_BR)
		for (xmlNode *y = x->children; y != NULL; y = y->next)
			if (y->type == XML_ELEMENT_NODE ||
			    (y->type == XML_TEXT_NODE &&
			    !xmlIsBlankNode(y))) {
				perr(p, line, "<%s> must be empty%s",
				    (const char *)x->name, NULL);
				break;
			}
}

static void
parse_kids(struct parse *p, xmlNode *x, struct tnode *n, enum ctx c)
{
	struct tnode	*t, *br;
	xmlNode		*y;
	char		*s;
	int		 sawelse = 0;

	for (y = x->children; y != NULL; y = y->next) {
		if (y->type == XML_ELEMENT_NODE && n->kind == TN_IF &&
		    (strcmp((const char *)y->name, "elif") == 0 ||
		    strcmp((const char *)y->name, "else") == 0)) {
			if (sawelse || y->children != NULL)
				perr(p, xmlGetLineNo(y), "misplaced <%s/>%s",
				    (const char *)y->name, NULL);
			br = tnode_add(n, TN_BRANCH, xmlGetLineNo(y));
			if (y->name[1] == 'l' && y->name[2] == 'i') {
				check_attrs(p, y, "test");
				parse_test(p, y, br);
			} else {
				check_attrs(p, y, "");
				sawelse = 1;
			}
			continue;
		}
		/* Content of an if goes into its last branch. */
		t = n->kind == TN_IF ? &n->kids[n->nkids - 1] : n;
		switch (y->type) {
		case XML_ELEMENT_NODE:
			parse_elem(p, y, t, c);
			break;
		case XML_TEXT_NODE:
		case XML_CDATA_SECTION_NODE:
			if (c == CTX_TABLE || c == CTX_ROW) {
				if (!xmlIsBlankNode(y))
					perr(p, xmlGetLineNo(y),
					    "text is not allowed in a %s%s",
					    c == CTX_TABLE ? "table" : "row",
					    NULL);
				break;
			}
			s = text_norm((const char *)y->content, TEXT_ONELINE);
			tstr_parse(p, xmlGetLineNo(y), s,
			    &tnode_add(t, TN_TEXT, xmlGetLineNo(y))->text);
			free(s);
			break;
		case XML_ENTITY_REF_NODE:
			perr(p, xmlGetLineNo(y), "entity references are "
			    "not allowed%s", "", NULL);
			break;
		default:
			break;
		}
	}
}

const struct style *
tmpl_style(const struct tmpl *t, const char *name)
{
	size_t	 i;

	for (i = 0; i < t->nstyles; i++)
		if (strcmp(t->styles[i].name, name) == 0)
			return &t->styles[i];
	return NULL;
}

static void
parse_style(struct parse *p, xmlNode *x)
{
	static const char *const aligns[] = {
		"left", "right", "center", "justify"
	};
	struct style	*st, tmp;
	const struct style *base;
	char		*v, *name;
	long		 line = xmlGetLineNo(x);
	int		 i, size_set = 0;

	check_attrs(p, x, "name based-on face size leading align "
	    "space-before space-after indent right-indent first-indent "
	    "color hyphenate keep-with-next min-size");
	if ((name = attr(x, "name")) == NULL) {
		perr(p, line, "<style> needs name=\"...\"%s", "", NULL);
		return;
	}
	memset(&tmp, 0, sizeof(tmp));
	tmp.face = FACE_REGULAR;
	tmp.size = 10;
	tmp.align = ALIGN_LEFT;
	tmp.hyphenate = 1;
	tmp.color.cs = CS_GRAY;
	if ((v = attr(x, "based-on")) != NULL) {
		if ((base = tmpl_style(p->t, v)) == NULL)
			perr(p, line, "unknown style \"%s\"%s", v, NULL);
		else
			tmp = *base;
		free(v);
	}
	if ((v = attr(x, "face")) != NULL) {
		for (i = 0; i < FACE__MAX; i++)
			if (strcmp(v, face_name((enum face)i)) == 0)
				break;
		if (i == FACE__MAX)
			perr(p, line, "unknown face \"%s\"%s", v, NULL);
		else
			tmp.face = (enum face)i;
		free(v);
	}
	if ((v = attr(x, "size")) != NULL) {
		size_set = 1;
		free(v);
	}
	get_abs(p, x, "size", &tmp.size);
	if (tmp.size <= 0 || tmp.size > 500)
		perr(p, line, "bad font size%s", "", NULL);
	if (size_set || tmp.leading == 0)
		tmp.leading = tmp.size * 1.2;
	get_abs(p, x, "leading", &tmp.leading);
	if ((v = attr(x, "align")) != NULL) {
		for (i = 0; i < 4; i++)
			if (strcmp(v, aligns[i]) == 0)
				break;
		if (i == 4)
			perr(p, line, "unknown align \"%s\"%s", v, NULL);
		else
			tmp.align = (enum align)i;
		free(v);
	}
	get_abs(p, x, "space-before", &tmp.space_before);
	get_abs(p, x, "space-after", &tmp.space_after);
	get_abs(p, x, "indent", &tmp.indent);
	get_abs(p, x, "right-indent", &tmp.right_indent);
	get_abs(p, x, "first-indent", &tmp.first_indent);
	get_color(p, x, "color", &tmp.color, NULL);
	get_bool(p, x, "hyphenate", &tmp.hyphenate);
	get_bool(p, x, "keep-with-next", &tmp.keep_next);
	get_abs(p, x, "min-size", &tmp.min_size);
	if (tmp.min_size < 0 || tmp.min_size > tmp.size)
		perr(p, line, "bad min-size (0 to the size)%s", "", NULL);
	if (tmpl_style(p->t, name) != NULL &&
	    strcmp(name, "default") != 0) {
		perr(p, line, "style \"%s\" defined twice%s", name, NULL);
		free(name);
		return;
	}
	if ((st = (struct style *)tmpl_style(p->t, name)) != NULL) {
		free(name);		/* redefining "default" */
		name = st->name;
	} else
		st = &p->t->styles[p->t->nstyles++];	/* room made by parse_root */
	*st = tmp;
	st->name = name;
}

static void
parse_running(struct parse *p, xmlNode *x, struct running *r, int header)
{
	long	 line = xmlGetLineNo(x);

	if (r->present)
		perr(p, line, "more than one <%s>%s",
		    (const char *)x->name, NULL);
	check_attrs(p, x, header ? "top first single style" :
	    "bottom first single style");
	r->present = 1;
	r->first = r->single = 1;
	r->pos = MM(10);
	get_abs(p, x, header ? "top" : "bottom", &r->pos);
	get_bool(p, x, "first", &r->first);
	get_bool(p, x, "single", &r->single);
	get_style(p, x, &r->root.style);
	parse_kids(p, x, &r->root, CTX_BLOCK);
}

static void
parse_root(struct parse *p, xmlNode *root)
{
	struct tmpl	*t = p->t;
	struct len	 m[4];
	xmlNode		*x;
	char		*v;
	int		 n, sawbody = 0;

	if (strcmp((const char *)root->name, "template") != 0) {
		perr(p, xmlGetLineNo(root), "the root element must be "
		    "<template>, not <%s>", (const char *)root->name, NULL);
		return;
	}
	check_attrs(p, root, "size orientation margins bleed marks folds "
	    "title author subject");
	t->page.width = MM(210);
	t->page.height = MM(297);
	if ((v = attr(root, "size")) != NULL) {
		if (strcmp(v, "A4") == 0)
			;
		else if (len_list(v, m, 2) == 2 && m[0].u == LEN_PT &&
		    m[1].u == LEN_PT && m[0].v > 0 && m[1].v > 0) {
			t->page.width = m[0].v;
			t->page.height = m[1].v;
		} else
			perr(p, xmlGetLineNo(root), "bad size=\"%s\"%s",
			    v, NULL);
		free(v);
	}
	if ((v = attr(root, "orientation")) != NULL) {
		double w = t->page.width, h = t->page.height;

		if (strcmp(v, "landscape") == 0) {
			t->page.width = w > h ? w : h;
			t->page.height = w > h ? h : w;
		} else if (strcmp(v, "portrait") != 0)
			perr(p, xmlGetLineNo(root),
			    "bad orientation=\"%s\"%s", v, NULL);
		free(v);
	}
	t->page.margin[0] = t->page.margin[1] = t->page.margin[2] =
	    t->page.margin[3] = MM(20);
	if ((v = attr(root, "margins")) != NULL) {
		n = len_list(v, m, 4);
		if (n == 1)
			m[1] = m[2] = m[3] = m[0];
		else if (n == 2) {
			m[2] = m[0];
			m[3] = m[1];
		}
		if ((n != 1 && n != 2 && n != 4) || m[0].u != LEN_PT ||
		    m[1].u != LEN_PT || m[2].u != LEN_PT || m[3].u != LEN_PT)
			perr(p, xmlGetLineNo(root), "bad margins=\"%s\"%s",
			    v, NULL);
		else
			for (n = 0; n < 4; n++)
				t->page.margin[n] = m[n].v;
		free(v);
	}
	get_abs(p, root, "bleed", &t->page.bleed);
	get_bool(p, root, "marks", &t->page.marks);
	get_folds(p, root, t->page.folds, &t->page.nfolds);
	if ((v = attr(root, "title")) != NULL)
		tstr_parse(p, xmlGetLineNo(root), v, &t->title);
	free(v);
	if ((v = attr(root, "author")) != NULL)
		tstr_parse(p, xmlGetLineNo(root), v, &t->author);
	free(v);
	if ((v = attr(root, "subject")) != NULL)
		tstr_parse(p, xmlGetLineNo(root), v, &t->subject);
	free(v);

	/*
	 * The built-in default style; a <style name="default"> replaces it.
	 * Nodes point into the array: make room for every <style> now, so
	 * that it never moves (a <style> after a use of an earlier one left
	 * dangling pointers).
	 */
	n = 1;
	for (x = root->children; x != NULL; x = x->next)
		if (x->type == XML_ELEMENT_NODE &&
		    strcmp((const char *)x->name, "style") == 0)
			n++;
	t->styles = xcalloc((size_t)n, sizeof(*t->styles));
	t->nstyles = 1;
	t->styles[0].name = xstrdup("default");
	t->styles[0].size = 10;
	t->styles[0].leading = 12;
	t->styles[0].hyphenate = 1;

	for (x = root->children; x != NULL; x = x->next) {
		if (x->type == XML_TEXT_NODE && !xmlIsBlankNode(x))
			perr(p, xmlGetLineNo(x), "text outside <body>%s",
			    "", NULL);
		if (x->type != XML_ELEMENT_NODE)
			continue;
		if (strcmp((const char *)x->name, "style") == 0)
			parse_style(p, x);
		else if (strcmp((const char *)x->name, "header") == 0)
			parse_running(p, x, &t->header, 1);
		else if (strcmp((const char *)x->name, "footer") == 0)
			parse_running(p, x, &t->footer, 0);
		else if (strcmp((const char *)x->name, "body") == 0) {
			if (sawbody++)
				perr(p, xmlGetLineNo(x), "more than one "
				    "<body>%s", "", NULL);
			check_attrs(p, x, "style");
			get_style(p, x, &t->body.style);
			parse_kids(p, x, &t->body, CTX_BLOCK);
		} else
			perr(p, xmlGetLineNo(x), "unknown element <%s>%s",
			    (const char *)x->name, NULL);
	}
	if (!sawbody)
		perr(p, xmlGetLineNo(root), "no <body>%s", "", NULL);
}

/* libxml2's structured error handler: one located message per error. */
static void
tmpl_xmlerr(void *ctx, xmlErrorPtr e)
{
	xmlParserCtxtPtr pc = ctx;
	struct parse	*p = pc->_private;
	size_t		 n;
	char		*m;

	if (e->level == XML_ERR_WARNING)
		return;
	/*
	 * The encoders report one failure twice, and what follows it is
	 * noise: after an encoding error, say nothing more.
	 */
	if (p->encerr)
		return;
	p->encerr = e->domain == XML_FROM_I18N;
	m = xstrdup(e->message != NULL ? e->message : "XML error");
	n = strlen(m);
	while (n > 0 && m[n - 1] == '\n')
		m[--n] = '\0';
	diag_msg(p->d, DIAG_ERROR, EX_DATAERR, p->t->file, e->line,
	    e->int2, NULL, "%s", m);
	p->err = 1;
	free(m);
}

/*
 * libxml2's generic handler, which some of its errors go to directly
 * (after an encoding error, that the encoder failed): one message,
 * without a line, unless an error was already reported.
 */
static void
tmpl_xmlgeneric(void *ctx, const char *fmt, ...)
{
	xmlParserCtxtPtr pc = ctx;
	struct parse	*p = pc->_private;
	struct buf	 b = BUF_INIT;
	va_list		 ap;

	if (p->err)
		return;
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	while (b.len > 0 && b.s[b.len - 1] == '\n')
		buf_truncate(&b, b.len - 1);
	diag_msg(p->d, DIAG_ERROR, EX_DATAERR, p->t->file, 0, 0, NULL,
	    "%s", buf_str(&b));
	p->err = 1;
	buf_free(&b);
}

struct tmpl *
tmpl_parse(const char *buf, size_t len, const char *name, struct diag *d)
{
	struct parse	 p;
	xmlParserCtxtPtr pc;
	xmlDocPtr	 doc = NULL;
	struct xmlcatch	 c;
	const char	*slash;
	int		 ret;

	memset(&p, 0, sizeof(p));
	p.d = d;
	p.t = xcalloc(1, sizeof(*p.t));
	p.t->file = xstrdup(name);
	slash = strrchr(name, '/');
	p.t->dir = slash != NULL ? xstrndup(name, (size_t)(slash - name)) :
	    xstrdup(".");
	if (len > 1 << 24) {
		diag_msg(d, DIAG_ERROR, EX_DATAERR, name, 0, 0, NULL,
		    "template too large");
		tmpl_free(p.t);
		return NULL;
	}
	pc = xmlCreateMemoryParserCtxt(buf, (int)len);
	if (pc == NULL) {
		diag_msg(d, DIAG_ERROR, EX_DATAERR, name, 0, 0, NULL,
		    "cannot parse template");
		tmpl_free(p.t);
		return NULL;
	}
	pc->_private = &p;
	pc->sax->serror = tmpl_xmlerr;
	pc->sax->warning = NULL;
	xmlCtxtUseOptions(pc, XML_PARSE_NONET | XML_PARSE_NOWARNING);
	/*
	 * Encoding conversion errors are raised without the parser context,
	 * through libxml2's per-thread handlers, which print on stderr:
	 * catch them for this parse only.
	 */
	xmlcatch_begin(&c, pc, tmpl_xmlerr, tmpl_xmlgeneric);
	ret = xmlParseDocument(pc);
	xmlcatch_end(&c);
	if (ret == 0 && pc->wellFormed && !p.err)
		doc = pc->myDoc;
	else if (!p.err) {
		diag_msg(d, DIAG_ERROR, EX_DATAERR, name, 0, 0, NULL,
		    "template is not well-formed XML");
		p.err = 1;
	}
	if (doc == NULL && pc->myDoc != NULL)
		xmlFreeDoc(pc->myDoc);
	xmlFreeParserCtxt(pc);
	if (doc != NULL) {
		if (doc->intSubset != NULL || doc->extSubset != NULL)
			perr(&p, 1, "DOCTYPE is not allowed in a template%s",
			    "", NULL);
		else
			parse_root(&p, xmlDocGetRootElement(doc));
		xmlFreeDoc(doc);
	}
	if (p.err) {
		tmpl_free(p.t);
		return NULL;
	}
	return p.t;
}

struct tmpl *
tmpl_load(const char *path, struct diag *d)
{
	struct buf	 b = BUF_INIT;
	struct tmpl	*t;
	FILE		*f;
	char		 chunk[8192];
	size_t		 n;

	if ((f = fopen(path, "rb")) == NULL) {
		diag_msg(d, DIAG_ERROR, EX_NOINPUT, path, 0, 0, NULL,
		    "cannot open template: %s", strerror(errno));
		return NULL;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(&b, chunk, n);
	if (ferror(f)) {
		diag_msg(d, DIAG_ERROR, EX_NOINPUT, path, 0, 0, NULL,
		    "cannot read template: %s", strerror(errno));
		fclose(f);
		buf_free(&b);
		return NULL;
	}
	fclose(f);
	t = tmpl_parse(buf_str(&b), b.len, path, d);
	buf_free(&b);
	return t;
}

void
tmpl_free(struct tmpl *t)
{
	size_t	 i;

	if (t == NULL)
		return;
	for (i = 0; i < t->nstyles; i++)
		free(t->styles[i].name);
	free(t->styles);
	tnode_free(&t->header.root);
	tnode_free(&t->footer.root);
	tnode_free(&t->body);
	tstr_free(&t->title);
	tstr_free(&t->author);
	tstr_free(&t->subject);
	free(t->file);
	free(t->dir);
	free(t);
}
