/* jobfeed.h: a -j run's parent hands each application to be written to whichever worker is free. */
#ifndef ESSDOCS_JOBFEED_H
#define ESSDOCS_JOBFEED_H

#include <stddef.h>

struct application;

/*
 * One message per application: its index in the round and every field
 * of its struct application, read and checked by the parent.  The
 * workers read no round file: each takes the next message from one
 * socket they share (AF_UNIX, SOCK_SEQPACKET: a message goes whole to
 * one reader), so that a worker that meets longer letters or a busier
 * CPU simply takes fewer.  The socket's buffer bounds what waits:
 * memory does not grow with the round.
 */
struct jobfeed;

/* NULL with errno set when the socket cannot be made. */
struct jobfeed	*jobfeed_new(void);
/* After fork(), in the parent: close the workers' end. */
void		 jobfeed_parent(struct jobfeed *);
/* After fork(), in a worker: close the parent's end. */
void		 jobfeed_worker(struct jobfeed *);
/* Close what is left; the parent's close is the workers' end of input. */
void		 jobfeed_free(struct jobfeed *);

/*
 * The parent: the descriptor to poll() for POLLOUT when jobfeed_send()
 * returns 1.
 */
int		 jobfeed_fd(const struct jobfeed *);
/*
 * The parent: queue application i without waiting.  0 when queued, 1
 * when the queue is full (try again once jobfeed_fd() is writable), -1
 * with errno set when no worker is left to read it (EPIPE) or the
 * message cannot be sent.  Never raises SIGPIPE.
 */
int		 jobfeed_send(struct jobfeed *, size_t i,
		    const struct application *);
/*
 * A worker: wait for the next application.  1 with *i and *out set (a
 * new struct the caller frees with application_free(), its file set to
 * file), 0 when the parent has sent everything and closed its end, -1
 * with errno set on a failure or a message that does not decode (EBADMSG).
 */
int		 jobfeed_recv(struct jobfeed *, const char *file, size_t *i,
		    struct application **out);

/* The encoding itself (for the tests): the message's bytes in *len. */
char		*jobfeed_encode(size_t i, const struct application *,
		    size_t *len);
/* 0, or -1 when the bytes are not a whole message. */
int		 jobfeed_decode(const char *, size_t len, const char *file,
		    size_t *i, struct application **out);

#endif
