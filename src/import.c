/* import.c: `essdocs import`: a round file from the staff's spreadsheet (import.md). */
#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sysexits.h>
#include <unistd.h>

#include "call.h"
#include "diag.h"
#include "fold.h"
#include "fsutil.h"
#include "i18n.h"
#include "ids.h"
#include "import.h"
#include "sheet.h"
#include "util.h"

struct imp {
	const struct import_opts *o;
	struct diag		*d;
	struct call		*call;		/* NULL when its file was not found */
	const struct sheet_row	*head;
	int			 col[SC_NCOLS];	/* index in the row, -1 absent */
	long			 row;		/* the spreadsheet's row number */
	const struct sheet_row	*r;
	int			 bad;		/* errors in this row */
};

/* An error of one cell: SHEET:ROW:HEADER: error: MESSAGE. */
static void
import_error(struct imp *im, enum sheet_col c, int unused, const char *fmt,
    ...) __attribute__((format(printf, 4, 5)));

static void
import_error(struct imp *im, enum sheet_col c, int unused, const char *fmt,
    ...)
{
	struct buf	 loc = BUF_INIT, msg = BUF_INIT;
	va_list		 ap;

	(void)unused;
	buf_printf(&loc, "%s:%ld:%s", im->o->sheet, im->row,
	    im->col[c] >= 0 && (size_t)im->col[c] < im->head->n ?
	    im->head->cell[im->col[c]] : sheet_cols[c].head);
	va_start(ap, fmt);
	buf_vprintf(&msg, _(fmt), ap);
	va_end(ap);
	/* With --keep-going the row is left out: a record error. */
	diag_msg(im->d, DIAG_ERROR, im->o->keep_going ? 1 : EX_DATAERR, loc.s,
	    0, 0, NULL, "%s", msg.s);
	buf_free(&loc);
	buf_free(&msg);
	im->bad++;
}

static int
is_space_at(const char *s, size_t *len)
{
	if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') {
		*len = 1;
		return 1;
	}
	if (strncmp(s, UTF8_NBSP, 2) == 0) {
		*len = 2;
		return 1;
	}
	if (strncmp(s, UTF8_NNBSP, 3) == 0) {
		*len = 3;
		return 1;
	}
	return 0;
}

/* A cell's text: trimmed, the ' that guards a formula taken off. */
static char *
cell_text(const char *s)
{
	size_t	 len, n;
	char	*t;

	while (*s != '\0' && is_space_at(s, &len))
		s += len;
	if (s[0] == '\'' && s[1] != '\0' && strchr("=+-@", s[1]) != NULL)
		s++;
	t = xstrdup(s);
	n = strlen(t);
	while (n > 0) {
		if (t[n - 1] == ' ' || t[n - 1] == '\t' || t[n - 1] == '\n' ||
		    t[n - 1] == '\r')
			n--;
		else if (n >= 2 && strncmp(t + n - 2, UTF8_NBSP, 2) == 0)
			n -= 2;
		else if (n >= 3 && strncmp(t + n - 3, UTF8_NNBSP, 3) == 0)
			n -= 3;
		else
			break;
		t[n] = '\0';
	}
	return t;
}

/* The cell of column c in the current row, in NFC ("" when absent). */
static char *
cell(struct imp *im, enum sheet_col c)
{
	int	 i = im->col[c];
	char	*t, *nfc;

	if (i < 0 || (size_t)i >= im->r->n)
		return xstrdup("");
	/* Composed (NFC), as the round and call readers do. */
	t = cell_text(im->r->cell[i]);
	nfc = text_norm(t, TEXT_NFC);
	free(t);
	return nfc;
}

/* ---- Values -------------------------------------------------------- */

