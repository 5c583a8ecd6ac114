/* doc.c: evaluate a template's placeholders, conditions and loops over a data tree. */
#include <assert.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "data.h"
#include "diag.h"
#include "doc.h"
#include "tmpl.h"
#include "util.h"

/* A name bound by <for>, innermost first. */
struct scope {
	const char		*name;
	const struct data	*val;
	const char		*index;		/* the index's name, or NULL */
	const struct data	*ival;
	const struct scope	*up;
};

struct eval {
	const struct tmpl	*t;
	struct doc		*doc;		/* the one being built */
	const struct data	*root;
	const struct scope	*sc;
	struct diag		*d;
	const char		*appid;
	int			 running;	/* {page} and {pages} allowed */
	int			 err;
	size_t			 iters;		/* <for> iterations so far */
};

/*
 * The most <for> iterations one document may take: nested loops over
 * the same list grow a document exponentially, and a template must not
 * exhaust memory whatever its data.
 */
#define DOC_MAX_ITERS	100000

static const struct data *
lookup(const struct eval *ev, const char *path)
{
	const struct scope	*s;
	size_t			 n;

	n = strcspn(path, ".");
	for (s = ev->sc; s != NULL; s = s->up) {
		if (strlen(s->name) == n && strncmp(s->name, path, n) == 0)
			return path[n] == '\0' ? s->val :
			    data_get(s->val, path + n + 1);
		if (s->index != NULL && strcmp(s->index, path) == 0)
			return s->ival;
	}
	return data_get(ev->root, path);
}

static void
eerr(struct eval *ev, long line, int status, const char *fmt, const char *a)
{
	diag_msg(ev->d, DIAG_ERROR, status, ev->t->file, line, 0, ev->appid,
	    fmt, a);
	ev->err = 1;
}

/* Append the value of a segment to b; -1 (reported) when missing. */
static int
seg_value(struct eval *ev, long line, const struct tseg *sg, struct buf *b)
{
	const struct data	*v;

	if (!sg->field) {
		buf_puts(b, sg->s);
		return 0;
	}
	v = lookup(ev, sg->s);
	if (v == NULL) {
		if (sg->optional)
			return 0;
		eerr(ev, line, 1, "no field \"%s\" in the data", sg->s);
		return -1;
	}
	if (data_str(v) == NULL) {
		eerr(ev, line, 1, "field \"%s\" is a list, not text", sg->s);
		return -1;
	}
	buf_puts(b, data_str(v));
	return 0;
}

/* The whole string; errors are reported and leave parts empty. */
static char *
tstr_eval(struct eval *ev, long line, const struct tstr *ts)
{
	struct buf	 b = BUF_INIT;
	size_t		 i;

	for (i = 0; i < ts->nseg; i++)
		seg_value(ev, line, &ts->seg[i], &b);
	return buf_detach(&b);
}

static int
test_eval(const struct eval *ev, const struct tnode *br)
{
	const struct data	*v;
	const char		*s;

	if (br->path == NULL)
		return 1;		/* else */
	v = lookup(ev, br->path);
	switch (br->op) {
	case TEST_TRUE:
		return data_true(v);
	case TEST_FALSE:
		return !data_true(v);
	case TEST_EQ:
	case TEST_NE:
		s = data_str(v);
		return (s != NULL && strcmp(s, br->value) == 0) ==
		    (br->op == TEST_EQ);
	}
	return 0;
}

static struct run *
run_add(struct block *p, enum run_kind k, enum face f, int flags)
{
	struct run	*r;

	if (p->nruns == p->maxruns) {
		p->maxruns = p->maxruns ? p->maxruns * 2 : 8;
		p->runs = xrealloc(p->runs, p->maxruns * sizeof(*p->runs));
	}
	r = &p->runs[p->nruns++];
	r->kind = k;
	r->text = NULL;
	r->face = f;
	r->flags = flags;
	return r;
}

/* Append text to the paragraph, joining the last run when it matches. */
static void
text_add(struct block *p, const char *s, enum face f, int flags)
{
	struct run	*r;
	size_t		 n, m;

	if (*s == '\0')
		return;
	r = p->nruns > 0 ? &p->runs[p->nruns - 1] : NULL;
	if (r != NULL && r->kind == RUN_TEXT && r->face == f &&
	    r->flags == flags) {
		n = strlen(r->text);
		m = strlen(s);
		r->text = xrealloc(r->text, n + m + 1);
		memcpy(r->text + n, s, m + 1);
		return;
	}
	r = run_add(p, RUN_TEXT, f, flags);
	r->text = xstrdup(s);
}

