/*
 * import.c — see import.h.
 *
 * The state machine of one file:
 *   scan     size, SHA-256, encoding (csvsrc_scan; for a workbook too: the
 *            hash is of the file's raw bytes)
 *   dedupe   an OK batch of this kind with this SHA-256? then SKIPPED
 *   format   by content: an XLSX workbook (zip) is read by xlsxsrc, an old
 *            .xls or a UTF-16 text file is refused, anything else is CSV
 *   header   the delimiter and header row, from the first 20 records
 *   load     BEGIN; INSERT batch; staging table; COPY rows; COPY rejected;
 *            staging table attached as the batch's partition (its indexes
 *            built, its statistics gathered); UPDATE counts; COMMIT
 *   refuse   on a file that cannot be read: a DITOLAK batch with the reason
 */
#include "import.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "clean.h"
#include "csvsrc.h"
#include "db.h"
#include "kinds.h"
#include "log.h"
#include "util.h"
#include "period.h"
#include "xlsxsrc.h"
#include "i18n.h"

#define HEADER_SEARCH_ROWS 20
#define RAW_CAP 32767		/* Excel's cell limit: what a report can show */

/* Where a cleaned value of a row lives: the columns, then derived values. */
enum slot {
	SLOT_NAMA_KUNCI = COL__COUNT, SLOT_HASIL_RAW, SLOT_STATUS_RAW,
	SLOT_SEGMEN_RAW, SLOT_KUNCI, SLOT_KEPUTUSAN_RAW, SLOT_FLAGS, SLOT__COUNT
};

/* Row flags, in the order inputs.md names them. */
enum flag {
	FLAG_ID_RUSAK_EXCEL, FLAG_NIK_TIDAK_VALID, FLAG_NOKA_DIPERBAIKI,
	FLAG_NOKA_TIDAK_VALID, FLAG_TGL_TIDAK_VALID, FLAG__COUNT
};
static const char *const flag_names[FLAG__COUNT] = {
	"ID_RUSAK_EXCEL", "NIK_TIDAK_VALID", "NOKA_DIPERBAIKI",
	"NOKA_TIDAK_VALID", "TGL_TIDAK_VALID"
};

/* One COPY per kind: the table's columns and the slots that fill them.
 * The rows go into the kind's staging table, <row table>_impor, which
 * becomes the batch's partition (sql/008_batch_partitions.sql). */
struct copy_def {
	const char	*sql;
	int		 slots[24];
	int		 nslots;
};

static const struct copy_def copy_defs[KIND__COUNT] = {
	[KIND_DTKS] = { "COPY dtks_row_impor (batch_id, line, nik, no_kk, nama,"
	    " nama_kunci, tgl_lahir, jenis_kelamin, hub_keluarga, alamat, rt, rw,"
	    " kecamatan, kelurahan, iddtks, desil, padan_dukcapil, flags)"
	    " FROM STDIN WITH (FREEZE)",
	    { COL_NIK, COL_NO_KK, COL_NAMA, SLOT_NAMA_KUNCI, COL_TGL_LAHIR,
	      COL_JENIS_KELAMIN, COL_HUB_KELUARGA, COL_ALAMAT, COL_RT, COL_RW,
	      COL_KECAMATAN, COL_KELURAHAN, COL_IDDTKS, COL_DESIL,
	      COL_PADAN_DUKCAPIL, SLOT_FLAGS }, 16 },
	[KIND_USULAN] = { "COPY usulan_row_impor (batch_id, line, nik, no_kk, nama,"
	    " nama_kunci, tgl_lahir, jenis_kelamin, hub_keluarga, alamat, rt, rw,"
	    " kecamatan, kelurahan, jenis_usulan, tgl_usulan, no_sktm, ada_kk,"
	    " ada_ktp, ada_sktm, ada_rekomendasi, ada_surat_sakit, flags)"
	    " FROM STDIN WITH (FREEZE)",
	    { COL_NIK, COL_NO_KK, COL_NAMA, SLOT_NAMA_KUNCI, COL_TGL_LAHIR,
	      COL_JENIS_KELAMIN, COL_HUB_KELUARGA, COL_ALAMAT, COL_RT, COL_RW,
	      COL_KECAMATAN, COL_KELURAHAN, COL_JENIS_USULAN, COL_TGL_USULAN,
	      COL_NO_SKTM, COL_ADA_KK, COL_ADA_KTP, COL_ADA_SKTM,
	      COL_ADA_REKOMENDASI, COL_ADA_SURAT_SAKIT, SLOT_FLAGS }, 21, },
	[KIND_FEEDBACK] = { "COPY feedback_row_impor (batch_id, line, nik, hasil,"
	    " hasil_raw, noka, keterangan, tmt, no_kk, nama, nama_kunci,"
	    " tgl_lahir, flags) FROM STDIN WITH (FREEZE)",
	    { COL_NIK, COL_HASIL, SLOT_HASIL_RAW, COL_NOKA, COL_KETERANGAN,
	      COL_TMT, COL_NO_KK, COL_NAMA, SLOT_NAMA_KUNCI, COL_TGL_LAHIR,
	      SLOT_FLAGS }, 11 },
	[KIND_PESERTA] = { "COPY peserta_row_impor (batch_id, line, noka, nik, status,"
	    " status_raw, segmen, segmen_raw, no_kk, nama, nama_kunci, tgl_lahir,"
	    " jenis_kelamin, hub_keluarga, alamat, kecamatan, kelurahan,"
	    " kd_faskes, nm_faskes, tmt, flags, kunci) FROM STDIN WITH (FREEZE)",
	    { COL_NOKA, COL_NIK, COL_STATUS, SLOT_STATUS_RAW, COL_SEGMEN,
	      SLOT_SEGMEN_RAW, COL_NO_KK, COL_NAMA, SLOT_NAMA_KUNCI,
	      COL_TGL_LAHIR, COL_JENIS_KELAMIN, COL_HUB_KELUARGA, COL_ALAMAT,
	      COL_KECAMATAN, COL_KELURAHAN, COL_KD_FASKES, COL_NM_FASKES,
	      COL_TMT, SLOT_FLAGS, SLOT_KUNCI }, 20 },
	[KIND_SEGMEN] = { "COPY segmen_row_impor (batch_id, line, nik, noka, nama,"
	    " nama_kunci, segmen, status, status_raw, flags) FROM STDIN WITH (FREEZE)",
	    { COL_NIK, COL_NOKA, COL_NAMA, SLOT_NAMA_KUNCI, COL_SEGMEN,
	      COL_STATUS, SLOT_STATUS_RAW, SLOT_FLAGS }, 8 },
	[KIND_KEMATIAN] = { "COPY kematian_row_impor (batch_id, line, nik, nama,"
	    " nama_kunci, tgl_meninggal, flags) FROM STDIN WITH (FREEZE)",
	    { COL_NIK, COL_NAMA, SLOT_NAMA_KUNCI, COL_TGL_MENINGGAL,
	      SLOT_FLAGS }, 5 },
	[KIND_KEPENDUDUKAN] = { "COPY kependudukan_row_impor (batch_id, line, nik,"
	    " no_kk, nama, nama_kunci, tgl_lahir, jenis_kelamin, alamat, rt, rw,"
	    " kecamatan, kelurahan, flags) FROM STDIN WITH (FREEZE)",
	    { COL_NIK, COL_NO_KK, COL_NAMA, SLOT_NAMA_KUNCI, COL_TGL_LAHIR,
	      COL_JENIS_KELAMIN, COL_ALAMAT, COL_RT, COL_RW, COL_KECAMATAN,
	      COL_KELURAHAN, SLOT_FLAGS }, 12 },
	[KIND_KEPUTUSAN] = { "COPY keputusan_row_impor (batch_id, line, kunci_a,"
	    " kunci_b, keputusan, keputusan_raw, flags) FROM STDIN WITH (FREEZE)",
	    { COL_KUNCI_A, COL_KUNCI_B, COL_KEPUTUSAN, SLOT_KEPUTUSAN_RAW,
	      SLOT_FLAGS }, 5 },
};

/* A growable byte buffer for one COPY line. */
struct buf {
	char	*p;
	size_t	 len, cap;
};

/* Everything one import carries from record to record. */
struct import_ctx {
	const struct kind_def	*kind;
	/* The kind the header fits better, with the columns each names. */
	const struct kind_def	*better;
	/* import_detect_kind: the header pass looks for any kind's header,
	 * and the kind it fits best. */
	int			 detect;
	const struct kind_def	*detected;
	char			 tied[128];	/* kinds it fits alike */
	int			 fit_n, better_n;
	const struct import_opts *o;
	const char		*path;
	const char		*base;
	PGconn			*conn;
	struct xlsxsrc		*xlsx;		/* NULL: a CSV file */
	const struct csvsrc_info *info;
	int			 source_refused; /* the workbook broke mid-read */
	int			 period_year;
	const char		*default_segmen;	/* segmen kind */

