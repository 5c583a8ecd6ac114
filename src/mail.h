/* mail.h: `essdocs mail`: e-mail each issued document of a round's manifest to its applicant, once (GMime messages, sendmail). */
#ifndef ESSDOCS_MAIL_H
#define ESSDOCS_MAIL_H

struct batch_opts;
struct data;
struct diag;

struct mail_opts {
	int		 send;		/* 0: write outbox/ only */
	const char	*sendmail;	/* the command (sh -c); NULL: "sendmail -t -i" */
	const char	*resend;	/* this application's documents again, or NULL */
};

/*
 * For each document of DIR/<round-id>/manifest.tsv not sent yet, build
 * its message and write it to DIR/<round-id>/outbox/; with send, pipe it
 * to the sendmail command, record the sending in the manifest and move
 * the message to sent/.  Returns d->status.
 */
int	mail_run(const struct batch_opts *, const struct mail_opts *,
	    struct diag *d);

/*
 * 1 if addr is an address essdocs sends to: ASCII, a dot-atom local
 * part, a domain of letters, digits and hyphens with at least one dot,
 * at most 254 bytes.
 */
int	mail_address_ok(const char *addr);

/*
 * Fill a mail template's text with the data: {path} and {path?} as in
 * the documents' templates, {{ and }} for braces.  Returns a new string,
 * or NULL with *bad the path of a missing field (owned by the caller).
 */
char	*mail_fill(const char *text, const struct data *, char **bad);

#endif
