/* page.c: the laid-out pages container. */
#include <stdlib.h>
#include <string.h>

#include "page.h"
#include "util.h"

struct pages *
pages_new(void)
{
	return xcalloc(1, sizeof(struct pages));
}

void
pages_free(struct pages *p)
{
	size_t	 i, j;

	if (p == NULL)
		return;
	for (i = 0; i < p->npages; i++) {
		for (j = 0; j < p->page[i].nitems; j++)
			free(p->page[i].items[j].text);
		free(p->page[i].items);
	}
	free(p->page);
	free(p->title);
	free(p->author);
	free(p->subject);
	free(p->creator);
	free(p);
}

struct page *
pages_add(struct pages *p, double width, double height)
{
	struct page	*pg;

	if (p->npages == p->maxpages) {
		p->maxpages = p->maxpages ? p->maxpages * 2 : 4;
		p->page = xrealloc(p->page, p->maxpages * sizeof(*p->page));
	}
	pg = &p->page[p->npages++];
	memset(pg, 0, sizeof(*pg));
	pg->width = width;
	pg->height = height;
	return pg;
}

struct item *
page_add(struct page *pg, const struct item *it)
{
	struct item	*n;

	if (pg->nitems == pg->maxitems) {
		pg->maxitems = pg->maxitems ? pg->maxitems * 2 : 64;
		pg->items = xrealloc(pg->items, pg->maxitems * sizeof(*pg->items));
	}
	n = &pg->items[pg->nitems++];
	*n = *it;
	n->text = it->text != NULL ? xstrdup(it->text) : NULL;
	return n;
}
