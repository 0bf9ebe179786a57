/*
 * job.c — the job table, the recorded run and `run all` (see job.h).
 */
#include "job.h"

#include <sys/wait.h>

#include <errno.h>
#include <pwd.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "cron.h"
#include "db.h"
#include "jobrun.h"
#include "log.h"
#include "period.h"
#include "report.h"
#include "rules.h"
#include "util.h"
#include "webhook.h"

static const struct config_schedule *
schedule_fetch(const struct config *cfg)
{
	/* Only worth a turn when there is a source to fetch from. */
	return cfg->nsources > 0 ? &cfg->schedule.fetch : NULL;
}

static const struct config_schedule *
schedule_usulan(const struct config *cfg)
{
	return &cfg->schedule.usulan;
}

static const struct config_schedule *
schedule_rekonsiliasi(const struct config *cfg)
{
	return &cfg->schedule.rekonsiliasi;
}

static const struct config_schedule *
schedule_retention(const struct config *cfg)
{
	return &cfg->schedule.retention;
}

const struct job job_table[] = {
	/* name		monthly	[schedule]		run */
	{ "fetch",		0, schedule_fetch,	  job_fetch },
	{ "inbox",		0, NULL,		  job_inbox },
	{ "usulan",		1, schedule_usulan,	  job_usulan },
	{ "rekonsiliasi",	1, schedule_rekonsiliasi, job_rekonsiliasi },
	{ "sk",			1, NULL,		  job_sk },
	{ "retensi",		0, schedule_retention,	  job_retention },
	{ NULL, 0, NULL, NULL }
};

const char *
job_login_name(void)
{
	static char name[256];
	const struct passwd *pw;
	const char *sudo = getenv("SUDO_USER");

	if (name[0] != '\0')
		return name;
	if (geteuid() == 0 && sudo != NULL && *sudo != '\0')
		snprintf(name, sizeof name, "%s", sudo);
	else if ((pw = getpwuid(geteuid())) != NULL)
		snprintf(name, sizeof name, "%s", pw->pw_name);
	else
		snprintf(name, sizeof name, "uid %ld", (long)geteuid());
	return name;
}

const struct job *
job_find(const char *name)
{
	const struct job *j;

	for (j = job_table; j->name != NULL; j++)
		if (strcmp(j->name, name) == 0)
			return j;
	return NULL;
}

const struct config_schedule *
job_schedule(const struct job *j, const struct config *cfg)
{
	const struct config_schedule *s;

	if (j->schedule == NULL || (s = j->schedule(cfg)) == NULL ||
	    s->expr == NULL || s->expr[0] == '\0')
		return NULL;
	return s;
}

int
job_run_one(struct session *s, const struct job *j, const struct job_args *a,
    struct job_result *res)
{
	int rc;

	session_yield(s);	/* batch work: the web's requests first */
	res->msg[0] = '\0';
	res->rows = -1;
	res->refused = 0;
	rc = j->run(s, a, res);
	if (rc != EX_OK && res->msg[0] == '\0')
		snprintf(res->msg, sizeof res->msg, "exit %d", rc);
	return rc;
}

int
job_run_recorded(struct session *s, const struct job *j,
    const struct job_args *a, const char *trigger)
{
	static struct job_result res;
	char err[1024];
	long long id;
	int rc;

	if ((id = jobrun_open(s->conn, j->name, a->period, trigger, 0, err,
	    sizeof err)) == -1)
		log_warnx("job_run: %s", err);
	if (id != -1 && a->user != NULL && jobrun_set_user(s->conn, id, a->user,
	    err, sizeof err) == -1)
		log_warnx("job_run: %s", err);
	rc = job_run_one(s, j, a, &res);
	if (id != -1 && res.rows >= 0 && jobrun_set_rows(s->conn, id, res.rows,
	    err, sizeof err) == -1)
		log_warnx("job_run: %s", err);
	if (id != -1 && jobrun_close(s->conn, id, rc == EX_OK ? JOBRUN_OK :
	    res.refused ? JOBRUN_DITOLAK : JOBRUN_GAGAL, res.msg, err,
	    sizeof err) == -1)
		log_warnx("job_run: %s", err);
	if (rc != EX_OK && !res.refused)
		(void)webhook_send_failure(&s->cfg, j->name, a->period, JOBRUN_GAGAL,
		    res.msg);
	return rc;
}

