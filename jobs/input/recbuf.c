/*
 * recbuf.c — one record's fields in one growing buffer (recbuf.h).
 */
#include "recbuf.h"

#include <stdlib.h>
#include <string.h>

#define FIRST_FIELDS	16
#define FIRST_BYTES	256

static int
grow_fields(struct recbuf *rb)
{
	size_t n = rb->cap ? rb->cap * 2 : FIRST_FIELDS;
	void *p;

	if ((p = realloc(rb->off, n * sizeof *rb->off)) == NULL)
		return -1;
	rb->off = p;
	if ((p = realloc(rb->len, n * sizeof *rb->len)) == NULL)
		return -1;
	rb->len = p;
	if ((p = realloc(rb->ptr, n * sizeof *rb->ptr)) == NULL)
		return -1;
	rb->ptr = p;
	rb->cap = n;
	return 0;
}

int
recbuf_reserve(struct recbuf *rb, size_t bytes)
{
	size_t n;
	void *p;

	if (rb->n == rb->cap && grow_fields(rb) == -1)
		return -1;
	if (rb->size - rb->used < bytes + 1) {
		n = rb->size ? rb->size : FIRST_BYTES;
		while (n - rb->used < bytes + 1)
			n *= 2;
		if ((p = realloc(rb->buf, n)) == NULL)
			return -1;
		rb->buf = p;
		rb->size = n;
	}
	return 0;
}

char *
recbuf_next(struct recbuf *rb)
{
	return rb->buf + rb->used;
}

void
recbuf_commit(struct recbuf *rb, size_t len)
{
	rb->buf[rb->used + len] = '\0';
	rb->off[rb->n] = rb->used;
	rb->len[rb->n] = len;
	rb->n++;
	rb->used += len + 1;
}

size_t
recbuf_room(const struct recbuf *rb, size_t cap)
{
	return cap > rb->used ? cap - rb->used - 1 : 0;
}

char **
recbuf_fields(struct recbuf *rb)
{
	size_t i;

	for (i = 0; i < rb->n; i++)
		rb->ptr[i] = rb->buf + rb->off[i];
	return rb->ptr;
}

void
recbuf_reset(struct recbuf *rb)
{
	rb->n = 0;
	rb->used = 0;
}

void
recbuf_free(struct recbuf *rb)
{
	free(rb->buf);
	free(rb->off);
	free(rb->len);
	free(rb->ptr);
	memset(rb, 0, sizeof *rb);
}