/* The document's copy of the template's style st. */
static const struct style *
own_style(const struct eval *ev, const struct style *st)
{
	size_t	 i = (size_t)(st - ev->t->styles);

	assert(st >= ev->t->styles && i < ev->doc->nstyles);
	return &ev->doc->styles[i];
}

/* A new block of p made from n (may be NULL), in n's style or st. */
static struct block *
block_add(const struct eval *ev, struct block *p, enum block_kind k,
    const struct tnode *n, const struct style *st)
{
	struct block	*b;

	if (p->nkids == p->maxkids) {
		p->maxkids = p->maxkids ? p->maxkids * 2 : 1;
		p->kids = xrealloc(p->kids, p->maxkids * sizeof(*p->kids));
	}
	b = &p->kids[p->nkids++];
	memset(b, 0, sizeof(*b));
	b->kind = k;
	b->line = n != NULL ? n->line : 0;
	b->style = n != NULL && n->style != NULL ? own_style(ev, n->style) :
	    st;
	if (n != NULL) {
		b->a = n->a;
		if (n->a.ncols > 0) {
			b->a.cols = xcalloc(n->a.ncols, sizeof(*b->a.cols));
			memcpy(b->a.cols, n->a.cols,
			    n->a.ncols * sizeof(*b->a.cols));
		}
	}
	return b;
}

static void	eval_inline(struct eval *, const struct tnode *, struct block *,
		    enum face, int);

static void
eval_inline_kids(struct eval *ev, const struct tnode *n, struct block *p,
    enum face f, int flags)
{
	size_t	 i;

	for (i = 0; i < n->nkids; i++)
		eval_inline(ev, &n->kids[i], p, f, flags);
}

static void
eval_for(struct eval *ev, const struct tnode *n,
    void (*each)(struct eval *, const struct tnode *, void *, size_t, size_t),
    void *arg)
{
	const struct data	*list;
	const struct scope	*saved = ev->sc;
	struct scope		 sc;
	struct data		*iv;
	size_t			 i, cnt;

	list = lookup(ev, n->path);
	if (list == NULL)
		return;			/* no list: no iterations */
	if (data_kind(list) != DATA_LIST) {
		eerr(ev, n->line, 1, "\"%s\" is not a list", n->path);
		return;
	}
	cnt = data_count(list);
	for (i = 0; i < cnt; i++) {
		if (++ev->iters > DOC_MAX_ITERS) {
			if (ev->iters == DOC_MAX_ITERS + 1)
				eerr(ev, n->line, 1, "more than 100000 "
				    "repetitions in one document (loops over "
				    "%s nested?)", n->path);
			return;
		}
		iv = data_map_new();
		data_setf(iv, "i", "%zu", i + 1);
		sc.name = n->as;
		sc.val = data_at(list, i);
		sc.index = n->index;
		sc.ival = data_get(iv, "i");
		sc.up = saved;
		ev->sc = &sc;
		each(ev, n, arg, i, cnt);
		ev->sc = saved;
		data_free(iv);
	}
}

struct inline_arg {
	struct block	*p;
	enum face	 f;
	int		 flags;
};

static void
each_inline(struct eval *ev, const struct tnode *n, void *arg, size_t i,
    size_t cnt)
{
	struct inline_arg *a = arg;

	if (i > 0 && i + 1 == cnt && n->lastsep != NULL)
		text_add(a->p, n->lastsep, a->f, a->flags);
	else if (i > 0 && n->sep != NULL)
		text_add(a->p, n->sep, a->f, a->flags);
	eval_inline_kids(ev, n, a->p, a->f, a->flags);
}

static void
eval_inline(struct eval *ev, const struct tnode *n, struct block *p,
    enum face f, int flags)
{
	struct inline_arg a;
	struct buf	 b = BUF_INIT;
	size_t		 i;

