/*
 * cmd_jobs.c — the monthly jobs from the command line:
 *
 *   rekon usulan --period P [--force]
 *   rekon rekonsiliasi --period P [--force]
 *   rekon sk --period P [--nomor N] [--tanggal D] [--final] [--force]
 *   rekon run usulan|rekonsiliasi|sk|all [--period P] [--force]
 *   rekon run fetch|inbox [--period P], rekon run retensi [--dry-run]
 *
 * A job = its rules (jobs/rules.c, SQL) and then its outputs (reports/),
 * written into <outbox>/<P>/. `run all` runs usulan, rekonsiliasi and sk
 * in that order and stops at the first that fails; sk starts in a child
 * process as soon as rekonsiliasi's rules have committed, so the two big
 * workbooks are written at once (run_all below).
 */
#include <sys/wait.h>

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "daemon.h"
#include "db.h"
#include "fetch.h"
#include "jobrun.h"
#include "json_summary.h"
#include "log.h"
#include "period.h"
#include "report.h"
#include "retensi.h"
#include "rules.h"
#include "util.h"
#include "webhook.h"

/* The last job's error in plain words, for the job_run row's message. */
static char job_err[4096];

struct job_opts {
	char		 period[8];
	int		 force;
	int		 final;
	int		 dry_run;	/* run retensi only */
	const char	*nomor;
	const char	*tanggal;
	/* run all: called once rekonsiliasi's rules have committed */
	void		(*after_rules)(struct cli *, const struct job_opts *);
};

static int
job_outdir(struct cli *cli, const char *period, char *dir, size_t dirsz)
{
	snprintf(dir, dirsz, "%s/%s", cli->cfg.paths.outbox, period);
	if (util_mkdirs(dir, 0750) == -1) {
		log_warn("%s", dir);
		return -1;
	}
	return 0;
}

/* Every file a writer puts in place is named on standard output. */
static void
print_written(void *arg, const char *path)
{
	(void)arg;
	printf("  %s\n", path);
}

static void
report_ctx_init(struct report_ctx *rc, struct cli *cli, const struct job_opts *o,
    const char *dir)
{
	memset(rc, 0, sizeof *rc);
	rc->wrote = print_written;
	rc->period = o->period;
	rc->outdir = dir;
	rc->cfg = &cli->cfg;
	rc->sk_nomor = o->nomor ? o->nomor : cli->cfg.sk.nomor;
	rc->sk_tanggal = o->tanggal ? o->tanggal : cli->cfg.sk.tanggal.text;
	rc->made = time(NULL);
}

static int
rules_failed(int st, const char *err)
{
	snprintf(job_err, sizeof job_err, "%s", err);
	log_warnx("%s", err);
	return rules_exit_code(st);
}

static int
job_usulan(struct cli *cli, const struct job_opts *o)
{
	struct report_ctx rc;
	char err[4096], dir[4096];
	int st;

	if ((st = rules_usulan(cli->conn, &cli->cfg, o->period, o->force, err,
	    sizeof err)) != RULES_OK)
		return rules_failed(st, err);
	if (job_outdir(cli, o->period, dir, sizeof dir) == -1)
		return EX_CANTCREAT;
	report_ctx_init(&rc, cli, o, dir);
	printf("usulan %s:\n", o->period);
	if ((st = report_usulan(cli->conn, &rc, err, sizeof err)) != 0) {
		snprintf(job_err, sizeof job_err, "%s", err);
		log_warnx("usulan %s: %s", o->period, err);
		return report_exit_code(cli->conn, st);
	}
	return EX_OK;
}

