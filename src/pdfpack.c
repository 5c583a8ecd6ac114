/* pdfpack.c: rewrite libharu's PDF 1.3 output as PDF 1.5 with an object stream and a cross-reference stream. */
#include <ctype.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "pdfpack.h"
#include "util.h"

/*
 * The tokens of the PDF syntax that libharu writes.  A token is the
 * span [s, e) of the input.
 */
enum tt {
	T_END,		/* end of input */
	T_ERR,		/* something libharu does not write */
	T_REG,		/* a number or a keyword (obj, R, true, ...) */
	T_NAME,
	T_STR,		/* (literal string), escapes and all */
	T_HEX,		/* <hex string> */
	T_DOPEN, T_DCLOSE, T_AOPEN, T_ACLOSE
};

struct tok {
	enum tt		 t;
	size_t		 s, e;
};

struct lex {
	const unsigned char *p;
	size_t		 n, i;
};

/* The classes of PDF characters: 0 regular, 1 white space, 2 delimiter. */
static const unsigned char cls[256] = {
	[0] = 1, ['\t'] = 1, ['\n'] = 1, ['\f'] = 1, ['\r'] = 1, [' '] = 1,
	['('] = 2, [')'] = 2, ['<'] = 2, ['>'] = 2, ['['] = 2, [']'] = 2,
	['{'] = 2, ['}'] = 2, ['/'] = 2, ['%'] = 2
};

#define is_ws(c)	(cls[(unsigned char)(c)] == 1)
#define is_regular(c)	(cls[(unsigned char)(c)] == 0)

static void
lex_ws(struct lex *l)
{
	while (l->i < l->n && is_ws(l->p[l->i]))
		l->i++;
}

static struct tok
lex_next(struct lex *l)
{
	struct tok	 t;
	size_t		 depth;
	int		 c;

	lex_ws(l);
	t.s = t.e = l->i;
	t.t = T_END;
	if (l->i >= l->n)
		return t;
	c = l->p[l->i];
	t.t = T_ERR;
	switch (c) {
	case '(':
		depth = 1;
		for (l->i++; l->i < l->n && depth > 0; l->i++) {
			if (l->p[l->i] == '\\')
				l->i++;
			else if (l->p[l->i] == '(')
				depth++;
			else if (l->p[l->i] == ')')
				depth--;
		}
		if (depth == 0 && l->i <= l->n)
			t.t = T_STR;
		else
			l->i = l->n;
		break;
	case '<':
		if (l->i + 1 < l->n && l->p[l->i + 1] == '<') {
			t.t = T_DOPEN;
			l->i += 2;
			break;
		}
		for (l->i++; l->i < l->n && l->p[l->i] != '>'; l->i++)
			if (!is_ws(l->p[l->i]) && !isxdigit(l->p[l->i]))
				return t;
		if (l->i < l->n) {
			l->i++;
			t.t = T_HEX;
		}
		break;
	case '>':
		if (l->i + 1 < l->n && l->p[l->i + 1] == '>') {
			t.t = T_DCLOSE;
			l->i += 2;
		}
		break;
	case '[':
		t.t = T_AOPEN;
		l->i++;
		break;
	case ']':
		t.t = T_ACLOSE;
		l->i++;
		break;
	case '/':
		for (l->i++; l->i < l->n && is_regular(l->p[l->i]); l->i++)
			;
		t.t = T_NAME;
		break;
	default:
		if (!is_regular(c))
			break;		/* ) { } % */
		while (l->i < l->n && is_regular(l->p[l->i]))
			l->i++;
		t.t = T_REG;
		break;
	}
	t.e = l->i;
	return t;
}

/* 1 if token t is the keyword or name kw (a string literal). */
#define tok_is(l, t, kw)	tok_isn(l, t, kw, sizeof(kw) - 1)