	/* header search */
	int			 map[COL__COUNT];
	long			 records_seen;
	int			 header_found;
	long			 header_line;
	long			 header_record;
	size_t			 header_cells;
	char			 first_row[2048];	/* for the refusal message */
	int			 first_map[COL__COUNT];	/* what the first row holds */
	char			 ignored[2048];		/* header cells not used */

	/* load */
	long long		 batch_id;
	char			 batch_id_s[24];
	FILE			*rejected;		/* COPY lines for rejected_row */
	struct buf		 line;			/* a rejected row's line */
	struct buf		 out;			/* accepted rows not sent yet */
	char			 flag_lits[1u << FLAG__COUNT][96];
	long			 rows_read, accepted, rejected_n, blank;
	int			 failed;
	char			*err;
	size_t			 errsz;

	/* per-row scratch */
	char			*val[SLOT__COUNT];
	char			*scratch[SLOT__COUNT];
	size_t			 scratch_cap[SLOT__COUNT];
	unsigned		 flags;
	int			 id_too_long;	/* an identifier over ID_MAX_BYTES */

	/* progress */
	struct timespec		 t0, t_last;
};

/* ---- small helpers ------------------------------------------------------ */

static int
buf_grow(struct buf *b, size_t more)
{
	size_t ncap;
	char *np;

	if (b->len + more + 1 <= b->cap)
		return 0;
	ncap = b->cap ? b->cap : 4096;
	while (ncap < b->len + more + 1)
		ncap *= 2;
	if ((np = realloc(b->p, ncap)) == NULL)
		return -1;
	b->p = np;
	b->cap = ncap;
	return 0;
}

static int
buf_add(struct buf *b, const char *s, size_t n)
{
	if (buf_grow(b, n) == -1)
		return -1;
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
	return 0;
}

/* Append a value in COPY text format: NULL as \N, specials escaped.
 * Runs of plain bytes are copied whole (one grow per value). */
static int
buf_add_copy_value(struct buf *b, const char *v)
{
	const char *s, *run;
	size_t n;
	char *o;

	if (v == NULL)
		return buf_add(b, "\\N", 2);
	n = strlen(v);
	if (buf_grow(b, 2 * n) == -1)	/* every byte escaped, at worst */
		return -1;
	o = b->p + b->len;
	for (s = run = v;; s++) {
		char e;

		s += strcspn(s, "\\\t\n\r");
		switch (*s) {
		case '\\': e = '\\'; break;
		case '\t': e = 't'; break;
		case '\n': e = 'n'; break;
		case '\r': e = 'r'; break;
		default: e = 0; break;
		}
		if (e == 0)
			break;
		memcpy(o, run, (size_t)(s - run));
		o += s - run;
		*o++ = '\\';
		*o++ = e;
		run = s + 1;
	}
	memcpy(o, run, (size_t)(s - run));
	o += s - run;
	*o = '\0';
	b->len = (size_t)(o - b->p);
	return 0;
}

/* Scratch storage for slot i, at least n bytes. */
static char *
slot_buf(struct import_ctx *x, int i, size_t n)
{
	char *np;

	if (x->scratch_cap[i] < n) {
		if ((np = realloc(x->scratch[i], n)) == NULL)
			return NULL;
		x->scratch[i] = np;
		x->scratch_cap[i] = n;
	}
	return x->scratch[i];
}

static double
elapsed(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) + (b->tv_nsec - a->tv_nsec) / 1e9;
}

static void
progress_draw(struct import_ctx *x, int final)
{
	struct timespec now;
	double t;

	if (!x->o->progress && x->o->on_progress == NULL)
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (!final && elapsed(&x->t_last, &now) < 0.25)
		return;
	x->t_last = now;
	if (x->o->on_progress != NULL)
		x->o->on_progress(x->rows_read, x->o->progress_arg);
	if (!x->o->progress)
		return;
	t = elapsed(&x->t0, &now);
	fprintf(stderr, "\r%s: %ld rows, %.0f rows/s   ", x->base, x->rows_read,
	    t > 0 ? x->rows_read / t : 0.0);
	if (final)
		fputc('\n', stderr);
	fflush(stderr);
}

/* ---- cleaning one row --------------------------------------------------- */

static const char *
cell(const struct csvsrc_rec *r, const struct import_ctx *x, int col,
    size_t *len)
{
	int i = x->map[col];

	if (i < 0 || (size_t)i >= r->nfields) {
		*len = 0;
		return "";
	}
	*len = r->lens[i];
	return r->fields[i];
}

/* clean_text of a cell into slot col's scratch; NULL when empty. */
static char *
clean_cell(struct import_ctx *x, const struct csvsrc_rec *r, int col)
{
	size_t len;
	const char *s = cell(r, x, col, &len);
	char *out = slot_buf(x, col, len + 16);

	if (out == NULL)
		return NULL;
	if (clean_text(s, len, out, len + 16) == 0)
		return NULL;
	return out;
}

enum id_state { ID_PRESENT, ID_EMPTY, ID_EXCEL };

/* No NIK, No KK or NOKA is longer: a longer "identifier" is rejected as too
 * long (it would not fit PostgreSQL's index either). */
#define ID_MAX_BYTES 64

/* The text of an identifier's cell (x->val[col] cleared), or NULL: empty
 * (*st ID_EMPTY) or too long (*st ID_PRESENT, the row marked for
 * FIELD_TERLALU_PANJANG). */
static char *
id_cell_text(struct import_ctx *x, const struct csvsrc_rec *r, int col,
    enum id_state *st)
{
	char *v = clean_cell(x, r, col);

	x->val[col] = NULL;
	*st = ID_EMPTY;
	if (v != NULL && strlen(v) > ID_MAX_BYTES) {
		x->id_too_long = 1;
		*st = ID_PRESENT;
		return NULL;
	}
	return v;
}

/* in cleaned as an identifier into tmp: ID_PRESENT, ID_EMPTY, or ID_EXCEL
 * (digits lost in Excel: the row flagged ID_RUSAK_EXCEL). */
static enum id_state
id_clean(struct import_ctx *x, const char *in, char *tmp, size_t tmpsz)
{
	switch (clean_identifier(in, tmp, tmpsz)) {
	case CLEAN_ID_EXCEL:
		x->flags |= 1u << FLAG_ID_RUSAK_EXCEL;
		return ID_EXCEL;
	case CLEAN_ID_EMPTY:
		return ID_EMPTY;
	default:
		return ID_PRESENT;
	}
}

/* nik, no_kk, noka: identifier cleaning and its flags. */
static enum id_state
clean_id_cell(struct import_ctx *x, const struct csvsrc_rec *r, int col)
{
	char tmp[ID_MAX_BYTES + 16];
	enum id_state st;
	char *v;

	if ((v = id_cell_text(x, r, col, &st)) == NULL ||
	    (st = id_clean(x, v, tmp, sizeof tmp)) != ID_PRESENT)
		return st;
	strcpy(v, tmp);
	x->val[col] = v;
	if (col == COL_NIK && !clean_nik_valid(v))
		x->flags |= 1u << FLAG_NIK_TIDAK_VALID;
	if (col == COL_NOKA) {
		switch (clean_noka(v)) {
		case CLEAN_NOKA_PADDED:
			x->flags |= 1u << FLAG_NOKA_DIPERBAIKI;
			break;
		case CLEAN_NOKA_INVALID:
			x->flags |= 1u << FLAG_NOKA_TIDAK_VALID;
			break;
		default:
			break;
		}
	}
	return ID_PRESENT;
}

/*
 * A participant key as rekon writes it (KUNCI A, KUNCI B of a decision): a
 * NIK, or "NOKA:" and a NOKA. The identifier after the prefix is cleaned
 * like any NIK or NOKA (a NOKA Excel cut short padded to 13 digits), so
 * the key is the one rekon_kunci() makes of the row it names.
 */
static enum id_state
clean_kunci_cell(struct import_ctx *x, const struct csvsrc_rec *r, int col)
{
	char tmp[ID_MAX_BYTES + 16];
	enum id_state st;
	char *v;
	int noka;

	if ((v = id_cell_text(x, r, col, &st)) == NULL)
		return st;
	noka = strncasecmp(v, "NOKA:", 5) == 0;
	if ((st = id_clean(x, noka ? v + 5 : v, tmp, sizeof tmp)) != ID_PRESENT)
		return st;
	if (noka)
		(void)clean_noka(tmp);	/* v holds the cell's length + 16 */
	snprintf(v, strlen(v) + 16, "%s%s", noka ? "NOKA:" : "", tmp);
	x->val[col] = v;
	return ID_PRESENT;
}

