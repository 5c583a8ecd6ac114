/* sheet.c: the staff's spreadsheet as CSV: reading it as LibreOffice and Excel save it, and its columns. */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "csv.h"
#include "diag.h"
#include "sheet.h"
#include "util.h"

/* A sheet larger than this is refused (a round has a few hundred rows). */
#define SHEET_MAX	(64L * 1024 * 1024)

const struct sheet_column sheet_cols[SC_NCOLS] = {
	{ "N° dossier", 1 },
	{ "Date de dépôt", 1 },
	{ "Structure", 1 },
	{ "Forme juridique", 0 },
	{ "SIRET", 0 },
	{ "RNA", 0 },
	{ "Date de création", 0 },
	{ "Agrément ESUS jusqu'au", 0 },
	{ "Adresse 1", 1 },
	{ "Adresse 2", 0 },
	{ "Adresse 3", 0 },
	{ "Code postal", 1 },
	{ "Commune", 1 },
	{ "Civilité", 0 },
	{ "Prénom", 0 },
	{ "Nom", 1 },
	{ "Fonction", 0 },
	{ "Courriel", 0 },
	{ "Téléphone", 0 },
	{ "Aide", 1 },
	{ "Montant demandé", 1 },
	{ "Intitulé du projet", 0 },
	{ "Résumé", 0 },
	{ "Emplois créés", 0 },
	{ "Gouvernance ESS", 0 },
	{ "Activité viable", 0 },
	{ "Licenciements 12 mois", 0 },
	{ "Besoin non couvert", 0 },
	{ "Décision", 0 },
	{ "Montant accordé", 0 },
	{ "Date de décision", 0 },
	{ "N° délibération", 0 },
	{ "Motif de la décision", 0 },
};

/* Windows-1252's 0x80-0x9F; the rest is Latin-1.  0: undefined. */
static const unsigned short cp1252_hi[32] = {
	0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
	0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178
};

/* Whether s[0..n) is UTF-8 (control characters allowed: checked later). */
static int
is_utf8(const char *s, size_t n)
{
	size_t	 i = 0, len;

	while (i < n) {
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		if (utf8_decode(s + i, n - i, &len) < 0)
			return 0;
		i += len;
	}
	return 1;
}

static void
row_add(struct sheet *sh, struct sheet_row *r)
{
	if ((sh->nrows & (sh->nrows - 1)) == 0)
		sh->rows = xrealloc(sh->rows, (sh->nrows ? sh->nrows * 2 : 1) *
		    sizeof(*sh->rows));
	sh->rows[sh->nrows++] = *r;
}

static void
cell_add(struct sheet_row *r, struct buf *b)
{
	if ((r->n & (r->n - 1)) == 0)
		r->cell = xrealloc(r->cell, (r->n ? r->n * 2 : 1) *
		    sizeof(*r->cell));
	r->cell[r->n++] = xstrdup(buf_str(b));
	buf_truncate(b, 0);
}

/* The separator: the most frequent of ; , tab outside quotes on the
 * first line ("," when there is none). */
static char
detect_sep(const char *s, size_t n)
{
	size_t	 i, semi = 0, comma = 0, tab = 0;
	int	 q = 0;

	for (i = 0; i < n && (q || (s[i] != '\n' && s[i] != '\r')); i++) {
		if (s[i] == '"')
			q = !q;
		else if (!q && s[i] == ';')
			semi++;
		else if (!q && s[i] == ',')
			comma++;
		else if (!q && s[i] == '\t')
			tab++;
	}
	if (semi >= comma && semi >= tab && semi > 0)
		return ';';
	if (tab > comma)
		return '\t';
	return ',';
}

static int
parse(const char *path, const char *s, size_t n, struct sheet *sh,
    struct diag *d)
{
	struct sheet_row r;
	struct buf	 b = BUF_INIT;
	size_t		 i = 0;
	long		 line = 1, qline = 0;
	int		 q = 0, any = 0;

	memset(&r, 0, sizeof(r));
	r.line = 1;
	while (i < n) {
		char	 c = s[i];

		if (q) {
			if (c == '"' && i + 1 < n && s[i + 1] == '"') {
				buf_putc(&b, '"');
				i += 2;
				continue;
			}
			if (c == '"') {
				q = 0;
				i++;
				continue;
			}
			if (c == '\r' && i + 1 < n && s[i + 1] == '\n')
				i++;	/* CRLF inside a cell: one line break */
			if (s[i] == '\n' || s[i] == '\r')
				line++;
			buf_putc(&b, s[i] == '\r' ? '\n' : s[i]);
			i++;
			continue;
		}
		if (c == '"' && b.len == 0) {
			q = 1;
			qline = line;
			any = 1;
			i++;
			continue;
		}
		if (c == sh->sep) {
			cell_add(&r, &b);
			any = 1;
			i++;
			continue;
		}
		if (c == '\r' || c == '\n') {
			if (c == '\r' && i + 1 < n && s[i + 1] == '\n')
				i++;
			i++;
			if (any || b.len > 0 || r.n > 0) {
				cell_add(&r, &b);
				row_add(sh, &r);
			}
			line++;
			memset(&r, 0, sizeof(r));
			r.line = line;
			any = 0;
			continue;
		}
		buf_putc(&b, c);
		i++;
	}
	if (q) {
		diag_msg(d, DIAG_ERROR, EX_DATAERR, path, qline, 0, NULL,
		    "a quoted cell is not closed (a \" is missing)");
		buf_free(&b);
		for (i = 0; i < r.n; i++)
			free(r.cell[i]);
		free(r.cell);
		return -1;
	}
	if (any || b.len > 0 || r.n > 0) {
		cell_add(&r, &b);
		row_add(sh, &r);
	}
	buf_free(&b);
	return 0;
}

