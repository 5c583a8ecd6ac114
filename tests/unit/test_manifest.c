/* test_manifest.c: the manifest file, the ledger's decisions, names compared without case, digests, our temporaries. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomic.h"
#include "data.h"
#include "diag.h"
#include "digest.h"
#include "fsutil.h"
#include "manifest.h"
#include "outdir.h"
#include "t.h"

static const char H1[] =
    "0000000000000000000000000000000000000000000000000000000000000001";

static void
test_names(void)
{
	struct names	*nm = names_new();

	CHECK(names_claim(nm, "2019-1-ab-cd", "2019-1") == NULL);
	CHECK_STR(names_claim(nm, "2019-1-ab-cd", "2019-1-ab"), "2019-1");
	CHECK(names_claim(nm, "A1-alpha", "A1") == NULL);
	CHECK_STR(names_claim(nm, "a1-alpha", "a1"), "A1");
	CHECK_STR(names_claim(nm, "A1-ALPHA", "x"), "A1");
	/* The same application again (its second document) is no clash. */
	CHECK(names_claim(nm, "A1-alpha", "A1") == NULL);
	CHECK(names_claim(nm, "B2-beta", "B2") == NULL);
	names_free(nm);
}

static void
test_is_tmp(void)
{
	CHECK(outdir_is_tmp(".2019-0001-x.pdf.tmp-a1b2c3"));
	CHECK(outdir_is_tmp(".report.csv.tmp-000000"));
	CHECK(outdir_is_tmp(".essdocs-font.tmp-Xy12Zq"));
	CHECK(!outdir_is_tmp("x.pdf.tmp-a1b2c3"));	/* not hidden */
	CHECK(!outdir_is_tmp(".x.tmp-abc"));		/* too short */
	CHECK(!outdir_is_tmp(".x.tmp-abcdef0"));	/* too long */
	CHECK(!outdir_is_tmp(".x.tmp-ab/def"));
	CHECK(!outdir_is_tmp(".essdocs.lock"));
	CHECK(!outdir_is_tmp(".tmp-abcdef"));
}

static void
test_digest_data(void)
{
	struct data	*a, *b, *m;
	struct digest	 g, mid;
	char		 ha[DIGEST_HEX], hb[DIGEST_HEX];
	int		 i;

	a = data_map_new();
	b = data_map_new();
	m = data_set_map(a, "letter");
	data_set(m, "date", "26 novembre 2026");
	data_set(m, "place", "Valenciennes");
	m = data_set_map(b, "letter");
	data_set(m, "date", "3 décembre 2026");
	data_set(m, "place", "Valenciennes");
	digest_init(&g);
	digest_data(&g, a, "letter.date");
	digest_hex(&g, ha);
	digest_init(&g);
	digest_data(&g, b, "letter.date");
	digest_hex(&g, hb);
	CHECK_STR(ha, hb);			/* the date is left out */
	CHECK_INT(strlen(ha), 64);
	digest_init(&g);
	digest_data(&g, a, NULL);
	digest_hex(&g, hb);
	CHECK(strcmp(ha, hb) != 0);		/* but counts when asked */
	data_set(m, "place", "Anzin");
	digest_init(&g);
	digest_data(&g, b, "letter.date");
	digest_hex(&g, hb);
	CHECK(strcmp(ha, hb) != 0);		/* any other field counts */
	/* Keys count, not only values: {a:"bc"} is not {ab:"c"}. */
	data_free(a);
	data_free(b);
	a = data_map_new();
	b = data_map_new();
	data_set(a, "a", "bc");
	data_set(b, "ab", "c");
	digest_init(&g);
	digest_data(&g, a, NULL);
	digest_hex(&g, ha);
	digest_init(&g);
	digest_data(&g, b, NULL);
	digest_hex(&g, hb);
	CHECK(strcmp(ha, hb) != 0);
	data_free(a);
	data_free(b);

	/* In two parts (docset_record(): the call's data made once), the
	 * same digest as in one, for each record that follows. */
	a = data_map_new();
	m = data_set_map(a, "call");
	data_set(m, "title", "Appel \xc3\xa0 projets");
	data_list_add(data_set_list(m, "aids"), "d\xc3\xa9" "marrage");
	digest_init(&mid);
	digest_map_head(&mid, a, 1, "letter.date");
	for (i = 0; i < 2; i++) {
		m = data_set_map(a, "letter");
		data_set(m, "date", i ? "3 d\xc3\xa9" "cembre 2026" : "26 novembre 2026");
		data_set(m, "place", i ? "Anzin" : "Valenciennes");
		data_set(data_set_map(a, "app"), "id", i ? "2019-0002" : "2019-0001");
		digest_init(&g);
		digest_data(&g, a, "letter.date");
		digest_hex(&g, ha);
		g = mid;
		digest_map_tail(&g, a, 1, "letter.date");
		digest_hex(&g, hb);
		CHECK_STR(hb, ha);
	}
	data_free(a);
}

