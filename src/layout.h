/* layout.h: break a document into lines and pages of positioned items. */
#ifndef ESSDOCS_LAYOUT_H
#define ESSDOCS_LAYOUT_H

#include "page.h"

struct diag;
struct doc;
struct fontset;

#define LAYOUT_HYPH_DEFAULT "/usr/share/hyphen/hyph_fr.dic"

#define LAYOUT_NOBLEED	0x01	/* screen: no bleed, marks or page boxes; a folded document cover first */

/*
 * A layout engine: the fonts (borrowed: they must outlive it) and the
 * French hyphenation dictionary, loaded once from hyph_path (NULL: the
 * default above).  Returns NULL after reporting (EX_NOINPUT) when the
 * dictionary cannot be loaded.  Read-only once made: one engine may lay
 * out documents in several threads at once.
 */
struct layout	*layout_new(const struct fontset *fs, const char *hyph_path,
		    struct diag *d);
void		 layout_free(struct layout *);

/*
 * Override the templates' print settings (the print shop's sheet):
 * bleed in points (< 0: each template's own), crop and fold marks 0 or
 * 1 (-1: the template's).  Set before laying out; LAYOUT_NOBLEED still
 * drops both.
 */
void		 layout_set_print(struct layout *, double bleed, int marks);

/*
 * Lay out doc into pages (owned by the caller, pages_free).  flags are
 * LAYOUT_* bits.  Problems that still give a usable document (a frame
 * whose content overflows it) are reported as warnings with appid;
 * layout itself never fails.
 */
struct pages	*layout_doc(const struct layout *, const struct doc *doc,
		    int flags, struct diag *d, const char *appid);

/*
 * The hyphenation points of a word (UTF-8): points[i] = 1 when the word
 * may break after byte i.  Returns the number of points; 0 for words
 * never hyphenated (names, digits, '@', '/', "www.", all capitals, fewer
 * than 5 letters).  points must hold strlen(word) bytes.
 */
int		 layout_hyphenate(const struct layout *, const char *word,
		    char *points);

#endif
