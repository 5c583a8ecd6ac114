/* font.c: TrueType metrics through HarfBuzz, for layout, in the whole thousandths of an em the PDF states. */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include <hb.h>

#include "diag.h"
#include "font.h"
#include "util.h"

static const char *const face_files[FACE__MAX] = {
	"Lato-Regular.ttf",		/* FACE_REGULAR */
	"Lato-Bold.ttf",		/* FACE_BOLD */
	"Lato-Italic.ttf",		/* FACE_ITALIC */
	"Lato-BoldItalic.ttf",		/* FACE_BOLDITALIC */
};

static const char *const face_names[FACE__MAX] = {
	"regular",			/* FACE_REGULAR */
	"bold",				/* FACE_BOLD */
	"italic",			/* FACE_ITALIC */
	"bold-italic",			/* FACE_BOLDITALIC */
};

/*
 * Advances of the Latin-1 range are cached: almost all text is there.
 * So is which characters of the BMP have a glyph, one bit each (8 KB):
 * the PDF device asks for every character it draws, several times.
 */
struct face_data {
	char		*path;
	hb_blob_t	*blob;
	hb_face_t	*face;
	hb_font_t	*font;
	double		 upem;
	double		 ascent, descent;
	double		 latin[256];
	double		 notdef;
	unsigned char	 bmp[0x10000 / 8];
};

/* A subset built for a set of code points, for the next document
 * that draws exactly those. */
struct subset {
	hb_set_t	*cps;		/* NULL: a free entry */
	unsigned int	 hash;
	hb_blob_t	*blob;
	unsigned long	 used;		/* for least recently used */
	char		*ffname;	/* font_file_put(), or NULL */
	char		*ffdata;
	size_t		 fflen;
	unsigned long	 fflength1;
};

#define NSUBSETS	32		/* per face */

struct subset_cache {
	pthread_mutex_t	 lock;
	unsigned long	 clock;
	struct subset	 e[FACE__MAX][NSUBSETS];
};

struct fontset {
	struct face_data f[FACE__MAX];
	struct subset_cache *cache;
};

/*
 * The advance of cp in 1/1000 em as the PDF states it: libharu writes
 * a glyph's advance (font units) times 1000 over the units per em, cut
 * to a whole number, into the fonts' /Widths and W arrays, and readers
 * place every glyph by those.  Layout measuring with the same numbers
 * puts each line's end in the PDF exactly where layout put it.
 */
static double
advance_raw(const struct face_data *fd, long cp, int *has)
{
	hb_codepoint_t	 g;
	hb_position_t	 adv;

	if (!hb_font_get_nominal_glyph(fd->font, (hb_codepoint_t)cp, &g)) {
		*has = 0;
		return -1;
	}
	*has = 1;
	adv = hb_font_get_glyph_h_advance(fd->font, g);
	if (adv <= 0)
		return 0;
	return (double)((unsigned long)adv * 1000UL /
	    (unsigned long)fd->upem);
}

/*
 * The has-glyph bits of the BMP: the characters the cmap lists (one
 * pass over it), each confirmed by the lookup font_has() made before.
 */
static void
face_bmp(struct face_data *fd)
{
	hb_set_t	*u;
	hb_codepoint_t	 cp, g;

	u = hb_set_create();
	hb_face_collect_unicodes(fd->face, u);
	cp = HB_SET_VALUE_INVALID;
	while (hb_set_next(u, &cp) && cp <= 0xFFFF)
		if (hb_font_get_nominal_glyph(fd->font, cp, &g))
			fd->bmp[cp >> 3] |= (unsigned char)(1U << (cp & 7));
	hb_set_destroy(u);
}

static int
face_load(struct face_data *fd, const char *dir, const char *file,
    struct diag *d)
{
	hb_font_extents_t ext;
	struct buf	 p = BUF_INIT;
	int		 has, c;
	double		 w;

