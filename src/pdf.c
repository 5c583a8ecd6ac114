/* pdf.c: the PDF device: draws laid-out pages into a PDF file with libharu. */
#include <errno.h>
#include <iconv.h>
#include <malloc.h>
#include <pthread.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sysexits.h>
#include <unistd.h>

#include <hb.h>
#include <hb-subset.h>
#include <hpdf.h>
#include <hpdf_font.h>
#include <hpdf_fontdef.h>
#include <hpdf_objects.h>
#include <hpdf_streams.h>
#include <zlib.h>

#include "atomic.h"
#include "diag.h"
#include "font.h"
#include "i18n.h"
#include "page.h"
#include "pdf.h"
#include "pdfpack.h"
#include "svg.h"
#include "ttfembed.h"
#include "util.h"

/*
 * The single-byte encoding of the fonts that draw the characters it
 * has, as libharu and iconv name it.  Its fonts need no 65 536-entry
 * CIDToGIDMap, which libharu builds slowly; only the other characters
 * go through a font on libharu's UTF-8 encoder.
 */
#define SB_HPDF		"WinAnsiEncoding"
#define SB_ICONV	"CP1252"

/* U+202F NARROW NO-BREAK SPACE: blank, so always drawn as a gap. */
#define NNBSP		0x202F

/*
 * Word spaces that differ by less than this (points) are the same:
 * layout measures with the widths the PDF states, so the spaces of one
 * line differ only by the rounding of its sums.  Any more is kept, as
 * word spacing (Tw): a run of 20 spaces then ends within 0.01 pt.
 */
#define WS_EPS		0.0005

/*
 * One font of the document: a font file on one encoding.  Each file
 * used gets two slots side by side, shared by the faces that use it
 * (libharu knows a font by the name inside the file): the even one on
 * SB_HPDF for the characters that encoding has, the odd one on the
 * UTF-8 encoder for the others.
 */
struct slot {
	const char	*path;		/* the full TrueType file */
	enum face	 face;		/* the first face that uses it */
	hb_set_t	*cps;		/* code points drawn with it */
	HPDF_Font	 font;		/* NULL until loaded */
	int		 sbyte;		/* 1: on SB_HPDF */
	hb_blob_t	*sub;		/* the file's subset, even slot */
	HPDF_Dict_BeforeWriteFunc before;	/* libharu's, when hooked */
};

struct image {
	const char	*path;
	HPDF_Image	 img;
};

/* Everything about one pdf_write() call: no state outlives it. */
struct pdf {
	struct diag		*d;
	const char		*path;		/* the output, for messages */
	const char		*appid;
	const struct fontset	*fs;
	const struct pdf_opts	*opts;
	HPDF_Doc		 doc;
	HPDF_STATUS		 err;		/* first libharu error, 0 */
	HPDF_STATUS		 detail;
	const char		*what;		/* the step under way */
	struct slot		 slot[2 * FACE__MAX];
	int			 nslots;
	int			 faceslot[FACE__MAX];	/* its SB_HPDF slot */
	hb_set_t		*warned;	/* code points reported missing */
	iconv_t			 cd;		/* UTF-8 to SB_ICONV, or -1 */
	HPDF_Encoder		 sbenc;		/* libharu's SB_HPDF, or NULL */
	unsigned char		 sbused[256];	/* codes the SB_HPDF fonts show */
	HPDF_Dict		 sbmap;		/* their shared ToUnicode */
	struct image		*img;
	size_t			 nimg;
	int			 failed;	/* an error was reported */

	/* Graphics state of the current page, to write each change once. */
	int			 intext;	/* inside BT ... ET */
	HPDF_Font		 curfont;
	double			 cursize;
	struct color		 curfill, curstroke;
	int			 hasfill, hasstroke;
	double			 curwidth;
	double			 curws;		/* word spacing (Tw) */
};

/*
 * libharu 2.3.0 copies and clears its buffers with byte-at-a-time
 * loops of its own, HPDF_MemCpy() and HPDF_MemSet(), which it calls
 * through their exported symbols: a tenth of a letter's instructions
 * (font files read and rewritten, streams, each encoder's tables).
 * These definitions take their place in the process (the executable's
 * symbol comes first) with the same effect and the same return values:
 * the end of the area written, and a copy in increasing order when the
 * two areas overlap, as the loop made it.
 */
HPDF_BYTE *
HPDF_MemCpy(HPDF_BYTE *out, const HPDF_BYTE *in, HPDF_UINT n)
{
	HPDF_UINT	 i;

	if (out + n <= in || in + n <= out) {
		if (n > 0)
			memcpy(out, in, n);
		return out + n;
	}
	for (i = 0; i < n; i++)
		out[i] = in[i];
	return out + n;
}

void *
HPDF_MemSet(void *s, HPDF_BYTE c, HPDF_UINT n)
{
	if (n > 0)
		memset(s, c, n);
	return (HPDF_BYTE *)s + n;
}

/*
 * libharu calls this on every error.  Only the first one is kept (the
 * later ones usually follow from it) and reported by pdf_write().
 */
static void
pdf_hpdf_error(HPDF_STATUS no, HPDF_STATUS detail, void *arg)
{
	struct pdf	*p = arg;

	if (p->err == 0) {
		p->err = no;
		p->detail = detail;
	}
}

/* Report the pending libharu error, if any.  Returns -1 if there was one. */
static int
pdf_check(struct pdf *p)
{
	if (p->err == 0)
		return 0;
	if (!p->failed)
		diag_msg(p->d, DIAG_ERROR, EX_SOFTWARE, p->path, 0, 0,
		    p->appid, "PDF library error 0x%04lX (detail %lu) "
		    "while %s", (unsigned long)p->err,
		    (unsigned long)p->detail, p->what);
	p->failed = 1;
	return -1;
}

static int
color_eq(const struct color *a, const struct color *b)
{
	return a->cs == b->cs && a->c[0] == b->c[0] && a->c[1] == b->c[1] &&
	    a->c[2] == b->c[2] && a->c[3] == b->c[3];
}

/*
 * The characters of s that p can draw with face f, appended to b (when
 * b is not NULL).  With collect, record them in the face's slot and
 * report each missing character once per document.  libharu's UTF-8
 * path handles only the BMP, so planes above it count as missing.
 */
static void
pdf_filter(struct pdf *p, enum face f, const char *s, struct buf *b,
    int collect)
{
	struct slot	*sl = &p->slot[p->faceslot[f]];
	struct buf	 ch = BUF_INIT;
	size_t		 n, len;
	long		 cp;

	n = strlen(s);
	while (n > 0) {
		cp = utf8_decode(s, n, &len);
		if (cp >= 0 && cp <= 0xFFFF && font_has(p->fs, f, cp)) {
			if (collect)
				hb_set_add(sl->cps, (hb_codepoint_t)cp);
			if (b != NULL)
				buf_add(b, s, len);
		} else if (collect && cp >= 0 &&
		    !hb_set_has(p->warned, (hb_codepoint_t)cp)) {
			hb_set_add(p->warned, (hb_codepoint_t)cp);
			buf_truncate(&ch, 0);
			utf8_encode(&ch, cp);
			diag_msg(p->d, DIAG_WARNING, 0, p->path, 0, 0,
			    p->appid, "the %s font has no glyph for "
			    "U+%04lX \"%s\": left out", face_name(f), cp,
			    buf_str(&ch));
		}
		s += len;
		n -= len;
	}
	buf_free(&ch);
}

/* 1 if face f draws every character of s. */
static int
pdf_clean(const struct pdf *p, enum face f, const char *s)
{
	size_t	 n, len;
	long	 cp;

	for (n = strlen(s); n > 0; s += len, n -= len) {
		cp = utf8_decode(s, n, &len);
		if (cp < 0 || cp > 0xFFFF || !font_has(p->fs, f, cp))
			return 0;
	}
	return 1;
}

static int
text_ok(const struct item *it)
{
	return it->kind == ITEM_TEXT && it->text != NULL && it->face >= 0 &&
	    it->face < FACE__MAX;
}

/*
 * 1 if text item b continues a's run on the same baseline, in the same
 * face, size and colour, one space apart: then the run is drawn as one
 * string "a b ...", with fewer operators and a real space for text
 * extraction.  *ws is the run's word spacing, what each space adds to a
 * space's width, NAN before its first pair: every space of a run must
 * add the same (a justified line), drawn with the PDF's word spacing
 * (Tw), which the single-byte fonts apply to the space; stretched runs
 * so need SB_HPDF, and words without spaces of their own.  A wider gap
 * (a column, a tab) is not a stretched space: the items stay apart.
 */
static int
pdf_joins(const struct pdf *p, const struct item *a, const struct item *b,
    double *ws)
{
	double	 sp, extra;

	if (!text_ok(a) || !text_ok(b) || a->face != b->face ||
	    a->size != b->size || !color_eq(&a->color, &b->color) ||
	    fabs(a->y - b->y) > 0.001 || !font_has(p->fs, a->face, ' ') ||
	    !pdf_clean(p, a->face, a->text) || !pdf_clean(p, b->face, b->text))
		return 0;
	sp = font_width(p->fs, a->face, " ", a->size);
	extra = b->x - (a->x + font_width(p->fs, a->face, a->text, a->size) +
	    sp);
	if (fabs(extra) < WS_EPS)
		extra = 0;
	else if (p->sbenc == NULL || extra < -sp / 2 || extra > 3 * sp ||
	    strchr(a->text, ' ') != NULL || strchr(b->text, ' ') != NULL)
		return 0;
	if (isnan(*ws))
		*ws = extra;
	else if (fabs(extra - *ws) >= WS_EPS)
		return 0;
	return 1;
}