static inline int
tok_isn(const struct lex *l, struct tok t, const char *kw, size_t n)
{
	return t.e - t.s == n && memcmp(l->p + t.s, kw, n) == 0;
}

/* The non-negative integer token t, or -1. */
static long
tok_uint(const struct lex *l, struct tok t)
{
	long	 v = 0;
	size_t	 i;

	if (t.t != T_REG || t.e == t.s || t.e - t.s > 9)
		return -1;
	for (i = t.s; i < t.e; i++) {
		if (l->p[i] < '0' || l->p[i] > '9')
			return -1;
		v = v * 10 + (l->p[i] - '0');
	}
	return v;
}

/* What is known of each object of the input. */
struct obj {
	size_t		 off;		/* where "N 0 obj" starts */
	unsigned	 used : 1;	/* in use in the table */
	unsigned	 stream : 1;
	unsigned	 dropped : 1;	/* a stream's /Length, now direct */
	size_t		 bs, be;	/* its body (minified) in bodies */
	size_t		 ds, dl;	/* a stream's data in the input */
	size_t		 index;		/* its place in the object stream */
};

struct pack {
	struct lex	 l;
	struct obj	*o;
	long		 size;		/* the trailer's /Size */
	struct buf	 bodies;
};

/*
 * The value of object num when it is a non-negative integer and nothing
 * else ("N 0 obj 281 endobj"), or -1.
 */
static long
pack_int(struct pack *k, long num)
{
	struct lex	 l = k->l;
	long		 v;

	if (num <= 0 || num >= k->size || !k->o[num].used)
		return -1;
	l.i = k->o[num].off;
	if (tok_uint(&l, lex_next(&l)) != num ||
	    !tok_is(&l, lex_next(&l), "0") || !tok_is(&l, lex_next(&l), "obj"))
		return -1;
	v = tok_uint(&l, lex_next(&l));
	if (!tok_is(&l, lex_next(&l), "endobj"))
		return -1;
	return v;
}

