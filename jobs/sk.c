/*
 * sk.c — the sk job (rules.md §6, outputs.md): the SK list within the
 * quota (sql/rules/30_peserta.sql), its lampiran workbook, and with
 * --final the period closed once the lampiran that is signed is written.
 */
#include <stdio.h>
#include <sysexits.h>

#include "job.h"
#include "log.h"
#include "report.h"
#include "rules.h"

static int
rules_failed(enum rules_status st, struct job_result *res)
{
	log_warnx("%s", res->msg);
	return rules_exit_code(st);
}

int
job_sk(struct session *s, const struct job_args *a, struct job_result *res)
{
	struct report_ctx rc;
	char dir[4096];
	int st;

	if ((st = rules_sk(s->conn, a->period, 0, a->force, NULL, NULL,
	    res->msg, sizeof res->msg)) != RULES_OK)
		return rules_failed(st, res);
	res->msg[0] = '\0';	/* what the rules said on success is no message */
	if (job_outdir(s, a->period, dir, sizeof dir) == -1)
		return EX_CANTCREAT;
	job_report_ctx(&rc, s, a, dir);
	if (a->out != NULL)
		fprintf(a->out, "sk %s:\n", a->period);
	if ((st = report_sk(s->conn, &rc, res->msg, sizeof res->msg)) != 0) {
		log_warnx("sk %s: %s", a->period, res->msg);
		return report_exit_code(s->conn, st);
	}
	res->msg[0] = '\0';
	/* Close only once the lampiran that is signed has been written. */
	if (!a->final)
		return EX_OK;
	if ((st = rules_sk(s->conn, a->period, 1, a->force, rc.sk_nomor,
	    rc.sk_tanggal, res->msg, sizeof res->msg)) != RULES_OK)
		return rules_failed(st, res);
	if (a->out != NULL)
		fprintf(a->out, "  %s is closed: its SK list is kept as signed\n",
		    a->period);
	res->msg[0] = '\0';
	return EX_OK;
}
