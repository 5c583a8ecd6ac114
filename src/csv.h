/* csv.h: RFC 4180 fields. */
#ifndef ESSDOCS_CSV_H
#define ESSDOCS_CSV_H

struct buf;

/* Append one field, quoted when it holds a comma, a quote, CR or LF. */
void	csv_field(struct buf *, const char *);

#endif
