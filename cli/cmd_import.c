/*
 * cmd_import.c — `rekon import`, `rekon batches`, `rekon batch drop`,
 * `rekon status`: files in, and the history of what came in.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "cli.h"
#include "db.h"
#include "import.h"
#include "kinds.h"
#include "job.h"
#include "i18n.h"
#include "log.h"
#include "period.h"

/* The rejected rows of a batch by reason: "ID_KOSONG 2, JUMLAH_KOLOM 1". */
static void
print_reject_reasons(PGconn *c, long long batch_id)
{
	char id[24], err[512];
	const char *p[1] = { id };
	PGresult *r;
	int i;

	snprintf(id, sizeof id, "%lld", batch_id);
	r = db_exec(c, err, sizeof err, "SELECT reason, count(*) FROM rejected_row"
	    " WHERE batch_id = $1 GROUP BY reason ORDER BY min(line)", 1, p);
	if (r == NULL)
		return;
	for (i = 0; i < PQntuples(r); i++)
		printf("%s%s %s", i ? ", " : _("  rejected: "), PQgetvalue(r, i, 0),
		    PQgetvalue(r, i, 1));
	if (PQntuples(r) > 0)
		printf("\n");
	PQclear(r);
}

static void
print_import_result(struct cli *cli, const char *path,
    const struct import_opts *o, const struct import_result *res)
{
	printf(_("batch %lld: %s %s %s: %ld rows read, %ld accepted, %ld rejected,"
	    " %ld blank\n"), res->batch_id, o->kind, res->period, path,
	    res->rows_read, res->accepted, res->rejected, res->blank);
	if (res->rejected > 0)
		print_reject_reasons(cli->s.conn, res->batch_id);
}

/* Worse exit codes win: a refused file makes the whole run 65, etc. */
static int
worse(int a, int b)
{
	return a == EX_OK ? b : b == EX_OK ? a : (a > b ? a : b);
}

/* --json: o indented on standard output. */
static void
print_json(json_t *o)
{
	char *text = json_dumps(o, JSON_INDENT(2));

	if (text != NULL)
		printf("%s\n", text);
	free(text);
}

int
cmd_import(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "period", required_argument, NULL, 'p' },
		{ "segmen", required_argument, NULL, 's' },
		{ "label", required_argument, NULL, 'l' },
		{ "force", no_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 }
	};
	struct import_opts o = { 0 };
	struct import_result res;
	enum import_status st;
	char err[8192], kind[16];
	int ch, i, rc, named, exit_code = EX_OK;

	while ((ch = getopt_long(argc, argv, "p:s:l:f", opts, NULL)) != -1) {
		switch (ch) {
		case 'f': o.force = 1; break;
		case 'p': o.period = optarg; break;
		case 's': o.segmen = optarg; break;
		case 'l': o.label = optarg; break;
		default:
			command_usage(stderr, cli->command);
			return EX_USAGE;
		}
	}
	if (argc - optind < 1) {
		command_usage(stderr, cli->command);
		return EX_USAGE;
	}
	/* rekon import FILE...: no kind named, each file's header tells it. */
	if (kind_by_name(argv[optind]) != NULL)
		o.kind = argv[optind++];
	else if (access(argv[optind], F_OK) == -1) {
		log_warnx("\"%s\" is no kind (dtks, usulan, feedback, peserta,"
		    " segmen, kematian, kependudukan, keputusan) and no file", argv[optind]);
		return EX_USAGE;
	}
	if (optind >= argc) {
		command_usage(stderr, cli->command);
		return EX_USAGE;
	}
	if (o.period != NULL && !period_parse(o.period, NULL, NULL)) {
		log_warnx("--period %s: not a month as YYYY-MM", o.period);
		return EX_USAGE;
	}
	if ((rc = session_connect(&cli->s)) != EX_OK)
		return rc;
	o.timezone = cli->s.cfg.region.timezone;
	o.max_bytes = cli->s.cfg.limits.max_file_mb * 1024 * 1024;
	o.max_field_bytes = (size_t)cli->s.cfg.limits.max_field_bytes;
	o.max_columns = (int)cli->s.cfg.limits.max_columns;
	o.progress = isatty(STDERR_FILENO) && cli->verbose > 0;
	named = o.kind != NULL;
	for (i = optind; i < argc; i++) {
		if (!named) {
			if (import_detect_kind(argv[i], &o, kind, sizeof kind, err,
			    sizeof err) == -1) {
				log_warnx("%s", err);
				exit_code = worse(exit_code, EX_DATAERR);
				continue;
			}
			o.kind = kind;
			log_info("%s: its header is %s's", argv[i], kind);
		}
		session_yield(&cli->s);
		st = import_file(cli->s.conn, argv[i], &o, &res, err, sizeof err);
		if (st == IMPORT_OK)
			print_import_result(cli, argv[i], &o, &res);
		else if (st == IMPORT_SKIPPED)
			printf("%s\n", err);
		else
			log_warnx("%s", err);
		exit_code = worse(exit_code, import_exit_code(st));
		if (st == IMPORT_USAGE || st == IMPORT_DBERROR)
			break;
	}
	session_close(&cli->s);
	return exit_code;
}

