/* round.c: stream a funding round file one <application> at a time, validating each against the schema. */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlschemas.h>

#include "amount.h"
#include "diag.h"
#include "ids.h"
#include "i18n.h"
#include "round.h"
#include "fields.h"
#include "scripts.h"
#include "xsdmsg.h"
#include "schemas.h"
#include "sniff.h"
#include "strpool.h"
#include "util.h"
#include "xmlcatch.h"

/*
 * No entity substitution (no XML_PARSE_NOENT), no DTD loading, no
 * network.  BIG_LINES keeps line numbers past 65535 on text nodes.
 */
#define ROUND_PARSE_OPTIONS \
	(XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_BIG_LINES)

/* Longest libxml2 message (in bytes) echoed in a diagnostic. */
#define ROUND_MSG_MAX	300

/* Limits in characters, the same as the schema's. */
#define ROUND_NAME_MAX	200
#define ROUND_TEXT_MAX	1000
#define ROUND_LONG_MAX	4000

/* The application ids seen so far, with the line of their first use:
 * each "LINE ID\0" (a long, then the id) in a string pool, an open-
 * addressing table of their references (about 40 bytes an id). */
struct idset {
	struct strpool	 pool;
	uint32_t	*v;	/* 0: empty */
	size_t		 cap;	/* a power of two, or 0 */
	size_t		 n;
};

struct round_reader {
	struct diag		*d;
	struct round_info	 info;
	int			 fd;
	xmlTextReaderPtr	 r;
	xmlSchemaParserCtxtPtr	 sparse;
	xmlSchemaPtr		 schema;
	xmlSchemaValidCtxtPtr	 vctxt;
	struct idset		 ids;
	int			 inapp;	/* positioned on an <application> */
	int			 done;
	/* The first parser error of the current pass (in the file). */
	char			*perr;
	long			 perr_line, perr_col;
	int			 perr_located;
	/* Where validation errors go. */
	struct application	*cur;	/* NULL: the <round> element */
	int			 nerr;	/* validation errors in cur */
	/* The file's bytes, as libxml2 reads them (round_io_read). */
	struct sniff		 sniff;
	struct sniff_u8		 u8;
	int			 pass;	/* 1 or 2 */
	int			 cr;	/* the last chunk ended with CR */
	int			 caught; /* the handlers are set: round_xml()
					    need not set them each call */
	/* The issue date of the documents and today, for the dates. */
	struct date		 issue, today;
};

/* ---- Small helpers --------------------------------------------------- */

/* FNV-1a. */
static size_t
idset_hash(const char *s)
{
	uint64_t	 h = 1469598103934665603ULL;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return (size_t)h;
}

/* The id of a slot's entry. */
static const char *
idset_id(const struct idset *set, uint32_t ref)
{
	return strpool_get(&set->pool, ref) + sizeof(long);
}

/* The slot holding id, or the empty slot where it would go. */
static uint32_t *
idset_find(struct idset *set, const char *id)
{
	size_t	 i;

	for (i = idset_hash(id) & (set->cap - 1); set->v[i] != 0;
	    i = (i + 1) & (set->cap - 1))
		if (strcmp(idset_id(set, set->v[i]), id) == 0)
			break;
	return &set->v[i];
}

/* Add id first seen at line; returns the line of an earlier use, or 0. */
static long
idset_add(struct idset *set, const char *id, long line)
{
	uint32_t	*old, *s;
	size_t		 i, ocap, len;
	struct buf	 rec = BUF_INIT;

	if (set->n + 1 > set->cap / 2) {
		old = set->v;
		ocap = set->cap;
		set->cap = ocap ? ocap * 2 : 64;
		set->v = xcalloc(set->cap, sizeof(*set->v));
		for (i = 0; i < ocap; i++)
			if (old[i] != 0)
				*idset_find(set, idset_id(set, old[i])) = old[i];
		free(old);
	}
	s = idset_find(set, id);
	if (*s != 0) {
		memcpy(&line, strpool_get(&set->pool, *s), sizeof(line));
		return line > 0 ? line : 1;
	}
	len = strlen(id) + 1;
	buf_add(&rec, (const char *)&line, sizeof(line));
	buf_add(&rec, id, len);
	*s = strpool_put(&set->pool, rec.s, sizeof(line) + len);
	buf_free(&rec);
	set->n++;
	return 0;
}

static void
idset_free(struct idset *set)
{
	strpool_free(&set->pool);
	free(set->v);
	memset(set, 0, sizeof(*set));
}

/*
 * Append msg to b for a one-line diagnostic: trailing white space
 * dropped, inner newlines and tabs made spaces, other control characters
 * shown as '?', cut after ROUND_MSG_MAX bytes on a character boundary.
 */
static void
round_clean_msg(struct buf *b, const char *msg)
{
	size_t	 n, i, len;
	long	 cp;

	n = strlen(msg);
	while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' ' ||
	    msg[n - 1] == '\r' || msg[n - 1] == '\t'))
		n--;
	for (i = 0; i < n; i += len) {
		if (i >= ROUND_MSG_MAX) {
			buf_puts(b, "...");
			break;
		}
		cp = utf8_decode(msg + i, n - i, &len);
		if (cp == '\n' || cp == '\t' || cp == '\r')
			buf_putc(b, ' ');
		else if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0))
			buf_putc(b, '?');
		else
			buf_add(b, msg + i, len);
	}
}

/*
 * The line of n, or of the element holding it.  libxml2 keeps element
 * lines up to 65534 only; past that, with XML_PARSE_BIG_LINES, the text
 * node following the start tag (or the empty element) knows where it
 * ends, and the newlines it holds lead back to the tag.
 */
