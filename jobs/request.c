/*
 * request.c — the web front's request rows (see request.h).
 */
#include "request.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "jobrun.h"

long long
request_add(PGconn *c, const char *user, const char *job, const char *period,
    int final, char *err, size_t errsz)
{
	const char *p[4] = { user, job, period, final ? "t" : "f" };
	PGresult *r;
	long long id;

	if ((r = db_exec(c, err, errsz, "INSERT INTO permintaan (pengguna,"
	    " pekerjaan, period, final) VALUES ($1, $2, $3, $4::boolean)"
	    " RETURNING id", 4, p)) == NULL)
		return -1;
	id = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
	PQclear(r);
	return id;
}

int
request_claim(PGconn *c, struct request *rq, char *err, size_t errsz)
{
	PGresult *r;

	if ((r = db_exec(c, err, errsz, "UPDATE permintaan SET diambil = now()"
	    " WHERE id = (SELECT id FROM permintaan WHERE diambil IS NULL"
	    " ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)"
	    " RETURNING id, pekerjaan, period, final, pengguna", 0, NULL)) == NULL)
		return -1;
	if (PQntuples(r) == 0) {
		PQclear(r);
		return 0;
	}
	memset(rq, 0, sizeof *rq);
	rq->id = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
	snprintf(rq->job, sizeof rq->job, "%s", PQgetvalue(r, 0, 1));
	snprintf(rq->period, sizeof rq->period, "%s", PQgetvalue(r, 0, 2));
	rq->final = strcmp(PQgetvalue(r, 0, 3), "t") == 0;
	snprintf(rq->user, sizeof rq->user, "%s", PQgetvalue(r, 0, 4));
	PQclear(r);
	return 1;
}

int
request_started(PGconn *c, long long id, long long run, const char *user,
    char *err, size_t errsz)
{
	char ids[32], runs[32];
	const char *p[2] = { ids, runs };

	snprintf(ids, sizeof ids, "%lld", id);
	snprintf(runs, sizeof runs, "%lld", run);
	if (db_cmd(c, err, errsz, "UPDATE permintaan SET job_run_id = $2::bigint"
	    " WHERE id = $1::bigint", 2, p) == -1)
		return -1;
	return jobrun_set_user(c, run, user, err, errsz);
}

int
request_release(PGconn *c, char *err, size_t errsz)
{
	return db_cmd(c, err, errsz, "UPDATE permintaan SET diambil = NULL"
	    " WHERE diambil IS NOT NULL AND job_run_id IS NULL", 0, NULL);
}
