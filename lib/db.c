/* db.c — see db.h. */
#include "db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "log.h"
#include "pgembed.h"
#include "i18n.h"

/* Generated from the sql/ files by sql/embed.sh. */
struct sql_file {
	const char *name;
	const char *text;
};
extern const struct sql_file sql_files[];
extern const int sql_files_count;
extern const struct sql_file sql_rules[];
extern const int sql_rules_count;

/* A migration serialises against other rekon processes with this lock. */
#define DB_MIGRATE_LOCK "migrate"

static int
sql_file_version(const struct sql_file *f)
{
	return atoi(f->name);
}

int
db_required_version(void)
{
	int i, v = 0;

	for (i = 0; i < sql_files_count; i++)
		if (sql_file_version(&sql_files[i]) > v)
			v = sql_file_version(&sql_files[i]);
	return v;
}

/* The status of r, a result with rows or none, as db_exec wants it: r, or
 * NULL with err set and r freed. */
static PGresult *
db_result(PGresult *r, char *err, size_t errsz)
{
	ExecStatusType st = PQresultStatus(r);

	if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK)
		return r;
	snprintf(err, errsz, "%s", PQresultErrorMessage(r));
	err[strcspn(err, "\n")] = '\0';
	PQclear(r);
	return NULL;
}

PGresult *
db_exec(PGconn *c, char *err, size_t errsz, const char *sql, int nparams,
    const char *const *params)
{
	return db_result(PQexecParams(c, sql, nparams, NULL, params, NULL,
	    NULL, 0), err, errsz);
}

PGresult *
db_exec_named(PGconn *c, const char *name, char *err, size_t errsz,
    const char *sql, int nparams, const char *const *params)
{
	PGresult *r;
	const char *state;

	/* Inside a transaction block the first call's "no such statement"
	 * would abort it: planned as db_exec plans. */
	if (PQtransactionStatus(c) != PQTRANS_IDLE)
		return db_exec(c, err, errsz, sql, nparams, params);
	r = PQexecPrepared(c, name, nparams, params, NULL, NULL, 0);
	state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
	/* 26000, invalid_sql_statement_name: not prepared on this
	 * connection yet. */
	if (state == NULL || strcmp(state, "26000") != 0)
		return db_result(r, err, errsz);
	PQclear(r);
	if ((r = db_result(PQprepare(c, name, sql, nparams, NULL), err,
	    errsz)) == NULL)
		return NULL;
	PQclear(r);
	return db_result(PQexecPrepared(c, name, nparams, params, NULL, NULL,
	    0), err, errsz);
}

int
db_cmd(PGconn *c, char *err, size_t errsz, const char *sql, int nparams,
    const char *const *params)
{
	PGresult *r = db_exec(c, err, errsz, sql, nparams, params);

	if (r == NULL)
		return -1;
	PQclear(r);
	return 0;
}

PGconn *
db_connect(const char *conninfo, const char *state_dir, char *err, size_t errsz)
{
	return db_connect_flags(conninfo, state_dir, 0, NULL, err, errsz);
}

PGconn *
db_connect_flags(const char *conninfo, const char *state_dir, int flags,
    int *missing, char *err, size_t errsz)
{
	struct pgembed_status st;
	struct pgembed pe;
	char embedded[8192];
	PGconn *c;

	if (missing != NULL)
		*missing = 0;
	if (conninfo == NULL || *conninfo == '\0') {
		if (pgembed_setup(&pe, state_dir, err, errsz) == -1)
			return NULL;
		if (flags & DB_EXISTING) {
			pgembed_status(&pe, &st);
			if (!st.initialized) {
				snprintf(err, errsz, _("no database yet in %s: make one"
				    " with 'rekon db init' (importing a file or running"
				    " a job makes it too)"), pe.pgdir);
				if (missing != NULL)
					*missing = 1;
				return NULL;
			}
			pe.quiet = 1;
		}
		/* Also when running: a start cut short may have left the
		 * database uncreated; pgembed_start makes sure of it. */
		if (pgembed_start(&pe, err, errsz) == -1)
			return NULL;
		pgembed_conninfo(&pe, embedded, sizeof embedded);
		conninfo = embedded;
	}
	c = PQconnectdb(conninfo);
	if (PQstatus(c) != CONNECTION_OK) {
		snprintf(err, errsz, _("cannot connect to PostgreSQL: %s"),
		    PQerrorMessage(c));
		err[strcspn(err, "\n")] = '\0';
		PQfinish(c);
		return NULL;
	}
	/* Notices (e.g. "extension already exists") are not for the user. */
	PQsetNoticeProcessor(c, NULL, NULL);
	{
		char e2[256];
		(void)db_cmd(c, e2, sizeof e2, "SET client_min_messages = warning", 0, NULL);
	}
	return c;
}

