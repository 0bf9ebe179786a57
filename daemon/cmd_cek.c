/*
 * cmd_cek.c — rekon cek NIK... | --kk NOKK [--online]: the membership check
 * of a person or a family (rules.md §7), as a table on the terminal.
 *
 * Offline, the case comes from the imported lists (sql/rules/50_cek.sql).
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sysexits.h>

#include "cli.h"
#include "db.h"
#include "log.h"

static void
print_cek_rows(PGresult *r, int *printed)
{
	int i;

	for (i = 0; i < PQntuples(r); i++) {
		if ((*printed)++ == 0)
			printf("%-16s  %-17s  %-13s  %s\n", "NIK", "KASUS", "SEGMEN",
			    "TINDAKAN");
		printf("%-16s  %-17s  %-13s  %s\n", PQgetvalue(r, i, 0),
		    PQgetvalue(r, i, 1), PQgetvalue(r, i, 2), PQgetvalue(r, i, 3));
	}
}

/* One rekon_cek query for one NIK or No KK: its rows printed. */
static int
cek_one(struct cli *cli, const char *sql, const char *arg, int *printed)
{
	const char *p[1] = { arg };
	char err[1024];
	PGresult *r;

	if ((r = db_exec(cli->conn, err, sizeof err, sql, 1, p)) == NULL) {
		log_warnx("%s", err);
		return EX_UNAVAILABLE;
	}
	print_cek_rows(r, printed);
	PQclear(r);
	return EX_OK;
}

int
cmd_cek(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "kk", required_argument, NULL, 'k' },
		{ "online", no_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 }
	};
	const char *kk = NULL;
	int ch, i, rc, printed = 0;

	while ((ch = getopt_long(argc, argv, "k:", opts, NULL)) != -1) {
		if (ch == 'k')
			kk = optarg;
		else if (ch == 'o') {
			log_warnx("--online (the BPJS bridging API) is not in this version yet");
			return EX_SOFTWARE;
		} else {
			command_usage(stderr, cli->command);
			return EX_USAGE;
		}
	}
	if ((kk == NULL) == (optind == argc)) {	/* NIKs or --kk, not both */
		command_usage(stderr, cli->command);
		return EX_USAGE;
	}
	if ((rc = cli_connect(cli)) != EX_OK)
		return rc;
	if (kk != NULL)
		rc = cek_one(cli, "SELECT nik, kasus, coalesce(segmen, ''), tindakan"
		    " FROM rekon_cek_kk($1)", kk, &printed);
	for (i = optind; kk == NULL && i < argc && rc == EX_OK; i++)
		rc = cek_one(cli, "SELECT nik, kasus, coalesce(segmen, ''), tindakan"
		    " FROM rekon_cek(ARRAY[$1])", argv[i], &printed);
	if (rc == EX_OK && kk != NULL && printed == 0)
		printf("no NIK carries No KK %s in the imported lists\n", kk);
	cli_close(cli);
	return rc;
}
