/*
 * skchain.h — the SK approval chain (web.md "The SK approval chain"; tables
 * and the step functions in sql/016): what the sk job, the command line
 * and the web front ask of it.
 *
 * Glossary:
 *   isi      the SHA-256 of what sk-lampiran-P.xlsx prints on its Lampiran
 *            and Rekap sheets (report.h, rc->sk_isi): the same list, nomor,
 *            tanggal and signature give the same isi whenever written
 *   started  a PARAF (or the kadis's SETUJU) follows the chain's last
 *            TOLAK/DRAF
 *
 * The chain's states, for P, as skchain_state names them:
 *
 *   DRAF --PARAF kabid--> PARAF_KABID --PARAF sekdis--> PARAF_SEKDIS
 *        --SETUJU kadis--> DISETUJUI --the daemon closes P--> DITUTUP
 *   any state but DITUTUP --TOLAK (a note) or a changed isi--> DRAF
 *
 *   skchain_file_sha256  a file's bytes as a SHA-256 (hex)
 *   skchain_written      an sk-lampiran was written: remembered; a started
 *                        chain that saw another isi goes back to DRAF
 *   skchain_state        P's chain now
 *   skchain_draft        back to DRAF, with the reason (a failed close)
 *   skchain_closed       P was closed: by whom and how
 */
#ifndef REKON_SKCHAIN_H
#define REKON_SKCHAIN_H

#include <libpq-fe.h>
#include <stddef.h>

#define SKCHAIN_HEX	65	/* a SHA-256 as hex, and its NUL */

struct skchain {
	int	 n_paraf;	/* initials since the last DRAF/TOLAK */
	int	 approved;	/* the kadis's SETUJU, P not closed yet */
	int	 closed;	/* DITUTUP since */
	int	 started;	/* n_paraf > 0 or approved */
	char	 isi[SKCHAIN_HEX];	/* what the last step saw; "" none */
	char	 state[32];	/* DRAF, PARAF_<ROLE>, DISETUJUI, DITUTUP */
};

/* 0 and hex, or -1 with err (names path). */
int	 skchain_file_sha256(const char *path, char hex[SKCHAIN_HEX],
	    char *err, size_t errsz);

/* dir/sk-lampiran-P.xlsx was just written with isi: 1 when P's chain went
 * back to DRAF for it (why is the log's reason), 0 when not, -1 (err). */
int	 skchain_written(PGconn *c, const char *period, const char *dir,
	    const char *isi, const char *why, char *err, size_t errsz);

/* P's chain; paraf: the roles of [sk] paraf, in order (for the state's
 * name).  0 or -1 (err). */
int	 skchain_state(PGconn *c, const char *period, const char *const *paraf,
	    int nparaf, struct skchain *ch, char *err, size_t errsz);

/* A DRAF row with why.  0 or -1. */
int	 skchain_draft(PGconn *c, const char *period, const char *why,
	    char *err, size_t errsz);

/* A DITUTUP row: P closed for user (role: kadis for an approval, operator
 * on the command line), how in words.  0 or -1. */
int	 skchain_closed(PGconn *c, const char *period, const char *user,
	    const char *role, const char *how, char *err, size_t errsz);

#endif
