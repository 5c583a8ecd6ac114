/* test_pdfpack.c: libharu-style PDF 1.3 files repacked into PDF 1.5 (object stream, cross-reference stream), and the inputs left alone. */
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "pdfpack.h"
#include "t.h"
#include "util.h"

/* A stream's data, binary, with "endobj" and ">>" inside. */
static const char data[] = "x\x9c\0endobj>>)(\r\nendstream";
#define DATALEN	 (sizeof(data) - 1)

static const char *bodies[] = {
	"<<\n/Type /Catalog\n/Pages 2 0 R\n/Lang (fr-FR)\n>>\n",
	"<<\n/Type /Pages\n/Kids [ 4 0 R ]\n/Count 1\n>>\n",
	"<<\n/Producer (essdocs)\n/Title (a \\(b\\) endobj \\051 stream)\n>>\n",
	"<<\n/Type /Page\n/Contents 5 0 R\n/Parent 2 0 R\n/X <0A1b>\n"
	    "/Y /\n/Z true\n>>\n",
	NULL,	/* the stream, made in main() */
	"24\n",
};

/* The integer after key in s (at most len bytes), or -1. */
static long
after(const char *s, size_t len, const char *key)
{
	const char *p;
	size_t	 k = strlen(key);

	for (p = s; p + k <= s + len; p++)
		if (memcmp(p, key, k) == 0)
			return strtol(p + k, NULL, 10);
	return -1;
}

static const char *
find(const char *s, size_t len, const char *what)
{
	size_t	 k = strlen(what);
	const char *p;

	for (p = s; p + k <= s + len; p++)
		if (memcmp(p, what, k) == 0)
			return p;
	return NULL;
}

/* Where what is in m (the test's own input: it is there). */
static char *
at(struct buf *m, const char *what)
{
	char	*p = (char *)find(m->s, m->len, what);

	if (p == NULL) {
		fprintf(stderr, "test input lacks %s\n", what);
		exit(1);
	}
	return p;
}