static long
round_node_line(xmlNodePtr n)
{
	xmlNodePtr	 t;
	const char	*p;
	long		 line;

	while (n != NULL && n->type != XML_ELEMENT_NODE)
		n = n->parent;
	if (n == NULL)
		return 0;
	if (n->line != 65535)
		return n->line;
	t = n->children != NULL ? n->children : n->next;
	if (t != NULL && t->type == XML_TEXT_NODE && t->psvi != NULL) {
		line = (long)(intptr_t)t->psvi;
		for (p = (const char *)t->content; p != NULL && *p != '\0'; p++)
			if (*p == '\n' && line > 65535)
				line--;
		return line;
	}
	return xmlGetLineNo(n);
}

/* An error of the <round> element or of the file: the whole round fails. */
static void
round_fail(struct round_reader *rr, long line, long col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void
round_fail(struct round_reader *rr, long line, long col, const char *fmt, ...)
{
	struct buf	 b = BUF_INIT;
	va_list		 ap;

	va_start(ap, fmt);
	buf_vprintf(&b, _(fmt), ap);
	va_end(ap);
	diag_msg(rr->d, DIAG_ERROR, EX_DATAERR, rr->info.file, line, col,
	    NULL, "%s", buf_str(&b));
	buf_free(&b);
}

/* The id to name an application in diagnostics: only a safe one. */
static const char *
round_appid(const struct application *app)
{
	return app->id != NULL && record_id_valid(app->id) ? app->id : NULL;
}

/* A message formatted from its translated format (_(fmt): French between
 * i18n_french_begin() and i18n_french_end()). */
static void
tr_printf(struct buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
tr_printf(struct buf *b, const char *fmt, ...)
{
	va_list		 ap;

	va_start(ap, fmt);
	buf_vprintf(b, _(fmt), ap);
	va_end(ap);
}

/* An error of one application: reported (status 1); the first is kept,
 * in the run's language (msg) and in French for the report (fr). */
static void
app_error(struct round_reader *rr, struct application *app, long line,
    struct buf *msg, struct buf *fr)
{
	diag_msg(rr->d, DIAG_ERROR, 1, rr->info.file, line, 0,
	    round_appid(app), "%s", buf_str(msg));
	if (app->error == NULL) {
		app->error = buf_detach(msg);
		/* The report names fields as the staff's sheet does. */
		fields_sheet_terms(fr);
		app->error_fr = buf_detach(fr);
	}
	buf_free(msg);
	buf_free(fr);
}

/*
 * round_app_error(rr, app, line, fmt, ...): the message is formatted twice,
 * the French one first with its arguments evaluated again in French mode
 * (an argument that is itself _("...") comes out French there).  So the
 * arguments must have no side effects.  The French is only made for the
 * error the record keeps (its first).
 */
#define round_app_error(rr, app, line, ...) do {			\
	struct buf	 msg_ = BUF_INIT, fr_ = BUF_INIT;		\
									\
	if ((app)->error == NULL) {					\
		i18n_french_begin();					\
		tr_printf(&fr_, __VA_ARGS__);				\
		i18n_french_end();					\
	}								\
	tr_printf(&msg_, __VA_ARGS__);					\
	app_error((rr), (app), (line), &msg_, &fr_);			\
} while (0)

/* ---- libxml2 error handlers ------------------------------------------- */

/*
 * Parser errors: keep the first error located in the file itself (one
 * inside an entity's text has no file name and meaningless lines), else
 * the first error.  Warnings are ignored.
 */
static void
round_parser_error(void *arg, xmlErrorPtr e)
{
	struct round_reader	*rr = arg;
	struct buf		 b = BUF_INIT;
	char			*msg;

	if (e == NULL || e->level < XML_ERR_ERROR || rr->perr_located ||
	    (rr->perr != NULL && e->file == NULL))
		return;
	/* In the user's terms when xsdmsg knows the error. */
	if ((msg = xsdmsg_parse(e)) != NULL ||
	    (msg = xsdmsg_other(e)) != NULL)
		buf_puts(&b, msg);
	else
		round_clean_msg(&b, e->message != NULL ? e->message : "error");
	free(msg);
	free(rr->perr);
	rr->perr = buf_detach(&b);
	rr->perr_located = e->file != NULL;
	rr->perr_line = rr->perr_located ? e->line : 0;
	rr->perr_col = rr->perr_located ? e->int2 : 0;
}

/* A schema error's message in the user's terms when xsdmsg knows it, else
 * libxml2's; -1 for one that repeats the previous one (say it once). */
static int
schema_text(xmlErrorPtr e, struct buf *b)
{
	char	*msg;

	if ((msg = xsdmsg(e, schema_round, schema_round_len)) != NULL &&
	    *msg == '\0') {
		free(msg);
		return -1;
	}
	if (msg != NULL || (msg = xsdmsg_other(e)) != NULL)
		buf_puts(b, msg);
	else
		round_clean_msg(b, e->message != NULL ? e->message : "invalid");
	free(msg);
	return 0;
}

/* Schema errors: they belong to the application being validated, or to
 * the <round> element when there is none. */
static void
round_schema_error(void *arg, xmlErrorPtr e)
{
	struct round_reader	*rr = arg;
	struct buf		 b = BUF_INIT, fr = BUF_INIT;
	long			 line;

	if (e == NULL)
		return;
	line = e->node != NULL ? round_node_line(e->node) : 0;
	if (line <= 0)
		line = e->line;
	/* In the user's terms when xsdmsg knows the error ("" repeats one). */
	if (schema_text(e, &b) == -1)
		return;
	rr->nerr++;
	if (rr->cur != NULL) {
		/* The report's French: the same message said in French. */
		if (rr->cur->error == NULL) {
			i18n_french_begin();
			schema_text(e, &fr);
			i18n_french_end();
		}
		app_error(rr, rr->cur, line, &b, &fr);
	} else
		round_fail(rr, line, 0, "%s", buf_str(&b));
	buf_free(&b);
}

/*
 * libxml2 raises encoding conversion errors without the parser context,
 * through its per-thread handlers, and the push parser under the text
 * reader reports an encoder failure with a bare xmlGenericError(): both
 * would print on stderr.  They go to the reader while it reads input
 * (xmlcatch.h).
 */

/* The generic handler: a parser error without location. */
static void
round_generic_error(void *arg, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
round_generic_error(void *arg, const char *fmt, ...)
{
	struct round_reader	*rr = arg;
	struct buf		 b = BUF_INIT, m = BUF_INIT;
	va_list			 ap;

	if (rr->perr != NULL)
		return;
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	round_clean_msg(&m, buf_str(&b));
	buf_free(&b);
	rr->perr = buf_detach(&m);
	rr->perr_located = 0;
	rr->perr_line = rr->perr_col = 0;
}

enum round_op {
	ROUND_READ,		/* xmlTextReaderRead */
	ROUND_NEXT,		/* xmlTextReaderNext */
	ROUND_EXPAND		/* xmlTextReaderExpand, the node in *node */
};

/* One reader call that reads input, with the handlers above. */
static int
round_xml(struct round_reader *rr, enum round_op op, xmlNodePtr *node)
{
	struct xmlcatch		 c;
	int			 ret;

	if (!rr->caught)
		xmlcatch_begin(&c, rr, round_parser_error,
		    round_generic_error);
	switch (op) {
	case ROUND_READ:
		ret = xmlTextReaderRead(rr->r);
		break;
	case ROUND_NEXT:
		ret = xmlTextReaderNext(rr->r);
		break;
	default:
		*node = xmlTextReaderExpand(rr->r);
		ret = *node != NULL ? 1 : -1;
		break;
	}
	if (!rr->caught)
		xmlcatch_end(&c);
	return ret;
}

/* ---- Opening ---------------------------------------------------------- */

/* Close the current reader and its file. */
static void
round_reader_end(struct round_reader *rr)
{
	if (rr->r != NULL)
		xmlFreeTextReader(rr->r);
	rr->r = NULL;
	if (rr->fd != -1)
		close(rr->fd);
	rr->fd = -1;
	free(rr->perr);
	rr->perr = NULL;
	rr->perr_located = 0;
	rr->inapp = rr->done = 0;
}

/*
 * libxml2 reads the file through here: a lone CR becomes LF (XML's line
 * ends, so that a file with CR-only line ends has its lines counted),
 * and on the first pass a file declared single-byte is checked for
 * being UTF-8 in fact.
 */
static int
round_io_read(void *ctx, char *p, int len)
{
	struct round_reader	*rr = ctx;
	ssize_t			 n;
	size_t			 m;

	for (;;) {
		if ((n = read(rr->fd, p, (size_t)len)) == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -1 : 0;
		if (rr->pass == 1 && sniff_single_byte(&rr->sniff))
			sniff_utf8(&rr->u8, p, (size_t)n);
		if (!rr->sniff.ascii)
			return (int)n;
		if ((m = sniff_crlf(p, (size_t)n, &rr->cr)) > 0)
			return (int)m;
	}
}

/* Open the file for one pass; reports and returns -1 on failure. */
static int
round_reader_start(struct round_reader *rr)
{
	struct xmlcatch		 c;
	struct stat		 st;
	struct buf		 msg = BUF_INIT;
	char			 head[512];
	ssize_t			 n;
	int			 utf8;

	if ((rr->fd = open(rr->info.file, O_RDONLY)) == -1) {
		diag_msg(rr->d, DIAG_ERROR, EX_NOINPUT, rr->info.file, 0, 0,
		    NULL, "cannot open: %s", strerror(errno));
		return -1;
	}
	if (fstat(rr->fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		diag_msg(rr->d, DIAG_ERROR, EX_NOINPUT, rr->info.file, 0, 0,
		    NULL, "not a regular file");
		return -1;
	}
	if (st.st_size == 0) {
		round_fail(rr, 0, 0, "empty file");
		return -1;
	}
	n = pread(rr->fd, head, sizeof(head), 0);
	utf8 = rr->sniff.utf8;		/* found by the first pass */
	if (sniff_head(head, n > 0 ? (size_t)n : 0, &rr->sniff, &msg) == -1) {
		round_fail(rr, 1, 0, "%s", buf_str(&msg));
		buf_free(&msg);
		return -1;
	}
	rr->sniff.utf8 = utf8;
	memset(&rr->u8, 0, sizeof(rr->u8));
	rr->cr = 0;
	rr->pass++;
	xmlcatch_begin(&c, rr, round_parser_error, round_generic_error);
	rr->r = xmlReaderForIO(round_io_read, NULL, rr, rr->info.file, NULL,
	    ROUND_PARSE_OPTIONS);
	xmlcatch_end(&c);
	if (rr->r == NULL) {
		diag_msg(rr->d, DIAG_ERROR, EX_SOFTWARE, rr->info.file, 0, 0,
		    NULL, "cannot create an XML reader");
		return -1;
	}
	xmlTextReaderSetStructuredErrorHandler(rr->r, round_parser_error, rr);
	return 0;
}

/* Report the parser's error after xmlTextReaderRead() returned -1. */
static void
round_not_wellformed(struct round_reader *rr)
{
	if (rr->perr != NULL)
		round_fail(rr, rr->perr_line, rr->perr_col,
		    "not well-formed XML: %s", rr->perr);
	else
		round_fail(rr, xmlTextReaderGetParserLineNumber(rr->r), 0,
		    "not well-formed XML");
}

/*
 * The first pass: the whole file must be well-formed, declare no
 * entities, and hold one <round> with only <application> children.
 * No tree is kept.  Returns 0, or -1 after reporting.
 */
static int
round_scan(struct round_reader *rr)
{
	xmlNodePtr	 n;
	xmlDtdPtr	 dtd;
	const char	*name, *ns;
	int		 ret, type, depth, seen_root = 0;

	while ((ret = round_xml(rr, ROUND_READ, NULL)) == 1) {
		if (rr->perr != NULL)
			break;
		type = xmlTextReaderNodeType(rr->r);
		depth = xmlTextReaderDepth(rr->r);
		name = (const char *)xmlTextReaderConstName(rr->r);
		n = xmlTextReaderCurrentNode(rr->r);
		switch (type) {
		case XML_READER_TYPE_DOCUMENT_TYPE:
			dtd = (xmlDtdPtr)n;
			if (dtd != NULL && (dtd->entities != NULL ||
			    dtd->pentities != NULL)) {
				round_fail(rr, 0, 0, "<!DOCTYPE> declares "
				    "entities: not allowed");
				return -1;
			}
			break;
		case XML_READER_TYPE_ENTITY_REFERENCE:
			round_fail(rr, n != NULL ? round_node_line(n->parent) :
			    0, 0,
			    "entity references are not allowed (&%.64s;)",
			    name != NULL ? name : "");
			return -1;
		case XML_READER_TYPE_ELEMENT:
			if (depth == 0) {
				seen_root = 1;
				ns = (const char *)
				    xmlTextReaderConstNamespaceUri(rr->r);
				if (strcmp(name, "round") != 0) {
					round_fail(rr, round_node_line(n), 0,
					    "the root element is <%.64s>, "
					    "not <round>", name);
					return -1;
				}
				if (ns != NULL) {
					round_fail(rr, round_node_line(n), 0,
					    "the root element <%.64s> is in "
					    "the namespace \"%.200s\": "
					    "<round> takes no namespace "
					    "(remove the xmlns attribute)",
					    name, ns);
					return -1;
				}
			} else if (depth == 1 && (strcmp(name,
			    "application") != 0 ||
			    xmlTextReaderConstNamespaceUri(rr->r) != NULL)) {
				round_fail(rr, round_node_line(n), 0,
				    "unexpected element <%.64s> in <round>: "
				    "only <application> is allowed", name);
				return -1;
			}
			break;
		case XML_READER_TYPE_TEXT:
		case XML_READER_TYPE_CDATA:
			if (depth == 1) {
				round_fail(rr, round_node_line(n), 0,
				    "unexpected text in <round>");
				return -1;
			}
			break;
		default:
			break;
		}
	}
	if (ret == -1 || rr->perr != NULL) {
		round_not_wellformed(rr);
		return -1;
	}
	if (!seen_root) {
		round_fail(rr, 0, 0, "no <round> element");
		return -1;
	}
	if (sniff_single_byte(&rr->sniff)) {
		sniff_utf8_end(&rr->sniff, &rr->u8);
		if (rr->sniff.utf8)
			diag_msg(rr->d, DIAG_WARNING, 0, rr->info.file, 1, 0,
			    NULL, "the file declares encoding=\"%s\" but its "
			    "bytes are UTF-8: accented letters read as "
			    "\"Ã©\"; declare encoding=\"UTF-8\"",
			    rr->sniff.declared);
	}
	round_reader_end(rr);
	return 0;
}

/* The first pass, with libxml2's error handlers set once for it all
 * rather than around each of the file's nodes. */
static int
round_pass1(struct round_reader *rr)
{
	struct xmlcatch		 c;
	int			 ret;

	if (round_reader_start(rr) == -1)
		return -1;
	xmlcatch_begin(&c, rr, round_parser_error, round_generic_error);
	rr->caught = 1;
	ret = round_scan(rr);
	rr->caught = 0;
	xmlcatch_end(&c);
	return ret;
}

/* Compile the round schema once per reader. */
static int
round_schema_load(struct round_reader *rr)
{
	rr->sparse = xmlSchemaNewMemParserCtxt((const char *)schema_round,
	    (int)schema_round_len);
	if (rr->sparse != NULL)
		rr->schema = xmlSchemaParse(rr->sparse);
	if (rr->schema != NULL)
		rr->vctxt = xmlSchemaNewValidCtxt(rr->schema);
	if (rr->vctxt == NULL) {
		diag_msg(rr->d, DIAG_ERROR, EX_SOFTWARE, NULL, 0, 0, NULL,
		    "the compiled-in round schema does not load");
		return -1;
	}
	xmlSchemaSetValidStructuredErrors(rr->vctxt, round_schema_error, rr);
	return 0;
}

/* A copy of attribute name of n, or NULL. */
static char *
round_attr(xmlNodePtr n, const char *name)
{
	xmlChar	*v;
	char	*s;

	if ((v = xmlGetNoNsProp(n, (const xmlChar *)name)) == NULL)
		return NULL;
	s = xstrdup((const char *)v);
	xmlFree(v);
	return s;
}

/*
 * Check the <round> element n (without its applications) against the
 * schema, then what the schema cannot say.  Returns 0 or -1.
 */
static int
round_check_root(struct round_reader *rr, xmlNodePtr n)
{
	struct round_info	*ri = &rr->info;
	xmlDocPtr		 doc;
	xmlNodePtr		 copy;
	char			*s;
	long			 line = round_node_line(n);
	int			 bad = 0;

	/* A childless copy validates the attributes alone. */
	doc = xmlNewDoc((const xmlChar *)"1.0");
	copy = xmlDocCopyNode(n, doc, 2);
	if (copy == NULL) {
		xmlFreeDoc(doc);
		return -1;
	}
	copy->line = n->line;
	xmlDocSetRootElement(doc, copy);
	rr->cur = NULL;
	rr->nerr = 0;
	if (xmlSchemaValidateDoc(rr->vctxt, doc) != 0 && rr->nerr == 0)
		round_fail(rr, line, 0, "<round> is not valid");
	xmlFreeDoc(doc);
	if (rr->nerr > 0)
		return -1;

	ri->id = round_attr(n, "id");
	ri->call = round_attr(n, "call");
	if (ri->id == NULL || !record_id_valid(ri->id)) {
		round_fail(rr, line, 0, "<round id>: not usable as a "
		    "directory name");
		bad = 1;
	}
	if (ri->call == NULL || !record_id_valid(ri->call)) {
		round_fail(rr, line, 0, "<round call>: not usable in a "
		    "file name");
		bad = 1;
	}
	if ((s = round_attr(n, "date")) != NULL &&
	    date_parse(s, &ri->date) == -1) {
		round_fail(rr, line, 0, "<round date>: %s is not a real date",
		    s);
		bad = 1;
	}
	free(s);
	if ((s = round_attr(n, "budget")) != NULL) {
		if (amount_parse(s, &ri->budget) == -1 || ri->budget <= 0) {
			round_fail(rr, line, 0, "<round budget>: %s is not "
			    "an amount above zero", s);
			bad = 1;
		} else
			ri->has_budget = 1;
	}
	free(s);
	return bad ? -1 : 0;
}

struct round_reader *
round_open(const char *path, struct diag *d)
{
	struct round_reader	*rr;
	int			 ret;

	rr = xcalloc(1, sizeof(*rr));
	rr->d = d;
	rr->fd = -1;
	rr->info.file = xstrdup(path);
	rr->today = date_now();
	if (round_pass1(rr) == -1 || round_schema_load(rr) == -1 ||
	    round_reader_start(rr) == -1)
		goto fail;
	while ((ret = round_xml(rr, ROUND_READ, NULL)) == 1 &&
	    xmlTextReaderNodeType(rr->r) != XML_READER_TYPE_ELEMENT)
		continue;
	if (ret != 1) {
		round_not_wellformed(rr);
		goto fail;
	}
	if (round_check_root(rr, xmlTextReaderCurrentNode(rr->r)) == -1)
		goto fail;
	if (xmlTextReaderIsEmptyElement(rr->r))
		rr->done = 1;
	return rr;
fail:
	round_close(rr);
	return NULL;
}

void
round_set_dates(struct round_reader *rr, const struct date *issue,
    const struct date *today)
{
	if (issue != NULL)
		rr->issue = *issue;
	if (today != NULL)
		rr->today = *today;
}

const struct round_info *
round_info(const struct round_reader *rr)
{
	return &rr->info;
}

void
round_close(struct round_reader *rr)
{
	if (rr == NULL)
		return;
	round_reader_end(rr);
	if (rr->vctxt != NULL)
		xmlSchemaFreeValidCtxt(rr->vctxt);
	if (rr->schema != NULL)
		xmlSchemaFree(rr->schema);
	if (rr->sparse != NULL)
		xmlSchemaFreeParserCtxt(rr->sparse);
	idset_free(&rr->ids);
	free(rr->info.file);
	free(rr->info.id);
	free(rr->info.call);
	free(rr);
}

/* ---- One application -------------------------------------------------- */

/* Field reading context: the reader, the record, whether to check. */
struct fctx {
	struct round_reader	*rr;
	struct application	*app;
	int			 check;	/* report value errors */
};

/*
 * The text s normalised and checked as the field called what at line:
 * composed to NFC; one-line texts have their white space collapsed; all
 * are trimmed.  Returns a copy, or NULL (reported) when it holds a
 * control character, is longer than max characters, shows nothing (only
 * invisible characters), is in a script the documents cannot set, or is
 * doubly encoded ("Ã©").
 */
static char *
round_text(struct fctx *f, const char *s, const char *what, long line,
    int oneline, size_t max)
{
	char		*t;
	const char	*script;
	size_t		 n, i, len, off;
	long		 cp;

	n = strlen(s);
	for (i = 0; i < n; i += len) {
		cp = utf8_decode(s + i, n - i, &len);
		if (cp >= 0 && (cp >= 0x20 || cp == '\t' || cp == '\n' ||
		    cp == '\r') && (cp < 0x7F || cp >= 0xA0))
			continue;
		if (f->check) {
			if (cp < 0)
				round_app_error(f->rr, f->app, line,
				    "%s: invalid UTF-8", what);
			else
				round_app_error(f->rr, f->app, line,
				    "%s: contains the control character "
				    "U+%04lX%s", what, cp, cp >= 0x80 ?
				    _(" (windows-1252 text declared as "
				    "ISO-8859-1?)") : "");
		}
		return NULL;
	}
	t = text_norm(s, TEXT_TRIM | TEXT_NFC | (oneline ? TEXT_ONELINE : 0));
	if (utf8_len(t) > max) {
		if (f->check)
			round_app_error(f->rr, f->app, line,
			    "%s: longer than %zu characters", what, max);
		free(t);
		return NULL;
	}
	if (*t != '\0' && !utf8_visible(t)) {
		if (f->check)
			round_app_error(f->rr, f->app, line, "%s: empty: only "
			    "invisible characters (no-break or zero-width "
			    "spaces, soft hyphens, blanks)", what);
		free(t);
		return NULL;
	}
	if ((script = utf8_foreign_script(t, &cp)) != NULL) {
		if (f->check)
			round_app_error(f->rr, f->app, line, "%s: %s script "
			    "(U+%04lX) cannot be printed: the documents set "
			    "Latin, Greek and Cyrillic letters only; give the "
			    "name in Latin letters", what, script_name(script),
			    cp);
		free(t);
		return NULL;
	}
	if (utf8_mojibake(t, &off, &len, &cp)) {
		if (f->check)
			round_app_error(f->rr, f->app, line, "%s: \"%.*s\" is "
			    "a doubly encoded U+%04lX (UTF-8 read as "
			    "ISO-8859-1 or windows-1252)%s", what, (int)len,
			    t + off, cp, f->rr->sniff.utf8 ? _(": the file is "
			    "UTF-8, declare encoding=\"UTF-8\"") : "");
		free(t);
		return NULL;
	}
	return t;
}

/* The text content of element n as a checked field, or NULL. */
static char *
round_elem_text(struct fctx *f, xmlNodePtr n, const char *what,
    int oneline, size_t max)
{
	xmlChar	*v;
	char	*s;

	if ((v = xmlNodeGetContent(n)) == NULL)
		return NULL;
	s = round_text(f, (const char *)v, what, round_node_line(n),
	    oneline, max);
	xmlFree(v);
	return s;
}

/* Attribute name of n as a checked one-line field, or NULL. */
static char *
round_attr_text(struct fctx *f, xmlNodePtr n, const char *name,
    const char *what, size_t max)
{
	char	*v, *s;

	if ((v = round_attr(n, name)) == NULL)
		return NULL;
	s = round_text(f, v, what, round_node_line(n), 1, max);
	free(v);
	return s;
}

/* A date field; an unreal date is reported and left unset. */
static void
round_date(struct fctx *f, const char *s, const char *what, long line,
    struct date *out)
{
	if (s == NULL)
		return;
	if (date_parse(s, out) == -1 && f->check)
		round_app_error(f->rr, f->app, line, "%s: %s is not a real date",
		    what, s);
}

/* An amount field above zero, in cents; -1 when missing or wrong. */
static long long
round_amount(struct fctx *f, const char *s, const char *what, long line)
{
	long long	 v;

	if (s == NULL)
		return -1;
	if (amount_parse(s, &v) == -1) {
		if (f->check)
			round_app_error(f->rr, f->app, line, "%s: %s is not "
			    "an amount in euros with at most two decimals",
			    what, s);
		return -1;
	}
	if (v <= 0) {
		if (f->check)
			round_app_error(f->rr, f->app, line,
			    "%s: must be more than 0", what);
		return -1;
	}
	return v;
}

static enum tristate
round_yesno(xmlNodePtr n, const char *name)
{
	char		*v;
	enum tristate	 t = TRI_MISSING;

	if ((v = round_attr(n, name)) == NULL)
		return TRI_MISSING;
	if (strcmp(v, "yes") == 0)
		t = TRI_YES;
	else if (strcmp(v, "no") == 0)
		t = TRI_NO;
	free(v);
	return t;
}

static int
round_is(xmlNodePtr n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && n->ns == NULL &&
	    strcmp((const char *)n->name, name) == 0;
}

static void
round_address(struct fctx *f, xmlNodePtr a)
{
	struct application	*app = f->app;
	xmlNodePtr		 n;
	char			*s;
	size_t			 i, j;
	int			 nl = 0;

	for (n = a->children; n != NULL; n = n->next) {
		if (round_is(n, "line") && nl < 3)
			app->address[nl++] = round_elem_text(f, n,
			    "<line>", 1, ROUND_TEXT_MAX);
		else if (round_is(n, "postcode") && app->postcode == NULL) {
			s = round_elem_text(f, n, "<postcode>", 1, 5);
			if (s != NULL && !postcode_valid(s) && f->check)
				round_app_error(f->rr, app, round_node_line(n),
				    "<postcode>: %s is not a French postcode "
				    "(5 digits, department 01-95, 97 or 98)",
				    s);
			app->postcode = s;
		} else if (round_is(n, "city") && app->city == NULL)
			app->city = round_elem_text(f, n, "<city>", 1,
			    ROUND_NAME_MAX);
	}
	/* A line that failed its check leaves a hole: close it up. */
	for (i = j = 0; i < 3; i++)
		if ((s = app->address[i]) != NULL) {
			app->address[i] = NULL;
			app->address[j++] = s;
		}
}

static void
round_contact(struct fctx *f, xmlNodePtr n)
{
	struct application	*app = f->app;

	app->civility = round_attr_text(f, n, "civility",
	    "<contact civility>", 8);
	app->first_name = round_attr_text(f, n, "first-name",
	    "<contact first-name>", ROUND_NAME_MAX);
	app->last_name = round_attr_text(f, n, "last-name",
	    "<contact last-name>", ROUND_NAME_MAX);
	app->role = round_attr_text(f, n, "role", "<contact role>",
	    ROUND_NAME_MAX);
	app->email = round_attr_text(f, n, "email", "<contact email>", 254);
	app->phone = round_attr_text(f, n, "phone", "<contact phone>", 32);
}

static void
round_applicant(struct fctx *f, xmlNodePtr a)
{
	struct application	*app = f->app;
	xmlNodePtr		 n;
	char			*s;
	long			 line;
	int			 seen = 0;

	for (n = a->children; n != NULL; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		line = round_node_line(n);
		if (round_is(n, "name") && app->name == NULL)
			app->name = round_elem_text(f, n, "<name>", 1,
			    ROUND_NAME_MAX);
		else if (round_is(n, "legal-form") && app->form_name == NULL) {
			app->form_name = round_elem_text(f, n, "<legal-form>",
			    1, ROUND_NAME_MAX);
		} else if (round_is(n, "siret") && app->siret == NULL) {
			s = round_elem_text(f, n, "<siret>", 1, 14);
			if (s != NULL && !siret_valid(s) && f->check)
				round_app_error(f->rr, app, line, "<siret>: "
				    "%s is not a valid SIRET (Luhn check)", s);
			app->siret = s;
		} else if (round_is(n, "rna") && app->rna == NULL) {
			s = round_elem_text(f, n, "<rna>", 1, 10);
			if (s != NULL && !rna_valid(s) && f->check)
				round_app_error(f->rr, app, line, "<rna>: "
				    "%s is not an RNA number (W and 9 digits)",
				    s);
			app->rna = s;
		} else if (round_is(n, "founded")) {
			s = round_elem_text(f, n, "<founded>", 1, 10);
			round_date(f, s, "<founded>", line, &app->founded);
			if (date_is_set(&app->founded) &&
			    date_is_set(&app->received) &&
			    date_cmp(&app->founded, &app->received) > 0 &&
			    f->check)
				round_app_error(f->rr, app, line, "<founded>: "
				    "%s is after the application was received",
				    s);
			free(s);
		} else if (round_is(n, "esus-agreement")) {
			s = round_attr(n, "until");
			round_date(f, s, "<esus-agreement until>", line,
			    &app->esus_until);
			free(s);
		} else if (round_is(n, "address") && !(seen & 1)) {
			seen |= 1;	/* the first only, as in round_application */
			round_address(f, n);
		} else if (round_is(n, "contact") && !(seen & 2)) {
			seen |= 2;
			round_contact(f, n);
		}
	}
}

static void
round_request(struct fctx *f, xmlNodePtr r)
{
	struct application	*app = f->app;
	xmlNodePtr		 n;
	char			*s, *end;
	long			 line = round_node_line(r);

	app->aid = round_attr_text(f, r, "aid", "<request aid>", 64);
	s = round_attr(r, "amount");
	app->requested = round_amount(f, s, "<request amount>", line);
	free(s);
	for (n = r->children; n != NULL; n = n->next) {
		if (round_is(n, "title") && app->title == NULL)
			app->title = round_elem_text(f, n, "<title>", 1,
			    ROUND_TEXT_MAX);
		else if (round_is(n, "summary") && app->summary == NULL)
			app->summary = round_elem_text(f, n, "<summary>", 0,
			    ROUND_LONG_MAX);
		else if (round_is(n, "jobs-created")) {
			s = round_elem_text(f, n, "<jobs-created>", 1, 16);
			if (s != NULL) {
				errno = 0;
				app->jobs_created = strtol(s, &end, 10);
				if (errno != 0 || *end != '\0' ||
				    end == s || app->jobs_created < 0)
					app->jobs_created = -1;
			}
			free(s);
		}
	}
}

static void
round_decision(struct fctx *f, xmlNodePtr n)
{
	struct application	*app = f->app;
	xmlNodePtr		 c;
	char			*s;
	long			 line = round_node_line(n);

	if ((s = round_attr(n, "status")) != NULL) {
		if (strcmp(s, "granted") == 0)
			app->decision = DEC_GRANTED;
		else if (strcmp(s, "refused") == 0)
			app->decision = DEC_REFUSED;
		else
			app->decision = DEC_PENDING;
	}
	free(s);
	s = round_attr(n, "amount");
	app->granted = round_amount(f, s, "<decision amount>", line);
	if (s == NULL && app->decision == DEC_GRANTED && f->check)
		round_app_error(f->rr, app, line,
		    "<decision>: a granted decision needs an amount");
	free(s);
	s = round_attr(n, "date");
	round_date(f, s, "<decision date>", line, &app->decision_date);
	free(s);
	app->deliberation = round_attr_text(f, n, "deliberation",
	    "<decision deliberation>", ROUND_TEXT_MAX);
	for (c = n->children; c != NULL; c = c->next)
		if (round_is(c, "reason") && app->decision_reason == NULL)
			app->decision_reason = round_elem_text(f, c,
			    "<decision><reason>", 1, ROUND_TEXT_MAX);
	if (app->decision != DEC_GRANTED && app->granted >= 0 && f->check) {
		diag_msg(f->rr->d, DIAG_WARNING, 0, f->rr->info.file, line, 0,
		    round_appid(app), "<decision amount>: ignored, the "
		    "decision is not \"granted\"");
		app->granted = -1;
	}
}

/* 1 if date is after limit (both set). */
static int
round_after(const struct date *date, const struct date *limit)
{
	return date_is_set(date) && date_is_set(limit) &&
	    date_cmp(date, limit) > 0;
}

/*
 * The dates of one application against each other, the round's, the
 * issue date of the documents and today: nothing is received or decided
 * in the future, or after the documents' date; no decision comes before
 * the application, and a decided application was received by the
 * round's committee.  dline is the line of <decision>.
 */
static void
round_check_dates(struct fctx *f, long dline)
{
	struct round_reader	*rr = f->rr;
	struct application	*app = f->app;
	struct buf		 a = BUF_INIT, b = BUF_INIT;
	int			 decided;

	decided = app->decision == DEC_GRANTED || app->decision == DEC_REFUSED;
	date_format_iso(&a, &app->received);
	if (round_after(&app->received, &rr->today)) {
		date_format_iso(&b, &rr->today);
		round_app_error(rr, app, app->line, "<application received>: "
		    "%s is in the future (today is %s)", a.s, b.s);
	} else if (round_after(&app->received, &rr->issue)) {
		date_format_iso(&b, &rr->issue);
		round_app_error(rr, app, app->line, "<application received>: "
		    "%s is after the date of the documents (%s, --date)",
		    a.s, b.s);
	} else if (decided && round_after(&app->received, &rr->info.date)) {
		date_format_iso(&b, &rr->info.date);
		round_app_error(rr, app, app->line, "<application received>: "
		    "%s is after the round's committee (<round date> %s), "
		    "which cannot have decided it", a.s, b.s);
	}
	if (!date_is_set(&app->decision_date)) {
		buf_free(&a);
		buf_free(&b);
		return;
	}
	buf_truncate(&b, 0);
	date_format_iso(&b, &app->decision_date);
	if (round_after(&app->received, &app->decision_date))
		round_app_error(rr, app, dline, "<decision date>: %s is before "
		    "the application was received (%s)", b.s, a.s);
	buf_truncate(&a, 0);
	if (round_after(&app->decision_date, &rr->today)) {
		date_format_iso(&a, &rr->today);
		round_app_error(rr, app, dline, "<decision date>: %s is in the "
		    "future (today is %s)", b.s, a.s);
	} else if (decided &&
	    round_after(&app->decision_date, &rr->issue)) {
		date_format_iso(&a, &rr->issue);
		round_app_error(rr, app, dline, "<decision date>: %s is after "
		    "the date of the documents (%s, --date), which quote the "
		    "decision", b.s, a.s);
	}
	buf_free(&a);
	buf_free(&b);
}

/*
 * Read the expanded <application> node into app: validate it against the
 * schema, then copy and check its fields.  Every problem is reported;
 * the first one is kept in app->error.
 */
static void
round_application(struct round_reader *rr, xmlNodePtr node,
    struct application *app)
{
	struct fctx	 f;
	xmlNodePtr	 n;
	char		*s;
	long		 first, dline = 0;
	int		 ret, seen = 0;

	app->file = rr->info.file;
	app->line = round_node_line(node);
	app->jobs_created = -1;
	app->granted = -1;
	app->requested = -1;
	app->ess_governance = app->viable_activity = TRI_MISSING;
	app->layoffs_12_months = app->unmet_need = TRI_MISSING;

	/* The id first, so that every message can name the application. */
	f.rr = rr;
	f.app = app;
	f.check = 1;
	if ((s = round_attr(node, "id")) != NULL &&
	    utf8_valid(s, strlen(s)))
		app->id = s;
	else
		free(s);

	rr->cur = app;
	rr->nerr = 0;
	ret = xmlSchemaValidateOneElement(rr->vctxt, node);
	rr->cur = NULL;
	if (ret != 0 && rr->nerr == 0)
		round_app_error(rr, app, app->line, "<application> is not "
		    "valid (internal schema error %d)", ret);
	f.check = app->error == NULL;

	if (app->id != NULL && record_id_valid(app->id) &&
	    (first = idset_add(&rr->ids, app->id, app->line)) > 0)
		round_app_error(rr, app, app->line, "duplicate application "
		    "id %s (first at line %ld)", app->id, first);

	s = round_attr(node, "received");
	round_date(&f, s, "<application received>", app->line,
	    &app->received);
	free(s);

	/*
	 * Only the first of each element is read: a repeated one (a schema
	 * error, already reported) must not overwrite, and leak, fields.
	 */
	for (n = node->children; n != NULL; n = n->next) {
		if (round_is(n, "applicant") && !(seen & 1)) {
			seen |= 1;
			round_applicant(&f, n);
		} else if (round_is(n, "request") && !(seen & 2)) {
			seen |= 2;
			round_request(&f, n);
		} else if (round_is(n, "declarations")) {
			app->ess_governance = round_yesno(n,
			    "ess-governance");
			app->viable_activity = round_yesno(n,
			    "viable-activity");
			app->layoffs_12_months = round_yesno(n,
			    "economic-layoffs-12-months");
			app->unmet_need = round_yesno(n, "unmet-need");
		} else if (round_is(n, "decision") && !(seen & 4)) {
			seen |= 4;
			round_decision(&f, n);
			dline = round_node_line(n);
		}
	}
	if (f.check)
		round_check_dates(&f, dline);
	if (app->requested < 0)
		app->requested = 0;
}

/*
 * Leave the application the reader is in (its subtree unread) and stop
 * on the next one's start tag: 1 there, 0 at the end of the round (then
 * done), -1 when the file is not well-formed.
 */
static int
round_seek(struct round_reader *rr)
{
	int	 ret;

	ret = round_xml(rr, rr->inapp ? ROUND_NEXT : ROUND_READ, NULL);
	rr->inapp = 0;
	for (; ret == 1; ret = round_xml(rr, ROUND_READ, NULL)) {
		if (xmlTextReaderDepth(rr->r) == 0 &&
		    xmlTextReaderNodeType(rr->r) ==
		    XML_READER_TYPE_END_ELEMENT) {
			ret = 0;
			break;
		}
		if (xmlTextReaderDepth(rr->r) == 1 &&
		    xmlTextReaderNodeType(rr->r) == XML_READER_TYPE_ELEMENT)
			return 1;
	}
	if (ret == 0)
		rr->done = 1;
	return ret;
}

int
round_next(struct round_reader *rr, struct application **out)
{
	xmlNodePtr	 node;
	int		 ret;

	*out = NULL;
	if (rr->done || rr->r == NULL)
		return 0;
	/* Leave the previous application: its subtree is freed. */
	if ((ret = round_seek(rr)) == 0)
		return 0;
	if (ret == -1 || round_xml(rr, ROUND_EXPAND, &node) == -1) {
		round_not_wellformed(rr);
		rr->done = 1;
		return -1;
	}
	rr->inapp = 1;
	*out = xcalloc(1, sizeof(**out));
	round_application(rr, node, *out);
	return 1;
}

void
application_free(struct application *app)
{
	size_t	 i;

	if (app == NULL)
		return;
	free(app->id);
	free(app->name);
	free(app->form_name);
	free(app->siret);
	free(app->rna);
	for (i = 0; i < 3; i++)
		free(app->address[i]);
	free(app->postcode);
	free(app->city);
	free(app->civility);
	free(app->first_name);
	free(app->last_name);
	free(app->role);
	free(app->email);
	free(app->phone);
	free(app->aid);
	free(app->title);
	free(app->summary);
	free(app->deliberation);
	free(app->decision_reason);
	free(app->error);
	free(app->error_fr);
	free(app);
}
