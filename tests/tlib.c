/* tlib.c: helpers every unit test shares: whole files, golden files, variants of a shipped file, live assert()s. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

/* The helpers only: the counters are each test's own. */
#define T_LIB
#include "t.h"

char *
t_slurp(const char *path)
{
	char	*s = NULL, chunk[4096];
	size_t	 len = 0, n;
	FILE	*f;

	if ((f = fopen(path, "rb")) != NULL) {
		while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
			if ((s = realloc(s, len + n + 1)) == NULL)
				abort();
			memcpy(s + len, chunk, n);
			len += n;
		}
		fclose(f);
	}
	if (s == NULL && (s = malloc(1)) == NULL)
		abort();
	s[len] = '\0';
	return s;
}

int
t_put(const char *path, const char *s)
{
	FILE	*f;
	int	 rc;

	if ((f = fopen(path, "wb")) == NULL)
		return -1;
	rc = fputs(s, f) == EOF ? -1 : 0;
	if (fclose(f) == EOF)
		rc = -1;
	return rc;
}

int
t_golden(const char *path, const char *got)
{
	char	*want = NULL;
	int	 same;

	if (getenv("UPDATE_GOLDEN") != NULL && got != NULL)
		(void)t_put(path, got);
	if (got != NULL && access(path, R_OK) == 0)
		want = t_slurp(path);
	same = want != NULL && strcmp(want, got) == 0;
	free(want);
	if (!same)
		fprintf(stderr, "golden mismatch: %s (UPDATE_GOLDEN=1 to "
		    "regenerate, then review the diff)\n", path);
	return same;
}

int
t_variant(const char *src, const char *dst, const char *from, const char *to)
{
	char	*text, *p;
	FILE	*f;
	int	 rc = 0;

	if (access(src, R_OK) != 0 || (f = fopen(dst, "wb")) == NULL)
		return -1;
	text = t_slurp(src);
	if ((p = strstr(text, from)) != NULL) {
		fwrite(text, 1, (size_t)(p - text), f);
		fputs(to, f);
		fputs(p + strlen(from), f);
	} else {
		fputs(text, f);
		rc = -1;
	}
	if (fclose(f) == EOF)
		rc = -1;
	free(text);
	return rc;
}

long
t_line_of(const char *path, const char *s)
{
	char	 line[4096];
	long	 n = 0;
	FILE	*f;

	if ((f = fopen(path, "r")) == NULL)
		return 0;
	while (fgets(line, sizeof(line), f) != NULL) {
		n++;
		if (strstr(line, s) != NULL) {
			fclose(f);
			return n;
		}
	}
	fclose(f);
	return 0;
}

int
t_aborts(void (*fn)(void))
{
	pid_t	 pid;
	int	 status;

	fflush(NULL);
	if ((pid = fork()) == -1)
		return 0;
	if (pid == 0) {
		/* The assertion's message is expected: keep the log clean. */
		if (freopen("/dev/null", "w", stderr) == NULL)
			_exit(2);
		fn();
		_exit(0);
	}
	if (waitpid(pid, &status, 0) == -1)
		return 0;
	return WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT;
}
