/* digest.c: SHA-256 digests (nettle) of bytes, files and template data trees. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "data.h"
#include "digest.h"

void
digest_init(struct digest *g)
{
	sha256_init(&g->ctx);
}

void
digest_add(struct digest *g, const void *p, size_t n)
{
	sha256_update(&g->ctx, n, p);
}

void
digest_str(struct digest *g, const char *s)
{
	if (s == NULL)
		s = "";
	sha256_update(&g->ctx, strlen(s) + 1, (const uint8_t *)s);
}

void
digest_hex(struct digest *g, char *hex)
{
	static const char	 xd[] = "0123456789abcdef";
	uint8_t			 raw[SHA256_DIGEST_SIZE];
	size_t			 i;

	sha256_digest(&g->ctx, sizeof(raw), raw);
	for (i = 0; i < sizeof(raw); i++) {
		hex[2 * i] = xd[raw[i] >> 4];
		hex[2 * i + 1] = xd[raw[i] & 15];
	}
	hex[2 * sizeof(raw)] = '\0';
}

static void	digest_node(struct digest *, const struct data *, const char *);

/* The entries [from, to) of map d; skip as in digest_node(). */
static void
digest_entries(struct digest *g, const struct data *d, size_t from,
    size_t to, const char *skip)
{
	const char	*key, *dot;
	size_t		 i, klen;

	for (i = from; i < to; i++) {
		key = data_key(d, i);
		if (skip != NULL) {
			dot = strchr(skip, '.');
			klen = dot != NULL ? (size_t)(dot - skip) :
			    strlen(skip);
			if (strlen(key) == klen &&
			    strncmp(key, skip, klen) == 0) {
				if (dot == NULL)
					continue;
				digest_str(g, key);
				digest_node(g, data_at(d, i), dot + 1);
				continue;
			}
		}
		digest_str(g, key);
		digest_node(g, data_at(d, i), NULL);
	}
}

/* skip: the rest of the dotted path to leave out below this node. */
static void
digest_node(struct digest *g, const struct data *d, const char *skip)
{
	size_t		 i, n;

	switch (data_kind(d)) {
	case DATA_STRING:
		digest_add(g, "s", 1);
		digest_str(g, data_str(d));
		return;
	case DATA_LIST:
		digest_add(g, "[", 1);
		n = data_count(d);
		for (i = 0; i < n; i++)
			digest_node(g, data_at(d, i), NULL);
		digest_add(g, "]", 1);
		return;
	case DATA_MAP:
		digest_add(g, "{", 1);
		digest_entries(g, d, 0, data_count(d), skip);
		digest_add(g, "}", 1);
		return;
	}
}

void
digest_map_head(struct digest *g, const struct data *map, size_t n,
    const char *skip)
{
	digest_add(g, "{", 1);
	digest_entries(g, map, 0, n, skip);
}

void
digest_map_tail(struct digest *g, const struct data *map, size_t n,
    const char *skip)
{
	digest_entries(g, map, n, data_count(map), skip);
	digest_add(g, "}", 1);
}

void
digest_data(struct digest *g, const struct data *d, const char *skip)
{
	if (d != NULL)
		digest_node(g, d, skip);
}

int
digest_file(struct digest *g, int dirfd, const char *name)
{
	char	 buf[65536];
	ssize_t	 n;
	int	 fd, e;

	if ((fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) == -1)
		return -1;
	while ((n = read(fd, buf, sizeof(buf))) != 0) {
		if (n == -1) {
			if (errno == EINTR)
				continue;
			e = errno;
			close(fd);
			errno = e;
			return -1;
		}
		digest_add(g, buf, (size_t)n);
	}
	close(fd);
	return 0;
}
