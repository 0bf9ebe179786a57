/* kasus.c — see kasus.h. */
#include "kasus.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "clean.h"
#include "db.h"
#include "log.h"

int
kasus_nik(const char *arg, char nik[17])
{
	char buf[256], id[256];

	clean_text(arg, strlen(arg), buf, sizeof buf);
	clean_identifier(buf, id, sizeof id);
	if (strlen(id) != 16 || strspn(id, "0123456789") != 16)
		return 0;
	memcpy(nik, id, 17);
	return 1;
}

/* The NIKs as a PostgreSQL array literal (kasus_nik's form). */
static char *
nik_array(int argc, char **argv)
{
	char nik[17], *lit;
	size_t o;
	int i;

	if ((lit = malloc((size_t)argc * 18 + 3)) == NULL)
		return NULL;
	lit[0] = '{';
	o = 1;
	for (i = 0; i < argc; i++) {
		if (!kasus_nik(argv[i], nik))
			continue;	/* the command line refused it already */
		if (o > 1)
			lit[o++] = ',';
		memcpy(lit + o, nik, 16);
		o += 16;
	}
	lit[o++] = '}';
	lit[o] = '\0';
	return lit;
}

int
kasus_history(PGconn *c, const char *kk, int argc, char **argv,
    struct kasus_out *out)
{
	struct kasus_event e;
	char err[1024], *niks = NULL;
	const char *p[1];
	PGresult *r;
	int i;

	if (kk != NULL) {
		p[0] = kk;
		r = db_exec(c, err, sizeof err, "SELECT k.nik, y.* FROM"
		    " rekon_kasus_kk($1) k LEFT JOIN LATERAL"
		    " rekon_kasus(ARRAY[k.nik]) y ON true"
		    " ORDER BY k.nik COLLATE \"C\", y.period, y.urut", 1, p);
	} else {
		if ((niks = nik_array(argc, argv)) == NULL)
			return EX_OSERR;
		p[0] = niks;
		r = db_exec(c, err, sizeof err, "SELECT k.nik, y.* FROM"
		    " unnest($1::text[]) WITH ORDINALITY k(nik, i) LEFT JOIN LATERAL"
		    " rekon_kasus(ARRAY[k.nik]) y ON true"
		    " ORDER BY k.i, y.period, y.urut", 1, p);
	}
	free(niks);
	if (r == NULL) {
		log_warnx("%s", err);
		return EX_UNAVAILABLE;
	}
	for (i = 0; i < PQntuples(r); i++) {
		if (i == 0 || strcmp(PQgetvalue(r, i, 0), PQgetvalue(r, i - 1, 0)))
			out->people++;
		memset(&e, 0, sizeof e);
		e.nik = PQgetvalue(r, i, 0);
		if (PQgetisnull(r, i, 2)) {	/* a NIK with no event at all */
			e.peristiwa = NULL;
			out->event(out->arg, &e);
			continue;
		}
		e.periode = PQgetvalue(r, i, 2);
		e.peristiwa = PQgetvalue(r, i, 4);
		e.file = PQgetvalue(r, i, 5);
		e.baris = PQgetvalue(r, i, 6);
		e.nama = PQgetvalue(r, i, 7);
		e.rincian = PQgetvalue(r, i, 8);
		e.data = PQgetvalue(r, i, 9);
		out->events++;
		out->event(out->arg, &e);
	}
	PQclear(r);
	return EX_OK;
}
