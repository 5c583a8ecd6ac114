/* xsdmsg.c: libxml2's schema validation errors, said in the user's terms. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "i18n.h"
#include "util.h"
#include "xsdmsg.h"

/* ---- The schema, read once ------------------------------------------ */

static struct {
	const unsigned char	*text;
	xmlDoc			*doc;
} schemas[4];

static xmlNode *
schema_root(const unsigned char *xsd, size_t len)
{
	size_t	 i;

	for (i = 0; i < sizeof(schemas) / sizeof(schemas[0]); i++) {
		if (schemas[i].text == xsd)
			return xmlDocGetRootElement(schemas[i].doc);
		if (schemas[i].text == NULL) {
			schemas[i].doc = xmlReadMemory((const char *)xsd,
			    (int)len, "schema.xsd", NULL, XML_PARSE_NONET |
			    XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
			if (schemas[i].doc == NULL)
				return NULL;
			schemas[i].text = xsd;
			return xmlDocGetRootElement(schemas[i].doc);
		}
	}
	return NULL;
}

void
xsdmsg_cleanup(void)
{
	size_t	 i;

	for (i = 0; i < sizeof(schemas) / sizeof(schemas[0]); i++) {
		xmlFreeDoc(schemas[i].doc);
		schemas[i].doc = NULL;
		schemas[i].text = NULL;
	}
}

static int
is(const xmlNode *n, const char *local)
{
	return n != NULL && n->type == XML_ELEMENT_NODE &&
	    strcmp((const char *)n->name, local) == 0;
}

/* An attribute's value, or NULL; points into the tree. */
static const char *
attr(const xmlNode *n, const char *name)
{
	const xmlAttr	*a;

	for (a = n->properties; a != NULL; a = a->next)
		if (strcmp((const char *)a->name, name) == 0 &&
		    a->children != NULL)
			return (const char *)a->children->content;
	return NULL;
}

/* The first xs:TAG with name="NAME" under n, in document order. */
static xmlNode *
find_decl(xmlNode *n, const char *tag, const char *name)
{
	xmlNode		*c, *r;
	const char	*v;

	for (c = n->children; c != NULL; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (is(c, tag) && (v = attr(c, "name")) != NULL &&
		    strcmp(v, name) == 0)
			return c;
		if ((r = find_decl(c, tag, name)) != NULL)
			return r;
	}
	return NULL;
}

static xmlNode *
child(xmlNode *n, const char *tag)
{
	xmlNode	*c;

	for (c = n != NULL ? n->children : NULL; c != NULL; c = c->next)
		if (is(c, tag))
			return c;
	return NULL;
}

/* The complex type of element NAME: its own, or the named one it uses. */
static xmlNode *
complex_of(xmlNode *root, const char *name)
{
	xmlNode		*el;
	const char	*type;

	if ((el = find_decl(root, "element", name)) == NULL)
		return NULL;
	if ((type = attr(el, "type")) != NULL)
		return find_decl(root, "complexType", type);
	return child(el, "complexType");
}

#define SEQ_MAX	32

struct seq {
	const char	*name[SEQ_MAX];
	int		 min[SEQ_MAX];	/* minOccurs */
	int		 max[SEQ_MAX];	/* maxOccurs, -1 unbounded */
	xmlNode		*decl[SEQ_MAX];
	int		 n;
};

/* The element children a complex type takes, in order. */
static void
seq_of(xmlNode *ct, struct seq *s)
{
	xmlNode		*c;
	const char	*v;

	s->n = 0;
	for (c = child(child(ct, "sequence") != NULL ? child(ct, "sequence") :
	    ct, "element"); c != NULL && s->n < SEQ_MAX; c = c->next) {
		if (!is(c, "element"))
			continue;
		if ((v = attr(c, "name")) == NULL && (v = attr(c, "ref")) == NULL)
			continue;
		s->name[s->n] = v;
		s->min[s->n] = (v = attr(c, "minOccurs")) != NULL ? atoi(v) : 1;
		v = attr(c, "maxOccurs");
		s->max[s->n] = v == NULL ? 1 : strcmp(v, "unbounded") == 0 ?
		    -1 : atoi(v);
		s->decl[s->n] = c;
		s->n++;
	}
}

static int
seq_find(const struct seq *s, const char *name)
{
	int	 i;

	for (i = 0; i < s->n; i++)
		if (strcmp(s->name[i], name) == 0)
			return i;
	return -1;
}

/* Whether parent has an element child called name (other than skip). */
static int
has_child(const xmlNode *parent, const char *name, const xmlNode *skip)
{
	const xmlNode	*c;

	for (c = parent->children; c != NULL; c = c->next)
		if (c != skip && c->type == XML_ELEMENT_NODE &&
		    strcmp((const char *)c->name, name) == 0)
			return 1;
	return 0;
}

/* "<a>, <b> or <c>" */
static void
list_names(struct buf *b, const char *const *names, int n, const char *last)
{
	int	 i;

	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_puts(b, i == n - 1 ? last : ", ");
		buf_printf(b, "<%s>", names[i]);
	}
}

