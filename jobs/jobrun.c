/* jobrun.c — see jobrun.h. */
#include "jobrun.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "db.h"

long long
jobrun_open(PGconn *c, const char *job, const char *period,
    const char *trigger, time_t scheduled_for, char *err, size_t errsz)
{
	char sched[32];
	const char *p[4] = { job, period, trigger, NULL };
	PGresult *r;
	long long id;

	if (scheduled_for != 0) {
		snprintf(sched, sizeof sched, "%lld", (long long)scheduled_for);
		p[3] = sched;
	}
	if ((r = db_exec(c, err, errsz, "INSERT INTO job_run (job, period,"
	    " trigger, scheduled_for) VALUES ($1, $2, $3, to_timestamp($4::bigint))"
	    " RETURNING id", 4, p)) == NULL)
		return -1;
	id = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
	PQclear(r);
	return id;
}

int
jobrun_close(PGconn *c, long long id, const char *outcome,
    const char *message, char *err, size_t errsz)
{
	char ids[32];
	const char *p[3] = { ids, outcome, message };

	snprintf(ids, sizeof ids, "%lld", id);
	return db_cmd(c, err, errsz, "UPDATE job_run SET finished_at = now(),"
	    " outcome = $2, message = nullif($3, '') WHERE id = $1::bigint"
	    " AND outcome IS NULL", 3, p);
}

int
jobrun_set_rows(PGconn *c, long long id, long long rows, char *err,
    size_t errsz)
{
	char ids[32], n[32];
	const char *p[2] = { ids, n };

	snprintf(ids, sizeof ids, "%lld", id);
	snprintf(n, sizeof n, "%lld", rows);
	return db_cmd(c, err, errsz, "UPDATE job_run SET rows = $2::bigint"
	    " WHERE id = $1::bigint", 2, p);
}

int
jobrun_set_user(PGconn *c, long long id, const char *user, char *err,
    size_t errsz)
{
	char ids[32];
	const char *p[2] = { ids, user };

	snprintf(ids, sizeof ids, "%lld", id);
	return db_cmd(c, err, errsz, "UPDATE job_run SET pengguna = $2"
	    " WHERE id = $1::bigint", 2, p);
}

int
jobrun_last_scheduled(PGconn *c, const char *job, time_t *t, char *err,
    size_t errsz)
{
	const char *p[1] = { job };
	PGresult *r;
	int found = 0;

	if ((r = db_exec(c, err, errsz, "SELECT extract(epoch FROM"
	    " max(scheduled_for))::bigint FROM job_run WHERE job = $1"
	    " AND trigger IN ('schedule', 'catch_up')", 1, p)) == NULL)
		return -1;
	if (!PQgetisnull(r, 0, 0)) {
		*t = (time_t)strtoll(PQgetvalue(r, 0, 0), NULL, 10);
		found = 1;
	}
	PQclear(r);
	return found;
}

int
jobrun_outcome(PGconn *c, long long id, char *buf, size_t bufsz)
{
	char ids[32], err[256];
	const char *p[1] = { ids };
	PGresult *r;

	buf[0] = '\0';
	snprintf(ids, sizeof ids, "%lld", id);
	if ((r = db_exec(c, err, sizeof err, "SELECT coalesce(outcome, '') FROM"
	    " job_run WHERE id = $1::bigint", 1, p)) == NULL)
		return -1;
	if (PQntuples(r) == 1)
		snprintf(buf, bufsz, "%s", PQgetvalue(r, 0, 0));
	PQclear(r);
	return 0;
}

int
jobrun_message(PGconn *c, long long id, char *buf, size_t bufsz)
{
	char ids[32], err[256];
	const char *p[1] = { ids };
	PGresult *r;

	buf[0] = '\0';
	snprintf(ids, sizeof ids, "%lld", id);
	if ((r = db_exec(c, err, sizeof err, "SELECT coalesce(message, '')"
	    " FROM job_run WHERE id = $1::bigint", 1, p)) == NULL)
		return -1;
	if (PQntuples(r) == 1)
		snprintf(buf, bufsz, "%s", PQgetvalue(r, 0, 0));
	PQclear(r);
	return 0;
}
