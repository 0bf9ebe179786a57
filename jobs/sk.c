/*
 * sk.c — the sk job (rules.md §6, outputs.md): the SK list within the
 * quota (sql/rules/30_peserta.sql), its lampiran workbook, and with
 * --final the period closed once the lampiran that is signed is written.
 *
 * The SK approval chain (web.md, skchain.h) meets the job three times:
 *   - every lampiran written is remembered with what it prints (isi); a
 *     chain that saw other content goes back to DRAF, and the log says why;
 *   - the kadis's approval is a request row the daemon carries out as this
 *     job with --final: the stored list must print exactly what the chain
 *     approved, or the job refuses and the chain goes back to DRAF;
 *   - `rekon sk --final` on the command line refuses once a chain has
 *     started, unless --force, and the close is recorded as the operator's.
 */
#include <stdio.h>
#include <sysexits.h>

#include "config.h"
#include "db.h"
#include "job.h"
#include "log.h"
#include "report.h"
#include "rules.h"
#include "skchain.h"

static int
rules_failed(enum rules_status st, struct job_result *res)
{
	return job_rules_failed(st, NULL, res);
}

static int
chain_state(struct session *s, const struct job_args *a, struct skchain *ch,
    struct job_result *res)
{
	const struct config_list *pl = &s->cfg.sk.paraf;

	if (skchain_state(s->conn, a->period, pl->item, pl->n, ch, res->msg,
	    sizeof res->msg) == -1) {
		log_warnx("sk %s: %s", a->period, res->msg);
		return EX_UNAVAILABLE;
	}
	return EX_OK;
}

/* The command line's --final while the web's chain is under way. */
static int
refuse_started(struct session *s, const struct job_args *a,
    struct job_result *res)
{
	struct skchain ch;
	int rc;

	if (!a->final || a->force || a->request > 0)
		return EX_OK;
	if ((rc = chain_state(s, a, &ch, res)) != EX_OK)
		return rc;
	if (!ch.started || ch.closed)
		return EX_OK;
	snprintf(res->msg, sizeof res->msg, "sk %s: the SK is in its approval"
	    " chain on the web (%s); approve it there, or close it here with"
	    " --final --force", a->period, ch.state);
	log_warnx("%s", res->msg);
	res->refused = 1;
	return EX_DATAERR;
}

/* What was written against the chain: 0 when the job goes on, else its
 * exit code with res->msg. */
static int
check_chain(struct session *s, const struct job_args *a, const char *dir,
    const char *isi, struct job_result *res)
{
	const int approval = a->final && a->request > 0;
	struct skchain ch;
	int back, rc;

	back = skchain_written(s->conn, a->period, dir, isi, approval ?
	    "Daftar SK yang tersimpan berbeda dari yang disetujui: periode"
	    " tidak ditutup." : "Isi Lampiran atau Rekap berubah (sk dijalankan"
	    " lagi).", res->msg, sizeof res->msg);
	if (back == -1) {
		log_warnx("sk %s: %s", a->period, res->msg);
		return EX_UNAVAILABLE;
	}
	res->msg[0] = '\0';
	if (back)
		log_warnx("sk %s: what the lampiran prints changed; its approval"
		    " chain is back to DRAF", a->period);
	if (!approval)
		return EX_OK;
	if ((rc = chain_state(s, a, &ch, res)) != EX_OK)
		return rc;
	if (ch.approved)
		return EX_OK;
	snprintf(res->msg, sizeof res->msg, "sk %s: %s", a->period, back ?
	    "the stored SK list differs from the one approved; the chain is"
	    " back to DRAF" : "no approval is waiting (refused or closed"
	    " meanwhile)");
	log_warnx("%s", res->msg);
	return EX_DATAERR;
}

/* An approval that could not close P leaves the chain in DRAF, not
 * waiting for a close that will not come. */
static int
approval_failed(struct session *s, const struct job_args *a, int rc,
    struct job_result *res)
{
	char why[600], err[256];
	struct skchain ch;
	struct job_result cr;

	if (a->request == 0 || !a->final || rc == EX_UNAVAILABLE || rc == EX_OK)
		return rc;
	/* Sent back to DRAF already (the list changed), or refused meanwhile. */
	if (chain_state(s, a, &ch, &cr) != EX_OK || !ch.approved)
		return rc;
	snprintf(why, sizeof why, "Penutupan gagal: %.500s", res->msg);
	if (skchain_draft(s->conn, a->period, why, err, sizeof err) == -1)
		log_warnx("sk %s: %s", a->period, err);
	return rc;
}