/* ---- Element order and presence ------------------------------------ */

static char *
misplaced(xmlNode *root, xmlNode *node)
{
	xmlNode		*parent = node->parent, *ct, *c;
	struct seq	 s;
	struct buf	 b = BUF_INIT, l = BUF_INIT;
	const char	*name = (const char *)node->name;
	const char	*pname, *prev = NULL, *next = NULL;
	int		 i, k;

	if (parent == NULL || parent->type != XML_ELEMENT_NODE)
		return NULL;
	pname = (const char *)parent->name;
	if ((ct = complex_of(root, pname)) == NULL)
		return NULL;
	seq_of(ct, &s);
	if (s.n == 0) {
		buf_printf(&b, _("<%s> takes no element, so <%s> has no "
		    "place in it"), pname, name);
		return buf_detach(&b);
	}
	if ((k = seq_find(&s, name)) < 0) {
		list_names(&l, s.name, s.n, _(" or "));
		buf_printf(&b, _("<%s> has no place in <%s>, which holds %s"),
		    name, pname, buf_str(&l));
		buf_free(&l);
		return buf_detach(&b);
	}
	/* Given more often than allowed. */
	if (s.max[k] >= 1) {
		int	 seen = 0;

		for (c = parent->children; c != NULL && c != node; c = c->next)
			if (c->type == XML_ELEMENT_NODE &&
			    strcmp((const char *)c->name, name) == 0)
				seen++;
		if (seen >= s.max[k]) {
			if (s.max[k] == 1)
				buf_printf(&b, _("<%s> is given twice in <%s>: "
				    "once only"), name, pname);
			else
				buf_printf(&b, _("<%s> is given more than %d "
				    "times in <%s>"), name, s.max[k], pname);
			return buf_detach(&b);
		}
	}
	/* Between the nearest ones present; a required one before it may
	 * be what is missing. */
	for (i = k - 1; i >= 0 && prev == NULL; i--) {
		if (has_child(parent, s.name[i], node))
			prev = s.name[i];
		else if (s.min[i] > 0) {
			buf_printf(&b, _("<%s> lacks <%s>, before <%s>"), pname,
			    s.name[i], name);
			return buf_detach(&b);
		}
	}
	for (i = k + 1; i < s.n && next == NULL; i++)
		if (has_child(parent, s.name[i], node))
			next = s.name[i];
	if (prev != NULL && next != NULL)
		buf_printf(&b, _("<%s> belongs after <%s> and before <%s>"),
		    name, prev, next);
	else if (next != NULL)
		buf_printf(&b, _("<%s> belongs before <%s>, first in <%s>"),
		    name, next, pname);
	else if (prev != NULL)
		buf_printf(&b, _("<%s> belongs after <%s>, last in <%s>"),
		    name, prev, pname);
	else
		return NULL;
	return buf_detach(&b);
}

