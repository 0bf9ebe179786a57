/*
 * cmd_misc.c — `rekon config check`, `rekon gen`, `rekon daemon`.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "cli.h"
#include "daemon.h"
#include "gen.h"
#include "i18n.h"
#include "log.h"
#include "period.h"

int
cmd_config(struct cli *cli, int argc, char **argv)
{
	int rc;

	if (argc != 2 || strcmp(argv[1], "check") != 0) {
		command_usage(stderr, cli->command);
		return EX_USAGE;
	}
	if ((rc = session_load_config(&cli->s)) != EX_OK)
		return rc;
	printf("; %s: OK\n", cli->s.cfg.path ? cli->s.cfg.path :
	    "no configuration file: the defaults");
	config_print(stdout, &cli->s.cfg);
	session_close(&cli->s);
	return EX_OK;
}

/* A whole number in [lo, hi], or -1. */
static long long
parse_count(const char *s, long long lo, long long hi)
{
	char *end;
	long long v = strtoll(s, &end, 10);

	return *s == '\0' || *end != '\0' || v < lo || v > hi ? -1 : v;
}

int
cmd_gen(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "out", required_argument, NULL, 'o' },
		{ "scale", required_argument, NULL, 'n' },
		{ "seed", required_argument, NULL, 's' },
		{ "period", required_argument, NULL, 'p' },
		{ "months", required_argument, NULL, 'm' },
		{ "kependudukan", no_argument, NULL, 'k' },
		{ "ganda", no_argument, NULL, 'g' },
		{ NULL, 0, NULL, 0 }
	};
	struct gen_opts o = { 0 };
	char err[1024];
	long long v;
	int ch;

	gen_opts_default(&o);
	while ((ch = getopt_long(argc, argv, "o:n:s:p:m:", opts, NULL)) != -1) {
		switch (ch) {
		case 'o':
			o.outdir = optarg;
			break;
		case 'n':
			if ((v = parse_count(optarg, 10, GEN_SCALE_MAX)) == -1) {
				log_warnx("--scale %s: a number of families, 10 to %d",
				    optarg, GEN_SCALE_MAX);
				return EX_USAGE;
			}
			o.scale = (int)v;
			break;
		case 's':
			if ((v = parse_count(optarg, 0, (1LL << 62))) == -1) {
				log_warnx("--seed %s: a whole number", optarg);
				return EX_USAGE;
			}
			o.seed = (unsigned long long)v;
			break;
		case 'p':
			if (!period_parse(optarg, NULL, NULL)) {
				log_warnx("--period %s: not a month as YYYY-MM", optarg);
				return EX_USAGE;
			}
			o.period = optarg;
			break;
		case 'm':
			if ((v = parse_count(optarg, GEN_MONTHS_MIN,
			    GEN_MONTHS_MAX)) == -1) {
				log_warnx("--months %s: %d or %d (the month before "
				    "--period, the month itself, and the month "
				    "after)", optarg, GEN_MONTHS_MIN,
				    GEN_MONTHS_MAX);
				return EX_USAGE;
			}
			o.months = (int)v;
			break;
		case 'k':
			o.kependudukan = 1;
			break;
		case 'g':
			o.ganda = 1;
			break;
		default:
			command_usage(stderr, cli->command);
			return EX_USAGE;
		}
	}
	if (o.outdir == NULL || optind != argc) {
		command_usage(stderr, cli->command);
		return EX_USAGE;
	}
	/* The region code comes from the configuration when there is one. */
	if (session_load_config(&cli->s) == EX_OK && cli->s.cfg.region.code != NULL &&
	    strlen(cli->s.cfg.region.code) == 4)
		o.region_code = cli->s.cfg.region.code;
	if (gen_run(&o, err, sizeof err) == -1) {
		log_warnx("%s", err);
		session_close(&cli->s);
		return EX_CANTCREAT;
	}
	printf(_("synthetic region written to %s (scale %d, seed %llu, the month"
	    " before %s, %s itself%s; expected figures in gen-harapan.txt, the "
	    "settings they assume in gen-konfig.conf)\n"), o.outdir, o.scale,
	    o.seed, o.period, o.period, o.months > 2 ? _(" and the month after") :
	    "");
	session_close(&cli->s);
	return EX_OK;
}

/* rekon daemon: no arguments; the process is daemon/'s. */
int
cmd_daemon(struct cli *cli, int argc, char **argv)
{
	int rc;

	(void)argv;
	if (argc != 1) {
		command_usage(stderr, cli->command);
		return EX_USAGE;
	}
	if ((rc = session_load_config(&cli->s)) != EX_OK)
		return rc;
	return daemon_main(&cli->s);
}
