/* mail.c: `essdocs mail`: one message per issued document (GMime), written to outbox/, sent through sendmail once, recorded in the manifest. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

/* Casts without a call into GObject: its functions are loaded. */
#define G_DISABLE_CAST_CHECKS
#include <gmime/gmime.h>

#include "batch.h"
#include "call.h"
#include "data.h"
#include "date.h"
#include "diag.h"
#include "digest.h"
#include "fsutil.h"
#include "atomic.h"
#include "kinds.h"
#include "lazy.h"
#include "mail.h"
#include "manifest.h"
#include "outdir.h"
#include "bind.h"
#include "round.h"
#include "rules.h"
#include "i18n.h"
#include "util.h"

#define MAIL_DEFAULT_SENDMAIL	"sendmail -t -i"

/* A kind's mail template: templates/mail-<template>.txt. */
struct mtmpl {
	char		*file;
	char		*subject;	/* the "Subject:" line's text */
	char		*body;
};

struct mailer {
	const struct batch_opts	*o;
	const struct mail_opts	*mo;
	struct diag		*d;
	struct call		*call;
	struct kinds		*kinds;
	struct mtmpl		*mt;	/* per kind */
	struct outdir		*od;
	char			*mfpath;
	struct manifest		 m;
	int			*seen;	/* per manifest entry: its record was read */
	int			 outbox, sent; /* descriptors, or -1 */
	size_t			 nbuilt, nsent, nalready, nfailed, nearlier;
	struct buf		 post;	/* "à envoyer par courrier" lines */
	struct buf		 warn;	/* "déjà envoyé le …" lines */
	size_t			 npost;
};

/* ---- Addresses and templates ---- */

int
mail_address_ok(const char *addr)
{
	static const char atext[] = "!#$%&'*+-/=?^_`{|}~";
	const char	*at, *p;
	int		 dot = 0;

	if (addr == NULL || strlen(addr) > 254 ||
	    (at = strchr(addr, '@')) == NULL || strchr(at + 1, '@') != NULL ||
	    at == addr || at - addr > 64 || addr[0] == '.' || at[-1] == '.')
		return 0;
	for (p = addr; p < at; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || (*p == '.' && p[1] != '.') ||
		    (*p != '\0' && strchr(atext, *p) != NULL)))
			return 0;
	/* Domain: labels of letters, digits, hyphens (not at either end). */
	for (p = at + 1; *p != '\0'; p++) {
		if (*p == '.') {
			if (p == at + 1 || p[-1] == '.' || p[-1] == '-' ||
			    p[1] == '\0' || p[1] == '-')
				return 0;
			dot = 1;
		} else if (!((*p >= 'a' && *p <= 'z') ||
		    (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    *p == '-'))
			return 0;
	}
	return dot && at[1] != '-' && p[-1] != '-';
}

char *
mail_fill(const char *s, const struct data *root, char **bad)
{
	struct buf	 b = BUF_INIT;
	const struct data *v;
	const char	*end;
	size_t		 n;
	int		 opt;

	*bad = NULL;
	while (*s != '\0') {
		if ((s[0] == '{' && s[1] == '{') || (s[0] == '}' && s[1] == '}')) {
			buf_putc(&b, s[0]);
			s += 2;
			continue;
		}
		if (*s != '{' || (end = strchr(s, '}')) == NULL) {
			buf_putc(&b, *s++);
			continue;
		}
		n = (size_t)(end - s - 1);
		opt = n > 0 && s[n] == '?';
		v = data_getn(root, s + 1, n - (size_t)opt);
		if (v == NULL || data_str(v) == NULL) {
			if (!opt || v != NULL) {
				*bad = xstrndup(s + 1, n - (size_t)opt);
				buf_free(&b);
				return NULL;
			}
		} else
			buf_puts(&b, data_str(v));
		s = end + 1;
	}
	return buf_detach(&b);
}