static void
print_batch_rows(PGresult *r)
{
	int i;

	printf("%5s  %-8s  %-7s  %8s  %8s  %8s  %6s  %-7s  %s\n", "ID", "KIND",
	    "PERIOD", "READ", "ACCEPTED", "REJECTED", "BLANK", "OUTCOME", "FILE");
	for (i = 0; i < PQntuples(r); i++) {
		printf("%5s  %-8s  %-7s  %8s  %8s  %8s  %6s  %-7s  %s\n",
		    PQgetvalue(r, i, 0), PQgetvalue(r, i, 1), PQgetvalue(r, i, 2),
		    PQgetvalue(r, i, 3), PQgetvalue(r, i, 4), PQgetvalue(r, i, 5),
		    PQgetvalue(r, i, 6), PQgetvalue(r, i, 7), PQgetvalue(r, i, 8));
		if (!PQgetisnull(r, i, 9))
			printf("%5s  %s\n", "", PQgetvalue(r, i, 9));
	}
}

/* The batches of one period (or all), oldest first. */
/* The batches as JSON objects into a (rekon batches --json). */
static void
batch_json(PGresult *r, json_t *a)
{
	static const char *const keys[] = { "id", "jenis", "periode", "baris",
	    "diterima", "ditolak", "kosong", "hasil", "file", "pesan" };
	json_t *o;
	int i, k;

	for (i = 0; i < PQntuples(r); i++) {
		o = json_object();
		for (k = 0; k < 10; k++) {
			if (PQgetisnull(r, i, k))
				json_object_set_new(o, keys[k], json_null());
			else if (k == 0 || (k >= 3 && k <= 6))
				json_object_set_new(o, keys[k], json_integer(
				    strtoll(PQgetvalue(r, i, k), NULL, 10)));
			else
				json_object_set_new(o, keys[k],
				    json_string(PQgetvalue(r, i, k)));
		}
		json_array_append_new(a, o);
	}
}

static int
list_batches(struct cli *cli, const char *period, int recent_periods,
    json_t *into)
{
	char err[1024], n[16];
	const char *p[2] = { period, n };
	PGresult *r;

	snprintf(n, sizeof n, "%d", recent_periods);
	r = db_exec(cli->s.conn, err, sizeof err,
	    "SELECT id, kind, period, rows_read, accepted, rejected, blank, outcome,"
	    " file_name, CASE WHEN segmen IS NOT NULL THEN 'segmen ' || segmen"
	    " || ', label ' || label || coalesce('; ' || message, '')"
	    " ELSE message END"
	    " FROM batch WHERE ($1::text IS NULL OR period = $1)"
	    " AND ($2::int = 0 OR period IN (SELECT DISTINCT period FROM batch"
	    "   ORDER BY period DESC LIMIT $2::int))"
	    " ORDER BY period, id", 2, p);
	if (r == NULL) {
		log_warnx("%s", err);
		return EX_UNAVAILABLE;
	}
	if (into != NULL)
		batch_json(r, into);
	else if (PQntuples(r) == 0 && period != NULL)
		printf(_("no batches for %s\n"), period);
	else if (PQntuples(r) == 0)
		printf(_("no batches\n"));
	else
		print_batch_rows(r);
	PQclear(r);
	return EX_OK;
}

int
cmd_batches(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "period", required_argument, NULL, 'p' },
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 }
	};
	const char *period = NULL;
	json_t *a = NULL;
	int ch, rc;

	while ((ch = getopt_long(argc, argv, "p:", opts, NULL)) != -1) {
		if (ch == 'j') {
			a = a != NULL ? a : json_array();
			continue;
		}
		if (ch != 'p') {
			json_decref(a);
			command_usage(stderr, cli->command);
			return EX_USAGE;
		}
		period = optarg;
	}
	if (optind != argc || (period && !period_parse(period, NULL, NULL))) {
		command_usage(stderr, cli->command);
		return EX_USAGE;
	}
	if ((rc = session_connect(&cli->s)) != EX_OK) {
		json_decref(a);
		return rc;
	}
	rc = list_batches(cli, period, 0, a);
	if (a != NULL && rc == EX_OK)
		print_json(a);
	json_decref(a);
	session_close(&cli->s);
	return rc;
}