static int
job_rekonsiliasi(struct cli *cli, const struct job_opts *o)
{
	struct report_ctx rc;
	char err[4096], dir[4096], path[4096];
	int st;
	json_t *summary;

	if ((st = rules_rekonsiliasi(cli->conn, &cli->cfg, o->period, o->force,
	    err, sizeof err)) != RULES_OK)
		return rules_failed(st, err);
	if (o->after_rules != NULL)
		o->after_rules(cli, o);
	if (job_outdir(cli, o->period, dir, sizeof dir) == -1)
		return EX_CANTCREAT;
	report_ctx_init(&rc, cli, o, dir);
	printf("rekonsiliasi %s:\n", o->period);
	if ((st = report_rekonsiliasi(cli->conn, &rc, err, sizeof err)) != 0) {
		snprintf(job_err, sizeof job_err, "%s", err);
		log_warnx("rekonsiliasi %s: %s", o->period, err);
		return report_exit_code(cli->conn, st);
	}
	if ((summary = json_summary_build(cli->conn, &cli->cfg, o->period, rc.made,
	    err, sizeof err)) == NULL ||
	    json_summary_write(summary, dir, o->period, path, sizeof path, err,
	    sizeof err) == -1) {
		json_decref(summary);
		snprintf(job_err, sizeof job_err, "%s", err);
		log_warnx("rekonsiliasi %s: %s", o->period, err);
		return EX_CANTCREAT;
	}
	print_written(NULL, path);
	/* The reports are ready: tell the office (never fails the job). */
	(void)webhook_send_summary(&cli->cfg, summary);
	json_decref(summary);
	return EX_OK;
}

static int
job_sk(struct cli *cli, const struct job_opts *o)
{
	struct report_ctx rc;
	char err[4096], dir[4096];
	int st;

	if ((st = rules_sk(cli->conn, o->period, 0, o->force, NULL, NULL, err,
	    sizeof err)) != RULES_OK)
		return rules_failed(st, err);
	if (job_outdir(cli, o->period, dir, sizeof dir) == -1)
		return EX_CANTCREAT;
	report_ctx_init(&rc, cli, o, dir);
	printf("sk %s:\n", o->period);
	if ((st = report_sk(cli->conn, &rc, err, sizeof err)) != 0) {
		snprintf(job_err, sizeof job_err, "%s", err);
		log_warnx("sk %s: %s", o->period, err);
		return report_exit_code(cli->conn, st);
	}
	/* Close only once the lampiran that is signed has been written. */
	if (o->final && (st = rules_sk(cli->conn, o->period, 1, o->force,
	    rc.sk_nomor, rc.sk_tanggal, err, sizeof err)) != RULES_OK)
		return rules_failed(st, err);
	if (o->final)
		printf("  %s is closed: its SK list is kept as signed\n", o->period);
	return EX_OK;
}

static const struct {
	const char *name;
	int (*fn)(struct cli *, const struct job_opts *);
} jobs[] = {
	{ "usulan", job_usulan },
	{ "rekonsiliasi", job_rekonsiliasi },
	{ "sk", job_sk },
};