int
sheet_read(const char *path, struct sheet *sh, struct diag *d)
{
	struct buf	 raw = BUF_INIT, u = BUF_INIT;
	struct stat	 st;
	char		 chunk[65536];
	ssize_t		 got;
	const char	*s;
	size_t		 n, i;
	int		 fd, rc;

	memset(sh, 0, sizeof(*sh));
	if ((fd = open(path, O_RDONLY)) == -1) {
		diag_msg(d, DIAG_ERROR, EX_NOINPUT, path, 0, 0, NULL,
		    "cannot open: %s", strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		diag_msg(d, DIAG_ERROR, EX_NOINPUT, path, 0, 0, NULL,
		    "not a regular file");
		close(fd);
		return -1;
	}
	while ((got = read(fd, chunk, sizeof(chunk))) > 0) {
		buf_add(&raw, chunk, (size_t)got);
		if (raw.len > SHEET_MAX)
			break;
	}
	close(fd);
	if (got < 0) {
		diag_msg(d, DIAG_ERROR, EX_NOINPUT, path, 0, 0, NULL,
		    "cannot read: %s", strerror(errno));
		buf_free(&raw);
		return -1;
	}
	if (raw.len > SHEET_MAX) {
		diag_msg(d, DIAG_ERROR, EX_DATAERR, path, 0, 0, NULL,
		    "larger than %ld MB: not a sheet of applications",
		    SHEET_MAX / (1024 * 1024));
		buf_free(&raw);
		return -1;
	}
	s = buf_str(&raw);
	n = raw.len;
	if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
		s += 3;		/* UTF-8 BOM */
		n -= 3;
	}
	if (!is_utf8(s, n)) {
		/* Not UTF-8: Excel's "CSV" on Windows is Windows-1252. */
		for (i = 0; i < n; i++) {
			unsigned char c = (unsigned char)s[i];

			if (c < 0x80)
				buf_putc(&u, c);
			else if (c < 0xA0 && cp1252_hi[c - 0x80] != 0)
				utf8_encode(&u, cp1252_hi[c - 0x80]);
			else if (c >= 0xA0)
				utf8_encode(&u, c);
			else {
				diag_msg(d, DIAG_ERROR, EX_DATAERR, path, 0, 0,
				    NULL, "neither UTF-8 nor Windows-1252 "
				    "(byte 0x%02X)", c);
				buf_free(&raw);
				buf_free(&u);
				return -1;
			}
		}
		sh->cp1252 = 1;
		diag_msg(d, DIAG_WARNING, 0, path, 0, 0, NULL,
		    "not UTF-8: read as Windows-1252");
		s = buf_str(&u);
		n = u.len;
	}
	if (memchr(s, '\0', n) != NULL) {
		diag_msg(d, DIAG_ERROR, EX_DATAERR, path, 0, 0, NULL,
		    "holds NUL bytes: not a CSV file (save the sheet as CSV)");
		buf_free(&raw);
		buf_free(&u);
		return -1;
	}
	sh->sep = detect_sep(s, n);
	rc = parse(path, s, n, sh, d);
	buf_free(&raw);
	buf_free(&u);
	if (rc == -1) {
		sheet_free(sh);
		return -1;
	}
	if (sh->nrows == 0) {
		diag_msg(d, DIAG_ERROR, EX_DATAERR, path, 0, 0, NULL,
		    "empty sheet: no header row");
		return -1;
	}
	return 0;
}

void
sheet_free(struct sheet *sh)
{
	size_t	 i, j;

	for (i = 0; i < sh->nrows; i++) {
		for (j = 0; j < sh->rows[i].n; j++)
			free(sh->rows[i].cell[j]);
		free(sh->rows[i].cell);
	}
	free(sh->rows);
	memset(sh, 0, sizeof(*sh));
}

void
sheet_field(struct buf *b, const char *s)
{
	csv_cell(b, s, ';', CSV_QUOTE_GUARD);
}

void
sheet_header(struct buf *b)
{
	int	 c;

	buf_puts(b, "\xEF\xBB\xBF");
	for (c = 0; c < SC_NCOLS; c++) {
		if (c > 0)
			buf_putc(b, ';');
		sheet_field(b, sheet_cols[c].head);
	}
	buf_puts(b, "\r\n");
}
