/* maxrss.c: run a command and report its wall time and peak resident memory (for bench/run.sh). */
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/*
 * usage: maxrss OUTFILE COMMAND [ARG...]
 * Runs COMMAND, then writes "SECONDS MAXRSS_KB CPU_SECONDS" to OUTFILE,
 * where MAXRSS_KB is the largest resident set of the command or any of
 * the processes it waited for (wait4 reports both), and CPU_SECONDS its
 * user and system time, its waited-for children's included.  Exits with the
 * command's status (128 + signal when it was killed, 127 when it could
 * not be run).
 */
int
main(int argc, char *argv[])
{
	struct timespec	 t0, t1;
	struct rusage	 ru;
	pid_t		 pid;
	FILE		*f;
	int		 st;

	if (argc < 3) {
		fputs("usage: maxrss OUTFILE COMMAND [ARG...]\n", stderr);
		return 64;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if ((pid = fork()) == -1) {
		perror("maxrss: fork");
		return 71;
	}
	if (pid == 0) {
		execvp(argv[2], argv + 2);
		fprintf(stderr, "maxrss: %s: %s\n", argv[2], strerror(errno));
		_exit(127);
	}
	while (wait4(pid, &st, 0, &ru) == -1)
		if (errno != EINTR) {
			perror("maxrss: wait4");
			return 71;
		}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if ((f = fopen(argv[1], "w")) == NULL) {
		perror(argv[1]);
		return 73;
	}
	fprintf(f, "%.3f %ld %.3f\n", (double)(t1.tv_sec - t0.tv_sec) +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9, ru.ru_maxrss,
	    (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
	    (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6);
	fclose(f);
	if (WIFSIGNALED(st))
		return 128 + WTERMSIG(st);
	return WEXITSTATUS(st);
}
