/* kinds.c: read templates/kinds.xml, the table of document kinds, and decide who gets which kind. */
#include <assert.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "diag.h"
#include "kinds.h"
#include "round.h"
#include "rules.h"
#include "util.h"

static const char *const verdict_words[] = {
	"eligible", "ineligible", "incomplete", NULL	/* enum verdict */
};

/* enum decision_status: DEC_NONE is "none". */
static const char *const decision_words[] = {
	"none", "pending", "granted", "refused", NULL
};

static const char *const date_words[] = {
	"", "run", "received", "decision", NULL	/* enum kind_date */
};

static int
is_kind(xmlNodePtr n, const char *name)
{
	return n->type == XML_ELEMENT_NODE &&
	    strcmp((const char *)n->name, name) == 0;
}

static char *
attr(xmlNodePtr n, const char *name)
{
	xmlChar	*v;
	char	*s;

	if ((v = xmlGetProp(n, (const xmlChar *)name)) == NULL)
		return NULL;
	s = xstrdup((const char *)v);
	xmlFree(v);
	return s;
}

/* A name safe as a folder, a file name and a command: [a-z0-9_-]+. */
static int
safe_name(const char *s)
{
	if (s == NULL || *s == '\0' || *s == '-')
		return 0;
	for (; *s != '\0'; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		    *s == '_' || *s == '-'))
			return 0;
	return 1;
}

/* Split a space-separated list into a NULL-terminated vector. */
static char **
words(const char *s)
{
	char	**v = NULL;
	size_t	 n = 0, len;

	while (s != NULL && *s != '\0') {
		s += strspn(s, " \t\r\n");
		if ((len = strcspn(s, " \t\r\n")) == 0)
			break;
		v = xrealloc(v, (n + 2) * sizeof(*v));
		v[n++] = xstrndup(s, len);
		v[n] = NULL;
		s += len;
	}
	if (v == NULL)
		v = xcalloc(1, sizeof(*v));
	return v;
}

static void
free_words(char **v)
{
	char	**p;

	for (p = v; p != NULL && *p != NULL; p++)
		free(*p);
	free(v);
}

static int
word_index(const char *const *list, const char *w)
{
	int	 i;

	for (i = 0; list[i] != NULL; i++)
		if (strcmp(list[i], w) == 0)
			return i;
	return -1;
}

/*
 * A set of words of list as bits; -1 after reporting a word that is not
 * one of them.
 */
static long
bits(struct kinds *ks, xmlNodePtr n, const char *name,
    const char *const *list, struct diag *d)
{
	char	*s, **w;
	long	 set = 0;
	int	 i, k;

	if ((s = attr(n, name)) == NULL)
		return 0;
	w = words(s);
	for (i = 0; w[i] != NULL; i++) {
		if ((k = word_index(list, w[i])) < 0) {
			diag_msg(d, DIAG_ERROR, EX_DATAERR, ks->file,
			    xmlGetLineNo(n), 0, NULL, "<kind %s=\"%s\">: "
			    "'%s' is not a known value", name, s, w[i]);
			set = -1;
			break;
		}
		set |= 1L << k;
	}
	free_words(w);
	free(s);
	return set;
}

static int
kind_date(struct kinds *ks, xmlNodePtr n, const char *name,
    enum kind_date def, enum kind_date *out, struct diag *d)
{
	char	*s;
	int	 k;

	*out = def;
	if ((s = attr(n, name)) == NULL)
		return 0;
	if ((k = word_index(date_words, s)) <= 0) {
		diag_msg(d, DIAG_ERROR, EX_DATAERR, ks->file, xmlGetLineNo(n),
		    0, NULL, "<kind %s=\"%s\">: want run, received or "
		    "decision", name, s);
		free(s);
		return -1;
	}
	*out = (enum kind_date)k;
	free(s);
	return 0;
}

