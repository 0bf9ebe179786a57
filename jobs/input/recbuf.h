/*
 * recbuf.h — the fields of one record as a reader builds it (csvsrc.c for
 * CSV, xlsxsrc.c for workbooks): every field's bytes in one buffer, each
 * followed by a NUL, with its offset and length, so a record costs no
 * allocation once the buffers have grown to the widest record.
 *
 *   recbuf_reserve(rb, n)   room for one more field of n bytes (and NUL)
 *   recbuf_next(rb)         where that field's bytes go
 *   recbuf_commit(rb, n)    the field is n bytes: NUL-terminate, count it
 *   recbuf_fields(rb)       the fields as pointers (valid until the next
 *                           reserve, reset or free), lengths in rb->len
 *   recbuf_reset(rb)        empty, keeping the memory
 *
 * A zeroed struct recbuf is an empty one.
 */
#ifndef REKON_RECBUF_H
#define REKON_RECBUF_H

#include <stddef.h>

struct recbuf {
	char	*buf;		/* field bytes, each followed by a NUL */
	size_t	 used, size;
	size_t	*off, *len;	/* per field */
	char	**ptr;		/* filled by recbuf_fields */
	size_t	 n, cap;	/* fields, and room for them */
};

/* 0, or -1 when out of memory (rb unchanged). */
int	 recbuf_reserve(struct recbuf *rb, size_t bytes);
char	*recbuf_next(struct recbuf *rb);
void	 recbuf_commit(struct recbuf *rb, size_t len);
/* The bytes one more field may take while all of them stay under cap. */
size_t	 recbuf_room(const struct recbuf *rb, size_t cap);
char	**recbuf_fields(struct recbuf *rb);
void	 recbuf_reset(struct recbuf *rb);
void	 recbuf_free(struct recbuf *rb);

#endif
