/* layout.c: line breaking (Knuth-Plass with French hyphenation) and pagination of a document. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include <hyphen.h>

#include "diag.h"
#include "doc.h"
#include "font.h"
#include "layout.h"
#include "text.h"
#include "util.h"

struct hyph_memo;

struct layout {
	const struct fontset	*fs;
	HyphenDict		*hyph;
	struct hyph_memo	*memo;	/* layout_hyphenate()'s results */
	double			 bleed;	/* print override, points; < 0: the template's */
	int			 marks;	/* print override: 0, 1; -1: the template's */
};

#define PEN_INF		10000.0	/* a penalty this high forbids, minus forces */
#define ST_INF		1e6	/* "infinite" stretch */
#define R_INF		1000.0	/* the ratio of a line that cannot stretch */
#define PEN_HYPHEN	50.0	/* a hyphenation break */
#define PEN_EXPLICIT	50.0	/* after an explicit hyphen */
#define PEN_EMERG	1000.0	/* inside a word longer than the measure */
#define DEM_LINE	10.0	/* line penalty */
#define DEM_FLAGGED	10000.0	/* two hyphenated lines in a row */
#define DEM_FITNESS	100.0	/* adjacent lines of very different tightness */
#define LOOSE_MAX	2.0	/* word spaces wider than this many normal ones */

/* ---------------------------------------------------------------- */
/* French spacing and hyphenation                                    */


static int
is_letter(long cp)
{
	return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
	    (cp >= 0xC0 && cp < 0x250 && cp != 0xD7 && cp != 0xF7);
}