static int
read_kind(struct kinds *ks, xmlNodePtr n, struct diag *d)
{
	static const char *const known[] = { "name", "template", "folder",
	    "column", "label", "help", "verdict", "decision", "agreed", "date",
	    "not-before", NULL };
	struct kind	*k;
	xmlAttrPtr	 a;
	char		*s;
	long		 v, dec;
	size_t		 i;

	for (a = n->properties; a != NULL; a = a->next)
		if (word_index(known, (const char *)a->name) < 0) {
			diag_msg(d, DIAG_ERROR, EX_DATAERR, ks->file,
			    xmlGetLineNo(n), 0, NULL, "<kind>: unknown "
			    "attribute '%s'", (const char *)a->name);
			return -1;
		}
	ks->v = xrealloc(ks->v, (ks->n + 1) * sizeof(*ks->v));
	k = &ks->v[ks->n++];
	memset(k, 0, sizeof(*k));
	k->line = xmlGetLineNo(n);
	k->name = attr(n, "name");
	k->template = attr(n, "template");
	k->folder = attr(n, "folder");
	k->column = attr(n, "column");
	k->help = attr(n, "help");
	k->label = attr(n, "label");
	if (!safe_name(k->name) || !safe_name(k->template) ||
	    !safe_name(k->folder) || !safe_name(k->column)) {
		diag_msg(d, DIAG_ERROR, EX_DATAERR, ks->file, k->line, 0, NULL,
		    "<kind>: name, template, folder and column are required, "
		    "each of lower-case letters, digits, '-' and '_'");
		return -1;
	}
	for (i = 0; i + 1 < ks->n; i++) {
		const struct kind *o = &ks->v[i];
		const char *what = strcmp(o->name, k->name) == 0 ? "name" :
		    strcmp(o->folder, k->folder) == 0 ? "folder" :
		    strcmp(o->column, k->column) == 0 ? "column" : NULL;

		if (what != NULL) {
			diag_msg(d, DIAG_ERROR, EX_DATAERR, ks->file, k->line,
			    0, NULL, "<kind name=\"%s\">: same %s as the kind "
			    "'%s' of line %ld", k->name, what, o->name,
			    o->line);
			return -1;
		}
	}
	if ((v = bits(ks, n, "verdict", verdict_words, d)) < 0 ||
	    (dec = bits(ks, n, "decision", decision_words, d)) < 0)
		return -1;
	k->verdicts = (unsigned)v;
	k->decisions = (unsigned)dec;
	if ((s = attr(n, "agreed")) != NULL) {
		if (strcmp(s, "yes") != 0 && strcmp(s, "no") != 0) {
			diag_msg(d, DIAG_ERROR, EX_DATAERR, ks->file, k->line,
			    0, NULL, "<kind agreed=\"%s\">: want yes or no", s);
			free(s);
			return -1;
		}
		k->agreed = strcmp(s, "yes") == 0;
		free(s);
	}
	if (kind_date(ks, n, "date", KDATE_RUN, &k->date, d) == -1 ||
	    kind_date(ks, n, "not-before", KDATE_NONE, &k->not_before, d) == -1)
		return -1;
	return 0;
}

/*
 * <report columns="…" grants="KIND"/>; without columns, the report's own
 * in their order; grants is checked once every kind is read.
 */
static int
read_report(struct kinds *ks, xmlNodePtr n, char **grants, struct diag *d)
{
	static const char *const known[] = { "columns", "grants", NULL };
	xmlAttrPtr	 a;
	char		*s;
	size_t		 i, j;

	for (a = n->properties; a != NULL; a = a->next)
		if (word_index(known, (const char *)a->name) < 0) {
			diag_msg(d, DIAG_ERROR, EX_DATAERR, ks->file,
			    xmlGetLineNo(n), 0, NULL, "<report>: unknown "
			    "attribute '%s'", (const char *)a->name);
			return -1;
		}

	if (ks->columns != NULL) {
		diag_msg(d, DIAG_ERROR, EX_DATAERR, ks->file, xmlGetLineNo(n),
		    0, NULL, "<report>: given twice");
		return -1;
	}
	*grants = attr(n, "grants");
	s = attr(n, "columns");
	ks->columns = words(s);
	free(s);
	for (i = 0; ks->columns[i] != NULL; i++)
		for (j = 0; j < i; j++)
			if (strcmp(ks->columns[i], ks->columns[j]) == 0) {
				diag_msg(d, DIAG_ERROR, EX_DATAERR, ks->file,
				    xmlGetLineNo(n), 0, NULL, "<report "
				    "columns>: '%s' twice", ks->columns[i]);
				return -1;
			}
	return 0;
}

