/* progress.c: what a run says (lifecycle.md §4): a progress bar on a terminal, and one summary line per round. */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "batch.h"
#include "diag.h"
#include "i18n.h"
#include "progress.h"
#include "report.h"
#include "util.h"

#define BAR_WIDTH	24

static double
now(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* How many <application elements the file holds: the bar's total.  A
 * count of the tag, without parsing: good enough for a bar. */
static size_t
count_apps(const char *path)
{
	static const char tag[] = "<application";
	char		 b[65536 + sizeof(tag)];
	size_t		 n = 0, keep = 0, have;
	ssize_t		 got;
	char		*p;
	int		 fd;

	if ((fd = open(path, O_RDONLY)) == -1)
		return 0;
	while ((got = read(fd, b + keep, 65536)) > 0) {
		have = keep + (size_t)got;
		b[have] = '\0';
		for (p = b; (p = memchr(p, '<', have - (size_t)(p - b))) !=
		    NULL; p++)
			if ((size_t)(b + have - p) >= sizeof(tag) - 1 &&
			    memcmp(p, tag, sizeof(tag) - 1) == 0 &&
			    (p[sizeof(tag) - 1] == ' ' ||
			    p[sizeof(tag) - 1] == '>' ||
			    p[sizeof(tag) - 1] == '\n' ||
			    p[sizeof(tag) - 1] == '\t' ||
			    p[sizeof(tag) - 1] == '\r'))
				n++;
		/* A tag cut at the end of the chunk is counted next time
		 * (a whole one, with the byte after it, does not fit). */
		keep = have < sizeof(tag) - 1 ? have : sizeof(tag) - 1;
		memmove(b, b + have - keep, keep);
		if (memchr(b, '<', keep) == NULL)
			keep = 0;
	}
	close(fd);
	return n;
}

void
progress_start(struct progress *pg, const char *path, struct diag *d)
{
	memset(pg, 0, sizeof(*pg));
	pg->d = d;
	pg->f = d->out;
	if (d->quiet || !isatty(fileno(pg->f)))
		return;
	if ((pg->total = count_apps(path)) == 0)
		return;
	pg->on = 1;
	pg->t0 = now();
	d->bar = 1;
}

static void
fmt_time(char *s, size_t len, double secs)
{
	long	 t = (long)(secs + 0.5);

	if (t >= 3600)
		snprintf(s, len, "%ld:%02ld:%02ld", t / 3600, t / 60 % 60,
		    t % 60);
	else
		snprintf(s, len, "%ld:%02ld", t / 60, t % 60);
}

void
progress_step(struct progress *pg)
{
	double	 t, rate, frac;
	char	 bar[BAR_WIDTH + 1], left[32], rs[32], *comma;
	size_t	 i, fill, total;

	if (!pg->on)
		return;
	pg->done++;
	t = now();
	if (t - pg->last < 0.1 && pg->done < pg->total && pg->d->bar == 1)
		return;
	pg->last = t;
	total = pg->done > pg->total ? pg->done : pg->total;
	frac = (double)pg->done / (double)total;
	fill = (size_t)(frac * BAR_WIDTH);
	for (i = 0; i < BAR_WIDTH; i++)
		bar[i] = i < fill ? '#' : '.';
	bar[BAR_WIDTH] = '\0';
	rate = t > pg->t0 ? (double)pg->done / (t - pg->t0) : 0;
	fmt_time(left, sizeof(left), rate > 0 ?
	    (double)(total - pg->done) / rate : 0);
	/* LC_NUMERIC stays "C": the decimal comma by hand. */
	snprintf(rs, sizeof(rs), "%.1f", rate);
	if (i18n_french() && (comma = strchr(rs, '.')) != NULL)
		*comma = ',';
	fprintf(pg->f, "\r[%s] ", bar);
	fprintf(pg->f, ngettext("%zu/%zu application, %s/s, %s left",
	    "%zu/%zu applications, %s/s, %s left", total), pg->done,
	    total, rs, left);
	fputs("\033[K", pg->f);
	fflush(pg->f);
	pg->d->bar = 1;
}

void
progress_end(struct progress *pg)
{
	if (!pg->on)
		return;
	fputs("\r\033[K", pg->f);
	fflush(pg->f);
	pg->d->bar = 0;
	pg->on = 0;
}

void
summary_add(struct summary *s, const struct row *r)
{
	s->apps++;
	if (r->error != NULL)
		s->errors++;
}

void
summary_recount(struct summary *s, const struct report *rp)
{
	size_t	 i;

	s->apps = s->errors = 0;
	for (i = 0; i < rp->nrows; i++)
		summary_add(s, report_row(rp, i));
}

void
summary_print(const struct summary *s, const char *round_id,
    const char *dir, FILE *out)
{
	struct buf	 b = BUF_INIT;

	buf_printf(&b, _("%s: "), round_id);
	buf_printf(&b, ngettext("%zu application", "%zu applications",
	    s->apps), s->apps);
	if (s->docs) {
		buf_puts(&b, ", ");
		buf_printf(&b, ngettext("%zu document", "%zu documents",
		    s->kept + s->issued), s->kept + s->issued);
		buf_puts(&b, " (");
		buf_printf(&b, ngettext("%zu unchanged", "%zu unchanged",
		    s->kept), s->kept);
		buf_puts(&b, ", ");
		buf_printf(&b, ngettext("%zu issued", "%zu issued",
		    s->issued), s->issued);
		buf_puts(&b, ", ");
		buf_printf(&b, ngettext("%zu superseded or withdrawn",
		    "%zu superseded or withdrawn", s->moved), s->moved);
		buf_putc(&b, ')');
	}
	if (s->report) {
		buf_puts(&b, ", ");
		buf_puts(&b, _("the report"));
	}
	if (s->errors > 0) {
		buf_puts(&b, ", ");
		buf_printf(&b, ngettext("%zu in error", "%zu in error",
		    s->errors), s->errors);
	}
	buf_printf(&b, " → %s\n", dir);
	fputs(b.s, out);
	buf_free(&b);
}
