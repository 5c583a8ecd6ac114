/* xmlcatch.h: route libxml2's per-thread error handlers to a reader for the length of one parse. */
#ifndef ESSDOCS_XMLCATCH_H
#define ESSDOCS_XMLCATCH_H

#include <libxml/xmlerror.h>

/*
 * libxml2 raises some errors (encoding conversion, the push parser's
 * encoder failures) without the parser context, through its per-thread
 * handlers, which print on stderr.  Between xmlcatch_begin() and
 * xmlcatch_end() they go to sfn and gfn (gfn may be NULL: the generic
 * handler is then left alone) with arg; the previous handlers are saved
 * and restored, so other parses are not affected.
 */
struct xmlcatch {
	xmlStructuredErrorFunc	 sfn;
	void			*sarg;
	xmlGenericErrorFunc	 gfn;
	void			*garg;
	int			 generic;	/* the generic handler was set */
};

void	xmlcatch_begin(struct xmlcatch *, void *arg, xmlStructuredErrorFunc sfn,
	    xmlGenericErrorFunc gfn);
void	xmlcatch_end(const struct xmlcatch *);

#endif
