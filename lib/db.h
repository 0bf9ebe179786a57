/*
 * db.h — the connection to PostgreSQL and the schema version.
 *
 * The schema is the numbered files of sql/ (NNN_name.sql), compiled into the
 * binary. Each is applied once, in its own transaction, and recorded in
 * schema_migration. REKON_SCHEMA_VERSION is the highest number this binary
 * carries; a database that is older must be migrated (`rekon db migrate`,
 * done automatically for the embedded cluster rekon owns), one that is newer
 * belongs to a newer rekon and is refused.
 */
#ifndef REKON_DB_H
#define REKON_DB_H

#include <libpq-fe.h>
#include <stddef.h>

struct config;

/* Connect: conninfo when set, else the embedded cluster under state_dir
 * (started when it is not running). On failure err says why and the return
 * is NULL. */
PGconn	*db_connect(const char *conninfo, const char *state_dir, char *err, size_t errsz);

/* db_connect for a command that only reads (DB_EXISTING): the embedded
 * cluster is started when it exists, quietly, but never created; when
 * there is none, NULL with *missing = 1 and err saying how to make one. */
#define DB_EXISTING	0x1
PGconn	*db_connect_flags(const char *conninfo, const char *state_dir,
	    int flags, int *missing, char *err, size_t errsz);

/* The schema version this binary needs (the highest sql/ number). */
int	 db_required_version(void);
/* The database's version: 0 when no migration was ever applied; -1 on error. */
int	 db_schema_version(PGconn *c, char *err, size_t errsz);
/* Apply every migration the database lacks; *applied gets how many. */
int	 db_migrate(PGconn *c, int *applied, char *err, size_t errsz);
/* 0 when the database has exactly the version this binary needs; else -1
 * and err says what to do. */
int	 db_check_version(PGconn *c, char *err, size_t errsz);

/* Run one statement with text parameters; returns the result when its
 * status is COMMAND_OK or TUPLES_OK, else NULL with err set. */
PGresult *db_exec(PGconn *c, char *err, size_t errsz, const char *sql,
	    int nparams, const char *const *params);
/* db_exec through a prepared statement of this connection, name: the
 * statement is planned once per connection rather than at every call (the
 * web's cek answers many a second; docs/speed.md). It is prepared from sql
 * when the connection does not have it (the first call, or after a
 * reconnect). A name always goes with the same sql. Inside a transaction
 * block it is db_exec (the first call's "no such statement" would abort
 * the transaction). */
PGresult *db_exec_named(PGconn *c, const char *name, char *err, size_t errsz,
	    const char *sql, int nparams, const char *const *params);
/*
 * Advisory locks, one scheme: a lock is a name ("migrate", "fetch",
 * "usulan 2026-11", "feedback 2026-11"), its key (hashtext('rekon'),
 * hashtext(name)), so rekon's locks never meet another program's.
 *   db_lock        a session lock, waiting for it (migrations)
 *   db_trylock     a session lock if free: 1 taken, 0 another holds it
 *                  (fetch, retensi: two runs never overlap)
 *   db_unlock      a session lock released
 *   db_xact_lock   a lock until the transaction ends, waiting for it (the
 *                  rules of a job and period)
 * 0 (or 1/0) or -1 with err.
 */
int	 db_lock(PGconn *c, const char *name, char *err, size_t errsz);
int	 db_trylock(PGconn *c, const char *name, char *err, size_t errsz);
void	 db_unlock(PGconn *c, const char *name);
int	 db_xact_lock(PGconn *c, const char *name, char *err, size_t errsz);

/* Run a statement that returns nothing; 0 ok, -1 with err. */
int	 db_cmd(PGconn *c, char *err, size_t errsz, const char *sql,
	    int nparams, const char *const *params);

#endif