/*
 * Pass 1: the slots, and the code points each file must carry, all in
 * its SB_HPDF slot until pdf_split().
 */
static void
pdf_collect(struct pdf *p, const struct pages *pp)
{
	const struct page *pa;
	const struct item *it;
	double		 ws;
	size_t		 i, j;
	int		 f, k;

	for (f = 0; f < FACE__MAX; f++) {
		for (k = 0; k < p->nslots; k += 2)
			if (strcmp(p->slot[k].path,
			    font_path(p->fs, (enum face)f)) == 0)
				break;
		if (k == p->nslots) {
			p->slot[k].path = p->slot[k + 1].path =
			    font_path(p->fs, (enum face)f);
			p->slot[k].face = p->slot[k + 1].face = (enum face)f;
			p->slot[k].cps = hb_set_create();
			p->slot[k + 1].cps = hb_set_create();
			p->slot[k].sbyte = 1;
			p->nslots += 2;
		}
		p->faceslot[f] = k;
	}
	for (i = 0; i < pp->npages; i++) {
		pa = &pp->page[i];
		/* The runs as pdf_item() will find them. */
		ws = NAN;
		for (j = 0; j < pa->nitems; j++) {
			it = &pa->items[j];
			if (!text_ok(it)) {
				ws = NAN;
				continue;
			}
			pdf_filter(p, it->face, it->text, NULL, 1);
			if (j + 1 < pa->nitems &&
			    pdf_joins(p, it, &pa->items[j + 1], &ws))
				hb_set_add(p->slot[p->faceslot[it->face]].cps,
				    ' ');
			else
				ws = NAN;
		}
	}
}

/*
 * Convert the UTF-8 text s (len bytes) to SB_ICONV, appended to b.
 * Returns 0, or -1 when a character has no single-byte code.
 */
static int
pdf_iconv(struct pdf *p, const char *s, size_t len, struct buf *b)
{
	char	*in = (char *)s, *out;
	size_t	 il = len, ol, at;

	if (p->cd == (iconv_t)-1 &&
	    (p->cd = iconv_open(SB_ICONV, "UTF-8")) == (iconv_t)-1)
		return -1;
	if (iconv(p->cd, NULL, NULL, NULL, NULL) == (size_t)-1)
		return -1;
	/* A single-byte code is never longer than its UTF-8. */
	at = b->len;
	buf_grow(b, len + 1);
	out = b->s + at;
	ol = len;
	if (iconv(p->cd, &in, &il, &out, &ol) == (size_t)-1 || il != 0)
		return -1;
	b->len = at + (len - ol);
	b->s[b->len] = '\0';
	return 0;
}

/*
 * Split the code points collected in the SB_HPDF slot sb between it and
 * the UTF-8 slot u of the same file: sb keeps those that have a code of
 * SB_HPDF at or above its first code that libharu maps back to them
 * (libharu finds the glyph through that Unicode value), and adds the
 * codes to p->sbused; u takes the others.  U+202F leaves both, drawn
 * as a gap.  Without the encoder or iconv, u takes everything.
 */
static void
pdf_split(struct pdf *p, struct slot *sb, struct slot *u)
{
	HPDF_BasicEncoderAttr ea = NULL;
	struct buf	 u8 = BUF_INIT, c = BUF_INIT;
	hb_codepoint_t	 cp;
	unsigned char	 code;
	int		 ok;

	hb_set_del(sb->cps, NNBSP);
	if (p->sbenc != NULL)
		ea = (HPDF_BasicEncoderAttr)p->sbenc->attr;
	cp = HB_SET_VALUE_INVALID;
	while (hb_set_next(sb->cps, &cp)) {
		ok = 0;
		if (ea != NULL) {
			buf_truncate(&u8, 0);
			buf_truncate(&c, 0);
			utf8_encode(&u8, (long)cp);
			ok = pdf_iconv(p, u8.s, u8.len, &c) == 0 &&
			    c.len == 1;
		}
		code = ok ? (unsigned char)c.s[0] : 0;
		if (ok && code >= ea->first_char &&
		    HPDF_Encoder_GetUnicode(p->sbenc, code) == cp)
			p->sbused[code] = 1;
		else
			hb_set_add(u->cps, cp);
	}
	hb_set_subtract(sb->cps, u->cps);
	buf_free(&u8);
	buf_free(&c);
}

static HPDF_STATUS pdf_precompressed(HPDF_Dict, HPDF_Stream);

/*
 * The single-byte fonts' ToUnicode map is the same text in most
 * documents (the encoder's ranges and the few codes shown outside
 * them): deflated once per process and kept, a few variants, instead
 * of by libharu in every document.  z gets the compressed text.
 */
#define TU_KEEP	8
static struct {
	char		*text, *z;
	size_t		 len, zlen;
} tu_cache[TU_KEEP];
static unsigned		 tu_next;
static pthread_mutex_t	 tu_lock = PTHREAD_MUTEX_INITIALIZER;

static int
pdf_tu_deflated(const struct buf *text, struct buf *z)
{
	unsigned	 i;

	pthread_mutex_lock(&tu_lock);
	for (i = 0; i < TU_KEEP; i++)
		if (tu_cache[i].text != NULL && tu_cache[i].len == text->len &&
		    memcmp(tu_cache[i].text, text->s, text->len) == 0) {
			buf_add(z, tu_cache[i].z, tu_cache[i].zlen);
			pthread_mutex_unlock(&tu_lock);
			return 0;
		}
	pthread_mutex_unlock(&tu_lock);
	if (pdf_zdeflate(text->s, text->len, z, 15, 8) == -1)
		return -1;
	pthread_mutex_lock(&tu_lock);
	i = tu_next++ % TU_KEEP;
	free(tu_cache[i].text);
	free(tu_cache[i].z);
	tu_cache[i].text = xmalloc(text->len + 1);
	memcpy(tu_cache[i].text, text->s, text->len);
	tu_cache[i].len = text->len;
	tu_cache[i].z = xmalloc(z->len + 1);
	memcpy(tu_cache[i].z, z->s, z->len);
	tu_cache[i].zlen = z->len;
	pthread_mutex_unlock(&tu_lock);
	return 0;
}

/*
 * Give a single-byte font a ToUnicode CMap: libharu writes none, and
 * extractors would otherwise guess from the encoding's glyph names.
 * One stream serves every such font of the document: the encoder's
 * runs of codes whose code points follow each other as ranges (codes
 * never shown map harmlessly), the other codes only when shown.
 */
static int
pdf_tounicode_sb(struct pdf *p, struct slot *sl)
{
	HPDF_BasicEncoderAttr ea = (HPDF_BasicEncoderAttr)p->sbenc->attr;
	HPDF_Dict	 cm;
	struct buf	 rng = BUF_INIT, chr = BUF_INIT, out = BUF_INIT;
	struct buf	 z = BUF_INIT;
	HPDF_UNICODE	 u;
	unsigned int	 c, e;
	int		 nr = 0, nc = 0, rc;

	if (p->sbmap != NULL)
		goto add;
	for (c = ea->first_char; c <= ea->last_char; c = e + 1) {
		e = c;
		if ((u = HPDF_Encoder_GetUnicode(p->sbenc, c)) == 0)
			continue;
		while (e < ea->last_char &&
		    HPDF_Encoder_GetUnicode(p->sbenc, e + 1) == u + (e + 1 - c))
			e++;
		if (e > c) {
			buf_printf(&rng, "<%02X> <%02X> <%04X>\n", c, e, u);
			nr++;
		} else if (p->sbused[c]) {
			buf_printf(&chr, "<%02X> <%04X>\n", c, u);
			nc++;
		}
	}
	buf_printf(&out,
	    "/CIDInit /ProcSet findresource begin\n"
	    "12 dict begin\n"
	    "begincmap\n"
	    "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) "
	    "/Supplement 0 >> def\n"
	    "/CMapName /Adobe-Identity-UCS def\n"
	    "/CMapType 2 def\n"
	    "1 begincodespacerange\n<00> <FF>\nendcodespacerange\n"
	    "%d beginbfrange\n%sendbfrange\n"
	    "%d beginbfchar\n%sendbfchar\n"
	    "endcmap\n"
	    "CMapName currentdict /CMap defineresource pop\n"
	    "end\n"
	    "end\n", nr, buf_str(&rng), nc, buf_str(&chr));
	rc = -1;
	if ((cm = HPDF_DictStream_New(p->doc->mmgr, p->doc->xref)) != NULL &&
	    pdf_tu_deflated(&out, &z) == 0) {
		cm->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
		if (HPDF_Stream_Write(cm->stream, (const HPDF_BYTE *)z.s,
		    (HPDF_UINT)z.len) == HPDF_OK) {
			cm->write_fn = pdf_precompressed;
			rc = 0;
		}
	}
	buf_free(&rng);
	buf_free(&chr);
	buf_free(&out);
	buf_free(&z);
	if (rc == -1) {
		if (p->err == 0)
			p->err = HPDF_FAILD_TO_ALLOC_MEM;
		return -1;
	}
	p->sbmap = cm;
add:
	if (HPDF_Dict_Add(sl->font, "ToUnicode", p->sbmap) != HPDF_OK) {
		if (p->err == 0)
			p->err = HPDF_INVALID_OBJECT;
		return -1;
	}
	return 0;
}

