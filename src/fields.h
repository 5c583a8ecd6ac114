/* fields.h: a round file's fields named as the staff's sheet names them. */
#ifndef ESSDOCS_FIELDS_H
#define ESSDOCS_FIELDS_H

#include "util.h"

/*
 * In b, replace each field the round reader names by its XML ("<founded>",
 * "<request amount>") by the header of the staff's sheet column that holds
 * it, quoted: « Date de création », « Montant demandé ».  For the report,
 * read by staff who keep applications in the sheet (docs/import.md); an
 * element without a column stays as it is.
 */
void	 fields_sheet_terms(struct buf *b);

#endif