static void set_const(struct import_ctx *, int, const char *);

/* KEPUTUSAN: SAMA / BEDA, NULL when not recognised (raw kept). */
static void
clean_keputusan_cell(struct import_ctx *x, const struct csvsrc_rec *r)
{
	char *v = clean_cell(x, r, COL_KEPUTUSAN);

	x->val[SLOT_KEPUTUSAN_RAW] = v;
	set_const(x, COL_KEPUTUSAN, v ? clean_keputusan(v) : NULL);
}

/* A date column: "YYYY-MM-DD", or NULL (flagged when it was not empty). */
static int
clean_date_cell(struct import_ctx *x, const struct csvsrc_rec *r, int col)
{
	char *v = clean_cell(x, r, col);
	int y, m, d;

	x->val[col] = NULL;
	if (v == NULL)
		return CLEAN_DATE_EMPTY;
	switch (clean_date(v, x->period_year, &y, &m, &d)) {
	case CLEAN_DATE_OK:
		/* YYYY-MM-DD (clean_date keeps y in 1800..2200), into v's
		 * buffer of the cell's length + 16 bytes. */
		v[0] = (char)('0' + y / 1000);
		v[1] = (char)('0' + y / 100 % 10);
		v[2] = (char)('0' + y / 10 % 10);
		v[3] = (char)('0' + y % 10);
		v[4] = '-';
		v[5] = (char)('0' + m / 10);
		v[6] = (char)('0' + m % 10);
		v[7] = '-';
		v[8] = (char)('0' + d / 10);
		v[9] = (char)('0' + d % 10);
		v[10] = '\0';
		x->val[col] = v;
		return CLEAN_DATE_OK;
	case CLEAN_DATE_EMPTY:
		return CLEAN_DATE_EMPTY;
	default:
		x->flags |= 1u << FLAG_TGL_TIDAK_VALID;
		return CLEAN_DATE_INVALID;
	}
}

/* Store a constant (or NULL) as a slot's value. */
static void
set_const(struct import_ctx *x, int slot, const char *v)
{
	x->val[slot] = (char *)(uintptr_t)v;
}

/* A coded or plain column, by what the column is. */
static void
clean_coded_cell(struct import_ctx *x, const struct csvsrc_rec *r, int col)
{
	char *v = clean_cell(x, r, col);
	static const char *const jk[] = { "L", "P" };
	static const char *const desil[] = { "1", "2", "3", "4", "5", "6", "7",
	    "8", "9", "10" };
	char c;
	int n;

	x->val[col] = v;
	switch (col) {
	case COL_NAMA:
		if (v != NULL) {
			char *k = slot_buf(x, SLOT_NAMA_KUNCI, strlen(v) + 1);

			clean_upper(v);
			if (k != NULL && clean_nama_kunci(v, k, strlen(v) + 1) > 0)
				x->val[SLOT_NAMA_KUNCI] = k;
		}
		break;
	case COL_JENIS_KELAMIN:
		c = v ? clean_jenis_kelamin(v) : 0;
		set_const(x, col, c == 'L' ? jk[0] : c == 'P' ? jk[1] : NULL);
		break;
	case COL_DESIL:
		n = v ? clean_desil(v) : 0;
		set_const(x, col, n >= 1 && n <= 10 ? desil[n - 1] : NULL);
		break;
	case COL_PADAN_DUKCAPIL:
		set_const(x, col, v ? clean_padan(v) : NULL);
		break;
	case COL_JENIS_USULAN:
		set_const(x, col, clean_jenis_usulan(v ? v : ""));
		break;
	case COL_ADA_KK: case COL_ADA_KTP: case COL_ADA_SKTM:
	case COL_ADA_REKOMENDASI: case COL_ADA_SURAT_SAKIT:
		n = v ? clean_yatidak(v) : -1;
		set_const(x, col, n == 1 ? "t" : n == 0 ? "f" : NULL);
		break;
	default:
		break;
	}
}

/* status: AKTIF ...; empty is LAINNYA in peserta, AKTIF in segmen lists. */
static void
clean_status_cell(struct import_ctx *x, const struct csvsrc_rec *r)
{
	char *v = clean_cell(x, r, COL_STATUS);
	enum clean_status st = v ? clean_status(v) : CLEAN_STATUS_EMPTY;

	x->val[SLOT_STATUS_RAW] = v;
	if (st == CLEAN_STATUS_EMPTY)
		st = x->kind->kind == KIND_SEGMEN ? CLEAN_STATUS_AKTIF :
		    CLEAN_STATUS_LAINNYA;
	set_const(x, COL_STATUS, clean_status_name(st));
}

static void
clean_segmen_cell(struct import_ctx *x, const struct csvsrc_rec *r)
{
	char *v = clean_cell(x, r, COL_SEGMEN);
	enum clean_segmen sg = v ? clean_segmen(v) : CLEAN_SEGMEN_EMPTY;

	x->val[SLOT_SEGMEN_RAW] = v;
	if (sg == CLEAN_SEGMEN_EMPTY)
		set_const(x, COL_SEGMEN, x->default_segmen);
	else
		set_const(x, COL_SEGMEN, clean_segmen_name(sg));
}

/* hasil: GAGAL / BERHASIL, or NULL when not recognised. */
static void
clean_hasil_cell(struct import_ctx *x, const struct csvsrc_rec *r)
{
	char *v = clean_cell(x, r, COL_HASIL);
	enum clean_hasil h = v ? clean_hasil(v) : CLEAN_HASIL_UNKNOWN;

	x->val[SLOT_HASIL_RAW] = v;
	set_const(x, COL_HASIL, h == CLEAN_HASIL_GAGAL ? "GAGAL" :
	    h == CLEAN_HASIL_BERHASIL ? "BERHASIL" : NULL);
}

static int
is_id_col(int c)
{
	return c == COL_NIK || c == COL_NO_KK || c == COL_NOKA;
}

static int
is_date_col(int c)
{
	return c == COL_TGL_LAHIR || c == COL_TGL_USULAN || c == COL_TMT ||
	    c == COL_TGL_MENINGGAL;
}

/* Clean every column of the kind; remember how the identifiers fared. */
static void
clean_row(struct import_ctx *x, const struct csvsrc_rec *r,
    enum id_state ids[COL__COUNT], int *date_meninggal)
{
	int i, c;

	for (i = 0; i < SLOT__COUNT; i++)
		x->val[i] = NULL;
	x->flags = 0;
	x->id_too_long = 0;
	for (i = 0; i < x->kind->ncols; i++) {
		c = x->kind->cols[i];
		if (is_id_col(c))
			ids[c] = clean_id_cell(x, r, c);
		else if (c == COL_KUNCI_A || c == COL_KUNCI_B)
			ids[c] = clean_kunci_cell(x, r, c);
		else if (c == COL_KEPUTUSAN)
			clean_keputusan_cell(x, r);
		else if (is_date_col(c)) {
			int st = clean_date_cell(x, r, c);

			if (c == COL_TGL_MENINGGAL)
				*date_meninggal = st;
		} else if (c == COL_STATUS)
			clean_status_cell(x, r);
		else if (c == COL_SEGMEN)
			clean_segmen_cell(x, r);
		else if (c == COL_HASIL)
			clean_hasil_cell(x, r);
		else
			clean_coded_cell(x, r, c);
	}
	/* keputusan: a pair is unordered; kept as (lesser, greater),
	 * byte-wise as COLLATE "C" orders them. */
	if (x->kind->kind == KIND_KEPUTUSAN && x->val[COL_KUNCI_A] != NULL &&
	    x->val[COL_KUNCI_B] != NULL &&
	    strcmp(x->val[COL_KUNCI_A], x->val[COL_KUNCI_B]) > 0) {
		char *t = x->val[COL_KUNCI_A];

		x->val[COL_KUNCI_A] = x->val[COL_KUNCI_B];
		x->val[COL_KUNCI_B] = t;
	}
	/* peserta: the participant key (rekon_kunci(); the distribution
	 * column on Citus): the NIK, else 'NOKA:' || noka. */
	if (x->kind->kind == KIND_PESERTA) {
		if (x->val[COL_NIK] != NULL)
			x->val[SLOT_KUNCI] = x->val[COL_NIK];
		else if (x->val[COL_NOKA] != NULL) {
			size_t n = strlen(x->val[COL_NOKA]) + 6;
			char *k = slot_buf(x, SLOT_KUNCI, n);

			if (k != NULL) {
				snprintf(k, n, "NOKA:%s", x->val[COL_NOKA]);
				x->val[SLOT_KUNCI] = k;
			}
		}
	}
}