	buf_printf(&p, "%s/%s", dir, file);
	fd->path = buf_detach(&p);
	if (access(fd->path, R_OK) == -1) {
		diag_msg(d, DIAG_ERROR, EX_NOINPUT, fd->path, 0, 0, NULL,
		    "cannot read font: %s", strerror(errno));
		return -1;
	}
	fd->blob = hb_blob_create_from_file(fd->path);
	fd->face = hb_face_create(fd->blob, 0);
	if (hb_face_get_glyph_count(fd->face) == 0) {
		diag_msg(d, DIAG_ERROR, EX_NOINPUT, fd->path, 0, 0, NULL,
		    "not a TrueType font");
		return -1;
	}
	fd->font = hb_font_create(fd->face);
	fd->upem = hb_face_get_upem(fd->face);
	hb_font_set_scale(fd->font, (int)fd->upem, (int)fd->upem);
	hb_font_get_h_extents(fd->font, &ext);
	fd->ascent = ext.ascender * 1000.0 / fd->upem;
	fd->descent = ext.descender * 1000.0 / fd->upem;
	w = advance_raw(fd, 0xFFFD, &has);
	fd->notdef = has ? w : 0;
	for (c = 0; c < 256; c++) {
		w = advance_raw(fd, c, &has);
		fd->latin[c] = has ? w : fd->notdef;
	}
	face_bmp(fd);
	return 0;
}

struct fontset *
fontset_load(const char *dir, struct diag *d)
{
	struct fontset	*fs;
	int		 i;

	fs = xcalloc(1, sizeof(*fs));
	fs->cache = xcalloc(1, sizeof(*fs->cache));
	pthread_mutex_init(&fs->cache->lock, NULL);
	for (i = 0; i < FACE__MAX; i++)
		if (face_load(&fs->f[i], dir, face_files[i], d) == -1) {
			fontset_free(fs);
			return NULL;
		}
	return fs;
}

void
fontset_free(struct fontset *fs)
{
	int	 i, k;

	if (fs == NULL)
		return;
	if (fs->cache != NULL) {
		for (i = 0; i < FACE__MAX; i++)
			for (k = 0; k < NSUBSETS; k++)
				if (fs->cache->e[i][k].cps != NULL) {
					hb_set_destroy(fs->cache->e[i][k].cps);
					hb_blob_destroy(fs->cache->e[i][k].blob);
					free(fs->cache->e[i][k].ffname);
					free(fs->cache->e[i][k].ffdata);
				}
		pthread_mutex_destroy(&fs->cache->lock);
		free(fs->cache);
	}
	for (i = 0; i < FACE__MAX; i++) {
		if (fs->f[i].font != NULL)
			hb_font_destroy(fs->f[i].font);
		if (fs->f[i].face != NULL)
			hb_face_destroy(fs->f[i].face);
		if (fs->f[i].blob != NULL)
			hb_blob_destroy(fs->f[i].blob);
		free(fs->f[i].path);
	}
	free(fs);
}

const char *
font_path(const struct fontset *fs, enum face f)
{
	return fs->f[f].path;
}

struct hb_face_t *
font_hb_face(const struct fontset *fs, enum face f)
{
	return fs->f[f].face;
}

struct hb_blob_t *
font_subset_get(const struct fontset *fs, enum face f, const hb_set_t *cps)
{
	struct subset_cache *c = fs->cache;
	struct subset	*e;
	hb_blob_t	*b = NULL;
	unsigned int	 h;
	int		 k;

	h = hb_set_hash(cps);
	pthread_mutex_lock(&c->lock);
	for (k = 0; k < NSUBSETS; k++) {
		e = &c->e[f][k];
		if (e->cps != NULL && e->hash == h &&
		    hb_set_is_equal(e->cps, cps)) {
			e->used = ++c->clock;
			b = hb_blob_reference(e->blob);
			break;
		}
	}
	pthread_mutex_unlock(&c->lock);
	return b;
}

