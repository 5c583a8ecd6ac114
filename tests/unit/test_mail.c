/* test_mail.c: the addresses essdocs mails to, mail templates' placeholders, the manifest's sending columns (format 2) and format 1 still read. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "data.h"
#include "diag.h"
#include "fsutil.h"
#include "mail.h"
#include "manifest.h"
#include "t.h"

#define H1 "0000000000000000000000000000000000000000000000000000000000000001"

static void
test_address(void)
{
	static const char *const good[] = {
		"contact@example.org", "jean-pierre.devos@example.org",
		"a+b@sub.example.fr", "o'neil@example.ie", "x@a-b.example",
	};
	static const char *const bad[] = {
		"", "contact", "@example.org", "contact@", "contact@example",
		"a..b@example.org", ".a@example.org", "a.@example.org",
		"a@b@example.org", "a b@example.org", "a@exa mple.org",
		"contact@exämple.fr", "zoé@example.fr", "a@-example.org",
		"a@example-.org", "a@example..org", "a@.example.org",
		"a@example.org.", "<a@example.org>", "a,b@example.org",
		"a@example.org\n", "a\"b@example.org",
	};
	char	 big[300];
	size_t	 i;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		CHECK(mail_address_ok(good[i]));
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		CHECK(!mail_address_ok(bad[i]));
	CHECK(!mail_address_ok(NULL));
	/* 65 bytes of local part: refused. */
	memset(big, 'a', 65);
	strcpy(big + 65, "@example.org");
	CHECK(!mail_address_ok(big));
	big[1] = '@';
	big[2] = '\0';
	strcat(big, "example.org");
	CHECK(mail_address_ok(big));
}

static void
test_fill(void)
{
	struct data	*root = data_map_new(), *app;
	char		*s, *bad;

	app = data_set_map(root, "app");
	data_set(app, "id", "2019-0004");
	data_set(app, "name", "Les Champignons Solidaires");
	s = mail_fill("Dossier n° {app.id} – {app.name}{app.title?} {{x}}",
	    root, &bad);
	CHECK_STR(s, "Dossier n° 2019-0004 – Les Champignons Solidaires {x}");
	CHECK(bad == NULL);
	free(s);
	/* A missing field is named, and there is no text. */
	s = mail_fill("Bonjour {app.contact.name},", root, &bad);
	CHECK(s == NULL);
	CHECK_STR(bad, "app.contact.name");
	free(bad);
	/* A map used as text is an error too, even optional. */
	s = mail_fill("{app?}", root, &bad);
	CHECK(s == NULL);
	CHECK_STR(bad, "app");
	free(bad);
	/* An unclosed brace is text. */
	s = mail_fill("a { b", root, &bad);
	CHECK_STR(s, "a { b");
	free(s);
	data_free(root);
}

static void
test_manifest2(const char *dir)
{
	struct manifest	 m;
	struct diag	 d;
	FILE		*err = tmpfile();
	char		*p, *s;
	int		 fd;

	p = fs_join(dir, "manifest.tsv");
	diag_init(&d, err, 0);
	fd = open(dir, O_RDONLY | O_DIRECTORY);
	/* Format 1: read, nothing sent; written back as format 1. */
	t_put(p, "# essdocs manifest 1\n"
	    "kind\tapplication\tpath\tissued\tinput_sha256\tpdf_sha256\n"
	    "letters\tA1\tletters/A1-a.pdf\t2026-11-26\t" H1 "\t" H1 "\n");
	CHECK_INT(manifest_read(&m, fd, p, &d), 0);
	CHECK_INT(m.n, 1);
	CHECK(m.n == 1 && m.v[0].sent == NULL && m.v[0].msgid == NULL);
	CHECK_INT(manifest_write(&m, p, &d), 0);
	s = t_slurp(p);
	CHECK(strncmp(s, "# essdocs manifest 1:", 21) == 0);
	CHECK(strstr(s, "\tsent\t") == NULL);
	free(s);
	/* Sent: format 2, nine columns, read back alike. */
	mf_set_sent(&m.v[0], "2026-11-29T16:40:00Z", "<x.1@example.org>", NULL);
	CHECK_INT(manifest_write(&m, p, &d), 0);
	manifest_free(&m);
	s = t_slurp(p);
	CHECK(strncmp(s, "# essdocs manifest 2:", 21) == 0);
	CHECK(strstr(s, "\nkind\tapplication\tpath\tissued\tinput_sha256\t"
	    "pdf_sha256\tsent\tmessage_id\tearlier_sent\n") != NULL);
	CHECK(strstr(s, "\t" H1 "\t2026-11-29T16:40:00Z\t<x.1@example.org>\t-\n")
	    != NULL);
	free(s);
	CHECK_INT(manifest_read(&m, fd, p, &d), 0);
	CHECK_INT(m.n, 1);
	CHECK_STR(m.n == 1 ? m.v[0].sent : NULL, "2026-11-29T16:40:00Z");
	CHECK_STR(m.n == 1 ? m.v[0].msgid : NULL, "<x.1@example.org>");
	CHECK(m.n == 1 && m.v[0].earlier == NULL);
	manifest_free(&m);
	/* Malformed sending columns: the row is left out, warned. */
	t_put(p, "letters\tA1\tletters/A1-a.pdf\t2026-11-26\t" H1 "\t" H1
	    "\tyesterday\t<x@y>\t-\n"
	    "letters\tA2\tletters/A2-a.pdf\t2026-11-26\t" H1 "\t" H1
	    "\t2026-11-29T16:40:00Z\t-\t-\n"
	    "letters\tA3\tletters/A3-a.pdf\t2026-11-26\t" H1 "\t" H1
	    "\t-\t-\t2026-11-29T16:40:00Z\n"
	    "letters\tA4\tletters/A4-a.pdf\t2026-11-26\t" H1 "\t" H1
	    "\t-\t-\n");
	CHECK_INT(manifest_read(&m, fd, p, &d), 0);
	CHECK_INT(m.n, 1);
	CHECK_STR(m.n == 1 ? m.v[0].id : NULL, "A3");
	CHECK_STR(m.n == 1 ? m.v[0].earlier : NULL, "2026-11-29T16:40:00Z");
	CHECK(d.nwarnings == 3);
	manifest_free(&m);
	close(fd);
	unlink(p);
	free(p);
	fclose(err);
}

int
main(void)
{
	char	 dir[] = "/tmp/test_mail.XXXXXX";

	test_address();
	test_fill();
	if (mkdtemp(dir) == NULL)
		return 1;
	test_manifest2(dir);
	rmdir(dir);
	T_DONE();
}