struct kinds *
kinds_load(const char *path, struct diag *d)
{
	struct kinds	*ks;
	xmlDocPtr	 doc;
	xmlNodePtr	 root, n;
	const xmlError	*e;
	FILE		*f;
	char		*grants = NULL;
	long		 gline = 0;
	int		 rc = 0;

	/* A clear "missing" before libxml2's own message. */
	if ((f = fopen(path, "rb")) == NULL) {
		diag_msg(d, DIAG_ERROR, EX_NOINPUT, path, 0, 0, NULL,
		    "cannot open the table of document kinds: %s",
		    strerror(errno));
		return NULL;
	}
	fclose(f);
	doc = xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR |
	    XML_PARSE_NOWARNING);
	if (doc == NULL) {
		e = xmlGetLastError();
		diag_msg(d, DIAG_ERROR, EX_DATAERR, path, e != NULL ? e->line :
		    0, 0, NULL, "not well-formed XML: %s", e != NULL &&
		    e->message != NULL ? e->message : "unreadable");
		return NULL;
	}
	ks = xcalloc(1, sizeof(*ks));
	ks->file = xstrdup(path);
	root = xmlDocGetRootElement(doc);
	if (root == NULL || !is_kind(root, "kinds")) {
		diag_msg(d, DIAG_ERROR, EX_DATAERR, path, 0, 0, NULL,
		    "the root element must be <kinds>");
		rc = -1;
	}
	for (n = root != NULL ? root->children : NULL; rc == 0 && n != NULL;
	    n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (is_kind(n, "kind"))
			rc = read_kind(ks, n, d);
		else if (is_kind(n, "report")) {
			gline = xmlGetLineNo(n);
			rc = read_report(ks, n, &grants, d);
		}
		else {
			diag_msg(d, DIAG_ERROR, EX_DATAERR, path,
			    xmlGetLineNo(n), 0, NULL, "unknown element <%s> "
			    "(want <kind> or <report>)", (const char *)n->name);
			rc = -1;
		}
	}
	if (rc == 0 && ks->n == 0) {
		diag_msg(d, DIAG_ERROR, EX_DATAERR, path, 0, 0, NULL,
		    "no <kind> in the table");
		rc = -1;
	}
	if (rc == 0 && grants != NULL &&
	    (ks->grants = kinds_find(ks, grants)) == NULL) {
		diag_msg(d, DIAG_ERROR, EX_DATAERR, path, gline, 0, NULL,
		    "<report grants=\"%s\">: no kind of that name", grants);
		rc = -1;
	}
	free(grants);
	xmlFreeDoc(doc);
	if (rc == -1) {
		kinds_free(ks);
		return NULL;
	}
	if (ks->columns == NULL)
		ks->columns = xcalloc(1, sizeof(*ks->columns));
	return ks;
}

void
kinds_free(struct kinds *ks)
{
	size_t	 i;

	if (ks == NULL)
		return;
	for (i = 0; i < ks->n; i++) {
		free(ks->v[i].name);
		free(ks->v[i].template);
		free(ks->v[i].folder);
		free(ks->v[i].column);
		free(ks->v[i].help);
		free(ks->v[i].label);
	}
	free(ks->v);
	free_words(ks->columns);
	free(ks->file);
	free(ks);
}

const struct kind *
kinds_find(const struct kinds *ks, const char *name)
{
	size_t	 i;

	for (i = 0; i < ks->n; i++)
		if (strcmp(ks->v[i].name, name) == 0)
			return &ks->v[i];
	return NULL;
}

int
kind_wants(const struct kind *k, int verdict, int decision, int agreed)
{
	/* The bits of verdict_words and decision_words. */
	assert(verdict >= 0 && verdict < (int)(sizeof(verdict_words) /
	    sizeof(verdict_words[0])) - 1);
	assert(decision >= 0 && decision < (int)(sizeof(decision_words) /
	    sizeof(decision_words[0])) - 1);
	if (k->verdicts != 0 && !(k->verdicts & (1u << verdict)))
		return 0;
	if (k->decisions != 0 && !(k->decisions & (1u << decision)))
		return 0;
	if (k->agreed && !agreed)
		return 0;
	return 1;
}
