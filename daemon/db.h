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
/* A session lock for a period-less job (fetch, retensi), so that two runs
 * never overlap: 1 taken, 0 another run holds it, -1 with err. */
int	 db_job_trylock(PGconn *c, const char *job, char *err, size_t errsz);
void	 db_job_unlock(PGconn *c, const char *job);

/* Run a statement that returns nothing; 0 ok, -1 with err. */
int	 db_cmd(PGconn *c, char *err, size_t errsz, const char *sql,
	    int nparams, const char *const *params);

#endif