/*
 * Read templates/mail-<name>.txt: optional "#" comment lines, then
 * "Subject: …", an empty line, and the body.  0, or -1 after reporting.
 */
static int
mtmpl_load(struct mtmpl *t, const char *dir, const char *name,
    struct diag *d)
{
	struct buf	 path = BUF_INIT, all = BUF_INIT;
	char		 chunk[4096], *s, *nl;
	size_t		 n;
	FILE		*f;

	buf_printf(&path, "%s/mail-%s.txt", dir, name);
	t->file = buf_detach(&path);
	if ((f = fopen(t->file, "r")) == NULL) {
		diag_msg(d, DIAG_ERROR, EX_NOINPUT, t->file, 0, 0, NULL,
		    "cannot read the mail template: %s", strerror(errno));
		return -1;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(&all, chunk, n);
	fclose(f);
	s = all.s != NULL ? all.s : "";
	while (*s == '#' && (nl = strchr(s, '\n')) != NULL)
		s = nl + 1;
	if (strncmp(s, "Subject: ", 9) != 0 || (nl = strchr(s, '\n')) == NULL ||
	    nl[1] != '\n' || memchr(all.s, '\0', all.len) != NULL) {
		diag_msg(d, DIAG_ERROR, EX_DATAERR, t->file, 0, 0, NULL,
		    "a mail template is \"Subject: …\", an empty line, then "
		    "the body");
		buf_free(&all);
		return -1;
	}
	t->subject = xstrndup(s + 9, (size_t)(nl - s - 9));
	t->body = xstrdup(nl + 2);
	buf_free(&all);
	return 0;
}

/* ---- The message ---- */

/* "<kind>-<name>.eml" for the document at rel ("letters/NAME.pdf"). */
static char *
eml_name(const struct mf_entry *e)
{
	struct buf	 b = BUF_INIT;
	const char	*base = strrchr(e->rel, '/') + 1;
	size_t		 n = strlen(base);

	if (n > 4 && strcmp(base + n - 4, ".pdf") == 0)
		n -= 4;
	buf_printf(&b, "%s-%.*s.eml", e->kind, (int)n, base);
	return buf_detach(&b);
}

/* The PDF of e, checked against the manifest's digest.  NULL after
 * reporting. */
static char *
read_pdf(struct mailer *M, const struct mf_entry *e, size_t *len)
{
	struct digest	 g;
	struct buf	 b = BUF_INIT;
	char		 hex[DIGEST_HEX], chunk[65536], *path, *dir;
	const char	*base = strrchr(e->rel, '/') + 1;
	ssize_t		 n;
	int		 dfd, fd;

	path = fs_join(outdir_path(M->od), e->rel);
	dir = xstrndup(e->rel, (size_t)(base - e->rel - 1));
	dfd = outdir_sub(M->od, dir, M->d);
	free(dir);
	fd = dfd == -1 ? -1 : openat(dfd, base, O_RDONLY | O_NOFOLLOW |
	    O_CLOEXEC);
	if (fd == -1) {
		if (dfd != -1)
			diag_msg(M->d, DIAG_ERROR, 1, path, 0, 0, e->id,
			    "cannot read the document to attach: %s; run "
			    "essdocs run again first", strerror(errno));
		free(path);
		return NULL;
	}
	digest_init(&g);
	while ((n = read(fd, chunk, sizeof(chunk))) != 0) {
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			diag_msg(M->d, DIAG_ERROR, EX_IOERR, path, 0, 0, e->id,
			    "cannot read: %s", strerror(errno));
			close(fd);
			buf_free(&b);
			free(path);
			return NULL;
		}
		buf_add(&b, chunk, (size_t)n);
		digest_add(&g, chunk, (size_t)n);
	}
	close(fd);
	digest_hex(&g, hex);
	if (strcmp(hex, e->pdf) != 0) {
		diag_msg(M->d, DIAG_ERROR, 1, path, 0, 0, e->id,
		    "changed since its issue (not the file the manifest "
		    "records): not sent; run essdocs run again first");
		buf_free(&b);
		free(path);
		return NULL;
	}
	free(path);
	*len = b.len;
	if (b.s == NULL)
		buf_putc(&b, '\0');
	return buf_detach(&b);
}

