/*
 * usulan.c — the usulan job (rules.md §1, §8): the period's proposals
 * checked (sql/rules/10_usulan.sql), then the usulan workbook, its CSV and
 * the kembali/ books (reports/report_usulan.c) written into <outbox>/<P>/.
 *
 * A period whose list was recorded as sent (`--final`, table usulan_final)
 * is frozen: its outcomes and CSV stay as sent, and a run (by hand, or the
 * daemon's after a feedback import, also when the period is closed) only
 * rebuilds kembali/ from them and the current feedback, and says so.
 * --force reruns it whole; the sent list is then recorded as replaced.
 *
 * --final records the list as written: when P's outcomes are stored and its
 * CSV agrees with them (as many rows as DITERUSKAN rows), that CSV, the one
 * the operator checked and sent, is recorded without running again (an
 * import since then would otherwise change the list between sending and
 * recording); else usulan runs whole first and its CSV is recorded.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "csvsrc.h"
#include "job.h"
#include "log.h"
#include "report.h"
#include "rules.h"

/* The CSV as written is what was sent: its SHA-256 recorded. */
static int
record_sent(struct session *s, const struct job_args *a, const char *dir,
    struct job_result *res)
{
	struct csvsrc_info info;
	char path[4096 + 32], who[256];
	enum rules_status st;

	snprintf(path, sizeof path, "%s/usulan-%s-bpjs.csv", dir, a->period);
	if (csvsrc_scan(path, 0, &info, res->msg, sizeof res->msg) == -1) {
		log_warnx("usulan %s: %s", a->period, res->msg);
		return EX_IOERR;
	}
	/* The web user who asked the daemon, else whoever runs rekon. */
	snprintf(who, sizeof who, "%s", a->user ? a->user : job_login_name());
	if ((st = rules_usulan_record_sent(s->conn, a->period,
	    info.sha256_hex, who, res->msg, sizeof res->msg)) != RULES_OK) {
		char what[32];

		snprintf(what, sizeof what, "usulan %s", a->period);
		return job_rules_failed(st, what, res);
	}
	if (a->out != NULL)
		fprintf(a->out, "  %s recorded as sent to BPJS by %s (SHA-256 %s):"
		    " its outcomes and CSV are frozen\n", a->period, who,
		    info.sha256_hex);
	log_info("usulan %s: recorded as sent by %s", a->period, who);
	return EX_OK;
}

static int
count_rec(const struct csvsrc_rec *rec, void *arg)
{
	(void)rec;
	++*(long long *)arg;
	return 0;
}

/*
 * --final of a list already written: 1 when P's outcomes are stored, P is
 * not closed and <dir>/usulan-P-bpjs.csv has a row for each DITERUSKAN one
 * (the header aside), 0 when usulan must run whole first, -1 on error.
 */
static int
written_list(struct session *s, const struct job_args *a, const char *dir,
    struct job_result *res)
{
	struct csvsrc_opts o = { .delim = ';' };
	struct csvsrc_info info;
	char path[4096 + 32], err[512];
	long long want = 0, got = 0;
	int st;

	if ((st = rules_usulan_diteruskan(s->conn, a->period, &want, res->msg,
	    sizeof res->msg)) != 1 || (st = rules_period_closed(s->conn,
	    a->period, res->msg, sizeof res->msg)) != 0)
		return st == -1 ? -1 : 0;
	snprintf(path, sizeof path, "%s/usulan-%s-bpjs.csv", dir, a->period);
	/* (A missing or unreadable file: usulan writes it again.) */
	if (csvsrc_scan(path, 0, &info, err, sizeof err) == -1 ||
	    csvsrc_read(path, &info, &o, count_rec, &got, NULL, err,
	    sizeof err) == -1)
		return 0;
	return got == want + 1;
}

/* A frozen period: kembali/ from its outcomes and the current feedback. */
static int
kembali_only(struct session *s, const struct job_args *a, const char *when,
    const char *who, struct job_result *res)
{
	struct report_ctx rc;
	char dir[4096];
	int st;

	if ((st = rules_usulan_feedback(s->conn, a->period, res->msg,
	    sizeof res->msg)) != RULES_OK) {
		return job_rules_failed(st, NULL, res);
	}
	res->msg[0] = '\0';
	if (job_outdir(s, a->period, dir, sizeof dir) == -1)
		return EX_CANTCREAT;
	job_report_ctx(&rc, s, a, dir);
	if (a->out != NULL)
		fprintf(a->out, "usulan %s: sent to BPJS on %s by %s: its outcomes"
		    " and CSV are kept as sent; only kembali/ is rebuilt (--force"
		    " reruns it whole)\n", a->period, when, who);
	if ((st = report_kembali(s->conn, &rc, res->msg, sizeof res->msg)) != 0) {
		log_warnx("usulan %s: %s", a->period, res->msg);
		return report_exit_code(s->conn, st);
	}
	snprintf(res->msg, sizeof res->msg, "sent on %s: only kembali/ rebuilt",
	    when);
	return EX_OK;
}

int
job_usulan(struct session *s, const struct job_args *a, struct job_result *res)
{
	struct report_ctx rc;
	char dir[4096], when[64], who[256];
	int st, sent;

	/* A period retention emptied: not even kembali/ from what is left. */
	if ((st = rules_not_retained(s->conn, "usulan", a->period, res->msg,
	    sizeof res->msg)) != RULES_OK)
		return job_rules_failed(st, NULL, res);
	if ((sent = rules_usulan_sent(s->conn, a->period,
	    s->cfg.region.timezone, when, sizeof when, who, sizeof who,
	    res->msg, sizeof res->msg)) == -1) {
		log_warnx("%s", res->msg);
		return EX_UNAVAILABLE;
	}
	if (sent && !a->force)
		return kembali_only(s, a, when, who, res);
	if (a->final && !a->force) {
		if (job_outdir(s, a->period, dir, sizeof dir) == -1)
			return EX_CANTCREAT;
		if ((st = written_list(s, a, dir, res)) == -1) {
			log_warnx("%s", res->msg);
			return EX_UNAVAILABLE;
		}
		res->msg[0] = '\0';
		if (st == 1) {
			if (a->out != NULL)
				fprintf(a->out, "usulan %s: the list as written"
				    " (usulan-%s-bpjs.csv), not run again\n",
				    a->period, a->period);
			return record_sent(s, a, dir, res);
		}
	}
	if ((st = rules_usulan(s->conn, &s->cfg, a->period, a->force, res->msg,
	    sizeof res->msg)) != RULES_OK) {
		return job_rules_failed(st, NULL, res);
	}
	res->msg[0] = '\0';	/* what the rules said on success is no message */
	if (job_outdir(s, a->period, dir, sizeof dir) == -1)
		return EX_CANTCREAT;
	job_report_ctx(&rc, s, a, dir);
	if (a->out != NULL)
		fprintf(a->out, "usulan %s:\n", a->period);
	if ((st = report_usulan(s->conn, &rc, res->msg, sizeof res->msg)) != 0) {
		log_warnx("usulan %s: %s", a->period, res->msg);
		return report_exit_code(s->conn, st);
	}
	res->msg[0] = '\0';
	(void)job_say_missing(s, a, "usulan", "dtks,usulan,kematian", res);
	/* --final records it; a --force rerun of a sent list replaces it. */
	if (a->final || sent)
		return record_sent(s, a, dir, res);
	return EX_OK;
}