static char *
missing_child(xmlNode *root, xmlNode *parent)
{
	xmlNode		*ct;
	struct seq	 s;
	const char	*miss[SEQ_MAX];
	struct buf	 b = BUF_INIT, l = BUF_INIT;
	int		 i, n = 0;

	if ((ct = complex_of(root, (const char *)parent->name)) == NULL)
		return NULL;
	seq_of(ct, &s);
	for (i = 0; i < s.n; i++)
		if (s.min[i] > 0 && !has_child(parent, s.name[i], NULL))
			miss[n++] = s.name[i];
	if (n == 0)
		return NULL;
	list_names(&l, miss, n, _(" and "));
	buf_printf(&b, ngettext("<%s> lacks %s", "<%s> lacks %s", n),
	    (const char *)parent->name, buf_str(&l));
	buf_free(&l);
	return buf_detach(&b);
}

/* ---- Values --------------------------------------------------------- */

/* The simple type's declaration, for an element or attribute node. */
static xmlNode *
simple_type(xmlNode *root, xmlNode *node, const char **tname)
{
	xmlNode		*ct, *c;
	const char	*pname, *name = (const char *)node->name;
	const char	*type = NULL;
	struct seq	 s;
	int		 k;

	*tname = NULL;
	if (node->parent == NULL)
		return NULL;
	pname = (const char *)node->parent->name;
	if ((ct = complex_of(root, pname)) == NULL)
		return NULL;
	if (node->type == XML_ATTRIBUTE_NODE) {
		for (c = ct->children; c != NULL; c = c->next)
			if (is(c, "attribute") && attr(c, "name") != NULL &&
			    strcmp(attr(c, "name"), name) == 0)
				type = attr(c, "type");
	} else {
		seq_of(ct, &s);
		if ((k = seq_find(&s, name)) >= 0)
			type = attr(s.decl[k], "type");
	}
	if (type == NULL)
		return NULL;
	*tname = type;
	return find_decl(root, "simpleType", type);
}

/* How the field is named: <siret>, or <request amount> for an attribute. */
static void
field(struct buf *b, const xmlNode *node)
{
	if (node->type == XML_ATTRIBUTE_NODE && node->parent != NULL)
		buf_printf(b, "<%s %s>", (const char *)node->parent->name,
		    (const char *)node->name);
	else
		buf_printf(b, "<%s>", (const char *)node->name);
}

/* A date as staff type it (27/01/2020, 27-1-2020, 27.01.2020): 0 and
 * the ISO form, or -1. */
static int
french_date(const char *v, char *iso, size_t len)
{
	int	 d, m, y, n = 0;
	char	 s1, s2;

	if (sscanf(v, " %2d%c%2d%c%4d %n", &d, &s1, &m, &s2, &y, &n) != 5 ||
	    v[n] != '\0' || s1 != s2 || strchr("/-.", s1) == NULL ||
	    d < 1 || d > 31 || m < 1 || m > 12 || y < 1000)
		return -1;
	snprintf(iso, len, "%04d-%02d-%02d", y, m, d);
	return 0;
}

/* An amount as staff type it ("9 000,00 €"): 0 and the schema's form. */
static int
plain_amount(const char *v, struct buf *out)
{
	const unsigned char *p = (const unsigned char *)v;
	int	 digits = 0, dec = -1;

	for (; *p != '\0'; p++) {
		if (isdigit(*p)) {
			buf_putc(out, (char)*p);
			digits++;
			if (dec >= 0)
				dec++;
		} else if ((*p == ',' || *p == '.') && dec < 0 && digits > 0) {
			buf_putc(out, '.');
			dec = 0;
		} else if (*p == ' ' || *p == '\'')
			;
		else if (p[0] == 0xC2 && p[1] == 0xA0)
			p++;		/* no-break space */
		else if (p[0] == 0xE2 && p[1] == 0x80 && p[2] == 0xAF)
			p += 2;		/* narrow no-break space */
		else if (p[0] == 0xE2 && p[1] == 0x82 && p[2] == 0xAC)
			p += 2;		/* € */
		else
			return -1;
	}
	return digits > 0 && dec != 0 && dec <= 2 ? 0 : -1;
}

