/*
 * json_summary.c — rekonsiliasi-P.json (outputs.md §2): the month's figures
 * for machines and the webhook, read from the stored results.
 *
 * Every flag and category key is present (0 when none; BUKAN_PENDUDUK and
 * DATA_BEDA_DUKCAPIL null when no population extract is in force); dikecualikan has a
 * key for each sk_kecualikan code and GANDA_NIK; kuota/terpakai/sisa and
 * serapan are null when not configured; percentages have one decimal;
 * kelebihan_bayar and usul_nonaktif (rules.md §9) are counts, 0 when none.
 * calon_ganda (§10): ganda_pasti and perlu_diperiksa count the listed
 * (undecided) pairs of each class, null for a period reconciled before
 * pairs were scored; sama and beda count the decided pairs whose keys are
 * both AKTIF in Bp.
 */
#include "json_summary.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "db.h"
#include "flags.h"
#include "period.h"
#include "report_int.h"
#include "util.h"

static const char *const categories[] = {
	"NIK_DUKCAPIL", "DATA_GANDA", "SEGMEN_LAIN", "MENINGGAL", "KUOTA",
	"LAINNYA", NULL
};

/* A stored value as JSON: NULL as null, else an integer or a real. */
static json_t *
json_int_or_null(PGresult *r, int row, int col)
{
	if (PQgetisnull(r, row, col))
		return json_null();
	return json_integer(strtoll(PQgetvalue(r, row, col), NULL, 10));
}

static json_t *
json_real_or_null(PGresult *r, int row, int col)
{
	if (PQgetisnull(r, row, col))
		return json_null();
	return json_real(strtod(PQgetvalue(r, row, col), NULL));
}

/* An object with every name of names at 0, then the counts a query gave
 * as (name, count) rows. */
static json_t *
counts_object(PGconn *c, const char *const *names, const char *sql,
    const char *period, char *err, size_t errsz)
{
	const char *p[1] = { period };
	json_t *o = json_object();
	PGresult *r;
	int i;

	for (i = 0; names[i] != NULL; i++)
		json_object_set_new(o, names[i], json_integer(0));
	if ((r = db_exec(c, err, errsz, sql, 1, p)) == NULL) {
		json_decref(o);
		return NULL;
	}
	for (i = 0; i < PQntuples(r); i++)
		json_object_set_new(o, PQgetvalue(r, i, 0),
		    json_integer(strtoll(PQgetvalue(r, i, 1), NULL, 10)));
	PQclear(r);
	return o;
}

/* One integer a query returns. */
static int
query_count(PGconn *c, const char *sql, const char *period, long long *out,
    char *err, size_t errsz)
{
	const char *p[1] = { period };
	PGresult *r = db_exec(c, err, errsz, sql, 1, p);

	if (r == NULL)
		return -1;
	*out = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
	PQclear(r);
	return 0;
}

void
json_summary_time(time_t t, const char *tz, char *buf, size_t bufsz)
{
	struct tm tm;
	char z[8];

	buf[0] = '\0';
	if (!period_localtime(tz, t, &tm))
		return;
	strftime(buf, bufsz, "%Y-%m-%dT%H:%M:%S", &tm);
	strftime(z, sizeof z, "%z", &tm);		/* +0700 */
	snprintf(buf + strlen(buf), bufsz - strlen(buf), "%.3s:%.2s", z, z + 3);
}

static int
add_headline(json_t *o, PGconn *c, const char *period, char *err, size_t errsz)
{
	const char *p[1] = { period };
	static const char *const names[] = { "kuota", "aktif", "ditetapkan",
	    "terpakai_persen", "sisa", "iuran", "tagihan_bpjs", "selisih_tagihan",
	    "serapan_persen" };
	PGresult *r;
	size_t i;

	r = db_exec(c, err, errsz, "SELECT kuota, aktif, ditetapkan, terpakai_persen,"
	    " sisa, iuran, tagihan_bpjs, selisih_tagihan, serapan_persen"
	    " FROM rekon_ringkasan WHERE period = $1", 1, p);
	if (r == NULL)
		return -1;
	if (PQntuples(r) == 0) {
		snprintf(err, errsz, "%s has not been reconciled", period);
		PQclear(r);
		return -1;
	}
	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		json_object_set_new(o, names[i], strstr(names[i], "persen") ?
		    json_real_or_null(r, 0, (int)i) : json_int_or_null(r, 0, (int)i));
	PQclear(r);
	return 0;
}

