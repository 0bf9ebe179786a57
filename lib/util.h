/*
 * util.h — the two small helpers every module wanted a copy of.
 */
#ifndef REKON_UTIL_H
#define REKON_UTIL_H

#include <stddef.h>
#include <sys/types.h>

/* mkdir -p: path and its missing parents, each new one with mode. 0, or -1
 * with errno set (ENAMETOOLONG; ENOTDIR when path exists but is no folder). */
int	 util_mkdirs(const char *path, mode_t mode);

/* printf into an error buffer (always NUL-terminated, cut to errsz; a NULL
 * buffer or errsz 0: nothing). fmt is looked up in the message catalogue
 * first (i18n.h): an English literal. */
void	 util_errf(char *err, size_t errsz, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));

/* write(2) all of p, through EINTR and short writes: 0, or -1 (errno;
 * ENOSPC when write returned 0). */
int	 util_write_all(int fd, const void *p, size_t n);
/* The n bytes at s are all ASCII digits (n 0: yes). */
int	 util_all_digits(const char *s, size_t n);
/* The number the n ASCII digits at p spell (no check). */
int	 util_atoin(const char *p, int n);

#endif