int
import_amount(const char *s, long long *cents)
{
	struct buf	 b = BUF_INIT;
	const char	*p, *dec = NULL;
	size_t		 len;
	long long	 v = 0;
	int		 ndec = 0, digits = 0, rc = -1;

	/* Keep digits, separators; drop spaces, € and EUR at the end. */
	for (p = s; *p != '\0'; ) {
		if (isdigit((unsigned char)*p) || *p == ',' || *p == '.') {
			buf_putc(&b, *p++);
		} else if (is_space_at(p, &len) || *p == '\'')
			p += *p == '\'' ? 1 : len;
		else if (strncmp(p, "\xe2\x82\xac", 3) == 0 && p[3] == '\0')
			p += 3;
		else if (strcasecmp(p, "eur") == 0 || strcasecmp(p, "euros") == 0)
			p += strlen(p);
		else
			goto out;
	}
	if (b.len == 0)
		goto out;
	/* The decimal separator: the last , or . when it is followed by one
	 * or two digits, or a , anyway; a lone . with three digits after it
	 * is a thousands separator only if another one precedes. */
	{
		char	*lc = strrchr(b.s, ','), *ld = strrchr(b.s, '.');
		char	*last = lc > ld ? lc : ld;

		if (last != NULL) {
			size_t after = strlen(last + 1);

			if (*last == ',' || after <= 2)
				dec = last;
			else if (after == 3 && (*last == '.' &&
			    strchr(b.s, '.') == last && lc == NULL))
				goto out;	/* "9.000": ambiguous */
		}
	}
	for (p = b.s; *p != '\0'; p++) {
		if (p == dec)
			continue;
		if (*p == ',' || *p == '.') {
			if (dec != NULL && p > dec)
				goto out;
			if (*p == ',' && dec != NULL && *dec == ',')
				goto out;
			continue;	/* thousands */
		}
		if (dec != NULL && p > dec) {
			if (++ndec > 2)
				goto out;
		}
		if (++digits > 11)
			goto out;
		v = v * 10 + (*p - '0');
	}
	if (digits == 0 || (dec != NULL && ndec == 0))
		goto out;
	for (; ndec < 2; ndec++)
		v *= 10;
	if (v > 99999999999LL)
		goto out;
	*cents = v;
	rc = 0;
out:
	buf_free(&b);
	return rc;
}

int
import_date(const char *s, struct date *dt)
{
	int	 d, m, y, n = 0;
	char	 s1, s2;
	long	 serial, z, era, doe, yoe, doy, mp;
	char	*end;

	memset(dt, 0, sizeof(*dt));
	if (sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) == 3 && s[n] == '\0' &&
	    n == 10) {
		;
	} else if (sscanf(s, "%2d%c%2d%c%d%n", &d, &s1, &m, &s2, &y, &n) ==
	    5 && s[n] == '\0' && s1 == s2 && strchr("/.-", s1) != NULL) {
		if (strlen(strrchr(s, s1) + 1) != 4)
			return -1;	/* two-digit years: which century? */
	} else {
		serial = strtol(s, &end, 10);
		if (*s == '\0' || *end != '\0' || serial < 1 ||
		    serial > 2958465)
			return -1;
		/* A spreadsheet serial: days since 1899-12-30. */
		z = serial - 25569 + 719468;
		era = z / 146097;
		doe = z - era * 146097;
		yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
		doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
		mp = (5 * doy + 2) / 153;
		d = (int)(doy - (153 * mp + 2) / 5 + 1);
		m = (int)(mp < 10 ? mp + 3 : mp - 9);
		y = (int)(yoe + era * 400 + (m <= 2));
	}
	if (y < 1000 || y > 9999 || !date_valid(y, m, d))
		return -2;
	dt->y = y;
	dt->m = m;
	dt->d = d;
	return 0;
}

/* Append s to b as XML text, or as an attribute value (quotes and line
 * breaks escaped too). */
static void
xml_esc_as(struct buf *b, const char *s, int in_attr)
{
	for (; *s != '\0'; s++) {
		if (!in_attr && (*s == '"' || *s == '\n')) {
			buf_putc(b, *s);
			continue;
		}
		switch (*s) {
		case '&':
			buf_puts(b, "&amp;");
			break;
		case '<':
			buf_puts(b, "&lt;");
			break;
		case '>':
			buf_puts(b, "&gt;");
			break;
		case '"':
			buf_puts(b, "&quot;");
			break;
		case '\n':
			buf_puts(b, "&#10;");
			break;
		case '\t':
			buf_putc(b, ' ');
			break;
		default:
			buf_putc(b, *s);
		}
	}
}

static void
xml_esc(struct buf *b, const char *s)
{
	xml_esc_as(b, s, 0);
}

static void
attr(struct buf *b, const char *name, const char *v)
{
	if (v == NULL || *v == '\0')
		return;
	buf_printf(b, " %s=\"", name);
	xml_esc_as(b, v, 1);
	buf_putc(b, '"');
}

