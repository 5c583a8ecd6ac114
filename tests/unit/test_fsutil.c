/* test_fsutil.c: output directories, the lock, stale temporaries and whole-or-absent writes. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>

#include "diag.h"
#include "fsutil.h"
#include "util.h"

#include "t.h"

/* A diag whose messages land in a memory buffer. */
struct cap {
	struct diag	 d;
	char		*text;
	size_t		 len;
	FILE		*f;
};

static void
cap_init(struct cap *c)
{
	c->text = NULL;
	c->len = 0;
	c->f = open_memstream(&c->text, &c->len);
	diag_init(&c->d, c->f, 0);
}

/* The messages so far (valid until cap_free). */
static const char *
cap_text(struct cap *c)
{
	fflush(c->f);
	return c->text != NULL ? c->text : "";
}

static void
cap_free(struct cap *c)
{
	fclose(c->f);
	free(c->text);
}

static void
touch(const char *path)
{
	FILE	*f;

	if ((f = fopen(path, "w")) != NULL)
		fclose(f);
}

int
main(void)
{
	struct cap	 c;
	char		 dir[] = "/tmp/essdocs-test-fsutil-XXXXXX";
	char		*p, *q;
	int		 fd, fd2;

	CHECK(mkdtemp(dir) != NULL);

	/* fs_join adds one slash. */
	p = fs_join("a", "b");
	CHECK_STR(p, "a/b");
	free(p);
	p = fs_join("a/", "b");
	CHECK_STR(p, "a/b");
	free(p);
	p = fs_join("", "b");
	CHECK_STR(p, "b");
	free(p);

	/* mkdir -p, twice. */
	cap_init(&c);
	p = fs_join(dir, "x/y/z");
	CHECK_INT(fs_mkdirs(p, &c.d), 0);
	CHECK_INT(fs_mkdirs(p, &c.d), 0);
	CHECK_INT(c.d.status, 0);
	free(p);
	/* Through a file: 73, the failing component named. */
	p = fs_join(dir, "file");
	touch(p);
	q = fs_join(p, "sub");
	CHECK_INT(fs_mkdirs(q, &c.d), -1);
	CHECK_INT(c.d.status, EX_CANTCREAT);
	CHECK(strstr(cap_text(&c), "file/sub: error: cannot create directory")
	    != NULL);
	free(q);
	free(p);
	cap_free(&c);
	/* The empty path is refused, not read past its end. */
	cap_init(&c);
	CHECK_INT(fs_mkdirs("", &c.d), -1);
	CHECK_INT(c.d.status, EX_CANTCREAT);
	cap_free(&c);

	/* The lock: a second taker is told, 73. */
	cap_init(&c);
	CHECK((fd = fs_lock(dir, &c.d)) >= 0);
	CHECK_INT(fs_lock(dir, &c.d), -1);
	CHECK_INT(c.d.status, EX_CANTCREAT);
	CHECK(strstr(cap_text(&c), "another essdocs run is writing in this "
	    "directory") != NULL);
	close(fd);
	CHECK((fd2 = fs_lock(dir, &c.d)) >= 0);	/* free again */
	close(fd2);
	cap_free(&c);

	/* Stale temporaries go; everything else stays. */
	p = fs_join(dir, ".a.pdf.tmp-123abc");
	touch(p);
	q = fs_join(dir, "a.pdf");
	touch(q);
	fs_clean_tmp(dir);
	CHECK(!fs_exists(p));
	CHECK(fs_exists(q));
	free(p);
	free(q);

	/* Whole or absent: into a missing directory, nothing, and 73. */
	cap_init(&c);
	p = fs_join(dir, "nodir/report.csv");
	CHECK_INT(fs_write_atomic(p, "x\n", 2, &c.d), -1);
	CHECK_INT(c.d.status, EX_CANTCREAT);
	CHECK(strstr(cap_text(&c), "nodir/report.csv: error: cannot create: ")
	    != NULL);
	free(p);
	p = fs_join(dir, "report.csv");
	CHECK_INT(fs_write_atomic(p, "x\n", 2, &c.d), 0);
	CHECK(fs_exists(p));
	free(p);
	cap_free(&c);

	/* Whole writes and reads: at the file's position (-1) and at an
	 * offset; a read short only at the end of the file; errors. */
	p = fs_join(dir, "rows");
	fd = open(p, O_RDWR | O_CREAT | O_TRUNC, 0600);
	CHECK(fd != -1);
	CHECK(fs_write_all(fd, "abcdef", 6, -1) == 6);
	CHECK(fs_write_all(fd, "XY", 2, 2) == 2);
	CHECK(fs_write_all(fd, "gh", 2, -1) == 2);	/* after "abXYef" */
	CHECK(fs_write_all(fd, "", 0, 0) == 0);
	{
		char	 got[16];

		memset(got, 0, sizeof(got));
		CHECK(fs_pread_all(fd, got, 8, 0) == 8);
		CHECK_STR(got, "abXYefgh");
		memset(got, 0, sizeof(got));
		CHECK(fs_pread_all(fd, got, sizeof(got) - 1, 5) == 3);
		CHECK_STR(got, "fgh");
		CHECK(fs_pread_all(fd, got, 4, 100) == 0);
		errno = 0;
		CHECK(fs_pread_all(-1, got, 4, 0) == -1 && errno == EBADF);
		errno = 0;
		CHECK(fs_write_all(-1, "x", 1, -1) == 0 && errno == EBADF);
		errno = 0;
		CHECK(fs_write_all(-1, "x", 1, 0) == 0 && errno == EBADF);
	}
	close(fd);
	free(p);

	p = fs_join("rm -rf ", dir);
	CHECK_INT(system(p), 0);
	free(p);
	T_DONE();
}