static char *
bad_value(xmlNode *root, xmlNode *node, int code)
{
	const char	*tname, *ev;
	xmlNode		*st, *r, *c;
	struct buf	 b = BUF_INIT, f = BUF_INIT, l = BUF_INIT;
	xmlChar		*val;
	const char	*v, *vals[64];
	char		 iso[48];
	int		 n = 0, i, ci = -1;

	st = simple_type(root, node, &tname);
	if (tname == NULL)
		return NULL;
	val = xmlNodeGetContent(node);
	v = val != NULL ? (const char *)val : "";
	field(&f, node);
	r = st != NULL ? child(st, "restriction") : NULL;
	for (c = r != NULL ? r->children : NULL; c != NULL && n < 64;
	    c = c->next)
		if (is(c, "enumeration") && (ev = attr(c, "value")) != NULL) {
			if (strcasecmp(ev, v) == 0)
				ci = n;
			vals[n++] = ev;
		}
	if (n > 0) {
		if (ci >= 0)
			buf_printf(&b, _("%s \"%s\": write %s, in these "
			    "letters"), buf_str(&f), v, vals[ci]);
		else {
			for (i = 0; i < n; i++)
				buf_printf(&l, "%s%s", i == 0 ? "" : i == n - 1 ?
				    _(" or ") : ", ", vals[i]);
			buf_printf(&b, _("%s \"%s\": the value is one of %s"),
			    buf_str(&f), v, buf_str(&l));
		}
	} else if (*v == '\0' || code == XML_SCHEMAV_CVC_MINLENGTH_VALID)
		buf_printf(&b, _("%s is empty"), buf_str(&f));
	else if (code == XML_SCHEMAV_CVC_MAXLENGTH_VALID) {
		for (c = r != NULL ? r->children : NULL; c != NULL; c = c->next)
			if (is(c, "maxLength") && attr(c, "value") != NULL)
				buf_printf(&b, _("%s is longer than %s "
				    "characters"), buf_str(&f),
				    attr(c, "value"));
		if (b.len == 0)
			buf_printf(&b, _("%s is too long"), buf_str(&f));
	} else if (strcmp(tname, "date") == 0) {
		if (french_date(v, iso, sizeof(iso)) == 0)
			buf_printf(&b, _("%s \"%s\": a date is written %s"),
			    buf_str(&f), v, iso);
		else
			buf_printf(&b, _("%s \"%s\": a date is written "
			    "YYYY-MM-DD, as 2019-02-11"), buf_str(&f), v);
	} else if (strcmp(tname, "amount") == 0) {
		if (plain_amount(v, &l) == 0)
			buf_printf(&b, _("%s \"%s\": an amount is written %s "
			    "(a dot before the cents, no space, no euro sign)"),
			    buf_str(&f), v, buf_str(&l));
		else
			buf_printf(&b, _("%s \"%s\": an amount is written in "
			    "euros as 9000 or 9000.50"), buf_str(&f), v);
	} else if (strcmp(tname, "siret") == 0) {
		if (plain_amount(v, &l) == 0 && l.len == 14 &&
		    strchr(l.s, '.') == NULL)
			buf_printf(&b, _("%s \"%s\": a SIRET is written as its "
			    "14 digits, %s"), buf_str(&f), v, buf_str(&l));
		else
			buf_printf(&b, _("%s \"%s\": a SIRET has 14 digits"),
			    buf_str(&f), v);
	} else if (strcmp(tname, "rna") == 0)
		buf_printf(&b, _("%s \"%s\": an RNA number is W and 9 digits, "
		    "as W595012345"), buf_str(&f), v);
	else if (strcmp(tname, "postcode") == 0)
		buf_printf(&b, _("%s \"%s\": a postcode has 5 digits"),
		    buf_str(&f), v);
	else if (strcmp(tname, "email") == 0)
		buf_printf(&b, _("%s \"%s\" is not an e-mail address"),
		    buf_str(&f), v);
	else if (strcmp(tname, "phone") == 0)
		buf_printf(&b, _("%s \"%s\" is not a phone number"),
		    buf_str(&f), v);
	else if (strcmp(tname, "jobs") == 0)
		buf_printf(&b, _("%s \"%s\": a whole number from 0 to 100000 "
		    "is expected"), buf_str(&f), v);
	else if (strcmp(tname, "legal-form") == 0)
		buf_printf(&b, _("%s \"%s\": a legal form is written as the id "
		    "the call file's <legal-forms> gives it, in lower case"),
		    buf_str(&f), v);
	else if (strcmp(tname, "id") == 0)
		buf_printf(&b, _("%s \"%s\": an id is 1 to 64 letters without "
		    "accents, digits, dots, dashes or underscores, not "
		    "starting with a dot or a dash"), buf_str(&f), v);
	xmlFree(val);
	buf_free(&f);
	buf_free(&l);
	if (b.len == 0) {
		buf_free(&b);
		return NULL;
	}
	return buf_detach(&b);
}

