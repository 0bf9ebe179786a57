/*
 * rules.c — see rules.h.  The set work is SQL (sql/rules/); this file only
 * passes the configuration in, and keeps the transaction, the lock and the
 * closed-period check.
 */
#include "rules.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "config.h"
#include "db.h"
#include "hooks.h"
#include "log.h"
#include "util.h"

/* A transaction holding the (job, period) lock until it ends. The lock
 * waits for another run of the same job and period to finish. First, in a
 * transaction of its own so other sessions see them at once, statistics
 * for batches imported since (the import leaves them to the first job). */
static int
job_begin(PGconn *c, const char *job, const char *period, char *err,
    size_t errsz)
{
	char lock[64];
	long long hold;

	snprintf(lock, sizeof lock, "%s %s", job, period);
	if (db_cmd(c, err, errsz, "SELECT rekon_statistik()", 0, NULL) == -1 ||
	    db_cmd(c, err, errsz, "BEGIN", 0, NULL) == -1 ||
	    db_xact_lock(c, lock, err, errsz) == -1)
		return -1;
	/* Tests only (hooks.h): hold the lock a while, so that a second run
	 * can be seen waiting for it. */
	if ((hold = hook_num(HOOK_HOLD_LOCK_SECONDS, 0)) > 0)
		sleep((unsigned)hold);
	return 0;
}

static enum rules_status
job_end(PGconn *c, enum rules_status st, char *err, size_t errsz)
{
	char e2[256];

	if (st == RULES_OK && db_cmd(c, err, errsz, "COMMIT", 0, NULL) == 0)
		return RULES_OK;
	(void)db_cmd(c, e2, sizeof e2, "ROLLBACK", 0, NULL);
	return st == RULES_OK ? RULES_DB_ERROR : st;
}

int
rules_period_closed(PGconn *c, const char *period, char *err, size_t errsz)
{
	const char *p[1] = { period };
	PGresult *r;
	int closed;

	r = db_exec(c, err, errsz, "SELECT 1 FROM periode WHERE period = $1"
	    " AND closed_at IS NOT NULL", 1, p);
	if (r == NULL)
		return -1;
	closed = PQntuples(r) > 0;
	PQclear(r);
	return closed;
}

int
rules_period_retained(PGconn *c, const char *period, char *when,
    size_t whensz, char *err, size_t errsz)
{
	const char *p[1] = { period };
	PGresult *r;
	int gone;

	r = db_exec(c, err, errsz, "SELECT to_char(retensi_at, 'DD-MM-YYYY')"
	    " FROM periode WHERE period = $1 AND retensi_at IS NOT NULL", 1, p);
	if (r == NULL)
		return -1;
	if ((gone = PQntuples(r) > 0) && when != NULL)
		snprintf(when, whensz, "%s", PQgetvalue(r, 0, 0));
	PQclear(r);
	return gone;
}

enum rules_status
rules_not_retained(PGconn *c, const char *job, const char *period, char *err,
    size_t errsz)
{
	char when[16];
	int gone;

	if ((gone = rules_period_retained(c, period, when, sizeof when, err,
	    errsz)) == -1)
		return RULES_DB_ERROR;
	if (gone) {
		util_errf(err, errsz, "the rows of %s were removed by retention"
		    " on %s ('rekon run retensi'): its figures are kept ('rekon"
		    " ringkasan --period %s'), but %s cannot run for it again",
		    period, when, period, job);
		return RULES_CLOSED;
	}
	return RULES_OK;
}

static enum rules_status
check_open(PGconn *c, const char *job, const char *period, int force,
    char *err, size_t errsz)
{
	int closed = rules_period_closed(c, period, err, errsz);
	enum rules_status st;

	if (closed == -1)
		return RULES_DB_ERROR;
	if (closed && (st = rules_not_retained(c, job, period, err, errsz)) !=
	    RULES_OK)
		return st;
	if (closed && !force) {
		util_errf(err, errsz, "%s is closed (its SK was signed with"
		    " 'rekon sk --final'): %s refuses to run again; add --force"
		    " to rerun it anyway", period, job);
		return RULES_CLOSED;
	}
	if (closed)
		log_warnx("%s is closed: rerunning %s because of --force", period, job);
	return RULES_OK;
}

