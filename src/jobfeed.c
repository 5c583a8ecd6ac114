/* jobfeed.c: a -j run's parent hands each application to be written to whichever worker is free. */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h>

#include "jobfeed.h"
#include "round.h"
#include "util.h"

/* Large enough for any application the schema lets through (its
 * longest texts are 4 000 characters), with room to spare. */
#define JOBFEED_MAX	(256 * 1024)

#define JOBFEED_MAGIC	0x4a463031u	/* "JF01" */
#define JOBFEED_NULL	UINT32_MAX	/* a string field that is NULL */

struct jobfeed {
	int	 fd[2];		/* [0] the parent's end, [1] the workers' */
	char	*buf;		/* a worker's receive buffer */
};

/* Every string of struct application, in the order they are sent. */
static const size_t strfields[] = {
	offsetof(struct application, id),
	offsetof(struct application, name),
	offsetof(struct application, form_name),
	offsetof(struct application, siret),
	offsetof(struct application, rna),
	offsetof(struct application, address),
	offsetof(struct application, address) + sizeof(char *),
	offsetof(struct application, address) + 2 * sizeof(char *),
	offsetof(struct application, postcode),
	offsetof(struct application, city),
	offsetof(struct application, civility),
	offsetof(struct application, first_name),
	offsetof(struct application, last_name),
	offsetof(struct application, role),
	offsetof(struct application, email),
	offsetof(struct application, phone),
	offsetof(struct application, aid),
	offsetof(struct application, title),
	offsetof(struct application, summary),
	offsetof(struct application, deliberation),
	offsetof(struct application, decision_reason),
	offsetof(struct application, error),
	offsetof(struct application, error_fr),
};
#define NSTR	(sizeof(strfields) / sizeof(strfields[0]))

/* The index and the numbers, in the order they are sent (each an
 * int64_t): 6 numbers, 4 dates of 3, 5 enums. */
#define NNUM	(6 + 4 * 3 + 5)
struct nums {
	int64_t	 v[NNUM];
};

static void
nums_get(const struct application *a, size_t i, struct nums *n)
{
	const struct date *d[4] = { &a->received, &a->founded,
	    &a->esus_until, &a->decision_date };
	size_t	 k = 0, j;

	n->v[k++] = (int64_t)i;
	n->v[k++] = a->line;
	n->v[k++] = a->col;
	n->v[k++] = a->requested;
	n->v[k++] = a->jobs_created;
	n->v[k++] = a->granted;
	for (j = 0; j < 4; j++) {
		n->v[k++] = d[j]->y;
		n->v[k++] = d[j]->m;
		n->v[k++] = d[j]->d;
	}
	n->v[k++] = a->ess_governance;
	n->v[k++] = a->viable_activity;
	n->v[k++] = a->layoffs_12_months;
	n->v[k++] = a->unmet_need;
	n->v[k++] = a->decision;
}

static void
nums_set(struct application *a, size_t *i, const struct nums *n)
{
	struct date *d[4] = { &a->received, &a->founded, &a->esus_until,
	    &a->decision_date };
	size_t	 k = 0, j;

	*i = (size_t)n->v[k++];
	a->line = (long)n->v[k++];
	a->col = (long)n->v[k++];
	a->requested = n->v[k++];
	a->jobs_created = (long)n->v[k++];
	a->granted = n->v[k++];
	for (j = 0; j < 4; j++) {
		d[j]->y = (int)n->v[k++];
		d[j]->m = (int)n->v[k++];
		d[j]->d = (int)n->v[k++];
	}
	a->ess_governance = (enum tristate)n->v[k++];
	a->viable_activity = (enum tristate)n->v[k++];
	a->layoffs_12_months = (enum tristate)n->v[k++];
	a->unmet_need = (enum tristate)n->v[k++];
	a->decision = (enum decision_status)n->v[k++];
}

static char **
strfield(struct application *a, size_t k)
{
	return (char **)(void *)((char *)a + strfields[k]);
}

char *
jobfeed_encode(size_t i, const struct application *a, size_t *len)
{
	struct nums	 n;
	struct buf	 b = BUF_INIT;
	uint32_t	 u;
	const char	*s;
	size_t		 k;

	nums_get(a, i, &n);
	u = JOBFEED_MAGIC;
	buf_add(&b, (const char *)&u, sizeof(u));
	buf_add(&b, (const char *)n.v, sizeof(n.v));
	for (k = 0; k < NSTR; k++) {
		s = *strfield((struct application *)(uintptr_t)a, k);
		u = s == NULL ? JOBFEED_NULL : (uint32_t)strlen(s);
		buf_add(&b, (const char *)&u, sizeof(u));
		if (s != NULL)
			buf_add(&b, s, u);
	}
	*len = b.len;
	return buf_detach(&b);
}