/*
 * Replace the content of libharu's ToUnicode stream.  For a font on the
 * UTF-8 encoder the character code is the 2-byte code point and the CID
 * equals it (Identity-H), so the right map is the identity; libharu
 * writes an encoding CMap there instead, which readers reject.  One
 * bfrange per 256-code block that the document uses (a range may not
 * cross its last byte): codes the content never shows map harmlessly.
 */
static int
pdf_tounicode(struct pdf *p, struct slot *sl)
{
	static const char *const drop[] = {
		"Type", "CMapName", "CIDSystemInfo", "WMode"
	};
	HPDF_FontAttr	 fa;
	HPDF_Dict	 cm;
	struct buf	 rng = BUF_INIT, out = BUF_INIT;
	hb_codepoint_t	 cp;
	size_t		 i;
	int		 n, rc;

	fa = (HPDF_FontAttr)sl->font->attr;
	if (fa == NULL || (cm = fa->cmap_stream) == NULL) {
		if (p->err == 0)
			p->err = HPDF_INVALID_FONT;
		return -1;
	}
	for (i = 0; i < sizeof(drop) / sizeof(drop[0]); i++)
		(void)HPDF_Dict_RemoveElement(cm, drop[i]);

	n = 0;
	cp = HB_SET_VALUE_INVALID;
	while (hb_set_next(sl->cps, &cp)) {
		buf_printf(&rng, "<%02X00> <%02XFF> <%02X00>\n",
		    cp >> 8, cp >> 8, cp >> 8);
		n++;
		cp |= 0xFF;
	}
	buf_printf(&out,
	    "/CIDInit /ProcSet findresource begin\n"
	    "12 dict begin\n"
	    "begincmap\n"
	    "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) "
	    "/Supplement 0 >> def\n"
	    "/CMapName /Adobe-Identity-UCS def\n"
	    "/CMapType 2 def\n"
	    "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
	    "%d beginbfrange\n%sendbfrange\n"
	    "endcmap\n"
	    "CMapName currentdict /CMap defineresource pop\n"
	    "end\n"
	    "end\n", n, buf_str(&rng));
	HPDF_MemStream_FreeData(cm->stream);
	rc = HPDF_Stream_WriteStr(cm->stream, buf_str(&out)) == HPDF_OK ?
	    0 : -1;
	buf_free(&rng);
	buf_free(&out);
	if (rc == -1 && p->err == 0)
		p->err = HPDF_FAILD_TO_ALLOC_MEM;
	return rc;
}

/*
 * libharu's CIDToGIDMap and widths (W) cover every character of the
 * font file, and the map all 65 535 CIDs; the font on the UTF-8 encoder
 * draws only the characters of its slot, so keep those: the map up to
 * the largest, which readers extend with zeros anyway.  Each glyph
 * comes from the font's cmap, as libharu looks it up.
 */
static int
pdf_cidmap(struct pdf *p, struct slot *sl)
{
	HPDF_FontAttr	 fa;
	HPDF_Dict	 ms;
	HPDF_Array	 w, run;
	HPDF_BYTE	*map;
	HPDF_UINT	 len;
	HPDF_UINT16	 gid;
	hb_codepoint_t	 cp, prev;
	int		 rc = 0;

	fa = (HPDF_FontAttr)sl->font->attr;
	if (fa == NULL || fa->descendant_font == NULL)
		return 0;
	if ((ms = fa->map_stream) == NULL || hb_set_is_empty(sl->cps))
		return 0;
	len = (hb_set_get_max(sl->cps) + 1) * 2;
	map = xcalloc(1, len);
	cp = HB_SET_VALUE_INVALID;
	while (hb_set_next(sl->cps, &cp)) {
		gid = HPDF_TTFontDef_GetGlyphid(fa->fontdef,
		    (HPDF_UINT16)cp);
		map[2 * cp] = (HPDF_BYTE)(gid >> 8);
		map[2 * cp + 1] = (HPDF_BYTE)gid;
	}
	HPDF_MemStream_FreeData(ms->stream);
	if (HPDF_Stream_Write(ms->stream, map, len) != HPDF_OK)
		rc = -1;
	free(map);
	if (rc == -1) {
		if (p->err == 0)
			p->err = HPDF_INVALID_STREAM;
		return -1;
	}

	/* W: "first [w w ...]" for each run of consecutive code points. */
	if ((w = HPDF_Array_New(p->doc->mmgr)) == NULL ||
	    HPDF_Dict_Add(fa->descendant_font, "W", w) != HPDF_OK)
		rc = -1;
	run = NULL;
	prev = cp = HB_SET_VALUE_INVALID;
	while (rc == 0 && hb_set_next(sl->cps, &cp)) {
		if (run == NULL || cp != prev + 1) {
			if (HPDF_Array_AddNumber(w, (HPDF_INT32)cp) !=
			    HPDF_OK ||
			    (run = HPDF_Array_New(p->doc->mmgr)) == NULL ||
			    HPDF_Array_Add(w, run) != HPDF_OK)
				rc = -1;
		}
		if (rc == 0 && HPDF_Array_AddNumber(run,
		    HPDF_TTFontDef_GetCharWidth(fa->fontdef,
		    (HPDF_UNICODE)cp)) != HPDF_OK)
			rc = -1;
		prev = cp;
	}
	if (rc == -1 && p->err == 0)
		p->err = HPDF_INVALID_OBJECT;
	return rc;
}

/*
 * libharu embeds only the glyphs it saw drawn, and follows composite
 * glyphs one level only: "ễ" is "e" plus a composite accent, whose own
 * parts it leaves out.  The font is already this document's subset, so
 * mark every glyph as used.
 */
static int
pdf_allglyphs(struct pdf *p, struct slot *sl)
{
	HPDF_FontAttr		 fa = (HPDF_FontAttr)sl->font->attr;
	HPDF_TTFontDefAttr	 ta;
	unsigned int		 i;

	if (fa == NULL || fa->fontdef == NULL ||
	    fa->fontdef->type != HPDF_FONTDEF_TYPE_TRUETYPE ||
	    (ta = (HPDF_TTFontDefAttr)fa->fontdef->attr) == NULL ||
	    ta->glyph_tbl.flgs == NULL) {
		if (p->err == 0)
			p->err = HPDF_INVALID_FONTDEF_TYPE;
		return -1;
	}
	memset(ta->glyph_tbl.flgs, 1, ta->num_glyphs);
	/*
	 * libharu needed the OS/2 and name tables to load the font (its
	 * flags and name are in the descriptor now); a PDF reader reads
	 * neither.  libharu writes a table it was given no data for empty.
	 */
	for (i = 0; i < ta->offset_tbl.num_tables; i++)
		if (memcmp(ta->offset_tbl.table[i].tag, "OS/2", 4) == 0 ||
		    memcmp(ta->offset_tbl.table[i].tag, "name", 4) == 0)
			ta->offset_tbl.table[i].length = 0;
	return 0;
}

/*
 * Tables the PDF never needs: layout, hinting and bitmap data.  "post"
 * stays (a few dozen bytes): without it Ghostscript cannot process the
 * embedded font ("cannot process embedded stream") and prints with a
 * substitute, as a RIP built on it would.
 */
static const char *const drop_tables[] = {
	"GSUB", "GPOS", "GDEF", "BASE", "JSTF", "MATH", "kern",
	"hdmx", "VDMX", "LTSH", "gasp", "DSIG", "FFTM", "PCLT",
	"EBDT", "EBLC", "EBSC", "morx", "feat", "prop"
};

/*
 * libharu 2.3.0 rewrites the font with all 13 tables it requires, an
 * empty one for each the font lacks.  Without hinting the subset has no
 * "cvt ", "fpgm" or "prep"; when libharu's rebuilt font then happens to
 * end, at one of those empty tables, exactly on a 4 096-byte boundary
 * of its memory stream, its checksum pass seeks there and fails with
 * HPDF_INVALID_OBJECT (about one document in a few thousand).  So give
 * the subset the three tables, each holding a no-op: NPUSHB 0 for the
 * two programs, one zero entry for the control values.
 */
