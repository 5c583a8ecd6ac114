/* docset.c: the documents of a round's folder for the round driver: digests of what goes into each, keep or write, superseded/, the manifest last. */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "atomic.h"
#include "data.h"
#include "diag.h"
#include "digest.h"
#include "docset.h"
#include "fsutil.h"
#include "manifest.h"
#include "outdir.h"
#include "util.h"

#define DOCSET_KINDS	16

struct docset {
	struct outdir	*od;
	struct ledger	*ledger;	/* NULL with --dump */
	struct names	*names;
	char		*templates, *version, *round;
	char		 rec[DIGEST_HEX];	/* the current record's data */
	const struct data *head;	/* the call's data, digested in mid */
	struct digest	 mid;
	char		 fonts[DIGEST_HEX];
	struct {
		char	*kind;
		char	 hex[DIGEST_HEX];	/* its template */
	}		 kinds[DOCSET_KINDS];
	size_t		 nkinds;
};

/* The digest of every file of the font directory, by name. */
static void
font_digest(const char *dir, char *hex)
{
	struct digest	 g;
	struct dirent	**v;
	int		 i, n;
	char		*p;

	digest_init(&g);
	if ((n = scandir(dir, &v, NULL, alphasort)) > 0) {
		for (i = 0; i < n; i++) {
			if (v[i]->d_name[0] != '.') {
				p = fs_join(dir, v[i]->d_name);
				digest_str(&g, v[i]->d_name);
				(void)digest_file(&g, AT_FDCWD, p);
				free(p);
			}
			free(v[i]);
		}
		free(v);
	}
	digest_hex(&g, hex);
}

struct docset *
docset_open(const struct docset_opts *o, struct diag *d)
{
	struct docset	*ds;
	struct buf	 today = BUF_INIT;

	ds = xcalloc(1, sizeof(*ds));
	ds->templates = xstrdup(o->templates);
	ds->version = xstrdup(o->version != NULL ? o->version : "");
	ds->round = xstrdup(o->round);
	ds->names = names_new();
	if ((ds->od = outdir_open(o->outdir, o->round, d)) == NULL)
		goto fail;
	if (o->dump)
		return ds;
	font_digest(o->fonts, ds->fonts);
	date_format_iso(&today, &o->date);
	ds->ledger = ledger_open(ds->od, today.s, o->force, d);
	buf_free(&today);
	if (ds->ledger == NULL)
		goto fail;
	(void)atomic_batched(1);
	return ds;
fail:
	docset_close(ds);
	return NULL;
}

void
docset_close(struct docset *ds)
{
	size_t	 i;

	if (ds == NULL)
		return;
	(void)atomic_batched(0);
	ledger_free(ds->ledger);
	names_free(ds->names);
	outdir_close(ds->od);
	for (i = 0; i < ds->nkinds; i++)
		free(ds->kinds[i].kind);
	free(ds->templates);
	free(ds->version);
	free(ds->round);
	free(ds);
}

const char *
docset_dir(const struct docset *ds)
{
	return outdir_path(ds->od);
}

int
docset_kind(struct docset *ds, const char *kind, const char *tfile,
    struct diag *d)
{
	struct digest	 g;
	char		*p;

	if (outdir_sub(ds->od, kind, d) == -1)
		return -1;
	if (ds->nkinds == DOCSET_KINDS)
		return 0;
	ds->kinds[ds->nkinds].kind = xstrdup(kind);
	p = fs_join(ds->templates, tfile);
	digest_init(&g);
	(void)digest_file(&g, AT_FDCWD, p);	/* it loaded fine */
	digest_hex(&g, ds->kinds[ds->nkinds++].hex);
	free(p);
	return 0;
}

int
docset_nolink(struct docset *ds, const char *name, struct diag *d)
{
	return outdir_nolink(ds->od, name, d);
}

void
docset_worker(struct docset *ds)
{
	if (ds->ledger != NULL)
		ledger_silent(ds->ledger);
}

void
docset_flush(struct docset *ds, int on)
{
	if (on)
		(void)outdir_flush_start(ds->od);
	else
		(void)outdir_flush_stop(ds->od);
}