/* The month's quota as a text parameter; NULL when none is configured. */
static const char *
kuota_param(const struct config *cfg, const char *period, char *buf,
    size_t bufsz)
{
	long long v;

	if (!config_kuota(cfg, period, &v))
		return NULL;
	snprintf(buf, bufsz, "%lld", v);
	return buf;
}

/* The year's budget as a text parameter; NULL when none is configured. */
static const char *
anggaran_param(const struct config *cfg, const char *period, char *buf,
    size_t bufsz)
{
	long long v;

	if (!config_anggaran(cfg, atoi(period), &v))
		return NULL;
	snprintf(buf, bufsz, "%lld", v);
	return buf;
}

/* A config list as a PostgreSQL array literal: {a,b} (names are plain). */
static void
list_literal(const struct config_list *l, char *buf, size_t bufsz)
{
	size_t len = 1;
	int i;

	buf[0] = '{';
	buf[1] = '\0';
	for (i = 0; i < l->n && len < bufsz; i++)
		len += (size_t)snprintf(buf + len, bufsz - len, "%s%s",
		    i ? "," : "", l->item[i]);
	if (len < bufsz)
		snprintf(buf + len, bufsz - len, "}");
}

static int
call(PGconn *c, const char *sql, int n, const char *const *p, char *err,
    size_t errsz)
{
	return db_cmd(c, err, errsz, sql, n, p);
}

/* §2, P's failed registrations: rekonsiliasi's, and usulan's too, because
 * usulan's kembali/ books carry them to each kelurahan (run before
 * rekonsiliasi, they would miss the feedback that is already in).  The two
 * jobs' locks differ, so a third keeps their rewrites of gagal_hasil
 * apart; each takes it after its own, so they cannot deadlock. */
static int
feedback(PGconn *c, const char *period, char *err, size_t errsz)
{
	const char *p[1] = { period };
	char lock[32];

	snprintf(lock, sizeof lock, "feedback %s", period);
	return db_xact_lock(c, lock, err, errsz) == -1 ||
	    call(c, "SELECT rekon_feedback($1)", 1, p, err, errsz) == -1 ? -1 : 0;
}

/* rules.md §8: a period in between whose proposals have no outcome yet
 * must run first, or its waiting rows would be lost. */
static enum rules_status
check_usulan_order(PGconn *c, const char *period, char *err, size_t errsz)
{
	const char *p[1] = { period };
	PGresult *r;
	enum rules_status st = RULES_OK;

	if ((r = db_exec(c, err, errsz, "SELECT rekon_usulan_perlu($1)", 1,
	    p)) == NULL)
		return RULES_DB_ERROR;
	if (!PQgetisnull(r, 0, 0)) {
		util_errf(err, errsz, "usulan %s: the proposals of %s have no"
		    " outcome yet, and its waiting families would not be carried:"
		    " run 'rekon usulan --period %s' first", period,
		    PQgetvalue(r, 0, 0), PQgetvalue(r, 0, 0));
		st = RULES_NOT_READY;
	}
	PQclear(r);
	return st;
}

enum rules_status
rules_usulan(PGconn *c, const struct config *cfg, const char *period,
    int force, char *err, size_t errsz)
{
	char kuota_s[32], berkas[512], antrian[32], ambang[32];
	const char *p[6];
	enum rules_status st;

	if ((st = check_open(c, "usulan", period, force, err, errsz)) != RULES_OK ||
	    (st = check_usulan_order(c, period, err, errsz)) != RULES_OK)
		return st;
	list_literal(&cfg->rules.berkas_wajib, berkas, sizeof berkas);
	snprintf(antrian, sizeof antrian, "%lld", cfg->rules.antrian_bulan);
	p[0] = period;
	p[1] = kuota_param(cfg, period, kuota_s, sizeof kuota_s);
	p[2] = config_non_dtks_names[cfg->rules.non_dtks];
	p[3] = berkas;
	p[4] = antrian;
	snprintf(ambang, sizeof ambang, "%.6f", cfg->rules.ambang_nama);
	p[5] = ambang;
	if (job_begin(c, "usulan", period, err, errsz) == -1)
		return job_end(c, RULES_DB_ERROR, err, errsz);
	st = call(c, "SELECT rekon_usulan($1, $2::bigint, $3, $4::text[],"
	    " $5::integer, $6::numeric)", 6, p, err, errsz) == -1 ||
	    feedback(c, period, err, errsz) == -1 ? RULES_DB_ERROR : RULES_OK;
	return job_end(c, st, err, errsz);
}