/* Control characters other than line breaks have no place in a round. */
static int
text_ok(struct imp *im, enum sheet_col c, const char *s, size_t max,
    int multiline)
{
	const char	*p;

	for (p = s; *p != '\0'; p++)
		if (((unsigned char)*p < 0x20 && !(multiline && *p == '\n')) ||
		    *p == 0x7f) {
			import_error(im, c, 0, "\"%.40s\": a control character "
			    "(U+%04X) has no place here", s, (unsigned)*p);
			return 0;
		}
	if (utf8_len(s) > max) {
		import_error(im, c, 0, "longer than %zu characters", max);
		return 0;
	}
	return 1;
}

/* A text cell: NULL when empty (an error when required). */
static char *
text(struct imp *im, enum sheet_col c, size_t max, int required,
    const char *what)
{
	char	*s = cell(im, c);

	if (*s == '\0') {
		if (required)
			import_error(im, c, 0, "empty cell: %s is required",
			    _(what));
		free(s);
		return NULL;
	}
	if (!text_ok(im, c, s, max, c == SC_SUMMARY)) {
		free(s);
		return NULL;
	}
	return s;
}

static int
get_date(struct imp *im, enum sheet_col c, int required, const char *what,
    struct buf *out)
{
	char		*s = cell(im, c);
	struct date	 dt;
	int		 rc;

	if (*s == '\0') {
		if (required)
			import_error(im, c, 0, "empty cell: %s is required",
			    _(what));
		free(s);
		return 0;
	}
	if ((rc = import_date(s, &dt)) == -2)
		import_error(im, c, 0, "\"%s\" is not a real date", s);
	else if (rc == -1)
		import_error(im, c, 0, "\"%s\": write a date as 31/01/2019",
		    s);
	else
		date_format_iso(out, &dt);
	free(s);
	return rc == 0;
}

static void
amount_xml(struct buf *b, long long cents)
{
	buf_printf(b, "%lld.%02lld", cents / 100, cents % 100);
}

static int
get_amount(struct imp *im, enum sheet_col c, int required,
    const char *what, struct buf *out)
{
	char		*s = cell(im, c);
	long long	 cents;

	if (*s == '\0') {
		if (required)
			import_error(im, c, 0, "empty cell: %s is required",
			    _(what));
		free(s);
		return 0;
	}
	if (import_amount(s, &cents) == -1)
		import_error(im, c, 0, "\"%s\": write an amount as 9 000,00",
		    s);
	else if (cents == 0)
		import_error(im, c, 0, "\"%s\": the amount must be above 0", s);
	else
		amount_xml(out, cents);
	free(s);
	return out->len > 0;
}

/* Keep the digits of s when everything else is a space or a dot. */
static int
digits_only(const char *s, struct buf *out)
{
	size_t	 len;

	for (; *s != '\0'; ) {
		if (isdigit((unsigned char)*s))
			buf_putc(out, *s++);
		else if (*s == '.' || *s == '-')
			s++;
		else if (is_space_at(s, &len))
			s += len;
		else
			return -1;
	}
	return 0;
}

/* One of the words of a column, by its folded form: the value, or NULL. */
struct word {
	const char	*folded;
	const char	*value;
};

static const char *
word(const char *s, const struct word *w)
{
	char		*f = fold_name(s);
	const char	*v = NULL;

	for (; w->folded != NULL && v == NULL; w++)
		if (strcmp(f, w->folded) == 0)
			v = w->value;
	free(f);
	return v;
}

static const struct word civilities[] = {
	{ "mme", "Mme" }, { "madame", "Mme" }, { "m", "M." },
	{ "monsieur", "M." }, { "mr", "M." }, { NULL, NULL }
};

static const struct word yesno[] = {
	{ "oui", "yes" }, { "o", "yes" }, { "yes", "yes" }, { "y", "yes" },
	{ "x", "yes" }, { "vrai", "yes" }, { "non", "no" }, { "n", "no" },
	{ "no", "no" }, { "faux", "no" }, { NULL, NULL }
};

static const struct word decisions[] = {
	{ "accordee", "granted" }, { "accorde", "granted" },
	{ "granted", "granted" }, { "refusee", "refused" },
	{ "refuse", "refused" }, { "refused", "refused" },
	{ "enattente", "pending" }, { "pending", "pending" },
	{ NULL, NULL }
};

static void
get_yesno(struct imp *im, enum sheet_col c, const char *name, struct buf *b)
{
	char		*s = cell(im, c);
	const char	*v;

	if (*s != '\0') {
		if ((v = word(s, yesno)) == NULL)
			import_error(im, c, 0, "\"%s\": write Oui or Non (or "
			    "leave the cell empty when not declared)", s);
		else
			attr(b, name, v);
	}
	free(s);
}