	switch (n->kind) {
	case TN_TEXT:
		for (i = 0; i < n->text.nseg; i++) {
			const struct tseg *sg = &n->text.seg[i];

			if (sg->field && ev->running &&
			    (strcmp(sg->s, "page") == 0 ||
			    strcmp(sg->s, "pages") == 0)) {
				run_add(p, sg->s[4] == 's' ? RUN_PAGES :
				    RUN_PAGE, f, flags);
				continue;
			}
			buf_truncate(&b, 0);
			seg_value(ev, n->line, sg, &b);
			text_add(p, buf_str(&b), f, flags);
		}
		buf_free(&b);
		break;
	case TN_B:
		eval_inline_kids(ev, n, p, f == FACE_ITALIC ||
		    f == FACE_BOLDITALIC ? FACE_BOLDITALIC : FACE_BOLD, flags);
		break;
	case TN_I:
		eval_inline_kids(ev, n, p, f == FACE_BOLD ||
		    f == FACE_BOLDITALIC ? FACE_BOLDITALIC : FACE_ITALIC,
		    flags);
		break;
	case TN_NOBR:
		eval_inline_kids(ev, n, p, f, flags | RUN_NOHYPH | RUN_NOBREAK);
		break;
	case TN_NAME:
		eval_inline_kids(ev, n, p, f, flags | RUN_NOHYPH);
		break;
	case TN_BR:
		run_add(p, RUN_BR, f, flags);
		break;
	case TN_IF:
		for (i = 0; i < n->nkids; i++)
			if (test_eval(ev, &n->kids[i])) {
				eval_inline_kids(ev, &n->kids[i], p, f, flags);
				break;
			}
		break;
	case TN_FOR:
		a.p = p;
		a.f = f;
		a.flags = flags;
		eval_for(ev, n, each_inline, &a);
		break;
	default:
		break;
	}
}

/* State of a block container being filled: the open implicit paragraph. */
struct cont {
	struct block		*b;
	const struct style	*st;
	size_t			 para;		/* index + 1, 0: none */
};

static void	eval_block(struct eval *, const struct tnode *, struct cont *);

static void
eval_block_kids(struct eval *ev, const struct tnode *n, struct cont *c)
{
	size_t	 i;

	for (i = 0; i < n->nkids; i++)
		eval_block(ev, &n->kids[i], c);
}

static void
each_block(struct eval *ev, const struct tnode *n, void *arg, size_t i,
    size_t cnt)
{
	(void)i;
	(void)cnt;
	eval_block_kids(ev, n, arg);
}

/* Fill the new container block b from the kids of n. */
static void
eval_into(struct eval *ev, const struct tnode *n, struct block *b)
{
	struct cont	 c;

	c.b = b;
	c.st = b->style;
	c.para = 0;
	eval_block_kids(ev, n, &c);
}

static int
is_blank(const struct tnode *n)
{
	size_t	 i;

	if (n->kind != TN_TEXT)
		return 0;
	for (i = 0; i < n->text.nseg; i++)
		if (n->text.seg[i].field ||
		    strspn(n->text.seg[i].s, " ") != strlen(n->text.seg[i].s))
			return 0;
	return 1;
}

static double
number(struct eval *ev, long line, const struct tstr *ts, const char *what)
{
	char	*s, *end;
	double	 v;

	s = tstr_eval(ev, line, ts);
	errno = 0;
	v = strtod(s, &end);
	if (end == s || *end != '\0' || errno != 0 || v != v) {
		eerr(ev, line, 1, "bar %s is not a number", what);
		v = 0;
	}
	free(s);
	return v;
}

