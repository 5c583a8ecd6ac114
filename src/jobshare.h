/* jobshare.h: what a -j run's parent tells its workers while they write: which applications they may write. */
#ifndef ESSDOCS_JOBSHARE_H
#define ESSDOCS_JOBSHARE_H

#include <stddef.h>

/*
 * Memory shared by the parent and its workers (made before they fork).
 * The parent reads, validates and decides every application of the
 * round; a worker reads only the applications it claims and steps over
 * the others,
 * so it cannot see what needs them all (a duplicate id, two file names
 * equal without case).  The parent marks each application whose
 * documents are to be written, and says how many it has decided; a
 * worker waits, if it must, for the parent to have decided an
 * application before it writes, and writes only what was marked.
 * Workers share the applications out as they go: each claims the next
 * marked one that no other worker has claimed, so that a slower worker
 * (a longer letter, a busier CPU) takes fewer, and all end together.
 */
struct jobshare;

/* For a round file of this size (at most one application per 14 bytes).
 * NULL when the memory cannot be mapped. */
struct jobshare	*jobshare_new(size_t file_size);
void		 jobshare_free(struct jobshare *);

/* The parent: application i (0-based) is to be written.  -1 if i is
 * beyond what the file's size allows (then the parent writes it). */
int		 jobshare_mark(struct jobshare *, size_t i);
/* The parent: the first n applications are decided. */
void		 jobshare_done(struct jobshare *, size_t n);
/* The parent: it decides no more (the end of the round, or it stopped). */
void		 jobshare_end(struct jobshare *);

/* A worker: 1 if the parent marked application i, 0 if it decided
 * otherwise or stopped before it; waits until it knows. */
int		 jobshare_go(struct jobshare *, size_t i);
/* A worker: 1 if the parent marked application i and this worker is
 * the first to claim it (it then writes its documents), 0 otherwise;
 * waits until the parent has decided it. */
int		 jobshare_claim(struct jobshare *, size_t i);
/* A worker: wait until the parent has decided every application. */
void		 jobshare_wait_end(struct jobshare *);

#endif