static json_t *
flag_object(PGconn *c, const char *period, char *err, size_t errsz)
{
	const char *row_flags[16];
	json_t *o;
	long long hilang, extract;

	flags_list(FLAG_ROW, row_flags, 16);
	o = counts_object(c, row_flags, "SELECT f, count(*) FROM peserta_hasil,"
	    " unnest(flags) f WHERE period = $1 GROUP BY f", period, err, errsz);
	if (o == NULL || query_count(c, "SELECT count(*) FROM hilang WHERE period = $1",
	    period, &hilang, err, errsz) == -1 || query_count(c, "SELECT"
	    " count(rekon_n_batch($1))", period, &extract, err, errsz) == -1) {
		json_decref(o);
		return NULL;
	}
	json_object_set_new(o, "HILANG", json_integer(hilang));
	/* The flags that need N: null, not 0, when no extract is in force
	 * (outputs.md): nobody was looked for. */
	if (extract == 0) {
		json_object_set_new(o, "BUKAN_PENDUDUK", json_null());
		json_object_set_new(o, "DATA_BEDA_DUKCAPIL", json_null());
	}
	return o;
}

static json_t *
dikecualikan_object(PGconn *c, const struct config *cfg, const char *period,
    char *err, size_t errsz)
{
	const char *names[CONFIG_LIST_MAX + 2];
	int i;

	for (i = 0; i < cfg->rules.sk_kecualikan.n; i++)
		names[i] = cfg->rules.sk_kecualikan.item[i];
	names[i++] = "GANDA_NIK";
	names[i] = NULL;
	return counts_object(c, names, "SELECT dikecualikan, count(*) FROM"
	    " peserta_hasil WHERE period = $1 AND dikecualikan IS NOT NULL"
	    " GROUP BY dikecualikan", period, err, errsz);
}

static json_t *
feedback_object(PGconn *c, const char *period, char *err, size_t errsz)
{
	static const char *const results[] = { "berhasil", "gagal", NULL };
	json_t *o, *k;

	o = counts_object(c, results, "SELECT lower(hasil), count(*) FROM"
	    " rekon_f($1) GROUP BY hasil", period, err, errsz);
	k = counts_object(c, categories, "SELECT kategori, count(*) FROM"
	    " gagal_hasil WHERE period = $1 GROUP BY kategori", period, err, errsz);
	if (o == NULL || k == NULL) {
		json_decref(o);
		json_decref(k);
		return NULL;
	}
	json_object_set_new(o, "kategori", k);
	return o;
}

/* The kinds of input with no batch that counts for P, as an array. */
static json_t *
kurang_array(PGconn *c, const char *period, char *err, size_t errsz)
{
	const char *p[1] = { period };
	json_t *a;
	PGresult *r;
	int i;

	if ((r = db_exec(c, err, errsz, "SELECT unnest(rekon_masukan_kurang($1))",
	    1, p)) == NULL)
		return NULL;
	a = json_array();
	for (i = 0; i < PQntuples(r); i++)
		json_array_append_new(a, json_string(PQgetvalue(r, i, 0)));
	PQclear(r);
	return a;
}

static json_t *
batch_array(PGconn *c, const char *period, char *err, size_t errsz)
{
	const char *p[1] = { period };
	json_t *a = json_array(), *b;
	PGresult *r;
	int i;

	r = db_exec(c, err, errsz, "SELECT id, kind, file_name, accepted + rejected,"
	    " accepted, rejected FROM rekon_batches_for($1) ORDER BY id", 1, p);
	if (r == NULL) {
		json_decref(a);
		return NULL;
	}
	for (i = 0; i < PQntuples(r); i++) {
		b = json_object();
		json_object_set_new(b, "id", json_int_or_null(r, i, 0));
		json_object_set_new(b, "jenis", json_string(PQgetvalue(r, i, 1)));
		json_object_set_new(b, "file", json_string(PQgetvalue(r, i, 2)));
		json_object_set_new(b, "baris", json_int_or_null(r, i, 3));
		json_object_set_new(b, "diterima", json_int_or_null(r, i, 4));
		json_object_set_new(b, "ditolak", json_int_or_null(r, i, 5));
		json_array_append_new(a, b);
	}
	PQclear(r);
	return a;
}

