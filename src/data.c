/* data.c: the template data tree: strings, lists and maps with dotted-path lookup. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "data.h"
#include "util.h"

struct data {
	enum data_kind	  kind;
	char		 *str;		/* DATA_STRING */
	char		**keys;		/* DATA_MAP: keys[i] names kids[i] */
	struct data	**kids;		/* DATA_LIST, DATA_MAP */
	size_t		  nkids;
	size_t		  maxkids;
};

static struct data *
data_new(enum data_kind k)
{
	struct data	*d;

	d = xcalloc(1, sizeof(*d));
	d->kind = k;
	return d;
}

struct data *
data_map_new(void)
{
	return data_new(DATA_MAP);
}

struct data *
data_list_new(void)
{
	return data_new(DATA_LIST);
}

struct data *
data_string_new(const char *s)
{
	struct data	*d;

	d = data_new(DATA_STRING);
	d->str = xstrdup(s != NULL ? s : "");
	return d;
}

void
data_free(struct data *d)
{
	size_t	 i;

	if (d == NULL)
		return;
	for (i = 0; i < d->nkids; i++) {
		if (d->keys != NULL)
			free(d->keys[i]);
		data_free(d->kids[i]);
	}
	free(d->keys);
	free(d->kids);
	free(d->str);
	free(d);
}

static void
data_append(struct data *p, const char *key, struct data *kid)
{
	if (p->nkids == p->maxkids) {
		p->maxkids = p->maxkids ? p->maxkids * 2 : 8;
		p->kids = xrealloc(p->kids, p->maxkids * sizeof(*p->kids));
		if (p->kind == DATA_MAP)
			p->keys = xrealloc(p->keys,
			    p->maxkids * sizeof(*p->keys));
	}
	if (p->kind == DATA_MAP)
		p->keys[p->nkids] = xstrdup(key);
	p->kids[p->nkids++] = kid;
}

/* Store kid under key in map, replacing an existing value. */
static struct data *
data_put(struct data *map, const char *key, struct data *kid)
{
	size_t	 i;

	for (i = 0; i < map->nkids; i++)
		if (strcmp(map->keys[i], key) == 0) {
			data_free(map->kids[i]);
			map->kids[i] = kid;
			return kid;
		}
	data_append(map, key, kid);
	return kid;
}

void
data_set(struct data *map, const char *key, const char *value)
{
	data_put(map, key, data_string_new(value));
}

void
data_setf(struct data *map, const char *key, const char *fmt, ...)
{
	struct buf	 b = BUF_INIT;
	struct data	*s;
	va_list		 ap;

	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	s = data_new(DATA_STRING);
	s->str = buf_detach(&b);
	data_put(map, key, s);
}

struct data *
data_set_map(struct data *map, const char *key)
{
	return data_put(map, key, data_new(DATA_MAP));
}

struct data *
data_set_list(struct data *map, const char *key)
{
	return data_put(map, key, data_new(DATA_LIST));
}

void
data_list_add(struct data *list, const char *value)
{
	data_append(list, NULL, data_string_new(value));
}

struct data *
data_list_add_map(struct data *list)
{
	struct data	*m;

	m = data_new(DATA_MAP);
	data_append(list, NULL, m);
	return m;
}

/* The child of d named by the len bytes at key. */
static const struct data *
data_child(const struct data *d, const char *key, size_t len)
{
	size_t	 i, n;

	if (d->kind == DATA_MAP) {
		for (i = 0; i < d->nkids; i++)
			if (strlen(d->keys[i]) == len &&
			    memcmp(d->keys[i], key, len) == 0)
				return d->kids[i];
		return NULL;
	}
	if (d->kind != DATA_LIST || len == 0 || len > 9)
		return NULL;
	for (n = 0, i = 0; i < len; i++) {
		if (key[i] < '0' || key[i] > '9')
			return NULL;
		n = n * 10 + (size_t)(key[i] - '0');
	}
	return n < d->nkids ? d->kids[n] : NULL;
}

const struct data *
data_getn(const struct data *d, const char *path, size_t len)
{
	const char	*end = path + len, *dot;

	while (d != NULL && path < end) {
		dot = memchr(path, '.', (size_t)(end - path));
		if (dot == NULL)
			dot = end;
		d = data_child(d, path, (size_t)(dot - path));
		path = dot < end ? dot + 1 : end;
	}
	return d;
}

const struct data *
data_get(const struct data *d, const char *path)
{
	return data_getn(d, path, strlen(path));
}

enum data_kind
data_kind(const struct data *d)
{
	return d->kind;
}

const char *
data_str(const struct data *d)
{
	return d != NULL && d->kind == DATA_STRING ? d->str : NULL;
}

size_t
data_count(const struct data *d)
{
	return d != NULL ? d->nkids : 0;
}

const struct data *
data_at(const struct data *d, size_t i)
{
	return d != NULL && i < d->nkids ? d->kids[i] : NULL;
}

const char *
data_key(const struct data *d, size_t i)
{
	return d != NULL && d->keys != NULL && i < d->nkids ? d->keys[i] :
	    NULL;
}

int
data_true(const struct data *d)
{
	if (d == NULL)
		return 0;
	if (d->kind == DATA_STRING)
		return d->str[0] != '\0' && strcmp(d->str, "0") != 0;
	return d->nkids > 0;
}

/* s quoted: '"' and '\' escaped, controls as \n, \t or \xNN, and the
 * no-break spaces U+00A0 and U+202F as \u00a0 and \u202f. */
static void
print_str(struct buf *b, const char *s)
{
	buf_putc(b, '"');
	for (; *s != '\0'; s++) {
		if (*s == '"' || *s == '\\')
			buf_printf(b, "\\%c", *s);
		else if (*s == '\n')
			buf_puts(b, "\\n");
		else if (*s == '\t')
			buf_puts(b, "\\t");
		else if ((unsigned char)*s < 0x20 || *s == 0x7f)
			buf_printf(b, "\\x%02x", (unsigned char)*s);
		else if (strncmp(s, "\xc2\xa0", 2) == 0) {
			buf_puts(b, "\\u00a0");
			s++;
		} else if (strncmp(s, "\xe2\x80\xaf", 3) == 0) {
			buf_puts(b, "\\u202f");
			s += 2;
		} else
			buf_putc(b, *s);
	}
	buf_putc(b, '"');
}

static void
print_node(struct buf *b, struct buf *path, const struct data *d)
{
	size_t	 i, len = path->len;

	if (d->kind == DATA_STRING) {
		buf_printf(b, "%s = ", buf_str(path));
		print_str(b, d->str);
		buf_putc(b, '\n');
		return;
	}
	if (d->nkids == 0 && len > 0) {
		buf_printf(b, "%s = %s\n", buf_str(path),
		    d->kind == DATA_LIST ? "[]" : "{}");
		return;
	}
	for (i = 0; i < d->nkids; i++) {
		if (len > 0)
			buf_putc(path, '.');
		if (d->kind == DATA_MAP)
			buf_puts(path, d->keys[i]);
		else
			buf_printf(path, "%zu", i);
		print_node(b, path, d->kids[i]);
		buf_truncate(path, len);
	}
}

void
data_print(const struct data *d, struct buf *b)
{
	struct buf	 path = BUF_INIT;

	if (d != NULL)
		print_node(b, &path, d);
	buf_free(&path);
}