/* The quoted name in libxml2's message ("The attribute 'id' is ..."). */
static char *
quoted(const char *msg, const char *after)
{
	const char	*p, *q;

	if (msg == NULL || (p = strstr(msg, after)) == NULL ||
	    (p = strchr(p + strlen(after), '\'')) == NULL ||
	    (q = strchr(p + 1, '\'')) == NULL || q == p + 1)
		return NULL;
	return xstrndup(p + 1, (size_t)(q - p - 1));
}

/* ---- Well-formedness ----------------------------------------------- */

/* The bytes libxml2 names ("... Bytes: 0xFF 0xFE", "... bytes 0x00 0x00"):
 * "0xFF 0xFE", or "?" (a static buffer: one message at a time). */
static const char *
bytes_of(const char *m)
{
	static char	 out[64];
	const char	*p;
	size_t		 n = 0;

	if ((p = strstr(m, "ytes")) == NULL || (p = strstr(p, "0x")) == NULL)
		return "?";
	while (*p != '\0' && n < sizeof(out) - 1 && (*p == ' ' ||
	    *p == 'x' || (*p >= '0' && *p <= '9') || (*p >= 'A' && *p <= 'F') ||
	    (*p >= 'a' && *p <= 'f')))
		out[n++] = *p++;
	while (n > 0 && out[n - 1] == ' ')
		n--;
	out[n] = '\0';
	return n > 0 ? out : "?";
}