static void
test_read(const char *dir)
{
	struct manifest	 m;
	struct diag	 d;
	FILE		*err = tmpfile();
	char		*p, line[512];
	int		 fd, n = 0;

	p = fs_join(dir, "manifest.tsv");
	t_put(p, "# essdocs manifest 1\n"
	    "kind\tapplication\tpath\tissued\tinput_sha256\tpdf_sha256\n"
	    "letters\tA1\tletters/A1-a.pdf\t2026-11-26\t"
	    "0000000000000000000000000000000000000000000000000000000000000001\t"
	    "0000000000000000000000000000000000000000000000000000000000000002\n"
	    "letters\tA2\t../../etc/passwd\t2026-11-26\t"
	    "0000000000000000000000000000000000000000000000000000000000000001\t"
	    "0000000000000000000000000000000000000000000000000000000000000002\n"
	    "letters\tA3\tletters/A3.pdf\t2026-11-26\tshort\tshort\n"
	    "letters\tA4\tagreements/A4.pdf\t2026-11-26\t"
	    "0000000000000000000000000000000000000000000000000000000000000001\t"
	    "0000000000000000000000000000000000000000000000000000000000000002\n"
	    "too\tfew\n");
	diag_init(&d, err, 0);
	fd = open(dir, O_RDONLY | O_DIRECTORY);
	CHECK_INT(manifest_read(&m, fd, p, &d), 0);
	CHECK_INT(m.n, 1);
	CHECK_STR(m.n > 0 ? m.v[0].rel : NULL, "letters/A1-a.pdf");
	CHECK_STR(m.n > 0 ? m.v[0].issued : NULL, "2026-11-26");
	rewind(err);
	while (fgets(line, sizeof(line), err) != NULL) {
		n++;
		CHECK(strstr(line, "manifest.tsv:") != NULL &&
		    strstr(line, ": warning: not a manifest line: left out")
		    != NULL);
	}
	CHECK_INT(n, 4);
	CHECK_INT(d.status, 0);
	manifest_free(&m);
	/* Missing: empty, no message. */
	unlink(p);
	CHECK_INT(manifest_read(&m, fd, p, &d), 0);
	CHECK_INT(m.n, 0);
	manifest_free(&m);
	/* A link: refused, 73. */
	CHECK_INT(symlink("/etc/passwd", p), 0);
	CHECK_INT(manifest_read(&m, fd, p, &d), -1);
	CHECK_INT(d.status, 73);
	unlink(p);
	close(fd);
	free(p);
	fclose(err);
}

/* A run of the ledger: documents A1 (input in1) and A2 (in2). */
static struct ledger *
run(const char *dir, const char *today, int force, struct diag *d,
    struct outdir **od)
{
	*od = outdir_open(dir, "r", d);
	if (*od == NULL || outdir_sub(*od, "letters", d) == -1)
		return NULL;
	return ledger_open(*od, today, force, d);
}

static void
write_doc(const char *dir, const char *name, const char *s)
{
	char	 p[1024], t[1100];

	/* As essdocs does: a new file renamed over the old name. */
	snprintf(p, sizeof(p), "%s/r/letters/%s", dir, name);
	snprintf(t, sizeof(t), "%s.new", p);
	t_put(t, s);
	rename(t, p);
}

