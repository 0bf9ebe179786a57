/*
 * cmd_jobs.c — the monthly jobs from the command line:
 *
 *   rekon usulan --period P [--final] [--force]
 *   rekon rekonsiliasi --period P [--force]
 *   rekon sk --period P [--nomor N] [--tanggal D] [--final] [--force]
 *   rekon run usulan|rekonsiliasi|sk|all [--period P] [--force]
 *   rekon run fetch|inbox [--period P], rekon run retensi [--dry-run]
 *
 * The commands parse their options and hand the job (jobs/job.h) to the
 * one recorded run; what the job writes is named on standard output.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sysexits.h>

#include "cli.h"
#include "job.h"
#include "i18n.h"
#include "log.h"
#include "period.h"

/* Options shared by the job commands: sk_opts 2 takes sk's --nomor and
 * --tanggal and --final, 1 --final only (usulan), 0 neither. Returns EX_OK
 * or EX_USAGE. */
static int
parse_job_opts(struct cli *cli, int argc, char **argv, struct job_args *o,
    int sk_opts)
{
	static const struct option opts[] = {
		{ "period", required_argument, NULL, 'p' },
		{ "force", no_argument, NULL, 'f' },
		{ "final", no_argument, NULL, 'F' },
		{ "nomor", required_argument, NULL, 'n' },
		{ "tanggal", required_argument, NULL, 't' },
		{ "dry-run", no_argument, NULL, 'd' },
		{ NULL, 0, NULL, 0 }
	};
	int ch;

	memset(o, 0, sizeof *o);
	o->out = stdout;
	o->user = job_login_name();
	while ((ch = getopt_long(argc, argv, "p:f", opts, NULL)) != -1) {
		switch (ch) {
		case 'p':
			if (!period_parse(optarg, NULL, NULL)) {
				log_warnx("--period %s: not a month as YYYY-MM", optarg);
				return EX_USAGE;
			}
			snprintf(o->period, sizeof o->period, "%s", optarg);
			break;
		case 'f':
			o->force = 1;
			break;
		case 'd':
			o->dry_run = 1;
			break;
		case 'F': case 'n': case 't':
			if (sk_opts == 0 || (sk_opts == 1 && ch != 'F')) {
				command_usage(stderr, cli->command);
				return EX_USAGE;
			}
			if (ch == 'F')
				o->final = 1;
			else if (ch == 'n')
				o->nomor = optarg;
			else
				o->tanggal = optarg;
			break;
		default:
			command_usage(stderr, cli->command);
			return EX_USAGE;
		}
	}
	return EX_OK;
}

/* The period given, else the current month in the region's time zone. */
static int
default_period(struct cli *cli, struct job_args *o)
{
	if (o->period[0] != '\0')
		return EX_OK;
	if (!period_current(cli->s.cfg.region.timezone, o->period)) {
		log_warnx("cannot tell the current month in %s", cli->s.cfg.region.timezone);
		return EX_CONFIG;
	}
	return EX_OK;
}


/* A job named on the command line, run and recorded; the session closed. */
static int
run_named(struct cli *cli, const char *name, struct job_args *o)
{
	int rc;

	if ((rc = session_connect(&cli->s)) == EX_OK &&
	    (rc = default_period(cli, o)) == EX_OK)
		rc = strcmp(name, "all") == 0 ? job_run_all(&cli->s, o) :
		    job_run_recorded(&cli->s, job_find(name), o, "manual");
	session_close(&cli->s);
	return rc;
}

/* rekon usulan / rekonsiliasi / sk: the command's name is the job. */
int
cmd_job(struct cli *cli, int argc, char **argv)
{
	struct job_args o;
	int rc;

	if ((rc = parse_job_opts(cli, argc, argv, &o,
	    strcmp(cli->command->name, "sk") == 0 ? 2 :
	    strcmp(cli->command->name, "usulan") == 0)) != EX_OK)
		return rc;
	if (optind != argc || o.period[0] == '\0' || o.dry_run) {
		command_usage(stderr, cli->command);
		return EX_USAGE;
	}
	return run_named(cli, cli->command->name, &o);
}

/* run retensi [--dry-run]: no period of its own (it is recorded under the
 * current month, as fetch and inbox); a dry run needs no database and is
 * not recorded. */
static int
run_retention(struct cli *cli, struct job_args *o)
{
	struct job_result res;
	int rc;

	if (o->period[0] != '\0' || o->force || o->final || o->nomor != NULL ||
	    o->tanggal != NULL) {
		log_warnx("run retensi takes no option but --dry-run: it works"
		    " from the current month");
		return EX_USAGE;
	}
	if (!o->dry_run)
		return run_named(cli, "retensi", o);
	if ((rc = session_load_config(&cli->s)) == EX_OK &&
	    (rc = default_period(cli, o)) == EX_OK)
		rc = job_run_one(&cli->s, job_find("retensi"), o, &res);
	session_close(&cli->s);
	return rc;
}

int
cmd_run(struct cli *cli, int argc, char **argv)
{
	struct job_args o;
	const char *name;
	int rc;

	if (argc < 2) {
		command_usage(stderr, cli->command);
		return EX_USAGE;
	}
	name = argv[1];
	if ((rc = parse_job_opts(cli, argc - 1, argv + 1, &o, 2)) != EX_OK)
		return rc;
	if (strcmp(name, "retensi") == 0)
		return run_retention(cli, &o);
	if (o.dry_run) {
		log_warnx("--dry-run is for run retensi only");
		return EX_USAGE;
	}
	if (strcmp(name, "all") != 0 && job_find(name) == NULL) {
		log_warnx("unknown job \"%s\": fetch, inbox, retensi, usulan,"
		    " rekonsiliasi, sk or all", name);
		return EX_USAGE;
	}
	/* A month's job works on the month named, as `rekon usulan` does: the
	 * current month by default would write its lists (an empty one for
	 * BPJS) before the month's files have come. */
	if (o.period[0] == '\0' && (strcmp(name, "all") == 0 ||
	    job_find(name)->monthly)) {
		log_warnx("run %s needs --period YYYY-MM: the month to work on",
		    name);
		return EX_USAGE;
	}
	return run_named(cli, name, &o);
}
