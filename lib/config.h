/*
 * config.h — rekon.conf: loading, validation, the effective values.
 *
 * The file is INI (inih does the splitting).  Every key is declared once in
 * a table in config.c with its section, type, default, whether a SIGHUP
 * reload may change it, and its validator; rekon.conf.example documents
 * them for the admin.
 *
 * The contract:
 * - Unknown sections and keys are errors, and so is a key set twice in one
 *   section (almost always a copy-paste slip; pattern keys such as
 *   kuota.2026 too).  Keys and section names are case-insensitive; source
 *   names are kept as written.
 * - Every error names file, line and key, e.g.
 *     /etc/rekon/rekon.conf:14: [rules] non_dtks: "skt" is not one of
 *     sktm, tolak, terima
 *   All errors are collected, one a line, each ending in '\n'.
 * - `;` after whitespace starts a comment, also after a value (so no value
 *   can hold " ;"); `#` and `;` start comment lines.  Lines may be
 *   indented.  Double quotes around a whole value are removed (to keep
 *   blanks at its edges).  A value cannot continue onto the next line, and
 *   a key line holds at most CONFIG_LINE_MAX characters (inih's compiled-in
 *   buffer; comment lines may be longer).
 * - A relative path (state_dir, inbox, outbox, and the source and BPJS
 *   credential files) is taken relative to the directory of the config
 *   file, so a self-contained directory can be moved as a whole.  Paths are
 *   cleaned lexically ("a/./b/../c" -> "a/c", no trailing '/').
 * - After a successful load every field holds its effective value:
 *   defaults applied, paths resolved, inbox/outbox/archive/rejected/pg
 *   derived from state_dir, source labels defaulted.
 * - Secret files are never opened here; config_check_secret_file() is for
 *   the code that reads them.
 * - [database] and [paths] need a restart to change; everything else,
 *   region.timezone included, may change on SIGHUP.
 */
#ifndef REKON_CONFIG_H
#define REKON_CONFIG_H

#include <stddef.h>
#include <stdio.h>

#include "cron.h"

#define CONFIG_ETC_PATH		"/etc/rekon/rekon.conf"
#define CONFIG_LOCAL_PATH	"./rekon.conf"
#define CONFIG_LINE_MAX		198	/* inih 55: 200 with "\n" and NUL */
#define CONFIG_LIST_MAX		16	/* berkas_wajib, sk_kecualikan,
					   usul_nonaktif */
#define CONFIG_AMOUNTS_MAX	600	/* each of iuran, kuota, anggaran */

/* rules.non_dtks: what a proposal outside DTKS gets (rules.md §1). */
enum config_non_dtks {
	NON_DTKS_SKTM,		/* allowed with an SKTM number */
	NON_DTKS_TOLAK,		/* refused */
	NON_DTKS_TERIMA		/* allowed */
};

/* source.kind, in the order of config_source_kinds[]. */
enum config_source_kind {
	SOURCE_DTKS,
	SOURCE_USULAN,
	SOURCE_FEEDBACK,
	SOURCE_PESERTA,
	SOURCE_SEGMEN,
	SOURCE_KEMATIAN,
	SOURCE_KEPENDUDUKAN,
	SOURCE_KEPUTUSAN,
	SOURCE__COUNT
};

/* Names for the enums above and the segment codes; NULL-terminated. */
extern const char *const config_non_dtks_names[];
extern const char *const config_source_kinds[];
extern const char *const config_segmen_names[];
/* [report] paper, in the order of enum config_paper. */
extern const char *const config_paper_names[];
enum config_paper {
	PAPER_F4,		/* F4 / Folio, 8.5 x 13 in: what offices print on */
	PAPER_A4
};

/* A comma list, in the order written; items point at static names. */
struct config_list {
	int n;
	const char *item[CONFIG_LIST_MAX];
};

/* sk.tanggal: the text as written, and the date; y == 0 when empty. */
struct config_date {
	char *text;
	int y, m, d;
};

/* A schedule: the expression as written and its parsed form. */
struct config_schedule {
	char *expr;
	struct cron cron;
};

/* A budget pattern key: NAME.YYYY (month 0) or NAME.YYYY-MM. */
struct config_amount {
	int year;
	int month;
	long long value;
	int line;
};

struct config_amounts {
	int n;
	struct config_amount a[CONFIG_AMOUNTS_MAX];	/* sorted by date */
};

/* One [source.NAME] section. */
struct config_source {
	char *name;		/* NAME, as written */
	int line;		/* of the section header */
	char *url;
	char *pattern;		/* glob on file names; default "*" */
	int kind;		/* enum config_source_kind */
	char *user;
	char *password_file;	/* path only: never read here */
	char *known_hosts;
	char *label;		/* segmen lists: default the segment */
	int segmen;		/* config_segmen_names index, -1: none;
				   kind segmen defaults to PBI_APBN */
};

struct config {
	char *path;		/* the file loaded; NULL: defaults only */