char *
xsdmsg_parse(const xmlError *e)
{
	struct buf	 b = BUF_INIT;
	const char	*m;

	if (e == NULL || e->domain != XML_FROM_PARSER)
		return NULL;
	m = e->message != NULL ? e->message : "";
	switch (e->code) {
	case XML_ERR_TAG_NAME_MISMATCH:
		if (e->str1 == NULL || e->str2 == NULL)
			return NULL;
		buf_printf(&b, _("<%s>, opened on line %d, is closed by </%s>"),
		    e->str1, e->int1, e->str2);
		break;
	case XML_ERR_TAG_NOT_FINISHED:
		if (e->str1 == NULL)
			return NULL;
		buf_printf(&b, _("the file ends before <%s> is closed"),
		    e->str1);
		break;
	case XML_ERR_NAME_REQUIRED:
	case XML_ERR_ENTITYREF_SEMICOL_MISSING:
		if (strstr(m, "EntityRef") == NULL)
			return NULL;
		buf_puts(&b, _("an & in a text is written &amp;"));
		break;
	case XML_ERR_LT_IN_ATTRIBUTE:
		buf_puts(&b, _("a < in an attribute's value is written &lt;"));
		break;
	case XML_ERR_ATTRIBUTE_NOT_STARTED:
	case XML_ERR_ATTRIBUTE_WITHOUT_VALUE:
		buf_puts(&b, _("an attribute's value goes between quotes, as "
		    "amount=\"9000\""));
		break;
	case XML_ERR_ATTRIBUTE_REDEFINED:
		if (e->str1 == NULL)
			return NULL;
		buf_printf(&b, _("the attribute %s= is given twice"), e->str1);
		break;
	case XML_ERR_GT_REQUIRED:
		buf_puts(&b, _("a tag is not closed by >"));
		break;
	case XML_ERR_DOCUMENT_EMPTY:
		buf_puts(&b, _("the file holds no element"));
		break;
	case XML_ERR_UNSUPPORTED_ENCODING:
		if (e->str1 == NULL)
			return NULL;
		buf_printf(&b, _("the encoding \"%s\" is not one essdocs "
		    "reads: save the file as UTF-8"), e->str1);
		break;
	case XML_ERR_INVALID_CHAR:
	case XML_ERR_INVALID_ENCODING:
		if (strstr(m, "UTF-8") == NULL)
			return NULL;
		buf_printf(&b, _("these bytes are not UTF-8, as the file "
		    "declares (%s): save it as UTF-8, or declare its "
		    "encoding"), bytes_of(m));
		break;
	case XML_ERR_ENTITY_LOOP:
		buf_puts(&b, _("an entity refers to itself (an entity loop): "
		    "not read"));
		break;
	case XML_ERR_UNDECLARED_ENTITY:
	case XML_WAR_UNDECLARED_ENTITY:
		if (e->str1 == NULL)
			return NULL;
		buf_printf(&b, _("the entity &%s; is not defined (an & in a "
		    "text is written &amp;)"), e->str1);
		break;
	default:
		return NULL;
	}
	return buf_detach(&b);
}

char *
xsdmsg_other(const xmlError *e)
{
	struct buf	 b = BUF_INIT;

	if (e == NULL || !i18n_french())
		return NULL;
	if (e->domain == XML_FROM_I18N || e->code == XML_I18N_CONV_FAILED) {
		buf_printf(&b, _("these bytes are not in the encoding the "
		    "file declares (%s): save it as UTF-8"),
		    bytes_of(e->message != NULL ? e->message : ""));
		return buf_detach(&b);
	}
	if (e->domain == XML_FROM_SCHEMASV)
		buf_printf(&b, _("this does not follow the file's schema "
		    "(libxml2 error %d)"), e->code);
	else
		buf_printf(&b, _("this is not well-formed XML (libxml2 error "
		    "%d)"), e->code);
	return buf_detach(&b);
}

/* ---- The entry point ----------------------------------------------- */

/* libxml2 reports a bad value twice (the facet, then the type): the
 * second, on the same node and line, says nothing more. */
static const void	*last_node;
static int		 last_line;