static void
test_ledger(const char *dir)
{
	static const char *const kinds[] = { "letters" };
	struct outdir	*od;
	struct ledger	*L;
	struct diag	 d;
	struct stat	 st;
	FILE		*err = tmpfile();
	const char	*issued;
	char		 p[1024];
	size_t		 kept, iss;

	diag_init(&d, err, 0);
	/* First run: both new, dated today. */
	CHECK((L = run(dir, "2026-11-26", 0, &d, &od)) != NULL);
	CHECK_INT(ledger_want(L, "letters", "A1", "letters/A1-a.pdf", H1,
	    &issued), LEDGER_ISSUE);
	CHECK_STR(issued, "2026-11-26");
	write_doc(dir, "A1-a.pdf", "one");
	CHECK_INT(ledger_want(L, "letters", "A2", "letters/A2-b.pdf", H1,
	    &issued), LEDGER_ISSUE);
	write_doc(dir, "A2-b.pdf", "two");
	CHECK_INT(ledger_retire(L, kinds, 1), 0);
	CHECK_INT(ledger_commit(L, &d), 0);
	ledger_free(L);
	outdir_close(od);

	/* Second run, later: A1 unchanged (kept, old date), A2 gone. */
	CHECK((L = run(dir, "2026-12-03", 0, &d, &od)) != NULL);
	CHECK_INT(ledger_want(L, "letters", "A1", "letters/A1-a.pdf", H1,
	    &issued), LEDGER_KEEP);
	CHECK_STR(issued, "2026-11-26");
	ledger_note(L, "A2", "the record now has an error",
	    "retiré : le dossier est maintenant en erreur");
	CHECK_INT(ledger_retire(L, kinds, 1), 0);
	CHECK_INT(ledger_nmoves(L), 1);
	snprintf(p, sizeof(p), "%s/r/superseded/letters/A2-b.2026-11-26.pdf",
	    dir);
	CHECK(stat(p, &st) == 0 && st.st_size == 3);
	snprintf(p, sizeof(p), "%s/r/letters/A2-b.pdf", dir);
	CHECK(stat(p, &st) == -1);
	ledger_counts(L, &kept, &iss);
	CHECK_INT(kept, 1);
	CHECK_INT(iss, 0);
	CHECK_INT(ledger_commit(L, &d), 0);
	ledger_free(L);
	outdir_close(od);

	/* Third run: A1 changed: reissued today, the old one kept. */
	CHECK((L = run(dir, "2027-01-05", 0, &d, &od)) != NULL);
	CHECK_INT(ledger_want(L, "letters", "A1", "letters/A1-a.pdf",
	    "0000000000000000000000000000000000000000000000000000000000000009",
	    &issued), LEDGER_ISSUE);
	CHECK_STR(issued, "2027-01-05");
	CHECK_INT(ledger_before_write(L, "letters", "A1"), 0);
	write_doc(dir, "A1-a.pdf", "one, corrected");
	snprintf(p, sizeof(p), "%s/r/superseded/letters/A1-a.2026-11-26.pdf",
	    dir);
	CHECK(stat(p, &st) == 0 && st.st_size == 3);
	CHECK_INT(ledger_retire(L, kinds, 1), 0);
	CHECK_INT(ledger_commit(L, &d), 0);
	ledger_free(L);
	outdir_close(od);

	/* Fourth: the file altered by hand, nothing else: written again
	 * with its issue date, and a warning. */
	write_doc(dir, "A1-a.pdf", "scribbled");
	CHECK((L = run(dir, "2027-02-01", 0, &d, &od)) != NULL);
	CHECK_INT(ledger_want(L, "letters", "A1", "letters/A1-a.pdf",
	    "0000000000000000000000000000000000000000000000000000000000000009",
	    &issued), LEDGER_ISSUE);
	CHECK_STR(issued, "2027-01-05");
	ledger_free(L);
	outdir_close(od);
	CHECK_INT(d.status, 0);
	fclose(err);
}

int
main(void)
{
	char	 dir[] = "/tmp/test_manifest.XXXXXX", cmd[128];

	test_names();
	test_is_tmp();
	test_digest_data();
	if (mkdtemp(dir) == NULL)
		return 1;
	test_read(dir);
	test_ledger(dir);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	(void)system(cmd);
	T_DONE();
}