/* Whether folded f is one of the space-separated words of list, folded. */
static int
alias_of(const char *f, const char *list)
{
	char	*w, *fw;
	size_t	 n;
	int	 hit = 0;

	while (list != NULL && *list != '\0' && !hit) {
		n = strcspn(list, " ");
		if (n > 0) {
			w = xstrndup(list, n);
			fw = fold_name(w);
			hit = strcmp(fw, f) == 0;
			free(fw);
			free(w);
		}
		list += n + (list[n] == ' ');
	}
	return hit;
}

/*
 * The legal form's id from its id, its label or one of its aliases in the
 * call's <legal-forms>, any case or accents; NULL after an error.
 */
static const char *
form_id(struct imp *im, const char *s)
{
	const struct legal_form *lf;
	struct buf	 all = BUF_INIT;
	char		*f, *fid, *flabel;
	const char	*id = NULL;
	size_t		 i;

	if (im->call == NULL) {
		import_error(im, SC_FORM, 0, "\"%s\": the legal form cannot be "
		    "checked (the call file, which lists the legal forms, was "
		    "not found)", s);
		return NULL;
	}
	f = fold_name(s);
	for (i = 0; i < im->call->nforms && id == NULL; i++) {
		lf = &im->call->forms[i];
		fid = fold_name(lf->id);
		flabel = fold_name(lf->label != NULL ? lf->label : "");
		if (strcmp(f, fid) == 0 || strcmp(f, flabel) == 0 ||
		    alias_of(f, lf->aliases))
			id = lf->id;
		free(fid);
		free(flabel);
	}
	free(f);
	if (id == NULL) {
		for (i = 0; i < im->call->nforms; i++)
			buf_printf(&all, "%s%s", i ? ", " : "",
			    im->call->forms[i].label != NULL ?
			    im->call->forms[i].label : im->call->forms[i].id);
		import_error(im, SC_FORM, 0, "\"%s\": write one of the "
		    "call's legal forms: %s", s, all.s != NULL ? all.s : "");
		buf_free(&all);
	}
	return id;
}

/* The aid's id from its id or its label in the call, any case. */
static char *
get_aid(struct imp *im)
{
	char		*s = cell(im, SC_AID), *f, *g;
	struct buf	 l = BUF_INIT;
	char		*id = NULL;
	size_t		 i;

	if (*s == '\0') {
		import_error(im, SC_AID, 0, "empty cell: %s is required",
		    _("the aid requested"));
		free(s);
		return NULL;
	}
	if (im->call == NULL) {
		if (record_id_valid(s))
			return s;
		import_error(im, SC_AID, 0, "\"%s\": write the aid's id (the "
		    "call file, which has the aids' labels, was not found)",
		    s);
		free(s);
		return NULL;
	}
	f = fold_name(s);
	for (i = 0; i < im->call->naids && id == NULL; i++) {
		const struct aid *a = &im->call->aids[i];

		g = fold_name(a->id);
		if (strcmp(f, g) == 0)
			id = xstrdup(a->id);
		free(g);
		if (id == NULL && a->label != NULL) {
			g = fold_name(a->label);
			if (strcmp(f, g) == 0)
				id = xstrdup(a->id);
			free(g);
		}
	}
	if (id == NULL) {
		for (i = 0; i < im->call->naids; i++)
			buf_printf(&l, "%s%s", i ? ", " : "",
			    im->call->aids[i].label != NULL ?
			    im->call->aids[i].label : im->call->aids[i].id);
		import_error(im, SC_AID, 0, "\"%s\" is not an aid of the call "
		    "%s: %s", s, im->call->id, buf_str(&l));
	}
	buf_free(&l);
	free(f);
	free(s);
	return id;
}

/* ---- One row -------------------------------------------------------- */

static int
row_blank(const struct sheet_row *r)
{
	size_t		 i;
	char		*t;
	int		 blank = 1;

	for (i = 0; i < r->n && blank; i++) {
		t = cell_text(r->cell[i]);
		blank = *t == '\0';
		free(t);
	}
	return blank;
}

