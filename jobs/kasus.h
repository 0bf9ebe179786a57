/*
 * kasus.h — a person's history across months (rules.md §8 "History"), for
 * `rekon kasus`: every proposal row and its outcome, every answer of BPJS,
 * every participant list's row, the SK lists, any death record, in period
 * order (sql/rules/60_kasus.sql).
 */
#ifndef REKON_KASUS_H
#define REKON_KASUS_H

#include <libpq-fe.h>

struct kasus_event {
	const char	*nik;
	const char	*periode;	/* YYYY-MM */
	const char	*peristiwa;	/* USULAN, FEEDBACK, PESERTA, SK, KEMATIAN */
	const char	*file;		/* "" for SK */
	const char	*baris;		/* the line, "" for SK */
	const char	*nama;		/* "" when the event has none */
	const char	*rincian;	/* in plain words */
	const char	*data;		/* the fields, a JSON object */
};

struct kasus_out {
	void	(*event)(void *arg, const struct kasus_event *e);
	void	*arg;
	int	 events;		/* events handed to event */
	int	 people;		/* NIKs asked about */
};

/* arg as a NIK (cleaned like an imported identifier: spaces, dots and
 * dashes go) into nik: 1, or 0 when it is not 16 digits. */
int	 kasus_nik(const char *arg, char nik[17]);

/* The events of the NIKs (argc, argv; cleaned like imported identifiers)
 * or, with kk set, of every NIK that ever carried that No KK, on c: a
 * sysexits code, the reason logged. */
int	 kasus_history(PGconn *c, const char *kk, int argc, char **argv,
	    struct kasus_out *out);

#endif
