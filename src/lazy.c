/* lazy.c: load a library when a command first needs it (lazy.h). */
#include <dlfcn.h>
#include <string.h>

#include "lazy.h"

/*
 * Loading GMime (with GIO, GObject, GPGME...) and libxlsxwriter (with
 * libcrypto and minizip) at every start costs each run about 3 MB of
 * resident memory and their relocations, though only `mail` and the
 * report's spreadsheet use them (docs/input.md, memory).
 */
int
lazy_load(const char *soname, void **handle, const struct lazy_sym *syms,
    size_t n, const char **why)
{
	size_t	 i;
	void	*p;

	if (*handle == NULL &&
	    (*handle = dlopen(soname, RTLD_NOW | RTLD_LOCAL)) == NULL) {
		*why = dlerror();
		return -1;
	}
	for (i = 0; i < n; i++) {
		(void)dlerror();
		if ((p = dlsym(*handle, syms[i].name)) == NULL) {
			*why = dlerror();
			if (*why == NULL)
				*why = "a function is missing";
			return -1;
		}
		/* A function pointer of the right type: same size and
		 * representation as void * on every POSIX system. */
		memcpy(syms[i].addr, &p, sizeof(p));
	}
	return 0;
}