static int
db_ensure_migration_table(PGconn *c, char *err, size_t errsz)
{
	return db_cmd(c, err, errsz,
	    "CREATE TABLE IF NOT EXISTS schema_migration ("
	    " version integer PRIMARY KEY,"
	    " name text NOT NULL,"
	    " applied_at timestamptz NOT NULL DEFAULT now())", 0, NULL) == -1 ||
	    db_cmd(c, err, errsz,
	    "CREATE TABLE IF NOT EXISTS schema_rules ("
	    " sha256 text NOT NULL,"
	    " applied_at timestamptz NOT NULL DEFAULT now())", 0, NULL) == -1 ?
	    -1 : 0;
}

/* The SHA-256 of the rule files this binary carries, as hex. */
static void
rules_digest(char hex[65])
{
	unsigned char md[32];
	unsigned int n = 0, i;
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	int k;

	EVP_DigestInit_ex(ctx, EVP_sha256(), NULL);
	for (k = 0; k < sql_rules_count; k++) {
		EVP_DigestUpdate(ctx, sql_rules[k].name, strlen(sql_rules[k].name) + 1);
		EVP_DigestUpdate(ctx, sql_rules[k].text, strlen(sql_rules[k].text));
	}
	EVP_DigestFinal_ex(ctx, md, &n);
	EVP_MD_CTX_free(ctx);
	for (i = 0; i < n && i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
}

/* The rule functions, all in one transaction, when they are not this
 * binary's already. */
static int
db_apply_rules(PGconn *c, char *err, size_t errsz)
{
	char hex[65], e2[512];
	const char *p[1] = { hex };
	PGresult *r;
	int k, same;

	rules_digest(hex);
	if ((r = db_exec(c, err, errsz, "SELECT 1 FROM schema_rules WHERE sha256 = $1",
	    1, p)) == NULL)
		return -1;
	same = PQntuples(r) > 0;
	PQclear(r);
	if (same)
		return 0;
	if (db_cmd(c, err, errsz, "BEGIN", 0, NULL) == -1)
		return -1;
	for (k = 0; k < sql_rules_count; k++) {
		r = PQexec(c, sql_rules[k].text);
		if (PQresultStatus(r) != PGRES_COMMAND_OK &&
		    PQresultStatus(r) != PGRES_TUPLES_OK) {
			snprintf(err, errsz, _("rules %s failed: %s"), sql_rules[k].name,
			    PQresultErrorMessage(r));
			err[strcspn(err, "\n")] = '\0';
			PQclear(r);
			(void)db_cmd(c, e2, sizeof e2, "ROLLBACK", 0, NULL);
			return -1;
		}
		PQclear(r);
	}
	if (db_cmd(c, err, errsz, "DELETE FROM schema_rules", 0, NULL) == -1 ||
	    db_cmd(c, err, errsz, "INSERT INTO schema_rules (sha256) VALUES ($1)",
	    1, p) == -1 || db_cmd(c, err, errsz, "COMMIT", 0, NULL) == -1) {
		(void)db_cmd(c, e2, sizeof e2, "ROLLBACK", 0, NULL);
		return -1;
	}
	log_info("schema: rules applied (%d files)", sql_rules_count);
	return 0;
}

int
db_schema_version(PGconn *c, char *err, size_t errsz)
{
	PGresult *r;
	int v, exists;

	/* Two statements: a query naming a missing table fails to parse. */
	r = db_exec(c, err, errsz,
	    "SELECT to_regclass('schema_migration') IS NOT NULL", 0, NULL);
	if (r == NULL)
		return -1;
	exists = PQgetvalue(r, 0, 0)[0] == 't';
	PQclear(r);
	if (!exists)
		return 0;
	r = db_exec(c, err, errsz,
	    "SELECT coalesce(max(version), 0) FROM schema_migration", 0, NULL);
	if (r == NULL)
		return -1;
	v = atoi(PQgetvalue(r, 0, 0));
	PQclear(r);
	return v;
}

/* Whether f's number is recorded: 1, 0, or -1.  Numbers may land out of
 * order (one reserved by other work arrives after a later one was
 * applied): a file is applied when its own number is missing, not only
 * when it is above the newest. */
static int
db_applied(PGconn *c, const struct sql_file *f, char *err, size_t errsz)
{
	char vbuf[16];
	const char *p[1] = { vbuf };
	PGresult *r;
	int n;

	snprintf(vbuf, sizeof vbuf, "%d", sql_file_version(f));
	if ((r = db_exec(c, err, errsz, "SELECT 1 FROM schema_migration"
	    " WHERE version = $1", 1, p)) == NULL)
		return -1;
	n = PQntuples(r) > 0;
	PQclear(r);
	return n;
}

/* One file in one transaction, recorded with its number and name. */
static int
db_apply(PGconn *c, const struct sql_file *f, char *err, size_t errsz)
{
	char vbuf[16], e2[512];
	const char *params[2];
	PGresult *r;

	if (db_cmd(c, err, errsz, "BEGIN", 0, NULL) == -1)
		return -1;
	r = PQexec(c, f->text);
	if (PQresultStatus(r) != PGRES_COMMAND_OK &&
	    PQresultStatus(r) != PGRES_TUPLES_OK) {
		snprintf(err, errsz, _("migration %s failed: %s"), f->name,
		    PQresultErrorMessage(r));
		err[strcspn(err, "\n")] = '\0';
		PQclear(r);
		(void)db_cmd(c, e2, sizeof e2, "ROLLBACK", 0, NULL);
		return -1;
	}
	PQclear(r);
	snprintf(vbuf, sizeof vbuf, "%d", sql_file_version(f));
	params[0] = vbuf;
	params[1] = f->name;
	if (db_cmd(c, err, errsz, "INSERT INTO schema_migration (version, name)"
	    " VALUES ($1, $2)", 2, params) == -1 ||
	    db_cmd(c, err, errsz, "COMMIT", 0, NULL) == -1) {
		(void)db_cmd(c, e2, sizeof e2, "ROLLBACK", 0, NULL);
		return -1;
	}
	log_info("schema: applied %s", f->name);
	return 0;
}

int
db_migrate(PGconn *c, int *applied, char *err, size_t errsz)
{
	int i, have, done, rc = 0;

	*applied = 0;
	if (db_lock(c, DB_MIGRATE_LOCK, err, errsz) == -1)
		return -1;
	if (db_ensure_migration_table(c, err, errsz) == -1 ||
	    (have = db_schema_version(c, err, errsz)) == -1) {
		rc = -1;
		goto out;
	}
	if (have > db_required_version()) {
		snprintf(err, errsz, _("the database has schema version %d, newer than"
		    " this rekon's %d: install the newer rekon"), have,
		    db_required_version());
		rc = -1;
		goto out;
	}
	/* sql_files is sorted by name, so by number. */
	for (i = 0; i < sql_files_count; i++) {
		if (sql_file_version(&sql_files[i]) <= have &&
		    (done = db_applied(c, &sql_files[i], err, errsz)) != 0) {
			if (done == -1) {
				rc = -1;
				goto out;
			}
			continue;
		}
		if (db_apply(c, &sql_files[i], err, errsz) == -1) {
			rc = -1;
			goto out;
		}
		(*applied)++;
	}
	rc = db_apply_rules(c, err, errsz);
out:
	db_unlock(c, DB_MIGRATE_LOCK);
	return rc;
}

/* The rule functions in the database are this binary's. */
static int
db_check_rules(PGconn *c, char *err, size_t errsz)
{
	char hex[65];
	const char *p[1] = { hex };
	PGresult *r;
	int same;

	rules_digest(hex);
	r = db_exec(c, err, errsz, "SELECT 1 FROM schema_rules WHERE sha256 = $1", 1, p);
	if (r == NULL)
		return -1;
	same = PQntuples(r) > 0;
	PQclear(r);
	if (!same) {
		snprintf(err, errsz, _("the rules in the database are not this rekon's:"
		    " run 'rekon db migrate'"));
		return -1;
	}
	return 0;
}

int
db_check_version(PGconn *c, char *err, size_t errsz)
{
	int have = db_schema_version(c, err, errsz), need = db_required_version();
	int i, done;

	if (have == -1)
		return -1;
	if (have < need) {
		snprintf(err, errsz, _("the database has schema version %d, this rekon"
		    " needs %d: run 'rekon db migrate'"), have, need);
		return -1;
	}
	if (have > need) {
		snprintf(err, errsz, _("the database has schema version %d, newer than"
		    " this rekon's %d: install the newer rekon"), have, need);
		return -1;
	}
	for (i = 0; i < sql_files_count; i++)	/* one that landed late */
		if ((done = db_applied(c, &sql_files[i], err, errsz)) != 1) {
			if (done == 0)
				snprintf(err, errsz, _("the database lacks migration"
				    " %s: run 'rekon db migrate'"), sql_files[i].name);
			return -1;
		}
	return db_check_rules(c, err, errsz);
}

int
db_lock(PGconn *c, const char *name, char *err, size_t errsz)
{
	const char *p[1] = { name };

	return db_cmd(c, err, errsz, "SELECT pg_advisory_lock("
	    "hashtext('rekon'), hashtext($1))", 1, p);
}

int
db_xact_lock(PGconn *c, const char *name, char *err, size_t errsz)
{
	const char *p[1] = { name };

	return db_cmd(c, err, errsz, "SELECT pg_advisory_xact_lock("
	    "hashtext('rekon'), hashtext($1))", 1, p);
}

int
db_trylock(PGconn *c, const char *name, char *err, size_t errsz)
{
	const char *p[1] = { name };
	PGresult *r;
	int locked;

	if ((r = db_exec(c, err, errsz, "SELECT pg_try_advisory_lock("
	    "hashtext('rekon'), hashtext($1))", 1, p)) == NULL)
		return -1;
	locked = strcmp(PQgetvalue(r, 0, 0), "t") == 0;
	PQclear(r);
	return locked;
}

void
db_unlock(PGconn *c, const char *name)
{
	const char *p[1] = { name };
	char err[256];

	(void)db_cmd(c, err, sizeof err, "SELECT pg_advisory_unlock("
	    "hashtext('rekon'), hashtext($1))", 1, p);
}
