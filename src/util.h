/* util.h: allocation wrappers that abort on exhaustion, and one growable byte buffer. */
#ifndef ESSDOCS_UTIL_H
#define ESSDOCS_UTIL_H

#include <stdarg.h>
#include <stddef.h>

/* Allocation: these never return NULL; they print a message and abort(). */
void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xrealloc(void *, size_t);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);

/*
 * A growable, always NUL-terminated byte buffer.  A zeroed struct
 * (BUF_INIT) is a valid empty buffer.  buf_detach() hands the storage
 * to the caller (who frees it) and leaves the buffer empty.
 */
struct buf {
	char	*s;
	size_t	 len;
	size_t	 cap;
};
#define BUF_INIT { NULL, 0, 0 }

void	 buf_init(struct buf *);
void	 buf_grow(struct buf *, size_t);
void	 buf_add(struct buf *, const char *, size_t);
void	 buf_puts(struct buf *, const char *);
void	 buf_putc(struct buf *, int);
void	 buf_printf(struct buf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
void	 buf_vprintf(struct buf *, const char *, va_list);
void	 buf_truncate(struct buf *, size_t);
const char *buf_str(const struct buf *);	/* "" when empty */
char	*buf_detach(struct buf *);		/* never NULL */
void	 buf_free(struct buf *);

/* The no-break spaces of French typography, in UTF-8. */
#define UTF8_NNBSP	"\xe2\x80\xaf"	/* U+202F: thousands, before ; ! ? € % */
#define UTF8_NBSP	"\xc2\xa0"		/* U+00A0: before :, inside « » */

/* UTF-8 helpers. */
/* Decode one code point at s (at most n bytes); store its length in *len.
 * Returns -1 (and *len = 1) on an invalid or truncated sequence. */
long	 utf8_decode(const char *s, size_t n, size_t *len);
/* Append the UTF-8 encoding of cp to b. */
void	 utf8_encode(struct buf *b, long cp);
/* 1 if s[0..n) is valid UTF-8 with no C0 control other than TAB/LF/CR. */
int	 utf8_valid(const char *s, size_t n);
/* Number of code points in a valid UTF-8 string. */
size_t	 utf8_len(const char *s);

/*
 * Reading texts.  One normaliser for every text read from a file:
 * TEXT_NFC composes to Unicode NFC ("e" + U+0301 -> "é"), TEXT_TRIM
 * drops white space at both ends, TEXT_ONELINE makes each run of white
 * space one space, TEXT_ANYSPACE counts Unicode spaces (NBSP, U+2000-
 * U+200A, U+202F, U+205F, U+3000, U+2028/9) and control characters as
 * white space and drops invalid UTF-8 (by default only XML's space, tab,
 * LF and CR are).  Returns a new string; s may be NULL (gives "").
 */
enum {
	TEXT_TRIM	= 1 << 0,
	TEXT_ONELINE	= 1 << 1,
	TEXT_ANYSPACE	= 1 << 2,
	TEXT_NFC	= 1 << 3
};
char	*text_norm(const char *s, unsigned flags);
/* 1 if s shows something: not only spaces, format characters (ZWSP,
 * soft hyphen, ...), lone combining marks, U+2800 or other blanks. */
int	 utf8_visible(const char *s);
/* The English name of the first script of s that the documents cannot
 * set (anything but Latin, Greek, Cyrillic and the common signs), and
 * that code point in *cp; NULL when every letter can be set. */
const char *utf8_foreign_script(const char *s, long *cp);
/* Double encoding: the first run of s that is the UTF-8 bytes of one
 * character read as ISO-8859-1 or windows-1252 ("Ã©" for "é", "â€™"
 * for "’"): its offset and length in *off and *len, that character in
 * *cp; returns 1, or 0 when there is none. */
int	 utf8_mojibake(const char *s, size_t *off, size_t *len, long *cp);
/* 1 if w is one of the NULL-terminated list v (v may be NULL). */
int	 words_have(char *const *v, const char *w);
/* The value of hexadecimal digit c (either case), or -1. */
int	 hexval(int c);

#endif