/* The application of the current row appended to x (nothing on error). */
static void
one_row(struct imp *im, struct buf *x, struct buf *ids, size_t *nids)
{
	struct buf	 a = BUF_INIT, v = BUF_INIT, w = BUF_INIT;
	char		*s, *id, *t;
	const char	*word_v;
	int		 i, has_decision = 0, granted = 0;

	im->bad = 0;
	/* <application id received> */
	id = cell(im, SC_ID);
	if (*id == '\0')
		import_error(im, SC_ID, 0, "empty cell: %s is required",
		    _("the application's number"));
	else if (!record_id_valid(id))
		import_error(im, SC_ID, 0, "\"%s\": an application number is "
		    "1 to 64 letters without accents, digits, dots, dashes or "
		    "underscores", id);
	else {
		/* ids holds "\nID\tROW" per row read. */
		struct buf key = BUF_INIT;

		buf_printf(&key, "\n%s\t", id);
		if ((t = strstr(buf_str(ids), key.s)) != NULL)
			import_error(im, SC_ID, 0, "application number %s is "
			    "already on row %ld", id,
			    strtol(t + key.len, NULL, 10));
		else {
			buf_printf(ids, "%s%ld", key.s, im->row);
			(*nids)++;
		}
		buf_free(&key);
	}
	buf_puts(&a, "  <application");
	attr(&a, "id", id);
	get_date(im, SC_RECEIVED, 1, N_("the date the application was "
	    "received"), &v);
	attr(&a, "received", v.s);
	buf_truncate(&v, 0);
	buf_puts(&a, ">\n    <applicant>\n");

	if ((s = text(im, SC_NAME, 200, 1, N_("the applicant's name"))) !=
	    NULL) {
		buf_puts(&a, "      <name>");
		xml_esc(&a, s);
		buf_puts(&a, "</name>\n");
	}
	free(s);
	s = cell(im, SC_FORM);
	if (*s != '\0') {
		if ((word_v = form_id(im, s)) != NULL)
			buf_printf(&a, "      <legal-form>%s</legal-form>\n",
			    word_v);
	}
	free(s);
	s = cell(im, SC_SIRET);
	if (*s != '\0') {
		buf_truncate(&w, 0);
		if (digits_only(s, &w) == -1 || w.len != 14)
			import_error(im, SC_SIRET, 0, "\"%s\": a SIRET has 14 "
			    "digits", s);
		else
			buf_printf(&a, "      <siret>%s</siret>\n", w.s);
	}
	free(s);
	s = cell(im, SC_RNA);
	if (*s != '\0') {
		if (s[0] == 'w')
			s[0] = 'W';
		if (strlen(s) != 10 || s[0] != 'W' ||
		    strspn(s + 1, "0123456789") != 9)
			import_error(im, SC_RNA, 0, "\"%s\": an RNA number is W "
			    "and 9 digits, as W595012345", s);
		else
			buf_printf(&a, "      <rna>%s</rna>\n", s);
	}
	free(s);
	if (get_date(im, SC_FOUNDED, 0, NULL, &v))
		buf_printf(&a, "      <founded>%s</founded>\n", v.s);
	buf_truncate(&v, 0);
	if (get_date(im, SC_ESUS, 0, NULL, &v))
		buf_printf(&a, "      <esus-agreement until=\"%s\"/>\n", v.s);
	buf_truncate(&v, 0);

	buf_puts(&a, "      <address>\n");
	for (i = 0; i < 3; i++) {
		if ((s = text(im, SC_ADDR1 + i, 1000, i == 0,
		    N_("the first line of the address"))) != NULL) {
			buf_puts(&a, "        <line>");
			xml_esc(&a, s);
			buf_puts(&a, "</line>\n");
		}
		free(s);
	}
	s = cell(im, SC_POSTCODE);
	buf_truncate(&w, 0);
	if (*s == '\0')
		import_error(im, SC_POSTCODE, 0, "empty cell: %s is required",
		    _("the postcode"));
	else if (digits_only(s, &w) == -1 || w.len < 4 || w.len > 5)
		import_error(im, SC_POSTCODE, 0, "\"%s\": a postcode has 5 "
		    "digits", s);
	else
		/* A spreadsheet drops the leading zero of 02100. */
		buf_printf(&a, "        <postcode>%s%s</postcode>\n",
		    w.len == 4 ? "0" : "", w.s);
	free(s);
	if ((s = text(im, SC_CITY, 200, 1, N_("the commune"))) != NULL) {
		buf_puts(&a, "        <city>");
		xml_esc(&a, s);
		buf_puts(&a, "</city>\n");
	}
	free(s);
	buf_puts(&a, "      </address>\n      <contact");
	s = cell(im, SC_CIVILITY);
	if (*s != '\0') {
		if ((word_v = word(s, civilities)) == NULL)
			import_error(im, SC_CIVILITY, 0, "\"%s\": write Mme or "
			    "M.", s);
		else
			attr(&a, "civility", word_v);
	}
	free(s);
	s = text(im, SC_FIRST, 200, 0, NULL);
	attr(&a, "first-name", s);
	free(s);
	s = text(im, SC_LAST, 200, 1, N_("the contact's last name"));
	attr(&a, "last-name", s);
	free(s);
	s = text(im, SC_ROLE, 200, 0, NULL);
	attr(&a, "role", s);
	free(s);
	if ((s = text(im, SC_EMAIL, 254, 0, NULL)) != NULL) {
		const char *at = strchr(s, '@');

		if (at == NULL || at == s || strchr(at + 1, '@') != NULL ||
		    strchr(at + 1, '.') == NULL || strpbrk(s, " \t") != NULL)
			import_error(im, SC_EMAIL, 0, "\"%s\" is not an e-mail "
			    "address", s);
		else
			attr(&a, "email", s);
	}
	free(s);
	if ((s = text(im, SC_PHONE, 26, 0, NULL)) != NULL) {
		size_t	 n = strlen(s);
		const char *p = s + (*s == '+');

		if (!isdigit((unsigned char)*p) || n < 6 ||
		    strspn(p, "0123456789 .-") != strlen(p))
			import_error(im, SC_PHONE, 0, "\"%s\" is not a phone "
			    "number", s);
		else
			attr(&a, "phone", s);
	}
	free(s);
	buf_puts(&a, "/>\n    </applicant>\n    <request");

	s = get_aid(im);
	attr(&a, "aid", s);
	free(s);
	get_amount(im, SC_AMOUNT, 1, N_("the amount requested"), &v);
	attr(&a, "amount", v.s);
	buf_truncate(&v, 0);
	buf_puts(&a, ">\n");
	if ((s = text(im, SC_TITLE, 1000, 0, NULL)) != NULL) {
		buf_puts(&a, "      <title>");
		xml_esc(&a, s);
		buf_puts(&a, "</title>\n");
	}
	free(s);
	if ((s = text(im, SC_SUMMARY, 4000, 0, NULL)) != NULL) {
		buf_puts(&a, "      <summary>");
		xml_esc(&a, s);		/* line breaks kept */
		buf_puts(&a, "</summary>\n");
	}
	free(s);
	s = cell(im, SC_JOBS);
	if (*s != '\0') {
		char	*end;
		long	 n = strtol(s, &end, 10);

		if (!isdigit((unsigned char)*s) || *end != '\0' || n > 100000)
			import_error(im, SC_JOBS, 0, "\"%s\": write a whole "
			    "number from 0 to 100000", s);
		else
			buf_printf(&a, "      <jobs-created>%ld</jobs-created>\n",
			    n);
	}
	free(s);
	buf_puts(&a, "    </request>\n");

	buf_truncate(&w, 0);
	get_yesno(im, SC_GOVERNANCE, "ess-governance", &w);
	get_yesno(im, SC_VIABLE, "viable-activity", &w);
	get_yesno(im, SC_LAYOFFS, "economic-layoffs-12-months", &w);
	get_yesno(im, SC_UNMET, "unmet-need", &w);
	if (w.len > 0)
		buf_printf(&a, "    <declarations%s/>\n", w.s);

	buf_truncate(&w, 0);
	s = cell(im, SC_DECISION);
	if (*s != '\0') {
		if ((word_v = word(s, decisions)) == NULL)
			import_error(im, SC_DECISION, 0, "\"%s\": write "
			    "Accordée, Refusée, En attente, or leave the cell "
			    "empty", s);
		else {
			attr(&w, "status", word_v);
			has_decision = 1;
			granted = strcmp(word_v, "granted") == 0;
		}
	}
	free(s);
	if (get_amount(im, SC_GRANTED, 0, NULL, &v)) {
		if (has_decision && !granted)
			import_error(im, SC_GRANTED, 0, "an amount granted, "
			    "but the decision is not Accordée");
		attr(&w, "amount", v.s);
	} else if (granted)
		import_error(im, SC_GRANTED, 0, "empty cell: a granted "
		    "decision needs its amount");
	buf_truncate(&v, 0);
	if (get_date(im, SC_DECIDED, 0, NULL, &v))
		attr(&w, "date", v.s);
	buf_truncate(&v, 0);
	s = text(im, SC_DELIB, 1000, 0, NULL);
	attr(&w, "deliberation", s);
	free(s);
	/* <decision><reason>: why a refusal, in the council's words. */
	s = text(im, SC_REASON, 2000, 0, NULL);
	if (has_decision && s != NULL) {
		buf_printf(&a, "    <decision%s>\n      <reason>", w.s);
		xml_esc(&a, s);
		buf_puts(&a, "</reason>\n    </decision>\n");
	} else if (has_decision)
		buf_printf(&a, "    <decision%s/>\n", w.s);
	else if (w.len > 0 || s != NULL)
		import_error(im, SC_DECISION, 0, "empty cell: the decision's "
		    "amount, date, deliberation or reason is given, but not "
		    "the decision");
	free(s);
	buf_puts(&a, "  </application>\n");
	if (im->bad == 0)
		buf_add(x, a.s, a.len);
	free(id);
	buf_free(&a);
	buf_free(&v);
	buf_free(&w);
}