/* Options shared by the job commands. Returns EX_OK or EX_USAGE. */
static int
parse_job_opts(struct cli *cli, int argc, char **argv, struct job_opts *o,
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
			if (!sk_opts) {
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
default_period(struct cli *cli, struct job_opts *o)
{
	if (o->period[0] != '\0')
		return EX_OK;
	if (!period_current(cli->cfg.region.timezone, o->period)) {
		log_warnx("cannot tell the current month in %s", cli->cfg.region.timezone);
		return EX_CONFIG;
	}
	return EX_OK;
}

/* One job, its run recorded in job_run (no record when that fails: the
 * job itself matters more than its history line). */
static int
run_recorded(struct cli *cli, size_t i, struct job_opts *o, const char *trigger)
{
	char err[1024];
	long long id;
	int rc;

	if ((id = jobrun_open(cli->conn, jobs[i].name, o->period, trigger, 0,
	    err, sizeof err)) == -1)
		log_warnx("job_run: %s", err);
	job_err[0] = '\0';
	rc = jobs[i].fn(cli, o);
	if (rc != EX_OK && job_err[0] == '\0')
		snprintf(job_err, sizeof job_err, "exit %d", rc);
	if (id != -1 && jobrun_close(cli->conn, id, rc == EX_OK ? "OK" : "GAGAL",
	    rc == EX_OK ? "" : job_err, err, sizeof err) == -1)
		log_warnx("job_run: %s", err);
	if (rc != EX_OK)
		(void)webhook_send_failure(&cli->cfg, jobs[i].name, o->period,
		    "GAGAL", job_err);
	return rc;
}

/* run all's sk in a child process (see run_all): its pid, and the file
 * holding what it writes on standard output until the parent prints it. */
static pid_t sk_child = -1;
static FILE *sk_output;

enum { JOB_USULAN, JOB_REKONSILIASI, JOB_SK };

/* rekonsiliasi's rules have committed: start sk beside its outputs. The
 * child leaves the parent's connection alone (closing it would end the
 * parent's session) and opens its own. When no child can be made, sk runs
 * afterwards in the parent, as before. */
static void
start_sk_child(struct cli *cli, const struct job_opts *o)
{
	struct job_opts so = *o;
	int rc;

	so.after_rules = NULL;
	if ((sk_output = tmpfile()) == NULL) {
		log_warn("run all: temporary file for sk");
		return;
	}
	fflush(stdout);
	fflush(stderr);
	if ((sk_child = fork()) == -1) {
		log_warn("run all: fork for sk");
		fclose(sk_output);
		sk_output = NULL;
		return;
	}
	if (sk_child != 0)
		return;
	if (dup2(fileno(sk_output), STDOUT_FILENO) == -1)
		_exit(EX_OSERR);
	cli->conn = NULL;
	rc = cli_connect(cli);
	if (rc == EX_OK)
		rc = run_recorded(cli, JOB_SK, &so, "manual");
	fflush(stdout);
	if (cli->conn != NULL)
		PQfinish(cli->conn);
	_exit(rc);
}

/* The sk child's exit code, its output printed after rekonsiliasi's. */
static int
finish_sk_child(void)
{
	char buf[8192];
	size_t n;
	int status, rc;

	while (waitpid(sk_child, &status, 0) == -1)
		if (errno != EINTR) {
			log_warn("run all: waiting for sk");
			return EX_OSERR;
		}
	rc = WIFEXITED(status) ? WEXITSTATUS(status) : EX_SOFTWARE;
	if (WIFSIGNALED(status))
		log_warnx("run all: sk ended by signal %d", WTERMSIG(status));
	rewind(sk_output);
	while ((n = fread(buf, 1, sizeof buf, sk_output)) > 0)
		fwrite(buf, 1, n, stdout);
	fclose(sk_output);
	sk_output = NULL;
	sk_child = -1;
	return rc;
}

/*
 * usulan, rekonsiliasi, sk. sk reads only what rekonsiliasi's rules wrote
 * (the SK list), and so do rekonsiliasi's outputs, so once those rules have
 * committed the two run side by side: the parent writes rekonsiliasi's
 * workbook, JSON and webhook, a child (own connection, own job_run record)
 * runs sk. On two cores that is the two largest workbooks at once. Exit:
 * the first failure in job order; sk runs to its end even when
 * rekonsiliasi's outputs fail, as it would have nothing to wait for.
 */
static int
run_all(struct cli *cli, struct job_opts *o)
{
	int rc, rc_sk;

	if ((rc = run_recorded(cli, JOB_USULAN, o, "manual")) != EX_OK)
		return rc;
	o->after_rules = start_sk_child;
	rc = run_recorded(cli, JOB_REKONSILIASI, o, "manual");
	o->after_rules = NULL;
	if (sk_child > 0) {
		rc_sk = finish_sk_child();
		return rc != EX_OK ? rc : rc_sk;
	}
	if (rc != EX_OK)
		return rc;
	return run_recorded(cli, JOB_SK, o, "manual");
}

static int
run_named(struct cli *cli, const char *name, struct job_opts *o)
{
	size_t i;
	int rc;

	if ((rc = cli_connect(cli)) != EX_OK || (rc = default_period(cli, o)) != EX_OK)
		return rc;
	if (strcmp(name, "all") == 0)
		return run_all(cli, o);
	for (i = 0; i < sizeof jobs / sizeof jobs[0]; i++)
		if (strcmp(name, jobs[i].name) == 0)
			return run_recorded(cli, i, o, "manual");
	return EX_USAGE;
}

int
job_run_daemon(struct cli *cli, const char *name, const char *period,
    long long run, char *msg, size_t msgsz)
{
	struct job_opts o;
	size_t i;
	int rc;

	if (strcmp(name, "fetch") == 0)
		return fetch_run(cli->conn, &cli->cfg, NULL, msg, msgsz);
	if (strcmp(name, "retensi") == 0)
		return retensi_daemon(cli, run, msg, msgsz);
	memset(&o, 0, sizeof o);
	snprintf(o.period, sizeof o.period, "%s", period);
	for (i = 0; i < sizeof jobs / sizeof jobs[0]; i++) {
		if (strcmp(name, jobs[i].name) != 0)
			continue;
		job_err[0] = '\0';
		rc = jobs[i].fn(cli, &o);
		if (rc != EX_OK && job_err[0] == '\0')
			snprintf(job_err, sizeof job_err, "exit %d", rc);
		snprintf(msg, msgsz, "%s", rc == EX_OK ? "" : job_err);
		return rc;
	}
	snprintf(msg, msgsz, "unknown job %s", name);
	return EX_SOFTWARE;
}

/* rekon usulan / rekonsiliasi / sk: the command's name is the job. */
int
cmd_job(struct cli *cli, int argc, char **argv)
{
	struct job_opts o;
	int rc;

	if ((rc = parse_job_opts(cli, argc, argv, &o,
	    strcmp(cli->command->name, "sk") == 0)) != EX_OK)
		return rc;
	if (optind != argc || o.period[0] == '\0' || o.dry_run) {
		command_usage(stderr, cli->command);
		return EX_USAGE;
	}
	rc = run_named(cli, cli->command->name, &o);
	cli_close(cli);
	return rc;
}

/* The jobs that move files rather than write outputs: fetch and inbox. */
typedef int (*file_job_fn)(struct cli *, const char *period);

static file_job_fn
file_job(const char *name)
{
	if (strcmp(name, "fetch") == 0)
		return fetch_command;
	if (strcmp(name, "inbox") == 0)
		return inbox_command;
	return NULL;
}

/* run retensi [--dry-run]: no period of its own (it is recorded under the
 * current month, as fetch and inbox); a dry run needs no database. */
static int
run_retensi(struct cli *cli, struct job_opts *o)
{
	int rc;

	if (o->period[0] != '\0' || o->force || o->final || o->nomor != NULL ||
	    o->tanggal != NULL) {
		log_warnx("run retensi takes no option but --dry-run: it works"
		    " from the current month");
		return EX_USAGE;
	}
	if (o->dry_run)
		rc = cli_load_config(cli);
	else
		rc = cli_connect(cli);
	if (rc == EX_OK && (rc = default_period(cli, o)) == EX_OK)
		rc = retensi_command(cli, o->period, o->dry_run);
	cli_close(cli);
	return rc;
}

int
cmd_run(struct cli *cli, int argc, char **argv)
{
	file_job_fn fn;
	struct job_opts o;
	const char *name;
	int rc;

	if (argc < 2) {
		command_usage(stderr, cli->command);
		return EX_USAGE;
	}
	name = argv[1];
	if ((rc = parse_job_opts(cli, argc - 1, argv + 1, &o, 1)) != EX_OK)
		return rc;
	if (strcmp(name, "retensi") == 0)
		return run_retensi(cli, &o);
	if (o.dry_run) {
		log_warnx("--dry-run is for run retensi only");
		return EX_USAGE;
	}
	if ((fn = file_job(name)) != NULL) {
		if ((rc = cli_connect(cli)) == EX_OK &&
		    (rc = default_period(cli, &o)) == EX_OK)
			rc = fn(cli, o.period);
		cli_close(cli);
		return rc;
	}
	if (strcmp(name, "all") != 0 && strcmp(name, "usulan") != 0 &&
	    strcmp(name, "rekonsiliasi") != 0 && strcmp(name, "sk") != 0) {
		log_warnx("unknown job \"%s\": fetch, inbox, retensi, usulan,"
		    " rekonsiliasi, sk or all", name);
		return EX_USAGE;
	}
	rc = run_named(cli, name, &o);
	cli_close(cli);
	return rc;
}
