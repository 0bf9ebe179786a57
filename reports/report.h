/*
 * report.h — the workbooks of outputs.md, written from a period's STORED
 * results (sql/002_rekon.sql), never by computing anything again: the jobs
 * (usulan, rekonsiliasi, sk) fill the result tables, then call these; `rekon
 * report` calls them alone to write a period's files again.
 *
 * Every writer:
 * - reads with parameterised queries only, in one REPEATABLE READ READ ONLY
 *   transaction of its own when the connection is idle (so a workbook never
 *   mixes two runs of a job), else inside the caller's transaction;
 * - writes each file under a temporary name in rc->outdir (".NAME.XXXXXX",
 *   mode 0640), then renames it into place, so a reader sees the old file or
 *   the new one, never half of one; on failure the old file stays;
 * - follows the conventions of xlsx_sheet.h (title block, NO, typed cells,
 *   frozen and filtered header, print set-up, continuation sheets);
 * - calls rc->wrote (when set) with the path of each file it put in place;
 * - returns REPORT_OK, or another enum report_status with err saying why.
 *
 * What each writes, for period P (rc->period):
 *
 * report_usulan (outputs.md §3, §4), from usulan_hasil joined to usulan_row:
 *   usulan-P.xlsx       sheets Diteruskan and Menunggu Kuota (queue order:
 *                       antrian, then urutan) and Dikembalikan (urutan, with
 *                       ALASAN).
 *   usulan-P-bpjs.csv   the Diteruskan rows for upload: the sheet's header
 *                       (NO first), ';', UTF-8 without BOM, CRLF, dates
 *                       dd-mm-yyyy, identifiers as plain digits; a field
 *                       holding ';', '"', CR or LF is quoted ('"' doubled).
 *   kembali/KEC/KEL-P.xlsx  one per kelurahan with a returned proposal or a
 *                       failed registration (gagal_hasil) of P: sheets
 *                       "Usulan Dikembalikan" and "Gagal BPJS", that
 *                       kelurahan's rows only.  KEC and KEL are
 *                       report_safe_name of the names; an empty kecamatan or
 *                       kelurahan of a proposal is "(TANPA KECAMATAN)" /
 *                       "(TANPA KELURAHAN)" first.  Names that become the
 *                       same file share it (e.g. "Suka Maju" and "SUKA
 *                       MAJU").  kembali/ is built whole beside the old one
 *                       (.kembali.XXXXXX), swapped in with one
 *                       renameat2(RENAME_EXCHANGE), and the old one removed:
 *                       no stale file survives a run, and a reader never sees
 *                       a half-built folder.  It exists (maybe empty) after
 *                       every successful run.
 *   Needs usulan_ruang's row for P (the usulan job ran), else REPORT_ENODATA.
 *
 * report_rekonsiliasi (outputs.md §1, §2b): rekonsiliasi-P.xlsx with sheets
 *   Ringkasan, Kuota, Ganda, Selisih, Gagal, Dikecualikan, Mutasi, Aktif,
 *   Tindak Lanjut, Kelebihan Bayar, Usul Nonaktif, Ditolak; and
 *   nonaktif-P-bpjs.csv, the Usul Nonaktif rows for BPJS (NO, NO KARTU, NIK,
 *   NAMA, ALASAN, TGL MENINGGAL) in usulan-P-bpjs.csv's conventions, put in
 *   place after the workbook.  Needs rekon_ringkasan's row for P, else
 *   REPORT_ENODATA.
 *   Orders: Ganda, Selisih, Dikecualikan, Aktif, Usul Nonaktif by the Bp row
 *   (batch, line) and within a row by its flags' order; Selisih's HILANG
 *   keys after the rows, by key; Gagal by its feedback row; Mutasi MASUK
 *   then KELUAR, each by the row it came from (the SK list of P, or K);
 *   Kelebihan Bayar by the NIK's death record (batch, line), its total
 *   below the filtered list; Ditolak by batch, line.  An empty list sheet
 *   says "Tidak ada data".
 *   Ditolak lists the rejected rows of rekon_batches_for(P)
 *   (sql/rules/00_sets.sql): B, every usulan and feedback batch of P, the
 *   dtks batch in force, the segmen list in force per label, every kematian
 *   batch up to P — the same batches the JSON summary lists.
 *
 * report_sk (outputs.md §5): sk-lampiran-P.xlsx, sheets Lampiran and Rekap,
 *   from the SK list of P: sk_final (as signed) once P is closed, else
 *   sk_daftar.  Needs rekon_ringkasan's row for P or a signed list, else
 *   REPORT_ENODATA.  The SK nomor and tanggal: rc->sk_nomor / sk_tanggal
 *   when set, else those stored in periode for P (rekon sk), else
 *   config [sk]; absent, "....".
 */