int
rules_usulan_sent(PGconn *c, const char *period, const char *tz, char *when,
    size_t whensz, char *who, size_t whosz, char *err, size_t errsz)
{
	const char *p[2] = { period, tz };
	PGresult *r;
	int sent;

	if ((r = db_exec(c, err, errsz, "SELECT to_char(dikirim_at AT TIME ZONE"
	    " $2, 'DD-MM-YYYY HH24.MI'), oleh FROM usulan_final"
	    " WHERE period = $1", 2, p)) == NULL)
		return -1;
	if ((sent = PQntuples(r) == 1)) {
		snprintf(when, whensz, "%s", PQgetvalue(r, 0, 0));
		snprintf(who, whosz, "%s", PQgetvalue(r, 0, 1));
	}
	PQclear(r);
	return sent;
}

int
rules_usulan_diteruskan(PGconn *c, const char *period, long long *n,
    char *err, size_t errsz)
{
	const char *p[1] = { period };
	PGresult *r;
	int stored;

	if ((r = db_exec(c, err, errsz, "SELECT (SELECT count(*) FROM"
	    " usulan_hasil h WHERE h.period = $1 AND h.hasil = 'DITERUSKAN')"
	    " FROM usulan_ruang WHERE period = $1", 1, p)) == NULL)
		return -1;
	if ((stored = PQntuples(r) == 1))
		*n = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
	PQclear(r);
	return stored;
}

enum rules_status
rules_usulan_record_sent(PGconn *c, const char *period, const char *sha256,
    const char *who, char *err, size_t errsz)
{
	const char *p[3] = { period, sha256, who };

	return call(c, "SELECT rekon_usulan_final($1, $2, $3)", 3, p, err,
	    errsz) == -1 ? RULES_DB_ERROR : RULES_OK;
}

enum rules_status
rules_usulan_feedback(PGconn *c, const char *period, char *err, size_t errsz)
{
	if (job_begin(c, "usulan", period, err, errsz) == -1)
		return job_end(c, RULES_DB_ERROR, err, errsz);
	return job_end(c, feedback(c, period, err, errsz) == -1 ?
	    RULES_DB_ERROR : RULES_OK, err, errsz);
}

/*
 * §9's months: every month up to P with an SK list (rekon_sk_bulan) and its
 * iuran_per_jiwa as config_iuran gives it, as two array parameters
 * "{2026-09,2026-10}" and "{37800,40000}" in the same order.  *bulan and
 * *iuran are the caller's to free (also on error, when not NULL).
 */
static int
iuran_months(PGconn *c, const struct config *cfg, const char *period,
    char **bulan, char **iuran, char *err, size_t errsz)
{
	const char *p[1] = { period };
	size_t bl = 1, il = 1, n;
	PGresult *r;
	int i;

	*bulan = *iuran = NULL;
	if ((r = db_exec(c, err, errsz, "SELECT m FROM rekon_sk_bulan($1) m",
	    1, p)) == NULL)
		return -1;
	n = (size_t)PQntuples(r);
	/* "YYYY-MM," per month; a bigint is at most 20 characters and ",". */
	if ((*bulan = malloc(n * 8 + 3)) == NULL ||
	    (*iuran = malloc(n * 21 + 3)) == NULL) {
		PQclear(r);
		util_errf(err, errsz, "out of memory");
		return -1;
	}
	(*bulan)[0] = (*iuran)[0] = '{';
	for (i = 0; i < PQntuples(r); i++) {
		bl += (size_t)snprintf(*bulan + bl, n * 8 + 3 - bl, "%s%.7s",
		    i ? "," : "", PQgetvalue(r, i, 0));
		il += (size_t)snprintf(*iuran + il, n * 21 + 3 - il, "%s%lld",
		    i ? "," : "", config_iuran(cfg, PQgetvalue(r, i, 0)));
	}
	PQclear(r);
	snprintf(*bulan + bl, 2, "}");
	snprintf(*iuran + il, 2, "}");
	return 0;
}

