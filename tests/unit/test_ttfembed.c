/* test_ttfembed.c: Lato subsets made into what a PDF embeds: name and OS/2 gone, every point, offset and metric halved at 1 000 units per em, checksums right; fonts it must refuse. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <hb.h>
#include <hb-subset.h>

#include "t.h"
#include "ttfembed.h"
#include "util.h"

static unsigned
u16(const unsigned char *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

static int
s16(const unsigned char *p)
{
	return (int16_t)(uint16_t)u16(p);
}

static uint32_t
u32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

/* Table tag of font f (n bytes): its data and length, or NULL. */
static const unsigned char *
table(const unsigned char *f, size_t n, const char *tag, size_t *len)
{
	unsigned	 i, nt = u16(f + 4);

	for (i = 0; i < nt && 12 + 16 * (i + 1) <= n; i++)
		if (memcmp(f + 12 + 16 * i, tag, 4) == 0) {
			*len = u32(f + 12 + 16 * i + 12);
			return f + u32(f + 12 + 16 * i + 8);
		}
	return NULL;
}

/* Glyph gid of font f: start and length, from loca. */
static const unsigned char *
glyph(const unsigned char *f, size_t n, unsigned gid, size_t *len)
{
	size_t		 hl, ll, gl, s, e;
	const unsigned char *head = table(f, n, "head", &hl);
	const unsigned char *loca = table(f, n, "loca", &ll);
	const unsigned char *glyf = table(f, n, "glyf", &gl);

	if (u16(head + 50)) {
		s = u32(loca + 4 * gid);
		e = u32(loca + 4 * gid + 4);
	} else {
		s = 2 * (size_t)u16(loca + 2 * gid);
		e = 2 * (size_t)u16(loca + 2 * gid + 2);
	}
	*len = e - s;
	return glyf + s;
}

/*
 * The points of simple glyph g: x, y (absolute), on-curve flags, count
 * (at most max).  Written independently of src/ttfembed.c.
 */
static int
points(const unsigned char *g, int *x, int *y, int *on, int max)
{
	int		 nc = s16(g), np, i, r, v;
	const unsigned char *p;
	unsigned char	 fl[512];

	np = u16(g + 10 + 2 * (nc - 1)) + 1;
	if (np > max || np > 512)
		return -1;
	p = g + 10 + 2 * nc;
	p += 2 + u16(p);
	for (i = 0; i < np; ) {
		fl[i] = *p++;
		on[i] = fl[i] & 1;
		if (fl[i] & 8)
			for (r = *p++; r > 0; r--, i++) {
				fl[i + 1] = fl[i];
				on[i + 1] = on[i];
			}
		i++;
	}
	for (v = 0, i = 0; i < np; i++) {
		if (fl[i] & 2)
			v += (fl[i] & 16) ? *p++ : -*p++;
		else if (!(fl[i] & 16)) {
			v += s16(p);
			p += 2;
		}
		x[i] = v;
	}
	for (v = 0, i = 0; i < np; i++) {
		if (fl[i] & 4)
			v += (fl[i] & 32) ? *p++ : -*p++;
		else if (!(fl[i] & 32)) {
			v += s16(p);
			p += 2;
		}
		y[i] = v;
	}
	return np;
}

/* The expected halving: to the nearest, half away from zero. */
static int
half(int v)
{
	return v >= 0 ? (v + 1) / 2 : -((-v + 1) / 2);
}

static uint32_t
sum(const unsigned char *p, size_t n)
{
	uint32_t	 s = 0;
	size_t		 i;

	for (i = 0; i < n; i += 4) {
		unsigned char b[4] = { 0, 0, 0, 0 };

		memcpy(b, p + i, n - i < 4 ? n - i : 4);
		s += u32(b);
	}
	return s;
}

/* A HarfBuzz subset of the font file at path for the text s. */
static hb_blob_t *
subset(const char *path, const char *s)
{
	hb_blob_t	*blob = hb_blob_create_from_file(path), *out;
	hb_face_t	*face = hb_face_create(blob, 0), *sub;
	hb_subset_input_t *in = hb_subset_input_create_or_fail();
	hb_buffer_t	*b = hb_buffer_create();
	hb_set_t	*u = hb_subset_input_unicode_set(in);
	unsigned	 i, n;
	hb_glyph_info_t	*gi;

	hb_buffer_add_utf8(b, s, -1, 0, -1);
	gi = hb_buffer_get_glyph_infos(b, &n);
	for (i = 0; i < n; i++)
		hb_set_add(u, gi[i].codepoint);
	hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING);
	sub = hb_subset_or_fail(face, in);
	out = hb_face_reference_blob(sub);
	hb_face_destroy(sub);
	hb_subset_input_destroy(in);
	hb_buffer_destroy(b);
	hb_face_destroy(face);
	hb_blob_destroy(blob);
	return out;
}