static hb_blob_t *
pdf_add_hint_stubs(hb_face_t *subset)
{
	static const char nop[2] = { 0x40, 0x00 };
	static const char *const stubs[] = { "cvt ", "fpgm", "prep" };
	hb_face_t	*b, *sub;
	hb_blob_t	*t, *out;
	hb_tag_t	 tags[64];
	unsigned int	 n, i, start = 0;

	/* The subsetter's face is a builder, which lists no tables:
	 * read its tables back from the font it serialises to. */
	t = hb_face_reference_blob(subset);
	sub = hb_face_create(t, 0);
	hb_blob_destroy(t);
	b = hb_face_builder_create();
	do {
		n = sizeof(tags) / sizeof(tags[0]);
		hb_face_get_table_tags(sub, start, &n, tags);
		for (i = 0; i < n; i++) {
			t = hb_face_reference_table(sub, tags[i]);
			hb_face_builder_add_table(b, tags[i], t);
			hb_blob_destroy(t);
		}
		start += n;
	} while (n == sizeof(tags) / sizeof(tags[0]));
	for (i = 0; i < sizeof(stubs) / sizeof(stubs[0]); i++) {
		t = hb_face_reference_table(sub, hb_tag_from_string(stubs[i], 4));
		if (hb_blob_get_length(t) == 0) {
			hb_blob_destroy(t);
			t = hb_blob_create(nop, sizeof(nop),
			    HB_MEMORY_MODE_READONLY, NULL, NULL);
			hb_face_builder_add_table(b,
			    hb_tag_from_string(stubs[i], 4), t);
		}
		hb_blob_destroy(t);
	}
	out = hb_face_reference_blob(b);
	hb_face_destroy(b);
	hb_face_destroy(sub);
	return out;
}

/*
 * Remove what libharu adds to a font's dictionaries that readers do
 * not use: MissingWidth (a descriptor key) in a simple font, and the
 * vertical metrics (DW2) of the UTF-8 font's descendant.  A letter is
 * some forty bytes smaller.
 */
static void
pdf_trim_font(struct slot *sl)
{
	HPDF_FontAttr	 fa = (HPDF_FontAttr)sl->font->attr;

	if (sl->sbyte)
		(void)HPDF_Dict_RemoveElement(sl->font, "MissingWidth");
	else if (fa != NULL && fa->descendant_font != NULL)
		(void)HPDF_Dict_RemoveElement(fa->descendant_font, "DW2");
}

/*
 * The subset of sl's file for the code points of its two slots: one
 * built for an earlier document that drew exactly these, or a new one
 * (then kept for the next).  Returns a blob reference, or NULL.
 */
static hb_blob_t *
pdf_subset(struct pdf *p, struct slot *sl)
{
	hb_subset_input_t	*in;
	hb_face_t		*out;
	hb_blob_t		*sub;
	hb_set_t		*cps, *tags, *names;
	size_t			 i;

	cps = hb_set_create();
	hb_set_union(cps, sl[0].cps);
	hb_set_union(cps, sl[1].cps);
	if ((sub = font_subset_get(p->fs, sl->face, cps)) != NULL) {
		hb_set_destroy(cps);
		return sub;
	}
	if ((in = hb_subset_input_create_or_fail()) == NULL) {
		hb_set_destroy(cps);
		return NULL;
	}
	hb_set_union(hb_subset_input_unicode_set(in), cps);
	hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING);
	tags = hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG);
	for (i = 0; i < sizeof(drop_tables) / sizeof(drop_tables[0]); i++)
		hb_set_add(tags, hb_tag_from_string(drop_tables[i], 4));
	/* libharu reads the style (2) and PostScript (6) names only. */
	names = hb_subset_input_set(in, HB_SUBSET_SETS_NAME_ID);
	hb_set_clear(names);
	hb_set_add(names, 2);
	hb_set_add(names, 6);
	out = hb_subset_or_fail(font_hb_face(p->fs, sl->face), in);
	hb_subset_input_destroy(in);
	if (out != NULL) {
		sub = pdf_add_hint_stubs(out);
		hb_face_destroy(out);
		if (hb_blob_get_length(sub) == 0) {
			hb_blob_destroy(sub);
			sub = NULL;
		} else
			font_subset_put(p->fs, sl->face, cps, sub);
	}
	hb_set_destroy(cps);
	return sub;
}

/*
 * Load a subset into the document from memory, as libharu's own
 * HPDF_LoadTTFontFromFile() does from a file: a TrueType definition
 * read from a memory stream, registered, then tagged (HPDFAA+, HPDFAB+,
 * ...).  Returns the font's name, or NULL (the error handler has it).
 */
static const char *
pdf_load_subset(struct pdf *p, const char *data, unsigned int len)
{
	HPDF_Doc	 doc = p->doc;
	HPDF_Stream	 st;
	HPDF_FontDef	 def;
	int		 i;

	/* One chunk: the definition seeks in it while loading and saving. */
	if ((st = HPDF_MemStream_New(doc->mmgr, len)) == NULL)
		return NULL;
	if (HPDF_Stream_Write(st, (const HPDF_BYTE *)data, len) != HPDF_OK) {
		HPDF_Stream_Free(st);
		return NULL;
	}
	/* The definition owns the stream from here, even on failure. */
	if ((def = HPDF_TTFontDef_Load(doc->mmgr, st, HPDF_TRUE)) == NULL)
		return NULL;
	if (HPDF_Doc_FindFontDef(doc, def->base_font) != NULL ||
	    HPDF_Doc_RegisterFontDef(doc, def) != HPDF_OK) {
		HPDF_FontDef_Free(def);
		if (p->err == 0)
			p->err = HPDF_FONT_EXISTS;
		return NULL;
	}
	if (doc->ttfont_tag[0] == 0)
		memcpy(doc->ttfont_tag, "HPDFAA", 6);
	else
		for (i = 5; i >= 0; i--) {
			if (++doc->ttfont_tag[i] <= 'Z')
				break;
			doc->ttfont_tag[i] = 'A';
		}
	HPDF_TTFontDef_SetTagName(def, (char *)doc->ttfont_tag);
	return def->base_font;
}

/*
 * The font file of a subset, compressed once per run.  A letter's
 * subsets mostly come from the cache (pdf_subset()), and libharu would
 * rebuild the same TrueType file from each (HPDF_TTFontDef_SaveFontData,
 * reading and writing it four bytes at a time) and deflate it again:
 * a fifth of a letter's time.  So the single-byte font of each file,
 * the first of the document's fonts that libharu writes and the one
 * that makes the shared descriptor, gets pdf_font_before_write() in
 * front of libharu's own step:
 *
 * - when the cache has the file compressed for this subset and font
 *   name (font_file_get()), libharu makes the descriptor without a file
 *   (embedding off), and the FontFile2 stream is made here as libharu
 *   makes it, the same objects in the same order, holding the
 *   compressed bytes;
 * - otherwise libharu makes everything, and the file it wrote is
 *   compressed here by libharu's own deflating copy, kept in the cache,
 *   and put back in the stream compressed.
 *
 * Either way the stream holds its compressed bytes and keeps its
 * FlateDecode filter until libharu has written the dictionary's keys;
 * pdf_precompressed() (its write_fn, called just before the data) then
 * turns the filter off, so the bytes are copied as they are.  The
 * output is the same bytes as libharu's.
 */
static HPDF_STATUS
pdf_precompressed(HPDF_Dict ff, HPDF_Stream out)
{
	(void)out;
	ff->filter = HPDF_STREAM_FILTER_NONE;
	return HPDF_OK;
}

/* Replace the content of stream st by len bytes at data. */
static HPDF_STATUS
pdf_restream(HPDF_Stream st, const void *data, size_t len)
{
	HPDF_MemStream_FreeData(st);
	return HPDF_Stream_Write(st, (const HPDF_BYTE *)data, (HPDF_UINT)len);
}

/*
 * The font file in ff (a miss): made into what the PDF embeds
 * (ttf_embed(): the tables no reader reads dropped, the outlines at
 * 1 000 units per em), compressed, kept, and put back with its new
 * /Length1.  libharu's file as it is when ttf_embed() refuses it.
 */
static HPDF_STATUS
pdf_fontfile_keep(struct pdf *p, struct slot *sl, HPDF_Dict ff,
    const char *name, unsigned long length1)
{
	HPDF_STATUS	 ret;
	struct buf	 raw = BUF_INIT, t = BUF_INIT, z = BUF_INIT;
	const struct buf *f = &raw;
	HPDF_UINT	 n;

	if (ff->filter != HPDF_STREAM_FILTER_FLATE_DECODE)
		return HPDF_OK;		/* left to libharu */
	n = ff->stream->size;
	buf_grow(&raw, n);
	if ((ret = HPDF_Stream_Seek(ff->stream, 0, HPDF_SEEK_SET)) == HPDF_OK)
		ret = HPDF_Stream_Read(ff->stream, (HPDF_BYTE *)raw.s, &n);
	if (ret == HPDF_OK && n != ff->stream->size)
		ret = HPDF_INVALID_STREAM;
	if (ret != HPDF_OK)
		goto out;
	raw.len = n;
	/* Length2 and Length3 are a Type 1 font file's: not this one's. */
	(void)HPDF_Dict_RemoveElement(ff, "Length2");
	(void)HPDF_Dict_RemoveElement(ff, "Length3");
	if (ttf_embed((const unsigned char *)raw.s, raw.len, &t) == 0) {
		f = &t;
		length1 = t.len;
		ret = HPDF_Dict_AddNumber(ff, "Length1", (HPDF_INT32)length1);
		if (ret != HPDF_OK)
			goto out;
		((HPDF_TTFontDefAttr)((HPDF_FontAttr)sl->font->attr)->
		    fontdef->attr)->length1 = (HPDF_UINT32)length1;
	}
	/* zlib's defaults: level 9 gives a letter's font files the same
	 * bytes, and takes longer. */
	if (pdf_zdeflate(f->s, f->len, &z, 15, 8) == -1) {
		ret = HPDF_FAILD_TO_ALLOC_MEM;
		goto out;
	}
	font_file_put(p->fs, sl->face, sl->sub, name, z.s, z.len, length1);
	ret = pdf_restream(ff->stream, z.s, z.len);
	ff->write_fn = pdf_precompressed;
out:
	buf_free(&raw);
	buf_free(&t);
	buf_free(&z);
	return ret;
}