/* rules.md §9's kelebihan bayar of P: jiwa (NIKs), bulan (their months),
 * rupiah, and the same for the NIKs that are baru. */
static json_t *
kelebihan_object(PGconn *c, const char *period, char *err, size_t errsz)
{
	static const char *const names[] = { "jiwa", "bulan", "rupiah",
	    "jiwa_baru", "rupiah_baru" };
	const char *p[1] = { period };
	json_t *o;
	PGresult *r;
	size_t i;

	if ((r = db_exec(c, err, errsz, "SELECT count(*),"
	    " coalesce(sum(jumlah_bulan), 0), coalesce(sum(jumlah), 0),"
	    " count(*) FILTER (WHERE baru),"
	    " coalesce(sum(jumlah) FILTER (WHERE baru), 0)"
	    " FROM kelebihan_bayar WHERE period = $1", 1, p)) == NULL)
		return NULL;
	o = json_object();
	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		json_object_set_new(o, names[i], json_int_or_null(r, 0, (int)i));
	PQclear(r);
	return o;
}

/* rules.md §10's pairs: ganda_pasti and perlu_diperiksa, the pairs of
 * each class on the Calon Ganda sheet (ganda_ringkas; null when P was
 * reconciled before rekon scored pairs: nobody looked); sama, the pairs
 * decided SAMA in force at P whose two keys both have AKTIF rows in Bp (so
 * their GANDA_ORANG applies); beda, the BEDA pairs of the same kind. */
static json_t *
calon_ganda_object(PGconn *c, const char *period, char *err, size_t errsz)
{
	const char *p[1] = { period };
	json_t *o;
	PGresult *r;

	if ((r = db_exec(c, err, errsz, "WITH aktif AS (SELECT DISTINCT kunci"
	    " FROM peserta_hasil WHERE period = $1 AND aktif)"
	    " SELECT g.ganda_pasti, g.perlu_diperiksa,"
	    " d.sama, d.beda"
	    " FROM (SELECT count(*) FILTER (WHERE k.keputusan = 'SAMA') AS sama,"
	    " count(*) FILTER (WHERE k.keputusan = 'BEDA') AS beda"
	    " FROM rekon_keputusan($1) k"
	    " WHERE k.kunci_a IN (SELECT kunci FROM aktif)"
	    " AND k.kunci_b IN (SELECT kunci FROM aktif)) d"
	    " LEFT JOIN ganda_ringkas g ON g.period = $1", 1, p)) == NULL)
		return NULL;
	o = json_object();
	json_object_set_new(o, "ganda_pasti", json_int_or_null(r, 0, 0));
	json_object_set_new(o, "perlu_diperiksa", json_int_or_null(r, 0, 1));
	json_object_set_new(o, "sama", json_int_or_null(r, 0, 2));
	json_object_set_new(o, "beda", json_int_or_null(r, 0, 3));
	PQclear(r);
	return o;
}

/* Set o[name] = v, failing when v is NULL (its query failed). */
static int
put(json_t *o, const char *name, json_t *v)
{
	if (v == NULL)
		return -1;
	json_object_set_new(o, name, v);
	return 0;
}

/* The summary kept when retention removed the period's rows
 * (sql/022_retensi.sql), or NULL: none (err "") or an error (err says). */
static json_t *
kept_summary(PGconn *c, const char *period, char *err, size_t errsz)
{
	const char *p[1] = { period };
	json_error_t je;
	PGresult *r;
	json_t *o = NULL;

	err[0] = '\0';
	if ((r = db_exec(c, err, errsz, "SELECT isi FROM ringkasan_simpan"
	    " WHERE period = $1", 1, p)) == NULL)
		return NULL;
	if (PQntuples(r) > 0 && (o = json_loads(PQgetvalue(r, 0, 0), 0,
	    &je)) == NULL)
		snprintf(err, errsz, "%s: the kept JSON summary: %s", period,
		    je.text);
	PQclear(r);
	return o;
}

