/* pdfpack.h: rewrite libharu's PDF 1.3 output as PDF 1.5 with an object stream and a cross-reference stream. */
#ifndef ESSDOCS_PDFPACK_H
#define ESSDOCS_PDFPACK_H

#include <stddef.h>

struct buf;

/*
 * Rewrite the complete PDF of n bytes at in (a file as libharu 2.3.0
 * writes it: objects of generation 0, one classic cross-reference
 * table, a trailer) into out, appended:
 *
 * - every object that is not a stream goes, without the whitespace the
 *   syntax does not need, into one deflated /Type /ObjStm stream;
 * - each stream keeps its data as it is; its /Length, when it refers to
 *   an object holding the number, is written in the stream's dictionary
 *   and that object is dropped;
 * - a /Type /XRef stream replaces the table and the trailer, whose
 *   entries (/Root, /Info, /ID) it keeps; the header says %PDF-1.5.
 *
 * Returns 0, or -1 when the input is not as expected (out is then left
 * as it was, and the caller writes the input unchanged).  The output is
 * a function of the input only.
 */
int	pdfpack(const unsigned char *in, size_t n, struct buf *out);

/*
 * Deflate n bytes at in, appended to out (NUL-terminated), with zlib at
 * level 6, a window of 2^wbits bytes and hash tables of memlevel
 * (deflateInit2()).  Returns 0 or -1.
 */
int	pdf_zdeflate(const void *in, size_t n, struct buf *out, int wbits,
	    int memlevel);

#endif