/*
 * The SK nomor and tanggal P's lampiran prints: --nomor/--tanggal (then
 * remembered for P, so the daemon's later runs and an approval print the
 * same), else what P remembers, else config [sk].  0, or an exit code.
 */
static int
heading_facts(struct session *s, const struct job_args *a, char *nomor,
    size_t nomorsz, char *tanggal, size_t tanggalsz, struct job_result *res)
{
	const char *p[3] = { a->period, a->nomor, a->tanggal };
	PGresult *r;

	if ((a->nomor != NULL || a->tanggal != NULL) && db_cmd(s->conn,
	    res->msg, sizeof res->msg, "INSERT INTO periode (period, sk_nomor,"
	    " sk_tanggal) VALUES ($1, $2, $3) ON CONFLICT (period) DO UPDATE"
	    " SET sk_nomor = coalesce(excluded.sk_nomor, periode.sk_nomor),"
	    " sk_tanggal = coalesce(excluded.sk_tanggal, periode.sk_tanggal)",
	    3, p) == -1)
		goto fail;
	p[1] = s->cfg.sk.nomor;
	p[2] = s->cfg.sk.tanggal.text;
	if ((r = db_exec(s->conn, res->msg, sizeof res->msg, "SELECT"
	    " coalesce((SELECT nullif(sk_nomor, '') FROM periode WHERE period = $1),"
	    " $2, ''), coalesce((SELECT nullif(sk_tanggal, '') FROM periode"
	    " WHERE period = $1), $3, '')", 3, p)) == NULL)
		goto fail;
	snprintf(nomor, nomorsz, "%s", PQgetvalue(r, 0, 0));
	snprintf(tanggal, tanggalsz, "%s", PQgetvalue(r, 0, 1));
	PQclear(r);
	res->msg[0] = '\0';
	return EX_OK;
fail:
	log_warnx("sk %s: %s", a->period, res->msg);
	return EX_UNAVAILABLE;
}

static int
sk_run(struct session *s, const struct job_args *a, struct job_result *res)
{
	struct report_ctx rc;
	char dir[4096], isi[SKCHAIN_HEX], nomor[256], tanggal[64];
	int st;

	if ((st = refuse_started(s, a, res)) != EX_OK)
		return st;
	if ((st = rules_sk(s->conn, a->period, 0, a->force, NULL, NULL,
	    res->msg, sizeof res->msg)) != RULES_OK)
		return rules_failed(st, res);
	res->msg[0] = '\0';	/* what the rules said on success is no message */
	if ((st = heading_facts(s, a, nomor, sizeof nomor, tanggal,
	    sizeof tanggal, res)) != EX_OK)
		return st;
	if (job_outdir(s, a->period, dir, sizeof dir) == -1)
		return EX_CANTCREAT;
	job_report_ctx(&rc, s, a, dir);
	rc.sk_nomor = nomor[0] != '\0' ? nomor : NULL;
	rc.sk_tanggal = tanggal[0] != '\0' ? tanggal : NULL;
	rc.sk_isi = isi;
	if (a->out != NULL)
		fprintf(a->out, "sk %s:\n", a->period);
	if ((st = report_sk(s->conn, &rc, res->msg, sizeof res->msg)) != 0) {
		log_warnx("sk %s: %s", a->period, res->msg);
		return report_exit_code(s->conn, st);
	}
	res->msg[0] = '\0';
	if ((st = check_chain(s, a, dir, isi, res)) != EX_OK)
		return st;
	/* Close only once the lampiran that is signed has been written. */
	if (!a->final)
		return EX_OK;
	if ((st = rules_sk(s->conn, a->period, 1, a->force, rc.sk_nomor,
	    rc.sk_tanggal, res->msg, sizeof res->msg)) != RULES_OK)
		return rules_failed(st, res);
	res->msg[0] = '\0';
	if (skchain_closed(s->conn, a->period, a->user ? a->user : "",
	    a->request > 0 ? "kadis" : "operator", a->request > 0 ?
	    "Ditutup oleh rekon atas persetujuan Kepala Dinas." : a->force ?
	    "rekon sk --final --force (baris perintah)" :
	    "rekon sk --final (baris perintah)", res->msg, sizeof res->msg) == -1)
		log_warnx("sk %s: %s", a->period, res->msg);	/* closed all the same */
	res->msg[0] = '\0';
	if (a->out != NULL)
		fprintf(a->out, "  %s is closed: its SK list is kept as signed\n",
		    a->period);
	return EX_OK;
}

int
job_sk(struct session *s, const struct job_args *a, struct job_result *res)
{
	return approval_failed(s, a, sk_run(s, a, res), res);
}
