/* test_widths.c: layout measures every character with the width the PDF states for it (one width authority). */
#include <stdio.h>
#include <string.h>

#include <hb.h>
#include <hpdf.h>
#include <hpdf_fontdef.h>

#include "diag.h"
#include "font.h"

#include "t.h"

/*
 * Every character of the face's file that the PDF can show (the BMP):
 * font_advance() against the width libharu writes into the W array of
 * the font on the UTF-8 encoder (HPDF_TTFontDef_GetCharWidth), and for
 * the WinAnsi codes against what a WinAnsi font says it draws
 * (HPDF_Font_TextWidth, from the /Widths libharu writes).  Returns the
 * number of characters compared.
 */
static unsigned int
compare_face(const struct fontset *fs, enum face f)
{
	HPDF_Doc	 doc;
	HPDF_FontDef	 def;
	HPDF_Font	 font;
	HPDF_Encoder	 enc;
	hb_set_t	*cps;
	hb_codepoint_t	 cp = HB_SET_VALUE_INVALID;
	const char	*name;
	unsigned int	 n = 0, bad = 0, c;
	HPDF_BYTE	 b;
	HPDF_UNICODE	 u;
	HPDF_UINT	 w;

	doc = HPDF_New(NULL, NULL);
	CHECK(doc != NULL);
	if (doc == NULL)
		return 0;
	def = HPDF_GetTTFontDefFromFile(doc, font_path(fs, f), HPDF_FALSE);
	CHECK(def != NULL);
	cps = hb_set_create();
	hb_face_collect_unicodes(font_hb_face(fs, f), cps);
	while (def != NULL && hb_set_next(cps, &cp) && cp <= 0xFFFF) {
		n++;
		if (font_advance(fs, f, (long)cp) !=
		    HPDF_TTFontDef_GetCharWidth(def, (HPDF_UNICODE)cp)) {
			if (bad++ < 5)
				fprintf(stderr, "%s U+%04X: layout %g, PDF %d\n",
				    face_name(f), cp, font_advance(fs, f,
				    (long)cp), HPDF_TTFontDef_GetCharWidth(def,
				    (HPDF_UNICODE)cp));
		}
	}
	CHECK_INT(bad, 0);
	hb_set_destroy(cps);
	if (def != NULL)
		HPDF_FontDef_Free(def);	/* not the document's: its own */

	name = HPDF_LoadTTFontFromFile(doc, font_path(fs, f), HPDF_FALSE);
	font = name != NULL ? HPDF_GetFont(doc, name, "WinAnsiEncoding") :
	    NULL;
	enc = HPDF_GetEncoder(doc, "WinAnsiEncoding");
	CHECK(font != NULL && enc != NULL);
	for (bad = 0, c = 32; font != NULL && enc != NULL && c < 256; c++) {
		b = (HPDF_BYTE)c;
		u = HPDF_Encoder_GetUnicode(enc, (HPDF_UINT16)c);
		if (u == 0 || !font_has(fs, f, (long)u))
			continue;
		n++;
		w = HPDF_Font_TextWidth(font, &b, 1).width;
		if (font_advance(fs, f, (long)u) != (double)w && bad++ < 5)
			fprintf(stderr, "%s WinAnsi 0x%02X: layout %g, PDF "
			    "%u\n", face_name(f), c, font_advance(fs, f,
			    (long)u), w);
	}
	CHECK_INT(bad, 0);
	HPDF_Free(doc);
	return n;
}

/*
 * font_has() (a bit per BMP character, made when the set loads) says
 * what HarfBuzz's lookup in the font's cmap says, for every code point
 * of the BMP and a few above it.  Returns how many have a glyph.
 */
static unsigned int
compare_has(const struct fontset *fs, enum face f)
{
	hb_font_t	*font;
	hb_codepoint_t	 g;
	unsigned int	 n = 0, bad = 0;
	long		 cp;
	int		 want;

	font = hb_font_create(font_hb_face(fs, f));
	for (cp = 0; cp <= 0x10FFFF; cp += cp < 0x10000 ? 1 : 0x1001) {
		want = hb_font_get_nominal_glyph(font, (hb_codepoint_t)cp,
		    &g) != 0;
		n += want;
		if (font_has(fs, f, cp) != want && bad++ < 5)
			fprintf(stderr, "%s U+%04lX: font_has %d, cmap %d\n",
			    face_name(f), cp, font_has(fs, f, cp), want);
	}
	CHECK_INT(bad, 0);
	hb_font_destroy(font);
	return n;
}

int
main(void)
{
	struct diag	 d;
	struct fontset	*fs;
	int		 f;

	diag_init(&d, stderr, 0);
	fs = fontset_load("fonts", &d);
	CHECK(fs != NULL);
	if (fs == NULL)
		T_DONE();
	for (f = 0; f < FACE__MAX; f++)
		/* Lato has Latin, Greek and Cyrillic: well over 500. */
		CHECK(compare_face(fs, (enum face)f) > 500);
	for (f = 0; f < FACE__MAX; f++)
		CHECK(compare_has(fs, (enum face)f) > 500);
	CHECK(font_has(fs, FACE_REGULAR, 0x00E9));	/* é */
	CHECK(!font_has(fs, FACE_REGULAR, 0x4E2D));	/* 中 */

	/* Whole thousandths: what a justified line adds up is exact. */
	CHECK(font_advance(fs, FACE_REGULAR, 'e') ==
	    (double)(long)font_advance(fs, FACE_REGULAR, 'e'));
	CHECK(font_width(fs, FACE_REGULAR, "ee", 10) ==
	    2 * font_advance(fs, FACE_REGULAR, 'e') * 10 / 1000);
	fontset_free(fs);
	T_DONE();
}
