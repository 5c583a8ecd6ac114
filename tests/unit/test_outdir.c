/* test_outdir.c: the -j parent's thread that writes the round's folder out while the workers write. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "diag.h"
#include "outdir.h"
#include "util.h"

#include "t.h"

static void
sleep_ms(long ms)
{
	struct timespec	 t = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&t, &t) == -1)
		continue;
}

int
main(void)
{
	struct diag	 d;
	struct outdir	*od;
	struct buf	 p = BUF_INIT;
	char		 dir[] = "/tmp/essdocs-test-outdir-XXXXXX";
	unsigned	 calls;
	int		 fd, i;

	diag_init(&d, stderr, 0);
	CHECK(mkdtemp(dir) != NULL);
	od = outdir_open(dir, "2019-1", &d);
	CHECK(od != NULL);
	if (od == NULL)
		T_DONE();

	/* Not started: stopping is harmless and made no syncfs. */
	CHECK_INT((int)outdir_flush_stop(od), 0);

	/* Started, it writes out every OUTDIR_FLUSH_MS while files are
	 * written, until stopped; started twice, it runs once. */
	CHECK_INT(outdir_flush_start(od), 0);
	CHECK_INT(outdir_flush_start(od), 0);
	buf_printf(&p, "%s/2019-1/a.pdf", dir);
	fd = open(p.s, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	CHECK(fd != -1);
	CHECK(write(fd, "%PDF-1.3\n", 9) == 9);
	close(fd);
	/* Two periods at least (waiting up to 20 s on a busy machine:
	 * the test asserts what happens, not how fast). */
	for (i = 0; i < 400 && outdir_flush_calls(od) < 2; i++)
		sleep_ms(50);
	CHECK(outdir_flush_calls(od) >= 2);
	calls = outdir_flush_stop(od);
	CHECK(calls >= 2);
	/* Stopped: a second stop says none was running. */
	CHECK_INT((int)outdir_flush_stop(od), 0);
	CHECK_INT((int)outdir_flush_calls(od), 0);

	/* The final syncfs is still the caller's, and works after it. */
	CHECK_INT(outdir_sync(od, &d), 0);
	CHECK_INT(d.status, 0);

	/* outdir_close() stops a running one (no thread or descriptor
	 * left: the sanitizers' run checks the leak). */
	CHECK_INT(outdir_flush_start(od), 0);
	outdir_close(od);

	unlink(p.s);
	buf_truncate(&p, 0);
	buf_printf(&p, "%s/2019-1/.essdocs.lock", dir);
	unlink(p.s);
	buf_truncate(&p, 0);
	buf_printf(&p, "%s/2019-1", dir);
	rmdir(p.s);
	rmdir(dir);
	buf_free(&p);
	T_DONE();
}
