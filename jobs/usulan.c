/*
 * usulan.c — the usulan job (rules.md §1): the period's proposals checked
 * (sql/rules/10_usulan.sql), then the usulan workbook and the kembali/
 * books (reports/report_usulan.c) written into <outbox>/<P>/.
 */
#include <stdio.h>
#include <sysexits.h>

#include "job.h"
#include "log.h"
#include "report.h"
#include "rules.h"

int
job_usulan(struct session *s, const struct job_args *a, struct job_result *res)
{
	struct report_ctx rc;
	char dir[4096];
	int st;

	if ((st = rules_usulan(s->conn, &s->cfg, a->period, a->force, res->msg,
	    sizeof res->msg)) != RULES_OK) {
		log_warnx("%s", res->msg);
		return rules_exit_code(st);
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
	return EX_OK;
}