/* A row whose every field is empty after cleaning. */
static int
row_is_blank(const struct csvsrc_rec *r)
{
	char tmp[64];
	size_t i;

	if (r->blank_line)
		return 1;
	for (i = 0; i < r->nfields; i++) {
		unsigned char c = (unsigned char)r->fields[i][0];

		/* Starts with a letter or digit: clean_text keeps it, and only
		 * the "no value" spellings (NULL, 0000-00-00) make it empty. */
		if (((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '1' && c <= '9')) && c != 'N' && c != 'n')
			return 0;
		if (r->lens[i] >= sizeof tmp)
			return 0;
		if (clean_text(r->fields[i], r->lens[i], tmp, sizeof tmp) > 0)
			return 0;
	}
	return 1;
}

/* A non-empty field right of the header's last cell. */
static int
row_too_wide(const struct import_ctx *x, const struct csvsrc_rec *r)
{
	char tmp[64];
	size_t i;

	if (r->nfields_dropped > 0)	/* beyond the reader's field limit */
		return 1;
	for (i = x->header_cells; i < r->nfields; i++) {
		if (r->lens[i] >= sizeof tmp)
			return 1;
		if (clean_text(r->fields[i], r->lens[i], tmp, sizeof tmp) > 0)
			return 1;
	}
	return 0;
}

/*
 * A kelurahan user's upload (web.md): a row's kecamatan and kelurahan,
 * folded, must be the user's; an empty one takes the user's.
 */
static int
place_ok(struct import_ctx *x)
{
	static const int cols[2] = { COL_KECAMATAN, COL_KELURAHAN };
	const char *want[2] = { x->o->kec, x->o->kel };
	char got[128];
	int i;

	for (i = 0; i < 2; i++) {
		if (x->val[cols[i]] == NULL || x->val[cols[i]][0] == '\0') {
			x->val[cols[i]] = (char *)want[i];
			continue;
		}
		if (clean_place_fold(x->val[cols[i]], i, got, sizeof got) == -1 ||
		    strcmp(got, want[i]) != 0)
			return 0;
	}
	return 1;
}

/*
 * Why a row cannot be used, in the order inputs.md lists the checks; NULL
 * when it can. A broken quote is decided first: its fields are the rest of
 * the file and mean nothing (docs/decisions.md).
 */
static const char *
row_reject_reason(struct import_ctx *x, const struct csvsrc_rec *r,
    const enum id_state ids[COL__COUNT], int date_meninggal)
{
	if (r->broken_quote)
		return "CSV_RUSAK";
	if (x->kind->kind == KIND_PESERTA) {
		if (ids[COL_NIK] != ID_PRESENT && ids[COL_NOKA] != ID_PRESENT)
			return ids[COL_NIK] == ID_EXCEL || ids[COL_NOKA] == ID_EXCEL ?
			    "ID_RUSAK_EXCEL" : "ID_KOSONG";
	} else if (x->kind->kind == KIND_KEPUTUSAN) {
		/* Both keys are needed: a pair of one key is no pair. */
		if (ids[COL_KUNCI_A] != ID_PRESENT || ids[COL_KUNCI_B] != ID_PRESENT)
			return ids[COL_KUNCI_A] == ID_EXCEL ||
			    ids[COL_KUNCI_B] == ID_EXCEL ? "ID_RUSAK_EXCEL" :
			    "ID_KOSONG";
		if (x->val[COL_KEPUTUSAN] == NULL)
			return "KEPUTUSAN_TIDAK_DIKENAL";
	} else if (ids[COL_NIK] != ID_PRESENT)
		return ids[COL_NIK] == ID_EXCEL ? "ID_RUSAK_EXCEL" : "NIK_KOSONG";
	if (x->kind->kind == KIND_FEEDBACK && x->val[COL_HASIL] == NULL)
		return "HASIL_TIDAK_DIKENAL";
	if (x->kind->kind == KIND_KEMATIAN && date_meninggal != CLEAN_DATE_OK)
		return "TGL_TIDAK_VALID";
	if (x->kind->kind == KIND_USULAN && x->o->kel[0] != '\0' &&
	    !place_ok(x))
		return "KELURAHAN_LAIN";
	if (row_too_wide(x, r))
		return "JUMLAH_KOLOM";
	if (r->has_nul)
		return "BYTE_NUL";
	/* A field the reader had to cut is too long too: never store it cut. */
	if (r->max_field_len > x->o->max_field_bytes || r->fields_truncated ||
	    x->id_too_long)
		return "FIELD_TERLALU_PANJANG";
	return NULL;
}

/* ---- writing rows ------------------------------------------------------- */

/* "{A,B}" for the flags set on the row. */
static void
flags_literal(unsigned flags, char *out, size_t outsz)
{
	size_t len = 1;
	int i;

	out[0] = '{';
	out[1] = '\0';
	for (i = 0; i < FLAG__COUNT; i++) {
		if (!(flags & (1u << i)))
			continue;
		len += (size_t)snprintf(out + len, outsz - len, "%s%s",
		    len > 1 ? "," : "", flag_names[i]);
	}
	snprintf(out + len, outsz - len, "}");
}

/* Accepted rows go to the server in blocks of about this many bytes: one
 * PQputCopyData per block, not per row. */
#define COPY_BLOCK (64 * 1024)

static int
copy_flush(struct import_ctx *x)
{
	if (x->out.len == 0)
		return 0;
	if (PQputCopyData(x->conn, x->out.p, (int)x->out.len) != 1) {
		util_errf(x->err, x->errsz, "COPY failed: %s", PQerrorMessage(x->conn));
		return -1;
	}
	x->out.len = 0;
	return 0;
}

/* Decimal digits of v (>= 0) into buf, ending at end; returns the start. */
static char *
fmt_long(long v, char *end)
{
	char *p = end;

	do
		*--p = (char)('0' + v % 10);
	while ((v /= 10) > 0);
	return p;
}

static int
write_accepted(struct import_ctx *x, long line)
{
	const struct copy_def *cd = &copy_defs[x->kind->kind];
	char num[24], *n;
	struct buf *b = &x->out;
	size_t bl = strlen(x->batch_id_s);
	int i;

	x->val[SLOT_FLAGS] = x->flag_lits[x->flags];
	n = fmt_long(line < 0 ? 0 : line, num + sizeof num);
	if (buf_grow(b, bl + 2 + (size_t)(num + sizeof num - n)) == -1)
		return -1;
	memcpy(b->p + b->len, x->batch_id_s, bl);
	b->len += bl;
	b->p[b->len++] = '\t';
	memcpy(b->p + b->len, n, (size_t)(num + sizeof num - n));
	b->len += (size_t)(num + sizeof num - n);
	for (i = 0; i < cd->nslots; i++) {
		if (buf_add(b, "\t", 1) == -1 ||
		    buf_add_copy_value(b, x->val[cd->slots[i]]) == -1)
			return -1;
	}
	if (buf_add(b, "\n", 1) == -1)
		return -1;
	x->accepted++;
	return b->len >= COPY_BLOCK ? copy_flush(x) : 0;
}

/* The raw text as stored: NUL shown as U+2400, cut with "…" at the cap. */
static int
buf_add_raw(struct buf *b, const struct csvsrc_rec *r)
{
	struct buf tmp = { 0 };
	size_t i;
	int rc = 0;

	for (i = 0; i < r->rawlen && rc == 0; i++)
		rc = r->raw[i] == '\0' ? buf_add(&tmp, "\xe2\x90\x80", 3) :
		    buf_add(&tmp, r->raw + i, 1);
	if (rc == 0 && r->raw_truncated)
		rc = buf_add(&tmp, "\xe2\x80\xa6", 3);
	if (rc == 0)
		rc = buf_add_copy_value(b, tmp.p ? tmp.p : "");
	free(tmp.p);
	return rc;
}

static int
write_rejected(struct import_ctx *x, const struct csvsrc_rec *r,
    const char *reason)
{
	char head[96];

	x->line.len = 0;
	snprintf(head, sizeof head, "%s\t%ld\t%s\t", x->batch_id_s, r->line, reason);
	if (buf_add(&x->line, head, strlen(head)) == -1 ||
	    buf_add_raw(&x->line, r) == -1 || buf_add(&x->line, "\n", 1) == -1)
		return -1;
	if (fwrite(x->line.p, 1, x->line.len, x->rejected) != x->line.len) {
		util_errf(x->err, x->errsz, "temporary file: %s", strerror(errno));
		return -1;
	}
	x->rejected_n++;
	return 0;
}

/* ---- the two passes over the records ------------------------------------ */

#define CELL_SHOWN	40	/* bytes of a cell a refusal message quotes */
#define DIGITS_SHOWN	4	/* of a run of 10 digits or more */

