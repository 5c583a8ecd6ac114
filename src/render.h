/* render.h: the document pipeline (template -> doc -> layout -> PDF); the data trees: bind.h. */
#ifndef ESSDOCS_RENDER_H
#define ESSDOCS_RENDER_H

struct addr_window;
struct data;
struct date;
struct diag;
struct tmpl;

struct render;

/*
 * Load the fonts of fontdir and the hyphenation patterns once.  Returns
 * NULL after reporting (EX_NOINPUT) when a font or the patterns are
 * missing.  tdir is where render_template() looks.
 */
struct render	*render_new(const char *tdir, const char *fontdir,
		    struct diag *d);
void		 render_free(struct render *);

/* The print shop's bleed (points; < 0: the template's) and marks (0, 1;
 * -1: the template's), for every document rendered after. */
void		 render_set_print(struct render *, double bleed, int marks);
/* The date written into the PDFs' CreationDate and ModDate (PDF/X asks
 * for them); none by default. */
void		 render_set_date(struct render *, const struct date *);

/* Load tdir/NAME.xml; NULL after reporting (EX_NOINPUT, EX_DATAERR). */
struct tmpl	*render_template(struct render *, const char *name,
		    struct diag *d);
/* The envelope window of the templates loaded so far (address.h), or
 * NULL when none sets the address block. */
const struct addr_window *render_window(const struct render *);

enum {
	RENDER_SCREEN = 1 << 0,	/* no bleed or marks, RGB colours */
	RENDER_PRINT  = 1 << 1,	/* a print file: warn about RGB images */
	RENDER_DUMP   = 1 << 2	/* write the layout's text dump, not the PDF */
};

/*
 * Build, lay out and write one PDF at path (atomically); with
 * RENDER_DUMP, the text dump of the laid-out pages instead (dump.h).  Returns 0, or
 * -1 after reporting (a record error for a template field that is
 * missing, EX_IOERR for a failed write, ...).
 */
int		 render_pdf(struct render *, const struct tmpl *,
		    const struct data *, const char *path, int flags,
		    const char *appid, struct diag *d);

#endif
