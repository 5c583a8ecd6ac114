/* pdf.h: the PDF device: draws laid-out pages into a PDF file with libharu. */
#ifndef ESSDOCS_PDF_H
#define ESSDOCS_PDF_H

struct diag;
struct fontset;
struct pages;

struct pdf_opts {
	/*
	 * A string that identifies the document (for instance its output
	 * name and record id): hashed into the trailer /ID, so that the
	 * same input gives the same bytes.  NULL: no /ID.
	 */
	const char	*id;
	/* 1: a print file: warn about images with an alpha channel. */
	int		 print;
	/*
	 * The document's date (all zero: none), written as CreationDate and
	 * ModDate at midnight UTC.  A screen file (print = 0) gets link
	 * annotations over the URLs and e-mail addresses it shows.
	 */
	int		 year, month, day;
	/*
	 * 1: the print shop's file, PDF/X-1a:2001 (with print = 1): PDF 1.3
	 * as libharu writes it, the output intent and the GTS_PDFX* and
	 * Trapped keys.  0: a file read on screen or printed at the office
	 * (letters, agreements, the report): none of these, and PDF 1.5,
	 * its objects packed into an object stream (pdfpack.h).
	 */
	int		 pdfx;
};

/*
 * Draw every page of pp into a PDF file at path, with the faces of fs
 * embedded as per-document subsets, and replace path atomically (a
 * temporary file beside it, fsync, rename).  opts may be NULL.  appid
 * (may be NULL) names the record in diagnostics.  Characters that the
 * fonts lack are left out with one warning per character.  The output
 * is a function of the input only (no date, no random id).  Colours
 * keep the item's colour space.  A LINE is always stroked.  Text items
 * that follow each other on a baseline one space apart (same face, size,
 * colour; a justified line's spaces all stretched alike) are drawn as
 * one run with real spaces, stretched by word spacing.  Every document
 * says its language, /Lang (fr-FR).  A face's
 * CP1252 characters use a WinAnsi font, its others an Identity-H font
 * of the same subset.  Subsets go from HarfBuzz to libharu in memory:
 * no file is written but the PDF.  Each call uses its own libharu
 * document (the fontset's subset cache is locked), so calls may run in
 * parallel.
 * Returns 0, or -1 after reporting through d: EX_CANTCREAT when the
 * file cannot be created, EX_IOERR when writing fails, EX_SOFTWARE for
 * a libharu or subsetting failure; path is then left as it was.
 */
int	pdf_write(const struct pages *pp, const struct fontset *fs,
	    const char *path, const struct pdf_opts *opts, struct diag *d,
	    const char *appid);

#endif