json_t *
json_summary_build(PGconn *c, const struct config *cfg, const char *period,
    time_t made, char *err, size_t errsz)
{
	/* The three outcomes; dibawa, the carried rows of U (which the
	 * outcomes include), and kadaluwarsa, those returned as too old
	 * (which dikembalikan includes). */
	static const char *const usulan[] = { "diteruskan", "dikembalikan",
	    "menunggu_kuota", "dibawa", "kadaluwarsa", NULL };
	static const char *const mutasi[] = { "masuk", "keluar", NULL };
	/* rules.md §8's follow-up codes, in its order. */
	static const char *const tindak_lanjut[] = { "TERLAMBAT_BPJS",
	    "BELUM_MASUK_DAFTAR", NULL };
	json_t *o;
	char when[40];
	long long ditolak, nonaktif;

	/* A period whose rows retention removed: the summary kept for it. */
	if ((o = kept_summary(c, period, err, errsz)) != NULL ||
	    err[0] != '\0')
		return o;
	o = json_object();
	json_summary_time(made, cfg->region.timezone, when, sizeof when);
	json_object_set_new(o, "periode", json_string(period));
	json_object_set_new(o, "dibuat", json_string(when));
	if (add_headline(o, c, period, err, errsz) == -1 ||
	    put(o, "flag", flag_object(c, period, err, errsz)) == -1 ||
	    put(o, "dikecualikan", dikecualikan_object(c, cfg, period, err, errsz)) == -1 ||
	    put(o, "feedback", feedback_object(c, period, err, errsz)) == -1 ||
	    put(o, "usulan", counts_object(c, usulan, "SELECT lower(hasil), count(*)"
	    " FROM usulan_hasil WHERE period = $1 GROUP BY hasil"
	    " UNION ALL SELECT 'dibawa', count(*) FROM usulan_hasil"
	    " WHERE period = $1 AND dibawa"
	    " UNION ALL SELECT 'kadaluwarsa', count(*) FROM usulan_hasil"
	    " WHERE period = $1 AND alasan LIKE '%KADALUWARSA'", period, err,
	    errsz)) == -1 ||
	    put(o, "tindak_lanjut", counts_object(c, tindak_lanjut, "SELECT kode,"
	    " count(*) FROM tindak_lanjut WHERE period = $1 GROUP BY kode",
	    period, err, errsz)) == -1 ||
	    put(o, "mutasi", counts_object(c, mutasi, "SELECT lower(jenis), count(*)"
	    " FROM mutasi WHERE period = $1 GROUP BY jenis", period, err,
	    errsz)) == -1 ||
	    put(o, "calon_ganda", calon_ganda_object(c, period, err,
	    errsz)) == -1 ||
	    put(o, "kelebihan_bayar", kelebihan_object(c, period, err,
	    errsz)) == -1 ||
	    query_count(c, "SELECT count(*) FROM usul_nonaktif WHERE period = $1",
	    period, &nonaktif, err, errsz) == -1 ||
	    put(o, "usul_nonaktif", json_integer(nonaktif)) == -1 ||
	    query_count(c, "SELECT coalesce(sum(rejected), 0) FROM"
	    " rekon_batches_for($1)", period, &ditolak, err, errsz) == -1 ||
	    put(o, "ditolak", json_integer(ditolak)) == -1 ||
	    put(o, "masukan_kurang", kurang_array(c, period, err, errsz)) == -1 ||
	    put(o, "batch", batch_array(c, period, err, errsz)) == -1) {
		json_decref(o);
		return NULL;
	}
	return o;
}

int
json_summary_write(json_t *o, const char *dir, const char *period, char *path,
    size_t pathsz, char *err, size_t errsz)
{
	struct rpt_file f;
	char name[64], *text;
	size_t len;
	int ok;

	snprintf(name, sizeof name, "rekonsiliasi-%s.json", period);
	snprintf(path, pathsz, "%s/%s", dir, name);
	if ((text = json_dumps(o, JSON_INDENT(2) | JSON_REAL_PRECISION(15))) ==
	    NULL) {
		snprintf(err, errsz, "cannot encode the JSON summary");
		return -1;
	}
	len = strlen(text);
	if (rpt_file_open(&f, dir, name, err, errsz) != REPORT_OK) {
		free(text);
		return -1;
	}
	text[len] = '\n';	/* json_dumps's NUL: the file ends in a newline */
	ok = util_write_all(f.fd, text, len + 1) == 0;
	free(text);
	if (!ok) {
		snprintf(err, errsz, "%s: %s", path, strerror(errno));
		rpt_file_discard(&f);
		return -1;
	}
	return rpt_file_commit(&f, err, errsz) == REPORT_OK ? 0 : -1;
}