static void
eval_block(struct eval *ev, const struct tnode *n, struct cont *c)
{
	struct block	*b;
	double		 v, max;
	size_t		 i;
	char		*s;

	switch (n->kind) {
	case TN_TEXT:
	case TN_B:
	case TN_I:
	case TN_NOBR:
	case TN_NAME:
	case TN_BR:
		if (c->para == 0) {
			if (is_blank(n))
				return;
			block_add(ev, c->b, BLK_PARA, NULL, c->st)->line =
			    n->line;
			c->para = c->b->nkids;
		}
		eval_inline(ev, n, &c->b->kids[c->para - 1],
		    c->b->kids[c->para - 1].style->face, 0);
		return;
	case TN_IF:
		for (i = 0; i < n->nkids; i++)
			if (test_eval(ev, &n->kids[i])) {
				eval_block_kids(ev, &n->kids[i], c);
				break;
			}
		return;
	case TN_FOR:
		eval_for(ev, n, each_block, c);
		return;
	default:
		break;
	}
	c->para = 0;
	switch (n->kind) {
	case TN_P:
		b = block_add(ev, c->b, BLK_PARA, n, c->st);
		eval_inline_kids(ev, n, b, b->style->face, 0);
		break;
	case TN_TABLE:
		eval_into(ev, n, block_add(ev, c->b, BLK_TABLE, n, c->st));
		break;
	case TN_TR:
		eval_into(ev, n, block_add(ev, c->b, BLK_ROW, n, c->st));
		break;
	case TN_TD:
		eval_into(ev, n, block_add(ev, c->b, BLK_CELL, n, c->st));
		break;
	case TN_FRAME:
		eval_into(ev, n, block_add(ev, c->b, BLK_FRAME, n, c->st));
		break;
	case TN_KEEP:
		eval_into(ev, n, block_add(ev, c->b, BLK_KEEP, n, c->st));
		break;
	case TN_IMG:
		b = block_add(ev, c->b, BLK_IMAGE, n, c->st);
		s = tstr_eval(ev, n->line, &n->text);
		if (s[0] == '/')
			b->src = s;
		else {
			struct buf p = BUF_INIT;

			buf_printf(&p, "%s/%s", ev->t->dir, s);
			b->src = buf_detach(&p);
			free(s);
		}
		if (access(b->src, R_OK) == -1)
			eerr(ev, n->line, EX_NOINPUT, "cannot read image %s",
			    b->src);
		break;
	case TN_BAR:
		b = block_add(ev, c->b, BLK_BAR, n, c->st);
		v = number(ev, n->line, &n->text, "value");
		max = number(ev, n->line, &n->max, "max");
		b->frac = max > 0 && v > 0 ? (v > max ? 1 : v / max) : 0;
		break;
	case TN_RULE:
		block_add(ev, c->b, BLK_RULE, n, c->st);
		break;
	case TN_RECT:
		block_add(ev, c->b, BLK_RECT, n, c->st);
		break;
	case TN_PAGEBREAK:
		block_add(ev, c->b, BLK_PAGEBREAK, n, c->st);
		break;
	case TN_SPACE:
		block_add(ev, c->b, BLK_SPACE, n, c->st);
		break;
	default:
		break;
	}
}

static void
block_clear(struct block *b)
{
	size_t	 i;

	for (i = 0; i < b->nruns; i++)
		free(b->runs[i].text);
	free(b->runs);
	for (i = 0; i < b->nkids; i++)
		block_clear(&b->kids[i]);
	free(b->kids);
	free(b->src);
	free(b->a.cols);
}

/* Copy the place and pages of running header or footer r. */
static void
band_init(struct eval *ev, struct band *b, const struct running *r,
    const struct style *def)
{
	b->pos = r->pos;
	b->first = r->first;
	b->single = r->single;
	b->present = r->present;
	b->b.style = r->root.style != NULL ? own_style(ev, r->root.style) :
	    def;
}

struct doc *
doc_build(const struct tmpl *t, const struct data *data, const char *appid,
    struct diag *d)
{
	struct doc	*doc;
	struct eval	 ev;
	const struct style *def;
	size_t		 i;

	memset(&ev, 0, sizeof(ev));
	ev.t = t;
	ev.root = data;
	ev.d = d;
	ev.appid = appid;
	doc = xcalloc(1, sizeof(*doc));
	ev.doc = doc;
	doc->file = xstrdup(t->file);
	doc->page = t->page;
	doc->nstyles = t->nstyles;
	doc->styles = xcalloc(t->nstyles, sizeof(*doc->styles));
	for (i = 0; i < t->nstyles; i++) {
		doc->styles[i] = t->styles[i];
		doc->styles[i].name = xstrdup(t->styles[i].name);
	}
	def = own_style(&ev, tmpl_style(t, "default"));
	doc->body.style = t->body.style != NULL ?
	    own_style(&ev, t->body.style) : def;
	band_init(&ev, &doc->header, &t->header, def);
	band_init(&ev, &doc->footer, &t->footer, def);
	eval_into(&ev, &t->body, &doc->body);
	ev.running = 1;
	eval_into(&ev, &t->header.root, &doc->header.b);
	eval_into(&ev, &t->footer.root, &doc->footer.b);
	ev.running = 0;
	doc->title = tstr_eval(&ev, 1, &t->title);
	doc->author = tstr_eval(&ev, 1, &t->author);
	doc->subject = tstr_eval(&ev, 1, &t->subject);
	if (ev.err) {
		doc_free(doc);
		return NULL;
	}
	return doc;
}

void
doc_free(struct doc *doc)
{
	size_t	 i;

	if (doc == NULL)
		return;
	block_clear(&doc->body);
	block_clear(&doc->header.b);
	block_clear(&doc->footer.b);
	for (i = 0; i < doc->nstyles; i++)
		free(doc->styles[i].name);
	free(doc->styles);
	free(doc->file);
	free(doc->title);
	free(doc->author);
	free(doc->subject);
	free(doc);
}