/* Number of code points in s[0..n). */
static size_t
ncps(const char *s, size_t n)
{
	size_t	 i, c = 0;

	for (i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			c++;
	return c;
}

/* Hyphenate the letters word[0..n) into points, at offset off. */
static void
hyph_piece(const struct layout *L, const char *w, size_t n, char *points)
{
	char	*low, *hy, **rep = NULL;
	int	*pos = NULL, *cut = NULL;
	size_t	 i, left, ci, c;

	if (L->hyph == NULL || ncps(w, n) < 5)
		return;
	low = xstrndup(w, n);
	for (i = 0; i < n; i++) {
		if (low[i] >= 'A' && low[i] <= 'Z')
			low[i] += 'a' - 'A';
		else if ((unsigned char)low[i] == 0xC3 && i + 1 < n &&
		    (unsigned char)low[i + 1] >= 0x80 &&
		    (unsigned char)low[i + 1] <= 0x9E &&
		    (unsigned char)low[i + 1] != 0x97)
			low[i + 1] += 0x20;
		else if ((unsigned char)low[i] == 0xC5 && i + 1 < n &&
		    (unsigned char)low[i + 1] == 0x92)
			low[i + 1] = (char)0x93;
	}
	hy = xcalloc(n + 5, 1);
	if (hnj_hyphen_hyphenate2(L->hyph, low, (int)n, hy, NULL,
	    &rep, &pos, &cut) == 0)
		/* hy[] is indexed by character, points[] by byte. */
		for (ci = 0, i = 0; i + 1 < n; i++) {
			if (((unsigned char)w[i + 1] & 0xC0) == 0x80)
				continue;	/* not a character's end */
			c = ci++;
			if (!(hy[c] & 1) || (rep != NULL && rep[c] != NULL))
				continue;
			left = ncps(w, i + 1);
			if (left >= 2 && ncps(w + i + 1, n - i - 1) >= 3)
				points[i] = 1;
		}
	if (rep != NULL) {
		for (i = 0; i < n; i++)
			free(rep[i]);
		free(rep);
	}
	free(pos);
	free(cut);
	free(hy);
	free(low);
}

static int
hyphenate1(const struct layout *L, const char *w, size_t n, char *points)
{
	size_t	 i, len, start, upper = 0, lower = 0, cnt;
	long	 cp;
	int	 k;

	memset(points, 0, n);
	if (strpbrk(w, "0123456789@/_") != NULL || strstr(w, "www.") != NULL)
		return 0;
	for (i = 0; i < n; i += len) {
		cp = utf8_decode(w + i, n - i, &len);
		if ((cp >= 'A' && cp <= 'Z') || (cp >= 0xC0 && cp <= 0xDE))
			upper++;
		else if (is_letter(cp))
			lower++;
	}
	if (upper >= 2 && lower == 0)
		return 0;
	/* Letter pieces, split by anything else; break after a hyphen. */
	for (i = 0; i < n; ) {
		cp = utf8_decode(w + i, n - i, &len);
		if (!is_letter(cp)) {
			if (cp == '-' && i > 0 && i + 1 < n &&
			    ncps(w, i) >= 2 && ncps(w + i + 1, n - i - 1) >= 2)
				points[i] = 2;
			i += len;
			continue;
		}
		start = i;
		while (i < n && is_letter(utf8_decode(w + i, n - i, &len)))
			i += len;
		/* No line ends just after « nor starts just before »:
		 * the word glued to a guillemet keeps its first or last
		 * piece whole ("« Ouverture", not "« Ou-"). */
		if ((start >= 4 && memcmp(w + start - 4, "\xc2\xab\xc2\xa0",
		    4) == 0) || (i + 4 <= n && memcmp(w + i,
		    "\xc2\xa0\xc2\xbb", 4) == 0))
			continue;
		hyph_piece(L, w + start, i - start, points + start);
	}
	for (cnt = 0, k = 0; k < (int)n; k++)
		cnt += points[k] != 0;
	return (int)cnt;
}

/*
 * The hyphenation points of each word, kept: the words of a letter are
 * mostly those of the letter before (the template's), and libhyphen is
 * the larger part of breaking a paragraph.  An open-addressed table,
 * emptied whenever it is half full or holds more than 64 KB of
 * words, so its size stays bounded whatever the round.
 */
#define HMEMO_SLOTS	1024		/* a power of two */
#define HMEMO_BYTES	(64 * 1024)

struct hyph_word {
	char		*w;		/* NULL: a free slot */
	char		*points;	/* strlen(w) bytes */
	int		 cnt;
	unsigned long	 hash;
};

struct hyph_memo {
	struct hyph_word e[HMEMO_SLOTS];
	size_t		 used, bytes;
};

static void
hmemo_clear(struct hyph_memo *m)
{
	size_t	 i;

	for (i = 0; i < HMEMO_SLOTS; i++) {
		free(m->e[i].w);
		free(m->e[i].points);
		m->e[i].w = m->e[i].points = NULL;
	}
	m->used = m->bytes = 0;
}

int
layout_hyphenate(const struct layout *L, const char *w, char *points)
{
	struct hyph_memo *m = L->memo;
	struct hyph_word *e;
	unsigned long	 h = 1469598103934665603UL;
	size_t		 n, i;
	int		 cnt;

	for (n = 0; w[n] != '\0'; n++)
		h = (h ^ (unsigned char)w[n]) * 1099511628211UL;
	if (m == NULL)
		return hyphenate1(L, w, n, points);
	for (i = h & (HMEMO_SLOTS - 1); ; i = (i + 1) & (HMEMO_SLOTS - 1)) {
		e = &m->e[i];
		if (e->w == NULL)
			break;
		if (e->hash == h && strcmp(e->w, w) == 0) {
			memcpy(points, e->points, n);
			return e->cnt;
		}
	}
	cnt = hyphenate1(L, w, n, points);
	if (m->used + 1 > HMEMO_SLOTS / 2 || m->bytes + 2 * n > HMEMO_BYTES) {
		hmemo_clear(m);
		for (i = h & (HMEMO_SLOTS - 1); m->e[i].w != NULL;
		    i = (i + 1) & (HMEMO_SLOTS - 1))
			;
		e = &m->e[i];
	}
	e->w = xstrndup(w, n);
	e->points = xmalloc(n > 0 ? n : 1);
	memcpy(e->points, points, n);
	e->cnt = cnt;
	e->hash = h;
	m->used++;
	m->bytes += 2 * n;
	return cnt;
}

struct layout *
layout_new(const struct fontset *fs, const char *hyph_path, struct diag *d)
{
	struct layout	*L;

	if (hyph_path == NULL)
		hyph_path = LAYOUT_HYPH_DEFAULT;
	L = xcalloc(1, sizeof(*L));
	L->fs = fs;
	L->bleed = -1;
	L->marks = -1;
	if ((L->hyph = hnj_hyphen_load(hyph_path)) == NULL) {
		diag_msg(d, DIAG_ERROR, EX_NOINPUT, hyph_path, 0, 0, NULL,
		    "cannot load the hyphenation dictionary");
		free(L);
		return NULL;
	}
	L->memo = xcalloc(1, sizeof(*L->memo));
	return L;
}

void
layout_set_print(struct layout *L, double bleed, int marks)
{
	L->bleed = bleed;
	L->marks = marks;
}

void
layout_free(struct layout *L)
{
	if (L == NULL)
		return;
	if (L->hyph != NULL)
		hnj_hyphen_free(L->hyph);
	if (L->memo != NULL) {
		hmemo_clear(L->memo);
		free(L->memo);
	}
	free(L);
}

/* ---------------------------------------------------------------- */
/* Paragraphs as boxes, glue and penalties                           */

enum el_kind {
	EL_BOX,
	EL_GLUE,
	EL_PEN
};

enum el_class {
	CL_NORMAL,		/* every pass */
	CL_HYPH,		/* hyphenation: from pass 2 */
	CL_EMERG		/* inside an over-long word: pass 3 */
};

struct el {
	enum el_kind	 kind;
	double		 w, st, sh;
	double		 pen;
	int		 flagged;
	int		 nobreak;	/* glue that is no breakpoint */
	int		 hyphen;	/* pen: adds a visible "-" */
	enum el_class	 cls;
	enum face	 face;		/* box */
	char		*text;		/* box */
};

struct para {
	struct el		*e;
	size_t			 n, max;
	const struct style	*st;
	const struct layout	*L;
	int			 ragged;
	double			 w0, w;	/* first line's width, the others' */
};

static struct el *
el_add(struct para *p, enum el_kind k)
{
	struct el	*e;

	if (p->n == p->max) {
		p->max = p->max ? p->max * 2 : 64;
		p->e = xrealloc(p->e, p->max * sizeof(*p->e));
	}
	e = &p->e[p->n++];
	memset(e, 0, sizeof(*e));
	e->kind = k;
	return e;
}

static void
box_add(struct para *p, const char *s, size_t n, enum face f)
{
	struct el	*e;

	e = el_add(p, EL_BOX);
	e->text = xstrndup(s, n);
	e->face = f;
	e->w = font_width(p->L->fs, f, e->text, p->st->size);
}

static void
pen_add(struct para *p, double pen, double w, int flagged, enum el_class c)
{
	struct el	*e;

	e = el_add(p, EL_PEN);
	e->pen = pen;
	e->w = w;
	e->flagged = flagged;
	e->cls = c;
}

static void
glue_add(struct para *p, double w, double st, double sh, int nobreak)
{
	struct el	*e;

	e = el_add(p, EL_GLUE);
	e->w = w;
	e->st = st;
	e->sh = sh;
	e->nobreak = nobreak;
}

/* A box, cut into letters with emergency breaks if wider than a line. */
static void
box_fit(struct para *p, const char *s, size_t n, enum face f)
{
	size_t	 i, len;
	double	 w;
	char	*t;

	t = xstrndup(s, n);
	w = font_width(p->L->fs, f, t, p->st->size);
	free(t);
	if (w <= (p->w0 < p->w ? p->w0 : p->w)) {
		box_add(p, s, n, f);
		return;
	}
	for (i = 0; i < n; i += len) {
		utf8_decode(s + i, n - i, &len);
		if (i > 0)
			pen_add(p, PEN_EMERG, 0, 0, CL_EMERG);
		box_add(p, s + i, len, f);
	}
}

/* One word fragment in one face: boxes with its hyphenation points. */
static void
word_add(struct para *p, const char *w, size_t n, enum face f, int flags)
{
	char	*word, *pts;
	size_t	 i, start;
	double	 hw;

	if (n == 0)
		return;
	word = xstrndup(w, n);
	pts = xcalloc(n + 1, 1);
	if (p->st->hyphenate && !(flags & (RUN_NOHYPH | RUN_NOBREAK)))
		layout_hyphenate(p->L, word, pts);
	else if (!(flags & (RUN_NOHYPH | RUN_NOBREAK))) {
		/* Explicit hyphens still break, but not inside names and
		 * amounts in words ("vingt-cinq", "Marie-Madeleine"). */
		for (i = 1; i + 2 < n; i++)
			if (word[i] == '-' && strpbrk(word, "0123456789")
			    == NULL)
				pts[i] = 2;
	}
	hw = font_width(p->L->fs, f, "-", p->st->size);
	for (start = 0, i = 0; i < n; i++) {
		if (pts[i] == 0)
			continue;
		box_fit(p, word + start, i + 1 - start, f);
		if (pts[i] == 1) {
			pen_add(p, PEN_HYPHEN, hw, 1, CL_HYPH);
			p->e[p->n - 1].hyphen = 1;
		} else
			pen_add(p, PEN_EXPLICIT, 0, 1, CL_NORMAL);
		start = i + 1;
	}
	box_fit(p, word + start, n - start, f);
	free(pts);
	free(word);
}

/* The glue between words, after a word in face f. */
static void
space_add(struct para *p, enum face f)
{
	double	 sp, S;

	if (p->n == 0 || p->e[p->n - 1].kind == EL_GLUE)
		return;
	sp = font_width(p->L->fs, f, " ", p->st->size);
	if (!p->ragged) {
		glue_add(p, sp, sp / 2, sp / 3, 0);
		return;
	}
	S = 4 * p->st->size;
	glue_add(p, 0, S, 0, 1);
	pen_add(p, 0, 0, 0, CL_NORMAL);
	glue_add(p, sp, -S, 0, 1);
}

/* Drop trailing glue (and the penalty of a ragged space). */
static void
trim_end(struct para *p)
{
	while (p->n > 0 && (p->e[p->n - 1].kind == EL_GLUE ||
	    (p->e[p->n - 1].kind == EL_PEN && p->e[p->n - 1].pen == 0)))
		p->n--;
}

static void
para_free(struct para *p)
{
	size_t	 i;

	for (i = 0; i < p->n; i++)
		free(p->e[i].text);
	free(p->e);
}

/* Build the elements of paragraph b; pageno and npages fill {page}. */
static void
para_build(struct para *p, const struct block *b, int pageno, int npages)
{
	struct buf	 w = BUF_INIT, t = BUF_INIT;
	enum face	 wf = FACE_REGULAR;
	int		 wflags = 0;
	char		 num[32];
	const char	*text, *fr, *nx;
	long		 glue;
	size_t		 i, j, len, nl;
	long		 cp;

	for (i = 0; i < b->nruns; i++) {
		const struct run *r = &b->runs[i];

		if (r->kind == RUN_BR) {
			word_add(p, w.s, w.len, wf, wflags);
			buf_truncate(&w, 0);
			trim_end(p);
			glue_add(p, 0, ST_INF, 0, 1);
			pen_add(p, -PEN_INF, 0, 0, CL_NORMAL);
			continue;
		}
		if (r->kind == RUN_TEXT)
			text = r->text;
		else {
			snprintf(num, sizeof(num), "%d",
			    r->kind == RUN_PAGE ? pageno : npages);
			text = num;
		}
		buf_truncate(&t, 0);
		text_french_spacing(&t, text);
		fr = buf_str(&t);
		if (w.len > 0 && (wf != r->face || wflags != r->flags)) {
			word_add(p, w.s, w.len, wf, wflags);
			buf_truncate(&w, 0);
		}
		wf = r->face;
		wflags = r->flags;
		for (j = 0; fr[j] != '\0'; j += len) {
			cp = utf8_decode(fr + j, t.len - j, &len);
			if (cp == ' ' || cp == '\t' || cp == '\n' ||
			    cp == '\r') {
				if (r->flags & RUN_NOBREAK) {
					buf_puts(&w, UTF8_NBSP);
					continue;
				}
				/* The typography of spaces between runs too:
				 * "n° {id}", "{percent} %". */
				nx = fr[j + len] != '\0' ? fr + j + len :
				    i + 1 < b->nruns &&
				    b->runs[i + 1].kind == RUN_TEXT ?
				    b->runs[i + 1].text : "";
				while (*nx == ' ')
					nx++;
				nl = fr[j + len] != '\0' ?
				    t.len - (size_t)(nx - fr) : strlen(nx);
				if ((glue = text_glue(w.s, w.len, nx, nl)) !=
				    0) {
					buf_puts(&w, glue == 0x202F ?
					    UTF8_NNBSP : UTF8_NBSP);
					continue;
				}
				word_add(p, w.s, w.len, wf, wflags);
				buf_truncate(&w, 0);
				if (p->n > 0 && p->e[p->n - 1].kind != EL_PEN)
					space_add(p, wf);
				continue;
			}
			buf_add(&w, fr + j, len);
		}
	}
	word_add(p, w.s, w.len, wf, wflags);
	buf_free(&w);
	buf_free(&t);
	trim_end(p);
	glue_add(p, 0, ST_INF, 0, 1);
	pen_add(p, -PEN_INF, 0, 0, CL_NORMAL);
}

/* ---------------------------------------------------------------- */
/* Knuth-Plass optimal line breaking                                 */

struct kpnode {
	size_t		 pos;		/* the break's element */
	int		 line;		/* lines before it */
	int		 fit;
	double		 tw, ty, tz;	/* totals where the next line starts */
	double		 dem;
	long		 prev;		/* index in the pool, -1: none */
};

struct kp {
	struct kpnode	*pool;
	size_t		 npool, maxpool;
	size_t		*act;		/* indices of active nodes */
	size_t		 nact, maxact;
	double		*W, *Y, *Z;	/* totals before each element */
};

static size_t
kp_node(struct kp *k, const struct kpnode *n)
{
	if (k->npool == k->maxpool) {
		k->maxpool = k->maxpool ? k->maxpool * 2 : 64;
		k->pool = xrealloc(k->pool, k->maxpool * sizeof(*k->pool));
	}
	k->pool[k->npool] = *n;
	if (k->nact == k->maxact) {
		k->maxact = k->maxact ? k->maxact * 2 : 16;
		k->act = xrealloc(k->act, k->maxact * sizeof(*k->act));
	}
	k->act[k->nact++] = k->npool;
	return k->npool++;
}

/* The adjustment ratio of the line from node a to break b. */
static double
kp_ratio(const struct para *p, const struct kp *k, const struct kpnode *a,
    size_t b)
{
	double	 L, Y, Z, lw;

	L = k->W[b] - a->tw;
	if (p->e[b].kind == EL_PEN)
		L += p->e[b].w;
	Y = k->Y[b] - a->ty;
	Z = k->Z[b] - a->tz;
	lw = a->line == 0 ? p->w0 : p->w;
	if (fabs(L - lw) < 1e-6)
		return 0;
	if (L < lw)
		return Y > 1e-9 ? (lw - L) / Y : R_INF;
	return Z > 1e-9 ? (lw - L) / Z : -R_INF;
}

/* Where the line after a break at b starts (the first box after it). */
static size_t
kp_next(const struct para *p, size_t b)
{
	size_t	 j;

	for (j = b + 1; j < p->n; j++)
		if (p->e[j].kind == EL_BOX ||
		    (p->e[j].kind == EL_PEN && p->e[j].pen <= -PEN_INF))
			break;
	return j;
}

/*
 * Find the best breaks with ratios up to thresh, using the classes up to
 * maxcls.  Returns the number of lines and fills *breaks (the caller
 * frees), or 0 when no feasible set of breaks exists.
 */
static size_t
kp_run(const struct para *p, double thresh, enum el_class maxcls,
    size_t **breaks)
{
	struct kp	 k;
	struct kpnode	 n, *a, best[4];
	double		 r, bad, d, pen;
	size_t		 b, i, j, nl = 0;
	long		 bi;
	int		 fit, legal, f;

	memset(&k, 0, sizeof(k));
	k.W = xcalloc(p->n + 1, sizeof(double));
	k.Y = xcalloc(p->n + 1, sizeof(double));
	k.Z = xcalloc(p->n + 1, sizeof(double));
	for (i = 0; i < p->n; i++) {
		k.W[i + 1] = k.W[i] + (p->e[i].kind != EL_PEN ? p->e[i].w : 0);
		k.Y[i + 1] = k.Y[i] + p->e[i].st;
		k.Z[i + 1] = k.Z[i] + p->e[i].sh;
	}
	memset(&n, 0, sizeof(n));
	n.fit = 1;
	n.prev = -1;
	n.pos = (size_t)-1;
	kp_node(&k, &n);
	*breaks = NULL;

	for (b = 0; b < p->n && k.nact > 0; b++) {
		const struct el *e = &p->e[b];

		if (e->kind == EL_GLUE)
			legal = b > 0 && p->e[b - 1].kind == EL_BOX &&
			    !e->nobreak;
		else if (e->kind == EL_PEN)
			legal = e->pen < PEN_INF && e->cls <= maxcls;
		else
			legal = 0;
		if (!legal)
			continue;
		pen = e->kind == EL_PEN ? e->pen : 0;
		for (f = 0; f < 4; f++)
			best[f].dem = INFINITY;
		for (i = 0; i < k.nact; ) {
			a = &k.pool[k.act[i]];
			r = kp_ratio(p, &k, a, b);
			if (r >= -1 && r <= thresh) {
				bad = fabs(r) >= R_INF ? 10000 :
				    100 * fabs(r * r * r);
				if (bad > 10000)
					bad = 10000;
				d = (DEM_LINE + bad) * (DEM_LINE + bad);
				if (pen >= 0)
					d += pen * pen;
				else if (pen > -PEN_INF)
					d -= pen * pen;
				if (e->kind == EL_PEN && e->flagged &&
				    a->pos != (size_t)-1 &&
				    p->e[a->pos].kind == EL_PEN &&
				    p->e[a->pos].flagged)
					d += DEM_FLAGGED;
				fit = r < -0.5 ? 0 : r <= 0.5 ? 1 :
				    r <= 1 ? 2 : 3;
				if (abs(fit - a->fit) > 1)
					d += DEM_FITNESS;
				d += a->dem;
				if (d < best[fit].dem) {
					best[fit].dem = d;
					best[fit].prev = (long)k.act[i];
					best[fit].line = a->line + 1;
				}
			}
			if (r < -1 || pen <= -PEN_INF)
				k.act[i] = k.act[--k.nact];
			else
				i++;
		}
		j = kp_next(p, b);
		for (f = 0; f < 4; f++) {
			if (best[f].dem == INFINITY)
				continue;
			n = best[f];
			n.pos = b;
			n.fit = f;
			n.tw = k.W[j];
			n.ty = k.Y[j];
			n.tz = k.Z[j];
			kp_node(&k, &n);
		}
	}
	/* The best node at the final forced break. */
	bi = -1;
	for (i = 0; i < k.nact; i++)
		if (k.pool[k.act[i]].pos == p->n - 1 && (bi == -1 ||
		    k.pool[k.act[i]].dem < k.pool[bi].dem))
			bi = (long)k.act[i];
	if (bi != -1) {
		for (j = (size_t)bi; k.pool[j].prev != -1;
		    j = (size_t)k.pool[j].prev)
			nl++;
		*breaks = xcalloc(nl, sizeof(**breaks));
		for (i = nl, j = (size_t)bi; k.pool[j].prev != -1;
		    j = (size_t)k.pool[j].prev)
			(*breaks)[--i] = k.pool[j].pos;
	}
	free(k.pool);
	free(k.act);
	free(k.W);
	free(k.Y);
	free(k.Z);
	return nl;
}

/* Last resort: first fit, breaking wherever a line is full. */
static size_t
greedy(const struct para *p, size_t **breaks)
{
	size_t	 i, nl = 0, last = (size_t)-1;
	double	 x = 0, lw = p->w0;

	*breaks = xcalloc(p->n, sizeof(**breaks));
	for (i = 0; i < p->n; i++) {
		const struct el *e = &p->e[i];

		if (e->kind == EL_PEN && e->pen <= -PEN_INF) {
			(*breaks)[nl++] = i;
			x = 0;
			lw = p->w;
			last = (size_t)-1;
			continue;
		}
		if (e->kind == EL_PEN)
			continue;
		if (e->kind == EL_BOX && x + e->w > lw &&
		    last != (size_t)-1) {
			(*breaks)[nl++] = last;
			i = last;
			x = 0;
			lw = p->w;
			last = (size_t)-1;
			while (i + 1 < p->n && p->e[i + 1].kind != EL_BOX)
				i++;
			continue;
		}
		if (e->kind == EL_GLUE && i > 0 && p->e[i - 1].kind == EL_BOX)
			last = i;
		if (x > 0 || e->kind == EL_BOX)
			x += e->w;
	}
	return nl;
}

/* A laid-out line: items with x set and y = 0 (the baseline). */
struct line {
	struct item	*it;
	size_t		 n;
};

struct lines {
	struct line	*l;
	size_t		 n;
	double		 leading;
	double		 base;		/* baseline below the line's top */
	double		 loose;		/* the widest word space of a justified
					   line but the last, in normal spaces */
	int		 wrapped;	/* a min-size style still had to wrap */
};

static void
lines_free(struct lines *ls)
{
	size_t	 i, j;

	for (i = 0; i < ls->n; i++) {
		for (j = 0; j < ls->l[i].n; j++)
			free(ls->l[i].it[j].text);
		free(ls->l[i].it);
	}
	free(ls->l);
	ls->l = NULL;
	ls->n = 0;
}

/* Turn the breaks into lines of TEXT items, starting at x0. */
static void
para_lines(const struct para *p, const size_t *br, size_t nbr, double x0,
    int rgb, struct lines *ls)
{
	const struct style *st = p->st;
	struct item	 cur;
	struct line	*ln;
	size_t		 i, s, b, k;
	double		 x, lw, L, Y, Z, r, nat, gw;
	int		 open, last, prevbox;

	ls->l = xcalloc(nbr ? nbr : 1, sizeof(*ls->l));
	ls->n = nbr;
	for (s = 0, i = 0; i < nbr; i++) {
		b = br[i];
		ln = &ls->l[i];
		ln->it = xcalloc(b - s + 1, sizeof(*ln->it));
		lw = i == 0 ? p->w0 : p->w;
		L = Y = Z = nat = 0;
		for (k = s; k < b; k++)
			if (p->e[k].kind != EL_PEN) {
				L += p->e[k].w;
				Y += p->e[k].st;
				Z += p->e[k].sh;
			}
		if (p->e[b].kind == EL_PEN)
			L += p->e[b].w;
		last = p->e[b].kind == EL_PEN && p->e[b].pen <= -PEN_INF;
		if (fabs(L - lw) < 1e-9)
			r = 0;
		else if (L < lw)
			r = Y > 1e-9 ? (lw - L) / Y : 0;
		else
			r = Z > 1e-9 ? (lw - L) / Z : 0;
		if (r < -1)
			r = -1;
		if (p->ragged || (last && r > 0))
			r = 0;
		/* A space stretches by r times half its width. */
		if (1 + r / 2 > ls->loose)
			ls->loose = 1 + r / 2;
		x = (i == 0 ? x0 + st->first_indent : x0);
		if (p->ragged && st->align != ALIGN_LEFT) {
			nat = L;
			if (st->align == ALIGN_RIGHT)
				x += lw - nat;
			else
				x += (lw - nat) / 2;
		}
		open = prevbox = 0;
		memset(&cur, 0, sizeof(cur));
		for (k = s; k <= b; k++) {
			const struct el *e = &p->e[k];

			if (e->kind == EL_BOX) {
				if (open && prevbox && cur.face == e->face) {
					cur.text = xrealloc(cur.text,
					    strlen(cur.text) +
					    strlen(e->text) + 1);
					strcat(cur.text, e->text);
					cur.w += e->w;
				} else {
					if (open)
						ln->it[ln->n++] = cur;
					memset(&cur, 0, sizeof(cur));
					cur.kind = ITEM_TEXT;
					cur.x = x;
					cur.face = e->face;
					cur.size = st->size;
					cur.h = st->size;
					cur.text = xstrdup(e->text);
					cur.w = e->w;
					cur.color = st->color;
					open = 1;
				}
				x += e->w;
				prevbox = 1;
			} else if (e->kind == EL_GLUE && k < b) {
				gw = e->w + (r > 0 ? r * e->st : r * e->sh);
				if (e->st == ST_INF)
					gw = e->w;
				x += gw;
				prevbox = 0;
			} else if (e->kind == EL_PEN && k == b && e->hyphen &&
			    open) {
				cur.text = xrealloc(cur.text,
				    strlen(cur.text) + 2);
				strcat(cur.text, "-");
				cur.w += e->w;
				cur.hyphen = 1;
			}
		}
		if (open)
			ln->it[ln->n++] = cur;
		(void)rgb;
		s = kp_next(p, b);
	}
}

/* Break paragraph b set in style st: fills p and *br, returns the lines. */
static size_t
para_try(const struct layout *L, const struct block *b,
    const struct style *st, double w, int pageno, int npages, struct para *p,
    size_t **br)
{
	size_t		 nbr;

	memset(p, 0, sizeof(*p));
	*br = NULL;
	p->L = L;
	p->st = st;
	p->ragged = st->align != ALIGN_JUSTIFY;
	p->w = w - st->indent - st->right_indent;
	p->w0 = p->w - st->first_indent;
	if (p->w < st->size)
		p->w = st->size;
	if (p->w0 < st->size)
		p->w0 = st->size;
	para_build(p, b, pageno, npages);
	if (p->n <= 2) {	/* empty: no lines */
		nbr = 0;
	} else if ((nbr = kp_run(p, 1, CL_NORMAL, br)) == 0 &&
	    (nbr = kp_run(p, 2.5, CL_HYPH, br)) == 0 &&
	    (nbr = kp_run(p, R_INF, CL_EMERG, br)) == 0)
		nbr = greedy(p, br);
	return nbr;
}

/* Whether a line of the breaks ends elsewhere than at a <br/> or the end. */
static int
para_wrapped(const struct para *p, const size_t *br, size_t nbr)
{
	size_t	 i;

	for (i = 0; i < nbr; i++)
		if (p->e[br[i]].kind != EL_PEN || p->e[br[i]].pen > -PEN_INF)
			return 1;
	return 0;
}

/*
 * Break paragraph b into lines of width w (minus its indents).  A style
 * with a min-size (an address block: one line per line, measured by the
 * font's widths) is set smaller, a quarter point at a time, until no line
 * has to wrap; ls->wrapped says when even its min-size does not do.
 */
static void
para_break(const struct layout *L, const struct block *b, double x,
    double w, int pageno, int npages, struct lines *ls)
{
	struct para	 p;
	struct style	 small;
	size_t		*br = NULL, nbr;
	const struct style *st = b->style;
	double		 asc, desc;

	nbr = para_try(L, b, st, w, pageno, npages, &p, &br);
	if (st->min_size > 0 && para_wrapped(&p, br, nbr)) {
		small = *st;
		while (small.size - 0.25 >= st->min_size - 1e-9 &&
		    para_wrapped(&p, br, nbr)) {
			small.size -= 0.25;
			free(br);
			para_free(&p);
			nbr = para_try(L, b, &small, w, pageno, npages, &p,
			    &br);
		}
		ls->wrapped = para_wrapped(&p, br, nbr);
	}
	para_lines(&p, br, nbr, x + st->indent, 0, ls);
	asc = font_ascent(L->fs, st->face) * p.st->size / 1000;
	desc = -font_descent(L->fs, st->face) * p.st->size / 1000;
	ls->leading = st->leading;
	ls->base = (st->leading - asc - desc) / 2 + asc;
	free(br);
	para_free(&p);
}

/* ---------------------------------------------------------------- */
/* Pages                                                             */

struct flow {
	const struct layout	*L;
	const struct doc	*doc;
	struct pages		*out;
	struct diag		*d;
	const char		*appid;
	struct page		*pg;		/* NULL: none yet */
	size_t			 pgi;
	double			 ox, oy;	/* the trim box's lower left */
	double			 W, H;		/* the trim size */
	double			 m;		/* media margin around the trim */
	double			 bleed;
	int			 marks;
	double			 left, width;	/* the column */
	double			 top, bottom;	/* the body's limits */
	double			 y;		/* the cursor, going down */
	int			 nobreak;	/* a frame or a cell: no pages */
	int			 used;		/* the page has content */
	int			 pageno, npages;
	double			 folds[4];
	int			 nfolds;
};

static void
emit(struct flow *f, struct item *it)
{
	page_add(f->pg, it);
	f->used = 1;
}

/* A crop mark (dash 0), or a fold mark (dashed, so that nobody cuts on
 * it). */
static void
mark(struct flow *f, double x, double y, double w, double h, double dash)
{
	struct item	 it;

	memset(&it, 0, sizeof(it));
	it.kind = ITEM_LINE;
	it.dash = dash;
	it.x = x;
	it.y = y;
	it.w = w;
	it.h = h;
	it.stroke = 1;
	it.line_width = 0.25;
	it.stroke_color.cs = CS_CMYK;
	it.stroke_color.c[3] = 1;
	page_add(f->pg, &it);
}

static void
new_page(struct flow *f)
{
	const struct pagesetup *ps = &f->doc->page;
	double	 off, len = MM(5), x0, y0, x1, y1;
	int	 i;

	f->pg = pages_add(f->out, f->W + 2 * f->m, f->H + 2 * f->m);
	f->pgi = f->out->npages - 1;
	f->used = 0;
	if (f->bleed > 0 || f->marks) {
		f->pg->has_boxes = 1;
		f->pg->trim[0] = f->ox;
		f->pg->trim[1] = f->oy;
		f->pg->trim[2] = f->ox + f->W;
		f->pg->trim[3] = f->oy + f->H;
		f->pg->bleed[0] = f->ox - f->bleed;
		f->pg->bleed[1] = f->oy - f->bleed;
		f->pg->bleed[2] = f->ox + f->W + f->bleed;
		f->pg->bleed[3] = f->oy + f->H + f->bleed;
	}
	f->left = f->ox + ps->margin[3];
	f->width = f->W - ps->margin[1] - ps->margin[3];
	f->top = f->y = f->oy + f->H - ps->margin[0];
	f->bottom = f->oy + ps->margin[2];
	if (!f->marks)
		return;
	off = f->bleed > MM(3) ? f->bleed : MM(3);
	x0 = f->ox;
	y0 = f->oy;
	x1 = f->ox + f->W;
	y1 = f->oy + f->H;
	mark(f, x0 - off - len, y0, len, 0, 0);
	mark(f, x0 - off - len, y1, len, 0, 0);
	mark(f, x1 + off, y0, len, 0, 0);
	mark(f, x1 + off, y1, len, 0, 0);
	mark(f, x0, y0 - off - len, 0, len, 0);
	mark(f, x1, y0 - off - len, 0, len, 0);
	mark(f, x0, y1 + off, 0, len, 0);
	mark(f, x1, y1 + off, 0, len, 0);
	for (i = 0; i < f->nfolds; i++) {
		mark(f, x0 + f->folds[i], y0 - off - len, 0, len, 2);
		mark(f, x0 + f->folds[i], y1 + off, 0, len, 2);
	}
}

static int
at_top(const struct flow *f)
{
	return f->y >= f->top - 1e-6;
}

/* Start a new page if h does not fit below the cursor (and could help). */
static void
need(struct flow *f, double h)
{
	if (f->nobreak || f->y - h >= f->bottom - 1e-6 || at_top(f))
		return;
	new_page(f);
}

static double
len_of(const struct len *l, double ref, double dflt)
{
	switch (l->u) {
	case LEN_PT:
		return l->v;
	case LEN_PCT:
		return ref * l->v / 100;
	default:
		return dflt;
	}
}

static void	flow_blocks(struct flow *, const struct block *, size_t);

/* Place the lines [from, to) with the first line's top at the cursor. */
static void
place_lines(struct flow *f, const struct lines *ls, size_t from, size_t to)
{
	struct item	 it;
	size_t		 i, j;

	for (i = from; i < to; i++) {
		for (j = 0; j < ls->l[i].n; j++) {
			it = ls->l[i].it[j];
			it.y = f->y - ls->base;
			emit(f, &it);
		}
		f->y -= ls->leading;
	}
}

static double	measure(struct flow *, const struct block *, size_t,
		    double, double, struct page *);
static void	scratch_free(struct page *);
static double	table_lead(struct flow *, const struct block *);

/* The lines of paragraph b that must stay together at a page's foot. */
static size_t
para_min_lines(size_t n)
{
	/* Two lines on each side of a break: under four, all of them. */
	return n < 4 ? n : 2;
}

/*
 * The height that blocks[0] needs below the cursor to start on this page
 * rather than move on: the first lines a paragraph keeps together, a
 * table's header and first rows, a <keep> or an image whole.  With chain,
 * a keep-with-next paragraph needs all of itself and the lead of what
 * follows it (through spaces and further keep-with-next paragraphs).
 */
static double
lead_height(struct flow *f, const struct block *b, size_t n, int chain)
{
	struct lines	 ls;
	struct page	 scratch;
	double		 h = 0;

	if (n == 0)
		return 0;
	switch (b->kind) {
	case BLK_PARA:
		memset(&ls, 0, sizeof(ls));
		para_break(f->L, b, f->left, f->width, f->pageno, f->npages,
		    &ls);
		if (chain && b->style->keep_next && n > 1 && ls.n > 0)
			h = b->style->space_before + ls.n * ls.leading +
			    b->style->space_after +
			    lead_height(f, b + 1, n - 1, chain);
		else if (ls.n > 0)
			h = b->style->space_before +
			    para_min_lines(ls.n) * ls.leading;
		lines_free(&ls);
		return h;
	case BLK_SPACE:
		return b->a.h.v + lead_height(f, b + 1, n - 1, chain);
	case BLK_KEEP:
		h = measure(f, b->kids, b->nkids, f->left, f->width,
		    &scratch);
		scratch_free(&scratch);
		return h <= f->top - f->bottom ? h : 0;
	case BLK_TABLE:
		return table_lead(f, b);
	case BLK_RULE:
		return len_of(&b->a.h, 0, 6);
	case BLK_RECT:
		if (b->a.x.u == LEN_PT && b->a.y.u == LEN_PT)
			return 0;
		return b->a.h.v;
	case BLK_BAR:
	case BLK_IMAGE:
		return b->a.h.v;
	default:
		return 0;
	}
}

/*
 * flow_para: a keep-with-next paragraph moves to the next page unless it
 * and the lead of the blocks after it (next, n of them) fit below the
 * cursor; a chain longer than a page is cut to the paragraph and the
 * lead of the next block alone.
 */
static void
flow_para(struct flow *f, const struct block *b, const struct block *next,
    size_t nnext)
{
	const struct style *st = b->style;
	struct lines	 ls;
	size_t		 i, n, k, take;
	double		 h, fit, room = f->top - f->bottom;

	memset(&ls, 0, sizeof(ls));
	para_break(f->L, b, f->left, f->width, f->pageno, f->npages, &ls);
	n = ls.n;
	/*
	 * A loose line, once per paragraph on the document's own pages (not
	 * while measuring a table cell or a running header).
	 */
	if (ls.loose > LOOSE_MAX && f->pg >= f->out->page &&
	    f->pg < f->out->page + f->out->npages)
		diag_msg(f->d, DIAG_WARNING, 0, f->doc->file, b->line, 0,
		    f->appid, "loose line in «%s»: the best break still "
		    "stretches word spaces to %.1f times their width; set the "
		    "paragraph ragged (align=\"left\") or reword it",
		    f->doc->title != NULL ? f->doc->title : "document",
		    ls.loose);
	if (ls.wrapped && f->pg >= f->out->page &&
	    f->pg < f->out->page + f->out->npages) {
		diag_msg(f->d, DIAG_ERROR, f->appid != NULL ? 1 : EX_DATAERR,
		    f->doc->file, b->line, 0, f->appid, "a line does not "
		    "fit the width of its frame (%.0f mm), even at %.2g pt: "
		    "no document written", f->width / MM(1), st->min_size);
		f->out->failed = 1;
	}
	if (!at_top(f))
		f->y -= st->space_before;
	if (st->keep_next && nnext > 0 && !f->nobreak && !at_top(f)) {
		h = n * ls.leading + st->space_after +
		    lead_height(f, next, nnext, 1);
		if (h > room)
			h = n * ls.leading + st->space_after +
			    lead_height(f, next, nnext, 0);
		if (f->y - h < f->bottom - 1e-6 && h <= room)
			new_page(f);
	}
	for (i = 0; i < n; ) {
		/*
		 * The lines that fit: none when space before pushed the
		 * cursor below the bottom (or a leading of 0 meets no room).
		 */
		fit = floor((f->y - f->bottom + 1e-6) / ls.leading);
		k = f->nobreak || fit >= (double)n ? n : fit > 0 ?
		    (size_t)fit : 0;
		if (n - i <= k) {
			place_lines(f, &ls, i, n);
			break;
		}
		/* Split: at least two lines on each side of the break. */
		take = k < n - i - 2 ? k : n - i - 2;
		if (n - i < 4 || take < 2 || (i == 0 && take < 2))
			take = 0;
		if (take == 0 && at_top(f))
			take = k > 0 ? k : 1;	/* hopeless: fill the page */
		place_lines(f, &ls, i, i + take);
		i += take;
		new_page(f);
	}
	f->y -= st->space_after;
	lines_free(&ls);
}

/* Lay blocks out into a scratch page at (x, top) with width w; return height. */
static double
measure(struct flow *f, const struct block *kids, size_t n, double x,
    double w, struct page *scratch)
{
	struct flow	 sub = *f;

	memset(scratch, 0, sizeof(*scratch));
	sub.pg = scratch;
	sub.left = x;
	sub.width = w;
	sub.top = sub.y = 0;
	sub.bottom = -1e9;
	sub.nobreak = 1;
	flow_blocks(&sub, kids, n);
	return -sub.y;
}

static void
scratch_free(struct page *pg)
{
	size_t	 i;

	for (i = 0; i < pg->nitems; i++)
		free(pg->items[i].text);
	free(pg->items);
	memset(pg, 0, sizeof(*pg));
}

/* Copy a scratch page's items, moved down by dy. */
static void
paste(struct flow *f, const struct page *pg, double dy)
{
	struct item	 it;
	size_t		 i;

	for (i = 0; i < pg->nitems; i++) {
		it = pg->items[i];
		it.y += dy;
		page_add(f->pg, &it);
		f->used = 1;
	}
}

static void
rect(struct flow *f, double x, double y, double w, double h,
    const struct boxattr *a)
{
	struct item	 it;

	memset(&it, 0, sizeof(it));
	it.kind = ITEM_RECT;
	it.x = x;
	it.y = y;
	it.w = w;
	it.h = h;
	it.fill = a->has_fill;
	it.color = a->fill;
	it.stroke = a->has_stroke;
	it.stroke_color = a->stroke;
	it.line_width = a->line_width;
	if (it.fill || it.stroke)
		emit(f, &it);
}

static void
hline(struct flow *f, double x, double y, double w, double lw,
    const struct color *c)
{
	struct item	 it;

	memset(&it, 0, sizeof(it));
	it.kind = ITEM_LINE;
	it.x = x;
	it.y = y;
	it.w = w;
	it.stroke = 1;
	it.line_width = lw;
	if (c != NULL)
		it.stroke_color = *c;
	emit(f, &it);
}

/* Column widths of a table in a column of width w. */
static void
table_cols(const struct block *t, double w, double *cw)
{
	double	 used = 0, stars = 0;
	size_t	 i;

	for (i = 0; i < t->a.ncols; i++) {
		if (t->a.cols[i].u == LEN_STAR) {
			stars += t->a.cols[i].v;
			cw[i] = 0;
		} else {
			cw[i] = len_of(&t->a.cols[i], w, 0);
			used += cw[i];
		}
	}
	for (i = 0; i < t->a.ncols; i++)
		if (t->a.cols[i].u == LEN_STAR)
			cw[i] = used < w ? (w - used) * t->a.cols[i].v / stars :
			    0;
}

/* Lay out a row's cells into scratch pages; return the row's height. */
static double
row_measure(struct flow *f, const struct block *t, const struct block *row,
    const double *cw, struct page *cells)
{
	double	 x = f->left, h = 0, ch, pad = t->a.padding;
	size_t	 c;

	for (c = 0; c < row->nkids && c < t->a.ncols; c++) {
		ch = measure(f, row->kids[c].kids, row->kids[c].nkids,
		    x + pad, cw[c] - 2 * pad, &cells[c]) + 2 * pad;
		if (ch > h)
			h = ch;
		x += cw[c];
	}
	return h;
}

/* Move the items [from, nitems) of pg back to index to (to <= from). */
static void
items_move(struct page *pg, size_t from, size_t to)
{
	struct item	*tmp;
	size_t		 n = pg->nitems - from;

	if (n == 0 || to >= from)
		return;
	tmp = xcalloc(n, sizeof(*tmp));
	memcpy(tmp, &pg->items[from], n * sizeof(*tmp));
	memmove(&pg->items[to + n], &pg->items[to], (from - to) *
	    sizeof(*tmp));
	memcpy(&pg->items[to], tmp, n * sizeof(*tmp));
	free(tmp);
}

/*
 * Place a measured row at the cursor.  *rule is the index on this page
 * of the rule above the row ((size_t)-1: none): the row's and cells'
 * fills go before it, so that no fill paints over a border; it becomes
 * the index of the rule below the row.
 */
static void
row_place(struct flow *f, const struct block *t, const struct block *row,
    const double *cw, struct page *cells, double h, size_t *rule)
{
	double	 x, wsum = 0;
	size_t	 c, before = f->pg->nitems;

	for (c = 0; c < t->a.ncols; c++)
		wsum += cw[c];
	if (row->a.has_fill)
		rect(f, f->left, f->y - h, wsum, h, &row->a);
	for (x = f->left, c = 0; c < row->nkids && c < t->a.ncols; c++) {
		if (row->kids[c].a.has_fill)
			rect(f, x, f->y - h, cw[c], h, &row->kids[c].a);
		x += cw[c];
	}
	if (*rule != (size_t)-1 && *rule < before)
		items_move(f->pg, before, *rule);
	for (c = 0; c < row->nkids && c < t->a.ncols; c++)
		paste(f, &cells[c], f->y - t->a.padding);
	f->y -= h;
	*rule = (size_t)-1;
	if (t->a.border > 0) {
		hline(f, f->left, f->y, wsum, t->a.border, NULL);
		*rule = f->pg->nitems - 1;
	}
}

/* The rule above a table or a row; *rule: its index on the page. */
static void
table_rule(struct flow *f, double w, double lw, size_t *rule)
{
	hline(f, f->left, f->y, w, lw, NULL);
	*rule = f->pg->nitems - 1;
}

/* The height of a table's header rows and first body row (lead_height). */
static double
table_lead(struct flow *f, const struct block *t)
{
	struct page	*cells;
	double		*cw, h;
	size_t		 r, c, last;

	if (t->a.ncols == 0 || t->nkids == 0)
		return 0;
	cw = xcalloc(t->a.ncols, sizeof(*cw));
	cells = xcalloc(t->a.ncols, sizeof(*cells));
	table_cols(t, f->width, cw);
	last = t->a.header > 0 ? (size_t)t->a.header : 0;
	if (last >= t->nkids)
		last = t->nkids - 1;
	h = t->style->space_before;
	for (r = 0; r <= last; r++) {
		h += row_measure(f, t, &t->kids[r], cw, cells);
		for (c = 0; c < t->a.ncols; c++)
			scratch_free(&cells[c]);
	}
	free(cells);
	free(cw);
	return h;
}

static void
flow_table(struct flow *f, const struct block *t)
{
	struct page	*cells;
	double		*cw, h, hh, wsum = 0;
	size_t		 r, c, hdr, rule = (size_t)-1;

	if (t->a.ncols == 0)
		return;
	cw = xcalloc(t->a.ncols, sizeof(*cw));
	cells = xcalloc(t->a.ncols, sizeof(*cells));
	table_cols(t, f->width, cw);
	for (c = 0; c < t->a.ncols; c++)
		wsum += cw[c];
	hdr = t->a.header > 0 ? (size_t)t->a.header : 0;
	if (hdr > t->nkids)
		hdr = t->nkids;
	if (!at_top(f))
		f->y -= t->style->space_before;
	for (r = 0; r < t->nkids; r++) {
		for (c = 0; c < t->a.ncols; c++)
			scratch_free(&cells[c]);
		h = row_measure(f, t, &t->kids[r], cw, cells);
		/* Header rows go with the first body row. */
		hh = h;
		if (r < hdr && hdr < t->nkids) {
			struct page *tmp = xcalloc(t->a.ncols, sizeof(*tmp));
			size_t k;

			for (k = r + 1; k <= hdr; k++) {
				hh += row_measure(f, t, &t->kids[k], cw, tmp);
				for (c = 0; c < t->a.ncols; c++)
					scratch_free(&tmp[c]);
			}
			free(tmp);
		}
		if (!f->nobreak && f->y - hh < f->bottom - 1e-6 &&
		    !at_top(f)) {
			new_page(f);
			rule = (size_t)-1;
			if (r >= hdr && hdr > 0) {
				struct page *tmp = xcalloc(t->a.ncols,
				    sizeof(*tmp));
				size_t k;

				if (t->a.border > 0)
					table_rule(f, wsum, t->a.border,
					    &rule);
				for (k = 0; k < hdr; k++) {
					double hk = row_measure(f, t,
					    &t->kids[k], cw, tmp);

					row_place(f, t, &t->kids[k], cw, tmp,
					    hk, &rule);
					for (c = 0; c < t->a.ncols; c++)
						scratch_free(&tmp[c]);
				}
				free(tmp);
				for (c = 0; c < t->a.ncols; c++)
					scratch_free(&cells[c]);
				h = row_measure(f, t, &t->kids[r], cw, cells);
			}
		}
		if (r == 0 || (at_top(f) && r >= hdr && hdr == 0))
			if (t->a.border > 0)
				table_rule(f, wsum, t->a.border, &rule);
		row_place(f, t, &t->kids[r], cw, cells, h, &rule);
	}
	for (c = 0; c < t->a.ncols; c++)
		scratch_free(&cells[c]);
	f->y -= t->style->space_after;
	free(cells);
	free(cw);
}

static void
flow_frame(struct flow *f, const struct block *b)
{
	struct flow	 sub = *f;
	struct boxattr	 a = b->a;
	double		 x, y, w, h, pad = b->a.padding, hc, lim;
	size_t		 before;

	x = f->ox + b->a.x.v;
	y = f->oy + f->H - b->a.y.v;
	w = b->a.w.v;
	/* The background first: remember where to put it. */
	before = f->pg->nitems;
	sub.left = x + pad;
	sub.width = w - 2 * pad;
	sub.top = sub.y = y - pad;
	sub.bottom = -1e9;
	sub.nobreak = 1;
	flow_blocks(&sub, b->kids, b->nkids);
	hc = sub.top - sub.y + 2 * pad;
	h = b->a.h.u == LEN_PT ? b->a.h.v : hc;
	/*
	 * What does not fit is an error, never a silent overflow: past the
	 * frame's height, or for a frame without one, past the page's
	 * bottom margin (the safe area inside the trim).
	 */
	lim = b->a.h.u == LEN_PT ? h : y - (f->oy + f->doc->page.margin[2]);
	if (hc > lim + 0.01) {
		diag_msg(f->d, DIAG_ERROR, f->appid != NULL ? 1 : EX_DATAERR,
		    f->doc->file, b->line, 0, f->appid, "text does not fit "
		    "its frame (x %.0f mm, y %.0f mm, w %.0f mm, %s %.1f mm): "
		    "%.1f mm too long; no document written", b->a.x.v / MM(1),
		    b->a.y.v / MM(1), w / MM(1), b->a.h.u == LEN_PT ? "h" :
		    "down to the margin,", lim / MM(1), (hc - lim) / MM(1));
		f->out->failed = 1;
	}
	f->used = 1;
	if (a.has_fill) {
		struct item tmp;

		a.has_stroke = 0;
		rect(f, x, y - h, w, h, &a);
		/* Move the background before the content. */
		tmp = f->pg->items[f->pg->nitems - 1];
		memmove(&f->pg->items[before + 1], &f->pg->items[before],
		    (f->pg->nitems - 1 - before) * sizeof(tmp));
		f->pg->items[before] = tmp;
	}
}

static void
flow_block(struct flow *f, const struct block *b, const struct block *next,
    size_t nnext)
{
	struct page	 scratch;
	struct item	 it;
	double		 h, w;

	switch (b->kind) {
	case BLK_PARA:
		flow_para(f, b, next, nnext);
		break;
	case BLK_TABLE:
		flow_table(f, b);
		break;
	case BLK_FRAME:
		flow_frame(f, b);
		break;
	case BLK_KEEP:
		if (!f->nobreak) {
			h = measure(f, b->kids, b->nkids, f->left, f->width,
			    &scratch);
			scratch_free(&scratch);
			if (h <= f->top - f->bottom)
				need(f, h);
		}
		flow_blocks(f, b->kids, b->nkids);
		break;
	case BLK_PAGEBREAK:
		if (b->a.nfolds >= 0) {
			memcpy(f->folds, b->a.folds, sizeof(f->folds));
			f->nfolds = b->a.nfolds;
		}
		if (!f->nobreak && f->used)
			new_page(f);
		break;
	case BLK_SPACE:
		f->y -= b->a.h.v;
		if (!f->nobreak && f->y < f->bottom)
			new_page(f);
		break;
	case BLK_RULE:
		h = len_of(&b->a.h, 0, 6);
		w = len_of(&b->a.w, f->width, f->width);
		need(f, h);
		hline(f, f->left, f->y - h / 2, w, b->a.line_width,
		    &b->a.stroke);
		f->y -= h;
		break;
	case BLK_RECT:
	case BLK_BAR:
		w = len_of(&b->a.w, f->width, f->width);
		if (b->kind == BLK_BAR)
			w *= b->frac;
		h = b->a.h.v;
		if (b->kind == BLK_RECT && b->a.x.u == LEN_PT &&
		    b->a.y.u == LEN_PT) {
			rect(f, f->ox + b->a.x.v, f->oy + f->H - b->a.y.v - h,
			    w, h, &b->a);
			break;
		}
		need(f, h);
		if (w > 0)
			rect(f, f->left, f->y - h, w, h, &b->a);
		f->y -= h;
		break;
	case BLK_IMAGE:
		w = len_of(&b->a.w, f->width, f->width);
		h = b->a.h.v;
		need(f, h);
		memset(&it, 0, sizeof(it));
		it.kind = ITEM_IMAGE;
		it.x = f->left;
		it.y = f->y - h;
		it.w = w;
		it.h = h;
		it.text = b->src;
		emit(f, &it);
		f->y -= h;
		break;
	default:
		break;
	}
}

static void
flow_blocks(struct flow *f, const struct block *kids, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		flow_block(f, &kids[i], i + 1 < n ? &kids[i + 1] : NULL,
		    n - i - 1);
}

/* The running header and footer of every page. */
static void
running(struct flow *f)
{
	const struct doc *doc = f->doc;
	const struct band *band;
	struct page	 scratch;
	size_t		 i;
	double		 h;
	int		 k;

	f->npages = (int)f->out->npages;
	for (i = 0; i < f->out->npages; i++) {
		f->pg = &f->out->page[i];
		f->pageno = (int)i + 1;
		f->left = f->ox + doc->page.margin[3];
		f->width = f->W - doc->page.margin[1] - doc->page.margin[3];
		for (k = 0; k < 2; k++) {
			band = k == 0 ? &doc->header : &doc->footer;
			if (!band->present || (i == 0 && !band->first) ||
			    (f->npages == 1 && !band->single))
				continue;
			h = measure(f, band->b.kids, band->b.nkids, f->left,
			    f->width, &scratch);
			paste(f, &scratch, k == 0 ? f->oy + f->H - band->pos :
			    f->oy + band->pos + h);
			scratch_free(&scratch);
		}
	}
}

/*
 * Cut every rectangle at the bleed (at the page without bleed): a
 * template's backgrounds may reach far out, and so fit whatever bleed
 * the print shop asks for.
 */
static void
clip_rects(struct pages *out)
{
	struct page	*pg;
	struct item	*it;
	double		 x0, y0, x1, y1;
	size_t		 i, j, k;

	for (i = 0; i < out->npages; i++) {
		pg = &out->page[i];
		if (pg->has_boxes) {
			x0 = pg->bleed[0];
			y0 = pg->bleed[1];
			x1 = pg->bleed[2];
			y1 = pg->bleed[3];
		} else {
			x0 = y0 = 0;
			x1 = pg->width;
			y1 = pg->height;
		}
		for (j = k = 0; j < pg->nitems; j++) {
			it = &pg->items[j];
			if (it->kind == ITEM_RECT) {
				if (it->x < x0) {
					it->w -= x0 - it->x;
					it->x = x0;
				}
				if (it->y < y0) {
					it->h -= y0 - it->y;
					it->y = y0;
				}
				if (it->x + it->w > x1)
					it->w = x1 - it->x;
				if (it->y + it->h > y1)
					it->h = y1 - it->y;
				if (it->w <= 0 || it->h <= 0) {
					free(it->text);
					continue;
				}
			}
			pg->items[k++] = *it;
		}
		pg->nitems = k;
	}
}

/*
 * Copy what page src shows between x0 and x1 onto a new page of that
 * width: rectangles and lines cut at the panel, text and images kept
 * when they start inside it.
 */
static void
panel_page(struct pages *out, const struct page *src, double x0, double x1)
{
	struct page	*pg;
	struct item	 it;
	size_t		 i;

	pg = pages_add(out, x1 - x0, src->height);
	for (i = 0; i < src->nitems; i++) {
		it = src->items[i];
		if (it.kind == ITEM_RECT || (it.kind == ITEM_LINE && it.h == 0)) {
			if (it.x < x0) {
				it.w -= x0 - it.x;
				it.x = x0;
			}
			if (it.x + it.w > x1)
				it.w = x1 - it.x;
			if (it.w <= 0)
				continue;
		} else if (it.x < x0 - 0.01 || it.x >= x1)
			continue;
		it.x -= x0;
		page_add(pg, &it);
	}
}

/*
 * A folded document read on a screen: its cover (the first page's last
 * panel) first, then the other pages whole, then the rest of the first
 * page (for the leaflet: cover, inside spread, back and inner flap).
 */
static struct pages *
screen_order(struct pages *in, const double *folds, int nfolds)
{
	struct pages	*out;
	const struct page *p0;
	size_t		 i, j;
	double		 cut;

	if (nfolds < 1 || in->npages < 2)
		return in;
	p0 = &in->page[0];
	cut = folds[nfolds - 1];
	out = pages_new();
	out->failed = in->failed;
	panel_page(out, p0, cut, p0->width);
	for (i = 1; i < in->npages; i++) {
		struct page *pg = pages_add(out, in->page[i].width,
		    in->page[i].height);

		for (j = 0; j < in->page[i].nitems; j++)
			page_add(pg, &in->page[i].items[j]);
	}
	panel_page(out, p0, 0, cut);
	pages_free(in);
	return out;
}

struct pages *
layout_doc(const struct layout *L, const struct doc *doc, int flags,
    struct diag *d, const char *appid)
{
	const struct pagesetup *ps = &doc->page;
	struct flow	 f;

	memset(&f, 0, sizeof(f));
	f.L = L;
	f.doc = doc;
	f.d = d;
	f.appid = appid;
	f.out = pages_new();
	f.W = ps->width;
	f.H = ps->height;
	f.bleed = flags & LAYOUT_NOBLEED ? 0 : L->bleed >= 0 ? L->bleed :
	    ps->bleed;
	f.marks = !(flags & LAYOUT_NOBLEED) && (L->marks >= 0 ? L->marks :
	    ps->marks);
	f.m = f.marks ? (f.bleed > MM(3) ? f.bleed : MM(3)) + MM(6) : f.bleed;
	f.ox = f.oy = f.m;
	memcpy(f.folds, ps->folds, sizeof(f.folds));
	f.nfolds = ps->nfolds;
	new_page(&f);
	flow_blocks(&f, doc->body.kids, doc->body.nkids);
	running(&f);
	clip_rects(f.out);
	if (flags & LAYOUT_NOBLEED)
		f.out = screen_order(f.out, ps->folds, ps->nfolds);
	f.out->title = doc->title != NULL && doc->title[0] != '\0' ?
	    xstrdup(doc->title) : NULL;
	f.out->author = doc->author != NULL && doc->author[0] != '\0' ?
	    xstrdup(doc->author) : NULL;
	f.out->subject = doc->subject != NULL && doc->subject[0] != '\0' ?
	    xstrdup(doc->subject) : NULL;
	return f.out;
}