/*
 * A first-row cell as the refusal message quotes it: at most CELL_SHOWN
 * bytes (cut at a character boundary, then "…"), and a run of ten digits
 * or more (a NIK, No KK or NOKA when the first row is data, not a header)
 * shown by its first four digits only: the message goes to the log.
 */
static void
shown_cell(const char *in, char *out, size_t outsz)
{
	size_t i = 0, o = 0, run;

	while (in[i] != '\0' && o + 8 < outsz) {
		if (i >= CELL_SHOWN) {
			while (o > 0 && ((unsigned char)out[o - 1] & 0xC0) == 0x80)
				o--;	/* a character cut in two */
			if (o > 0 && ((unsigned char)out[o - 1] & 0x80))
				o--;
			memcpy(out + o, "\xe2\x80\xa6", 3);	/* … */
			o += 3;
			break;
		}
		run = strspn(in + i, "0123456789");
		if (run >= 10) {
			size_t k = DIGITS_SHOWN;

			if (o + k + 3 >= outsz)
				break;
			memcpy(out + o, in + i, k);
			memcpy(out + o + k, "\xe2\x80\xa6", 3);
			o += k + 3;
			i += run;
			continue;
		}
		out[o++] = in[i++];
	}
	out[o] = '\0';
}

static void
remember_first_row(struct import_ctx *x, const struct csvsrc_rec *r)
{
	char cell[CELL_SHOWN + 16];
	size_t i, len = 0;
	int n;

	if (x->first_row[0] != '\0' || r->blank_line || r->nfields == 0)
		return;
	(void)kind_map_header(x->kind, r->fields, r->nfields, x->first_map);
	for (i = 0; i < r->nfields && len < sizeof x->first_row - 1; i++) {
		shown_cell(r->fields[i], cell, sizeof cell);
		n = snprintf(x->first_row + len, sizeof x->first_row - len,
		    "%s\"%s\"", i ? ", " : "", cell);
		if (n < 0)
			break;
		len += (size_t)n;
	}
}

/* Header cells that mean no column of the kind, or a column a cell to
 * their left already gave: named once in the log and in the batch. */
static void
note_ignored_columns(struct import_ctx *x, const struct csvsrc_rec *r)
{
	size_t i, len = 0;
	int c, n;

	x->ignored[0] = '\0';
	for (i = 0; i < x->header_cells; i++) {
		c = kind_match_header(x->kind, r->fields[i]);
		if (r->lens[i] == 0 || (c >= 0 && x->map[c] == (int)i))
			continue;
		n = snprintf(x->ignored + len, sizeof x->ignored - len, "%s\"%s\"",
		    len ? ", " : "", r->fields[i]);
		if (n < 0 || (size_t)n >= sizeof x->ignored - len)
			break;
		len += (size_t)n;
	}
}

/* Pass "header": stop at the first row that holds every required column. */
static int
header_cb(const struct csvsrc_rec *r, void *arg)
{
	struct import_ctx *x = arg;

	x->records_seen++;
	remember_first_row(x, r);
	if (x->detect) {
		if (!r->blank_line && !r->broken_quote &&
		    ((x->detected = kind_best(r->fields, r->nfields, x->tied,
		    sizeof x->tied)) != NULL || x->tied[0] != '\0')) {
			x->header_found = 1;
			return 1;
		}
		return x->records_seen >= HEADER_SEARCH_ROWS;
	}
	if (!r->blank_line && !r->broken_quote &&
	    kind_map_header(x->kind, r->fields, r->nfields, x->map)) {
		x->header_found = 1;
		x->header_line = r->line;
		x->header_record = x->records_seen;
		/* A continuation sheet repeats it (xlsxsrc.h). */
		if (x->xlsx != NULL &&
		    xlsxsrc_set_header(x->xlsx, r->raw, r->rawlen) == -1)
			fatal("out of memory");
		/* The header's width: its last non-empty cell. */
		x->header_cells = r->nfields;
		while (x->header_cells > 0 && r->lens[x->header_cells - 1] == 0)
			x->header_cells--;
		note_ignored_columns(x, r);
		x->better = kind_fits_better(x->kind, r->fields, r->nfields,
		    &x->fit_n, &x->better_n);
		return 1;
	}
	return x->records_seen >= HEADER_SEARCH_ROWS;
}

/* A decision row whose KEPUTUSAN is empty: the pair was not decided. */
static int
keputusan_empty(struct import_ctx *x, const struct csvsrc_rec *r)
{
	return clean_cell(x, r, COL_KEPUTUSAN) == NULL;
}

static int
load_cb(const struct csvsrc_rec *r, void *arg)
{
	struct import_ctx *x = arg;
	enum id_state ids[COL__COUNT];
	int date_meninggal = CLEAN_DATE_EMPTY;
	const char *reason;
	int i;

	if (++x->records_seen <= x->header_record)
		return 0;
	x->rows_read++;
	for (i = 0; i < COL__COUNT; i++)
		ids[i] = ID_EMPTY;
	if (!r->broken_quote && row_is_blank(r))
		x->blank++;
	else if (!r->broken_quote && x->kind->kind == KIND_KEPUTUSAN &&
	    keputusan_empty(x, r))
		x->blank++;	/* not decided (inputs.md): blank, not rejected */
	else {
		clean_row(x, r, ids, &date_meninggal);
		reason = row_reject_reason(x, r, ids, date_meninggal);
		if ((reason ? write_rejected(x, r, reason) :
		    write_accepted(x, r->line)) == -1) {
			x->failed = 1;
			return 1;
		}
	}
	if ((x->rows_read & 1023) == 0)
		progress_draw(x, 0);
	return 0;
}

/* ---- the batch ---------------------------------------------------------- */

static const char *const delim_names[] = { ";", ",", "|", "TAB" };
static const char delims[] = { ';', ',', '|', '\t' };

static const char *
delim_name(char d)
{
	size_t i;

	for (i = 0; i < sizeof delims; i++)
		if (delims[i] == d)
			return delim_names[i];
	return "?";
}

/* The delimiter the file's first non-empty line suggests (raw bytes: the
 * candidates are ASCII in UTF-8 and Windows-1252 alike). */
static char
first_line_delim(const char *path, const struct csvsrc_info *info)
{
	char line[65536];
	FILE *fp;
	char d = ';';

	if ((fp = fopen(path, "rb")) == NULL)
		return d;
	while (fgets(line, sizeof line, fp) != NULL) {
		char *s = line;

		if (info->has_bom && info->is_utf8 && s == line &&
		    memcmp(s, "\xef\xbb\xbf", 3) == 0)
			s += 3;
		s[strcspn(s, "\r\n")] = '\0';
		if (s[strspn(s, " \t")] != '\0') {
			d = csvsrc_guess_delim(s);
			break;
		}
	}
	fclose(fp);
	return d;
}

/* Fields the reader keeps per record: enough to see one past max_columns. */
static size_t
reader_max_fields(const struct import_ctx *x)
{
	size_t n = x->o->max_columns > 0 ? (size_t)x->o->max_columns + 1 : 0;

	return n > CSVSRC_MAX_FIELDS ? n : CSVSRC_MAX_FIELDS;
}

/*
 * Every record of the file, from the CSV reader or the workbook reader
 * (which gives the same records).  -1 on an error; a workbook that turns
 * out unreadable half-way also sets source_refused.
 */
static int
read_records(struct import_ctx *x, const struct csvsrc_opts *co, csvsrc_cb cb,
    char *err, size_t errsz)
{
	int stopped, rc;

	if (x->xlsx == NULL)
		return csvsrc_read(x->path, x->info, co, cb, x, &stopped, err,
		    errsz);
	rc = xlsxsrc_read(x->xlsx, co, cb, x, &stopped, err, errsz);
	if (rc == XLSXSRC_REFUSED)
		x->source_refused = 1;
	return rc == 0 ? 0 : -1;
}

/* A workbook has no delimiter: one pass over its first rows. */
static int
find_header_xlsx(struct import_ctx *x, char *err, size_t errsz)
{
	struct csvsrc_opts co = { 0 };

	co.raw_cap = 256;
	co.max_fields = reader_max_fields(x);
	x->records_seen = 0;
	x->first_row[0] = '\0';
	if (read_records(x, &co, header_cb, err, errsz) == -1)
		return -1;
	return x->header_found;
}