/* Append v in decimal. */
static void
put_uint(struct buf *b, size_t v)
{
	char	 d[24];
	int	 i = sizeof(d);

	do {
		d[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v > 0);
	buf_add(b, d + i, sizeof(d) - (size_t)i);
}

/*
 * Append token t to b, with a space before it only where the two tokens
 * would otherwise run together.  *sep says what the last one needs:
 * 0 nothing, 1 a space before a regular character (it ended with one),
 * 2 a space before anything (the empty name "/").
 */
static void
emit(struct buf *b, const struct lex *l, struct tok t, int *sep)
{
	size_t	 n = t.e - t.s;

	if (b->cap - b->len < n + 2)
		buf_grow(b, n + 2);
	if (*sep == 2 || (*sep == 1 && is_regular(l->p[t.s])))
		b->s[b->len++] = ' ';
	memcpy(b->s + b->len, l->p + t.s, n);
	b->len += n;
	b->s[b->len] = '\0';
	if (t.t == T_NAME && t.e - t.s == 1)
		*sep = 2;
	else
		*sep = is_regular(l->p[t.e - 1]);
}

/*
 * Copy the tokens from the lexer's position up to the keyword "endobj"
 * or "stream" at the outer level (trailer: to the end of the outer
 * dictionary, without its brackets or /Size), minified, into b.  A
 * /Length in the outer dictionary that refers to an integer object is
 * written as the integer; *lenref gets that object's number (0: none)
 * and *len the length (-1: none).  Returns the keyword's token, or a
 * T_ERR token.
 */
static struct tok
pack_body(struct pack *k, struct buf *b, int trailer, long *lenref,
    long *len)
{
	struct lex	*l = &k->l;
	struct tok	 t, t2, t3, bad;
	struct lex	 save;
	int		 depth = 0, reg = 0;
	long		 r, v;

	bad.t = T_ERR;
	bad.s = bad.e = l->i;
	*lenref = 0;
	*len = -1;
	for (;;) {
		t = lex_next(l);
		switch (t.t) {
		case T_END:
		case T_ERR:
			return bad;
		case T_DOPEN:
		case T_AOPEN:
			if (++depth > 32)
				return bad;
			if (trailer && depth == 1)
				continue;
			break;
		case T_DCLOSE:
		case T_ACLOSE:
			if (depth-- == 0)
				return bad;
			if (trailer && depth == 0)
				return t;
			break;
		case T_REG:
			if (!isalpha(l->p[t.s]))
				break;		/* a number */
			/* Past the end of this object. */
			if (tok_is(l, t, "obj") || tok_is(l, t, "endstream"))
				return bad;
			if (depth == 0 && !trailer &&
			    (tok_is(l, t, "endobj") || tok_is(l, t, "stream")))
				return t;
			break;
		case T_NAME:
			if (depth != 1)
				break;
			if (trailer && tok_is(l, t, "/Size")) {
				if (tok_uint(l, lex_next(l)) < 0)
					return bad;
				continue;
			}
			if (trailer || !tok_is(l, t, "/Length"))
				break;
			/* "/Length N 0 R", or "/Length N". */
			save = *l;
			t2 = lex_next(l);
			t3 = lex_next(l);
			r = tok_uint(l, t2);
			if (tok_is(l, t3, "0") && tok_is(l, lex_next(l), "R")) {
				if ((v = pack_int(k, r)) < 0)
					return bad;
				*lenref = r;
				*len = v;
				emit(b, l, t, &reg);
				buf_putc(b, ' ');
				put_uint(b, (size_t)v);
				reg = 1;
				continue;
			}
			*l = save;
			*len = r;
			break;
		default:
			break;
		}
		emit(b, l, t, &reg);
	}
}

/* Read the cross-reference table at xo and the trailer after it. */
static int
pack_xref(struct pack *k, size_t xo, struct buf *trailer)
{
	struct lex	*l = &k->l;
	struct tok	 t;
	long		 first, count, i, lenref, len, max = 0;
	const unsigned char *e;

	l->i = xo;
	if (!tok_is(l, lex_next(l), "xref"))
		return -1;
	k->size = 0;
	for (;;) {
		t = lex_next(l);
		if (tok_is(l, t, "trailer"))
			break;
		first = tok_uint(l, t);
		count = tok_uint(l, lex_next(l));
		if (first < 0 || count < 0 || first + count > 1000000)
			return -1;
		lex_ws(l);
		if (first + count > k->size) {
			k->o = xrealloc(k->o, (size_t)(first + count) *
			    sizeof(*k->o));
			memset(k->o + k->size, 0, (size_t)(first + count -
			    k->size) * sizeof(*k->o));
			k->size = first + count;
		}
		for (i = first; i < first + count; i++) {
			if (l->n - l->i < 20)
				return -1;
			e = l->p + l->i;
			if (e[10] != ' ' || e[16] != ' ' ||
			    (e[17] != 'n' && e[17] != 'f'))
				return -1;
			if (e[17] == 'n') {
				if (memcmp(e + 11, "00000", 5) != 0)
					return -1;	/* generation 0 only */
				k->o[i].off = strtoul((const char *)e, NULL, 10);
				k->o[i].used = 1;
				if (i == 0 || k->o[i].off >= xo)
					return -1;
				max = i;
			}
			l->i += 20;
		}
	}
	if (k->size == 0 || max == 0)
		return -1;
	t = pack_body(k, trailer, 1, &lenref, &len);
	if (t.t != T_DCLOSE)
		return -1;
	return 0;
}

/* Bytes needed for v, at least 1. */
static int
width(size_t v)
{
	int	 w = 1;

	while (v > 0xFF) {
		v >>= 8;
		w++;
	}
	return w;
}

static void
put_be(struct buf *b, size_t v, int w)
{
	while (w-- > 0)
		buf_putc(b, (int)((v >> (8 * w)) & 0xFF));
}

int
pdf_zdeflate(const void *in, size_t n, struct buf *out, int wbits,
    int memlevel)
{
	z_stream	 z;
	uLong		 bound;
	int		 rc;

	if (n > INT_MAX / 2)
		return -1;
	memset(&z, 0, sizeof(z));
	if (deflateInit2(&z, 6, Z_DEFLATED, wbits, memlevel,
	    Z_DEFAULT_STRATEGY) != Z_OK)
		return -1;
	bound = deflateBound(&z, (uLong)n);
	buf_grow(out, bound);
	z.next_in = (Bytef *)(uintptr_t)in;
	z.avail_in = (uInt)n;
	z.next_out = (Bytef *)out->s + out->len;
	z.avail_out = (uInt)bound;
	rc = deflate(&z, Z_FINISH);
	if (rc == Z_STREAM_END) {
		out->len += bound - z.avail_out;
		out->s[out->len] = '\0';
	}
	deflateEnd(&z);
	return rc == Z_STREAM_END ? 0 : -1;
}

int
pdfpack(const unsigned char *in, size_t n, struct buf *out)
{
	struct pack	 k;
	struct lex	*l = &k.l;
	struct tok	 t;
	struct buf	 trailer = BUF_INIT, os = BUF_INIT, z = BUF_INIT;
	struct buf	 xr = BUF_INIT;
	size_t		 xo, i, j, first, nmem = 0, stm, xstm, xoff;
	size_t		 hdr, maxoff, base;
	long		 num, lenref, len;
	int		 rc = -1, ow, iw;

	memset(&k, 0, sizeof(k));
	l->p = in;
	l->n = n;
	if (n < 64 || memcmp(in, "%PDF-1.", 7) != 0 || in[7] < '0' ||
	    in[7] > '9' || in[8] != '\n')
		return -1;
	/* "startxref N %%EOF" at the end. */
	for (i = n - 9; i > n - 64; i--)
		if (memcmp(in + i, "startxref", 9) == 0)
			break;
	if (i == n - 64)
		return -1;
	l->i = i + 9;
	t = lex_next(l);
	if ((num = tok_uint(l, t)) <= 0 || (size_t)num >= n)
		return -1;
	xo = (size_t)num;
	buf_grow(&k.bodies, n);
	if (pack_xref(&k, xo, &trailer) == -1)
		goto out;

	/* Each object: its body, minified, and its stream data. */
	for (num = 1; num < k.size; num++) {
		struct obj *o = &k.o[num];

		if (!o->used)
			continue;
		l->i = o->off;
		if (tok_uint(l, lex_next(l)) != num ||
		    !tok_is(l, lex_next(l), "0") ||
		    !tok_is(l, lex_next(l), "obj"))
			goto out;
		o->bs = k.bodies.len;
		t = pack_body(&k, &k.bodies, 0, &lenref, &len);
		o->be = k.bodies.len;
		if (t.t != T_REG)
			goto out;
		if (tok_is(l, t, "endobj"))
			continue;
		/* "stream", an end of line, len bytes, "endstream". */
		if (len < 0)
			goto out;
		i = t.e;
		if (i < n && in[i] == '\r')
			i++;
		if (i >= n || in[i] != '\n')
			goto out;
		o->ds = i + 1;
		o->dl = (size_t)len;
		if (o->ds + o->dl > xo)
			goto out;
		l->i = o->ds + o->dl;
		if (!tok_is(l, lex_next(l), "endstream") ||
		    !tok_is(l, lex_next(l), "endobj"))
			goto out;
		o->stream = 1;
		if (lenref > 0)
			k.o[lenref].dropped = 1;
	}

	/* The object stream: "num offset" pairs, then the bodies. */
	for (num = 1; num < k.size; num++) {
		struct obj *o = &k.o[num];

		if (!o->used || o->stream || o->dropped)
			continue;
		o->index = nmem++;
		put_uint(&os, (size_t)num);
		buf_putc(&os, ' ');
		put_uint(&os, z.len);
		buf_putc(&os, ' ');
		buf_add(&z, k.bodies.s + o->bs, o->be - o->bs);
		buf_putc(&z, '\n');
	}
	if (nmem == 0)
		goto out;
	first = os.len;
	buf_add(&os, z.s, z.len);
	buf_truncate(&z, 0);
	buf_grow(&z, os.len);
	/* An object stream is a few kilobytes: a 4 KB window and small
	 * hash tables compress it within a few bytes of zlib's defaults
	 * (level 9, a 32 KB window) at a fraction of the cost of setting
	 * them up. */
	if (pdf_zdeflate(os.s, os.len, &z, 12, 5) == -1)
		goto out;

	/* The new file: the header, the binary comment line after it. */
	hdr = 9;
	if (in[9] == '%') {
		while (hdr < n && in[hdr] != '\n')
			hdr++;
		if (hdr++ == n)
			goto out;
	}
	base = out->len;
	buf_grow(out, n);
	buf_add(out, "%PDF-1.5\n", 9);
	buf_add(out, (const char *)in + 9, hdr - 9);
	for (num = 1; num < k.size; num++) {
		struct obj *o = &k.o[num];

		if (!o->used || !o->stream)
			continue;
		o->off = out->len - base;
		put_uint(out, (size_t)num);
		buf_add(out, " 0 obj\n", 7);
		buf_add(out, k.bodies.s + o->bs, o->be - o->bs);
		buf_puts(out, "\nstream\n");
		buf_add(out, (const char *)in + o->ds, o->dl);
		buf_puts(out, "\nendstream\nendobj\n");
	}
	stm = (size_t)k.size;
	xstm = stm + 1;
	j = (out->len - base);
	buf_printf(out, "%zu 0 obj\n<</Type/ObjStm/N %zu/First %zu"
	    "/Filter/FlateDecode/Length %zu>>\nstream\n", stm, nmem, first,
	    z.len);
	buf_add(out, z.s, z.len);
	buf_puts(out, "\nendstream\nendobj\n");
	xoff = (out->len - base);

	/* The cross-reference stream: type, offset or stream, index. */
	maxoff = xoff > xstm ? xoff : xstm;
	ow = width(maxoff);
	iw = width(nmem);
	for (i = 0; i <= xstm; i++) {
		struct obj *o = i < (size_t)k.size ? &k.o[i] : NULL;

		if (i == stm || i == xstm) {
			put_be(&xr, 1, 1);
			put_be(&xr, i == stm ? j : xoff, ow);
			put_be(&xr, 0, iw);
		} else if (o == NULL || !o->used || o->dropped) {
			put_be(&xr, 0, 1);
			put_be(&xr, 0, ow);
			put_be(&xr, i == 0 ? 0xFF : 0, iw);
		} else if (o->stream) {
			put_be(&xr, 1, 1);
			put_be(&xr, o->off, ow);
			put_be(&xr, 0, iw);
		} else {
			put_be(&xr, 2, 1);
			put_be(&xr, stm, ow);
			put_be(&xr, o->index, iw);
		}
	}
	buf_printf(out, "%zu 0 obj\n<</Type/XRef/Size %zu/W[1 %d %d]",
	    xstm, xstm + 1, ow, iw);
	buf_add(out, trailer.s, trailer.len);
	buf_printf(out, "/Length %zu>>\nstream\n", xr.len);
	buf_add(out, xr.s, xr.len);
	buf_printf(out, "\nendstream\nendobj\nstartxref\n%zu\n%%%%EOF\n",
	    xoff);
	rc = 0;
out:
	free(k.o);
	buf_free(&k.bodies);
	buf_free(&trailer);
	buf_free(&os);
	buf_free(&z);
	buf_free(&xr);
	return rc;
}
