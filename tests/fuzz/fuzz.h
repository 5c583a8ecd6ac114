/* fuzz.h: what the fuzz targets share: an input file per process, invariant checks, and the corpus replay main(). */
#ifndef ESSDOCS_FUZZ_H
#define ESSDOCS_FUZZ_H

/*
 * Each target defines LLVMFuzzerTestOneInput() and includes this file
 * once.  Built with -fsanitize=fuzzer it is a libFuzzer target; built
 * with -DFUZZ_REPLAY (and FUZZ_CORPUS, a directory) it is a normal
 * program that runs every file named on its command line, or every file
 * of FUZZ_CORPUS, through the target and prints
 * "NAME: N passed, N failed" like the unit tests.
 *
 * The readers take a path, so each input is written to one file per
 * process (on tmpfs when there is one), rewritten for every input.
 */

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/xmlerror.h>

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);
static void fuzz_fail(const char *, const char *);

/* Fuzz-harness state: one process, one input file (a test, not the product). */
static char	 fuzz_path[4096];
static int	 fuzz_failed;

static void
fuzz_cleanup(void)
{
	if (fuzz_path[0] != '\0')
		unlink(fuzz_path);
}

/* libxml2 printed a message of its own: it must only go through diag. */
static void
fuzz_stray(void *ctx, const char *fmt, ...)
{
	char	 msg[1024];
	va_list	 ap;

	(void)ctx;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fuzz_fail("libxml2 printed outside the diagnostics", msg);
	fputc('\n', stderr);
}

/* Write data to this process's input file and return its path. */
static const char *
fuzz_file(const uint8_t *data, size_t size)
{
	const char	*dir;
	int		 fd;

	if (fuzz_path[0] == '\0') {
		xmlSetGenericErrorFunc(NULL, fuzz_stray);
		dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" :
		    getenv("TMPDIR") != NULL ? getenv("TMPDIR") : "/tmp";
		snprintf(fuzz_path, sizeof(fuzz_path), "%s/essdocs-fuzz.XXXXXX",
		    dir);
		if ((fd = mkstemp(fuzz_path)) == -1) {
			perror(fuzz_path);
			abort();
		}
		close(fd);
		atexit(fuzz_cleanup);
	}
	if ((fd = open(fuzz_path, O_WRONLY | O_TRUNC)) == -1 ||
	    (size > 0 && write(fd, data, size) != (ssize_t)size)) {
		perror(fuzz_path);
		abort();
	}
	close(fd);
	return fuzz_path;
}

/*
 * An invariant does not hold: the fuzzer stops on it (abort), the replay
 * counts it and goes on.  diag is what the reader printed.
 */
static void
fuzz_fail(const char *what, const char *diag)
{
	fprintf(stderr, "fuzz: invariant broken: %s\n%s", what,
	    diag != NULL ? diag : "");
#ifdef FUZZ_REPLAY
	fuzz_failed = 1;
#else
	abort();
#endif
}

/* Replay with FUZZ_VERBOSE set: show what the reader printed for each input. */
static void
fuzz_show(const char *out)
{
#ifdef FUZZ_REPLAY
	if (getenv("FUZZ_VERBOSE") != NULL)
		fprintf(stderr, "%s", out != NULL && *out != '\0' ? out :
		    "(no diagnostics)\n");
#else
	(void)out;
#endif
}

/*
 * Every line of diagnostics out must be "essdocs: PATH:" or
 * "essdocs: PATH: " (located in the input file) and end with a newline.
 */
static void
fuzz_check_located(const char *out, const char *path)
{
	char		 pre[4200];
	const char	*p, *nl;
	size_t		 n;

	fuzz_show(out);
	n = (size_t)snprintf(pre, sizeof(pre), "essdocs: %s:", path);
	for (p = out; p != NULL && *p != '\0'; p = nl + 1) {
		if ((nl = strchr(p, '\n')) == NULL) {
			fuzz_fail("a diagnostic without a newline", out);
			return;
		}
		if (strncmp(p, pre, n) != 0) {
			fuzz_fail("a diagnostic not located in the input", out);
			return;
		}
	}
}

#ifdef FUZZ_REPLAY
/* Run one file through the target; 0 if its invariants held. */
static int
fuzz_replay_file(const char *path)
{
	struct stat	 st;
	uint8_t		*buf;
	FILE		*f;
	size_t		 n;

	if ((f = fopen(path, "rb")) == NULL || fstat(fileno(f), &st) == -1) {
		perror(path);
		if (f != NULL)
			fclose(f);
		return -1;
	}
	buf = malloc((size_t)st.st_size + 1);
	n = fread(buf, 1, (size_t)st.st_size, f);
	fclose(f);
	fuzz_failed = 0;
	LLVMFuzzerTestOneInput(buf, n);
	free(buf);
	if (fuzz_failed)
		fprintf(stderr, "fuzz: ... on %s\n", path);
	return fuzz_failed ? -1 : 0;
}

/* Replay path: a file, or every regular file of a directory. */
static void
fuzz_replay(const char *path, int *pass, int *fail)
{
	struct dirent	*e;
	struct stat	 st;
	DIR		*d;
	char		 sub[4096];

	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		if ((d = opendir(path)) == NULL) {
			perror(path);
			(*fail)++;
			return;
		}
		while ((e = readdir(d)) != NULL) {
			if (e->d_name[0] == '.')
				continue;
			snprintf(sub, sizeof(sub), "%s/%s", path, e->d_name);
			if (stat(sub, &st) == 0 && S_ISREG(st.st_mode))
				fuzz_replay(sub, pass, fail);
		}
		closedir(d);
		return;
	}
	if (fuzz_replay_file(path) == 0)
		(*pass)++;
	else
		(*fail)++;
}

int
main(int argc, char *argv[])
{
	int	 i, pass = 0, fail = 0;

	if (argc < 2)
		fuzz_replay(FUZZ_CORPUS, &pass, &fail);
	for (i = 1; i < argc; i++)
		fuzz_replay(argv[i], &pass, &fail);
	printf("%s (replay of %s): %d passed, %d failed\n", __BASE_FILE__,
	    argc < 2 ? FUZZ_CORPUS : "the files given", pass, fail);
	return fail > 0 || pass == 0;
}
#endif

#endif