/* §9: kelebihan bayar over the months with an SK list, and usul nonaktif
 * by [rules] usul_nonaktif.  After rekon_peserta (P's SK list). */
static int
pemulihan(PGconn *c, const struct config *cfg, const char *period, char *err,
    size_t errsz)
{
	char *bulan, *iuran, usul[512];
	const char *p[3] = { period, NULL, NULL };
	int rc;

	if ((rc = iuran_months(c, cfg, period, &bulan, &iuran, err, errsz)) == 0) {
		p[1] = bulan;
		p[2] = iuran;
		rc = call(c, "SELECT rekon_kelebihan_bayar($1, $2::text[],"
		    " $3::bigint[])", 3, p, err, errsz);
	}
	free(bulan);
	free(iuran);
	if (rc == -1)
		return -1;
	list_literal(&cfg->rules.usul_nonaktif, usul, sizeof usul);
	p[1] = usul;
	return call(c, "SELECT rekon_usul_nonaktif($1, $2::text[])", 2, p, err,
	    errsz);
}

/* §10: the scored pairs of P, after rekon_peserta (peserta_hasil of P). */
static int
calon_ganda(PGconn *c, const struct config *cfg, const char *period,
    char *err, size_t errsz)
{
	char pasti[32], periksa[32];
	const char *p[3] = { period, pasti, periksa };

	snprintf(pasti, sizeof pasti, "%.6f", cfg->rules.ganda_pasti);
	snprintf(periksa, sizeof periksa, "%.6f", cfg->rules.ganda_periksa);
	return call(c, "SELECT rekon_calon_ganda($1, $2::numeric, $3::numeric)",
	    3, p, err, errsz);
}

/* rekonsiliasi needs P's participant list. */
static enum rules_status
check_peserta(PGconn *c, const char *period, char *err, size_t errsz)
{
	const char *p[1] = { period };
	PGresult *r;
	int have;

	r = db_exec(c, err, errsz, "SELECT rekon_b_batch($1) IS NOT NULL", 1, p);
	if (r == NULL)
		return RULES_DB_ERROR;
	have = PQgetvalue(r, 0, 0)[0] == 't';
	PQclear(r);
	if (!have) {
		util_errf(err, errsz, "no BPJS participant list (peserta) for %s:"
		    " import it first, e.g. 'rekon import peserta peserta-%s.csv'",
		    period, period);
		return RULES_NO_INPUT;
	}
	return RULES_OK;
}

enum rules_status
rules_rekonsiliasi(PGconn *c, const struct config *cfg, const char *period,
    int force, void (*begun)(void *), void *arg, char *err, size_t errsz)
{
	char kuota_s[32], iuran_s[32], anggaran_s[32], ambang[32], kecualikan[512];
	const char *p[4];
	enum rules_status st;

	if ((st = check_open(c, "rekonsiliasi", period, force, err, errsz)) != RULES_OK ||
	    (st = check_peserta(c, period, err, errsz)) != RULES_OK)
		return st;
	if (job_begin(c, "rekonsiliasi", period, err, errsz) == -1)
		return job_end(c, RULES_DB_ERROR, err, errsz);
	if (begun != NULL)
		begun(arg);
	p[0] = period;
	if (feedback(c, period, err, errsz) == -1)
		return job_end(c, RULES_DB_ERROR, err, errsz);
	snprintf(ambang, sizeof ambang, "%.6f", cfg->rules.ambang_nama);
	list_literal(&cfg->rules.sk_kecualikan, kecualikan, sizeof kecualikan);
	p[1] = ambang;
	p[2] = kecualikan;
	if (call(c, "SELECT rekon_peserta($1, $2::numeric, $3::text[])", 3, p,
	    err, errsz) == -1)
		return job_end(c, RULES_DB_ERROR, err, errsz);
	p[1] = kuota_param(cfg, period, kuota_s, sizeof kuota_s);
	snprintf(iuran_s, sizeof iuran_s, "%lld", config_iuran(cfg, period));
	p[2] = iuran_s;
	p[3] = anggaran_param(cfg, period, anggaran_s, sizeof anggaran_s);
	st = call(c, "SELECT rekon_ringkasan($1, $2::bigint, $3::bigint, $4::bigint)",
	    4, p, err, errsz) == -1 ||
	    call(c, "SELECT rekon_tindak_lanjut($1)", 1, p, err, errsz) == -1 ||
	    pemulihan(c, cfg, period, err, errsz) == -1 ?
	    RULES_DB_ERROR : RULES_OK;
	return job_end(c, st, err, errsz);
}