	struct {
		char *name;	/* e.g. Kabupaten Batang */
		char *office;	/* e.g. Dinas Kesehatan Kabupaten Batang */
		char *code;	/* "" or 2 (province) or 4 (regency) digits */
		char *timezone;	/* IANA name; default Asia/Jakarta */
	} region;
	struct {
		char *conninfo;	/* "": the embedded cluster in paths.pg */
	} database;
	struct {
		char *state_dir;
		char *inbox;	/* default state_dir/inbox */
		char *outbox;	/* default state_dir/outbox */
		char *archive;	/* always state_dir/archive */
		char *rejected;	/* always state_dir/rejected */
		char *pg;	/* always state_dir/pg */
	} paths;
	struct {
		long long iuran_per_jiwa;	/* rupiah per person-month */
		struct config_amounts iuran;	/* iuran_per_jiwa.YYYY-MM */
		struct config_amounts kuota;	/* kuota.YYYY, kuota.YYYY-MM */
		struct config_amounts anggaran;	/* anggaran.YYYY */
	} budget;
	struct {
		int non_dtks;	/* enum config_non_dtks */
		struct config_list berkas_wajib;
		struct config_list sk_kecualikan;
		double ambang_nama;
		long long antrian_bulan;	/* months a waiting row is carried */
		struct config_list usul_nonaktif;	/* §9, in priority order */
		double ganda_pasti;	/* §10: GANDA_PASTI from here up */
		double ganda_periksa;	/* §10: PERLU_DIPERIKSA from here up */
	} rules;
	struct {
		char *nomor;
		struct config_date tanggal;
		char *jabatan;
		char *nama;
		char *pangkat;
		char *nip;	/* "" or 18 digits, spaces as written */
		struct config_list paraf;	/* who initials, in order (web.md) */
	} sk;
	struct {
		int paper;	/* enum config_paper: every workbook's sheets */
	} report;
	struct {
		struct config_schedule fetch;
		struct config_schedule usulan;
		struct config_schedule rekonsiliasi;
		struct config_schedule retention;	/* expr "": none */
		int catch_up;
	} schedule;
	struct config_source *sources;	/* in the order written */
	size_t nsources;
	struct {
		long long max_file_mb;
		long long max_field_bytes;
		long long retention_months;	/* 0: keep forever */
		long long max_columns;
	} limits;
	struct {
		char *webhook;
	} notify;
	struct {
		char *listen;		/* HOST:PORT */
		char *trusted_proxy;	/* "" or the reverse proxy's address */
		char *tls_cert_file;	/* "" or PEM: then HTTPS */
		char *tls_key_file;
		long long audit_months;
		long long api_per_minute;	/* JSON cek per API client; 0: no limit */
		long long threads;	/* rekon web's pool; 0: processors online */
	} web;
	struct {
		char *base_url;
		char *cons_id;
		char *secret_file;
		char *user_key_file;
		long long max_per_minute;
		long long timeout_seconds;
	} bpjs_api;
};

/*
 * Load path into cfg.  Returns 0, or the number of errors with their text
 * in errbuf (truncated at a line end when errbuf is short).  path NULL:
 * the defaults, without reading any file.  On error cfg holds nothing that
 * needs freeing (config_free on it is harmless); on success the caller
 * owns it and frees it with config_free.
 */
int config_load(const char *path, struct config *cfg, char *errbuf,
    size_t errsz);

/* The effective defaults, as if an empty file had been loaded. */
void config_defaults(struct config *cfg);

/* Free what cfg holds and zero it. */
void config_free(struct config *cfg);

/*
 * Where the configuration comes from when no -c is given:
 * CONFIG_ETC_PATH when it exists, else CONFIG_LOCAL_PATH when it exists,
 * else NULL (defaults).  The string is static.
 */
const char *config_default_path(void);

/*
 * Every effective value, INI-shaped, by section, pattern keys sorted,
 * secret files by path (never their contents), each key preceded by one
 * comment line saying whether a reload may change it.  The derived paths
 * are shown as comments.
 */
void config_print(FILE *fp, const struct config *cfg);

/*
 * The keys whose effective values differ between old and new and that a
 * reload may not change, as "section.key" joined by ", " into buf.
 * Returns their number; non-zero means the daemon keeps old.
 */
int config_reload_conflicts(const struct config *old,
    const struct config *new, char *buf, size_t bufsz);

/*
 * Budget lookups.  period is "YYYY-MM".
 * config_kuota: 1 and *out when a quota is configured for the month
 *   (kuota.YYYY-MM, else kuota.YYYY); 0 when none is.
 * config_iuran: iuran_per_jiwa.YYYY-MM when set, else iuran_per_jiwa.
 * config_anggaran: 1 and *out when anggaran.YYYY is set; else 0.
 */
int config_kuota(const struct config *cfg, const char *period,
    long long *out);
long long config_iuran(const struct config *cfg, const char *period);
int config_anggaran(const struct config *cfg, int year, long long *out);

/*
 * 0 when path is a regular file that neither group nor others may read or
 * write; else -1 with the reason in err, e.g. "secret file
 * /etc/rekon/secret/sftp is readable by others (mode 0644); chmod 600 it".
 */
int config_check_secret_file(const char *path, char *err, size_t errsz);

#endif