#ifndef REKON_REPORT_H
#define REKON_REPORT_H

#include <libpq-fe.h>
#include <stddef.h>
#include <time.h>

struct config;

struct report_ctx {
	const char		*period;	/* "YYYY-MM", valid */
	const char		*outdir;	/* <outbox>/<P>; must exist */
	const struct config	*cfg;		/* region, sk.*, timezone */
	const char		*sk_nomor;	/* --nomor; NULL: stored, else config */
	const char		*sk_tanggal;	/* --tanggal, DD-MM-YYYY or YYYY-MM-DD;
						   NULL: stored, else config */
	time_t			 made;		/* the run's time, for "Dibuat ..." */
	unsigned long		 max_rows;	/* rows per sheet before a
						   continuation; 0: Excel's
						   1,048,576 (tests set less) */
	void			(*wrote)(void *arg, const char *path);
	void			*arg;		/* for wrote */
	/* report_sk: when not NULL, the SHA-256 (64 hex digits and a NUL) of
	 * what the Lampiran and Rekap sheets print, the time the book was
	 * made excepted (xs_digest_start): the SK approval chain's "isi". */
	char			*sk_isi;
};

enum report_status {
	REPORT_OK = 0,
	REPORT_ENODATA,		/* P's results are not stored: run its job */
	REPORT_EDB,		/* a query failed */
	REPORT_EIO		/* a file could not be written */
};

int	report_usulan(PGconn *c, const struct report_ctx *rc, char *err,
	    size_t errsz);
/* Only usulan's kembali/ folder (outputs.md §4), from P's stored outcomes
 * and its current failed registrations: a period whose list was sent. */
int	report_kembali(PGconn *c, const struct report_ctx *rc, char *err,
	    size_t errsz);
int	report_rekonsiliasi(PGconn *c, const struct report_ctx *rc, char *err,
	    size_t errsz);
int	report_sk(PGconn *c, const struct report_ctx *rc, char *err,
	    size_t errsz);

/* The sysexits.h code for a report_status: 0, EX_NOINPUT (not stored),
 * EX_UNAVAILABLE (c is down) or EX_SOFTWARE (a query failed), EX_CANTCREAT
 * (a file could not be written). */
int	report_exit_code(PGconn *c, int status);

/*
 * A kecamatan or kelurahan name as a folder or file name: upper-cased
 * (ASCII), A-Z, 0-9, space and '-' kept, every other character (a
 * multi-byte one counts once) '_', at most 100 characters; empty is "_".
 * So "KEL. SUKA/MAJU" -> "KEL_ SUKA_MAJU", and no name can leave its folder.
 */
void	report_safe_name(const char *name, char *out, size_t outsz);

/* An SK date, DD-MM-YYYY or YYYY-MM-DD ('-', '/' or '.'; one- or
 * two-digit day and month), that exists: 1 and the date, else 0. */
int	report_sk_date(const char *text, int *y, int *m, int *d);

/*
 * An SK date as people write it: "21 November 2026" from DD-MM-YYYY or
 * YYYY-MM-DD (one- or two-digit day and month); other text is copied as it
 * is, NULL or "" gives "....".
 */
void	report_sk_tanggal(const char *text, char *out, size_t outsz);

/* A period column ('2026-10') as its label ('Oktober 2026'), in SQL: how
 * every page and workbook a person reads names a month. */
#define REPORT_MONTH_LABEL(col) \
	"(ARRAY['Januari','Februari','Maret','April','Mei','Juni','Juli'," \
	"'Agustus','September','Oktober','November','Desember'])" \
	"[substr(" col ", 6, 2)::int] || ' ' || substr(" col ", 1, 4)"

#endif