int
jobfeed_decode(const char *p, size_t len, const char *file, size_t *i,
    struct application **out)
{
	struct application *a;
	struct nums	 n;
	const char	*end = p + len;
	uint32_t	 u;
	size_t		 k;

	*out = NULL;
	if (len < sizeof(u) + sizeof(n.v))
		return -1;
	memcpy(&u, p, sizeof(u));
	if (u != JOBFEED_MAGIC)
		return -1;
	p += sizeof(u);
	memcpy(n.v, p, sizeof(n.v));
	p += sizeof(n.v);
	a = xcalloc(1, sizeof(*a));
	nums_set(a, i, &n);
	a->file = file;
	for (k = 0; k < NSTR; k++) {
		if ((size_t)(end - p) < sizeof(u))
			goto bad;
		memcpy(&u, p, sizeof(u));
		p += sizeof(u);
		if (u == JOBFEED_NULL)
			continue;
		if ((size_t)(end - p) < u)
			goto bad;
		*strfield(a, k) = xstrndup(p, u);
		p += u;
	}
	if (p != end)
		goto bad;
	*out = a;
	return 0;
bad:
	application_free(a);
	return -1;
}

struct jobfeed *
jobfeed_new(void)
{
	struct jobfeed	*jf;
	int		 size = JOBFEED_MAX;

	jf = xcalloc(1, sizeof(*jf));
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0,
	    jf->fd) == -1) {
		free(jf);
		return NULL;
	}
	/* Room for one message of the largest size, and many of the
	 * usual one (a few hundred bytes): the parent reads ahead. */
	(void)setsockopt(jf->fd[0], SOL_SOCKET, SO_SNDBUF, &size,
	    sizeof(size));
	(void)setsockopt(jf->fd[1], SOL_SOCKET, SO_RCVBUF, &size,
	    sizeof(size));
	return jf;
}

void
jobfeed_parent(struct jobfeed *jf)
{
	if (jf->fd[1] != -1)
		close(jf->fd[1]);
	jf->fd[1] = -1;
}

void
jobfeed_worker(struct jobfeed *jf)
{
	if (jf->fd[0] != -1)
		close(jf->fd[0]);
	jf->fd[0] = -1;
}

void
jobfeed_free(struct jobfeed *jf)
{
	if (jf == NULL)
		return;
	jobfeed_parent(jf);
	jobfeed_worker(jf);
	free(jf->buf);
	free(jf);
}

int
jobfeed_fd(const struct jobfeed *jf)
{
	return jf->fd[0];
}

int
jobfeed_send(struct jobfeed *jf, size_t i, const struct application *a)
{
	char	*msg;
	size_t	 len;
	ssize_t	 n;
	int	 e;

	msg = jobfeed_encode(i, a, &len);
	if (len > JOBFEED_MAX) {
		free(msg);
		errno = EMSGSIZE;
		return -1;
	}
	while ((n = send(jf->fd[0], msg, len, MSG_DONTWAIT | MSG_NOSIGNAL)) ==
	    -1 && errno == EINTR)
		continue;
	e = errno;
	free(msg);
	if (n == (ssize_t)len)
		return 0;
	if (n == -1 && (e == EAGAIN || e == EWOULDBLOCK))
		return 1;
	errno = n == -1 ? e : EMSGSIZE;
	return -1;
}

int
jobfeed_recv(struct jobfeed *jf, const char *file, size_t *i,
    struct application **out)
{
	struct msghdr	 mh;
	struct iovec	 iov;
	ssize_t		 n;

	*out = NULL;
	if (jf->buf == NULL)
		jf->buf = xmalloc(JOBFEED_MAX);
	for (;;) {
		memset(&mh, 0, sizeof(mh));
		iov.iov_base = jf->buf;
		iov.iov_len = JOBFEED_MAX;
		mh.msg_iov = &iov;
		mh.msg_iovlen = 1;
		if ((n = recvmsg(jf->fd[1], &mh, 0)) == -1 && errno == EINTR)
			continue;
		break;
	}
	if (n <= 0)
		return n == 0 ? 0 : -1;
	if ((mh.msg_flags & MSG_TRUNC) ||
	    jobfeed_decode(jf->buf, (size_t)n, file, i, out) == -1) {
		errno = EBADMSG;
		return -1;
	}
	return 1;
}