char *
xsdmsg(const xmlError *e, const unsigned char *xsd, size_t xsdlen)
{
	xmlNode		*root, *node;
	struct buf	 b = BUF_INIT;
	char		*s, *name;

	if (e == NULL || e->node == NULL || e->domain != XML_FROM_SCHEMASV ||
	    (root = schema_root(xsd, xsdlen)) == NULL)
		return NULL;
	node = e->node;
	if (node->type != XML_ELEMENT_NODE && node->type != XML_ATTRIBUTE_NODE)
		return NULL;
	/* libxml2 names an attribute's error on its element:
	 * "Element 'request', attribute 'amount': ..." */
	if (node->type == XML_ELEMENT_NODE && e->message != NULL &&
	    strncmp(e->message, "Element '", 9) == 0 &&
	    (s = strstr(e->message, "', attribute '")) != NULL &&
	    (name = quoted(s, "',")) != NULL) {
		xmlAttr	*a;

		for (a = node->properties; a != NULL; a = a->next)
			if (strcmp((const char *)a->name, name) == 0)
				break;
		if (e->code == XML_SCHEMAV_CVC_COMPLEX_TYPE_3_2_1 ||
		    e->code == XML_SCHEMAV_CVC_COMPLEX_TYPE_3_2_2) {
			buf_printf(&b, _("<%s> takes no %s= attribute"),
			    (const char *)node->name, name);
			free(name);
			return buf_detach(&b);
		}
		free(name);
		if (a == NULL)
			return NULL;
		node = (xmlNode *)a;
	}
	switch (e->code) {
	case XML_SCHEMAV_ELEMENT_CONTENT:
		if (node->type != XML_ELEMENT_NODE || e->message == NULL)
			return NULL;
		if (strstr(e->message, "This element is not expected") != NULL)
			return misplaced(root, node);
		if (strstr(e->message, "Missing child element") != NULL)
			return missing_child(root, node);
		return NULL;
	case XML_SCHEMAV_CVC_COMPLEX_TYPE_2_3:
		buf_printf(&b, _("text is not allowed directly in <%s>"),
		    (const char *)node->name);
		return buf_detach(&b);
	case XML_SCHEMAV_CVC_TYPE_3_1_2:
		if (node->type != XML_ELEMENT_NODE)
			return NULL;
		buf_printf(&b, _("<%s> holds text only, no element"),
		    (const char *)node->name);
		return buf_detach(&b);
	case XML_SCHEMAV_CVC_COMPLEX_TYPE_2_1:
		buf_printf(&b, _("<%s> must be empty"),
		    (const char *)node->name);
		return buf_detach(&b);
	case XML_SCHEMAV_CVC_COMPLEX_TYPE_4:
		if ((name = quoted(e->message, "attribute")) == NULL)
			return NULL;
		buf_printf(&b, _("<%s> lacks its %s= attribute"),
		    (const char *)node->name, name);
		free(name);
		return buf_detach(&b);
	case XML_SCHEMAV_CVC_COMPLEX_TYPE_3_2_1:
	case XML_SCHEMAV_CVC_COMPLEX_TYPE_3_2_2:
		if (node->type != XML_ATTRIBUTE_NODE || node->parent == NULL)
			return NULL;
		buf_printf(&b, _("<%s> takes no %s= attribute"),
		    (const char *)node->parent->name,
		    (const char *)node->name);
		return buf_detach(&b);
	case XML_SCHEMAV_CVC_DATATYPE_VALID_1_2_1:
	case XML_SCHEMAV_CVC_DATATYPE_VALID_1_2_3:
	case XML_SCHEMAV_CVC_PATTERN_VALID:
	case XML_SCHEMAV_CVC_ENUMERATION_VALID:
	case XML_SCHEMAV_CVC_MINLENGTH_VALID:
	case XML_SCHEMAV_CVC_MAXLENGTH_VALID:
	case XML_SCHEMAV_CVC_MAXINCLUSIVE_VALID:
	case XML_SCHEMAV_CVC_MININCLUSIVE_VALID:
	case XML_SCHEMAV_CVC_ATTRIBUTE_3:
	case XML_SCHEMAV_CVC_ELT_5_2_1:
		/* The French remake of the same error (round.c) is not
		 * a repeat, and leaves the repeat detection alone. */
		if (i18n_french_mode())
			return bad_value(root, node, e->code);
		if (last_node == node && last_line == e->line)
			return xstrdup("");
		if ((s = bad_value(root, node, e->code)) != NULL) {
			last_node = node;
			last_line = e->line;
		}
		return s;
	default:
		return NULL;
	}
}
