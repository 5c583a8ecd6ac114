/* data.h: a small value tree (strings, lists, maps) that templates read by dotted paths. */
#ifndef ESSDOCS_DATA_H
#define ESSDOCS_DATA_H

#include <stddef.h>

enum data_kind {
	DATA_STRING,		/* "string" */
	DATA_LIST,		/* "list" */
	DATA_MAP		/* "map" */
};

/*
 * A node owns its children and its strings; freeing the root frees the
 * tree.  Maps keep their keys in insertion order; setting a key again
 * replaces its value.
 */
struct data;

struct data	*data_map_new(void);
struct data	*data_list_new(void);
struct data	*data_string_new(const char *);
void		 data_free(struct data *);

/* Set map[key] to a copy of value (NULL stores the empty string). */
void		 data_set(struct data *map, const char *key, const char *value);
/* Set map[key] to a formatted string. */
void		 data_setf(struct data *map, const char *key, const char *fmt, ...)
		    __attribute__((format(printf, 3, 4)));
/* Set map[key] to a new empty map or list and return it (owned by map). */
struct data	*data_set_map(struct data *map, const char *key);
struct data	*data_set_list(struct data *map, const char *key);
/* Append a copy of value, or a new empty map, to a list. */
void		 data_list_add(struct data *list, const char *value);
struct data	*data_list_add_map(struct data *list);

/*
 * Look up a dotted path ("applicant.name", "reasons.0.text": a number
 * indexes a list, from 0).  Returns NULL when any step is missing.
 */
const struct data *data_get(const struct data *, const char *path);
/* Like data_get for a path that is only the first len bytes of path. */
const struct data *data_getn(const struct data *, const char *path, size_t len);
enum data_kind	 data_kind(const struct data *);
/* The string of a DATA_STRING node, NULL for lists, maps and NULL. */
const char	*data_str(const struct data *);
/* Number of children of a list or map (0 for strings and NULL). */
size_t		 data_count(const struct data *);
/* The i-th child of a list or map (NULL when out of range). */
const struct data *data_at(const struct data *, size_t i);
/* The key of a map's i-th child (NULL for lists, strings, out of range). */
const char	*data_key(const struct data *, size_t i);
/* 1 if d is "true": a non-empty string other than "0", a non-empty
 * list or map. */
int		 data_true(const struct data *);

/*
 * Append every string of the tree to b, one line each, as a template
 * names it: `app.address.0 = "12 rue …"` (in the tree's order; strings
 * quoted, U+00A0 and U+202F written \u00a0 and \u202f; an empty list
 * or map as `[]` or `{}`).  For --dump=data.
 */
struct buf;
void		 data_print(const struct data *, struct buf *b);

#endif
