/* test_jobfeed.c: -j workers get every application the parent sends, whole, each once, and the end. */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "jobfeed.h"
#include "round.h"
#include "util.h"

#include "t.h"

#define NAPPS		2000
#define NWORKERS	3

/* An application with every field set, its texts made from i. */
static struct application *
sample(size_t i)
{
	struct application *a;
	struct buf	 b = BUF_INIT;
	size_t		 k;

	a = xcalloc(1, sizeof(*a));
	a->file = "round.xml";
	a->line = 10 + (long)i;
	a->col = 3;
	buf_printf(&b, "2019-%04zu", i);
	a->id = buf_detach(&b);
	a->received = (struct date){ 2019, 2, 10 };
	a->name = xstrdup("SCOP « Coopérative » l’Étoile");
	a->form_name = xstrdup("scop");
	a->siret = xstrdup("73282932000074");
	a->founded = (struct date){ 2015, 6, 1 };
	a->esus_until = (struct date){ 2022, 12, 31 };
	a->address[0] = xstrdup("12 rue de Famars");
	a->address[1] = i % 2 ? xstrdup("Bâtiment B") : NULL;
	a->postcode = xstrdup("59300");
	a->city = xstrdup("VALENCIENNES");
	a->civility = xstrdup("Mme");
	a->first_name = xstrdup("Élise");
	a->last_name = xstrdup("Vasseur");
	a->email = xstrdup("");		/* empty, not NULL */
	a->aid = xstrdup("demarrage");
	a->requested = 400000 + (long long)i;
	/* A summary as long as the schema allows (4 000 characters, two
	 * bytes each here) on one application in a hundred. */
	if (i % 100 == 7) {
		for (k = 0; k < 4000; k++)
			buf_puts(&b, "é");
		a->summary = buf_detach(&b);
	} else
		a->summary = xstrdup("Une épicerie solidaire.");
	a->jobs_created = (long)(i % 5) - 1;
	a->ess_governance = TRI_YES;
	a->viable_activity = TRI_NO;
	a->layoffs_12_months = TRI_MISSING;
	a->unmet_need = TRI_YES;
	a->decision = i % 3 ? DEC_GRANTED : DEC_REFUSED;
	a->granted = i % 3 ? 350000 : -1;
	a->decision_date = (struct date){ 2019, 6, 20 };
	a->deliberation = xstrdup("D-2019-42");
	a->decision_reason = NULL;
	return a;
}

#define SAME_STR(p, q, f) \
	(((p)->f == NULL && (q)->f == NULL) || ((p)->f != NULL && \
	    (q)->f != NULL && strcmp((p)->f, (q)->f) == 0))
#define SAME_DATE(p, q, f) \
	((p)->f.y == (q)->f.y && (p)->f.m == (q)->f.m && (p)->f.d == (q)->f.d)

/* Every field of a and b equal (file aside). */
static int
same(const struct application *a, const struct application *b)
{
	return a->line == b->line && a->col == b->col &&
	    SAME_STR(a, b, id) && SAME_DATE(a, b, received) &&
	    SAME_STR(a, b, name) && SAME_STR(a, b, form_name) &&
	    SAME_STR(a, b, siret) && SAME_STR(a, b, rna) &&
	    SAME_DATE(a, b, founded) && SAME_DATE(a, b, esus_until) &&
	    SAME_STR(a, b, address[0]) && SAME_STR(a, b, address[1]) &&
	    SAME_STR(a, b, address[2]) && SAME_STR(a, b, postcode) &&
	    SAME_STR(a, b, city) && SAME_STR(a, b, civility) &&
	    SAME_STR(a, b, first_name) && SAME_STR(a, b, last_name) &&
	    SAME_STR(a, b, role) && SAME_STR(a, b, email) &&
	    SAME_STR(a, b, phone) && SAME_STR(a, b, aid) &&
	    a->requested == b->requested && SAME_STR(a, b, title) &&
	    SAME_STR(a, b, summary) && a->jobs_created == b->jobs_created &&
	    a->ess_governance == b->ess_governance &&
	    a->viable_activity == b->viable_activity &&
	    a->layoffs_12_months == b->layoffs_12_months &&
	    a->unmet_need == b->unmet_need && a->decision == b->decision &&
	    a->granted == b->granted && SAME_DATE(a, b, decision_date) &&
	    SAME_STR(a, b, deliberation) &&
	    SAME_STR(a, b, decision_reason) && SAME_STR(a, b, error) &&
	    SAME_STR(a, b, error_fr);
}

/*
 * A worker as batch.c runs one: take applications until the end, check
 * each against what the parent sent, and write "<index> <ok>" lines.
 */
static void
worker(struct jobfeed *jf, int fd)
{
	struct application *a, *want;
	FILE		*f = fdopen(fd, "w");
	size_t		 i;
	int		 rc;

	jobfeed_worker(jf);
	while ((rc = jobfeed_recv(jf, "round.xml", &i, &a)) == 1) {
		want = sample(i);
		fprintf(f, "%zu %d\n", i, same(a, want) &&
		    strcmp(a->file, "round.xml") == 0);
		application_free(want);
		application_free(a);
	}
	fclose(f);
	_exit(rc == 0 ? 0 : 2);
}

