/* jobshare.c: what a -j run's parent tells its workers while they write: which applications they may write. */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS */
#include <stdatomic.h>
#include <stdint.h>
#include <sys/mman.h>
#include <time.h>

#include "jobshare.h"

struct jobshare {
	size_t		 len;		/* of the mapping */
	size_t		 cap;		/* applications the bitmap holds */
	atomic_size_t	 done;		/* applications decided */
	atomic_int	 end;		/* the parent decides no more */
	atomic_uchar	*claim;		/* one bit per application */
	atomic_uchar	 go[];		/* one bit per application */
};

struct jobshare *
jobshare_new(size_t file_size)
{
	struct jobshare	*js;
	size_t		 cap = file_size / 14 + 1, len;
	void		*m;

	len = sizeof(*js) + 2 * (cap / 8 + 1);
	/* Untouched pages cost nothing: only marked bits are written. */
	m = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
	    -1, 0);
	if (m == MAP_FAILED)
		return NULL;
	js = m;
	js->len = len;
	js->cap = cap;
	js->claim = js->go + cap / 8 + 1;
	atomic_init(&js->done, 0);
	atomic_init(&js->end, 0);
	return js;
}

void
jobshare_free(struct jobshare *js)
{
	if (js != NULL)
		munmap(js, js->len);
}

int
jobshare_mark(struct jobshare *js, size_t i)
{
	if (js == NULL || i >= js->cap)
		return -1;
	atomic_fetch_or_explicit(&js->go[i / 8], (unsigned char)(1u << (i % 8)),
	    memory_order_relaxed);
	return 0;
}

void
jobshare_done(struct jobshare *js, size_t n)
{
	if (js != NULL)
		atomic_store_explicit(&js->done, n, memory_order_release);
}

void
jobshare_end(struct jobshare *js)
{
	if (js != NULL)
		atomic_store_explicit(&js->end, 1, memory_order_release);
}

/* Wait until the parent has decided application i: 0 if it never will. */
static int
decided(struct jobshare *js, size_t i)
{
	struct timespec	 nap = { 0, 200000 };	/* 0.2 ms */

	/* The parent reads ahead of the workers, which write: a wait is
	 * rare, and short. */
	while (atomic_load_explicit(&js->done, memory_order_acquire) <= i) {
		if (atomic_load_explicit(&js->end, memory_order_acquire) &&
		    atomic_load_explicit(&js->done, memory_order_acquire) <= i)
			return 0;
		nanosleep(&nap, NULL);
	}
	return 1;
}

int
jobshare_go(struct jobshare *js, size_t i)
{
	if (js == NULL || i >= js->cap || !decided(js, i))
		return 0;
	return (atomic_load_explicit(&js->go[i / 8], memory_order_relaxed) >>
	    (i % 8)) & 1;
}

int
jobshare_claim(struct jobshare *js, size_t i)
{
	unsigned char	 bit = (unsigned char)(1u << (i % 8));

	if (!jobshare_go(js, i))
		return 0;
	return !(atomic_fetch_or_explicit(&js->claim[i / 8], bit,
	    memory_order_relaxed) & bit);
}

void
jobshare_wait_end(struct jobshare *js)
{
	struct timespec	 nap = { 0, 1000000 };	/* 1 ms */

	while (js != NULL && !atomic_load_explicit(&js->end,
	    memory_order_acquire))
		nanosleep(&nap, NULL);
}