static HPDF_STATUS
pdf_font_before_write(HPDF_Dict font)
{
	struct pdf		*p;
	struct slot		*sl = NULL;
	HPDF_FontAttr		 fa = (HPDF_FontAttr)font->attr;
	HPDF_TTFontDefAttr	 ta;
	HPDF_Dict		 ff;
	HPDF_STATUS		 ret;
	struct buf		 data = BUF_INIT;
	unsigned long		 length1;
	char			 name[HPDF_LIMIT_MAX_NAME_LEN + 1];
	int			 k, hit;

	p = (struct pdf *)font->error->user_data;
	for (k = 0; k < p->nslots; k += 2)
		if (p->slot[k].font == font)
			sl = &p->slot[k];
	if (sl == NULL || sl->before == NULL)
		return HPDF_INVALID_OBJECT;	/* not hooked here */
	ta = (HPDF_TTFontDefAttr)fa->fontdef->attr;
	if (fa->fontdef->descriptor != NULL || !ta->embedding ||
	    sl->sub == NULL)
		return sl->before(font);
	memcpy(name, ta->base_font, sizeof(name));
	name[sizeof(name) - 1] = '\0';
	hit = font->filter == HPDF_STREAM_FILTER_FLATE_DECODE &&
	    font_file_get(p->fs, sl->face, sl->sub, name, &data, &length1);
	if (!hit) {
		if ((ret = sl->before(font)) != HPDF_OK)
			return ret;
		ff = fa->fontdef->descriptor == NULL ? NULL :
		    HPDF_Dict_GetItem(fa->fontdef->descriptor, "FontFile2",
		    HPDF_OCLASS_DICT);
		if (ff == NULL)
			return HPDF_OK;
		return pdf_fontfile_keep(p, sl, ff, name, ta->length1);
	}
	ta->embedding = HPDF_FALSE;
	ret = sl->before(font);
	ta->embedding = HPDF_TRUE;
	if (ret == HPDF_OK && fa->fontdef->descriptor == NULL)
		ret = HPDF_INVALID_OBJECT;
	if (ret == HPDF_OK) {
		ff = HPDF_DictStream_New(font->mmgr, fa->xref);
		if (ff == NULL)
			ret = HPDF_Error_GetCode(font->error);
	}
	if (ret == HPDF_OK) {
		ret = pdf_restream(ff->stream, data.s, data.len);
		ret += HPDF_Dict_Add(fa->fontdef->descriptor, "FontFile2", ff);
		ret += HPDF_Dict_AddNumber(ff, "Length1", (HPDF_INT32)length1);
		ff->filter = font->filter;
		ff->write_fn = pdf_precompressed;
		ta->length1 = (HPDF_UINT32)length1;
		if (ret != HPDF_OK)
			ret = HPDF_Error_GetCode(font->error);
	}
	buf_free(&data);
	return ret;
}

/*
 * The font of definition name on libharu's UTF-8 encoder, for slot sl.
 * libharu builds its CIDToGIDMap and W by looking up all 65 536 code
 * points in the font's cmap, each lookup a linear walk of its segments:
 * most of a letter's time when it has a character outside SB_HPDF.
 * With an encoder of CID maps instead, it looks up only the codes that
 * have a CID.  So, while libharu makes the font, the UTF-8 encoder says
 * it is one (its conversion function), and its maps give a CID (the
 * code point, as Identity-H has it) to the slot's code points only;
 * then everything is put back.  pdf_cidmap() replaces the map and W
 * with what the slot draws either way, and nothing else of the font
 * depends on them: the same bytes.
 */
static HPDF_Font
pdf_utf8font(struct pdf *p, struct slot *sl, const char *name)
{
	HPDF_Encoder		 enc;
	HPDF_CMapEncoderAttr	 ea;
	HPDF_Encoder_ToUnicode_Func fn;
	HPDF_Font		 font;
	hb_codepoint_t		 cp;
	char			*saved;
	size_t			 um, cm;

	enc = HPDF_GetEncoder(p->doc, "UTF-8");
	if (enc == NULL || enc->type != HPDF_ENCODER_TYPE_DOUBLE_BYTE ||
	    (ea = (HPDF_CMapEncoderAttr)enc->attr) == NULL ||
	    hb_set_get_max(sl->cps) > 0xFFFF ||
	    hb_set_get_max(sl->cps) == 0)
		return HPDF_GetFont(p->doc, name, "UTF-8");
	um = sizeof(ea->unicode_map);
	cm = sizeof(ea->cid_map);
	saved = xmalloc(um + cm);
	memcpy(saved, ea->unicode_map, um);
	memcpy(saved + um, ea->cid_map, cm);
	memset(ea->cid_map, 0, cm);
	cp = HB_SET_VALUE_INVALID;
	while (hb_set_next(sl->cps, &cp)) {
		ea->cid_map[cp >> 8][cp & 0xFF] = (HPDF_UINT16)cp;
		ea->unicode_map[cp >> 8][cp & 0xFF] = (HPDF_UNICODE)cp;
	}
	fn = enc->to_unicode_fn;
	enc->to_unicode_fn = HPDF_CMapEncoder_ToUnicode;
	font = HPDF_GetFont(p->doc, name, "UTF-8");
	enc->to_unicode_fn = fn;
	memcpy(ea->unicode_map, saved, um);
	memcpy(ea->cid_map, saved + um, cm);
	free(saved);
	return font;
}

/*
 * Subset a font file to the code points of its two slots sl[0] (on
 * SB_HPDF) and sl[1] (UTF-8), load it into the document from memory
 * and get a font on the encoding of each slot that draws something.
 * The two fonts share one embedded subset: libharu gives one
 * definition one font descriptor.
 */
static int
pdf_font(struct pdf *p, struct slot *sl)
{
	hb_blob_t		*sub;
	const char		*data, *name;
	unsigned int		 len;
	int			 k, rc = -1;

	if ((sub = pdf_subset(p, sl)) == NULL) {
		diag_msg(p->d, DIAG_ERROR, EX_SOFTWARE, sl->path, 0, 0,
		    p->appid, "cannot subset the font");
		p->failed = 1;
		return -1;
	}
	data = hb_blob_get_data(sub, &len);
	p->what = "loading a font";
	name = pdf_load_subset(p, data, len);
	if (name == NULL || pdf_check(p) == -1)
		goto out;
	for (k = 0; k < 2; k++) {
		if (hb_set_is_empty(sl[k].cps))
			continue;
		sl[k].font = sl[k].sbyte ?
		    HPDF_GetFont(p->doc, name, SB_HPDF) :
		    pdf_utf8font(p, &sl[k], name);
		if (sl[k].font == NULL || pdf_check(p) == -1)
			goto out;
		pdf_trim_font(&sl[k]);
		if (sl[k].sbyte ? pdf_tounicode_sb(p, &sl[k]) == -1 :
		    pdf_tounicode(p, &sl[k]) == -1 ||
		    pdf_cidmap(p, &sl[k]) == -1)
			goto out;
		if (pdf_allglyphs(p, &sl[k]) == -1)
			goto out;
	}
	if (sl[0].font != NULL && sl[0].font->before_write_fn != NULL) {
		sl[0].before = sl[0].font->before_write_fn;
		sl[0].font->before_write_fn = pdf_font_before_write;
	}
	rc = 0;
out:
	sl[0].sub = sub;	/* freed with the document */
	if (rc == -1)
		(void)pdf_check(p);
	return rc;
}

static double
clamp01(double v)
{
	return v < 0 ? 0 : v > 1 ? 1 : v;
}

/* Set the fill colour, in the colour space the layout gave. */
static void
pdf_fill(struct pdf *p, HPDF_Page pg, const struct color *c)
{
	if (p->hasfill && color_eq(&p->curfill, c))
		return;
	p->curfill = *c;
	p->hasfill = 1;
	switch (c->cs) {
	case CS_GRAY:
		HPDF_Page_SetGrayFill(pg, clamp01(c->c[0]));
		break;
	case CS_RGB:
		HPDF_Page_SetRGBFill(pg, clamp01(c->c[0]),
		    clamp01(c->c[1]), clamp01(c->c[2]));
		break;
	case CS_CMYK:
		HPDF_Page_SetCMYKFill(pg, clamp01(c->c[0]),
		    clamp01(c->c[1]), clamp01(c->c[2]), clamp01(c->c[3]));
		break;
	}
}

