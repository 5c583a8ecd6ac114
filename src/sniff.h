/* sniff.h: what an XML file's first bytes say about its encoding, before libxml2 reads it. */
#ifndef ESSDOCS_SNIFF_H
#define ESSDOCS_SNIFF_H

#include <stddef.h>

struct buf;

enum sniff_bom {
	SNIFF_NOBOM,
	SNIFF_UTF8,
	SNIFF_UTF16LE,
	SNIFF_UTF16BE,
	SNIFF_UTF32LE,
	SNIFF_UTF32BE
};

struct sniff {
	enum sniff_bom	 bom;
	char		 declared[48];	/* the declaration's encoding, or "" */
	int		 ascii;		/* ASCII-compatible bytes: CR may be mapped */
	int		 utf8;		/* declared single-byte, yet UTF-8 with
					   non-ASCII characters throughout */
};

/*
 * Look at the first bytes (head, n) of an XML file: its byte-order mark
 * and the encoding its XML declaration names.  XML 1.0 appendix F: a BOM
 * decides, so a declaration that contradicts it (a UTF-8 BOM with
 * encoding="ISO-8859-1") is an error: returns -1 with the message in
 * err.  Returns 0 otherwise.
 */
int	 sniff_head(const char *head, size_t n, struct sniff *, struct buf *err);

/*
 * For a file declared in a single-byte encoding (ISO-8859-*,
 * windows-125*), feed every byte through sniff_utf8(): s->utf8 ends 1
 * when the whole file is valid UTF-8 and holds multi-byte characters
 * (a UTF-8 file wrongly declared).  state is zeroed before the first
 * call; sniff_utf8_end() concludes.
 */
struct sniff_u8 {
	int	 need;		/* continuation bytes still expected */
	int	 bad;
	int	 multi;
};
int	 sniff_single_byte(const struct sniff *);
void	 sniff_utf8(struct sniff_u8 *, const char *, size_t);
void	 sniff_utf8_end(struct sniff *, const struct sniff_u8 *);

/*
 * Map XML line ends to LF in place (CR LF and a lone CR), so that every
 * line counts, for ASCII-compatible encodings only.  *cr carries a CR
 * ending the previous chunk; returns the new length.
 */
size_t	 sniff_crlf(char *, size_t, int *cr);

#endif
