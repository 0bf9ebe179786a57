/*
 * json_summary.h — rekonsiliasi-P.json (outputs.md §2), built from the
 * stored results of a reconciled period.
 */
#ifndef REKON_JSON_SUMMARY_H
#define REKON_JSON_SUMMARY_H

#include <jansson.h>
#include <libpq-fe.h>
#include <stddef.h>
#include <time.h>

struct config;

/* The summary object, or NULL with err set. made: the time it was made. */
json_t	*json_summary_build(PGconn *c, const struct config *cfg,
	    const char *period, time_t made, char *err, size_t errsz);
/* Write it to dir/rekonsiliasi-P.json atomically, mode 0640; path gets the
 * file's path. */
int	 json_summary_write(json_t *o, const char *dir, const char *period,
	    char *path, size_t pathsz, char *err, size_t errsz);

/* "2026-11-21T02:00:13+07:00": t in time zone tz (NULL or "": Asia/Jakarta). */
void	 json_summary_time(time_t t, const char *tz, char *buf, size_t bufsz);

#endif
