/* ttfembed.c: a TrueType subset as a PDF embeds it: tables readers never read dropped, outlines at 1 000 units per em. */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ttfembed.h"
#include "util.h"

/* Simple glyph flags. */
#define ON_CURVE	0x01
#define X_SHORT		0x02
#define Y_SHORT		0x04
#define REPEAT		0x08
#define X_SAME		0x10	/* X_SHORT: positive; else: delta 0 */
#define Y_SAME		0x20
#define KEEP_FLAGS	(ON_CURVE | 0x40)	/* on curve, overlap */

/* Composite glyph flags. */
#define ARG_WORDS	0x0001
#define ARGS_XY		0x0002
#define HAVE_SCALE	0x0008
#define MORE		0x0020
#define HAVE_XY_SCALE	0x0040
#define HAVE_2X2	0x0080
#define HAVE_INSTR	0x0100

#define MAXTABLES	32

struct table {
	uint32_t	 tag;
	const unsigned char *p;		/* input data */
	size_t		 len;
	struct buf	 out;		/* rewritten data (when own) */
	int		 own;
};

static unsigned
u16(const unsigned char *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

static int
s16(const unsigned char *p)
{
	return (int)(int16_t)(uint16_t)u16(p);
}

static uint32_t
u32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

static void
w16(unsigned char *p, unsigned v)
{
	p[0] = (unsigned char)(v >> 8);
	p[1] = (unsigned char)v;
}

static void
w32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

static void
put16(struct buf *b, unsigned v)
{
	unsigned char	 c[2];

	w16(c, v);
	buf_add(b, (const char *)c, 2);
}

/* Half of v, rounded to the nearest, half away from zero. */
static int
half(int v)
{
	return v >= 0 ? (v + 1) / 2 : -((-v + 1) / 2);
}

/* Halve the signed 16-bit value at p in place. */
static void
half16(unsigned char *p)
{
	w16(p, (unsigned)(uint16_t)half(s16(p)));
}

static struct table *
find(struct table *t, int n, const char *tag)
{
	uint32_t	 g = u32((const unsigned char *)tag);
	int		 i;

	for (i = 0; i < n; i++)
		if (t[i].tag == g)
			return &t[i];
	return NULL;
}

/*
 * One axis of a simple glyph's np points (shrt and same: that axis's
 * two flag bits), its deltas read from *pp (up to e) into absolute
 * coordinates, halved, in c.  0, or -1 when the glyph ends first.
 */
static int
axis_read(const unsigned char **pp, const unsigned char *e,
    const unsigned char *fl, size_t np, unsigned shrt, unsigned same, int *c)
{
	const unsigned char *p = *pp;
	size_t		 i;
	int		 v;

	for (v = 0, i = 0; i < np; i++) {
		if (fl[i] & shrt) {
			if (p >= e)
				return -1;
			v += fl[i] & same ? *p : -*p;
			p++;
		} else if (!(fl[i] & same)) {
			if (e - p < 2)
				return -1;
			v += s16(p);
			p += 2;
		}
		c[i] = half(v);
	}
	*pp = p;
	return 0;
}

/* Delta d of one axis written at *wp in its shortest form; its flag
 * bits (of shrt and same) returned. */
static unsigned char
axis_put(int d, unsigned shrt, unsigned same, unsigned char **wp)
{
	if (d == 0)
		return (unsigned char)same;
	if (d > -256 && d < 256) {
		*(*wp)++ = (unsigned char)(d < 0 ? -d : d);
		return (unsigned char)(shrt | (d > 0 ? same : 0));
	}
	w16(*wp, (unsigned)(uint16_t)d);
	*wp += 2;
	return 0;
}

/* A simple glyph of nc contours, g[0..len), rescaled into b. */
static int
simple(const unsigned char *g, size_t len, int nc, struct buf *b)
{
	const unsigned char *p = g + 10, *e = g + len;
	unsigned char	*fl = NULL, *w, *xw, *yw, *xs0, *ys0, fls[256];
	int		*x = NULL, *y = NULL, xs[256], ys[256];
	size_t		 np, i, j, ni;
	int		 rc = -1;

	if (len < 10 + 2 * (size_t)nc + 2)
		return -1;
	np = u16(p + 2 * (nc - 1)) + 1;
	p += 2 * nc;
	ni = u16(p);
	p += 2;
	if ((size_t)(e - p) < ni)
		return -1;
	buf_add(b, (const char *)g, (size_t)(p - g) + ni);	/* header */
	p += ni;
	if (np <= 256) {	/* most glyphs: no allocation */
		fl = fls;
		x = xs;
		y = ys;
	} else {
		fl = xmalloc(np);
		x = xmalloc(np * sizeof(*x));
		y = xmalloc(np * sizeof(*y));
	}
	for (i = 0; i < np; ) {
		unsigned char f;

		if (p >= e)
			goto out;
		f = *p++;
		fl[i++] = f;
		if (f & REPEAT) {
			if (p >= e)
				goto out;
			for (j = *p++; j > 0; j--) {
				if (i >= np)
					goto out;
				fl[i++] = f;
			}
		}
	}
	/* The coordinates, halved as they are read. */
	if (axis_read(&p, e, fl, np, X_SHORT, X_SAME, x) == -1 ||
	    axis_read(&p, e, fl, np, Y_SHORT, Y_SAME, y) == -1)
		goto out;
	/*
	 * The new flags and deltas: x after the flags' worst case (a flag
	 * a point), y after x's (two bytes a point); the flags' runs then
	 * close up, and x and y move down behind them.
	 */
	buf_grow(b, 5 * np);
	w = (unsigned char *)b->s + b->len;
	xw = w + np;
	yw = xw + 2 * np;
	for (i = 0; i < np; i++) {
		fl[i] = (fl[i] & KEEP_FLAGS) |
		    axis_put(x[i] - (i > 0 ? x[i - 1] : 0), X_SHORT, X_SAME,
		    &xw) |
		    axis_put(y[i] - (i > 0 ? y[i - 1] : 0), Y_SHORT, Y_SAME,
		    &yw);
	}
	xs0 = w + np;
	ys0 = xs0 + 2 * np;
	for (i = 0; i < np; i = j) {
		for (j = i + 1; j < np && fl[j] == fl[i] && j - i < 256; j++)
			;
		if (j - i > 2) {
			*w++ = fl[i] | REPEAT;
			*w++ = (unsigned char)(j - i - 1);
		} else {
			*w++ = fl[i];
			j = i + 1;
		}
	}
	memmove(w, xs0, (size_t)(xw - xs0));
	w += xw - xs0;
	memmove(w, ys0, (size_t)(yw - ys0));
	w += yw - ys0;
	b->len = (size_t)(w - (unsigned char *)b->s);
	b->s[b->len] = '\0';
	rc = 0;
out:
	if (fl != fls) {
		free(fl);
		free(x);
		free(y);
	}
	return rc;
}

/* A composite glyph g[0..len), its offsets halved, into b. */
static int
composite(const unsigned char *g, size_t len, struct buf *b)
{
	const unsigned char *p = g + 10, *e = g + len;
	unsigned	 f, all = 0;
	int		 a1, a2;
	size_t		 n, at;

	buf_add(b, (const char *)g, 10);
	do {
		if (e - p < 4)
			return -1;
		f = u16(p);
		all |= f;
		at = b->len;
		buf_add(b, (const char *)p, 4);
		p += 4;
		if (f & ARG_WORDS) {
			if (e - p < 4)
				return -1;
			a1 = s16(p);
			a2 = s16(p + 2);
			p += 4;
		} else {
			if (e - p < 2)
				return -1;
			a1 = (f & ARGS_XY) ? (int)(int8_t)p[0] : p[0];
			a2 = (f & ARGS_XY) ? (int)(int8_t)p[1] : p[1];
			p += 2;
		}
		if (f & ARGS_XY) {
			a1 = half(a1);
			a2 = half(a2);
			if (a1 >= -128 && a1 <= 127 && a2 >= -128 && a2 <= 127)
				f &= ~(unsigned)ARG_WORDS;
			else
				f |= ARG_WORDS;
			w16((unsigned char *)b->s + at, f);
		}
		if (f & ARG_WORDS) {
			put16(b, (unsigned)(uint16_t)a1);
			put16(b, (unsigned)(uint16_t)a2);
		} else {
			buf_putc(b, a1 & 0xFF);
			buf_putc(b, a2 & 0xFF);
		}
		n = f & HAVE_SCALE ? 2 : f & HAVE_XY_SCALE ? 4 :
		    f & HAVE_2X2 ? 8 : 0;
		if ((size_t)(e - p) < n)
			return -1;
		buf_add(b, (const char *)p, n);
		p += n;
	} while (f & MORE);
	if (all & HAVE_INSTR) {
		if (e - p < 2 || (size_t)(e - p - 2) < u16(p))
			return -1;
		buf_add(b, (const char *)p, 2 + (size_t)u16(p));
	}
	return 0;
}

/*
 * Glyphs already rescaled, by their bytes: a subset is made for nearly
 * every letter (the cache of subsets is keyed by the exact characters),
 * and its glyphs are mostly the same few hundred of the face.  A glyph
 * is the same bytes in every subset that has it, but for a composite's
 * component numbers, which are part of the key.  At most GC_MAX glyphs,
 * kept for the process; a mutex guards them.
 */
#define GC_SLOTS	4096		/* a power of 2 */
#define GC_MAX		(GC_SLOTS / 2)

struct gent {
	uint64_t	 h;
	unsigned char	*in, *out;	/* out follows in, one allocation */
	size_t		 inlen, outlen;
};

static struct gent	 gc[GC_SLOTS];
static size_t		 gc_n;
static pthread_mutex_t	 gc_lock = PTHREAD_MUTEX_INITIALIZER;

static uint64_t
gc_hash(const unsigned char *p, size_t n)
{
	uint64_t	 h = 0xcbf29ce484222325ULL;

	while (n-- > 0)
		h = (h ^ *p++) * 0x100000001b3ULL;
	return h;
}

/* Append the rescaled glyph of bytes p[0..n) to b and return 1, or 0. */
static int
gc_get(const unsigned char *p, size_t n, struct buf *b)
{
	uint64_t	 h = gc_hash(p, n);
	size_t		 i;
	int		 found = 0;

	pthread_mutex_lock(&gc_lock);
	for (i = h & (GC_SLOTS - 1); gc[i].in != NULL;
	    i = (i + 1) & (GC_SLOTS - 1))
		if (gc[i].h == h && gc[i].inlen == n &&
		    memcmp(gc[i].in, p, n) == 0) {
			buf_add(b, (const char *)gc[i].out, gc[i].outlen);
			found = 1;
			break;
		}
	pthread_mutex_unlock(&gc_lock);
	return found;
}

static void
gc_put(const unsigned char *p, size_t n, const char *out, size_t outlen)
{
	uint64_t	 h = gc_hash(p, n);
	size_t		 i;

	pthread_mutex_lock(&gc_lock);
	if (gc_n < GC_MAX) {
		for (i = h & (GC_SLOTS - 1); gc[i].in != NULL;
		    i = (i + 1) & (GC_SLOTS - 1))
			if (gc[i].h == h && gc[i].inlen == n &&
			    memcmp(gc[i].in, p, n) == 0)
				break;
		if (gc[i].in == NULL) {
			gc[i].h = h;
			gc[i].in = xmalloc(n + outlen + 1);
			memcpy(gc[i].in, p, n);
			gc[i].out = gc[i].in + n;
			memcpy(gc[i].out, out, outlen);
			gc[i].inlen = n;
			gc[i].outlen = outlen;
			gc_n++;
		}
	}
	pthread_mutex_unlock(&gc_lock);
}

/* glyf and loca rescaled; head's loca format set. */
static int
outlines(struct table *head, struct table *loca, struct table *glyf,
    unsigned nglyphs)
{
	struct buf	 g = BUF_INIT;
	uint32_t	*off;
	unsigned	 i, fmt = u16(head->p + 50);
	size_t		 s, e, start;
	int		 nc, rc = -1;

	if (fmt > 1 || loca->len < (size_t)(nglyphs + 1) * (fmt ? 4 : 2))
		return -1;
	off = xmalloc((nglyphs + 1) * sizeof(*off));
	buf_grow(&g, glyf->len + glyf->len / 4);
	for (i = 0; i < nglyphs; i++) {
		s = fmt ? u32(loca->p + 4 * i) : 2 * (size_t)u16(loca->p + 2 * i);
		e = fmt ? u32(loca->p + 4 * i + 4) :
		    2 * (size_t)u16(loca->p + 2 * i + 2);
		off[i] = (uint32_t)g.len;
		if (e < s || e > glyf->len)
			goto out;
		if (e == s)
			continue;
		if (e - s < 10)
			goto out;
		start = g.len;
		if (gc_get(glyf->p + s, e - s, &g))
			goto pad;
		nc = s16(glyf->p + s);
		if (nc >= 0 && (nc == 0 ?
		    (buf_add(&g, (const char *)glyf->p + s, 10), 0) :
		    simple(glyf->p + s, e - s, nc, &g)) == -1)
			goto out;
		if (nc < 0 && composite(glyf->p + s, e - s, &g) == -1)
			goto out;
		for (nc = 2; nc < 10; nc += 2)	/* the bounding box */
			half16((unsigned char *)g.s + start + nc);
		gc_put(glyf->p + s, e - s, g.s + start, g.len - start);
pad:
		if (g.len % 2)
			buf_putc(&g, 0);
	}
	off[nglyphs] = (uint32_t)g.len;
	fmt = g.len > 0x1FFFE;
	loca->own = glyf->own = 1;
	for (i = 0; i <= nglyphs; i++) {
		if (fmt) {
			put16(&loca->out, off[i] >> 16);
			put16(&loca->out, off[i] & 0xFFFF);
		} else
			put16(&loca->out, off[i] / 2);
	}
	glyf->out = g;
	memset(&g, 0, sizeof(g));
	w16((unsigned char *)head->out.s + 50, fmt);
	rc = 0;
out:
	free(off);
	buf_free(&g);
	return rc;
}

/* Copy table t's data to be changed in place. */
static unsigned char *
own(struct table *t)
{
	if (!t->own) {
		buf_add(&t->out, (const char *)t->p, t->len);
		t->own = 1;
	}
	return (unsigned char *)t->out.s;
}

static uint32_t
checksum(const unsigned char *p, size_t n)
{
	uint32_t	 s = 0;
	size_t		 i;

	for (i = 0; i + 4 <= n; i += 4)
		s += u32(p + i);
	if (i < n) {
		unsigned char last[4] = { 0, 0, 0, 0 };

		memcpy(last, p + i, n - i);
		s += u32(last);
	}
	return s;
}

static int
by_tag(const void *a, const void *b)
{
	const struct table *x = a, *y = b;

	return x->tag < y->tag ? -1 : x->tag > y->tag;
}

int
ttf_embed(const unsigned char *in, size_t n, struct buf *out)
{
	struct table	 t[MAXTABLES];
	struct table	*head, *hhea, *hmtx, *maxp, *loca, *glyf, *post;
	unsigned char	*h;
	unsigned	 nt, i, k, nglyphs, nhm, sr, es;
	size_t		 off, base, hoff = 0;
	int		 rc = -1;
	uint32_t	 sum;

	if (n < 12 || (u32(in) != 0x00010000 && u32(in) != 0x74727565))
		return -1;
	nt = u16(in + 4);
	if (nt == 0 || nt > MAXTABLES || n < 12 + 16 * (size_t)nt)
		return -1;
	memset(t, 0, sizeof(t));
	for (i = k = 0; i < nt; i++) {
		const unsigned char *d = in + 12 + 16 * i;
		uint32_t	 o = u32(d + 8), l = u32(d + 12);

		if (o > n || l > n - o)
			return -1;
		if (memcmp(d, "name", 4) == 0 || memcmp(d, "OS/2", 4) == 0)
			continue;
		t[k].tag = u32(d);
		t[k].p = in + o;
		t[k].len = l;
		k++;
	}
	nt = k;
	head = find(t, (int)nt, "head");
	hhea = find(t, (int)nt, "hhea");
	hmtx = find(t, (int)nt, "hmtx");
	maxp = find(t, (int)nt, "maxp");
	loca = find(t, (int)nt, "loca");
	glyf = find(t, (int)nt, "glyf");
	post = find(t, (int)nt, "post");
	if (head == NULL || hhea == NULL || hmtx == NULL || maxp == NULL ||
	    loca == NULL || glyf == NULL || head->len < 54 ||
	    hhea->len < 36 || maxp->len < 6)
		goto out;
	nglyphs = u16(maxp->p + 4);
	nhm = u16(hhea->p + 34);
	if (nhm == 0 || nhm > nglyphs ||
	    hmtx->len < 4 * (size_t)nhm + 2 * (size_t)(nglyphs - nhm))
		goto out;
	h = own(head);
	w32(h + 8, 0);		/* checkSumAdjustment, set below */
	if (u16(head->p + 18) == 2000) {
		w16(h + 18, 1000);
		for (i = 36; i < 44; i += 2)
			half16(h + i);
		h = own(hhea);
		for (i = 4; i < 18; i += 2)	/* ascender .. xMaxExtent */
			half16(h + i);
		h = own(hmtx);
		for (i = 0; i < nhm; i++) {
			w16(h + 4 * i, (u16(h + 4 * i) + 1) / 2);
			half16(h + 4 * i + 2);
		}
		for (i = 0; i < nglyphs - nhm; i++)
			half16(h + 4 * nhm + 2 * i);
		if (post != NULL && post->len >= 12) {
			h = own(post);
			half16(h + 8);
			half16(h + 10);
		}
		if (outlines(head, loca, glyf, nglyphs) == -1)
			goto out;
	}

	/* The file: directory, then the tables in tag order, 4-aligned. */
	qsort(t, nt, sizeof(t[0]), by_tag);
	for (sr = 1, es = 0; sr * 2 <= nt; sr *= 2)
		es++;
	base = out->len;
	buf_grow(out, n);
	buf_add(out, (const char *)in, 4);
	put16(out, nt);
	put16(out, sr * 16);
	put16(out, es);
	put16(out, nt * 16 - sr * 16);
	off = 12 + 16 * (size_t)nt;
	for (i = 0; i < nt; i++) {
		const unsigned char *d = t[i].own ?
		    (const unsigned char *)t[i].out.s : t[i].p;
		size_t	 l = t[i].own ? t[i].out.len : t[i].len;
		unsigned char e[16];

		w32(e, t[i].tag);
		w32(e + 4, checksum(d, l));
		w32(e + 8, (uint32_t)off);
		w32(e + 12, (uint32_t)l);
		buf_add(out, (const char *)e, 16);
		if (t[i].tag == u32((const unsigned char *)"head"))
			hoff = off;
		off += (l + 3) & ~(size_t)3;
	}
	for (i = 0; i < nt; i++) {
		const unsigned char *d = t[i].own ?
		    (const unsigned char *)t[i].out.s : t[i].p;
		size_t	 l = t[i].own ? t[i].out.len : t[i].len;

		buf_add(out, (const char *)d, l);
		while (l++ % 4)
			buf_putc(out, 0);
	}
	sum = checksum((const unsigned char *)out->s + base, out->len - base);
	w32((unsigned char *)out->s + base + hoff + 8, 0xB1B0AFBAu - sum);
	rc = 0;
out:
	for (i = 0; i < MAXTABLES; i++)
		buf_free(&t[i].out);
	return rc;
}