/* "Prénom Nom" of the applicant's contact. */
static char *
contact_name(const struct application *a)
{
	struct buf	 b = BUF_INIT;

	buf_printf(&b, "%s%s%s", a->first_name != NULL ? a->first_name : "",
	    a->first_name != NULL && a->last_name != NULL ? " " : "",
	    a->last_name != NULL ? a->last_name : "");
	return buf_detach(&b);
}

/*
 * GMime (with GIO, GObject, GPGME...) is loaded by `mail` only, not at
 * every start (lazy.h); GLib is there already (HarfBuzz needs it).
 */
#ifndef GMIME_SONAME
#define GMIME_SONAME	"libgmime-3.0.so.0"
#endif
#define GMIME_FUNCS \
	F(g_mime_data_wrapper_new_with_stream) \
	F(g_mime_init) \
	F(g_mime_message_add_mailbox) \
	F(g_mime_message_new) \
	F(g_mime_message_set_date) \
	F(g_mime_message_set_message_id) \
	F(g_mime_message_set_mime_part) \
	F(g_mime_message_set_subject) \
	F(g_mime_multipart_add) \
	F(g_mime_multipart_new_with_subtype) \
	F(g_mime_object_set_disposition) \
	F(g_mime_object_set_header) \
	F(g_mime_object_write_to_stream) \
	F(g_mime_part_new_with_type) \
	F(g_mime_part_set_content) \
	F(g_mime_part_set_content_encoding) \
	F(g_mime_part_set_filename) \
	F(g_mime_shutdown) \
	F(g_mime_stream_mem_get_byte_array) \
	F(g_mime_stream_mem_new) \
	F(g_mime_stream_mem_new_with_buffer) \
	F(g_mime_text_part_new_with_subtype) \
	F(g_mime_text_part_set_text) \
	F(g_mime_utils_generate_message_id) \
	F(g_object_unref)

static struct {
#define F(f)	__typeof__(f) *f;
	GMIME_FUNCS
#undef F
} gm;

static const struct lazy_sym gm_syms[] = {
#define F(f)	{ #f, (void *)&gm.f },
	GMIME_FUNCS
#undef F
};

/*
 * Build the message of e for application a: the message's bytes, and
 * its Message-ID in *msgid ("<…>").  NULL after reporting.
 */