int
job_rules_failed(int st, const char *prefix, struct job_result *res)
{
	if (prefix != NULL && *prefix != '\0')
		log_warnx("%s: %s", prefix, res->msg);
	else
		log_warnx("%s", res->msg);
	if (st == RULES_CLOSED)
		res->refused = 1;
	return rules_exit_code((enum rules_status)st);
}

int
job_say_missing(struct session *s, const struct job_args *a, const char *job,
    const char *kinds, struct job_result *res)
{
	const char *p[2] = { a->period, kinds };
	char err[512];
	PGresult *r;
	int n;

	if ((r = db_exec(s->conn, err, sizeof err, "SELECT array_to_string("
	    "array(SELECT k FROM unnest(rekon_masukan_kurang($1)) k"
	    " WHERE k = ANY (string_to_array($2, ','))), ', ')", 2, p)) == NULL) {
		log_warnx("%s %s: %s", job, a->period, err);
		return -1;
	}
	if ((n = PQgetvalue(r, 0, 0)[0] != '\0')) {
		snprintf(res->msg, sizeof res->msg, "no %s imported for %s: its"
		    " figures are incomplete", PQgetvalue(r, 0, 0), a->period);
		log_warnx("%s %s: %s", job, a->period, res->msg);
		if (a->out != NULL)
			fprintf(a->out, "  note: %s\n", res->msg);
	}
	PQclear(r);
	return n;
}

/* ---- rekon status ------------------------------------------------------ */

/* The next cron time of j as local text in the region's zone, or "-". */
static void
next_text(const struct job *j, const struct config *cfg, char *buf,
    size_t bufsz)
{
	const struct config_schedule *s;
	time_t next;
	struct tm tm;

	snprintf(buf, bufsz, "-");
	if ((s = job_schedule(j, cfg)) == NULL ||
	    cron_next(&s->cron, time(NULL), cfg->region.timezone, &next) == -1 ||
	    !period_localtime(cfg->region.timezone, next, &tm))
		return;
	strftime(buf, bufsz, "%Y-%m-%d %H:%M", &tm);
}

int
job_status_each(PGconn *c, const struct config *cfg,
    void (*fn)(void *, const struct job_status *), void *arg)
{
	struct job_status st;
	const struct job *j;
	char err[1024], next[64];
	const char *p[2];
	PGresult *r;

	for (j = job_table; j->name != NULL; j++) {
		p[0] = j->name;
		p[1] = cfg->region.timezone;
		if ((r = db_exec(c, err, sizeof err, "SELECT period,"
		    " to_char(started_at AT TIME ZONE $2, 'YYYY-MM-DD HH24:MI:SS'),"
		    " trigger, coalesce(outcome, 'BERJALAN'), coalesce(message, '')"
		    " FROM job_run WHERE job = $1 ORDER BY started_at DESC, id DESC"
		    " LIMIT 1", 2, p)) == NULL) {
			fprintf(stderr, "rekon: %s\n", err);
			return -1;
		}
		next_text(j, cfg, next, sizeof next);
		memset(&st, 0, sizeof st);
		st.job = j->name;
		st.next = next;
		if (PQntuples(r) == 1) {
			st.period = PQgetvalue(r, 0, 0);
			st.started = PQgetvalue(r, 0, 1);
			st.trigger = PQgetvalue(r, 0, 2);
			st.outcome = PQgetvalue(r, 0, 3);
			st.message = PQgetvalue(r, 0, 4);
		}
		fn(arg, &st);
		PQclear(r);
	}
	return 0;
}