/* Try the delimiter guessed from the first line first, then the others. */
static int
find_header(struct import_ctx *x, const struct csvsrc_info *info, char *delim,
    char *err, size_t errsz)
{
	struct csvsrc_opts co = { 0 };
	char order[5], guess;
	int stopped, i, n = 0;

	for (i = 0; i < COL__COUNT; i++)
		x->first_map[i] = -1;
	if (x->xlsx != NULL)
		return find_header_xlsx(x, err, errsz);
	guess = first_line_delim(x->path, info);
	order[n++] = guess;
	for (i = 0; i < 4; i++)
		if (delims[i] != guess)
			order[n++] = delims[i];
	for (i = 0; i < n; i++) {
		co.delim = order[i];
		co.raw_cap = 256;
		co.max_fields = reader_max_fields(x);
		x->records_seen = 0;
		x->first_row[0] = '\0';
		if (csvsrc_read(x->path, info, &co, header_cb, x, &stopped, err,
		    errsz) == -1)
			return -1;
		if (x->header_found) {
			*delim = order[i];
			return 1;
		}
	}
	/* Describe the first row as the guessed delimiter splits it. */
	co.delim = guess;
	x->records_seen = 0;
	x->first_row[0] = '\0';
	(void)csvsrc_read(x->path, info, &co, header_cb, x, &stopped, err, errsz);
	return 0;
}

static const char *
batch_segmen(const struct import_ctx *x)
{
	return x->kind->kind == KIND_SEGMEN ? x->default_segmen : NULL;
}

/* A file that could not be read as its kind: recorded, with no rows. */
static int
record_refused(struct import_ctx *x, const struct csvsrc_info *info,
    const char *period, const char *why, char *err, size_t errsz)
{
	char size[32];
	const char *p[9];

	snprintf(size, sizeof size, "%lld", info->size);
	p[0] = x->kind->name; p[1] = period; p[2] = x->base;
	p[3] = info->sha256_hex; p[4] = size; p[5] = why;
	p[6] = batch_segmen(x); p[7] = x->kind->kind == KIND_SEGMEN ? x->o->label : NULL;
	p[8] = x->o->pengunggah[0] != '\0' ? x->o->pengunggah : NULL;
	return db_cmd(x->conn, err, errsz,
	    "INSERT INTO batch (kind, period, file_name, sha256, size_bytes,"
	    " started_at, finished_at, outcome, message, segmen, label, pengunggah)"
	    " VALUES ($1, $2, $3, $4, $5, now(), now(), 'DITOLAK', $6, $7, $8, $9)",
	    9, p);
}

static int
batch_begin(struct import_ctx *x, const struct csvsrc_info *info,
    const char *period, char delim, char *err, size_t errsz)
{
	char size[32], hl[32];
	const char *p[11];
	PGresult *r;

	if (db_cmd(x->conn, err, errsz, "BEGIN", 0, NULL) == -1)
		return -1;
	snprintf(size, sizeof size, "%lld", info->size);
	snprintf(hl, sizeof hl, "%ld", x->header_line);
	p[0] = x->kind->name; p[1] = period; p[2] = x->base;
	p[3] = info->sha256_hex; p[4] = size;
	p[5] = x->xlsx ? "XLSX" : info->is_utf8 ? "UTF-8" : "WINDOWS-1252";
	p[6] = x->xlsx ? NULL : delim_name(delim); p[7] = hl;
	p[8] = batch_segmen(x);
	p[9] = x->kind->kind == KIND_SEGMEN ? x->o->label : NULL;
	p[10] = x->o->pengunggah[0] != '\0' ? x->o->pengunggah : NULL;
	r = db_exec(x->conn, err, errsz,
	    "INSERT INTO batch (kind, period, file_name, sha256, size_bytes,"
	    " encoding, delimiter, header_line, segmen, label, started_at, outcome,"
	    " pengunggah)"
	    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, clock_timestamp(), 'OK',"
	    " $11) RETURNING id", 11, p);
	if (r == NULL)
		return -1;
	snprintf(x->batch_id_s, sizeof x->batch_id_s, "%s", PQgetvalue(r, 0, 0));
	x->batch_id = atoll(x->batch_id_s);
	PQclear(r);
	p[0] = x->kind->table;
	p[1] = x->batch_id_s;
	return db_cmd(x->conn, err, errsz, "SELECT rekon_impor_mulai($1, $2)",
	    2, p);
}

static int
copy_start(PGconn *c, const char *sql, char *err, size_t errsz)
{
	PGresult *r = PQexec(c, sql);

	if (PQresultStatus(r) != PGRES_COPY_IN) {
		util_errf(err, errsz, "%s", PQresultErrorMessage(r));
		PQclear(r);
		return -1;
	}
	PQclear(r);
	return 0;
}

static int
copy_end(PGconn *c, const char *abort_msg, char *err, size_t errsz)
{
	PGresult *r;
	int rc = 0;

	if (PQputCopyEnd(c, abort_msg) != 1) {
		util_errf(err, errsz, "COPY end: %s", PQerrorMessage(c));
		return -1;
	}
	while ((r = PQgetResult(c)) != NULL) {
		if (PQresultStatus(r) != PGRES_COMMAND_OK && abort_msg == NULL) {
			util_errf(err, errsz, "%s", PQresultErrorMessage(r));
			rc = -1;
		}
		PQclear(r);
	}
	return abort_msg != NULL ? -1 : rc;
}

/* The rejected rows waited in a temporary file: one COPY after the rows. */
static int
copy_rejected(struct import_ctx *x, char *err, size_t errsz)
{
	char chunk[65536];
	size_t n;

	if (x->rejected_n == 0)
		return 0;
	if (fflush(x->rejected) != 0 || fseek(x->rejected, 0, SEEK_SET) != 0) {
		util_errf(err, errsz, "temporary file: %s", strerror(errno));
		return -1;
	}
	if (copy_start(x->conn, "COPY rejected_row (batch_id, line, reason, raw)"
	    " FROM STDIN", err, errsz) == -1)
		return -1;
	while ((n = fread(chunk, 1, sizeof chunk, x->rejected)) > 0)
		if (PQputCopyData(x->conn, chunk, (int)n) != 1)
			return copy_end(x->conn, "write failed", err, errsz);
	return copy_end(x->conn, NULL, err, errsz);
}

static int
batch_finish(struct import_ctx *x, char *err, size_t errsz)
{
	char n[4][24], fin[64];
	const char *p[7];
	PGresult *r;

	snprintf(n[0], sizeof n[0], "%ld", x->rows_read);
	snprintf(n[1], sizeof n[1], "%ld", x->accepted);
	snprintf(n[2], sizeof n[2], "%ld", x->rejected_n);
	snprintf(n[3], sizeof n[3], "%ld", x->blank);
	p[0] = x->batch_id_s; p[1] = n[0]; p[2] = n[1]; p[3] = n[2]; p[4] = n[3];
	p[5] = x->ignored[0] ? x->ignored : NULL;
	if (db_cmd(x->conn, err, errsz, "SELECT rekon_impor_pasang($1, $2)", 2,
	    (const char *[]){ x->kind->table, x->batch_id_s }) == -1)
		return -1;
	/* The server's clock when the rows are in, read first and then
	 * written as a value: on Citus, batch is a reference table, and an
	 * UPDATE of a distributed or reference table may not call a VOLATILE
	 * function such as clock_timestamp() (docs/scale.md). */
	if ((r = db_exec(x->conn, err, errsz, "SELECT clock_timestamp()", 0,
	    NULL)) == NULL)
		return -1;
	snprintf(fin, sizeof fin, "%s", PQgetvalue(r, 0, 0));
	PQclear(r);
	p[6] = fin;
	if (db_cmd(x->conn, err, errsz, "UPDATE batch SET rows_read = $2,"
	    " accepted = $3, rejected = $4, blank = $5,"
	    " finished_at = $7::timestamptz,"
	    " message = 'columns not used: ' || $6 WHERE id = $1", 7, p) == -1)
		return -1;
	return db_cmd(x->conn, err, errsz, "COMMIT", 0, NULL);
}

static void
batch_rollback(struct import_ctx *x)
{
	char e[256];

	if (PQtransactionStatus(x->conn) != PQTRANS_IDLE)
		(void)db_cmd(x->conn, e, sizeof e, "ROLLBACK", 0, NULL);
}

/* Pass two: every record after the header, streamed through COPY. */
static int
load_rows(struct import_ctx *x, char delim, char *err, size_t errsz)
{
	struct csvsrc_opts co = { 0 };
	unsigned i;

	co.delim = delim;
	co.raw_cap = RAW_CAP;
	co.max_fields = reader_max_fields(x);
	/* Keep every field the limit allows whole (the reader's caps bound
	 * memory, and a longer field is rejected anyway). */
	co.field_cap = x->o->max_field_bytes + 1 > CSVSRC_FIELD_CAP ?
	    x->o->max_field_bytes + 1 : CSVSRC_FIELD_CAP;
	co.rec_cap = co.field_cap * 4 > CSVSRC_REC_CAP ? co.field_cap * 4 :
	    CSVSRC_REC_CAP;
	x->records_seen = 0;
	x->err = err;
	x->errsz = errsz;
	for (i = 0; i < (1u << FLAG__COUNT); i++)
		flags_literal(i, x->flag_lits[i], sizeof x->flag_lits[i]);
	if ((x->rejected = tmpfile()) == NULL) {
		util_errf(err, errsz, "temporary file: %s", strerror(errno));
		return -1;
	}
	clock_gettime(CLOCK_MONOTONIC, &x->t0);
	x->t_last = x->t0;
	if (copy_start(x->conn, copy_defs[x->kind->kind].sql, err, errsz) == -1)
		return -1;
	if (read_records(x, &co, load_cb, err, errsz) == -1 || x->failed ||
	    copy_flush(x) == -1) {
		(void)copy_end(x->conn, "import failed", err, errsz);
		return -1;
	}
	if (copy_end(x->conn, NULL, err, errsz) == -1)
		return -1;
	progress_draw(x, 1);
	return copy_rejected(x, err, errsz);
}