static void
pdf_stroke(struct pdf *p, HPDF_Page pg, const struct color *c, double width)
{
	if (width <= 0)
		width = 1;
	if (!p->hasstroke || !color_eq(&p->curstroke, c)) {
		p->curstroke = *c;
		p->hasstroke = 1;
		switch (c->cs) {
		case CS_GRAY:
			HPDF_Page_SetGrayStroke(pg, clamp01(c->c[0]));
			break;
		case CS_RGB:
			HPDF_Page_SetRGBStroke(pg, clamp01(c->c[0]),
			    clamp01(c->c[1]), clamp01(c->c[2]));
			break;
		case CS_CMYK:
			HPDF_Page_SetCMYKStroke(pg, clamp01(c->c[0]),
			    clamp01(c->c[1]), clamp01(c->c[2]),
			    clamp01(c->c[3]));
			break;
		}
	}
	if (width != p->curwidth) {
		HPDF_Page_SetLineWidth(pg, width);
		p->curwidth = width;
	}
}

/* Leave text mode before drawing shapes. */
static void
pdf_endtext(struct pdf *p, HPDF_Page pg)
{
	if (p->intext)
		HPDF_Page_EndText(pg);
	p->intext = 0;
}

/* Forget the graphics state: a new page starts from the defaults. */
static void
pdf_resetstate(struct pdf *p)
{
	p->intext = 0;
	p->curfont = NULL;
	p->cursize = 0;
	p->hasfill = p->hasstroke = 0;
	p->curwidth = 1;
	p->curws = 0;
}

/* Round a coordinate to 1/100 pt: shorter numbers, nothing visible. */
static double
pdf_round(double v)
{
	return floor(v * 100 + 0.5) / 100;
}

/* A PNG image, loaded once per document. */
static HPDF_Image
pdf_image(struct pdf *p, const char *path)
{
	HPDF_Image	 img;
	const char	*cs;
	size_t		 i;

	for (i = 0; i < p->nimg; i++)
		if (strcmp(p->img[i].path, path) == 0)
			return p->img[i].img;
	if (access(path, R_OK) == -1) {
		diag_msg(p->d, DIAG_ERROR, EX_NOINPUT, path, 0, 0, p->appid,
		    "cannot read image: %s", strerror(errno));
		p->failed = 1;
		return NULL;
	}
	p->what = "loading a PNG image";
	img = HPDF_LoadPngImageFromFile(p->doc, path);
	if (img == NULL || pdf_check(p) == -1)
		return NULL;
	if (p->opts->print && (cs = HPDF_Image_GetColorSpace(img)) != NULL &&
	    strcmp(cs, "DeviceGray") != 0)
		diag_msg(p->d, DIAG_WARNING, 0, path, 0, 0, p->appid,
		    "image is in %s, not CMYK, in a print file", cs);
	if (p->opts->print &&
	    HPDF_Dict_GetItem(img, "SMask", HPDF_OCLASS_DICT) != NULL)
		diag_msg(p->d, DIAG_WARNING, 0, path, 0, 0, p->appid,
		    "image has an alpha channel: transparency in a print "
		    "file");
	p->img = xrealloc(p->img, (p->nimg + 1) * sizeof(*p->img));
	p->img[p->nimg].path = path;
	p->img[p->nimg].img = img;
	p->nimg++;
	return img;
}

/*
 * An SVG image (a logo's vector form, svg.h): drawn with path operators,
 * no image in the file.  1: not an SVG file name; 0: drawn; -1: failed.
 */
static int
pdf_svg(struct pdf *p, HPDF_Page pg, const struct item *it)
{
	const struct svg *d;
	const char	*why;
	size_t		 n = strlen(it->text);

	if (n < 4 || strcasecmp(it->text + n - 4, ".svg") != 0)
		return 1;
	if (access(it->text, R_OK) == -1) {
		diag_msg(p->d, DIAG_ERROR, EX_NOINPUT, it->text, 0, 0,
		    p->appid, "cannot read image: %s", strerror(errno));
		p->failed = 1;
		return -1;
	}
	if ((d = svg_get(it->text, &why)) == NULL) {
		diag_msg(p->d, DIAG_ERROR, EX_DATAERR, it->text, 0, 0,
		    p->appid, "cannot draw this SVG image: %s", _(why));
		p->failed = 1;
		return -1;
	}
	p->what = "drawing an SVG image";
	svg_draw(d, pg, it->x, it->y, it->w, it->h, p->opts->print);
	return 0;
}

/* The slot that draws code point cp of face f (not U+202F). */
static struct slot *
pdf_slot(struct pdf *p, enum face f, long cp)
{
	struct slot	*sb = &p->slot[p->faceslot[f]];

	return hb_set_has(sb->cps, (hb_codepoint_t)cp) ? sb : sb + 1;
}

/*
 * Show the UTF-8 run s of item it (its filtered text) in parts, one
 * after the other: each stretch of characters that one font of the
 * face draws (SB_HPDF or UTF-8), and the width of each U+202F left as a
 * gap.  A part moves on by the widths the PDF gives its glyphs, and ws
 * (the run's word spacing) per space, as a single run would, so that
 * the page looks the same as with one font and the U+202F glyph.
 * Extractors see the gap as a space, as they print U+202F.  Returns 0,
 * or -1 after reporting.
 */
static int
pdf_text(struct pdf *p, HPDF_Page pg, const struct item *it, const char *s,
    double ws)
{
	struct slot	*sl;
	struct buf	 out = BUF_INIT;
	const char	*e, *end = s + strlen(s);
	double		 x = it->x, gap;
	size_t		 len, i, nsp;
	long		 cp;
	int		 rc = 0;

	gap = font_advance(p->fs, it->face, NNBSP) * it->size / 1000;
	while (s < end) {
		if ((cp = utf8_decode(s, (size_t)(end - s), &len)) == NNBSP) {
			x += gap;
			s += len;
			continue;
		}
		sl = pdf_slot(p, it->face, cp);
		for (e = s + len; e < end; e += len) {
			cp = utf8_decode(e, (size_t)(end - e), &len);
			if (cp == NNBSP || pdf_slot(p, it->face, cp) != sl)
				break;
		}
		buf_truncate(&out, 0);
		if (!sl->sbyte)
			buf_add(&out, s, (size_t)(e - s));
		else if (pdf_iconv(p, s, (size_t)(e - s), &out) == -1) {
			buf_truncate(&out, 0);
			buf_add(&out, s, (size_t)(e - s));
			diag_msg(p->d, DIAG_ERROR, EX_SOFTWARE, p->path, 0, 0,
			    p->appid, "cannot convert \"%s\" to %s",
			    buf_str(&out), SB_ICONV);
			p->failed = 1;
			rc = -1;
			break;
		}
		s = e;
		if (sl->font == NULL)
			continue;
		/* Tw stretches the single-byte code 32 only. */
		for (nsp = 0, i = 0; sl->sbyte && i < out.len; i++)
			nsp += out.s[i] == ' ';
		/* Consecutive runs share one text object. */
		if (!p->intext) {
			HPDF_Page_BeginText(pg);
			p->intext = 1;
		}
		pdf_fill(p, pg, &it->color);
		if (p->curfont != sl->font || p->cursize != it->size) {
			HPDF_Page_SetFontAndSize(pg, sl->font, it->size);
			p->curfont = sl->font;
			p->cursize = it->size;
		}
		if (nsp > 0 && p->curws != ws) {
			HPDF_Page_SetWordSpace(pg, ws);
			p->curws = ws;
		}
		HPDF_Page_TextOut(pg, pdf_round(x), pdf_round(it->y),
		    buf_str(&out));
		x += HPDF_Font_TextWidth(sl->font, (HPDF_BYTE *)out.s,
		    (HPDF_UINT)out.len).width * it->size / 1000 + nsp * ws;
	}
	buf_free(&out);
	return rc;
}

/*
 * Draw items[*j], or for text the run of items that join it; *j is
 * left on the last item drawn.
 */
