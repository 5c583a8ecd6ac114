/* xmlcatch.c: save, replace and restore libxml2's per-thread error handlers. */
#include <libxml/globals.h>

#include "xmlcatch.h"

void
xmlcatch_begin(struct xmlcatch *c, void *arg, xmlStructuredErrorFunc sfn,
    xmlGenericErrorFunc gfn)
{
	c->sfn = xmlStructuredError;
	c->sarg = xmlStructuredErrorContext;
	c->gfn = xmlGenericError;
	c->garg = xmlGenericErrorContext;
	c->generic = gfn != NULL;
	xmlSetStructuredErrorFunc(arg, sfn);
	if (gfn != NULL)
		xmlSetGenericErrorFunc(arg, gfn);
}

void
xmlcatch_end(const struct xmlcatch *c)
{
	xmlSetStructuredErrorFunc(c->sarg, c->sfn);
	if (c->generic)
		xmlSetGenericErrorFunc(c->garg, c->gfn);
}