int
cmd_batch(struct cli *cli, int argc, char **argv)
{
	char err[1024], *end;
	const char *p[1];
	PGresult *r;
	int rc, force;

	force = argc == 4 && strcmp(argv[3], "--force") == 0;
	if ((argc != 3 && !force) || strcmp(argv[1], "drop") != 0 ||
	    strtoll(argv[2], &end, 10) <= 0 || *end != '\0') {
		command_usage(stderr, cli->command);
		return EX_USAGE;
	}
	if ((rc = session_connect(&cli->s)) != EX_OK)
		return rc;
	/* A batch that counts for a closed period is part of what was signed. */
	p[0] = argv[2];
	if ((r = db_exec(cli->s.conn, err, sizeof err, "SELECT coalesce("
	    "string_agg(pe.period, ', ' ORDER BY pe.period), '') FROM periode pe"
	    " WHERE pe.closed_at IS NOT NULL AND $1::bigint IN"
	    " (SELECT id FROM rekon_batches_for(pe.period))", 1, p)) == NULL) {
		log_warnx("%s", err);
		session_close(&cli->s);
		return EX_UNAVAILABLE;
	}
	if (PQgetvalue(r, 0, 0)[0] != '\0' && !force) {
		log_warnx("batch %s counts for %s, which is closed (its SK was"
		    " signed): dropping it changes what the SK was made from;"
		    " add --force to drop it anyway", argv[2], PQgetvalue(r, 0, 0));
		PQclear(r);
		session_close(&cli->s);
		return EX_DATAERR;
	}
	PQclear(r);
	p[0] = argv[2];
	/* Its results and partitions first, then the row, in one transaction:
	 * on one server batch's trigger would do the first part; on Citus
	 * batch has no trigger (docs/scale.md). */
	if (db_cmd(cli->s.conn, err, sizeof err, "BEGIN", 0, NULL) == -1 ||
	    db_cmd(cli->s.conn, err, sizeof err,
	    "SELECT rekon_batch_isi_hapus($1::bigint)", 1, p) == -1)
		r = NULL;
	else
		r = db_exec(cli->s.conn, err, sizeof err, "DELETE FROM batch"
		    " WHERE id = $1 RETURNING kind, period, file_name, accepted,"
		    " rejected", 1, p);
	if (r != NULL && PQntuples(r) > 0 &&
	    db_cmd(cli->s.conn, err, sizeof err, "COMMIT", 0, NULL) == -1) {
		PQclear(r);
		r = NULL;
	}
	if (PQtransactionStatus(cli->s.conn) != PQTRANS_IDLE) {
		char e[256];

		(void)db_cmd(cli->s.conn, e, sizeof e, "ROLLBACK", 0, NULL);
	}
	if (r == NULL) {
		log_warnx("%s", err);
		rc = EX_UNAVAILABLE;
	} else if (PQntuples(r) == 0) {
		log_warnx("no batch %s", argv[2]);
		rc = EX_DATAERR;
	} else
		printf(_("dropped batch %s: %s %s %s (%s rows, %s rejected rows)\n"),
		    argv[2], PQgetvalue(r, 0, 0), PQgetvalue(r, 0, 1),
		    PQgetvalue(r, 0, 2), PQgetvalue(r, 0, 3), PQgetvalue(r, 0, 4));
	PQclear(r);
	session_close(&cli->s);
	return rc;
}

static void
status_json(void *arg, const struct job_status *st)
{
	json_array_append_new(arg, json_pack("{s:s,s:s?,s:s?,s:s?,s:s?,s:s?,"
	    "s:s?}", "job", st->job, "periode", st->period, "mulai", st->started,
	    "pemicu", st->trigger, "hasil", st->outcome, "berikutnya",
	    strcmp(st->next, "-") == 0 ? NULL : st->next, "pesan",
	    st->message != NULL && *st->message ? st->message : NULL));
}

int
cmd_status(struct cli *cli, int argc, char **argv)
{
	json_t *o, *jobs, *batches;
	int rc;

	if (argc != 1 && !(argc == 2 && strcmp(argv[1], "--json") == 0)) {
		command_usage(stderr, cli->command);
		return EX_USAGE;
	}
	if ((rc = session_connect(&cli->s)) != EX_OK)
		return rc;
	if (argc == 2) {	/* --json */
		jobs = json_array();
		batches = json_array();
		o = json_pack("{s:o,s:o}", "jobs", jobs, "batch", batches);
		if (job_status_each(cli->s.conn, &cli->s.cfg, status_json,
		    jobs) == -1)
			rc = EX_UNAVAILABLE;
		else if ((rc = list_batches(cli, NULL, 3, batches)) == EX_OK)
			print_json(o);
		json_decref(o);
		session_close(&cli->s);
		return rc;
	}
	printf(_("jobs:\n"));
	if (job_print_status(cli->s.conn, &cli->s.cfg, stdout) == -1) {
		session_close(&cli->s);
		return EX_UNAVAILABLE;
	}
	printf(_("\nbatches of the last 3 periods:\n"));
	rc = list_batches(cli, NULL, 3, NULL);
	session_close(&cli->s);
	return rc;
}