static int
pdf_item(struct pdf *p, HPDF_Page pg, const struct item *items, size_t n,
    size_t *j)
{
	const struct item *it = &items[*j];
	struct buf	 t = BUF_INIT;
	HPDF_Image	 img;
	double		 ws;
	int		 rc;

	switch (it->kind) {
	case ITEM_TEXT:
		if (!text_ok(it))
			break;
		pdf_filter(p, it->face, it->text, &t, 0);
		ws = NAN;
		while (*j + 1 < n &&
		    pdf_joins(p, &items[*j], &items[*j + 1], &ws)) {
			++*j;
			buf_putc(&t, ' ');
			buf_puts(&t, items[*j].text);
		}
		/*
		 * Layout measured with the widths the PDF states (font.c),
		 * so the word spacing that puts the second word where layout
		 * did puts every other word there too, the last one at the
		 * line's end.
		 */
		if (isnan(ws))
			ws = 0;
		rc = pdf_text(p, pg, it, buf_str(&t), ws);
		buf_free(&t);
		if (rc == -1)
			return -1;
		break;
	case ITEM_RECT:
		if (!it->fill && !it->stroke)
			break;
		pdf_endtext(p, pg);
		if (it->fill)
			pdf_fill(p, pg, &it->color);
		if (it->stroke)
			pdf_stroke(p, pg, &it->stroke_color, it->line_width);
		HPDF_Page_Rectangle(pg, pdf_round(it->x), pdf_round(it->y),
		    pdf_round(it->w), pdf_round(it->h));
		if (it->fill && it->stroke)
			HPDF_Page_FillStroke(pg);
		else if (it->fill)
			HPDF_Page_Fill(pg);
		else
			HPDF_Page_Stroke(pg);
		break;
	case ITEM_LINE:
		pdf_endtext(p, pg);
		pdf_stroke(p, pg, &it->stroke_color, it->line_width);
		if (it->dash > 0) {
			HPDF_UINT16 dash = (HPDF_UINT16)(it->dash + 0.5);

			HPDF_Page_SetDash(pg, &dash, 1, 0);
		}
		HPDF_Page_MoveTo(pg, pdf_round(it->x), pdf_round(it->y));
		HPDF_Page_LineTo(pg, pdf_round(it->x + it->w),
		    pdf_round(it->y + it->h));
		HPDF_Page_Stroke(pg);
		if (it->dash > 0)
			HPDF_Page_SetDash(pg, NULL, 0, 0);
		break;
	case ITEM_IMAGE:
		if (it->text == NULL)
			break;
		pdf_endtext(p, pg);
		if (pdf_svg(p, pg, it) == 0)
			break;
		if ((img = pdf_image(p, it->text)) == NULL)
			return -1;
		p->what = "drawing an image";
		HPDF_Page_DrawImage(pg, img, it->x, it->y, it->w, it->h);
		break;
	}
	return pdf_check(p);
}

/*
 * Remove the ProcSet that libharu puts in every page's resources:
 * obsolete since PDF 1.4, and ignored by readers.
 */
static void
pdf_trim_page(struct pdf *p, HPDF_Page pg)
{
	HPDF_Dict	 res;

	(void)p;
	res = HPDF_Dict_GetItem(pg, "Resources", HPDF_OCLASS_DICT);
	if (res != NULL)
		(void)HPDF_Dict_RemoveElement(res, "ProcSet");
}

/* Add a box (x0, y0, x1, y1) to a page dictionary. */
static void
pdf_box(struct pdf *p, HPDF_Page pg, const char *key, const double b[4])
{
	HPDF_Box	 box;

	box.left = b[0];
	box.bottom = b[1];
	box.right = b[2];
	box.top = b[3];
	if (HPDF_Dict_Add(pg, key, HPDF_Box_Array_New(p->doc->mmgr, box)) !=
	    HPDF_OK && p->err == 0)
		p->err = HPDF_INVALID_OBJECT;
}

/* Two 64-bit FNV-1a hashes of s, as the 16 bytes of a trailer /ID. */
static void
pdf_id(struct pdf *p, const char *s)
{
	HPDF_BYTE	 h[16];
	HPDF_Array	 a;
	uint64_t	 h1 = 0xcbf29ce484222325ULL, h2 = 0x84222325cbf29ce4ULL;
	int		 i;

	for (; *s != '\0'; s++) {
		h1 = (h1 ^ (unsigned char)*s) * 0x100000001b3ULL;
		h2 = (h2 ^ (unsigned char)*s) * 0x100000001b3ULL;
		h2 ^= h2 >> 29;
	}
	for (i = 0; i < 8; i++) {
		h[i] = (HPDF_BYTE)(h1 >> (8 * i));
		h[8 + i] = (HPDF_BYTE)(h2 >> (8 * i));
	}
	a = HPDF_Array_New(p->doc->mmgr);
	if (a == NULL ||
	    HPDF_Array_Add(a, HPDF_Binary_New(p->doc->mmgr, h, 16)) != HPDF_OK ||
	    HPDF_Array_Add(a, HPDF_Binary_New(p->doc->mmgr, h, 16)) != HPDF_OK ||
	    HPDF_Dict_Add(p->doc->trailer, "ID", a) != HPDF_OK)
		if (p->err == 0)
			p->err = HPDF_INVALID_OBJECT;
}

/*
 * Set Info string t to v in the pass for Latin-1 strings (latin 1) or
 * for the others (0).  Returns 1 when v waits for the other pass.
 */
static int
pdf_info(struct pdf *p, HPDF_InfoType t, const char *v, int latin)
{
	struct buf	 b = BUF_INIT;
	const char	*s;
	size_t		 n, len;
	long		 cp;

	if (v == NULL || *v == '\0')
		return 0;
	/* PDFDocEncoding is Latin-1 for these. */
	for (s = v, n = strlen(v); n > 0; s += len, n -= len) {
		cp = utf8_decode(s, n, &len);
		if (cp < 0x20 || (cp > 0x7E && cp < 0xA1) || cp == 0xAD ||
		    cp > 0xFF)
			break;
		buf_putc(&b, (char)cp);
	}
	if (latin && n == 0)
		HPDF_SetInfoAttr(p->doc, t, buf_str(&b));
	else if (!latin && n > 0)
		HPDF_SetInfoAttr(p->doc, t, v);
	buf_free(&b);
	return latin && n > 0;
}

/* Note the first failure of a low-level dictionary call. */
static void
pdf_ok(struct pdf *p, HPDF_STATUS s)
{
	if (s != HPDF_OK && p->err == 0)
		p->err = HPDF_INVALID_OBJECT;
}

/*
 * Document-level keys: /Lang, the dates, and for the print shop's file
 * (opts->pdfx) what PDF/X-1a:2001 asks of the catalog and the Info dictionary: an
 * OutputIntent for FOGRA39 (a characterization registered at color.org,
 * so no embedded profile: Debian ships none), GTS_PDFXVersion,
 * GTS_PDFXConformance and /Trapped /False.  The page boxes are written
 * with each page; the trailer /ID by pdf_id().
 */
static void
pdf_docinfo(struct pdf *p)
{
	HPDF_MMgr	 mm = p->doc->mmgr;
	HPDF_Date	 dt;
	HPDF_Dict	 oi;
	HPDF_Array	 a;

	pdf_ok(p, HPDF_Dict_Add(p->doc->catalog, "Lang",
	    HPDF_String_New(mm, "fr-FR", NULL)));
	if (p->opts->year > 0) {
		memset(&dt, 0, sizeof(dt));
		dt.year = p->opts->year;
		dt.month = p->opts->month;
		dt.day = p->opts->day;
		dt.ind = '+';	/* not 'Z': libharu 2.3.0 breaks on it */
		HPDF_SetInfoDateAttr(p->doc, HPDF_INFO_CREATION_DATE, dt);
		HPDF_SetInfoDateAttr(p->doc, HPDF_INFO_MOD_DATE, dt);
	}
	if (!p->opts->pdfx || p->doc->info == NULL)
		return;
	pdf_ok(p, HPDF_Dict_Add(p->doc->info, "GTS_PDFXVersion",
	    HPDF_String_New(mm, "PDF/X-1:2001", NULL)));
	pdf_ok(p, HPDF_Dict_Add(p->doc->info, "GTS_PDFXConformance",
	    HPDF_String_New(mm, "PDF/X-1a:2001", NULL)));
	pdf_ok(p, HPDF_Dict_AddName(p->doc->info, "Trapped", "False"));
	if ((oi = HPDF_Dict_New(mm)) == NULL ||
	    (a = HPDF_Array_New(mm)) == NULL) {
		pdf_ok(p, HPDF_FAILD_TO_ALLOC_MEM);
		return;
	}
	pdf_ok(p, HPDF_Dict_AddName(oi, "Type", "OutputIntent"));
	pdf_ok(p, HPDF_Dict_AddName(oi, "S", "GTS_PDFX"));
	pdf_ok(p, HPDF_Dict_Add(oi, "OutputConditionIdentifier",
	    HPDF_String_New(mm, "FOGRA39", NULL)));
	pdf_ok(p, HPDF_Dict_Add(oi, "OutputCondition",
	    HPDF_String_New(mm, "Coated FOGRA39 (ISO 12647-2:2004)", NULL)));
	pdf_ok(p, HPDF_Dict_Add(oi, "RegistryName",
	    HPDF_String_New(mm, "http://www.color.org", NULL)));
	pdf_ok(p, HPDF_Dict_Add(oi, "Info",
	    HPDF_String_New(mm, "Coated FOGRA39 (ISO 12647-2:2004)", NULL)));
	pdf_ok(p, HPDF_Array_Add(a, oi));
	pdf_ok(p, HPDF_Dict_Add(p->doc->catalog, "OutputIntents", a));
}

/* The target of a word shown on a page, or 0: "https://…", "www.…",
 * or an e-mail address (mailto:), trailing punctuation left out. */
static int
pdf_link_target(const char *s, struct buf *uri)
{
	size_t	 n = strlen(s);
	const char *at;

	while (n > 0 && strchr(".,;:)»", s[n - 1]) != NULL)
		n--;
	if (n == 0 || memchr(s, ' ', n) != NULL)
		return 0;
	buf_truncate(uri, 0);
	if (strncmp(s, "https://", 8) == 0 || strncmp(s, "http://", 7) == 0)
		buf_add(uri, s, n);
	else if (strncmp(s, "www.", 4) == 0 && n > 4) {
		buf_puts(uri, "https://");
		buf_add(uri, s, n);
	} else if ((at = memchr(s, '@', n)) != NULL && at > s &&
	    memchr(at, '.', n - (size_t)(at - s)) != NULL) {
		buf_puts(uri, "mailto:");
		buf_add(uri, s, n);
	} else
		return 0;
	return 1;
}

