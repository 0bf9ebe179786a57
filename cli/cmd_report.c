/*
 * cmd_report.c — `rekon report usulan|rekonsiliasi|sk --period P [--nomor N]
 * [--tanggal D]`: write a period's workbooks again from its STORED results
 * (reports/report.h) into <outbox>/<P>/, printing each path written.
 *
 * A hidden option, --max-rows N, makes sheets continue ("Name (2)") after N
 * rows instead of Excel's 1,048,576, so the tests can see continuation
 * sheets without writing a million rows.  It is an option rather than an
 * environment variable so that nothing left in a service's environment can
 * change the workbooks people sign.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <time.h>

#include "cli.h"
#include "i18n.h"
#include "log.h"
#include "period.h"
#include "report.h"
#include "rules.h"
#include "util.h"

static void
print_path(void *arg, const char *path)
{
	(void)arg;
	printf("%s\n", path);
}

static int
usage_error(struct cli *cli)
{
	command_usage(stderr, cli->command);
	return EX_USAGE;
}

int
cmd_report(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "period", required_argument, NULL, 'p' },
		{ "nomor", required_argument, NULL, 'n' },
		{ "tanggal", required_argument, NULL, 't' },
		{ "max-rows", required_argument, NULL, 'm' },	/* tests */
		{ NULL, 0, NULL, 0 }
	};
	struct report_ctx rc = { 0 };
	const char *what, *period = NULL;
	char outdir[PATH_MAX], err[4096], when[16], *end;
	int ch, rc_db, st, y, m, d;
	unsigned long long max_rows = 0;

	while ((ch = getopt_long(argc, argv, "p:n:t:", opts, NULL)) != -1) {
		switch (ch) {
		case 'p': period = optarg; break;
		case 'n': rc.sk_nomor = optarg; break;
		case 't': rc.sk_tanggal = optarg; break;
		case 'm':
			errno = 0;
			max_rows = strtoull(optarg, &end, 10);
			if (errno != 0 || *end != '\0' || max_rows == 0 ||
			    max_rows > 1048576)
				return usage_error(cli);
			break;
		default:
			return usage_error(cli);
		}
	}
	if (argc - optind != 1 || period == NULL)
		return usage_error(cli);
	what = argv[optind];
	if (strcmp(what, "usulan") != 0 && strcmp(what, "rekonsiliasi") != 0 &&
	    strcmp(what, "sk") != 0) {
		log_warnx("report %s: not one of usulan, rekonsiliasi, sk", what);
		return usage_error(cli);
	}
	if (!period_parse(period, NULL, NULL)) {
		log_warnx("--period %s: not a month as YYYY-MM", period);
		return EX_USAGE;
	}
	if ((rc.sk_nomor != NULL || rc.sk_tanggal != NULL) &&
	    strcmp(what, "sk") != 0) {
		log_warnx("--nomor and --tanggal belong to 'report sk'");
		return EX_USAGE;
	}
	if (rc.sk_tanggal != NULL && !report_sk_date(rc.sk_tanggal, &y, &m, &d)) {
		log_warnx("--tanggal %s: not a date as DD-MM-YYYY or YYYY-MM-DD",
		    rc.sk_tanggal);
		return EX_USAGE;
	}
	if ((rc_db = session_connect(&cli->s)) != EX_OK)
		return rc_db;
	if (snprintf(outdir, sizeof outdir, "%s/%s", cli->s.cfg.paths.outbox,
	    period) >= (int)sizeof outdir || util_mkdirs(outdir, 0750) == -1) {
		log_warn("%s", outdir);
		session_close(&cli->s);
		return EX_CANTCREAT;
	}
	if (strcmp(what, "sk") != 0 && (st = rules_period_retained(cli->s.conn,
	    period, when, sizeof when, err, sizeof err)) != 0) {
		/* The signed SK list is kept; these lists need the rows. */
		if (st == -1)
			log_warnx("report %s %s: %s", what, period, err);
		else
			log_warnx("report %s %s: the rows of %s were removed by"
			    " retention on %s ('rekon run retensi'): its figures"
			    " are kept ('rekon ringkasan --period %s'), its lists"
			    " cannot be written again", what, period, period,
			    when, period);
		session_close(&cli->s);
		return st == -1 ? EX_UNAVAILABLE : EX_DATAERR;
	}
	rc.period = period;
	rc.outdir = outdir;
	rc.cfg = &cli->s.cfg;
	rc.made = time(NULL);
	rc.max_rows = (unsigned long)max_rows;
	rc.wrote = print_path;
	if (strcmp(what, "usulan") == 0)
		st = report_usulan(cli->s.conn, &rc, err, sizeof err);
	else if (strcmp(what, "rekonsiliasi") == 0)
		st = report_rekonsiliasi(cli->s.conn, &rc, err, sizeof err);
	else
		st = report_sk(cli->s.conn, &rc, err, sizeof err);
	if (st != REPORT_OK)
		log_warnx("report %s %s: %s", what, period, err);
	rc_db = report_exit_code(cli->s.conn, st);
	session_close(&cli->s);
	return rc_db;
}