enum rules_status
rules_calon_ganda_score(PGconn *c, const struct config *cfg,
    const char *period, char *err, size_t errsz)
{
	/* A lock of its own: it runs beside the rules, which hold
	 * "rekonsiliasi P"; another run's scoring of P waits for it. */
	if (job_begin(c, "calon_ganda", period, err, errsz) == -1)
		return job_end(c, RULES_DB_ERROR, err, errsz);
	if (calon_ganda(c, cfg, period, err, errsz) == -1)
		return job_end(c, RULES_DB_ERROR, err, errsz);
	return RULES_OK;
}

enum rules_status
rules_calon_ganda_end(PGconn *c, int commit, char *err, size_t errsz)
{
	return job_end(c, commit ? RULES_OK : RULES_NOT_READY, err, errsz);
}

enum rules_status
rules_calon_ganda(PGconn *c, const struct config *cfg, const char *period,
    char *err, size_t errsz)
{
	enum rules_status st;

	if ((st = rules_calon_ganda_score(c, cfg, period, err, errsz)) !=
	    RULES_OK)
		return st;
	return rules_calon_ganda_end(c, 1, err, errsz);
}

/* The SK list exists once the period was reconciled. */
static enum rules_status
check_reconciled(PGconn *c, const char *period, char *err, size_t errsz)
{
	const char *p[1] = { period };
	PGresult *r;
	int have;

	r = db_exec(c, err, errsz, "SELECT 1 FROM rekon_ringkasan WHERE period = $1",
	    1, p);
	if (r == NULL)
		return RULES_DB_ERROR;
	have = PQntuples(r) > 0;
	PQclear(r);
	if (!have) {
		util_errf(err, errsz, "%s has not been reconciled: run 'rekon"
		    " rekonsiliasi --period %s' first", period, period);
		return RULES_NOT_READY;
	}
	return RULES_OK;
}

/* Keep the list as signed and close the period. */
static int
sk_close(PGconn *c, const char *period, const char *nomor, const char *tanggal,
    char *err, size_t errsz)
{
	const char *p[3] = { period, nomor, tanggal };

	return db_cmd(c, err, errsz, "DELETE FROM sk_final WHERE period = $1", 1, p) == -1 ||
	    db_cmd(c, err, errsz, "INSERT INTO sk_final SELECT * FROM sk_daftar"
	    " WHERE period = $1", 1, p) == -1 ||
	    db_cmd(c, err, errsz, "INSERT INTO periode (period, closed_at, sk_nomor,"
	    " sk_tanggal) VALUES ($1, now(), $2, $3) ON CONFLICT (period) DO UPDATE"
	    " SET closed_at = EXCLUDED.closed_at, sk_nomor = $2, sk_tanggal = $3",
	    3, p) == -1 ?
	    -1 : 0;
}

enum rules_status
rules_sk(PGconn *c, const char *period, int final, int force, const char *nomor,
    const char *tanggal, char *err, size_t errsz)
{
	enum rules_status st;

	if ((st = check_open(c, "sk", period, force, err, errsz)) != RULES_OK ||
	    (st = check_reconciled(c, period, err, errsz)) != RULES_OK)
		return st;
	if (!final)
		return RULES_OK;
	if (job_begin(c, "sk", period, err, errsz) == -1)
		return job_end(c, RULES_DB_ERROR, err, errsz);
	st = sk_close(c, period, nomor, tanggal, err, errsz) == -1 ?
	    RULES_DB_ERROR : RULES_OK;
	return job_end(c, st, err, errsz);
}

int
rules_exit_code(enum rules_status st)
{
	switch (st) {
	case RULES_OK:
		return EX_OK;
	case RULES_CLOSED:
		return EX_DATAERR;
	case RULES_NOT_READY:		/* a missing prerequisite, as a missing */
	case RULES_NO_INPUT:		/* input is: 66 everywhere */
		return EX_NOINPUT;
	case RULES_DB_ERROR:
		return EX_UNAVAILABLE;
	}
	return EX_SOFTWARE;
}
