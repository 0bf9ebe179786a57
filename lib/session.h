/*
 * session.h — a loaded configuration and its database connection: what
 * every front (the command line, the daemon, its children) and every job
 * works with.
 *
 *   session_load_config   the configuration, loaded and checked once
 *   session_open          connected (the embedded cluster started as needed)
 *   session_connect       connected, and the schema current
 *   session_embedded      the embedded cluster is in use
 *   session_yield         batch work (a job, an import) yields the processors
 *                         to the web front's requests
 *   session_close         connection closed, configuration freed
 *
 * Every function returns a sysexits(3) code and logs its reason.
 */
#ifndef REKON_SESSION_H
#define REKON_SESSION_H

#include <libpq-fe.h>

#include "config.h"

struct session {
	const char	*config_path;	/* -c, or NULL: the default places */
	struct config	 cfg;
	int		 cfg_loaded;
	PGconn		*conn;		/* NULL until opened */
	/* 1: this front may create the embedded cluster (db init, import, the
	 * jobs, the daemon, the demo); 0: it only uses one that exists, and
	 * without one says how to make it (EX_NOINPUT). */
	int		 may_create;
};

/* Load and validate the configuration once: EX_OK or EX_CONFIG. */
int	 session_load_config(struct session *s);
/* Connect (starting the embedded cluster when needed, creating it only
 * when s->may_create), nothing more: EX_OK, EX_NOINPUT (no database yet),
 * EX_UNAVAILABLE or EX_CONFIG. */
int	 session_open(struct session *s);
/* Connect and make sure the schema is current: EX_OK, EX_UNAVAILABLE
 * (database down) or EX_CONFIG. The embedded cluster is migrated as needed;
 * an external server must be migrated with `rekon db migrate`. */
int	 session_connect(struct session *s);
/* The embedded cluster is in use (conninfo empty). */
int	 session_embedded(const struct session *s);
/* Batch work yields to people waiting (web.md: a cek answers within 50 ms
 * also while a rekonsiliasi runs): this process and, on the embedded
 * cluster, the server process of s->conn run at nice SESSION_NICE from
 * here on, unless they already run at that or lower priority. An external
 * server's processes are left alone (their numbers may be another
 * machine's or container's). Never fails: a priority that cannot be
 * changed is left as it is (docs/decisions.md "Batch work yields"). */
#define SESSION_NICE	10
void	 session_yield(struct session *s);
void	 session_close(struct session *s);

#endif
