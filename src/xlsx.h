/* xlsx.h: report.xlsx, the round's list for spreadsheets (libxlsxwriter). */
#ifndef ESSDOCS_XLSX_H
#define ESSDOCS_XLSX_H

struct diag;
struct report;

/*
 * Write DIR/report.xlsx atomically: one row per application with French
 * headers, amounts as numbers in a euro format, dates as dates, verdicts
 * and decisions in French, the header row frozen, an autofilter and
 * column widths.  The same report gives the same bytes (the workbook's
 * date is the report's).  Returns 0, or -1 after reporting through d.
 */
int	report_xlsx(const struct report *, const char *dir, struct diag *d);

#endif