/* ---- The sheet ------------------------------------------------------ */

static int
match_header(struct imp *im)
{
	const struct sheet_row *h = im->head;
	struct buf	 unknown = BUF_INIT;
	char		*f, *keys[SC_NCOLS];
	size_t		 i;
	int		 c, missing = 0;

	for (c = 0; c < SC_NCOLS; c++) {
		im->col[c] = -1;
		keys[c] = fold_name(sheet_cols[c].head);
	}
	for (i = 0; i < h->n; i++) {
		f = fold_name(h->cell[i]);
		for (c = 0; c < SC_NCOLS; c++)
			if (strcmp(f, keys[c]) == 0)
				break;
		if (c < SC_NCOLS && im->col[c] < 0)
			im->col[c] = (int)i;
		else if (*f != '\0')
			buf_printf(&unknown, "%s\"%s\"", unknown.len ? ", " : "",
			    h->cell[i]);
		free(f);
	}
	for (c = 0; c < SC_NCOLS; c++) {
		free(keys[c]);
		if (sheet_cols[c].required && im->col[c] < 0) {
			struct buf loc = BUF_INIT;

			buf_printf(&loc, "%s:1", im->o->sheet);
			diag_msg(im->d, DIAG_ERROR, EX_DATAERR, loc.s, 0, 0,
			    NULL, "no column \"%s\": the sheet needs it (see "
			    "essdocs import --blank)", sheet_cols[c].head);
			buf_free(&loc);
			missing++;
		}
	}
	if (unknown.len > 0 && !missing) {
		struct buf loc = BUF_INIT;

		buf_printf(&loc, "%s:1", im->o->sheet);
		diag_msg(im->d, DIAG_WARNING, 0, loc.s, 0, 0, NULL,
		    "columns ignored: %s", unknown.s);
		buf_free(&loc);
	}
	buf_free(&unknown);
	return missing ? -1 : 0;
}