void
font_subset_put(const struct fontset *fs, enum face f, const hb_set_t *cps,
    hb_blob_t *subset)
{
	struct subset_cache *c = fs->cache;
	struct subset	*e, *old;
	int		 k;

	pthread_mutex_lock(&c->lock);
	old = &c->e[f][0];
	for (k = 0; k < NSUBSETS; k++) {
		e = &c->e[f][k];
		if (e->cps == NULL) {
			old = e;
			break;
		}
		if (e->used < old->used)
			old = e;
	}
	if (old->cps != NULL) {
		hb_set_destroy(old->cps);
		hb_blob_destroy(old->blob);
		free(old->ffname);
		free(old->ffdata);
		old->ffname = old->ffdata = NULL;
	}
	old->cps = hb_set_copy(cps);
	old->hash = hb_set_hash(cps);
	old->blob = hb_blob_reference(subset);
	old->used = ++c->clock;
	pthread_mutex_unlock(&c->lock);
}

/* The entry of face f that holds blob subset; the lock is held. */
static struct subset *
subset_find(struct subset_cache *c, enum face f, const hb_blob_t *subset)
{
	int	 k;

	for (k = 0; k < NSUBSETS; k++)
		if (c->e[f][k].cps != NULL && c->e[f][k].blob == subset)
			return &c->e[f][k];
	return NULL;
}

int
font_file_get(const struct fontset *fs, enum face f, const hb_blob_t *subset,
    const char *name, struct buf *data, unsigned long *length1)
{
	struct subset_cache *c = fs->cache;
	struct subset	*e;
	int		 rc = 0;

	pthread_mutex_lock(&c->lock);
	e = subset_find(c, f, subset);
	if (e != NULL && e->ffname != NULL && strcmp(e->ffname, name) == 0) {
		buf_add(data, e->ffdata, e->fflen);
		*length1 = e->fflength1;
		rc = 1;
	}
	pthread_mutex_unlock(&c->lock);
	return rc;
}

void
font_file_put(const struct fontset *fs, enum face f, const hb_blob_t *subset,
    const char *name, const void *data, size_t len, unsigned long length1)
{
	struct subset_cache *c = fs->cache;
	struct subset	*e;

	pthread_mutex_lock(&c->lock);
	if ((e = subset_find(c, f, subset)) != NULL) {
		free(e->ffname);
		free(e->ffdata);
		e->ffname = xstrdup(name);
		e->ffdata = xmalloc(len > 0 ? len : 1);
		memcpy(e->ffdata, data, len);
		e->fflen = len;
		e->fflength1 = length1;
	}
	pthread_mutex_unlock(&c->lock);
}

double
font_advance(const struct fontset *fs, enum face f, long cp)
{
	const struct face_data *fd = &fs->f[f];
	double		 w;
	int		 has;

	if (cp >= 0 && cp < 256)
		return fd->latin[cp];
	w = advance_raw(fd, cp, &has);
	return has ? w : fd->notdef;
}

double
font_width(const struct fontset *fs, enum face f, const char *s, double size)
{
	double	 w = 0;
	size_t	 n, len;
	long	 cp;

	n = strlen(s);
	while (n > 0) {
		cp = utf8_decode(s, n, &len);
		w += font_advance(fs, f, cp < 0 ? 0xFFFD : cp);
		s += len;
		n -= len;
	}
	return w * size / 1000.0;
}

int
font_has(const struct fontset *fs, enum face f, long cp)
{
	int	 has;

	if (cp >= 0 && cp <= 0xFFFF)
		return (fs->f[f].bmp[cp >> 3] >> (cp & 7)) & 1;
	advance_raw(&fs->f[f], cp, &has);
	return has;
}

double
font_ascent(const struct fontset *fs, enum face f)
{
	return fs->f[f].ascent;
}

double
font_descent(const struct fontset *fs, enum face f)
{
	return fs->f[f].descent;
}

const char *
face_name(enum face f)
{
	return face_names[f];
}