static char *
build(struct mailer *M, const struct mtmpl *t, const struct data *root,
    const struct application *a, const struct mf_entry *e, size_t *len,
    char **msgid)
{
	GMimeMessage	*msg;
	GMimeMultipart	*mp;
	GMimeTextPart	*text;
	GMimePart	*att;
	GMimeStream	*in, *out;
	GMimeDataWrapper *w;
	GDateTime	*now;
	GTimeZone	*tz;
	GByteArray	*bytes;
	const char	*base = strrchr(e->rel, '/') + 1, *domain;
	char		*subject, *body, *bad = NULL, *pdf, *to, *id, *p;
	size_t		 pdflen;
	struct buf	 b = BUF_INIT;

	subject = mail_fill(t->subject, root, &bad);
	body = subject == NULL ? NULL : mail_fill(t->body, root, &bad);
	if (body == NULL) {
		diag_msg(M->d, DIAG_ERROR, 1, t->file, 0, 0, a->id,
		    "no field \"%s\" in the data: no message for %s", bad,
		    e->rel);
		free(bad);
		free(subject);
		return NULL;
	}
	for (p = subject; *p != '\0'; p++)	/* one line */
		if (*p == '\n' || *p == '\r' || *p == '\t')
			*p = ' ';
	if ((pdf = read_pdf(M, e, &pdflen)) == NULL) {
		free(subject);
		free(body);
		return NULL;
	}

	msg = gm.g_mime_message_new(TRUE);
	gm.g_mime_message_add_mailbox(msg, GMIME_ADDRESS_TYPE_FROM,
	    M->call->mail_name, M->call->mail_from);
	if (M->call->mail_reply_to != NULL)
		gm.g_mime_message_add_mailbox(msg, GMIME_ADDRESS_TYPE_REPLY_TO,
		    M->call->mail_name, M->call->mail_reply_to);
	to = contact_name(a);
	gm.g_mime_message_add_mailbox(msg, GMIME_ADDRESS_TYPE_TO, to, a->email);
	free(to);
	if (M->call->mail_bcc != NULL)
		gm.g_mime_message_add_mailbox(msg, GMIME_ADDRESS_TYPE_BCC, NULL,
		    M->call->mail_bcc);
	gm.g_mime_message_set_subject(msg, subject, "utf-8");
	tz = g_time_zone_new_identifier("Europe/Paris");
	now = tz != NULL ? g_date_time_new_now(tz) :
	    g_date_time_new_now_local();
	if (tz != NULL)
		g_time_zone_unref(tz);
	gm.g_mime_message_set_date(msg, now);
	g_date_time_unref(now);
	domain = strchr(M->call->mail_from, '@') + 1;
	id = gm.g_mime_utils_generate_message_id(domain);
	gm.g_mime_message_set_message_id(msg, id);
	buf_printf(&b, "<%s>", id);
	*msgid = buf_detach(&b);
	g_free(id);
	gm.g_mime_object_set_header(GMIME_OBJECT(msg), "X-Essdocs-Document",
	    e->rel, NULL);

	mp = gm.g_mime_multipart_new_with_subtype("mixed");
	text = gm.g_mime_text_part_new_with_subtype("plain");
	gm.g_mime_text_part_set_text(text, body);
	gm.g_mime_part_set_content_encoding(GMIME_PART(text),
	    GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE);
	gm.g_mime_multipart_add(mp, GMIME_OBJECT(text));
	gm.g_object_unref(text);

	att = gm.g_mime_part_new_with_type("application", "pdf");
	in = gm.g_mime_stream_mem_new_with_buffer(pdf, pdflen);
	w = gm.g_mime_data_wrapper_new_with_stream(in,
	    GMIME_CONTENT_ENCODING_DEFAULT);
	gm.g_object_unref(in);
	gm.g_mime_part_set_content(att, w);
	gm.g_object_unref(w);
	gm.g_mime_object_set_disposition(GMIME_OBJECT(att),
	    GMIME_DISPOSITION_ATTACHMENT);
	gm.g_mime_part_set_filename(att, base);
	gm.g_mime_part_set_content_encoding(att, GMIME_CONTENT_ENCODING_BASE64);
	gm.g_mime_multipart_add(mp, GMIME_OBJECT(att));
	gm.g_object_unref(att);
	gm.g_mime_message_set_mime_part(msg, GMIME_OBJECT(mp));
	gm.g_object_unref(mp);

	out = gm.g_mime_stream_mem_new();
	gm.g_mime_object_write_to_stream(GMIME_OBJECT(msg), NULL, out);
	bytes = gm.g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(out));
	*len = bytes->len;
	p = xmalloc(bytes->len + 1);
	memcpy(p, bytes->data, bytes->len);
	p[bytes->len] = '\0';
	gm.g_object_unref(out);
	gm.g_object_unref(msg);
	free(pdf);
	free(subject);
	free(body);
	return p;
}

/*
 * Pipe the message to the sendmail command (sh -c CMD), whose standard
 * output goes to our standard error.  0 when it took the message and
 * exited 0; -1 with why set (owned by the caller).
 */
