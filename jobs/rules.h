/*
 * rules.h — run the rules of rules.md for a period: the SQL functions of
 * sql/rules/ with the values of the configuration, each job in one
 * transaction under an advisory lock on (job, period), so two runs of the
 * same job and period never overlap.
 *
 * Glossary
 *   job      usulan (§1), rekonsiliasi (§2–§6, §8's follow-up, §9), sk
 *            (§4's list, signed)
 *   closed   a period whose SK was signed (rekon sk --final): its jobs refuse
 *            to run again unless forced
 */
#ifndef REKON_RULES_H
#define REKON_RULES_H

#include <libpq-fe.h>
#include <stddef.h>

struct config;

enum rules_status {
	RULES_OK = 0,
	RULES_CLOSED,		/* the period is closed and force was not given */
	RULES_NO_INPUT,		/* a file the job needs was never imported */
	RULES_NOT_READY,	/* an earlier job of the period has not run */
	RULES_DB_ERROR
};

/* §1: proposal checks and the quota queue. */
enum rules_status rules_usulan(PGconn *c, const struct config *cfg,
	    const char *period, int force, char *err, size_t errsz);
/*
 * §8 "Sent once".  rules_usulan_sent: 1 when P's list was recorded as sent
 * (when: its first recording in tz as "DD-MM-YYYY HH.MM", who), 0 when not,
 * -1 on error.  rules_usulan_record_sent: record it (the CSV's SHA-256, who);
 * a second recording is a --force rerun's (the sent list replaced).
 * rules_usulan_feedback: only §2's failed registrations of P, for kembali/
 * of a frozen period.  rules_usulan_diteruskan: 1 when P's outcomes are
 * stored (*n: its DITERUSKAN rows), 0 when not, -1 on error.
 */
int	 rules_usulan_sent(PGconn *c, const char *period, const char *tz,
	    char *when, size_t whensz, char *who, size_t whosz, char *err,
	    size_t errsz);
int	 rules_usulan_diteruskan(PGconn *c, const char *period, long long *n,
	    char *err, size_t errsz);
enum rules_status rules_usulan_record_sent(PGconn *c, const char *period,
	    const char *sha256, const char *who, char *err, size_t errsz);
enum rules_status rules_usulan_feedback(PGconn *c, const char *period,
	    char *err, size_t errsz);

/* §2–§6: feedback categories, flags, the SK list, quota and money, mutasi;
 * §8's follow-up cases; §9: kelebihan bayar (each month's iuran from
 * config_iuran) and usul nonaktif ([rules] usul_nonaktif).  begun (may be
 * NULL) is called with arg once the period's checks have passed and the
 * job's lock is held, before the first rule: rekonsiliasi starts §10's
 * scoring there, beside the rules. */
enum rules_status rules_rekonsiliasi(PGconn *c, const struct config *cfg,
	    const char *period, int force, void (*begun)(void *), void *arg,
	    char *err, size_t errsz);
/*
 * §10: score P's candidate pairs (calon_ganda, ganda_model, ganda_ringkas)
 * with [rules] ganda_pasti and ganda_periksa, in a transaction of its own
 * under the lock "calon_ganda P".  It reads only imported rows (Bp, D and
 * the decisions), nothing rules_rekonsiliasi writes, so it runs beside the
 * rules on a connection of its own.
 *   rules_calon_ganda_score  begin, lock, score; the transaction left open
 *   rules_calon_ganda_end    commit it (commit != 0) or roll it back
 *   rules_calon_ganda        the two, committed
 */
enum rules_status rules_calon_ganda_score(PGconn *c, const struct config *cfg,
	    const char *period, char *err, size_t errsz);
enum rules_status rules_calon_ganda_end(PGconn *c, int commit, char *err,
	    size_t errsz);
enum rules_status rules_calon_ganda(PGconn *c, const struct config *cfg,
	    const char *period, char *err, size_t errsz);
/* §4: check the SK list can be written; with final, keep it as signed and
 * close the period (nomor and tanggal may be NULL). */
enum rules_status rules_sk(PGconn *c, const char *period, int final, int force,
	    const char *nomor, const char *tanggal, char *err, size_t errsz);

/* 1 when the period is closed, 0 when not, -1 on error. */
int	 rules_period_closed(PGconn *c, const char *period, char *err, size_t errsz);
/* 1 when retention removed P's rows (when: DD-MM-YYYY), 0 not, -1 error. */
int	 rules_period_retained(PGconn *c, const char *period, char *when,
	    size_t whensz, char *err, size_t errsz);
/* RULES_CLOSED (err says why) when retention removed P's rows: job cannot
 * run for it again; else RULES_OK (or RULES_DB_ERROR). */
enum rules_status rules_not_retained(PGconn *c, const char *job,
	    const char *period, char *err, size_t errsz);

/* The sysexits.h code for a status. */
int	 rules_exit_code(enum rules_status st);

#endif