/* The call file: --call names one, or is an id whose call-ID.xml is
 * beside the sheet, in the current directory or among the installed
 * ones. */
static int
load_call(struct imp *im, char **call_id)
{
	const struct import_opts *o = im->o;
	struct buf	 p = BUF_INIT;
	const char	*slash;
	int		 i;

	*call_id = NULL;
	if (o->call == NULL) {
		diag_msg(im->d, DIAG_ERROR, EX_USAGE, NULL, 0, 0, NULL,
		    "import needs the call: --call CALL-ID (or the call "
		    "file)");
		return -1;
	}
	if (fs_exists(o->call)) {
		if ((im->call = call_load(o->call, im->d)) == NULL)
			return -1;
		*call_id = xstrdup(im->call->id);
		return 0;
	}
	if (!record_id_valid(o->call)) {
		diag_msg(im->d, DIAG_ERROR, EX_NOINPUT, o->call, 0, 0, NULL,
		    "no such call file (--call takes a call file or a call "
		    "id such as ess-2018-2020)");
		return -1;
	}
	*call_id = xstrdup(o->call);
	for (i = 0; i < 3 && im->call == NULL; i++) {
		buf_truncate(&p, 0);
		if (i == 0 && (slash = strrchr(o->sheet, '/')) != NULL)
			buf_add(&p, o->sheet, (size_t)(slash - o->sheet + 1));
		else if (i == 2 && o->call_dir != NULL)
			buf_printf(&p, "%s/", o->call_dir);
		else if (i == 2)
			continue;
		buf_printf(&p, "call-%s.xml", o->call);
		if (fs_exists(p.s) && (im->call = call_load(p.s, im->d)) ==
		    NULL) {
			buf_free(&p);
			return -1;
		}
	}
	if (im->call == NULL)
		diag_msg(im->d, DIAG_WARNING, 0, NULL, 0, 0, NULL,
		    "call-%s.xml not found beside the sheet: aids must be "
		    "given by their id (give the call file with --call FILE "
		    "to use their labels)", o->call);
	else if (strcmp(im->call->id, o->call) != 0) {
		diag_msg(im->d, DIAG_ERROR, EX_DATAERR, p.s, 0, 0, NULL,
		    "this file is the call '%s', not '%s'", im->call->id,
		    o->call);
		buf_free(&p);
		return -1;
	}
	buf_free(&p);
	return 0;
}

