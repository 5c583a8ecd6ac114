/* lazy.h: libraries loaded when a command first needs them (dlopen), not at every start: GMime for `mail`, libxlsxwriter for report.xlsx. */
#ifndef ESSDOCS_LAZY_H
#define ESSDOCS_LAZY_H

#include <stddef.h>

/* A function to resolve: its name and where its address goes (the
 * address of a function pointer of the right type). */
struct lazy_sym {
	const char	*name;
	void		*addr;
};

/*
 * Load soname once (*handle: NULL the first time, kept for the rest of
 * the run, never unloaded) and resolve every one of syms[0..n).
 * Returns 0, or -1 with *why set (dlerror()'s text, valid until the
 * next call).
 */
int	lazy_load(const char *soname, void **handle,
	    const struct lazy_sym *syms, size_t n, const char **why);

#endif
