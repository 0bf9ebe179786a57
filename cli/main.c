/*
 * main.c — the `rekon` command line: global options, then one subcommand
 * from the table below, each with its own --help.
 *
 * Exit codes follow sysexits.h (operations.md): 0 ok, 64 usage, 65 bad
 * data, 66 no input, 69 database unavailable, 70 internal error, 78
 * configuration.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>

#include "cli.h"
#include "config.h"
#include "i18n.h"
#include "log.h"

#ifndef REKON_VERSION
#define REKON_VERSION "0.1.0"
#endif

static const struct command commands[] = {
	{ "import", cmd_import, "import [KIND] FILE... [--period P] [--segmen S] [--label L] [--force]",
	  N_("import files now (kinds: dtks, usulan, feedback, peserta, segmen, kematian, kependudukan, keputusan)"), 1 },
	{ "batches", cmd_batches, "batches [--period P] [--json]",
	  N_("the import history: one line per batch with its counts"), 0 },
	{ "batch", cmd_batch, "batch drop ID [--force]",
	  N_("remove an imported batch and its rows"), 0 },
	{ "db", cmd_db, "db init|migrate|start|stop|status|psql|backup FILE [--force]|restore FILE [--yes]",
	  N_("the schema and the embedded PostgreSQL cluster"), 1 },
	{ "config", cmd_config, "config check",
	  N_("parse and validate the configuration; print the effective values"), 0 },
	{ "gen", cmd_gen, "gen --out DIR [--scale N] [--seed S] [--period P] [--months 2|3] [--kependudukan] [--ganda]",
	  N_("write a synthetic region's input files (P-1, P and P+1)"), 0 },
	{ "status", cmd_status, "status [--json]",
	  N_("each job's last run, outcome and next run; the batches of recent periods"), 0 },
	{ "report", cmd_report, "report usulan|rekonsiliasi|sk --period P [--nomor N] [--tanggal D]",
	  N_("write a period's workbooks again from its stored results"), 0 },
	{ "demo", cmd_demo, "demo [--scale N] [--dir DIR]",
	  N_("a synthetic region's three months on the embedded PostgreSQL (in ./demo)"), 1 },
	{ "daemon", cmd_daemon, "daemon", N_("the scheduler, in the foreground"), 1 },
	{ "web", cmd_web, "web", N_("the office's web front, in the foreground"), 0 },
	{ "user", cmd_user, "user add NAME --role ROLE [--kelurahan \"KEC/KEL\"] | passwd NAME"
	  " | disable NAME | list",
	  N_("the web front's users (a password is read from standard input)"), 0 },
	{ "run", cmd_run, "run usulan|rekonsiliasi|sk|all --period P [--force]"
	  " | run fetch|inbox | run retensi [--dry-run]",
	  N_("run one job now (all: usulan, rekonsiliasi, sk in order)"), 1 },
	{ "usulan", cmd_job, "usulan --period P [--final] [--force]",
	  N_("proposal checks, the quota queue, the lists for BPJS and the kelurahan;"
	  " --final records the list as sent"), 1 },
	{ "rekonsiliasi", cmd_job, "rekonsiliasi --period P [--force]",
	  N_("the reconciliation workbook and JSON summary"), 1 },
	{ "sk", cmd_job, "sk --period P [--nomor N] [--tanggal D] [--final] [--force]",
	  N_("the SK lampiran; --final closes the period"), 1 },
	{ "cek", cmd_cek, "cek [--period P] NIK... | --kk NOKK [--online | --json]",
	  N_("membership check of people or a family"), 0 },
	{ "ringkasan", cmd_ringkasan, "ringkasan --period P [--json]",
	  N_("a reconciled month's headline figures and the inputs it lacked"), 0 },
	{ "kasus", cmd_kasus, "kasus NIK... | --kk NOKK [--json]",
	  N_("a person's history across months: proposals, answers, lists, SK"), 0 },
	{ NULL, NULL, NULL, NULL, 0 }
};

static void
usage(FILE *fp)
{
	const struct command *c;

	fprintf(fp, _("usage: rekon [-c FILE] [-v | -q] COMMAND [ARGS]\n"
	    "       rekon --version | --help | help [COMMAND] | COMMAND --help\n\n"
	    "  -c FILE   configuration (default /etc/rekon/rekon.conf, else ./rekon.conf)\n"
	    "  -v        more log output (twice: debug)\n"
	    "  -q        only warnings and errors\n\ncommands:\n"));
	for (c = commands; c->name != NULL; c++)
		fprintf(fp, "  %-13s %s\n", c->name, _(c->summary));
}

const struct command *
cli_command(const char *name)
{
	const struct command *c;

	for (c = commands; c->name != NULL; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

int
main(int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct cli cli = { 0 };
	const struct command *c;
	int ch, verbose = 1;

	/* Workbooks, backups and state hold personal data: never world-readable. */
	umask(027);
	i18n_init();
	while ((ch = getopt_long(argc, argv, "+c:vqh", opts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			cli.s.config_path = optarg;
			break;
		case 'v':
			verbose++;
			break;
		case 'q':
			verbose = 0;
			break;
		case 'h':
			usage(stdout);
			return EX_OK;
		case 'V':
			printf("rekon %s\n", REKON_VERSION);
			return EX_OK;
		default:
			usage(stderr);
			return EX_USAGE;
		}
	}
	log_init(verbose, 0);
	cli.verbose = verbose;
	if (optind >= argc) {
		usage(stderr);
		return EX_USAGE;
	}
	/* rekon help [COMMAND] */
	if (strcmp(argv[optind], "help") == 0) {
		if (optind + 1 >= argc) {
			usage(stdout);
			return EX_OK;
		}
		if ((c = cli_command(argv[optind + 1])) == NULL) {
			log_warnx("unknown command \"%s\"", argv[optind + 1]);
			usage(stderr);
			return EX_USAGE;
		}
		command_help(stdout, c);
		return EX_OK;
	}
	if ((c = cli_command(argv[optind])) == NULL) {
		log_warnx("unknown command \"%s\"", argv[optind]);
		usage(stderr);
		return EX_USAGE;
	}
	cli.command = c;
	cli.s.may_create = c->creates;
	argc -= optind;
	argv += optind;
	if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		command_help(stdout, c);
		return EX_OK;
	}
	optind = 0;	/* each command parses its own options (0: glibc reinitialises) */
	return c->fn(&cli, argc, argv);
}