int
main(void)
{
	struct application *a, *b;
	struct jobfeed	*jf;
	struct pollfd	 pf;
	static int	 got[NAPPS];
	pid_t		 pid[NWORKERS];
	int		 rfd[NWORKERS], fds[2], k, st, rc, ok, bad = 0;
	int		 twice = 0, missed = 0, unsent = 0, per[NWORKERS];
	size_t		 i, idx, len;
	char		*msg;
	FILE		*f;

	/* The encoding alone: every field back, NULLs as NULLs, and a
	 * message cut short or with a byte too many refused. */
	a = sample(107);
	a->error = xstrdup("an error");
	msg = jobfeed_encode(107, a, &len);
	CHECK_INT(jobfeed_decode(msg, len, "r.xml", &idx, &b), 0);
	CHECK(b != NULL && idx == 107 && same(a, b) &&
	    strcmp(b->file, "r.xml") == 0 && b->address[1] != NULL &&
	    b->address[2] == NULL && b->rna == NULL && b->email != NULL &&
	    strlen(b->summary) == 8000);
	application_free(b);
	CHECK_INT(jobfeed_decode(msg, len - 1, "r.xml", &idx, &b), -1);
	CHECK(b == NULL);
	CHECK_INT(jobfeed_decode(msg, 10, "r.xml", &idx, &b), -1);
	msg = xrealloc(msg, len + 1);
	msg[len] = 'x';
	CHECK_INT(jobfeed_decode(msg, len + 1, "r.xml", &idx, &b), -1);
	msg[0] ^= 1;			/* not a message of ours */
	CHECK_INT(jobfeed_decode(msg, len, "r.xml", &idx, &b), -1);
	free(msg);
	application_free(a);

	/* Three workers, two thousand applications but each seventh:
	 * each sent one arrives whole, at one worker, once. */
	jf = jobfeed_new();
	CHECK(jf != NULL);
	if (jf == NULL)
		T_DONE();
	for (k = 0; k < NWORKERS; k++) {
		if (pipe(fds) == -1 || (pid[k] = fork()) == -1) {
			CHECK(0);
			T_DONE();
		}
		if (pid[k] == 0) {
			close(fds[0]);
			worker(jf, fds[1]);
		}
		close(fds[1]);
		rfd[k] = fds[0];
	}
	jobfeed_parent(jf);
	for (i = 0; i < NAPPS; i++) {
		if (i % 7 == 3)
			continue;
		a = sample(i);
		/* A full queue says so (1) and takes it once there is room:
		 * the workers' lines wait in their pipes meanwhile. */
		while ((rc = jobfeed_send(jf, i, a)) == 1) {
			pf.fd = jobfeed_fd(jf);
			pf.events = POLLOUT;
			(void)poll(&pf, 1, -1);
		}
		application_free(a);
		if (rc != 0)
			unsent++;
	}
	jobfeed_free(jf);		/* the workers' end of input */
	CHECK_INT(unsent, 0);
	memset(per, 0, sizeof(per));
	for (k = 0; k < NWORKERS; k++) {
		if ((f = fdopen(rfd[k], "r")) == NULL) {
			CHECK(0);
			continue;
		}
		while (fscanf(f, "%zu %d", &idx, &ok) == 2) {
			if (idx >= NAPPS || idx % 7 == 3) {
				CHECK(0);
				continue;
			}
			got[idx]++;
			bad += !ok;
			per[k]++;
		}
		fclose(f);
		/* Each saw the end (0), not an error (2). */
		CHECK(waitpid(pid[k], &st, 0) == pid[k] && WIFEXITED(st) &&
		    WEXITSTATUS(st) == 0);
	}
	for (i = 0; i < NAPPS; i++) {
		if (i % 7 == 3)
			continue;
		twice += got[i] > 1;
		missed += got[i] == 0;
	}
	CHECK_INT(bad, 0);
	CHECK_INT(twice, 0);
	CHECK_INT(missed, 0);
	CHECK_INT(per[0] + per[1] + per[2], NAPPS - (NAPPS + 3) / 7);

	/* No worker left: the parent is told (EPIPE), not killed by
	 * SIGPIPE (whatever the shell that started the test ignores). */
	signal(SIGPIPE, SIG_DFL);
	jf = jobfeed_new();
	CHECK(jf != NULL);
	if (jf == NULL)
		T_DONE();
	if ((pid[0] = fork()) == 0) {
		jobfeed_worker(jf);
		_exit(0);		/* dies without reading */
	}
	jobfeed_parent(jf);
	CHECK(waitpid(pid[0], &st, 0) == pid[0]);
	a = sample(1);
	errno = 0;
	rc = jobfeed_send(jf, 1, a);
	CHECK_INT(rc, -1);
	CHECK(errno == EPIPE || errno == ECONNRESET);
	application_free(a);
	jobfeed_free(jf);
	T_DONE();
}