/* Link annotations (no border) over the URLs and addresses of a page. */
static void
pdf_links(HPDF_Page pg, const struct page *pa)
{
	struct buf	 uri = BUF_INIT;
	HPDF_Annotation	 an;
	HPDF_Rect	 r;
	size_t		 i;

	for (i = 0; i < pa->nitems; i++) {
		const struct item *it = &pa->items[i];

		if (it->kind != ITEM_TEXT || it->text == NULL ||
		    !pdf_link_target(it->text, &uri))
			continue;
		r.left = it->x;
		r.right = it->x + it->w;
		r.bottom = it->y - it->size * 0.25;
		r.top = it->y + it->size * 0.9;
		an = HPDF_Page_CreateURILinkAnnot(pg, r, buf_str(&uri));
		if (an != NULL)
			HPDF_LinkAnnot_SetBorderStyle(an, 0, 0, 0);
	}
	buf_free(&uri);
}

/* Build the whole document in p->doc.  Returns 0 or -1 (reported). */
static int
pdf_build(struct pdf *p, const struct pages *pp)
{
	const struct page *pa;
	HPDF_Page	 pg;
	size_t		 i, j;
	int		 k, wait;

	p->what = "setting up the document";
	HPDF_SetCompressionMode(p->doc, HPDF_COMP_ALL);
	HPDF_UseUTFEncodings(p->doc);
	/*
	 * Info strings go through the current encoder: none at first (the
	 * bytes as they are: a short literal, for those that Latin-1
	 * holds), then UTF-8 (UTF-16 with BOM, for the others), only when
	 * one needs it: libharu's UTF-8 encoder costs 128 KB to set up.
	 */
	for (k = 1; k >= 0; k--) {
		if (k == 0)
			HPDF_SetCurrentEncoder(p->doc, "UTF-8");
		wait = pdf_info(p, HPDF_INFO_TITLE, pp->title, k);
		wait |= pdf_info(p, HPDF_INFO_AUTHOR, pp->author, k);
		wait |= pdf_info(p, HPDF_INFO_SUBJECT, pp->subject, k);
		wait |= pdf_info(p, HPDF_INFO_CREATOR, pp->creator, k);
		wait |= pdf_info(p, HPDF_INFO_PRODUCER, "essdocs", k);
		if (!wait)
			break;
	}
	if (p->opts->id != NULL)
		pdf_id(p, p->opts->id);
	pdf_docinfo(p);
	if (pdf_check(p) == -1)
		return -1;

	p->what = "getting the " SB_HPDF " encoder";
	if ((p->sbenc = HPDF_GetEncoder(p->doc, SB_HPDF)) == NULL) {
		/* Not fatal: the UTF-8 path remains. */
		HPDF_ResetError(p->doc);
		p->err = 0;
	}
	pdf_collect(p, pp);
	/* Every split first: the single-byte fonts share a map. */
	for (k = 0; k < p->nslots; k += 2)
		pdf_split(p, &p->slot[k], &p->slot[k + 1]);
	for (k = 0; k < p->nslots; k += 2)
		if ((!hb_set_is_empty(p->slot[k].cps) ||
		    !hb_set_is_empty(p->slot[k + 1].cps)) &&
		    pdf_font(p, &p->slot[k]) == -1)
			return -1;

	for (i = 0; i < pp->npages; i++) {
		pa = &pp->page[i];
		p->what = "adding a page";
		pg = HPDF_AddPage(p->doc);
		if (pg == NULL || pdf_check(p) == -1)
			return -1;
		HPDF_Page_SetWidth(pg, pa->width);
		HPDF_Page_SetHeight(pg, pa->height);
		pdf_trim_page(p, pg);
		if (pa->has_boxes) {
			pdf_box(p, pg, "TrimBox", pa->trim);
			pdf_box(p, pg, "BleedBox", pa->bleed);
		}
		if (pdf_check(p) == -1)
			return -1;
		p->what = "drawing";
		pdf_resetstate(p);
		for (j = 0; j < pa->nitems; j++)
			if (pdf_item(p, pg, pa->items, pa->nitems, &j) == -1)
				return -1;
		pdf_endtext(p, pg);
		if (!p->opts->print)
			pdf_links(pg, pa);
		if (pdf_check(p) == -1)
			return -1;
	}
	return 0;
}

/*
 * Save p->doc into the temporary file of a: as libharu writes it for
 * the print shop's file (PDF/X-1a:2001 is PDF 1.3), repacked into
 * PDF 1.5 by pdfpack() for the others (libharu's bytes when that
 * cannot be done).
 */
static int
pdf_save(struct pdf *p, struct atomic *a)
{
	struct buf	 in = BUF_INIT, out = BUF_INIT;
	const struct buf *b = &in;
	HPDF_UINT32	 size, n;
	int		 rc = -1;

	p->what = "saving";
	if (HPDF_SaveToStream(p->doc) != HPDF_OK) {
		if (p->err == 0)
			p->err = HPDF_INVALID_STREAM;
		return pdf_check(p);
	}
	size = HPDF_GetStreamSize(p->doc);
	HPDF_ResetStream(p->doc);
	buf_grow(&in, (size_t)size + 1);
	for (in.len = 0; in.len < size; in.len += n) {
		n = size - (HPDF_UINT32)in.len;
		if (HPDF_ReadFromStream(p->doc, (HPDF_BYTE *)in.s + in.len,
		    &n) != HPDF_OK || n == 0) {
			if (p->err == 0)
				p->err = HPDF_INVALID_STREAM;
			rc = pdf_check(p);
			goto out;
		}
	}
	if (!p->opts->pdfx &&
	    pdfpack((const unsigned char *)in.s, in.len, &out) == 0)
		b = &out;
	if (atomic_write(a, b->s, b->len) == -1) {
		diag_msg(p->d, DIAG_ERROR, EX_IOERR, p->path, 0, 0,
		    p->appid, "cannot write: %s", strerror(errno));
		p->failed = 1;
		goto out;
	}
	rc = 0;
out:
	buf_free(&in);
	buf_free(&out);
	return rc;
}

/*
 * libharu allocates and frees buffers of 128 KB and more for every
 * document (encoder tables, font tables, streams), above glibc's mmap
 * threshold: each document then maps, faults in and unmaps fresh pages.
 * Keep them in the heap and the heap's top in place, so that the next
 * document reuses the same memory.  Process-wide, set on the first
 * document; it does not raise the peak, which the largest document
 * sets either way.
 */
static void
pdf_memory(void)
{
	static int	 done;

	if (done)
		return;
	done = 1;
	(void)mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
	(void)mallopt(M_TRIM_THRESHOLD, 64 * 1024 * 1024);
}

int
pdf_write(const struct pages *pp, const struct fontset *fs, const char *path,
    const struct pdf_opts *opts, struct diag *d, const char *appid)
{
	static const struct pdf_opts defaults;
	struct pdf	 p;
	struct atomic	 a;
	int		 k, rc = -1;

	pdf_memory();
	memset(&p, 0, sizeof(p));
	p.d = d;
	p.path = path;
	p.appid = appid;
	p.fs = fs;
	p.opts = opts != NULL ? opts : &defaults;
	p.what = "starting";
	p.warned = hb_set_create();
	p.cd = (iconv_t)-1;

	if ((p.doc = HPDF_New(pdf_hpdf_error, &p)) == NULL) {
		diag_msg(d, DIAG_ERROR, EX_SOFTWARE, path, 0, 0, appid,
		    "cannot start a PDF document");
		p.failed = 1;
		goto out;
	}
	if (pdf_build(&p, pp) == -1)
		goto out;
	if (atomic_open(&a, path) == -1) {
		diag_msg(d, DIAG_ERROR, EX_CANTCREAT, path, 0, 0, appid,
		    "cannot create: %s", strerror(errno));
		p.failed = 1;
		goto out;
	}
	if (pdf_save(&p, &a) == -1) {
		atomic_abort(&a);
		goto out;
	}
	if (atomic_commit(&a) == -1) {
		diag_msg(d, DIAG_ERROR, EX_IOERR, path, 0, 0, appid,
		    "cannot write: %s", strerror(errno));
		p.failed = 1;
		goto out;
	}
	rc = 0;
out:
	/* A failure that set no libharu error and said nothing yet. */
	if (rc == -1 && pdf_check(&p) == 0 && !p.failed)
		diag_msg(d, DIAG_ERROR, EX_SOFTWARE, path, 0, 0, appid,
		    "cannot make the PDF (while %s)", p.what);
	if (p.doc != NULL)
		HPDF_Free(p.doc);
	for (k = 0; k < p.nslots; k++) {
		hb_set_destroy(p.slot[k].cps);
		hb_blob_destroy(p.slot[k].sub);
	}
	hb_set_destroy(p.warned);
	if (p.cd != (iconv_t)-1)
		iconv_close(p.cd);
	free(p.img);
	return rc;
}