/* The OK batch this file already is, if any. */
static int
find_duplicate(struct import_ctx *x, const struct csvsrc_info *info,
    struct import_result *res, char *err, size_t errsz)
{
	const char *p[2] = { x->kind->name, info->sha256_hex };
	PGresult *r;
	int found;

	r = db_exec(x->conn, err, errsz, "SELECT id, period, file_name FROM batch"
	    " WHERE kind = $1 AND sha256 = $2 AND outcome = 'OK'", 2, p);
	if (r == NULL)
		return -1;
	found = PQntuples(r) > 0;
	if (found) {
		res->batch_id = atoll(PQgetvalue(r, 0, 0));
		snprintf(res->period, sizeof res->period, "%s", PQgetvalue(r, 0, 1));
		util_errf(err, errsz, "%s: skipped: already imported as batch %s (%s, %s)",
		    x->path, PQgetvalue(r, 0, 0), PQgetvalue(r, 0, 2),
		    PQgetvalue(r, 0, 1));
	}
	PQclear(r);
	return found;
}

static int
choose_period(const struct import_ctx *x, char out[8], char *err, size_t errsz)
{
	if (x->o->period != NULL) {
		if (!period_parse(x->o->period, NULL, NULL)) {
			util_errf(err, errsz, "--period %s: not a month as YYYY-MM",
			    x->o->period);
			return -1;
		}
		snprintf(out, 8, "%s", x->o->period);
		return 0;
	}
	if (period_from_filename(x->path, out))
		return 0;
	if (!period_current(x->o->timezone, out)) {
		util_errf(err, errsz, "cannot tell the current month");
		return -1;
	}
	log_info("%s: no period in the file name: using the current month %s",
	    x->base, out);
	return 0;
}

enum file_format { FMT_CSV, FMT_XLSX, FMT_XLS, FMT_UTF16 };

/* What the file is by its first bytes, whatever its name says. */
static enum file_format
sniff_format(const char *path)
{
	unsigned char m[8] = { 0 };
	FILE *fp = fopen(path, "rb");
	size_t n = 0;

	if (fp != NULL) {
		n = fread(m, 1, sizeof m, fp);
		fclose(fp);
	}
	/* A zip archive, or an empty one (end of central directory first). */
	if (n >= 4 && (memcmp(m, "PK\3\4", 4) == 0 ||
	    memcmp(m, "PK\5\6", 4) == 0))
		return FMT_XLSX;
	if (n == 8 && memcmp(m, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8) == 0)
		return FMT_XLS;
	if (n >= 2 && ((m[0] == 0xff && m[1] == 0xfe) ||
	    (m[0] == 0xfe && m[1] == 0xff)))
		return FMT_UTF16;
	return FMT_CSV;
}

/* The reader's message names the path; refusals name the file's base. */
static void
name_by_base(const struct import_ctx *x, const char *msg, char *out,
    size_t outsz)
{
	size_t n = strlen(x->path);

	if (strncmp(msg, x->path, n) == 0 && msg[n] == ':')
		snprintf(out, outsz, "%s%s", x->base, msg + n);
	else
		snprintf(out, outsz, "%s", msg);
}

/*
 * The file's format, then its header row: 1 found, 0 refused with the
 * reason in why, -1 when the file could not be read.
 */
static int
locate_header(struct import_ctx *x, const struct csvsrc_info *info,
    char *delim, char *why, size_t whysz, char *err, size_t errsz)
{
	char missing[512], empty[512];
	int rc;

	switch (sniff_format(x->path)) {
	case FMT_XLS:
		snprintf(why, whysz, _("%s: an Excel 97-2003 .xls workbook: save it"
		    " as .xlsx or CSV"), x->base);
		return 0;
	case FMT_UTF16:
		snprintf(why, whysz, _("%s: a UTF-16 text file (Excel's \"Unicode"
		    " Text\"): save it as CSV UTF-8 or .xlsx"), x->base);
		return 0;
	case FMT_XLSX:
		/* Decisions come back on rekon's own Calon Ganda sheet
		 * (inputs.md `keputusan`); a workbook whose kind is being
		 * found is read there too when it has one. */
		rc = xlsxsrc_open_sheet(x->path, x->o->max_bytes,
		    x->detect || x->kind->kind == KIND_KEPUTUSAN ?
		    "Calon Ganda" : NULL, &x->xlsx, err, errsz);
		if (rc == XLSXSRC_REFUSED) {
			name_by_base(x, err, why, whysz);
			return 0;
		}
		if (rc == -1)
			return -1;
		break;
	case FMT_CSV:
		break;
	}
	if ((rc = find_header(x, info, delim, err, errsz)) == -1) {
		if (!x->source_refused)
			return -1;
		name_by_base(x, err, why, whysz);
		return 0;
	}
	if (rc == 1)
		return 1;
	if (x->xlsx != NULL)
		snprintf(empty, sizeof empty, "(none: the sheet \"%s\" is empty)",
		    xlsxsrc_sheet_name(x->xlsx));
	else
		snprintf(empty, sizeof empty, "(none: the file is empty)");
	kind_missing(x->kind, x->first_map, missing, sizeof missing);
	snprintf(why, whysz, _("%s: no header row with the required columns of %s"
	    " among the first %d rows: missing %s; headers found in the first"
	    " row: %s"), x->base, x->kind->name, HEADER_SEARCH_ROWS, missing,
	    x->first_row[0] ? x->first_row : empty);
	return 0;
}

static void
ctx_free(struct import_ctx *x)
{
	int i;

	for (i = 0; i < SLOT__COUNT; i++)
		free(x->scratch[i]);
	free(x->line.p);
	free(x->out.p);
	if (x->rejected != NULL)
		fclose(x->rejected);
	xlsxsrc_close(x->xlsx);
}

static enum import_status
import_prepare(struct import_ctx *x, const char *path,
    const struct import_opts *o, char *err, size_t errsz)
{
	struct stat st;
	enum clean_segmen sg;

	memset(x, 0, sizeof *x);
	x->o = o;
	x->path = path;
	x->base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	if ((x->kind = kind_by_name(o->kind ? o->kind : "")) == NULL) {
		util_errf(err, errsz, "unknown kind \"%s\": use dtks, usulan,"
		    " feedback, peserta, segmen, kematian, kependudukan or"
		    " keputusan",
		    o->kind ? o->kind : "");
		return IMPORT_USAGE;
	}
	sg = clean_segmen_from_name(o->segmen ? o->segmen : "PBI_APBN");
	if (sg == CLEAN_SEGMEN_EMPTY) {
		util_errf(err, errsz, "--segmen %s: not a segment (PBI_APBN, PBPU_PEMDA,"
		    " PPU, PBPU_MANDIRI, BP, LAINNYA)", o->segmen);
		return IMPORT_USAGE;
	}
	x->default_segmen = x->kind->kind == KIND_SEGMEN ? clean_segmen_name(sg) :
	    "PBPU_PEMDA";
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		util_errf(err, errsz, "%s: a folder, not a file: name the files"
		    " in it (e.g. %s/*.csv)", path, path);
		return IMPORT_NOINPUT;
	}
	errno = 0;
	if (stat(path, &st) == -1 || !S_ISREG(st.st_mode) || access(path, R_OK) == -1) {
		util_errf(err, errsz, "%s: %s", path, errno ? strerror(errno) :
		    "not a regular file");
		return IMPORT_NOINPUT;
	}
	return IMPORT_OK;
}

/*
 * A closed period (its SK signed) takes no more files without --force: 1
 * with err saying so, 0 when P is open, -1 on a database error (err).
 */
