/*
 * fetch.h — the fetch job: every [source.NAME] of the configuration, its
 * new files into inbox/<kind>/ (operations.md, "Network").
 *
 * The contract:
 * - Sources: http(s):// names one file, fetched with a conditional GET
 *   (If-None-Match / If-Modified-Since from the last answer): 304 writes
 *   nothing.  sftp://, ftp:// and file:// name one file, or a directory
 *   when the URL ends in '/' (file://: or names a directory): its listing
 *   is matched against the source's pattern with fnmatch(3), and a file
 *   already fetched with the same size and modification time is not
 *   fetched again.
 * - A download is written to a hidden temporary file (".fetch-*", which
 *   the inbox ignores) in inbox/<kind>/ itself (same file system), and
 *   renamed to its name only when complete, never over a waiting file:
 *   a name taken gets ".1", ".2", ... before its extension.  So the
 *   daemon's inotify sees a complete file (IN_MOVED_TO) or nothing.
 * - TLS is always verified; CURL_CA_BUNDLE in the environment names an
 *   extra CA file (as for the curl tool).  sftp needs known_hosts and
 *   refuses a host key that is unknown or does not match.  Credentials:
 *   user, and the first line of password_file, which must be readable by
 *   the service alone (config_check_secret_file); a password in the URL is
 *   refused.  No password is ever logged.
 * - Connect and total timeouts; transient failures (connection, timeouts,
 *   5xx, 429) are retried FETCH_ATTEMPTS times with a doubling delay; a
 *   file over [limits] max_file_mb is refused (checked before, and
 *   counted during, the download).
 * - Every file's outcome goes to the fetch_file table (sql/005_fetch.sql).
 *   One source failing does not stop the others.
 * - Two fetch runs never overlap: the run holds an advisory lock; a second
 *   run finds it taken and does nothing.  Holding it, the run removes the
 *   temporary files a killed run left behind.
 *
 * Hidden settings for tests (read at each run):
 *   REKON_TEST_FETCH_DELAY_MS=N  the first retry delay (default 2000 ms)
 */
#ifndef REKON_FETCH_H
#define REKON_FETCH_H

#include <libpq-fe.h>
#include <stddef.h>
#include <stdio.h>

#include "config.h"

#define FETCH_ATTEMPTS		3	/* tries of one transfer */
#define FETCH_CONNECT_TIMEOUT	30	/* seconds */
#define FETCH_TOTAL_TIMEOUT	3600	/* seconds, one transfer */
#define FETCH_LIST_MAX		(8 * 1024 * 1024)	/* bytes of a listing */

/*
 * Run the fetch job over cfg->sources on connection c.  out, when not NULL,
 * gets one line per file placed in the inbox (the command line's output).
 * Returns EX_OK when every source worked (msg: what was fetched), else
 * EX_TEMPFAIL with msg naming each source that failed and why.
 */
int	fetch_run(PGconn *c, const struct config *cfg, FILE *out, char *msg,
	    size_t msgsz);

/*
 * The source a file waiting in inbox/<kind>/ came from, so its import can
 * carry the source's segmen and label: the newest fetch_file row that
 * placed local_name (same kind, same size as the file at path) for a
 * source still configured.  NULL when none (a file dropped by hand, or a
 * source since removed), or when kind is not segmen (nothing to carry).
 */
const struct config_source *fetch_source_of(PGconn *c,
	    const struct config *cfg, int kind, const char *local_name,
	    const char *path);

#endif
