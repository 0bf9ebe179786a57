/*
 * cek.h — the membership check of a person or a family (rules.md §7): each
 * NIK's case code (KASUS), segment and what the receptionist does next.
 *
 *   cek_local    from the imported lists (sql/rules/50_cek.sql)
 *   cek_online   from BPJS's bridging API (VClaim), rate limited across
 *                processes, every answer stored in vclaim_answer
 *
 * Both hand each row to out->row and return a sysexits code (the reason
 * logged).  The arguments are NIKs (argc, argv) or, with kk set, a No KK.
 */
#ifndef REKON_CEK_H
#define REKON_CEK_H

#include <libpq-fe.h>

#include "session.h"

struct cek_out {
	/* One row: segmen and nama are "" when none. */
	void		(*row)(void *arg, const char *nik, const char *kasus,
			    const char *segmen, const char *tindakan,
			    const char *nama);
	void		*arg;
	/* cek_local: the list it was judged on (B*: its period, file and
	 * import date), "" when no list is imported; set before the first
	 * row. */
	char		 periode[8];
	char		 file[256];
	char		 diimpor[32];
	/* cek_local: the population extract in force (N*: its period and
	 * file), "" when none is (then BUKAN_PENDUDUK is never the case). */
	char		 n_periode[8];
	char		 n_file[256];
	int		 rows;		/* rows handed to row */
	int		 asked;		/* online: NIKs to ask about */
	int		 answered;	/* online: NIKs BPJS answered */
	char		 tgl_sep[11];	/* online: the tglSEP asked with */
};

/* On c (connected). periode "YYYY-MM" judges as of that period (rules.md
 * §7 with P* = periode and B* the newest list of a period <= it); NULL as
 * of the newest. */
int	 cek_local(PGconn *c, const char *periode, const char *kk, int argc,
	    char **argv, struct cek_out *out);

/* A NIK or No KK as typed: 16 digits once spaces, dots and hyphens are
 * dropped (as the importer drops them), into out[17]; 0, else -1. */
int	 cek_id16(const char *in, char out[17]);

/* Loads s's configuration ([bpjs_api]), reads the secrets, connects;
 * s is closed at the end. */
int	 cek_online(struct session *s, const char *kk, int argc, char **argv,
	    struct cek_out *out);

#endif