/* Check the rescaled font o against the original f. */
static void
compare(const unsigned char *f, size_t fn, const unsigned char *o, size_t on)
{
	size_t		 l1, l2, gl1, gl2;
	const unsigned char *t1, *t2, *g1, *g2;
	unsigned	 gid, ng, nhm, i, ncomp = 0, nsimple = 0;
	int		 x1[512], y1[512], c1[512], x2[512], y2[512], c2[512];
	int		 n1, n2, k, bad = 0;

	CHECK(table(o, on, "name", &l1) == NULL);
	CHECK(table(o, on, "OS/2", &l1) == NULL);
	for (i = 0; i < u16(o + 4); i++) {
		const unsigned char *d = o + 12 + 16 * i;

		CHECK(i == 0 || memcmp(d - 16, d, 4) < 0);	/* sorted */
		if (memcmp(d, "head", 4) != 0)
			CHECK_INT(sum(o + u32(d + 8), u32(d + 12)), u32(d + 4));
		CHECK_INT(u32(d + 8) % 4, 0);
	}
	CHECK_INT(sum(o, on), 0xB1B0AFBAu);
	t2 = table(o, on, "head", &l2);
	CHECK_INT(u16(t2 + 18), 1000);
	t1 = table(f, fn, "head", &l1);
	for (i = 36; i < 44; i += 2)
		CHECK_INT(s16(t2 + i), half(s16(t1 + i)));
	t1 = table(f, fn, "hhea", &l1);
	t2 = table(o, on, "hhea", &l2);
	CHECK_INT(s16(t2 + 4), half(s16(t1 + 4)));	/* ascender */
	CHECK_INT(s16(t2 + 6), half(s16(t1 + 6)));
	nhm = u16(t1 + 34);
	CHECK_INT(u16(t2 + 34), nhm);
	t1 = table(f, fn, "maxp", &l1);
	ng = u16(t1 + 4);
	t1 = table(f, fn, "hmtx", &l1);
	t2 = table(o, on, "hmtx", &l2);
	CHECK_INT(l2, l1);
	for (i = 0; i < nhm; i++)
		if (u16(t2 + 4 * i) != (u16(t1 + 4 * i) + 1) / 2 ||
		    s16(t2 + 4 * i + 2) != half(s16(t1 + 4 * i + 2)))
			bad++;
	CHECK_INT(bad, 0);
	for (gid = 0; gid < ng; gid++) {
		g1 = glyph(f, fn, gid, &gl1);
		g2 = glyph(o, on, gid, &gl2);
		if (gl1 == 0) {
			CHECK_INT(gl2, 0);
			continue;
		}
		CHECK_INT(s16(g2), s16(g1));
		for (k = 2; k < 10; k += 2)
			if (s16(g2 + k) != half(s16(g1 + k)))
				bad++;
		if (s16(g1) > 0) {
			nsimple++;
			n1 = points(g1, x1, y1, c1, 512);
			n2 = points(g2, x2, y2, c2, 512);
			CHECK(n1 > 0 && n1 == n2);
			for (k = 0; k < n1 && k < n2; k++)
				if (x2[k] != half(x1[k]) ||
				    y2[k] != half(y1[k]) || c2[k] != c1[k])
					bad++;
			/* The same contours. */
			CHECK(memcmp(g1 + 10, g2 + 10, 2 * (size_t)s16(g1)) == 0);
		} else if (s16(g1) < 0) {
			const unsigned char *p1 = g1 + 10, *p2 = g2 + 10;
			unsigned f1, f2;
			int a1, b1, a2, b2;

			ncomp++;
			do {
				f1 = u16(p1);
				f2 = u16(p2);
				CHECK_INT(u16(p2 + 2), u16(p1 + 2));
				CHECK_INT(f2 & ~1u, f1 & ~1u);
				CHECK(f1 & 2);	/* offsets, in Lato */
				if (f1 & 1) {
					a1 = s16(p1 + 4), b1 = s16(p1 + 6);
					p1 += 8;
				} else {
					a1 = (int8_t)p1[4], b1 = (int8_t)p1[5];
					p1 += 6;
				}
				if (f2 & 1) {
					a2 = s16(p2 + 4), b2 = s16(p2 + 6);
					p2 += 8;
				} else {
					a2 = (int8_t)p2[4], b2 = (int8_t)p2[5];
					p2 += 6;
				}
				CHECK_INT(a2, half(a1));
				CHECK_INT(b2, half(b1));
				k = f1 & 8 ? 2 : f1 & 0x40 ? 4 : f1 & 0x80 ? 8 : 0;
				p1 += k;
				p2 += k;
			} while (f1 & 0x20);
		}
	}
	CHECK_INT(bad, 0);
	CHECK(nsimple > 10);
	CHECK(ncomp > 0);	/* é, à, ...: accents on base letters */
	/* Smaller. */
	table(f, fn, "glyf", &l1);
	table(o, on, "glyf", &l2);
	CHECK(l2 < l1);
}

