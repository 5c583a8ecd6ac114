/* test_jobshare.c: -j workers share out the applications the parent marks: each once, none unmarked. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "jobshare.h"

#include "t.h"

#define NAPPS		3000
#define NWORKERS	3

/*
 * A worker as batch.c runs one: claim each application in order, and
 * write the index of every one it won to fd, as a line.
 */
static void
worker(struct jobshare *js, int fd, int late)
{
	FILE	*f = fdopen(fd, "w");
	size_t	 i;

	if (late)
		jobshare_wait_end(js);
	for (i = 0; i < NAPPS + 10; i++)
		if (jobshare_claim(js, i))
			fprintf(f, "%zu\n", i);
	fclose(f);
	_exit(0);
}

int
main(void)
{
	struct jobshare	*js;
	static int	 won[NAPPS];
	pid_t		 pid[NWORKERS];
	int		 rfd[NWORKERS];
	FILE		*f;
	size_t		 i, idx;
	int		 fds[2], k, st, marked = 0, twice = 0, unmarked = 0;
	int		 missed = 0, workers_won[NWORKERS];

	/* One application per 14 bytes at most. */
	js = jobshare_new(14 * NAPPS);
	CHECK(js != NULL);
	if (js == NULL)
		T_DONE();
	CHECK_INT(jobshare_mark(js, 14 * NAPPS + 1), -1);

	memset(workers_won, 0, sizeof(workers_won));
	for (k = 0; k < NWORKERS; k++) {
		if (pipe(fds) == -1 || (pid[k] = fork()) == -1) {
			CHECK(0);
			T_DONE();
		}
		if (pid[k] == 0) {
			close(fds[0]);
			worker(js, fds[1], k == NWORKERS - 1);
		}
		close(fds[1]);
		rfd[k] = fds[0];	/* read once the parent has decided */
	}

	/* The parent decides: every application but each seventh is to
	 * be written, published a few at a time as the workers go. */
	for (i = 0; i < NAPPS; i++) {
		if (i % 7 != 3 && jobshare_mark(js, i) != 0)
			missed++;
		if (i % 50 == 49)
			jobshare_done(js, i + 1);
	}
	jobshare_done(js, NAPPS);
	/* Before the end, jobshare_go() knows the decided ones. */
	CHECK(jobshare_go(js, 0));
	CHECK(!jobshare_go(js, 3));
	jobshare_end(js);
	/* After it, nothing beyond the round. */
	CHECK(!jobshare_go(js, NAPPS));

	for (k = 0; k < NWORKERS; k++) {
		if ((f = fdopen(rfd[k], "r")) == NULL) {
			CHECK(0);
			continue;
		}
		while (fscanf(f, "%zu", &idx) == 1) {
			if (idx >= NAPPS) {
				CHECK(0);
				continue;
			}
			won[idx]++;
			workers_won[k]++;
		}
		fclose(f);
		CHECK(waitpid(pid[k], &st, 0) == pid[k] && WIFEXITED(st) &&
		    WEXITSTATUS(st) == 0);
	}
	CHECK_INT(missed, 0);		/* every mark taken */
	for (i = 0; i < NAPPS; i++) {
		if (i % 7 == 3) {
			unmarked += won[i] != 0;
			continue;
		}
		marked++;
		twice += won[i] > 1;
		missed += won[i] == 0;
	}
	/* Each marked application written once, by one worker; none of the
	 * others; and the parent's own claims fail once workers took all. */
	CHECK_INT(twice, 0);
	CHECK_INT(missed, 0);
	CHECK_INT(unmarked, 0);
	CHECK_INT(workers_won[0] + workers_won[1] + workers_won[2], marked);
	CHECK(!jobshare_claim(js, 0));
	jobshare_free(js);
	T_DONE();
}
