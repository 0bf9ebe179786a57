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
 * buffer or errsz 0: nothing). */
void	 util_errf(char *err, size_t errsz, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));

#endif
