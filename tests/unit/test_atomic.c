/* test_atomic.c: atomic file replacement: commit, abort, and failures. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomic.h"
#include "util.h"

#include "t.h"

/* The number of entries in dir other than . and .. (via ls -A). */
static int
entries(const char *dir)
{
	struct buf	 cmd = BUF_INIT;
	FILE		*f;
	int		 n = 0, c;

	buf_printf(&cmd, "ls -A '%s'", dir);
	if ((f = popen(cmd.s, "r")) != NULL) {
		while ((c = getc(f)) != EOF)
			if (c == '\n')
				n++;
		pclose(f);
	}
	buf_free(&cmd);
	return n;
}

int
main(void)
{
	struct atomic	 a;
	struct buf	 path = BUF_INIT, sub = BUF_INIT;
	struct stat	 st;
	struct digest	 g;
	char		 hex[DIGEST_HEX];
	mode_t		 m;
	char		 dir[] = "/tmp/essdocs-test-atomic-XXXXXX", *s;

	CHECK(mkdtemp(dir) != NULL);
	buf_printf(&path, "%s/out.csv", dir);

	/* Commit: the file appears with its content, nothing else. */
	CHECK_INT(atomic_open(&a, path.s), 0);
	CHECK_INT(entries(dir), 1);
	CHECK_INT(atomic_write(&a, "first\n", 6), 0);
	CHECK(stat(path.s, &st) == -1);		/* not there before commit */
	CHECK_STR(atomic_digest(), "");		/* none committed yet */
	CHECK_INT(atomic_commit(&a), 0);
	s = t_slurp(path.s);
	CHECK_STR(s, "first\n");
	free(s);
	CHECK_INT(entries(dir), 1);
	/* The digest of what was written: the file's, as read back. */
	digest_init(&g);
	CHECK_INT(digest_file(&g, AT_FDCWD, path.s), 0);
	digest_hex(&g, hex);
	CHECK_STR(atomic_digest(), hex);
	CHECK_STR(atomic_digest(),
	    "b640e840b19d378660b32fb51ae18d67dccb4a8596a29e7bd72c1b2ae5928f41");
	/* The mode the umask asks for, not mkstemp's 0600. */
	m = umask(022);
	umask(m);
	CHECK(stat(path.s, &st) == 0);
	CHECK_INT(st.st_mode & 0777, 0666 & ~m);

	/* Abort: the old file stays, the temporary goes. */
	CHECK_INT(atomic_open(&a, path.s), 0);
	CHECK_INT(atomic_write(&a, "second\n", 7), 0);
	atomic_abort(&a);
	atomic_abort(&a);			/* twice is harmless */
	s = t_slurp(path.s);
	CHECK_STR(s, "first\n");
	free(s);
	CHECK_STR(atomic_digest(), hex);	/* the last committed */
	CHECK_INT(entries(dir), 1);

	/* Commit replaces. */
	CHECK_INT(atomic_open(&a, path.s), 0);
	CHECK_INT(atomic_write(&a, "third\n", 6), 0);
	CHECK_INT(atomic_commit(&a), 0);
	s = t_slurp(path.s);
	CHECK_STR(s, "third\n");
	free(s);

	/* A directory in the way: rename fails, the temporary goes. */
	buf_printf(&sub, "%s/sub", dir);
	CHECK_INT(mkdir(sub.s, 0777), 0);
	buf_puts(&sub, "/x");
	CHECK_INT(mkdir(sub.s, 0777), 0);
	buf_truncate(&sub, strlen(dir) + 4);
	CHECK_INT(atomic_open(&a, sub.s), 0);
	CHECK_INT(atomic_write(&a, "x", 1), 0);
	CHECK_INT(atomic_commit(&a), -1);
	CHECK(errno == EISDIR || errno == ENOTEMPTY || errno == EEXIST);
	CHECK_INT(entries(dir), 2);		/* out.csv and sub */

	/* No such directory: fails at once. */
	CHECK_INT(atomic_open(&a, "/nonexistent-dir/out.csv"), -1);
	CHECK_INT(errno, ENOENT);

	/* A path without a slash goes in the current directory. */
	CHECK_INT(chdir(dir), 0);
	CHECK_INT(atomic_open(&a, "rel.csv"), 0);
	CHECK_INT(atomic_commit(&a), 0);
	CHECK(stat("rel.csv", &st) == 0 && st.st_size == 0);

	buf_truncate(&sub, 0);
	buf_printf(&sub, "rm -rf '%s'", dir);
	CHECK_INT(system(sub.s), 0);
	buf_free(&path);
	buf_free(&sub);
	T_DONE();
}