int
import_blank(FILE *out)
{
	struct buf	 b = BUF_INIT;

	sheet_header(&b);
	fwrite(b.s, 1, b.len, out);
	buf_free(&b);
	return 0;
}

int
import_run(const struct import_opts *o, struct diag *d)
{
	struct imp	 im;
	struct sheet	 sh;
	struct buf	 x = BUF_INIT, ids = BUF_INIT;
	char		*call_id = NULL;
	size_t		 i, nids = 0, nrows = 0, nbad = 0;

	memset(&im, 0, sizeof(im));
	memset(&sh, 0, sizeof(sh));
	im.o = o;
	im.d = d;
	if (o->round_id == NULL) {
		diag_msg(d, DIAG_ERROR, EX_USAGE, NULL, 0, 0, NULL,
		    "import needs the round's id: --round ID (as 2019-1)");
		return d->status;
	}
	if (!record_id_valid(o->round_id)) {
		diag_msg(d, DIAG_ERROR, EX_USAGE, NULL, 0, 0, NULL,
		    "--round '%s': a round id is 1 to 64 letters without "
		    "accents, digits, dots, dashes or underscores",
		    o->round_id);
		return d->status;
	}
	if (load_call(&im, &call_id) == -1)
		return d->status;
	if (sheet_read(o->sheet, &sh, d) == -1)
		goto out;
	im.head = &sh.rows[0];
	if (match_header(&im) == -1)
		goto out;

	buf_puts(&x, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<round");
	attr(&x, "id", o->round_id);
	attr(&x, "call", call_id);
	if (o->date != NULL) {
		struct buf	 dt = BUF_INIT;

		date_format_iso(&dt, o->date);
		attr(&x, "date", dt.s);
		buf_free(&dt);
	}
	buf_puts(&x, ">\n");
	buf_putc(&ids, '\n');
	for (i = 1; i < sh.nrows; i++) {
		if (row_blank(&sh.rows[i]))
			continue;
		im.r = &sh.rows[i];
		im.row = (long)i + 1;
		nrows++;
		one_row(&im, &x, &ids, &nids);
		if (im.bad)
			nbad++;
	}
	buf_puts(&x, "</round>\n");
	if (nbad > 0 && !o->keep_going) {
		diag_msg(d, DIAG_ERROR, EX_DATAERR, o->sheet, 0, 0, NULL,
		    ngettext("%zu of %zu row in error: no round written (fix "
		    "it, or --keep-going to leave it out)", "%zu of %zu rows "
		    "in error: no round written (fix them, or --keep-going to "
		    "leave them out)", nbad), nbad, nrows);
		goto out;
	}
	if (nbad > 0)
		diag_msg(d, DIAG_WARNING, 0, o->sheet, 0, 0, NULL,
		    ngettext("%zu of %zu row in error left out of the round",
		    "%zu of %zu rows in error left out of the round", nbad),
		    nbad, nrows);
	if (o->output != NULL) {
		if (fs_write_atomic(o->output, x.s, x.len, d) == -1)
			goto out;
	} else
		fwrite(x.s, 1, x.len, o->out);
	/* Rows left out are errors: status 1, as for a run. */
	if (nbad > 0)
		diag_status(d, 1);
out:
	if (sh.rows != NULL)
		sheet_free(&sh);
	call_free(im.call);
	free(call_id);
	buf_free(&x);
	buf_free(&ids);
	return d->status;
}