static int
period_closed(const struct import_ctx *x, const char *period, char *err,
    size_t errsz)
{
	const char *p[1] = { period };
	char next[8];
	PGresult *r;
	int closed;

	if ((r = db_exec(x->conn, err, errsz, "SELECT 1 FROM periode WHERE"
	    " period = $1 AND closed_at IS NOT NULL", 1, p)) == NULL)
		return -1;
	if ((closed = PQntuples(r) == 1)) {
		period_add(period, 1, next);
		util_errf(err, errsz, "%s: %s is closed (its SK was signed): it"
		    " takes no more files; import it for %s (--period %s), or add"
		    " --force to import it into %s all the same", x->base, period,
		    next, next, period);
	}
	PQclear(r);
	return closed;
}

/*
 * rules.md §8: a period whose usulan list was recorded as sent takes no more
 * proposals.  1 (why says what to do: import it for the next period), 0 when
 * P is open to proposals, -1 on a database error (err).
 */
static int
usulan_sent(const struct import_ctx *x, const char *period, char *why,
    size_t whysz, char *err, size_t errsz)
{
	const char *p[2] = { period, x->o->timezone != NULL ?
	    x->o->timezone : PERIOD_DEFAULT_TZ };
	char next[8];
	PGresult *r;
	int sent;

	if ((r = db_exec(x->conn, err, errsz, "SELECT to_char(dikirim_at AT"
	    " TIME ZONE $2, 'DD-MM-YYYY'), oleh FROM usulan_final"
	    " WHERE period = $1", 2, p)) == NULL)
		return -1;
	if ((sent = PQntuples(r) == 1)) {
		period_add(period, 1, next);
		util_errf(why, whysz, "%s: the usulan of %s were sent to BPJS on"
		    " %s (rekon usulan --final, by %s): %s takes no more"
		    " proposals. Import this file for the next period: rekon"
		    " import usulan %s --period %s", x->base, period,
		    PQgetvalue(r, 0, 0), PQgetvalue(r, 0, 1), period, x->base,
		    next);
	}
	PQclear(r);
	return sent;
}

/* A workbook found broken while loading: rolled back, then refused whole. */
static enum import_status
refuse_late(struct import_ctx *x, const struct csvsrc_info *info,
    const char *period, char *err, size_t errsz)
{
	char why[4096];

	name_by_base(x, err, why, sizeof why);
	util_errf(err, errsz, "%s", why);
	if (record_refused(x, info, period, why, why, sizeof why) == -1)
		log_warnx("%s: recording the refusal failed: %s", x->base, why);
	ctx_free(x);
	return IMPORT_REFUSED;
}

int
import_detect_kind(const char *path, const struct import_opts *o,
    char *kind, size_t kindsz, char *err, size_t errsz)
{
	struct import_ctx x;
	struct csvsrc_info info;
	struct import_opts eff = *o;
	char delim = ';', why[4096];
	int rc;

	eff.kind = "dtks";	/* any: the pass below looks for every kind */
	if (import_prepare(&x, path, &eff, err, errsz) != IMPORT_OK)
		return -1;
	x.detect = 1;
	if (csvsrc_scan(path, o->max_bytes, &info, err, errsz) == -1)
		return -1;
	x.info = &info;
	rc = locate_header(&x, &info, &delim, why, sizeof why, err, errsz);
	if (rc == 1 && x.detected != NULL) {
		snprintf(kind, kindsz, "%s", x.detected->name);
		ctx_free(&x);
		return 0;
	}
	if (rc == 1)
		util_errf(err, errsz, "%s: its header fits %s alike: name the kind"
		    " (rekon import KIND FILE)", x.base, x.tied);
	else if (rc == 0 && x.detected == NULL && x.header_found == 0)
		util_errf(err, errsz, "%s: no header row of any kind (dtks, usulan,"
		    " feedback, peserta, segmen, kematian, kependudukan, keputusan)"
		    " among the first %d"
		    " rows: name the kind (rekon import KIND FILE)", x.base,
		    HEADER_SEARCH_ROWS);
	else if (rc == 0)
		util_errf(err, errsz, "%s", why);
	ctx_free(&x);
	return -1;
}

enum import_status
import_file(PGconn *c, const char *path, const struct import_opts *o,
    struct import_result *res, char *err, size_t errsz)
{
	struct import_ctx x;
	struct csvsrc_info info;
	struct import_opts eff = *o;
	char period[8], delim = ';', why[4096];
	enum import_status st;
	int rc;

	memset(res, 0, sizeof *res);
	if (eff.label == NULL || *eff.label == '\0')
		eff.label = NULL;
	if ((st = import_prepare(&x, path, &eff, err, errsz)) != IMPORT_OK)
		return st;
	if (eff.label == NULL && x.kind->kind == KIND_SEGMEN)
		eff.label = x.default_segmen;
	x.conn = c;
	if (csvsrc_scan(path, o->max_bytes, &info, err, errsz) == -1)
		return IMPORT_REFUSED;
	if (choose_period(&x, period, err, errsz) == -1)
		return IMPORT_USAGE;
	x.period_year = atoi(period);
	snprintf(res->period, sizeof res->period, "%s", period);
	if ((rc = find_duplicate(&x, &info, res, err, errsz)) != 0)
		return rc == 1 ? IMPORT_SKIPPED : IMPORT_DBERROR;
	if (!o->force && (rc = period_closed(&x, period, err, errsz)) != 0)
		return rc == 1 ? IMPORT_CLOSED : IMPORT_DBERROR;

	x.info = &info;
	if (x.kind->kind == KIND_USULAN &&
	    (rc = usulan_sent(&x, period, why, sizeof why, err, errsz)) != 0) {
		if (rc == -1) {
			ctx_free(&x);
			return IMPORT_DBERROR;
		}
		util_errf(err, errsz, "%s", why);
		if (record_refused(&x, &info, period, why, why, sizeof why) == -1)
			log_warnx("%s: recording the refusal failed: %s", x.base, why);
		ctx_free(&x);
		return IMPORT_REFUSED;
	}
	if ((rc = locate_header(&x, &info, &delim, why, sizeof why, err,
	    errsz)) == -1) {
		ctx_free(&x);
		return IMPORT_NOINPUT;
	}
	if (rc == 0) {
		util_errf(err, errsz, "%s", why);
		if (record_refused(&x, &info, period, why, why, sizeof why) == -1)
			log_warnx("%s: recording the refusal failed: %s", x.base, why);
		ctx_free(&x);
		return IMPORT_REFUSED;
	}
	/* `import dtks peserta-2026-11.csv`: a mistake, not a batch. */
	if (x.better != NULL && !o->force) {
		util_errf(err, errsz, "%s: its header fits %s (%d of its columns)"
		    " better than %s (%d): import it as %s (rekon import %s,"
		    " or inbox/%s/), or add --force to import it as %s all the"
		    " same", x.base, x.better->name, x.better_n, x.kind->name,
		    x.fit_n, x.better->name, x.better->name, x.better->name,
		    x.kind->name);
		ctx_free(&x);
		return IMPORT_WRONG_KIND;
	}
	if (o->max_columns > 0 && x.header_cells > (size_t)o->max_columns) {
		util_errf(err, errsz, "%s: the header has %zu columns, more than"
		    " [limits] max_columns = %d", x.base, x.header_cells,
		    o->max_columns);
		(void)record_refused(&x, &info, period, err, why, sizeof why);
		ctx_free(&x);
		return IMPORT_REFUSED;
	}
	if (x.ignored[0] != '\0')
		log_info("%s: columns not used: %s", x.base, x.ignored);
	res->delim = x.xlsx ? 0 : delim;	/* a workbook has none */
	res->utf8 = x.xlsx ? 1 : info.is_utf8;	/* XML text is Unicode */
	res->header_line = x.header_line;

	if (batch_begin(&x, &info, period, delim, err, errsz) == -1 ||
	    load_rows(&x, delim, err, errsz) == -1 ||
	    batch_finish(&x, err, errsz) == -1) {
		batch_rollback(&x);
		if (x.source_refused)	/* a workbook broken past its header */
			return refuse_late(&x, &info, period, err, errsz);
		ctx_free(&x);
		return IMPORT_DBERROR;
	}
	res->batch_id = x.batch_id;
	res->rows_read = x.rows_read;
	res->accepted = x.accepted;
	res->rejected = x.rejected_n;
	res->blank = x.blank;
	ctx_free(&x);
	return IMPORT_OK;
}

int
import_exit_code(enum import_status st)
{
	switch (st) {
	case IMPORT_OK:
	case IMPORT_SKIPPED:
		return EX_OK;
	case IMPORT_REFUSED:
		return EX_DATAERR;
	case IMPORT_NOINPUT:
		return EX_NOINPUT;
	case IMPORT_USAGE:
	case IMPORT_WRONG_KIND:		/* the command named the wrong kind */
		return EX_USAGE;
	case IMPORT_CLOSED:
		return EX_DATAERR;
	case IMPORT_DBERROR:
		return EX_UNAVAILABLE;
	}
	return EX_SOFTWARE;
}
