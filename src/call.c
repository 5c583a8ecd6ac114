/* call.c: read, validate and query the call for projects (call-<id>.xml). */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlschemas.h>

#include "amount.h"
#include "call.h"
#include "diag.h"
#include "i18n.h"
#include "fold.h"
#include "schemas.h"
#include "sniff.h"
#include "util.h"
#include "xmlcatch.h"
#include "xsdmsg.h"

/* The largest maximum amount accepted, in cents (999 999 999,99 €). */

/*
 * The longest text of one element, or value of one attribute, in bytes,
 * checked before validation: far above the schema's 4000 characters, and
 * low enough that the validator's patterns never run over megabytes.
 */
#define CALL_TEXT_MAX	65536

/* The longest libxml2 message printed, in bytes (they may quote values). */
#define CALL_MSG_MAX	400

/* The parameters a rule takes (bits of struct rule_info.params). */
#define P_YEARS	0x01	/* years= */
#define P_MIN	0x02	/* min= */

static const struct rule_info {
	const char	*name;
	unsigned	 params;
} rule_info[RULE__MAX] = {
	{ "max-age", P_YEARS },		/* RULE_MAX_AGE */
	{ "ess-territory", 0 },		/* RULE_ESS_TERRITORY */
	{ "ess-governance", 0 },	/* RULE_ESS_GOVERNANCE */
	{ "viable-activity", 0 },	/* RULE_VIABLE_ACTIVITY */
	{ "jobs-created", P_MIN },	/* RULE_JOBS_CREATED */
	{ "no-layoffs", 0 },		/* RULE_NO_LAYOFFS */
	{ "unmet-need", 0 },		/* RULE_UNMET_NEED */
};

/* What the reader carries: where to report, and whether it did. */
struct reader {
	const char	*file;
	struct diag	*d;
	int		 nerrors;
	char		*last;		/* the last libxml2 message reported, */
	int		 last_line;	/* and where */
	int		 last_col;
};

/* Report one libxml2 error (parser or schema validator) located in r->file. */
static void
reader_xml_error(struct reader *r, const xmlError *e)
{
	struct buf	 msg = BUF_INIT;
	const char	*p;
	char		*own;
	size_t		 len;

	if (e == NULL)
		return;
	/* In the user's terms when xsdmsg knows the error ("" repeats
	 * one), else libxml2's English outside a French locale. */
	if ((own = xsdmsg(e, schema_call, schema_call_len)) != NULL &&
	    *own == '\0') {
		free(own);
		return;
	}
	if (own == NULL && (own = xsdmsg_parse(e)) == NULL)
		own = xsdmsg_other(e);
	/* One line: libxml2 messages may hold line breaks ("\nBytes: 0x88"). */
	for (p = own != NULL ? own : e->message != NULL ? e->message :
	    "unknown XML error"; *p != '\0'; p++) {
		if (*p == '\n' || *p == '\r' || *p == '\t' || *p == ' ') {
			if (msg.len > 0 && msg.s[msg.len - 1] != ' ')
				buf_putc(&msg, ' ');
		} else
			buf_putc(&msg, *p);
	}
	free(own);
	while (msg.len > 0 && msg.s[msg.len - 1] == ' ')
		buf_truncate(&msg, msg.len - 1);
	if (msg.len > CALL_MSG_MAX) {
		len = CALL_MSG_MAX;
		while (len > 0 && (msg.s[len] & 0xC0) == 0x80)
			len--;		/* not inside a UTF-8 sequence */
		buf_truncate(&msg, len);
		buf_puts(&msg, "…");
	}
	/* The encoders report one failure twice in a row: print it once. */
	if (r->last != NULL && strcmp(r->last, buf_str(&msg)) == 0 &&
	    r->last_line == e->line && r->last_col == e->int2) {
		buf_free(&msg);
		return;
	}
	free(r->last);
	r->last = xstrdup(buf_str(&msg));
	r->last_line = e->line;
	r->last_col = e->int2;
	if (e->level == XML_ERR_WARNING)
		diag_msg(r->d, DIAG_WARNING, 0, r->file, e->line, e->int2,
		    NULL, "%s", buf_str(&msg));
	else {
		diag_msg(r->d, DIAG_ERROR, EX_DATAERR, r->file, e->line,
		    e->int2, NULL, "%s", buf_str(&msg));
		r->nerrors++;
	}
	buf_free(&msg);
}

/* The parser's structured error handler: ctx is the parser context. */
static void
parser_error(void *ctx, xmlErrorPtr e)
{
	xmlParserCtxtPtr p = ctx;

	reader_xml_error(p->_private, e);
}

/* The validator's and encoders' structured error handler: arg is the reader. */
static void
valid_error(void *arg, xmlErrorPtr e)
{
	reader_xml_error(arg, e);
}

