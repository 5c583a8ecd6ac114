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
#define _(s)	i18n_gettext(s)
#define N_(s)	(s)
#undef ngettext
#define ngettext(s, p, n)	i18n_ngettext(s, p, n)

/*
 * The report is French whatever the run's locale (cron runs under C), while
 * stderr follows the locale.  So a record's error is formatted twice: once
 * as usual, once between i18n_french_begin() and i18n_french_end(), where
 * _() and ngettext() answer from the French catalogue (fr/essdocs.mo)
 * read by i18n.c itself.  Not through the C library's locale machinery:
 * uselocale(newlocale(LC_MESSAGES_MASK, "fr_FR.UTF-8")) needs that locale
 * generated, and LANGUAGE is ignored under LANG=C; a catalogue we read
 * ourselves gives French on any machine where the catalogue is installed.
 * Without a catalogue, the French of a message is its msgid.
 */
char	*i18n_gettext(const char *msgid);
char	*i18n_ngettext(const char *msgid, const char *plural,
	    unsigned long n);
void	 i18n_french_begin(void);
void	 i18n_french_end(void);
/* 1 between i18n_french_begin() and i18n_french_end(). */
int	 i18n_french_mode(void);

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
