/* manifest.c: the round's manifest (docs/manifest.md) and the ledger: keep what is unchanged, reissue what changed, never delete an issued document. */
#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>

#include "atomic.h"
#include "diag.h"
#include "digest.h"
#include "fsutil.h"
#include "manifest.h"
#include "outdir.h"
#include "strpool.h"
#include "util.h"

#define MF_MAGIC	"# essdocs manifest 1"
#define MF_MAGIC2	"# essdocs manifest 2"
#define MF_HEADER	"kind\tapplication\tpath\tissued\tinput_sha256\tpdf_sha256"
#define MF_HEADER2	MF_HEADER "\tsent\tmessage_id\tearlier_sent"
/* Longer is not a line we wrote (this run's rows are kept in 16 bits). */
#define MF_LINE_MAX	4096

/* ---- A small string -> index map (open addressing) ---- */

struct strmap {
	char	**keys;
	size_t	 *vals;
	size_t	  n, cap;
};

static size_t
strmap_hash(const char *s)
{
	size_t	 h = 14695981039346656037ULL;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

static size_t *
strmap_slot(struct strmap *m, const char *key, int add)
{
	size_t	 i, j, ocap;
	char	**ok;
	size_t	 *ov;

	if (add && (m->n + 1) * 2 > m->cap) {
		ok = m->keys;
		ov = m->vals;
		ocap = m->cap;
		m->cap = m->cap == 0 ? 64 : m->cap * 2;
		m->keys = xcalloc(m->cap, sizeof(*m->keys));
		m->vals = xcalloc(m->cap, sizeof(*m->vals));
		for (i = 0; i < ocap; i++) {
			if (ok[i] == NULL)
				continue;
			for (j = strmap_hash(ok[i]) & (m->cap - 1);
			    m->keys[j] != NULL; j = (j + 1) & (m->cap - 1))
				;
			m->keys[j] = ok[i];
			m->vals[j] = ov[i];
		}
		free(ok);
		free(ov);
	}
	if (m->cap == 0)
		return NULL;
	for (i = strmap_hash(key) & (m->cap - 1); m->keys[i] != NULL;
	    i = (i + 1) & (m->cap - 1))
		if (strcmp(m->keys[i], key) == 0)
			return &m->vals[i];
	if (!add)
		return NULL;
	m->keys[i] = xstrdup(key);
	m->n++;
	return &m->vals[i];
}

static void
strmap_free(struct strmap *m)
{
	size_t	 i;

	for (i = 0; i < m->cap; i++)
		free(m->keys[i]);
	free(m->keys);
	free(m->vals);
	memset(m, 0, sizeof(*m));
}

/* ---- The manifest file ---- */

static struct mf_entry *
mf_add(struct manifest *m, const char *kind, const char *id, const char *rel,
    const char *issued, const char *input, const char *pdf)
{
	struct mf_entry	*e;
	size_t		 nk, ni, nr, nd, nn, np;
	char		*p;

	if (m->n == m->cap) {
		m->cap = m->cap == 0 ? 64 : m->cap * 2;
		m->v = xrealloc(m->v, m->cap * sizeof(*m->v));
	}
	e = &m->v[m->n++];
	memset(e, 0, sizeof(*e));
	/* One block for the six (a rerun holds every row of the previous
	 * manifest): kind owns it. */
	nk = strlen(kind) + 1;
	ni = strlen(id) + 1;
	nr = strlen(rel) + 1;
	nd = strlen(issued) + 1;
	nn = strlen(input) + 1;
	np = pdf != NULL ? strlen(pdf) + 1 : 0;
	p = xmalloc(nk + ni + nr + nd + nn + np);
	e->kind = memcpy(p, kind, nk);
	e->id = memcpy(p += nk, id, ni);
	e->rel = memcpy(p += ni, rel, nr);
	e->issued = memcpy(p += nr, issued, nd);
	e->input = memcpy(p += nd, input, nn);
	e->pdf = pdf != NULL ? memcpy(p + nn, pdf, np) : NULL;
	return e;
}

static char *
dash_null(const char *s)
{
	return s != NULL && *s != '\0' && strcmp(s, "-") != 0 ? xstrdup(s) :
	    NULL;
}

void
mf_set_sent(struct mf_entry *e, const char *sent, const char *msgid,
    const char *earlier)
{
	char	*a, *b, *c;

	a = dash_null(sent);
	b = dash_null(msgid);
	c = dash_null(earlier);
	free(e->sent);
	free(e->msgid);
	free(e->earlier);
	e->sent = a;
	e->msgid = b;
	e->earlier = c;
}

/* A sending time as we write it: YYYY-MM-DDTHH:MM:SSZ, or "-". */
static int
is_stamp(const char *s)
{
	static const char pat[] = "dddd-dd-ddTdd:dd:ddZ";
	size_t	 i;

	if (strcmp(s, "-") == 0)
		return 1;
	for (i = 0; pat[i] != '\0'; i++)
		if (pat[i] == 'd' ? !(s[i] >= '0' && s[i] <= '9') :
		    s[i] != pat[i])
			return 0;
	return s[i] == '\0';
}

/* A Message-ID as we write it ("<...@...>", printable ASCII), or "-". */
static int
is_msgid(const char *s)
{
	size_t	 n = strlen(s), i;

	if (strcmp(s, "-") == 0)
		return 1;
	if (n < 5 || n > 250 || s[0] != '<' || s[n - 1] != '>' ||
	    strchr(s, '@') == NULL)
		return 0;
	for (i = 1; i + 1 < n; i++)
		if (s[i] <= ' ' || s[i] > '~' || s[i] == '<' || s[i] == '>')
			return 0;
	return 1;
}

static int
is_hex64(const char *s)
{
	size_t	 i;

	for (i = 0; i < 64; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return s[64] == '\0';
}

/* A row we could have written: "KIND/NAME" paths, never a way out. */
static int
row_valid(char **f)
{
	size_t	 k, i;
	const char *base;

	k = strlen(f[0]);
	if (k == 0 || strncmp(f[2], f[0], k) != 0 || f[2][k] != '/')
		return 0;
	for (i = 0; i < k; i++)
		if (f[0][i] < 'a' || f[0][i] > 'z')
			return 0;
	base = f[2] + k + 1;
	if (base[0] == '\0' || base[0] == '.' || strchr(base, '/') != NULL ||
	    f[1][0] == '\0')
		return 0;
	if (strlen(f[3]) != 10 || f[3][4] != '-' || f[3][7] != '-')
		return 0;
	return is_hex64(f[4]) && is_hex64(f[5]);
}

int
manifest_read(struct manifest *m, int dirfd, const char *path,
    struct diag *d)
{
	const char	*name;
	struct buf	 all = BUF_INIT;
	char		 chunk[65536], *line, *next, *f[9], *p;
	struct mf_entry	*e;
	ssize_t		 n;
	long		 lineno = 0;
	int		 fd, k, too_long;

	memset(m, 0, sizeof(*m));
	name = strrchr(path, '/') != NULL ? strrchr(path, '/') + 1 : path;
	if ((fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) == -1) {
		if (errno == ENOENT)
			return 0;
		diag_msg(d, DIAG_ERROR, errno == ELOOP ? EX_CANTCREAT : EX_IOERR,
		    path, 0, 0, NULL, "%s", errno == ELOOP ?
		    "is a symbolic link: essdocs follows no link inside a "
		    "round's folder; remove it or choose another -o" :
		    strerror(errno));
		return -1;
	}
	while ((n = read(fd, chunk, sizeof(chunk))) != 0) {
		if (n == -1) {
			if (errno == EINTR)
				continue;
			diag_msg(d, DIAG_ERROR, EX_IOERR, path, 0, 0, NULL,
			    "cannot read: %s", strerror(errno));
			close(fd);
			buf_free(&all);
			return -1;
		}
		buf_add(&all, chunk, (size_t)n);
	}
	close(fd);
	for (line = all.s; line != NULL && *line != '\0'; line = next) {
		lineno++;
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		too_long = strlen(line) > MF_LINE_MAX;
		if (line[0] == '#' || line[0] == '\0' ||
		    strcmp(line, MF_HEADER) == 0 ||
		    strcmp(line, MF_HEADER2) == 0)
			continue;
		/* Format 1: six columns; format 2: nine (the sending). */
		for (k = 0, p = line; k < 9 && p != NULL; k++) {
			f[k] = p;
			if ((p = strchr(p, '\t')) != NULL)
				*p++ = '\0';
		}
		if (too_long)
			k = 0;	/* not ours */
		if ((k != 6 && k != 9) || p != NULL || !row_valid(f) ||
		    (k == 9 && (!is_stamp(f[6]) || !is_msgid(f[7]) ||
		    !is_stamp(f[8]) || (strcmp(f[6], "-") == 0) !=
		    (strcmp(f[7], "-") == 0)))) {
			diag_msg(d, DIAG_WARNING, 0, path, lineno, 0, NULL,
			    "not a manifest line: left out (its document, if "
			    "any, is issued again)");
			continue;
		}
		e = mf_add(m, f[0], f[1], f[2], f[3], f[4], f[5]);
		if (k == 9)
			mf_set_sent(e, f[6], f[7], f[8]);
	}
	buf_free(&all);
	return 0;
}

static int
entry_cmp(const void *a, const void *b)
{
	const struct mf_entry *x = *(const struct mf_entry *const *)a,
	    *y = *(const struct mf_entry *const *)b;
	int	 c;

	if ((c = strcmp(x->kind, y->kind)) != 0)
		return c;
	return strcmp(x->id, y->id);
}

int
manifest_write(struct manifest *m, const char *path, struct diag *d)
{
	struct buf	 b = BUF_INIT;
	struct mf_entry	**v;
	size_t		 i;
	int		 rc, two = 0;

	/* Sorted, but m keeps its order (`mail` writes it as it goes). */
	v = xcalloc(m->n + 1, sizeof(*v));
	for (i = 0; i < m->n; i++) {
		v[i] = &m->v[i];
		if (!m->v[i].dead && m->v[i].pdf != NULL &&
		    (m->v[i].sent != NULL || m->v[i].earlier != NULL))
			two = 1;
	}
	qsort(v, m->n, sizeof(*v), entry_cmp);
	buf_puts(&b, two ? MF_MAGIC2 : MF_MAGIC);
	buf_puts(&b, ": one line per document issued, "
	    "see essdocs(1) and docs/manifest.md\n");
	buf_puts(&b, two ? MF_HEADER2 "\n" : MF_HEADER "\n");
	for (i = 0; i < m->n; i++) {
		if (v[i]->dead || v[i]->pdf == NULL)
			continue;
		buf_printf(&b, "%s\t%s\t%s\t%s\t%s\t%s", v[i]->kind,
		    v[i]->id, v[i]->rel, v[i]->issued,
		    v[i]->input, v[i]->pdf);
		if (two)
			buf_printf(&b, "\t%s\t%s\t%s",
			    v[i]->sent != NULL ? v[i]->sent : "-",
			    v[i]->msgid != NULL ? v[i]->msgid : "-",
			    v[i]->earlier != NULL ? v[i]->earlier : "-");
		buf_putc(&b, '\n');
	}
	free(v);
	rc = fs_write_atomic(path, b.s, b.len, d);
	buf_free(&b);
	return rc;
}

void
manifest_free(struct manifest *m)
{
	size_t	 i;

	for (i = 0; i < m->n; i++) {
		free(m->v[i].kind);	/* and the five after it */
		free(m->v[i].sent);
		free(m->v[i].msgid);
		free(m->v[i].earlier);
	}
	free(m->v);
	memset(m, 0, sizeof(*m));
}

/*
 * ---- This run's manifest, as it is built ----
 *
 * One line per document, in the manifest's format 2 (the pdf digest
 * "-" until ledger_commit() reads the file back), goes to a buffer and,
 * past 64 kB, to an unlinked temporary file beside the documents.
 * Memory keeps where each line is, its kind, id and state: about 40
 * bytes a document.  A temporary file that cannot be made or written
 * leaves the lines in memory: the manifest is the same.
 */

#define CUR_FLUSH	65536
#define CUR_DEAD	1	/* could not be written */
#define CUR_PDF		2	/* its line has the file's digest */
#define CUR_SENT	4	/* sent or earlier_sent is set */

struct cent {
	uint32_t	 off;	/* of its line in the log (low 32 bits) */
	uint32_t	 id;	/* in ids */
	uint16_t	 len;	/* of its line, '\n' left out */
	uint8_t		 flags;
	uint8_t		 offhi;	/* bits 32-39 of off */
	uint16_t	 kind;	/* in kinds */
	uint16_t	 pdf;	/* where its pdf digest starts in its line */
};

#define CENT_OFF(e)	((uint64_t)(e)->offhi << 32 | (e)->off)
#define CENT_ID(c, e)	strpool_get(&(c)->ids, (e)->id)

struct curlog {
	struct cent	*v;
	size_t		 n, cap;
	uint32_t	*ix;	/* (kind, id) -> index + 1; 0: empty */
	size_t		 icap;
	struct strpool	 ids;
	char		**kinds;
	size_t		 nkinds;
	int		 fd;	/* the temporary file, or -1 */
	int		 nofile; /* do not (or no longer) write to it */
	uint64_t	 flushed; /* bytes in the file */
	struct buf	 buf;	/* the lines from flushed on */
	struct buf	 win;	/* cur_line(): the file's bytes from winoff */
	uint64_t	 winoff;
};

static size_t
cur_hash(unsigned kind, const char *id)
{
	size_t	 h = 14695981039346656037ULL ^ kind;

	for (; *id != '\0'; id++)
		h = (h ^ (unsigned char)*id) * 1099511628211ULL;
	return h;
}

/* The slot of (kind, id) in the index: its entry's, or the empty one. */
static uint32_t *
cur_slot(struct curlog *c, unsigned kind, const char *id)
{
	size_t	 i;
	struct cent *e;

	for (i = cur_hash(kind, id) & (c->icap - 1); c->ix[i] != 0;
	    i = (i + 1) & (c->icap - 1)) {
		e = &c->v[c->ix[i] - 1];
		if (e->kind == kind && strcmp(CENT_ID(c, e), id) == 0)
			break;
	}
	return &c->ix[i];
}

static struct cent *
cur_find(struct curlog *c, const char *kind, const char *id)
{
	size_t	 k;
	uint32_t *s;

	for (k = 0; k < c->nkinds; k++)
		if (strcmp(c->kinds[k], kind) == 0)
			break;
	if (k == c->nkinds || c->icap == 0)
		return NULL;
	s = cur_slot(c, (unsigned)k, id);
	return *s != 0 ? &c->v[*s - 1] : NULL;
}

/* Move the buffer to the temporary file (made in dirfd at the first
 * call); on failure, the lines stay in memory from then on. */
static void
cur_flush(struct curlog *c, int dirfd, const char *dir)
{
	char	*path;

	if (c->nofile || c->buf.len == 0)
		return;
	if (c->fd == -1) {
		/* Unlinked at once; a crash in between leaves a name the
		 * next run sweeps (outdir_is_tmp). */
		path = fs_join(dir, ".manifest-rows.tmp-XXXXXX");
		if ((c->fd = mkstemp(path)) != -1)
			(void)unlink(path);
		free(path);
		(void)dirfd;
		if (c->fd == -1) {
			c->nofile = 1;
			return;
		}
	}
	if (fs_write_all(c->fd, c->buf.s, c->buf.len, (off_t)c->flushed) <
	    c->buf.len) {
		/* What was written stays there, readable. */
		c->nofile = 1;
		return;
	}
	c->flushed += c->buf.len;
	buf_truncate(&c->buf, 0);
}

static void
cur_init(struct curlog *c)
{
	memset(c, 0, sizeof(*c));
	c->fd = -1;
}

static void
cur_free(struct curlog *c)
{
	size_t	 i;

	free(c->v);
	free(c->ix);
	strpool_free(&c->ids);
	for (i = 0; i < c->nkinds; i++)
		free(c->kinds[i]);
	free(c->kinds);
	if (c->fd != -1)
		close(c->fd);
	buf_free(&c->buf);
	buf_free(&c->win);
	cur_init(c);
}

/*
 * Line e into b (which is emptied first).  0, or -1 (errno set).  The
 * file is read CUR_FLUSH bytes at a time: the manifest asks for the
 * lines by id, mostly in the order they were written.
 */
static int
cur_line(struct curlog *c, const struct cent *e, struct buf *b)
{
	uint64_t off = CENT_OFF(e);
	size_t	 want;
	ssize_t	 r;

	buf_truncate(b, 0);
	if (off >= c->flushed) {
		buf_add(b, c->buf.s + (off - c->flushed), e->len);
		return 0;
	}
	if (off < c->winoff || off + e->len > c->winoff + c->win.len) {
		/* Not in the window: read the one that starts with it
		 * (a line, at most UINT16_MAX bytes, fits). */
		want = CUR_FLUSH;
		buf_truncate(&c->win, 0);
		buf_grow(&c->win, want);
		c->winoff = off;
		if ((r = fs_pread_all(c->fd, c->win.s, want, (off_t)off)) ==
		    -1)
			return -1;
		c->win.len = (size_t)r;
		if (c->win.len < e->len) {
			errno = EIO;
			return -1;
		}
	}
	buf_add(b, c->win.s + (off - c->winoff), e->len);
	return 0;
}

/* The start of field k (0: kind) of a line. */
static char *
field(char *line, int k)
{
	for (; k > 0 && line != NULL; k--)
		if ((line = strchr(line, '\t')) != NULL)
			line++;
	return line;
}

/* Write hex as e's pdf digest, in its line.  0, or -1 (errno set). */
static int
cur_set_pdf(struct curlog *c, struct cent *e, const char *hex)
{
	uint64_t off = CENT_OFF(e) + e->pdf;

	/* What the window holds of the line changes with it. */
	if (off < c->winoff + c->win.len && off + 64 > c->winoff)
		buf_truncate(&c->win, 0);
	if (off >= c->flushed)
		memcpy(c->buf.s + (off - c->flushed), hex, 64);
	else if (fs_write_all(c->fd, hex, 64, (off_t)off) < 64)
		return -1;
	e->flags |= CUR_PDF;
	return 0;
}

/* Add a document's line; NULL pdf: not known yet.  sent, msgid and
 * earlier: NULL for none. */
static void
cur_push(struct curlog *c, int dirfd, const char *dir, const char *kind,
    const char *id, const char *rel, const char *issued, const char *input,
    const char *pdf, const char *sent, const char *msgid,
    const char *earlier)
{
	struct cent	*e;
	uint32_t	*s;
	size_t		 k, i, start, pdfoff;
	uint32_t	*oix;
	size_t		 ocap;

	for (k = 0; k < c->nkinds; k++)
		if (strcmp(c->kinds[k], kind) == 0)
			break;
	if (k == c->nkinds) {
		if (k >= UINT16_MAX)
			abort();
		c->kinds = xrealloc(c->kinds, (k + 1) * sizeof(*c->kinds));
		c->kinds[c->nkinds++] = xstrdup(kind);
	}
	if (c->n == c->cap) {
		c->cap = c->cap == 0 ? 256 : c->cap * 2;
		c->v = xrealloc(c->v, c->cap * sizeof(*c->v));
	}
	if ((c->n + 1) * 2 > c->icap) {
		oix = c->ix;
		ocap = c->icap;
		c->icap = c->icap == 0 ? 512 : c->icap * 2;
		c->ix = xcalloc(c->icap, sizeof(*c->ix));
		for (i = 0; i < ocap; i++)
			if (oix[i] != 0)
				*cur_slot(c, c->v[oix[i] - 1].kind,
				    CENT_ID(c, &c->v[oix[i] - 1])) = oix[i];
		free(oix);
	}
	if (c->n >= UINT32_MAX - 1)
		abort();
	if (c->buf.len >= CUR_FLUSH)
		cur_flush(c, dirfd, dir);
	start = c->buf.len;
	pdfoff = strlen(kind) + strlen(id) + strlen(rel) + strlen(issued) +
	    strlen(input) + 5;
	buf_printf(&c->buf, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s", kind, id,
	    rel, issued, input, pdf != NULL ? pdf :
	    "----------------------------------------------------------------",
	    sent != NULL ? sent : "-", msgid != NULL ? msgid : "-",
	    earlier != NULL ? earlier : "-");
	e = &c->v[c->n];
	memset(e, 0, sizeof(*e));
	if (c->flushed + start >= (uint64_t)1 << 40)
		abort();	/* a terabyte of rows */
	e->off = (uint32_t)(c->flushed + start);
	e->offhi = (uint8_t)((c->flushed + start) >> 32);
	/* Ours are short; a previous row is at most MF_LINE_MAX. */
	assert(c->buf.len - start <= UINT16_MAX);
	e->len = (uint16_t)(c->buf.len - start);
	e->kind = (uint16_t)k;
	e->pdf = (uint16_t)pdfoff;
	e->id = strpool_dup(&c->ids, id);
	e->flags = (pdf != NULL ? CUR_PDF : 0) |
	    (sent != NULL || earlier != NULL ? CUR_SENT : 0);
	s = cur_slot(c, (unsigned)k, id);
	*s = (uint32_t)++c->n;	/* a repeated one: the last counts */
}

static const struct curlog *cur_sorting;

static int
cent_cmp(const void *a, const void *b)
{
	const struct curlog *c = cur_sorting;
	const struct cent *x = &c->v[*(const uint32_t *)a],
	    *y = &c->v[*(const uint32_t *)b];
	int	 r;

	if (x->kind != y->kind &&
	    (r = strcmp(c->kinds[x->kind], c->kinds[y->kind])) != 0)
		return r;
	if ((r = strcmp(CENT_ID(c, x), CENT_ID(c, y))) != 0)
		return r;
	return x < y ? -1 : x > y;
}

/*
 * Write the manifest from the log: sorted by kind and id, the columns
 * sent, message_id and earlier_sent only when some document has one
 * (as manifest_write()).  Atomic; the caller has turned batching off.
 */
static int
cur_write(struct curlog *c, const char *path, struct diag *d)
{
	struct atomic	 a;
	struct buf	 out = BUF_INIT, line = BUF_INIT;
	uint32_t	*order;
	size_t		 i, n = 0;
	int		 two = 0, rc = -1;
	char		*end;
	int		 rd = 0;

	order = xcalloc(c->n + 1, sizeof(*order));
	for (i = 0; i < c->n; i++) {
		if ((c->v[i].flags & (CUR_DEAD | CUR_PDF)) != CUR_PDF)
			continue;
		order[n++] = (uint32_t)i;
		if (c->v[i].flags & CUR_SENT)
			two = 1;
	}
	cur_sorting = c;
	qsort(order, n, sizeof(*order), cent_cmp);
	cur_sorting = NULL;
	if (atomic_open(&a, path) == -1) {
		diag_msg(d, DIAG_ERROR, EX_CANTCREAT, path, 0, 0, NULL,
		    "cannot create: %s", strerror(errno));
		free(order);
		return -1;
	}
	buf_puts(&out, two ? MF_MAGIC2 : MF_MAGIC);
	buf_puts(&out, ": one line per document issued, "
	    "see essdocs(1) and docs/manifest.md\n");
	buf_puts(&out, two ? MF_HEADER2 "\n" : MF_HEADER "\n");
	for (i = 0; i < n; i++) {
		if (cur_line(c, &c->v[order[i]], &line) == -1) {
			rd = 1;
			goto fail;
		}
		if (!two && (end = field(line.s, 6)) != NULL)
			line.len = (size_t)(end - 1 - line.s);
		buf_add(&out, line.s, line.len);
		buf_putc(&out, '\n');
		if (out.len >= CUR_FLUSH) {
			if (atomic_write(&a, out.s, out.len) == -1)
				goto fail;
			buf_truncate(&out, 0);
		}
	}
	if (atomic_write(&a, out.s, out.len) == -1 || atomic_commit(&a) == -1)
		goto fail;
	rc = 0;
	goto out;
fail:
	if (rd)
		diag_msg(d, DIAG_ERROR, EX_IOERR, path, 0, 0, NULL,
		    "cannot read this run's rows back: %s", strerror(errno));
	else
		diag_msg(d, DIAG_ERROR, EX_IOERR, path, 0, 0, NULL,
		    "cannot write: %s", strerror(errno));
	atomic_abort(&a);
out:
	buf_free(&out);
	buf_free(&line);
	free(order);
	return rc;
}

/* ---- The ledger ---- */

struct move {
	char	*from, *to, *why, *motif;	/* why: English, motif: French */
};

/* The previous manifest's rows by (kind, id), or by id alone: open-
 * addressing tables of index + 1, sized once, no key copied. */
struct otab {
	uint32_t	*v;
	size_t		 cap;	/* a power of two, or 0 */
};

struct ledger {
	struct outdir	*od;
	struct diag	*d;
	int		 speak, force;
	char		*today;
	char		*mfpath;
	struct manifest	 old;
	struct curlog	 cur;
	struct otab	 oldix, oldids;
	struct strmap	 notes;
	char		*last;		/* the rel of the last ledger_want() */
	char		*lastkey;	/* its "kind\tid" */
	const char	**notev;	/* why, motif, why, motif, ... */
	char		**strv;		/* the notes' texts, each once */
	size_t		 nstr;
	size_t		 nnotes;
	struct move	*moves;
	size_t		 nmoves;
	size_t		 kept, issued;
	char		**kinds;	/* those ledger_retire() was given */
	size_t		 nkinds;
};

static uint32_t *
otab_slot(const struct manifest *m, const struct otab *t, const char *kind,
    const char *id)
{
	const struct mf_entry *e;
	size_t	 i, h;

	h = cur_hash(0, id);
	if (kind != NULL)
		h = h * 31 + strmap_hash(kind);
	for (i = h & (t->cap - 1); t->v[i] != 0; i = (i + 1) & (t->cap - 1)) {
		e = &m->v[t->v[i] - 1];
		if ((kind == NULL || strcmp(e->kind, kind) == 0) &&
		    strcmp(e->id, id) == 0)
			break;
	}
	return &t->v[i];
}

static char *
key_of(const char *kind, const char *id)
{
	struct buf	 b = BUF_INIT;

	buf_printf(&b, "%s\t%s", kind, id);
	return buf_detach(&b);
}

static struct mf_entry *
find(struct manifest *m, struct otab *ix, const char *kind, const char *id)
{
	uint32_t *v;

	if (ix->cap == 0)
		return NULL;
	v = otab_slot(m, ix, kind, id);
	return *v != 0 ? &m->v[*v - 1] : NULL;
}

/* The folder descriptor and file name of rel ("KIND/NAME"). */
static int
locate(struct ledger *L, const char *rel, const char **base)
{
	char	*dir;
	int	 fd;

	*base = strrchr(rel, '/') + 1;
	dir = xstrndup(rel, (size_t)(*base - rel - 1));
	fd = outdir_sub(L->od, dir, L->d);
	free(dir);
	return fd;
}

/* 1 if rel is a regular file whose digest is pdf. */
static int
intact(struct ledger *L, const char *rel, const char *pdf)
{
	struct digest	 g;
	struct stat	 st;
	const char	*base;
	char		 hex[DIGEST_HEX];
	int		 fd;

	if ((fd = locate(L, rel, &base)) == -1)
		return 0;
	if (fstatat(fd, base, &st, AT_SYMLINK_NOFOLLOW) == -1 ||
	    !S_ISREG(st.st_mode))
		return 0;
	digest_init(&g);
	if (digest_file(&g, fd, base) == -1) {
		digest_hex(&g, hex);
		return 0;
	}
	digest_hex(&g, hex);
	return strcmp(hex, pdf) == 0;
}

static char	*sup_rel(const struct mf_entry *);

struct ledger *
ledger_open(struct outdir *od, const char *today, int force, struct diag *d)
{
	struct ledger	*L;
	struct stat	 st;
	size_t		 i;
	uint32_t	*v;
	char		*k;

	L = xcalloc(1, sizeof(*L));
	L->od = od;
	L->d = d;
	L->speak = 1;
	L->force = force;
	L->today = xstrdup(today);
	L->mfpath = fs_join(outdir_path(od), "manifest.tsv");
	cur_init(&L->cur);
	if (outdir_nolink(od, "manifest.tsv", d) == -1 ||
	    manifest_read(&L->old, outdir_fd(od), L->mfpath, d) == -1) {
		ledger_free(L);
		return NULL;
	}
	if (L->old.n > 0) {
		if (L->old.n >= UINT32_MAX / 4)
			abort();	/* a billion rows: not a manifest */
		for (L->oldix.cap = 64; L->oldix.cap < 2 * L->old.n;
		    L->oldix.cap *= 2)
			;
		L->oldids.cap = L->oldix.cap;
		L->oldix.v = xcalloc(L->oldix.cap, sizeof(*L->oldix.v));
		L->oldids.v = xcalloc(L->oldids.cap, sizeof(*L->oldids.v));
	}
	for (i = 0; i < L->old.n; i++) {
		/* A repeated row: the last one counts. */
		*otab_slot(&L->old, &L->oldix, L->old.v[i].kind,
		    L->old.v[i].id) = (uint32_t)i + 1;
		v = otab_slot(&L->old, &L->oldids, NULL, L->old.v[i].id);
		if (*v == 0)
			*v = (uint32_t)i + 1;
		L->old.v[i].intact = intact(L, L->old.v[i].rel,
		    L->old.v[i].pdf);
		if (!L->old.v[i].intact) {
			/* Only look in superseded/KIND/ if it exists: do
			 * not make it. */
			k = sup_rel(&L->old.v[i]);
			*strrchr(k, '/') = '\0';
			if (fstatat(outdir_fd(od), k, &st, AT_SYMLINK_NOFOLLOW)
			    == 0 && S_ISDIR(st.st_mode)) {
				free(k);
				k = sup_rel(&L->old.v[i]);
				L->old.v[i].kept = intact(L, k,
				    L->old.v[i].pdf);
			}
			free(k);
		}
	}
	return L;
}

void
ledger_silent(struct ledger *L)
{
	L->speak = 0;
}

void
ledger_free(struct ledger *L)
{
	size_t	 i;

	if (L == NULL)
		return;
	manifest_free(&L->old);
	cur_free(&L->cur);
	free(L->oldix.v);
	free(L->oldids.v);
	free(L->last);
	free(L->lastkey);
	strmap_free(&L->notes);
	for (i = 0; i < L->nstr; i++)
		free(L->strv[i]);
	free(L->strv);
	free(L->notev);
	for (i = 0; i < L->nmoves; i++) {
		free(L->moves[i].from);
		free(L->moves[i].to);
		free(L->moves[i].why);
		free(L->moves[i].motif);
	}
	free(L->moves);
	for (i = 0; i < L->nkinds; i++)
		free(L->kinds[i]);
	free(L->kinds);
	free(L->today);
	free(L->mfpath);
	free(L);
}

/* "superseded/KIND/NAME.DATE.pdf" for an entry. */
static char *
sup_rel(const struct mf_entry *e)
{
	struct buf	 b = BUF_INIT;
	const char	*base, *ext;

	base = strrchr(e->rel, '/') + 1;
	ext = strrchr(base, '.');
	if (ext == NULL || ext == base)
		ext = base + strlen(base);
	buf_printf(&b, "superseded/%s/%.*s.%s%s", e->kind, (int)(ext - base),
	    base, e->issued, *ext != '\0' ? ext : "");
	return buf_detach(&b);
}

static void
add_move(struct ledger *L, const char *from, const char *to, const char *why,
    const char *motif)
{
	L->moves = xrealloc(L->moves, (L->nmoves + 1) * sizeof(*L->moves));
	L->moves[L->nmoves].from = xstrdup(from);
	L->moves[L->nmoves].to = xstrdup(to);
	L->moves[L->nmoves].why = xstrdup(why);
	L->moves[L->nmoves++].motif = xstrdup(motif);
}

/* This run's row for a document.  A worker keeps none: the parent
 * writes the manifest; it needs only the last one's rel. */
static void
cur_add(struct ledger *L, const char *kind, const char *id, const char *rel,
    const char *issued, const char *input, const char *pdf,
    const char *sent, const char *msgid, const char *earlier)
{
	free(L->last);
	free(L->lastkey);
	L->last = xstrdup(rel);
	L->lastkey = key_of(kind, id);
	if (L->speak)
		cur_push(&L->cur, outdir_fd(L->od), outdir_path(L->od), kind,
		    id, rel, issued, input, pdf, sent, msgid, earlier);
}

enum ledger_action
ledger_want(struct ledger *L, const char *kind, const char *id,
    const char *rel, const char *input, const char **issued)
{
	struct mf_entry	*o;
	char		*path, *to;
	const char	*why, *motif;

	o = find(&L->old, &L->oldix, kind, id);
	if (o != NULL && !L->force && strcmp(o->input, input) == 0 &&
	    strcmp(o->rel, rel) == 0) {
		o->claimed = 1;
		if (o->intact) {
			cur_add(L, kind, id, rel, o->issued, input, o->pdf,
			    o->sent, o->msgid, o->earlier);
			L->kept++;
			*issued = o->issued;
			return LEDGER_KEEP;
		}
		/* Lost or altered since its issue: the same again. */
		if (L->speak) {
			path = fs_join(outdir_path(L->od), rel);
			diag_msg(L->d, DIAG_WARNING, 0, path, 0, 0, id,
			    "missing or altered since its issue on %s: "
			    "written again as issued", o->issued);
			free(path);
		}
		/* The same document as the one sent, if it was. */
		cur_add(L, kind, id, rel, o->issued, input, NULL, o->sent,
		    o->msgid, o->earlier);
		L->issued++;
		*issued = o->issued;
		return LEDGER_ISSUE;
	}
	if (o != NULL) {
		o->claimed = 1;
		o->supersede = o->intact;
	}
	if (o != NULL && (o->intact || o->kept) && L->speak) {
		why = L->force ? "reissued by --force" :
		    strcmp(o->rel, rel) != 0 ? "reissued under a new name "
		    "(the applicant's name changed)" : "reissued: what it is "
		    "made of changed (record, call, template, fonts or "
		    "program)";
		motif = L->force ? "remplacé (réédition forcée, --force)" :
		    strcmp(o->rel, rel) != 0 ? "remplacé : nouveau nom (nom du "
		    "demandeur modifié)" : "remplacé : dossier, appel, modèle "
		    "ou polices modifiés";
		to = sup_rel(o);
		path = fs_join(outdir_path(L->od), o->rel);
		diag_msg(L->d, DIAG_WARNING, 0, path, 0, 0, id,
		    "%s; the issue of %s moves to %s", why, o->issued, to);
		add_move(L, o->rel, to, why, motif);
		free(path);
		free(to);
	}
	/* The applicant holds an earlier issue: `mail` says so instead of
	 * sending this one unasked. */
	cur_add(L, kind, id, rel, L->today, input, NULL, NULL, NULL,
	    o != NULL && o->sent != NULL ? o->sent : o != NULL ? o->earlier :
	    NULL);
	L->issued++;
	*issued = L->today;
	return LEDGER_ISSUE;
}

/*
 * Put the file of e into superseded/KIND/ under its dated name (another
 * free name when a different file holds it), as a hard link: the file
 * stays where it is.  0, or -1 after reporting.
 */
static int
keep_copy(struct ledger *L, const struct mf_entry *e)
{
	struct stat	 a, b;
	struct buf	 name = BUF_INIT;
	const char	*base, *sbase;
	char		*srel, *sdir, *path;
	int		 sfd, dfd, i, rc = -1;

	srel = sup_rel(e);
	sbase = strrchr(srel, '/') + 1;
	sdir = xstrndup(srel, (size_t)(sbase - srel - 1));
	if ((dfd = locate(L, e->rel, &base)) == -1 ||
	    (sfd = outdir_sub(L->od, sdir, L->d)) == -1)
		goto out;
	if (fstatat(dfd, base, &a, AT_SYMLINK_NOFOLLOW) == -1) {
		rc = 0;		/* already gone */
		goto out;
	}
	for (i = 1; i < 1000; i++) {
		buf_truncate(&name, 0);
		if (i == 1)
			buf_puts(&name, sbase);
		else
			buf_printf(&name, "%.*s-%d.pdf",
			    (int)(strlen(sbase) - 4), sbase, i);
		if (linkat(dfd, base, sfd, name.s, 0) == 0) {
			rc = 0;
			break;
		}
		if (errno != EEXIST)
			break;
		if (fstatat(sfd, name.s, &b, AT_SYMLINK_NOFOLLOW) == 0 &&
		    a.st_ino == b.st_ino && a.st_dev == b.st_dev) {
			rc = 0;	/* an interrupted run linked it already */
			break;
		}
	}
	if (rc == -1) {
		path = fs_join(outdir_path(L->od), e->rel);
		diag_msg(L->d, DIAG_ERROR, EX_CANTCREAT, path, 0, 0, e->id,
		    "cannot keep the previous issue in %s: %s", sdir,
		    strerror(errno));
		free(path);
	}
out:
	buf_free(&name);
	free(srel);
	free(sdir);
	return rc;
}

int
ledger_before_write(struct ledger *L, const char *kind, const char *id)
{
	struct mf_entry	*o;
	const char	*base;
	char		*k;
	int		 fd, same;

	o = find(&L->old, &L->oldix, kind, id);
	if (o == NULL || !o->supersede)
		return 0;
	if (keep_copy(L, o) == -1)
		return -1;
	/* Renamed: nothing takes its place.  (Called just after
	 * ledger_want() for the same document.) */
	k = key_of(kind, id);
	same = L->lastkey != NULL && strcmp(L->lastkey, k) == 0;
	free(k);
	assert(same);
	if (strcmp(o->rel, L->last) != 0 &&
	    (fd = locate(L, o->rel, &base)) != -1)
		(void)unlinkat(fd, base, 0);
	return 0;
}

void
ledger_failed(struct ledger *L, const char *kind, const char *id)
{
	struct mf_entry	*o;
	struct cent	*c;

	if (!L->speak) {
		/* A worker's counts and rows are not used. */
	} else if ((c = cur_find(&L->cur, kind, id)) != NULL &&
	    !(c->flags & CUR_DEAD)) {
		c->flags |= CUR_DEAD;
		if (L->issued > 0)
			L->issued--;
	}
	if ((o = find(&L->old, &L->oldix, kind, id)) != NULL)
		o->claimed = 0;
}

void
ledger_written(struct ledger *L, const char *kind, const char *id,
    const char *hex)
{
	struct cent	*c;

	/* A worker keeps no rows; one that cannot be updated here is read
	 * back at commit, as before. */
	if (!L->speak || strlen(hex) != DIGEST_HEX - 1 ||
	    (c = cur_find(&L->cur, kind, id)) == NULL ||
	    (c->flags & (CUR_DEAD | CUR_PDF)))
		return;
	(void)cur_set_pdf(&L->cur, c, hex);
}

/*
 * A note's text, kept once: every application gets a note ("in case it
 * ends in error") and they say the same few things, so a round of
 * 100 000 keeps a few texts, not 200 000 copies.  The last texts kept
 * are searched first (a clash's own message is new each time).
 */
static const char *
note_text(struct ledger *L, const char *s)
{
	size_t	 i;

	for (i = L->nstr; i > 0 && i + 16 > L->nstr; i--)
		if (strcmp(L->strv[i - 1], s) == 0)
			return L->strv[i - 1];
	L->strv = xrealloc(L->strv, (L->nstr + 1) * sizeof(*L->strv));
	L->strv[L->nstr] = xstrdup(s);
	return L->strv[L->nstr++];
}

void
ledger_note(struct ledger *L, const char *id, const char *why,
    const char *motif)
{
	size_t	*v;

	/* Only the previous run's documents are retired: a note for an
	 * application that had none is never read. */
	if (L->oldids.cap == 0 ||
	    *otab_slot(&L->old, &L->oldids, NULL, id) == 0)
		return;
	if ((v = strmap_slot(&L->notes, id, 0)) == NULL) {
		v = strmap_slot(&L->notes, id, 1);
		L->notev = xrealloc(L->notev, 2 * (L->nnotes + 1) *
		    sizeof(*L->notev));
		L->notev[2 * L->nnotes] = L->notev[2 * L->nnotes + 1] = NULL;
		*v = L->nnotes++;
	}
	L->notev[2 * *v] = note_text(L, why);
	L->notev[2 * *v + 1] = note_text(L, motif);
}

static int
kind_in(const char *kind, const char *const *kinds, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (strcmp(kinds[i], kind) == 0)
			return 1;
	return 0;
}

int
ledger_retire(struct ledger *L, const char *const *kinds, size_t nkinds)
{
	struct mf_entry	*o;
	struct stat	 st;
	const char	*base, *why, *motif;
	size_t		 i, *v;
	char		*path, *to;
	int		 fd, rc = 0;

	L->kinds = xcalloc(nkinds + 1, sizeof(*L->kinds));
	for (i = 0; i < nkinds; i++)
		L->kinds[i] = xstrdup(kinds[i]);
	L->nkinds = nkinds;
	for (i = 0; i < L->old.n; i++) {
		o = &L->old.v[i];
		if (o->claimed || !kind_in(o->kind, kinds, nkinds))
			continue;
		if (find(&L->old, &L->oldix, o->kind, o->id) != o)
			continue;	/* a repeated row */
		if ((fd = locate(L, o->rel, &base)) == -1) {
			rc = -1;
			continue;
		}
		if (fstatat(fd, base, &st, AT_SYMLINK_NOFOLLOW) == -1 ||
		    !S_ISREG(st.st_mode)) {
			if (!o->kept)
				continue;	/* gone, or not ours */
			/* An interrupted run moved it: say it again. */
		} else if (keep_copy(L, o) == -1 ||
		    unlinkat(fd, base, 0) == -1) {
			rc = -1;
			continue;
		}
		v = strmap_slot(&L->notes, o->id, 0);
		why = v != NULL ? L->notev[2 * *v] :
		    "the application is no longer in the round";
		motif = v != NULL ? L->notev[2 * *v + 1] :
		    "retiré : le dossier n’est plus dans la session";
		to = sup_rel(o);
		path = fs_join(outdir_path(L->od), o->rel);
		if (o->sent != NULL)
			diag_msg(L->d, DIAG_WARNING, 0, path, 0, 0, o->id,
			    "withdrawn: %s; the issue of %s moves to %s; it "
			    "was sent to the applicant on %s: tell them", why,
			    o->issued, to, o->sent);
		else
			diag_msg(L->d, DIAG_WARNING, 0, path, 0, 0, o->id,
			    "withdrawn: %s; the issue of %s moves to %s", why,
			    o->issued, to);
		add_move(L, o->rel, to, why, motif);
		free(path);
		free(to);
	}
	return rc;
}

size_t
ledger_nmoves(const struct ledger *L)
{
	return L->nmoves;
}

void
ledger_move(const struct ledger *L, size_t i, const char **from,
    const char **to, const char **why, const char **motif)
{
	*from = L->moves[i].from;
	*to = L->moves[i].to;
	*why = L->moves[i].why;
	*motif = L->moves[i].motif;
}

void
ledger_counts(const struct ledger *L, size_t *kept, size_t *issued)
{
	*kept = L->kept;
	*issued = L->issued;
}

int
ledger_commit(struct ledger *L, struct diag *d)
{
	struct digest	 g;
	struct mf_entry	*o;
	struct cent	*c;
	struct buf	 line = BUF_INIT;
	const char	*base;
	char		 hex[DIGEST_HEX], *path, *rel, *end;
	size_t		 i;
	int		 fd, rc;

	for (i = 0; i < L->cur.n; i++) {
		c = &L->cur.v[i];
		if (c->flags & (CUR_DEAD | CUR_PDF))
			continue;
		if (cur_line(&L->cur, c, &line) == -1) {
			diag_msg(d, DIAG_ERROR, EX_IOERR, L->mfpath, 0, 0, NULL,
			    "cannot read this run's rows back: %s",
			    strerror(errno));
			buf_free(&line);
			return -1;
		}
		rel = field(line.s, 2);
		end = strchr(rel, '\t');
		*end = '\0';
		digest_init(&g);
		if ((fd = locate(L, rel, &base)) == -1 ||
		    digest_file(&g, fd, base) == -1) {
			digest_hex(&g, hex);
			path = fs_join(outdir_path(L->od), rel);
			diag_msg(d, DIAG_ERROR, EX_IOERR, path, 0, 0,
			    CENT_ID(&L->cur, c), "cannot read it back for the "
			    "manifest: %s",
			    strerror(errno));
			free(path);
			c->flags |= CUR_DEAD;
			continue;
		}
		digest_hex(&g, hex);
		*end = '\t';
		if (cur_set_pdf(&L->cur, c, hex) == -1) {
			diag_msg(d, DIAG_ERROR, EX_IOERR, L->mfpath, 0, 0, NULL,
			    "cannot write this run's rows: %s",
			    strerror(errno));
			buf_free(&line);
			return -1;
		}
	}
	buf_free(&line);
	/* The kinds this run did not make keep their rows. */
	for (i = 0; i < L->old.n; i++) {
		o = &L->old.v[i];
		if (kind_in(o->kind, (const char *const *)L->kinds,
		    L->nkinds) ||
		    find(&L->old, &L->oldix, o->kind, o->id) != o)
			continue;
		cur_push(&L->cur, outdir_fd(L->od), outdir_path(L->od),
		    o->kind, o->id, o->rel, o->issued, o->input, o->pdf,
		    o->sent, o->msgid, o->earlier);
	}
	rc = cur_write(&L->cur, L->mfpath, d);
	return rc;
}

/* ---- Names ---- */

/*
 * Every file name of the run, lower-cased, with its application's id:
 * "id\0name\0" in 64 kB blocks, and an open-addressing index of them
 * (about 80 bytes an application).
 */
struct names {
	struct strpool	 a;
	uint32_t	*ix;	/* each "id\0name\0", or 0 */
	size_t		 cap, n;
};

struct names *
names_new(void)
{
	return xcalloc(1, sizeof(struct names));
}

void
names_free(struct names *nm)
{
	if (nm == NULL)
		return;
	strpool_free(&nm->a);
	free(nm->ix);
	free(nm);
}

/* The name that follows an id kept. */
static const char *
name_of(const char *id)
{
	return id + strlen(id) + 1;
}

static size_t
names_slot(const struct names *nm, const char *k)
{
	size_t	 i;

	for (i = strmap_hash(k) & (nm->cap - 1); nm->ix[i] != 0;
	    i = (i + 1) & (nm->cap - 1))
		if (strcmp(name_of(strpool_get(&nm->a, nm->ix[i])), k) == 0)
			break;
	return i;
}

const char *
names_claim(struct names *nm, const char *base, const char *id)
{
	uint32_t	 *old;
	const char	 *other;
	size_t		  i, ocap;
	struct buf	  k = BUF_INIT;
	char		 *p;

	buf_puts(&k, id);
	buf_putc(&k, '\0');
	buf_puts(&k, base);
	for (p = k.s + strlen(id) + 1; *p != '\0'; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	if (nm->cap > 0 &&
	    nm->ix[i = names_slot(nm, k.s + strlen(id) + 1)] != 0) {
		buf_free(&k);
		other = strpool_get(&nm->a, nm->ix[i]);
		return strcmp(other, id) == 0 ? NULL : other;
	}
	if ((nm->n + 1) * 2 > nm->cap) {
		old = nm->ix;
		ocap = nm->cap;
		nm->cap = nm->cap == 0 ? 256 : nm->cap * 2;
		nm->ix = xcalloc(nm->cap, sizeof(*nm->ix));
		for (i = 0; i < ocap; i++)
			if (old[i] != 0)
				nm->ix[names_slot(nm, name_of(strpool_get(
				    &nm->a, old[i])))] = old[i];
		free(old);
	}
	/* Both strings, one after the other, in one block. */
	i = names_slot(nm, k.s + strlen(id) + 1);
	nm->ix[i] = strpool_put(&nm->a, k.s, k.len + 1);
	nm->n++;
	buf_free(&k);
	return NULL;
}