void
docset_record(struct docset *ds, const struct data *data)
{
	struct digest	 g;

	if (ds->ledger == NULL)
		return;
	/* Everything a template can read, but the issue date.  The call's
	 * data comes first and is the same for every record: its part of
	 * the digest is made once. */
	if (data_kind(data) != DATA_MAP || data_count(data) == 0 ||
	    strcmp(data_key(data, 0), "call") != 0) {
		digest_init(&g);
		digest_data(&g, data, "letter.date");
		digest_hex(&g, ds->rec);
		return;
	}
	if (ds->head != data_at(data, 0)) {
		digest_init(&ds->mid);
		digest_map_head(&ds->mid, data, 1, "letter.date");
		ds->head = data_at(data, 0);
	}
	g = ds->mid;
	digest_map_tail(&g, data, 1, "letter.date");
	digest_hex(&g, ds->rec);
}

int
docset_keep(struct docset *ds, struct data *data, const char *kind,
    const char *id, const char *rel)
{
	struct digest	 g;
	struct date	 dt;
	struct buf	 fr = BUF_INIT;
	struct data	*letter;
	char		 input[DIGEST_HEX];
	const char	*tdig = "", *issued;
	size_t		 i;

	if (ds->ledger == NULL)
		return 0;
	for (i = 0; i < ds->nkinds; i++)
		if (strcmp(ds->kinds[i].kind, kind) == 0)
			tdig = ds->kinds[i].hex;
	digest_init(&g);
	digest_str(&g, kind);
	digest_str(&g, tdig);
	digest_str(&g, ds->fonts);
	digest_str(&g, ds->version);
	digest_str(&g, ds->rec);
	digest_hex(&g, input);
	if (ledger_want(ds->ledger, kind, id, rel, input, &issued) ==
	    LEDGER_KEEP)
		return 1;
	/* bind_record() made the "letter" map. */
	letter = (struct data *)data_get(data, "letter");
	if (letter != NULL && date_parse(issued, &dt) == 0) {
		date_format_fr(&fr, &dt);
		data_set(letter, "date", fr.s);
		buf_free(&fr);
	}
	return 0;
}

int
docset_before_write(struct docset *ds, const char *kind, const char *id)
{
	return ds->ledger != NULL ? ledger_before_write(ds->ledger, kind, id) :
	    0;
}

void
docset_failed(struct docset *ds, const char *kind, const char *id)
{
	if (ds->ledger != NULL)
		ledger_failed(ds->ledger, kind, id);
}

void
docset_written(struct docset *ds, const char *kind, const char *id,
    const char *hex)
{
	if (ds->ledger != NULL)
		ledger_written(ds->ledger, kind, id, hex);
}

void
docset_note(struct docset *ds, const char *id, const char *why,
    const char *motif)
{
	if (ds->ledger != NULL && id != NULL)
		ledger_note(ds->ledger, id, why, motif);
}

const char *
docset_clash(struct docset *ds, const char *base, const char *id)
{
	return names_claim(ds->names, base, id);
}

void
docset_retire(struct docset *ds, struct data *data)
{
	struct data	*l, *m;
	const char	*kinds[DOCSET_KINDS], *from, *to, *why, *motif;
	size_t		 i;

	if (ds->ledger == NULL)
		return;
	for (i = 0; i < ds->nkinds; i++)
		kinds[i] = ds->kinds[i].kind;
	(void)ledger_retire(ds->ledger, kinds, ds->nkinds);
	if (data == NULL)
		return;
	l = data_set_list(data, "superseded");
	for (i = 0; i < ledger_nmoves(ds->ledger); i++) {
		ledger_move(ds->ledger, i, &from, &to, &why, &motif);
		m = data_list_add_map(l);
		data_set(m, "from", from);
		data_set(m, "to", to);
		data_set(m, "why", motif);
	}
}

/*
 * Batched durability: the documents and the report were renamed into
 * place without fsync; one syncfs makes them durable, then the manifest
 * records them, last.  A crash before leaves the previous manifest: the
 * next run finds what does not match it and writes it again.
 */
void
docset_commit(struct docset *ds, struct diag *d)
{
	if (ds->ledger == NULL)
		return;
	(void)atomic_batched(0);
	if (outdir_sync(ds->od, d) == -1)
		return;
	(void)ledger_commit(ds->ledger, d);
}

int
docset_counts(const struct docset *ds, size_t *kept, size_t *issued,
    size_t *moved)
{
	if (ds->ledger == NULL)
		return 0;
	ledger_counts(ds->ledger, kept, issued);
	*moved = ledger_nmoves(ds->ledger);
	return 1;
}