/* Errors in the compiled-in schema itself: a bug of the program. */
static void
schema_error(void *arg, xmlErrorPtr e)
{
	struct reader	*r = arg;

	diag_msg(r->d, DIAG_ERROR, EX_SOFTWARE, "call.xsd (compiled in)",
	    e->line, e->int2, NULL, "%s",
	    e->message != NULL ? e->message : "schema error");
	r->nerrors++;
}

/* SAX hook: refuse a document type declaration before its entities are read. */
static void
parser_doctype(void *ctx, const xmlChar *name, const xmlChar *ext,
    const xmlChar *sys)
{
	xmlParserCtxtPtr p = ctx;
	struct reader	*r = p->_private;

	(void)name;
	(void)ext;
	(void)sys;
	diag_msg(r->d, DIAG_ERROR, EX_DATAERR, r->file,
	    p->input != NULL ? p->input->line : 0,
	    p->input != NULL ? p->input->col : 0, NULL,
	    "document type declarations (DOCTYPE) are not allowed");
	r->nerrors++;
	xmlStopParser(p);
}

/* Report a semantic error at node n. */
static void
reader_error(struct reader *r, const xmlNode *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
reader_error(struct reader *r, const xmlNode *n, const char *fmt, ...)
{
	struct buf	 msg = BUF_INIT;
	va_list		 ap;

	va_start(ap, fmt);
	buf_vprintf(&msg, _(fmt), ap);
	va_end(ap);
	diag_msg(r->d, DIAG_ERROR, EX_DATAERR, r->file,
	    n != NULL ? xmlGetLineNo(n) : 0, 0, NULL, "%s", buf_str(&msg));
	buf_free(&msg);
	r->nerrors++;
}

/* A copy of s in NFC with runs of XML white space made one space, and trimmed. */
#define normalize(s)	text_norm((s), TEXT_TRIM | TEXT_ONELINE | TEXT_NFC)

/* The normalized text content of element n (never NULL). */
static char *
text_of(const xmlNode *n)
{
	xmlChar	*c;
	char	*s;

	c = xmlNodeGetContent(n);
	s = normalize((const char *)c);
	xmlFree(c);
	return s;
}

/* The normalized value of attribute name of n, or NULL if absent. */
static char *
attr_of(const xmlNode *n, const char *name)
{
	xmlChar	*c;
	char	*s;

	if ((c = xmlGetProp(n, (const xmlChar *)name)) == NULL)
		return NULL;
	s = normalize((const char *)c);
	xmlFree(c);
	return s;
}

/* 1 if n is the element called name. */
static int
is(const xmlNode *n, const char *name)
{
	return n != NULL && n->type == XML_ELEMENT_NODE &&
	    strcmp((const char *)n->name, name) == 0;
}

/* The first element child of n called name, or NULL. */
static xmlNode *
child(const xmlNode *n, const char *name)
{
	xmlNode	*c;

	for (c = n->children; c != NULL; c = c->next)
		if (is(c, name))
			return c;
	return NULL;
}

/* The normalized text of n's first child called name, or NULL. */
static char *
child_text(const xmlNode *n, const char *name)
{
	xmlNode	*c;

	return (c = child(n, name)) != NULL ? text_of(c) : NULL;
}

/* The number of n's element children called name. */
static size_t
count(const xmlNode *n, const char *name)
{
	xmlNode	*c;
	size_t	 k = 0;

	for (c = n->children; c != NULL; c = c->next)
		if (is(c, name))
			k++;
	return k;
}

/*
 * Parse attribute name of n as a decimal integer in [lo, hi] into *out.
 * Absent: *out = dflt, returns 0.  Bad: reports, returns -1.
 */
static int
int_attr(struct reader *r, const xmlNode *n, const char *name,
    long lo, long hi, long dflt, long *out)
{
	char	*s, *end;
	long	 v;

	*out = dflt;
	if ((s = attr_of(n, name)) == NULL)
		return 0;
	errno = 0;
	v = strtol(s, &end, 10);
	if (*s == '\0' || *end != '\0' || errno != 0 || v < lo || v > hi) {
		reader_error(r, n, "%s=\"%s\": want a whole number from "
		    "%ld to %ld", name, s, lo, hi);
		free(s);
		return -1;
	}
	free(s);
	*out = v;
	return 0;
}

static void
free_words(char **v)
{
	size_t	 i;

	if (v == NULL)
		return;
	for (i = 0; v[i] != NULL; i++)
		free(v[i]);
	free(v);
}

static void
read_person(const xmlNode *n, struct person *p)
{
	p->civility = attr_of(n, "civility");
	p->first_name = attr_of(n, "first-name");
	p->last_name = attr_of(n, "last-name");
	p->title = attr_of(n, "title");
	p->phone = attr_of(n, "phone");
	p->email = attr_of(n, "email");
}

static void
free_person(struct person *p)
{
	free(p->civility);
	free(p->first_name);
	free(p->last_name);
	free(p->title);
	free(p->phone);
	free(p->email);
}

/* rel (freed) as a path from the folder of file, unless absolute. */
static char *
beside(const char *file, char *rel)
{
	struct buf	 b = BUF_INIT;
	const char	*slash;

	char		 cwd[4096];

	if (rel == NULL || rel[0] == '/' || file == NULL)
		return rel;
	/* Absolute: templates resolve relative paths from their folder. */
	if (file[0] != '/' && getcwd(cwd, sizeof(cwd)) != NULL)
		buf_printf(&b, "%s/", cwd);
	if ((slash = strrchr(file, '/')) != NULL)
		buf_add(&b, file, (size_t)(slash - file) + 1);
	buf_puts(&b, rel);
	free(rel);
	return buf_detach(&b);
}

static void
read_issuer(const xmlNode *n, struct call *c)
{
	const xmlNode	*a, *l;
	size_t		 i = 0;

	c->issuer_siren = attr_of(n, "siren");
	c->issuer_name = child_text(n, "name");
	c->issuer_department = child_text(n, "department");
	c->issuer_website = child_text(n, "website");
	c->issuer_phone = child_text(n, "phone");
	if ((a = child(n, "logo")) != NULL) {
		c->issuer_logo = beside(c->file, attr_of(a, "src"));
		c->issuer_logo_vector = beside(c->file, attr_of(a, "vector"));
	}
	if ((a = child(n, "address")) == NULL)
		return;
	c->issuer_address = xcalloc(count(a, "line") + 1, sizeof(char *));
	for (l = a->children; l != NULL; l = l->next)
		if (is(l, "line"))
			c->issuer_address[i++] = text_of(l);
	c->issuer_postcode = child_text(a, "postcode");
	c->issuer_city = child_text(a, "city");
}

/* Look up a rule by name; RULE__MAX if unknown. */
static enum rule_kind
rule_lookup(const char *name)
{
	int	 k;

	for (k = 0; k < RULE__MAX; k++)
		if (name != NULL && strcmp(rule_info[k].name, name) == 0)
			return (enum rule_kind)k;
	return RULE__MAX;
}

/* Read one condition and check that its parameters fit its rule. */
static void
read_condition(struct reader *r, const xmlNode *n, struct condition *cd)
{
	static const struct {
		unsigned	 bit;
		const char	*attr;
	} params[] = {
		{ P_YEARS, "years" },
		{ P_MIN, "min" },
	};
	char	*s;
	long	 v;
	size_t	 i;

	cd->name = attr_of(n, "rule");
	cd->text = text_of(n);
	if ((cd->label = attr_of(n, "label")) == NULL)
		cd->label = xstrdup(cd->text != NULL ? cd->text : "");
	s = attr_of(n, "leaflet");
	cd->on_leaflet = s == NULL || strcmp(s, "no") != 0;
	free(s);
	cd->rule = rule_lookup(cd->name);
	if (cd->rule == RULE__MAX) {
		reader_error(r, n, "unknown rule \"%s\"",
		    cd->name != NULL ? cd->name : "");
		return;
	}
	for (i = 0; i < sizeof(params) / sizeof(params[0]); i++)
		if (!(rule_info[cd->rule].params & params[i].bit) &&
		    xmlHasProp(n, (const xmlChar *)params[i].attr) != NULL)
			reader_error(r, n, "rule %s takes no %s= parameter",
			    cd->name, params[i].attr);
	if (rule_info[cd->rule].params & P_YEARS) {
		if (int_attr(r, n, "years", 1, 1000, 0, &v) == 0 && v == 0)
			reader_error(r, n, "rule %s needs years=", cd->name);
		cd->years = (int)v;
	}
	if (rule_info[cd->rule].params & P_MIN) {
		if (int_attr(r, n, "min", 1, 1000, 0, &v) == 0 && v == 0)
			reader_error(r, n, "rule %s needs min=", cd->name);
		cd->min = (int)v;
	}
}

/* <legal-forms>: each form's id, French label and ESS status. */
static void
read_forms(struct reader *r, const xmlNode *n, struct call *c)
{
	const xmlNode	*k;
	struct legal_form *f;
	char		*ess;
	size_t		 i;

	c->forms = xcalloc(count(n, "form") + 1, sizeof(*c->forms));
	for (k = n->children; k != NULL; k = k->next) {
		if (!is(k, "form"))
			continue;
		f = &c->forms[c->nforms];
		f->id = attr_of(k, "id");
		f->label = text_of(k);
		f->aliases = attr_of(k, "aliases");
		ess = attr_of(k, "ess");
		f->ess = ess != NULL && strcmp(ess, "law") == 0 ?
		    FORM_ESS_LAW : ess != NULL && strcmp(ess, "esus") == 0 ?
		    FORM_ESS_ESUS : FORM_ESS_NO;
		free(ess);
		for (i = 0; f->id != NULL && i < c->nforms; i++)
			if (strcmp(c->forms[i].id, f->id) == 0)
				reader_error(r, k, "legal form \"%s\" declared "
				    "twice", f->id);
		c->nforms++;
	}
}

/* <reasons>: the sentences of failed conditions and missing items. */
static void
read_sentences(struct reader *r, const xmlNode *n, struct call *c)
{
	const xmlNode	*k;
	struct sentence	*t;
	size_t		 i;

	c->sentences = xcalloc(count(n, "failed") + count(n, "missing") + 1,
	    sizeof(*c->sentences));
	for (k = n->children; k != NULL; k = k->next) {
		if (!is(k, "failed") && !is(k, "missing"))
			continue;
		t = &c->sentences[c->nsentences];
		t->missing = is(k, "missing");
		t->rule = attr_of(k, "rule");
		t->when = attr_of(k, "case");
		t->text = text_of(k);
		for (i = 0; t->rule != NULL && i < c->nsentences; i++)
			if (c->sentences[i].missing == t->missing &&
			    strcmp(c->sentences[i].rule, t->rule) == 0 &&
			    (c->sentences[i].when == NULL ? t->when == NULL :
			    t->when != NULL &&
			    strcmp(c->sentences[i].when, t->when) == 0))
				reader_error(r, k, "<%s rule=\"%s\"%s%s%s> "
				    "given twice", t->missing ? "missing" :
				    "failed", t->rule, t->when ? " case=\"" : "",
				    t->when ? t->when : "", t->when ? "\"" : "");
		c->nsentences++;
	}
}

static void
read_aid(struct reader *r, const xmlNode *n, struct aid *a)
{
	const xmlNode	*m, *cs, *k;
	char		*s;
	size_t		 j;

	a->id = attr_of(n, "id");
	a->label = child_text(n, "label");
	a->short_label = attr_of(n, "short-label");
	a->title = child_text(n, "title");
	a->description = child_text(n, "description");
	if ((m = child(n, "max-amount")) != NULL) {
		s = text_of(m);
		if (amount_parse(s, &a->max_cents) == -1 || a->max_cents == 0)
			reader_error(r, m, "max-amount \"%s\": want an amount "
			    "in euros above 0 with at most two decimals", s);
		else
			a->has_max = 1;
		free(s);
		a->max_label = attr_of(m, "label");
	}
	if ((cs = child(n, "conditions")) == NULL)
		return;
	a->conditions_title = attr_of(cs, "title");
	a->conds = xcalloc(count(cs, "condition") + 1, sizeof(*a->conds));
	for (k = cs->children; k != NULL; k = k->next) {
		if (!is(k, "condition"))
			continue;
		read_condition(r, k, &a->conds[a->nconds]);
		for (j = 0; j < a->nconds; j++)
			if (a->conds[a->nconds].rule != RULE__MAX &&
			    a->conds[j].rule == a->conds[a->nconds].rule)
				reader_error(r, k, "aid %s: rule %s appears "
				    "twice", a->id, a->conds[j].name);
		a->nconds++;
	}
}

/* Read the titled texts (support items, examples) of n into *v. */
static void
read_items(const xmlNode *n, const char *elem, const char *title,
    struct call_item **v, size_t *nv)
{
	const xmlNode	*k;

	*v = xcalloc(count(n, elem) + 1, sizeof(**v));
	for (k = n->children; k != NULL; k = k->next) {
		if (!is(k, elem))
			continue;
		(*v)[*nv].title = child_text(k, title);
		(*v)[*nv].text = child_text(k, "text");
		(*nv)++;
	}
}

static void
read_territory(struct reader *r, const xmlNode *n, struct call *c)
{
	const xmlNode	*k, *p;
	struct commune	*cm;
	long		 pop;
	size_t		 i, j;

	c->communes = xcalloc(count(n, "commune") + 1, sizeof(*c->communes));
	for (k = n->children; k != NULL; k = k->next) {
		if (!is(k, "commune"))
			continue;
		cm = &c->communes[c->ncommunes++];
		cm->name = attr_of(k, "name");
		cm->insee = attr_of(k, "insee");
		cm->key = fold_name(cm->name != NULL ? cm->name : "");
		if (int_attr(r, k, "population", 0, LONG_MAX, 0, &pop) == 0)
			cm->population = pop;
		cm->postcodes = xcalloc(count(k, "postcode") + 1,
		    sizeof(char *));
		i = 0;
		for (p = k->children; p != NULL; p = p->next)
			if (is(p, "postcode"))
				cm->postcodes[i++] = text_of(p);
		if (*cm->key == '\0')
			reader_error(r, k, "commune %s: empty name",
			    cm->insee);
		for (j = 0; j + 1 < c->ncommunes; j++) {
			if (strcmp(c->communes[j].insee, cm->insee) == 0)
				reader_error(r, k, "commune %s: INSEE code "
				    "listed twice", cm->insee);
			else if (strcmp(c->communes[j].key, cm->key) == 0)
				reader_error(r, k, "communes %s and %s: names "
				    "\"%s\" and \"%s\" cannot be told apart",
				    c->communes[j].insee, cm->insee,
				    c->communes[j].name, cm->name);
		}
	}
}

static void
read_agreement(struct reader *r, const xmlNode *n, struct call *c)
{
	const xmlNode	*k;
	struct instalment *in;
	long		 v;
	int		 sum = 0;

	c->instalments = xcalloc(count(n, "instalment") + 1,
	    sizeof(*c->instalments));
	for (k = n->children; k != NULL; k = k->next) {
		if (!is(k, "instalment"))
			continue;
		in = &c->instalments[c->ninstalments++];
		in->label = attr_of(k, "label");
		in->when = text_of(k);
		if (int_attr(r, k, "percent", 1, 100, 0, &v) == 0 && v == 0)
			reader_error(r, k, "instalment needs percent=");
		in->percent = (int)v;
		sum += in->percent;
	}
	if (c->ninstalments > 0 && sum != 100)
		reader_error(r, n, "instalment percents add up to %d, not 100",
		    sum);
	if ((k = child(n, "payment")) != NULL &&
	    int_attr(r, k, "days", 1, 1000, 0, &v) == 0)
		c->payment_days = (int)v;
	if ((k = child(n, "report")) != NULL) {
		c->report_name = text_of(k);
		c->report_form = attr_of(k, "form");
		if (int_attr(r, k, "months", 1, 1000, 0, &v) == 0)
			c->report_months = (int)v;
	}
	if ((k = child(n, "court")) != NULL) {
		c->court = text_of(k);
		c->court_address = attr_of(k, "address");
		c->court_website = attr_of(k, "website");
	}
	if ((k = child(n, "appeal")) != NULL &&
	    int_attr(r, k, "months", 1, 1000, 0, &v) == 0)
		c->appeal_months = (int)v;
}

/* Copy the validated tree under root into c; report semantic errors. */
static void
read_call(struct reader *r, const xmlNode *root, struct call *c)
{
	const xmlNode	*n, *k;
	long		 from, to, v;
	size_t		 i;

	c->id = attr_of(root, "id");
	c->title = child_text(root, "title");
	c->short_title = child_text(root, "short-title");
	c->theme = child_text(root, "theme");
	if ((n = child(root, "years")) != NULL &&
	    int_attr(r, n, "from", 1900, 9999, 0, &from) == 0 &&
	    int_attr(r, n, "to", 1900, 9999, 0, &to) == 0) {
		c->year_from = (int)from;
		c->year_to = (int)to;
		if (from > to)
			reader_error(r, n, "years from %ld to %ld: the first "
			    "is after the last", from, to);
	}
	c->intro = child_text(root, "intro");
	c->how_to_apply = child_text(root, "how-to-apply");
	if ((n = child(root, "issuer")) != NULL)
		read_issuer(n, c);
	c->place = child_text(root, "place");
	if ((n = child(root, "contact")) != NULL) {
		read_person(n, &c->contact);
		c->contact_label = attr_of(n, "label");
	}
	if ((n = child(root, "signatory")) != NULL) {
		read_person(n, &c->signatory);
		c->delegation = attr_of(n, "delegation");
	}
	c->president_title = child_text(root, "president-title");
	if ((n = child(root, "notices")) != NULL) {
		c->notice_service = attr_of(n, "service");
		c->notice_body = attr_of(n, "body");
		if (int_attr(r, n, "silence-months", 1, 24, 2, &v) == 0)
			c->silence_months = (int)v;
	}

	if ((n = child(root, "mail")) != NULL) {
		c->mail_from = attr_of(n, "from");
		c->mail_name = attr_of(n, "name");
		c->mail_reply_to = attr_of(n, "reply-to");
		c->mail_bcc = attr_of(n, "bcc");
	}

	if ((n = child(root, "legal-forms")) != NULL)
		read_forms(r, n, c);
	if ((n = child(root, "reasons")) != NULL)
		read_sentences(r, n, c);

	if ((n = child(root, "aids")) != NULL) {
		c->aids = xcalloc(count(n, "aid") + 1, sizeof(*c->aids));
		for (k = n->children; k != NULL; k = k->next) {
			if (!is(k, "aid"))
				continue;
			read_aid(r, k, &c->aids[c->naids]);
			for (i = 0; i < c->naids; i++)
				if (strcmp(c->aids[i].id,
				    c->aids[c->naids].id) == 0)
					reader_error(r, k, "aid id \"%s\" "
					    "used twice", c->aids[i].id);
			c->naids++;
		}
	}
	if ((n = child(root, "support")) != NULL) {
		c->support_title = attr_of(n, "title");
		read_items(n, "item", "title", &c->support, &c->nsupport);
	}
	if ((n = child(root, "examples")) != NULL) {
		c->examples_title = attr_of(n, "title");
		read_items(n, "example", "name", &c->examples, &c->nexamples);
	}
	if ((n = child(root, "territory")) != NULL)
		read_territory(r, n, c);
	if ((n = child(root, "agreement")) != NULL)
		read_agreement(r, n, c);
}

/* Parse path into a tree, or report and return NULL. */
static xmlDoc *
parse_file(struct reader *r, const char *path)
{
	xmlParserCtxtPtr ctxt;
	struct xmlcatch	 c;
	xmlDoc		*doc;
	struct stat	 st;
	struct buf	 text = BUF_INIT, msg = BUF_INIT;
	struct sniff	 sn;
	struct sniff_u8	 u8;
	char		 chunk[65536];
	ssize_t		 n;
	int		 fd, cr = 0;

	if ((fd = open(path, O_RDONLY)) == -1) {
		diag_msg(r->d, DIAG_ERROR, EX_NOINPUT, path, 0, 0, NULL,
		    "cannot open the call file: %s", strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		diag_msg(r->d, DIAG_ERROR, EX_NOINPUT, path, 0, 0, NULL,
		    "cannot read the call file: not a regular file");
		close(fd);
		return NULL;
	}
	if ((ctxt = xmlNewParserCtxt()) == NULL) {
		diag_msg(r->d, DIAG_ERROR, EX_SOFTWARE, path, 0, 0, NULL,
		    "out of memory");
		close(fd);
		return NULL;
	}
	/*
	 * The file in memory: its byte-order mark must agree with its
	 * declaration, and a lone CR counts as a line end (sniff.h).
	 */
	while ((n = read(fd, chunk, sizeof(chunk))) > 0 ||
	    (n == -1 && errno == EINTR))
		if (n > 0)
			buf_add(&text, chunk, (size_t)n);
	if (n == -1) {
		diag_msg(r->d, DIAG_ERROR, EX_NOINPUT, path, 0, 0, NULL,
		    "cannot read the call file: %s", strerror(errno));
		goto fail;
	}
	if (sniff_head(buf_str(&text), text.len, &sn, &msg) == -1) {
		diag_msg(r->d, DIAG_ERROR, EX_DATAERR, path, 1, 0, NULL, "%s",
		    buf_str(&msg));
		goto fail;
	}
	if (sniff_single_byte(&sn)) {
		memset(&u8, 0, sizeof(u8));
		sniff_utf8(&u8, buf_str(&text), text.len);
		sniff_utf8_end(&sn, &u8);
		if (sn.utf8) {
			diag_msg(r->d, DIAG_ERROR, EX_DATAERR, path, 1, 0, NULL,
			    "the file declares encoding=\"%s\" but its bytes "
			    "are UTF-8: accented letters would read as \"Ã©\"; "
			    "declare encoding=\"UTF-8\"", sn.declared);
			goto fail;
		}
	}
	if (sn.ascii)
		text.len = sniff_crlf(text.s != NULL ? text.s : chunk, text.len,
		    &cr);
	ctxt->_private = r;
	ctxt->sax->serror = parser_error;
	ctxt->sax->internalSubset = parser_doctype;
	/*
	 * Encoding conversion errors are raised without the parser context:
	 * catch them too, for this parse only (libxml2's handler is per
	 * thread), or libxml2 prints them on stderr in its own format.
	 */
	xmlcatch_begin(&c, r, valid_error, NULL);
	doc = xmlCtxtReadMemory(ctxt, buf_str(&text), (int)text.len, path,
	    NULL, XML_PARSE_NONET | XML_PARSE_NOCDATA);
	xmlcatch_end(&c);
	close(fd);
	buf_free(&text);
	if (doc != NULL && (!ctxt->wellFormed || r->nerrors > 0)) {
		xmlFreeDoc(doc);
		doc = NULL;
	}
	if (doc == NULL && r->nerrors == 0)
		diag_msg(r->d, DIAG_ERROR, EX_DATAERR, path, 0, 0, NULL,
		    "cannot parse the file as XML");
	xmlFreeParserCtxt(ctxt);
	return doc;
fail:
	buf_free(&text);
	buf_free(&msg);
	xmlFreeParserCtxt(ctxt);
	close(fd);
	return NULL;
}

/* The bytes of text and CDATA among n and the siblings after it. */
static size_t
text_length(const xmlNode *n)
{
	const xmlNode	*c;
	size_t		 len = 0;

	for (c = n; c != NULL; c = c->next)
		if ((c->type == XML_TEXT_NODE ||
		    c->type == XML_CDATA_SECTION_NODE) && c->content != NULL)
			len += strlen((const char *)c->content);
	return len;
}

/*
 * Report each element among n and its siblings (and their descendants)
 * whose text or any of whose attribute values is longer than
 * CALL_TEXT_MAX bytes.  Returns 0, or -1 if any was.  The depth is
 * bounded by the parser's own limit (256 without XML_PARSE_HUGE).
 */
static int
check_lengths(struct reader *r, const xmlNode *n)
{
	const xmlAttr	*a;
	size_t		 len;
	int		 rc = 0;

	for (; n != NULL; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if ((len = text_length(n->children)) > CALL_TEXT_MAX) {
			reader_error(r, n, "element %s: a text of %zu bytes, "
			    "longer than the %d accepted", n->name, len,
			    CALL_TEXT_MAX);
			rc = -1;
		}
		for (a = n->properties; a != NULL; a = a->next)
			if ((len = text_length(a->children)) > CALL_TEXT_MAX) {
				reader_error(r, n, "element %s, attribute "
				    "%s: a value of %zu bytes, longer than "
				    "the %d accepted", n->name, a->name, len,
				    CALL_TEXT_MAX);
				rc = -1;
			}
		if (check_lengths(r, n->children) == -1)
			rc = -1;
	}
	return rc;
}

/* Validate doc against the compiled-in call schema; 0 or -1 (reported). */
static int
validate(struct reader *r, xmlDoc *doc)
{
	xmlSchemaParserCtxtPtr	 pctxt;
	xmlSchemaPtr		 schema = NULL;
	xmlSchemaValidCtxtPtr	 vctxt = NULL;
	int			 rc = -1, before = r->nerrors;

	pctxt = xmlSchemaNewMemParserCtxt((const char *)schema_call,
	    (int)schema_call_len);
	if (pctxt != NULL) {
		xmlSchemaSetParserStructuredErrors(pctxt, schema_error, r);
		schema = xmlSchemaParse(pctxt);
		xmlSchemaFreeParserCtxt(pctxt);
	}
	if (schema == NULL) {
		diag_msg(r->d, DIAG_ERROR, EX_SOFTWARE, r->file, 0, 0, NULL,
		    "cannot compile the call schema");
		r->nerrors++;
		return -1;
	}
	if ((vctxt = xmlSchemaNewValidCtxt(schema)) != NULL) {
		xmlSchemaSetValidStructuredErrors(vctxt, valid_error, r);
		rc = xmlSchemaValidateDoc(vctxt, doc);
		xmlSchemaFreeValidCtxt(vctxt);
	}
	xmlSchemaFree(schema);
	if (rc < 0) {
		diag_msg(r->d, DIAG_ERROR, EX_SOFTWARE, r->file, 0, 0, NULL,
		    "schema validation failed to run");
		r->nerrors++;
		return -1;
	}
	if (rc > 0 && r->nerrors == before) {
		diag_msg(r->d, DIAG_ERROR, EX_DATAERR, r->file, 0, 0, NULL,
		    "the file does not follow the call schema");
		r->nerrors++;
	}
	return rc == 0 ? 0 : -1;
}

struct call *
call_load(const char *path, struct diag *d)
{
	struct reader	 r;
	struct call	*c;
	xmlDoc		*doc;

	r.file = path;
	r.d = d;
	r.nerrors = 0;
	r.last = NULL;
	r.last_line = r.last_col = 0;
	doc = parse_file(&r, path);
	if (doc != NULL && (check_lengths(&r,
	    xmlDocGetRootElement(doc)) == -1 || validate(&r, doc) == -1)) {
		xmlFreeDoc(doc);
		doc = NULL;
	}
	free(r.last);
	if (doc == NULL)
		return NULL;
	c = xcalloc(1, sizeof(*c));
	c->file = xstrdup(path);
	read_call(&r, xmlDocGetRootElement(doc), c);
	xmlFreeDoc(doc);
	if (r.nerrors > 0) {
		call_free(c);
		return NULL;
	}
	return c;
}

static void
free_items(struct call_item *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		free(v[i].title);
		free(v[i].text);
	}
	free(v);
}

void
call_free(struct call *c)
{
	size_t	 i, j;

	if (c == NULL)
		return;
	free(c->file);
	free(c->id);
	free(c->title);
	free(c->short_title);
	free(c->theme);
	free(c->intro);
	free(c->how_to_apply);
	free(c->issuer_name);
	free(c->issuer_siren);
	free_words(c->issuer_address);
	free(c->issuer_postcode);
	free(c->issuer_city);
	free(c->issuer_department);
	free(c->issuer_website);
	free(c->issuer_logo);
	free(c->issuer_logo_vector);
	free(c->issuer_phone);
	free(c->place);
	free(c->mail_from);
	free(c->mail_name);
	free(c->mail_reply_to);
	free(c->mail_bcc);
	free_person(&c->contact);
	free(c->contact_label);
	free_person(&c->signatory);
	free(c->delegation);
	free(c->president_title);
	free(c->notice_service);
	free(c->notice_body);
	for (i = 0; i < c->nforms; i++) {
		free(c->forms[i].id);
		free(c->forms[i].label);
		free(c->forms[i].aliases);
	}
	free(c->forms);
	for (i = 0; i < c->nsentences; i++) {
		free(c->sentences[i].rule);
		free(c->sentences[i].when);
		free(c->sentences[i].text);
	}
	free(c->sentences);
	for (i = 0; i < c->naids; i++) {
		free(c->aids[i].id);
		free(c->aids[i].label);
		free(c->aids[i].short_label);
		free(c->aids[i].title);
		free(c->aids[i].description);
		free(c->aids[i].max_label);
		free(c->aids[i].conditions_title);
		for (j = 0; j < c->aids[i].nconds; j++) {
			free(c->aids[i].conds[j].name);
			free(c->aids[i].conds[j].text);
			free(c->aids[i].conds[j].label);
		}
		free(c->aids[i].conds);
	}
	free(c->aids);
	free(c->support_title);
	free_items(c->support, c->nsupport);
	free(c->examples_title);
	free_items(c->examples, c->nexamples);
	for (i = 0; i < c->ncommunes; i++) {
		free(c->communes[i].name);
		free(c->communes[i].insee);
		free_words(c->communes[i].postcodes);
		free(c->communes[i].key);
	}
	free(c->communes);
	for (i = 0; i < c->ninstalments; i++) {
		free(c->instalments[i].label);
		free(c->instalments[i].when);
	}
	free(c->instalments);
	free(c->report_name);
	free(c->report_form);
	free(c->court);
	free(c->court_address);
	free(c->court_website);
	free(c);
}

const char *
call_rule_name(enum rule_kind k)
{
	return (int)k >= 0 && k < RULE__MAX ? rule_info[k].name : NULL;
}

const struct aid *
call_aid(const struct call *c, const char *id)
{
	size_t	 i;

	if (c == NULL || id == NULL)
		return NULL;
	for (i = 0; i < c->naids; i++)
		if (strcmp(c->aids[i].id, id) == 0)
			return &c->aids[i];
	return NULL;
}

const struct commune *
call_commune_by_name(const struct call *c, const char *city)
{
	const struct commune *cm = NULL;
	char		*key;
	size_t		 i;

	if (c == NULL || city == NULL)
		return NULL;
	key = fold_name(city);
	for (i = 0; *key != '\0' && i < c->ncommunes; i++)
		if (strcmp(c->communes[i].key, key) == 0) {
			cm = &c->communes[i];
			break;
		}
	free(key);
	return cm;
}

const struct commune *
call_commune(const struct call *c, const char *city, const char *postcode)
{
	const struct commune *cm;
	char		*pc;
	size_t		 i;
	int		 found = 0;

	if ((cm = call_commune_by_name(c, city)) == NULL || postcode == NULL)
		return NULL;
	pc = normalize(postcode);
	for (i = 0; cm->postcodes[i] != NULL; i++)
		if (strcmp(cm->postcodes[i], pc) == 0)
			found = 1;
	free(pc);
	return found ? cm : NULL;
}

const struct legal_form *
call_form(const struct call *c, const char *id)
{
	size_t	 i;

	for (i = 0; id != NULL && i < c->nforms; i++)
		if (strcmp(c->forms[i].id, id) == 0)
			return &c->forms[i];
	return NULL;
}

const char *
call_sentence(const struct call *c, const char *rule, int missing,
    const char *when)
{
	size_t	 i;
	const struct sentence *t;

	for (i = 0; i < c->nsentences; i++) {
		t = &c->sentences[i];
		if (t->missing == missing && strcmp(t->rule, rule) == 0 &&
		    (t->when == NULL ? when == NULL :
		    when != NULL && strcmp(t->when, when) == 0))
			return t->text;
	}
	return NULL;
}