int
main(void)
{
	struct buf	 in = BUF_INIT, out = BUF_INIT, s5 = BUF_INIT;
	const char	*p, *q;
	char		 os[4096];
	uLongf		 osn = sizeof(os);
	long		 xo, first, len;
	size_t		 i;

	buf_puts(&s5, "<<\n/Length 6 0 R\n/Filter [ /FlateDecode ]\n>>\n"
	    "stream\r\n");
	buf_add(&s5, data, DATALEN);
	buf_puts(&s5, "\nendstream\n");
	{
		/* A file as libharu writes it: objects, table, trailer. */
		size_t	 off[6], x;

		buf_truncate(&in, 0);
		buf_puts(&in, "%PDF-1.3\n%\xB7\xBE\xAD\xAA\n");
		for (i = 0; i < 6; i++) {
			off[i] = in.len;
			buf_printf(&in, "%zu 0 obj\n", i + 1);
			if (i == 4)
				buf_add(&in, s5.s, s5.len);
			else
				buf_puts(&in, bodies[i]);
			buf_puts(&in, "endobj\n");
		}
		x = in.len;
		buf_puts(&in, "xref\n0 7\n0000000000 65535 f\r\n");
		for (i = 0; i < 6; i++)
			buf_printf(&in, "%010zu 00000 n\r\n", off[i]);
		buf_printf(&in, "trailer\n<<\n/ID [ <00112233445566778899AABBCCDDEEFF> "
		    "<00112233445566778899AABBCCDDEEFF> ]\n/Root 1 0 R\n"
		    "/Info 3 0 R\n/Size 7\n>>\nstartxref\n%zu\n%%%%EOF\n", x);
	}

	/* Packed. */
	buf_puts(&out, "kept");
	CHECK_INT(pdfpack((const unsigned char *)in.s, in.len, &out), 0);
	CHECK(out.len > 4 && memcmp(out.s, "kept%PDF-1.5\n%\xB7\xBE\xAD\xAA\n",
	    4 + 14) == 0);
	/* The stream: its data as it was, its length direct, object 6 gone. */
	p = find(out.s, out.len, "5 0 obj\n<</Length 24/Filter[/FlateDecode]>>"
	    "\nstream\n");
	CHECK(p != NULL);
	CHECK(p != NULL && memcmp(p + 51, data, DATALEN) == 0 &&
	    memcmp(p + 51 + DATALEN, "\nendstream\nendobj\n", 18) == 0);
	CHECK(find(out.s, out.len, "6 0 obj") == NULL);
	/* The object stream, number 7 (the old /Size), with 1-4. */
	p = find(out.s, out.len, "7 0 obj\n<</Type/ObjStm/N 4/First ");
	CHECK(p != NULL);
	if (p != NULL) {
		first = after(p, 100, "/First ");
		len = after(p, 100, "/Length ");
		q = find(p, 100, "stream\n");
		CHECK(q != NULL && len > 0);
		if (q != NULL && len > 0) {
			q += 7;
			CHECK_INT(uncompress((Bytef *)os, &osn,
			    (const Bytef *)q, (uLong)len), Z_OK);
			os[osn < sizeof(os) ? osn : sizeof(os) - 1] = '\0';
			CHECK_INT(first, 20);
			CHECK_STR(os, "1 0 2 42 3 78 4 135 "
			    "<</Type/Catalog/Pages 2 0 R/Lang(fr-FR)>>\n"
			    "<</Type/Pages/Kids[4 0 R]/Count 1>>\n"
			    "<</Producer(essdocs)/Title(a \\(b\\) endobj \\051 "
			    "stream)>>\n"
			    "<</Type/Page/Contents 5 0 R/Parent 2 0 R/X<0A1b>"
			    "/Y/ /Z true>>\n");
			CHECK(memcmp(q + len, "\nendstream\nendobj\n", 18) == 0);
		}
	}
	/* The cross-reference stream, where startxref says. */
	p = find(out.s, out.len, "startxref\n");
	CHECK(p != NULL);
	xo = p != NULL ? strtol(p + 10, NULL, 10) : -1;
	CHECK(xo > 0 && (size_t)xo + 150 < out.len - 4);
	if (xo > 0 && (size_t)xo + 150 < out.len - 4) {
		const unsigned char *e;
		static const unsigned char want[9][4] = {
			{ 0, 0, 0, 0xFF }, { 2, 0, 7, 0 }, { 2, 0, 7, 1 },
			{ 2, 0, 7, 2 }, { 2, 0, 7, 3 }, { 1, 0, 0, 0 },
			{ 0, 0, 0, 0 }, { 1, 0, 0, 0 }, { 1, 0, 0, 0 }
		};
		size_t	 off5, off7;

		static const char xh[] = "8 0 obj\n<</Type/XRef/Size 9/W[1 2 1]"
		    "/ID[<00112233445566778899AABBCCDDEEFF>"
		    "<00112233445566778899AABBCCDDEEFF>]/Root 1 0 R"
		    "/Info 3 0 R/Length 36>>\nstream\n";

		p = out.s + 4 + xo;
		CHECK(memcmp(p, xh, sizeof(xh) - 1) == 0);
		e = (const unsigned char *)p + sizeof(xh) - 1;
		off5 = (size_t)(find(out.s, out.len, "5 0 obj") - out.s) - 4;
		off7 = (size_t)(find(out.s, out.len, "7 0 obj") - out.s) - 4;
		for (i = 0; i < 9; i++) {
			size_t o = (size_t)e[4 * i + 1] << 8 | e[4 * i + 2];

			CHECK_INT(e[4 * i], want[i][0]);
			if (i == 5)
				CHECK_INT(o, off5);
			else if (i == 7)
				CHECK_INT(o, off7);
			else if (i == 8)
				CHECK_INT(o, (size_t)xo);
			else
				CHECK_INT(o, want[i][2]);
			CHECK_INT(e[4 * i + 3], want[i][3]);
		}
		CHECK(memcmp(e + 36, "\nendstream\nendobj\nstartxref\n", 28) == 0);
	}
	/* Deterministic. */
	buf_truncate(&s5, 0);
	CHECK_INT(pdfpack((const unsigned char *)in.s, in.len, &s5), 0);
	CHECK(s5.len == out.len - 4 && memcmp(s5.s, out.s + 4, s5.len) == 0);

	/* What is not as libharu writes it: -1, out untouched. */
#define REFUSE(what, mutate) do {					\
	struct buf	 m = BUF_INIT, o = BUF_INIT;			\
	buf_add(&m, in.s, in.len);					\
	mutate;								\
	buf_puts(&o, "kept");						\
	if (pdfpack((const unsigned char *)m.s, m.len, &o) == 0 ||	\
	    o.len != 4) {						\
		t_fail++;						\
		fprintf(stderr, "FAIL: packed: %s\n", what);		\
	} else								\
		t_pass++;						\
	buf_free(&m);							\
	buf_free(&o);							\
} while (0)
	REFUSE("not a PDF", m.s[1] = 'X');
	REFUSE("truncated", m.len -= 30);
	REFUSE("no startxref", (void)memcpy(at(&m, "startxref"), "startxrex", 9));
	REFUSE("startxref past the end",
	    (void)memcpy(at(&m, "startxref") + 10, "99999", 5));
	REFUSE("generation 1", *(at(&m, " 00000 n\r\n") + 5) = '1');
	REFUSE("xref entry damaged", *(at(&m, " 00000 n\r\n") + 7) = 'x');
	REFUSE("object not where the table says",
	    (void)memcpy(at(&m, "2 0 obj"), "9 0 obj", 7));
	REFUSE("/Length refers to a dictionary",
	    *(at(&m, "/Length 6 0 R") + 8) = '2');
	REFUSE("stream shorter than its /Length",
	    (void)memcpy(at(&m, "\n24\n"), "\n23\n", 4));
	REFUSE("unbalanced dictionary",
	    (void)memcpy(at(&m, "/Count 1\n>>"), "/Count 1\n]]", 11));
	REFUSE("unterminated string",
	    (void)memcpy(at(&m, "(fr-FR)"), "(fr-FR(", 7));
	REFUSE("no endobj", (void)memcpy(at(&m, "endobj\n2 0"),
	    "endobx\n2 0", 10));

	buf_free(&in);
	buf_free(&out);
	buf_free(&s5);
	T_DONE();
}