static int
pipe_to(const char *cmd, const char *msg, size_t len, char **why)
{
	struct buf	 b = BUF_INIT;
	pid_t		 pid;
	ssize_t		 n;
	size_t		 off = 0;
	int		 fds[2], st, werr = 0;

	*why = NULL;
	if (pipe(fds) == -1) {
		buf_printf(&b, _("cannot make a pipe: %s"), strerror(errno));
		*why = buf_detach(&b);
		return -1;
	}
	fflush(stdout);
	fflush(stderr);
	if ((pid = fork()) == -1) {
		buf_printf(&b, _("cannot start it: %s"), strerror(errno));
		*why = buf_detach(&b);
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (pid == 0) {
		close(fds[1]);
		if (dup2(fds[0], 0) == -1 || dup2(2, 1) == -1)
			_exit(127);
		close(fds[0]);
		signal(SIGPIPE, SIG_DFL);
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	close(fds[0]);
	while (off < len) {
		n = write(fds[1], msg + off, len - off);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			werr = errno;
			break;
		}
		off += (size_t)n;
	}
	close(fds[1]);
	while (waitpid(pid, &st, 0) == -1)
		if (errno != EINTR) {
			st = -1;
			break;
		}
	if (st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == 0 && werr == 0)
		return 0;
	if (st != -1 && WIFEXITED(st) && WEXITSTATUS(st) != 0)
		buf_printf(&b, _("'%s' exited with status %d"), cmd,
		    WEXITSTATUS(st));
	else if (st != -1 && WIFSIGNALED(st))
		buf_printf(&b, _("'%s' was killed by signal %d"), cmd,
		    WTERMSIG(st));
	else
		buf_printf(&b, _("'%s' did not take the whole message: %s"), cmd,
		    strerror(werr != 0 ? werr : EIO));
	*why = buf_detach(&b);
	return -1;
}

/* Now, as the manifest records it: YYYY-MM-DDTHH:MM:SSZ. */
static void
stamp_now(char out[32])
{
	struct tm	 tm;
	time_t		 t = time(NULL);

	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* "29 novembre 2026" for a stamp. */
static void
stamp_fr(struct buf *b, const char *stamp)
{
	struct date	 dt;
	char		 day[11];

	memcpy(day, stamp, 10);
	day[10] = '\0';
	if (date_parse(day, &dt) == 0)
		date_format_fr(b, &dt);
	else
		buf_puts(b, stamp);
}

/* ---- One document ---- */

static void
post_line(struct mailer *M, const struct application *a, const char *why)
{
	buf_printf(&M->post, _("to send by post: %s %s (%s)\n"), a->id,
	    a->name != NULL ? a->name : "", why);
	M->npost++;
}

static void
one(struct mailer *M, const struct application *a, struct data *root,
    struct mf_entry *e, size_t kidx, int *posted)
{
	struct atomic	 at;
	struct buf	 b = BUF_INIT;
	struct date	 issued;
	char		*bytes, *msgid = NULL, *name, *path, *why;
	char		 stamp[32];
	size_t		 len;
	int		 again = M->mo->resend != NULL;

	if (e->sent != NULL && !again) {
		M->nalready++;
		return;
	}
	if (e->earlier != NULL && e->sent == NULL && !again) {
		buf_truncate(&b, 0);
		stamp_fr(&b, e->earlier);
		diag_msg(M->d, DIAG_WARNING, 0, e->rel, 0, 0, a->id,
		    "an earlier issue of this document was sent on %s: not "
		    "sent again unasked; tell the applicant, or send it with "
		    "--resend %s", e->earlier, a->id);
		buf_printf(&M->warn, _("already sent on %s: tell the "
		    "applicant (%s %s, %s superseded since; --resend %s to "
		    "send it)\n"), b.s, a->id, a->name != NULL ? a->name : "",
		    e->rel, a->id);
		buf_free(&b);
		M->nearlier++;
		return;
	}
	if (a->email == NULL || !mail_address_ok(a->email)) {
		if (!*posted) {
			if (a->email == NULL)
				post_line(M, a, _("no e-mail address"));
			else {
				buf_printf(&b, _("address refused: %s"),
				    a->email);
				post_line(M, a, b.s);
				buf_free(&b);
			}
			if (a->email != NULL)
				diag_msg(M->d, DIAG_WARNING, 0, a->file,
				    a->line, a->col, a->id, "the contact's "
				    "e-mail address '%s' is not one essdocs "
				    "sends to: its documents go by post",
				    a->email);
		}
		*posted = 1;
		return;
	}
	if (date_parse(e->issued, &issued) == 0)
		bind_letter(root, M->call, &issued);
	if ((bytes = build(M, &M->mt[kidx], root, a, e, &len, &msgid)) == NULL)
		return;
	name = eml_name(e);
	buf_printf(&b, "%s/outbox/%s", outdir_path(M->od), name);
	path = buf_detach(&b);
	if (atomic_open(&at, path) == -1 || atomic_write(&at, bytes, len) == -1 ||
	    atomic_commit(&at) == -1) {
		diag_msg(M->d, DIAG_ERROR, errno == ELOOP ? EX_CANTCREAT :
		    EX_IOERR, path, 0, 0, a->id, "cannot write the message: %s",
		    errno == ELOOP ? "a symbolic link is in the way" :
		    strerror(errno));
		atomic_abort(&at);
		goto out;
	}
	M->nbuilt++;
	if (!M->mo->send)
		goto out;
	if (pipe_to(M->mo->sendmail != NULL ? M->mo->sendmail :
	    MAIL_DEFAULT_SENDMAIL, bytes, len, &why) == -1) {
		diag_msg(M->d, DIAG_ERROR, 1, path, 0, 0, a->id,
		    "not sent to %s: %s; the message stays in outbox/",
		    a->email, why);
		free(why);
		M->nfailed++;
		goto out;
	}
	stamp_now(stamp);
	mf_set_sent(e, stamp, msgid, e->earlier);
	M->nsent++;
	/* Recorded at once: a run killed after this never sends it twice. */
	(void)manifest_write(&M->m, M->mfpath, M->d);	/* reports */
	if (renameat(M->outbox, name, M->sent, name) == -1)
		diag_msg(M->d, DIAG_WARNING, 0, path, 0, 0, a->id,
		    "sent, but not moved to sent/: %s", strerror(errno));
out:
	free(name);
	free(path);
	free(bytes);
	free(msgid);
}

/*
 * Every unsent message is built again: clear outbox/ of the previous
 * run's messages first (regular *.eml files only), so that none stays
 * for a document since reissued under another name, sent or withdrawn.
 */
static void
sweep_outbox(struct mailer *M)
{
	struct dirent	*de;
	struct stat	 st;
	DIR		*dir;
	size_t		 n;
	int		 fd;

	/* Its own open file: the descriptor's offset is at the end after
	 * outdir_sub()'s own sweep. */
	if ((fd = openat(M->outbox, ".", O_RDONLY | O_DIRECTORY |
	    O_CLOEXEC)) == -1 || (dir = fdopendir(fd)) == NULL) {
		if (fd != -1)
			close(fd);
		return;
	}
	while ((de = readdir(dir)) != NULL) {
		n = strlen(de->d_name);
		if (n > 4 && strcmp(de->d_name + n - 4, ".eml") == 0 &&
		    de->d_name[0] != '.' &&
		    fstatat(M->outbox, de->d_name, &st, AT_SYMLINK_NOFOLLOW)
		    == 0 && S_ISREG(st.st_mode))
			(void)unlinkat(M->outbox, de->d_name, 0);
	}
	closedir(dir);
}

/* ---- The round ---- */

static size_t
kind_of(const struct kinds *ks, const char *folder)
{
	size_t	 k;

	for (k = 0; k < ks->n; k++)
		if (strcmp(ks->v[k].folder, folder) == 0)
			return k;
	return ks->n;
}

static void
record(struct mailer *M, const struct application *a)
{
	struct decision	 dec;
	struct data	*root;
	size_t		 i, k;
	int		 any = 0, posted = 0;

	for (i = 0; i < M->m.n; i++)
		if (strcmp(M->m.v[i].id, a->id) == 0) {
			M->seen[i] = 1;
			any = 1;
		}
	if (!any || (M->mo->resend != NULL && strcmp(a->id, M->mo->resend)))
		return;
	if (a->error != NULL) {
		diag_msg(M->d, DIAG_ERROR, 1, a->file, a->line, a->col, a->id,
		    "the record now has an error: its documents are not sent; "
		    "run essdocs run again first");
		return;
	}
	rules_decide(M->call, a, &dec);
	rules_explain(M->call, &dec);
	root = data_map_new();
	bind_call(root, M->call);
	bind_record(root, M->call, a, &dec, &M->o->date, NULL, NULL);
	for (i = 0; i < M->m.n; i++) {
		if (strcmp(M->m.v[i].id, a->id) != 0)
			continue;
		if ((k = kind_of(M->kinds, M->m.v[i].kind)) == M->kinds->n) {
			diag_msg(M->d, DIAG_WARNING, 0, M->m.v[i].rel, 0, 0,
			    a->id, "no document kind has the folder '%s' in "
			    "%s: not sent", M->m.v[i].kind, M->kinds->file);
			continue;
		}
		one(M, a, root, &M->m.v[i], k, &posted);
	}
	data_free(root);
	decision_clear(&dec);
}

static void
summary(struct mailer *M, const struct round_info *ri)
{
	if (M->d->quiet)
		return;
	if (M->mo->send)
		printf(_("%s: %zu sent, %zu already sent, %zu failed, %zu "
		    "applications to send by post, %zu superseded after "
		    "sending → %s/sent\n"), ri->id, M->nsent, M->nalready,
		    M->nfailed, M->npost, M->nearlier, outdir_path(M->od));
	else
		printf(_("%s: %zu messages to review, %zu already sent, %zu "
		    "applications to send by post, %zu superseded after "
		    "sending → %s/outbox\n"), ri->id, M->nbuilt, M->nalready,
		    M->npost, M->nearlier, outdir_path(M->od));
	if (M->post.s != NULL)
		fputs(M->post.s, stdout);
	if (M->warn.s != NULL)
		fputs(M->warn.s, stdout);
}

int
mail_run(const struct batch_opts *o, const struct mail_opts *mo,
    struct diag *d)
{
	struct mailer		 M;
	struct round_reader	*rr;
	const struct round_info	*ri;
	struct application	*a;
	struct buf		 b = BUF_INIT;
	char			*cp;
	size_t			 k, i;
	struct diag		 rd;
	FILE			*rdout = NULL;
	char			*rdbuf = NULL;
	size_t			 rdlen = 0;
	int			 rc, found = 0;
	const char		*why;
	static void		*gmime;

	memset(&M, 0, sizeof(M));
	rr = NULL;
	rd.status = 0;
	M.o = o;
	M.mo = mo;
	M.d = d;
	M.outbox = M.sent = -1;
	if (lazy_load(GMIME_SONAME, &gmime, gm_syms,
	    sizeof(gm_syms) / sizeof(gm_syms[0]), &why) == -1) {
		diag_msg(d, DIAG_ERROR, EX_SOFTWARE, NULL, 0, 0, NULL, "%s",
		    why);
		return d->status;
	}
	gm.g_mime_init();
	signal(SIGPIPE, SIG_IGN);
	/* The reader's record errors were the run's to report: keep them
	 * quiet unless reading fails as a whole. */
	if ((rdout = open_memstream(&rdbuf, &rdlen)) == NULL) {
		diag_msg(d, DIAG_ERROR, EX_OSERR, NULL, 0, 0, NULL,
		    "open_memstream: %s", strerror(errno));
		goto out;
	}
	diag_init(&rd, rdout, 1);
	if ((rr = round_open(o->round_path, &rd)) == NULL)
		goto out;
	ri = round_info(rr);
	cp = batch_call_path(o, ri);
	M.call = call_load(cp, d);
	free(cp);
	if (M.call == NULL)
		goto out;
	if (strcmp(M.call->id, ri->call) != 0) {
		diag_msg(d, DIAG_ERROR, EX_DATAERR, o->round_path, 0, 0, NULL,
		    "round %s is for call '%s', but the call file is '%s'",
		    ri->id, ri->call, M.call->id);
		goto out;
	}
	if (M.call->mail_from == NULL) {
		diag_msg(d, DIAG_ERROR, EX_DATAERR, M.call->file, 0, 0, NULL,
		    "no <mail> element: essdocs mail needs the sender's "
		    "address and name (docs/input.md)");
		goto out;
	}
	buf_printf(&b, "%s/kinds.xml", o->templates);
	M.kinds = kinds_load(b.s, d);
	buf_free(&b);
	if (M.kinds == NULL)
		goto out;
	M.mt = xcalloc(M.kinds->n + 1, sizeof(*M.mt));
	for (k = 0; k < M.kinds->n; k++)
		if (mtmpl_load(&M.mt[k], o->templates,
		    M.kinds->v[k].template, d) == -1)
			goto out;
	if ((M.od = outdir_open(o->outdir, ri->id, d)) == NULL)
		goto out;
	M.mfpath = fs_join(outdir_path(M.od), "manifest.tsv");
	if (outdir_nolink(M.od, "manifest.tsv", d) == -1 ||
	    manifest_read(&M.m, outdir_fd(M.od), M.mfpath, d) == -1)
		goto out;
	if (mo->resend != NULL) {
		for (i = 0; i < M.m.n; i++)
			found |= strcmp(M.m.v[i].id, mo->resend) == 0;
		if (!found) {
			diag_msg(d, DIAG_ERROR, EX_USAGE, M.mfpath, 0, 0, NULL,
			    "--resend %s: the manifest lists no document of "
			    "that application", mo->resend);
			goto out;
		}
	}
	if ((M.outbox = outdir_sub(M.od, "outbox", d)) == -1 ||
	    (mo->send && (M.sent = outdir_sub(M.od, "sent", d)) == -1))
		goto out;
	if (mo->resend == NULL)
		sweep_outbox(&M);
	M.seen = xcalloc(M.m.n + 1, sizeof(*M.seen));
	round_set_dates(rr, &o->date, NULL);
	while ((rc = round_next(rr, &a)) == 1) {
		if (a->id != NULL)
			record(&M, a);
		application_free(a);
	}
	if (rc == -1)
		goto out;
	for (i = 0; i < M.m.n; i++)
		if (!M.seen[i] && (mo->resend == NULL ||
		    strcmp(M.m.v[i].id, mo->resend) == 0))
			diag_msg(d, DIAG_WARNING, 0, M.m.v[i].rel, 0, 0,
			    M.m.v[i].id, "the application is no longer in "
			    "the round: not sent; run essdocs run again");
	summary(&M, ri);
out:
	for (k = 0; M.mt != NULL && k < M.kinds->n; k++) {
		free(M.mt[k].file);
		free(M.mt[k].subject);
		free(M.mt[k].body);
	}
	free(M.mt);
	free(M.seen);
	manifest_free(&M.m);
	free(M.mfpath);
	buf_free(&M.post);
	buf_free(&M.warn);
	outdir_close(M.od);
	kinds_free(M.kinds);
	call_free(M.call);
	if (rr != NULL)
		round_close(rr);
	if (rdout != NULL) {
		fclose(rdout);
		if (rd.status > 1 && rdbuf != NULL)
			fputs(rdbuf, stderr);
		diag_status(d, rd.status > 1 ? rd.status : 0);
		free(rdbuf);
	}
	gm.g_mime_shutdown();
	return d->status;
}
