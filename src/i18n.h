/* i18n.h: messages in the user's language (gettext, domain "essdocs"). */
#ifndef ESSDOCS_I18N_H
#define ESSDOCS_I18N_H

#include <libintl.h>

/*
 * _() translates a message in the user's language (LC_MESSAGES, from
 * LC_ALL, LC_MESSAGES or LANG); N_() marks a string for xgettext where it
 * is translated later.  diag_msg() and the readers' error functions
 * translate their format themselves: their call sites need neither (the
 * keywords are XGETTEXT_OPTS in the Makefile).
 */
#define _(s)	gettext(s)
#define N_(s)	(s)

/*
 * Take LC_MESSAGES from the environment (LC_CTYPE stays C.UTF-8 and
 * LC_NUMERIC "C": numbers in PDFs and CSV keep their dot) and find the
 * catalogue: in the build tree beside the binary, in PREFIX/share/locale
 * of an installed tree, then in the directory compiled in.
 */
void	 i18n_init(void);

/* 1 when messages come out in French (the progress bar's decimal comma). */
int	 i18n_french(void);

#endif
