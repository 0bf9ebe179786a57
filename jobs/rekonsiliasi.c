/*
 * rekonsiliasi.c — the rekonsiliasi job (rules.md §2–§7, §9, §10): the
 * period's rules (sql/rules/20_feedback.sql … 66_usul_nonaktif.sql), the
 * scoring of §10's pairs (67_calon_ganda.sql) in a transaction of its own,
 * then the
 * rekonsiliasi workbook, the JSON summary, and the summary sent to the
 * office's webhook.
 */
#include <stdio.h>
#include <sysexits.h>

#include "job.h"
#include "json_summary.h"
#include "log.h"
#include "report.h"
#include "rules.h"
#include "webhook.h"

int
job_rekonsiliasi(struct session *s, const struct job_args *a,
    struct job_result *res)
{
	struct report_ctx rc;
	char dir[4096], path[4096];
	json_t *summary;
	int st;

	if ((st = rules_rekonsiliasi(s->conn, &s->cfg, a->period, a->force,
	    res->msg, sizeof res->msg)) != RULES_OK) {
		return job_rules_failed(st, NULL, res);
	}
	if (a->after_rules != NULL)
		a->after_rules(s, a);
	/* §10's scoring after the commit: run all's sk writes the SK list's
	 * workbooks beside it. */
	if ((st = rules_calon_ganda(s->conn, &s->cfg, a->period, res->msg,
	    sizeof res->msg)) != RULES_OK)
		return job_rules_failed(st, NULL, res);
	res->msg[0] = '\0';	/* what the rules said on success is no message */
	if (job_outdir(s, a->period, dir, sizeof dir) == -1)
		return EX_CANTCREAT;
	job_report_ctx(&rc, s, a, dir);
	if (a->out != NULL)
		fprintf(a->out, "rekonsiliasi %s:\n", a->period);
	if ((st = report_rekonsiliasi(s->conn, &rc, res->msg,
	    sizeof res->msg)) != 0) {
		log_warnx("rekonsiliasi %s: %s", a->period, res->msg);
		return report_exit_code(s->conn, st);
	}
	if ((summary = json_summary_build(s->conn, &s->cfg, a->period, rc.made,
	    res->msg, sizeof res->msg)) == NULL ||
	    json_summary_write(summary, dir, a->period, path, sizeof path,
	    res->msg, sizeof res->msg) == -1) {
		json_decref(summary);
		log_warnx("rekonsiliasi %s: %s", a->period, res->msg);
		return EX_CANTCREAT;
	}
	if (a->out != NULL)
		fprintf(a->out, "  %s\n", path);
	/* The reports are ready: tell the office (never fails the job). */
	(void)webhook_send_summary(&s->cfg, summary);
	json_decref(summary);
	res->msg[0] = '\0';
	(void)job_say_missing(s, a, "rekonsiliasi",
	    "dtks,peserta,feedback,usulan,kematian", res);
	return EX_OK;
}
