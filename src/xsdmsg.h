/* xsdmsg.h: libxml2's schema validation errors, said in the user's terms. */
#ifndef ESSDOCS_XSDMSG_H
#define ESSDOCS_XSDMSG_H

#include <stddef.h>

#include <libxml/xmlerror.h>

/*
 * Turn one structured schema error (its code, its node) into a message
 * about the field, in the user's language: an element out of place says
 * between which elements it goes ("<siret> belongs after <legal-form> and
 * before <founded>"), a missing one which, a value of the wrong form how
 * to write it ("« 27/01/2020 »: a date is written 2020-01-27"), an
 * enumeration its values.  xsd is the schema's text (the element order,
 * types and enumerations are read from it, once per schema).
 *
 * Returns a malloc'ed message, or NULL when the error is not one it knows
 * (the caller then keeps libxml2's own message).
 */
char	*xsdmsg(const xmlError *e, const unsigned char *xsd, size_t xsdlen);

/*
 * The same for the parser's errors that a hand-edited file makes (an &
 * or < in text, a tag closed by another name, a quote missing...): a
 * malloc'ed message in the user's language, or NULL for libxml2's own.
 */
char	*xsdmsg_parse(const xmlError *e);

/*
 * For any other error, under a French locale (or the report's French
 * mode, i18n.h): a French sentence with libxml2's error code, since
 * libxml2's own text is English; NULL otherwise (keep libxml2's text).
 */
char	*xsdmsg_other(const xmlError *e);

/* Free the schemas read (for leak checkers; optional). */
void	 xsdmsg_cleanup(void);

#endif
