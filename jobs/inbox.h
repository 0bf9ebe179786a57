/*
 * inbox.h — the files of inbox/<kind>/ (operations.md "The inbox"), what
 * the daemon's watch (daemon/inbox.c) and `rekon run inbox` share.
 *
 * A file counts once it is complete; hidden and partial names are uploads
 * in progress and never touched.  Each file is imported, then moved out of
 * the inbox: to archive/<kind>/<P>/ (imported, or already imported
 * before), or to rejected/<kind>/ beside <name>.error.txt.
 *
 *   inbox_wanted         a name worth importing (not .x, x.part, x.tmp, ~$x,
 *                        x.pengunggah)
 *   inbox_import_opts    the import options for inbox/<kind>/name
 *   inbox_file_outcome   the file archived, rejected or left after its import
 *   job_inbox (job.h)    every waiting file imported now, in this process
 */
#ifndef REKON_INBOX_H
#define REKON_INBOX_H

#include <libpq-fe.h>
#include <time.h>

#include "import.h"

struct config;

int	 inbox_wanted(const char *name);

/* The sidecar of a file the web front uploaded (NAME.pengunggah): its
 * user, place and period for the import (inbox_import_opts reads it). */
#define INBOX_SIDECAR	".pengunggah"

/* The import options for inbox/<kind k>/name at path: the limits of the
 * configuration, and a fetched segmen list's segmen and label. */
void	 inbox_import_opts(const struct config *cfg, PGconn *c, int k,
	    const char *name, const char *path, struct import_opts *o);

/*
 * An import's outcome for inbox/<kind k>/name: archived (imported, or
 * already imported before), rejected beside its .error.txt, or left (a
 * database failure).  st: the import_status; period: the batch's, or "-";
 * set to where it was archived.  1 when a new batch was imported (reruns
 * due), else 0.
 */
int	 inbox_file_outcome(const struct config *cfg, time_t now, int k,
	    const char *name, int st, char period[8], long long batch,
	    long accepted, long rejected, const char *msg);

#endif