static void
print_status(void *arg, const struct job_status *st)
{
	FILE *fp = arg;

	if (st->period == NULL)
		fprintf(fp, "%-13s %-7s %-19s %-8s %-9s %-16s\n", st->job, "-", "-",
		    "-", "-", st->next);
	else
		fprintf(fp, "%-13s %-7s %-19s %-8s %-9s %-16s %s\n", st->job,
		    st->period, st->started, st->trigger, st->outcome, st->next,
		    st->message);
}

int
job_print_status(PGconn *c, const struct config *cfg, FILE *fp)
{
	fprintf(fp, "%-13s %-7s %-19s %-8s %-9s %-16s %s\n", "JOB", "PERIOD",
	    "LAST RUN", "TRIGGER", "OUTCOME", "NEXT RUN", "MESSAGE");
	return job_status_each(c, cfg, print_status, fp);
}

/* ---- run all ------------------------------------------------------------ */

/* run all's sk in a child process: its pid, and the file holding what it
 * writes on standard output until the parent prints it. */
static pid_t sk_child = -1;
static FILE *sk_output;

/* rekonsiliasi's rules have committed: start sk beside its outputs. The
 * child leaves the parent's connection alone (closing it would end the
 * parent's session) and opens its own. When no child can be made, sk runs
 * afterwards in the parent, as before. */
static void
start_sk_child(struct session *s, const struct job_args *a)
{
	struct job_args sa = *a;
	int rc;

	sa.after_rules = NULL;
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
	s->conn = NULL;
	rc = session_connect(s);
	if (rc == EX_OK)
		rc = job_run_recorded(s, job_find("sk"), &sa, "manual");
	fflush(stdout);
	if (s->conn != NULL)
		PQfinish(s->conn);
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
 * Exit: the first failure in job order; sk runs to its end even when
 * rekonsiliasi's outputs fail, as it would have nothing to wait for.
 */
int
job_run_all(struct session *s, struct job_args *a)
{
	struct job_args ua = *a;
	int rc, rc_sk;

	/* run all --final closes the period (sk); recording usulan's list as
	 * sent is its own decision (`rekon usulan --final`). */
	ua.final = 0;
	if ((rc = job_run_recorded(s, job_find("usulan"), &ua, "manual")) != EX_OK)
		return rc;
	a->after_rules = start_sk_child;
	rc = job_run_recorded(s, job_find("rekonsiliasi"), a, "manual");
	a->after_rules = NULL;
	if (sk_child > 0) {
		rc_sk = finish_sk_child();
		return rc != EX_OK ? rc : rc_sk;
	}
	if (rc != EX_OK)
		return rc;
	return job_run_recorded(s, job_find("sk"), a, "manual");
}

/* ---- shared by the monthly jobs ---------------------------------------- */

int
job_outdir(const struct session *s, const char *period, char *dir,
    size_t dirsz)
{
	snprintf(dir, dirsz, "%s/%s", s->cfg.paths.outbox, period);
	if (util_mkdirs(dir, 0750) == -1) {
		log_warn("%s", dir);
		return -1;
	}
	return 0;
}

/* Every file a writer puts in place is named on the run's out. */
static void
print_written(void *arg, const char *path)
{
	if (arg != NULL)
		fprintf(arg, "  %s\n", path);
}

void
job_report_ctx(struct report_ctx *rc, const struct session *s,
    const struct job_args *a, const char *dir)
{
	memset(rc, 0, sizeof *rc);
	rc->wrote = print_written;
	rc->arg = a->out;
	rc->period = a->period;
	rc->outdir = dir;
	rc->cfg = &s->cfg;
	rc->sk_nomor = a->nomor ? a->nomor : s->cfg.sk.nomor;
	rc->sk_tanggal = a->tanggal ? a->tanggal : s->cfg.sk.tanggal.text;
	rc->made = time(NULL);
}