int
main(void)
{
	static const char *const faces[] = {
		"fonts/Lato-Regular.ttf", "fonts/Lato-Bold.ttf"
	};
	const char	*text = "Vous avez déposé le 20 février 2019, pour Café "
	    "des Possibles : à l’Hôpital Général, 10 000 € « Aide au démarrage "
	    "» ÉÀÇ œ fi ffl – M. Ñ";
	struct buf	 out = BUF_INIT, m = BUF_INIT;
	hb_blob_t	*s;
	const unsigned char *f;
	unsigned	 len, i;
	size_t		 l1, l2;
	const unsigned char *g1, *g2;

	for (i = 0; i < 2; i++) {
		s = subset(faces[i], text);
		f = (const unsigned char *)hb_blob_get_data(s, &len);
		CHECK(len > 1000);
		CHECK(table(f, len, "name", &l1) != NULL);
		CHECK_INT(u16(table(f, len, "head", &l1) + 18), 2000);
		buf_truncate(&out, 0);
		CHECK_INT(ttf_embed(f, len, &out), 0);
		if (out.len > 12)
			compare(f, len, (const unsigned char *)out.s, out.len);
		/* Again: the glyphs from the cache, the same bytes. */
		buf_truncate(&m, 0);
		CHECK_INT(ttf_embed(f, len, &m), 0);
		CHECK(m.len == out.len && memcmp(m.s, out.s, m.len) == 0);

		/* Not 2 000 units per em: only the tables go. */
		buf_truncate(&m, 0);
		buf_add(&m, (const char *)f, len);
		g1 = table((const unsigned char *)m.s, m.len, "head", &l1);
		((unsigned char *)m.s)[g1 - (const unsigned char *)m.s + 18] = 4;
		buf_truncate(&out, 0);
		CHECK_INT(ttf_embed((const unsigned char *)m.s, m.len, &out), 0);
		g1 = table((const unsigned char *)m.s, m.len, "glyf", &l1);
		g2 = table((const unsigned char *)out.s, out.len, "glyf", &l2);
		CHECK(g2 != NULL && l1 == l2 && memcmp(g1, g2, l1) == 0);
		CHECK(table((const unsigned char *)out.s, out.len, "name",
		    &l2) == NULL);
		CHECK_INT(sum((const unsigned char *)out.s, out.len),
		    0xB1B0AFBAu);

		/* Refused: out as it was. */
		buf_truncate(&out, 0);
		buf_puts(&out, "kept");
		CHECK_INT(ttf_embed(f, 11, &out), -1);
		CHECK_INT(ttf_embed(f, 100, &out), -1);	/* tables cut */
		buf_truncate(&m, 0);
		buf_add(&m, (const char *)f, len);
		m.s[0] = 'X';				/* not TrueType */
		CHECK_INT(ttf_embed((const unsigned char *)m.s, m.len, &out),
		    -1);
		buf_truncate(&m, 0);
		buf_add(&m, (const char *)f, len);
		/* A simple glyph with one point more than its data holds. */
		{
			unsigned gid;

			for (gid = 1;; gid++) {
				g2 = glyph((const unsigned char *)m.s, m.len,
				    gid, &l2);
				if (l2 > 0 && s16(g2) > 0)
					break;
			}
			((unsigned char *)m.s)[g2 - (const unsigned char *)m.s
			    + 10 + 2 * (s16(g2) - 1) + 1] += 1;
		}
		CHECK_INT(ttf_embed((const unsigned char *)m.s, m.len, &out),
		    -1);
		CHECK_INT(out.len, 4);
		hb_blob_destroy(s);
	}
	buf_free(&out);
	buf_free(&m);
	T_DONE();
}
