/*
 * pages.c — the pages of `rekon web` (web.md), in Indonesian.
 *
 *   /masuk, /keluar    login (a pre-session CSRF token in its own cookie)
 *                      and logout
 *   /                  the home page: what the user's role may do
 *   /cek               the front desk's check of NIKs or a No KK (rules.md
 *                      §7): the person's name, the case, the action, the
 *                      list it was judged on; printable as the slip; a form
 *                      to note the visit
 *   /kunjungan         the visit log (loket)
 *   /pengguna, /audit  the admin's users and audit log (searchable, by a POST,
 *                      by NIK, No KK or NOKA through the keyed hash; rows
 *                      show them masked)
 *   /api/v1/cek        the JSON cek for other systems (Bearer token)
 *   /gaya.css          the one style sheet (nothing is loaded from outside)
 *
 * Every value from data goes through html_text; every query takes its
 * values as parameters.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cek.h"
#include "db.h"
#include "log.h"
#include "web_int.h"

#define PRE_COOKIE	"rekon_pra"	/* the login form's CSRF token */
#define CEK_MAX_NIK	20

/* ------------------------------------------------------------------ */
/* The frame of every page */

void
web_page_begin(struct web_req *r, const char *title)
{
	struct html *h = &r->page;

	html_raw(h, "<!DOCTYPE html>\n<html lang=\"id\"><head>"
	    "<meta charset=\"utf-8\"><meta name=\"viewport\""
	    " content=\"width=device-width, initial-scale=1\"><title>");
	html_text(h, title);
	html_raw(h, " — rekon</title><link rel=\"stylesheet\""
	    " href=\"/gaya.css\"></head><body><header class=\"atas\"><span"
	    " class=\"kantor\">");
	html_text(h, web_conf.office[0] ? web_conf.office : "rekon");
	html_raw(h, "</span>");
	if (r->logged_in) {
		html_raw(h, "<nav><a href=\"/\">Beranda</a> <span"
		    " class=\"siapa\">");
		html_text(h, r->user.name);
		html_raw(h, " (");
		html_text(h, users_role_names[r->user.role]);
		html_raw(h, ")</span> <form method=\"post\" action=\"/keluar\""
		    " class=\"sebaris\"><input type=\"hidden\" name=\"csrf\""
		    " value=\"");
		html_text(h, r->csrf);
		html_raw(h, "\"><button type=\"submit\">Keluar</button>"
		    "</form></nav>");
	}
	html_raw(h, "</header><main><h1>");
	html_text(h, title);
	html_raw(h, "</h1>");
}

void
web_page_end(struct web_req *r)
{
	html_raw(&r->page, "</main></body></html>\n");
}

PGresult *
web_query(struct web_req *r, const char *what, const char *sql, int nparams,
    const char *const *params)
{
	char err[512];
	PGresult *res;

	if ((res = db_exec(r->c, err, sizeof err, sql, nparams, params)) ==
	    NULL) {
		log_warnx("web: %s: %s", what, err);
		web_error(r, 503, "Basis data tidak dapat dihubungi.");
	}
	return res;
}

int
web_table(struct web_req *r, const char *id, const char *const *heads,
    int ncols, PGresult *res,
    int (*keep)(const struct web_req *, PGresult *, int row))
{
	int i, k, n = 0;

	html_raw(&r->page, "<table id=\"");
	html_text(&r->page, id);
	html_raw(&r->page, "\"><thead><tr>");
	for (k = 0; k < ncols; k++) {
		html_raw(&r->page, "<th>");
		html_text(&r->page, heads[k]);
		html_raw(&r->page, "</th>");
	}
	html_raw(&r->page, "</tr></thead><tbody>");
	for (i = 0; i < PQntuples(res); i++) {
		if (keep != NULL && !keep(r, res, i))
			continue;
		html_raw(&r->page, "<tr>");
		for (k = 0; k < ncols; k++) {
			html_raw(&r->page, "<td>");
			html_text(&r->page, PQgetvalue(res, i, k));
			html_raw(&r->page, "</td>");
		}
		html_raw(&r->page, "</tr>");
		n++;
	}
	if (n == 0)
		html_printf(&r->page, "<tr><td colspan=\"%d\">Tidak ada data"
		    "</td></tr>", ncols);
	html_raw(&r->page, "</tbody></table>");
	return n;
}

int
web_period(struct web_req *r, const char *latest_sql, char period[8])
{
	const char *q = MHD_lookup_connection_value(r->mc,
	    MHD_GET_ARGUMENT_KIND, "p");
	char err[512];
	PGresult *res;

	period[0] = '\0';
	if (q != NULL) {
		if (strlen(q) != 7 || q[4] != '-' || strspn(q, "0123456789") !=
		    4 || strspn(q + 5, "0123456789") != 2) {
			web_error(r, 404, "Periode itu tidak ada.");
			return -1;
		}
		snprintf(period, 8, "%s", q);
		return 0;
	}
	res = db_exec(r->c, err, sizeof err, latest_sql, 0, NULL);
	if (res != NULL && PQntuples(res) == 1 && !PQgetisnull(res, 0, 0))
		snprintf(period, 8, "%s", PQgetvalue(res, 0, 0));
	PQclear(res);
	return 0;
}

void
web_hidden(struct web_req *r, const char *name, const char *value)
{
	html_raw(&r->page, "<input type=\"hidden\" name=\"");
	html_text(&r->page, name);
	html_raw(&r->page, "\" value=\"");
	html_text(&r->page, value);
	html_raw(&r->page, "\">");
}

/* An identifier as logs and audit rows show it. */
static const char *
masked(const char *id, char buf[LOG_ID_BUFSZ])
{
	return log_id(id, buf);
}

/* ------------------------------------------------------------------ */
/* Login and logout */

static void
login_form(struct web_req *r, const char *message, const char *name)
{
	char pre[USERS_TOKEN_HEX];

	users_token(pre);
	web_set_cookie(r, PRE_COOKIE, pre, -1);
	web_page_begin(r, "Masuk");
	if (message != NULL) {
		html_raw(&r->page, "<p class=\"pesan\" id=\"pesan\">");
		html_text(&r->page, message);
		html_raw(&r->page, "</p>");
	}
	html_raw(&r->page, "<form method=\"post\" action=\"/masuk\">");
	web_hidden(r, "csrf", pre);
	html_raw(&r->page, "<label>Nama pengguna <input name=\"nama\""
	    " id=\"nama\" autocomplete=\"username\" required value=\"");
	html_text(&r->page, name != NULL ? name : "");
	html_raw(&r->page, "\"></label><label>Kata sandi <input"
	    " type=\"password\" name=\"sandi\" id=\"sandi\""
	    " autocomplete=\"current-password\" required></label>"
	    "<button type=\"submit\" id=\"masuk\">Masuk</button></form>");
	web_page_end(r);
}

void
page_login_form(struct web_req *r)
{
	if (r->logged_in) {
		web_redirect(r, "/");
		return;
	}
	login_form(r, NULL, NULL);
}

void
page_login(struct web_req *r)
{
	const char *name = web_form_get(r, "nama"), *pw = web_form_get(r,
	    "sandi"), *tok = web_form_get(r, "csrf"), *pre;
	char token[USERS_TOKEN_HEX], err[512];
	enum users_login st;

	pre = web_cookie(r, PRE_COOKIE);
	if (tok == NULL || pre == NULL || strlen(tok) != USERS_TOKEN_HEX - 1 ||
	    strcmp(tok, pre) != 0) {
		r->status = 403;
		login_form(r, "Formulir ini sudah tidak berlaku. Silakan"
		    " masuk lagi.", name);
		return;
	}
	if (name == NULL || pw == NULL || *name == '\0') {
		login_form(r, "Isi nama pengguna dan kata sandi.", name);
		return;
	}
	st = users_login(r->c, name, pw, r->addr, &r->user, err, sizeof err);
	switch (st) {
	case USERS_LOGIN_OK:
		if (sessions_create(r->c, &r->user, r->addr, token, r->csrf,
		    err, sizeof err) == -1)
			break;
		r->logged_in = 1;
		web_set_cookie(r, "rekon_sesi", token, -1);
		web_set_cookie(r, PRE_COOKIE, "", 0);
		web_audit(r, "MASUK", NULL, NULL, 0);
		web_redirect(r, "/");
		return;
	case USERS_LOGIN_WRONG:
		web_audit(r, "GAGAL_MASUK", name, NULL, 0);
		r->status = 403;
		login_form(r, "Nama pengguna atau kata sandi salah.", name);
		return;
	case USERS_LOGIN_LOCKED:
		web_audit(r, "GAGAL_MASUK", name, NULL, 0);
		r->status = 403;
		login_form(r, "Akun ini dikunci 15 menit karena terlalu banyak"
		    " percobaan masuk yang gagal.", name);
		return;
	case USERS_LOGIN_ADDR_LOCKED:
		web_audit(r, "GAGAL_MASUK", name, NULL, 0);
		r->status = 403;
		login_form(r, "Terlalu banyak percobaan masuk yang gagal dari"
		    " alamat ini. Coba lagi dalam 15 menit.", name);
		return;
	default:
		break;
	}
	log_warnx("web: login: %s", err);
	web_error(r, 503, "Basis data tidak dapat dihubungi.");
}

void
page_logout(struct web_req *r)
{
	char err[512];

	if (sessions_end(r->c, r->session, err, sizeof err) == -1)
		log_warnx("web: logout: %s", err);
	web_audit(r, "KELUAR", NULL, NULL, 0);
	web_set_cookie(r, "rekon_sesi", "", 0);
	web_redirect(r, "/masuk");
}

/* ------------------------------------------------------------------ */
/* Home */

static void
menu_item(struct web_req *r, const char *href, const char *label,
    const char *what)
{
	html_raw(&r->page, "<li><a href=\"");
	html_raw(&r->page, href);
	html_raw(&r->page, "\">");
	html_text(&r->page, label);
	html_raw(&r->page, "</a> — ");
	html_text(&r->page, what);
	html_raw(&r->page, "</li>");
}

void
page_home(struct web_req *r)
{
	int role = r->user.role;

	web_page_begin(r, "Beranda");
	html_raw(&r->page, "<ul class=\"menu\">");
	if (role == ROLE_LOKET || role == ROLE_OPERATOR || role == ROLE_KABID ||
	    role == ROLE_SEKDIS)
		menu_item(r, "/cek", "Cek kepesertaan", "NIK atau No KK:"
		    " terdaftar di mana, dan apa yang harus dilakukan");
	if (role == ROLE_LOKET)
		menu_item(r, "/kunjungan", "Buku kunjungan", "warga yang"
		    " datang ke loket");
	if (role == ROLE_OPERATOR || role == ROLE_KABID || role == ROLE_SEKDIS ||
	    role == ROLE_KADIS)
		menu_item(r, "/bulan", "Angka bulan ini", "kuota, aktif,"
		    " ditetapkan, uang, flag, dengan grafiknya");
	if (role == ROLE_OPERATOR || role == ROLE_KABID || role == ROLE_SEKDIS) {
		menu_item(r, "/berkas", "Berkas", "buku kerja usulan,"
		    " rekonsiliasi, SK dan kembali per periode, untuk diunduh");
		menu_item(r, "/impor", "Riwayat impor", "berkas yang masuk,"
		    " baris diterima dan ditolak");
		menu_item(r, "/proses", "Riwayat proses", "usulan,"
		    " rekonsiliasi, SK: kapan, hasil, pesan");
	}
	if (role == ROLE_OPERATOR || role == ROLE_KABID || role == ROLE_SEKDIS ||
	    role == ROLE_KADIS)
		menu_item(r, "/sk", "Persetujuan SK", role == ROLE_OPERATOR ?
		    "paraf dan persetujuan Lampiran SK bulan ini" : role ==
		    ROLE_KADIS ? "Lampiran SK untuk disetujui dan ditetapkan" :
		    "Lampiran SK untuk diparaf");
	if (role == ROLE_KADIS)
		menu_item(r, "/berkas", "Lampiran SK", "untuk dibaca sebelum"
		    " ditandatangani");
	if (role == ROLE_ADMIN) {
		menu_item(r, "/pengguna", "Pengguna", "siapa memakai rekon"
		    " web, dengan peran apa");
		menu_item(r, "/audit", "Log audit", "siapa melakukan apa,"
		    " kapan, dari mana");
	}
	html_raw(&r->page, "</ul>");
	if (role == ROLE_KELURAHAN || role == ROLE_OPERATOR)
		menu_item(r, "/unggah", "Unggah berkas", role == ROLE_KELURAHAN ?
		    "usulan kelurahan, diimpor oleh rekon" : "berkas jenis apa"
		    " pun ke inbox, diimpor oleh rekon");
	if (role == ROLE_KELURAHAN)
		menu_item(r, "/berkas", "Buku kembali", "buku kerja kelurahan"
		    " ini per periode, untuk diunduh");
	if (role == ROLE_KELURAHAN)
		menu_item(r, "/kelurahan", "Usulan kelurahan", "yang menunggu"
		    " kuota, dikembalikan, gagal di BPJS, dan kartu yang siap"
		    " dibagikan");
	web_page_end(r);
}

/* ------------------------------------------------------------------ */
/* Cek */

static void
cek_form(struct web_req *r, const char *message)
{
	web_page_begin(r, "Cek kepesertaan");
	if (message != NULL) {
		html_raw(&r->page, "<p class=\"pesan\" id=\"pesan\">");
		html_text(&r->page, message);
		html_raw(&r->page, "</p>");
	}
	html_raw(&r->page, "<form method=\"post\" action=\"/cek\""
	    " class=\"cek\">");
	web_hidden(r, "csrf", r->csrf);
	html_raw(&r->page, "<label>No KK <input name=\"kk\" id=\"kk\""
	    " inputmode=\"numeric\" autocomplete=\"off\"></label>"
	    "<p class=\"atau\">atau</p><label>NIK (satu per baris, paling"
	    " banyak 20) <textarea name=\"nik\" id=\"nik\" rows=\"4\">"
	    "</textarea></label><button type=\"submit\" id=\"cari\">Cek"
	    "</button></form>");
	web_page_end(r);
}

void
page_cek_form(struct web_req *r)
{
	cek_form(r, NULL);
}

/* The NIKs of a textarea: one a line (or separated by commas). */
static int
split_niks(const char *text, char niks[CEK_MAX_NIK][17], int *n)
{
	char line[64];
	const char *p = text;
	size_t len;

	*n = 0;
	while (*p != '\0') {
		len = strcspn(p, "\r\n,;");
		if (len > 0 && len < sizeof line) {
			snprintf(line, sizeof line, "%.*s", (int)len, p);
			if (strspn(line, " \t") != strlen(line)) {
				if (*n == CEK_MAX_NIK || cek_id16(line,
				    niks[*n]) == -1)
					return -1;
				(*n)++;
			}
		} else if (len >= sizeof line)
			return -1;
		p += len;
		if (*p != '\0')
			p++;
	}
	return *n > 0 ? 0 : -1;
}

/* The list the answer was judged on: B*'s period, file and import time;
 * and the population extract in force (N*), or that none is. */
static void
cek_basis(struct web_req *r)
{
	char err[512];
	const char *p[1] = { web_conf.tz };
	PGresult *res;

	res = db_exec(r->c, err, sizeof err, "SELECT b.period, b.file_name,"
	    " to_char(coalesce(b.finished_at, b.started_at) AT TIME ZONE $1,"
	    " 'DD-MM-YYYY HH24.MI'), n.period, n.file_name FROM"
	    " rekon_cek_dasar(NULL) x LEFT JOIN batch b ON b.id = x.bb"
	    " LEFT JOIN batch n ON n.id = x.nb",
	    1, p);
	html_raw(&r->page, "<p class=\"dasar\" id=\"dasar\">Dasar: ");
	if (res != NULL && PQntuples(res) == 1 && !PQgetisnull(res, 0, 0)) {
		html_raw(&r->page, "daftar peserta BPJS periode ");
		html_text(&r->page, PQgetvalue(res, 0, 0));
		html_raw(&r->page, " (berkas ");
		html_text(&r->page, PQgetvalue(res, 0, 1));
		html_raw(&r->page, ", diimpor ");
		html_text(&r->page, PQgetvalue(res, 0, 2));
		html_raw(&r->page, ")");
	} else
		html_raw(&r->page, "belum ada daftar peserta BPJS yang"
		    " diimpor");
	html_raw(&r->page, ".</p><p class=\"dasar\" id=\"kependudukan\">"
	    "Kependudukan: ");
	if (res != NULL && PQntuples(res) == 1 && !PQgetisnull(res, 0, 3)) {
		html_raw(&r->page, "data Dukcapil periode ");
		html_text(&r->page, PQgetvalue(res, 0, 3));
		html_raw(&r->page, " (berkas ");
		html_text(&r->page, PQgetvalue(res, 0, 4));
		html_raw(&r->page, ")");
	} else
		html_raw(&r->page, "belum ada data Dukcapil (BUKAN_PENDUDUK"
		    " tidak diperiksa)");
	html_raw(&r->page, ".</p>");
	PQclear(res);
}

void
page_cek(struct web_req *r)
{
	const char *kk_in = web_form_get(r, "kk"), *nik_in = web_form_get(r,
	    "nik");
	char niks[CEK_MAX_NIK][17], kk[17], arr[CEK_MAX_NIK * 18 + 3];
	char err[512], obj[128], m[LOG_ID_BUFSZ], hasil[512], now[64];
	const char *ids[CEK_MAX_NIK], *p[1];
	PGresult *res;
	size_t o = 0;
	int i, n = 0, bykk;

	bykk = kk_in != NULL && strspn(kk_in, " \t") != strlen(kk_in);
	if (bykk) {
		if (cek_id16(kk_in, kk) == -1) {
			cek_form(r, "No KK harus 16 angka.");
			return;
		}
		p[0] = kk;
		res = db_exec(r->c, err, sizeof err, "SELECT nik, kasus,"
		    " tindakan, coalesce(segmen, ''), coalesce(nama, '')"
		    " FROM rekon_cek_kk($1)", 1, p);
		snprintf(obj, sizeof obj, "KK %s", masked(kk, m));
		ids[0] = kk;
		n = 1;
	} else {
		if (nik_in == NULL || split_niks(nik_in, niks, &n) == -1) {
			cek_form(r, "Tulis No KK, atau 1 sampai 20 NIK (16"
			    " angka), satu per baris.");
			return;
		}
		arr[o++] = '{';
		for (i = 0; i < n; i++) {
			o += (size_t)snprintf(arr + o, sizeof arr - o, "%s%s",
			    i ? "," : "", niks[i]);
			ids[i] = niks[i];
		}
		snprintf(arr + o, sizeof arr - o, "}");
		p[0] = arr;
		res = db_exec(r->c, err, sizeof err, "SELECT nik, kasus,"
		    " tindakan, coalesce(segmen, ''), coalesce(nama, '')"
		    " FROM rekon_cek($1::text[])", 1, p);
		snprintf(obj, sizeof obj, "NIK %s%s", masked(niks[0], m),
		    n > 1 ? " dan lainnya" : "");
	}
	if (res == NULL) {
		log_warnx("web: cek: %s", err);
		web_error(r, 503, "Basis data tidak dapat dihubungi.");
		return;
	}
	web_audit(r, "CEK", obj, ids, n);
	web_page_begin(r, "Hasil cek kepesertaan");
	{
		PGresult *t = db_exec(r->c, err, sizeof err, "SELECT to_char(now()"
		    " AT TIME ZONE $1, 'DD-MM-YYYY HH24.MI')", 1,
		    (const char *[]){ web_conf.tz });

		snprintf(now, sizeof now, "%s", t != NULL && PQntuples(t) ==
		    1 ? PQgetvalue(t, 0, 0) : "");
		PQclear(t);
	}
	html_raw(&r->page, "<section class=\"slip\" id=\"slip\"><p>");
	html_text(&r->page, web_conf.region);
	html_raw(&r->page, " — slip cek kepesertaan JKN, ");
	html_text(&r->page, now);
	html_raw(&r->page, ", petugas ");
	html_text(&r->page, r->user.name);
	html_raw(&r->page, "</p>");
	if (bykk) {
		html_raw(&r->page, "<p>No KK <strong>");
		html_text(&r->page, kk);
		html_raw(&r->page, "</strong></p>");
	}
	cek_basis(r);
	hasil[0] = '\0';
	if (PQntuples(res) == 0)
		html_raw(&r->page, "<p class=\"pesan\" id=\"kosong\">Tidak ada"
		    " NIK dengan No KK ini di data yang diimpor (DTKS, daftar"
		    " BPJS, usulan, jawaban BPJS). Tanyakan NIK tiap anggota"
		    " keluarga.</p>");
	else {
		html_raw(&r->page, "<table id=\"hasil\"><thead><tr><th>NIK</th>"
		    "<th>Nama</th><th>Kasus</th><th>Segmen</th>"
		    "<th>Tindakan</th></tr></thead><tbody>");
		for (i = 0; i < PQntuples(res); i++) {
			html_raw(&r->page, "<tr><td>");
			html_text(&r->page, PQgetvalue(res, i, 0));
			html_raw(&r->page, "</td><td>");
			html_text(&r->page, PQgetvalue(res, i, 4));
			html_raw(&r->page, "</td><td class=\"kasus\">");
			html_text(&r->page, PQgetvalue(res, i, 1));
			html_raw(&r->page, "</td><td>");
			html_text(&r->page, PQgetvalue(res, i, 3));
			html_raw(&r->page, "</td><td>");
			html_text(&r->page, PQgetvalue(res, i, 2));
			html_raw(&r->page, "</td></tr>");
			if (strlen(hasil) + strlen(PQgetvalue(res, i, 1)) + 2 <
			    sizeof hasil)
				snprintf(hasil + strlen(hasil), sizeof hasil -
				    strlen(hasil), "%s%s", i ? ", " : "",
				    PQgetvalue(res, i, 1));
		}
		html_raw(&r->page, "</tbody></table>");
	}
	html_raw(&r->page, "<p class=\"cetak\">Cetak slip ini dengan Ctrl+P"
	    " (A4 atau setengah folio).</p></section>");
	/* The visit, noted by the front desk. */
	html_raw(&r->page, "<section class=\"layar\"><h2>Catat kunjungan</h2>"
	    "<form method=\"post\" action=\"/kunjungan\">");
	web_hidden(r, "csrf", r->csrf);
	web_hidden(r, "jenis", bykk ? "KK" : "NIK");
	web_hidden(r, "dicari", bykk ? kk : niks[0]);
	web_hidden(r, "hasil", hasil[0] ? hasil : "TIDAK_ADA_DATA");
	html_raw(&r->page, "<label>Nama pengunjung <input name=\"nama\""
	    " id=\"pengunjung\"></label><label>Catatan <input name=\"catatan\""
	    " id=\"catatan\"></label><button type=\"submit\" id=\"catat\">"
	    "Catat</button></form><p><a href=\"/cek\">Cek lagi</a></p>"
	    "</section>");
	PQclear(res);
	web_page_end(r);
}

/* ------------------------------------------------------------------ */
/* Visits */

void
page_visits(struct web_req *r)
{
	static const char *const heads[] = { "Waktu", "Petugas", "Dicari",
	    "Pengunjung", "Hasil", "Catatan" };
	const char *p[1] = { web_conf.tz };
	PGresult *res;

	if ((res = web_query(r, "kunjungan", "SELECT to_char(waktu AT TIME"
	    " ZONE $1, 'DD-MM-YYYY HH24.MI'), pengguna, jenis || ' ' ||"
	    " dicari, coalesce(nama, ''), hasil, coalesce(catatan, '')"
	    " FROM kunjungan ORDER BY id DESC LIMIT 200", 1, p)) == NULL)
		return;
	web_page_begin(r, "Buku kunjungan");
	web_table(r, "kunjungan", heads, 6, res, NULL);
	PQclear(res);
	web_page_end(r);
}

void
page_visit_add(struct web_req *r)
{
	const char *jenis = web_form_get(r, "jenis"), *dicari =
	    web_form_get(r, "dicari"), *hasil = web_form_get(r, "hasil");
	const char *p[6];
	char err[512], id[17], obj[128], m[LOG_ID_BUFSZ];

	if (jenis == NULL || (strcmp(jenis, "NIK") != 0 && strcmp(jenis,
	    "KK") != 0) || dicari == NULL || cek_id16(dicari, id) == -1 ||
	    hasil == NULL || strlen(hasil) > 500) {
		web_error(r, 400, "Data kunjungan tidak lengkap.");
		return;
	}
	p[0] = r->user.name;
	p[1] = id;
	p[2] = jenis;
	p[3] = web_form_get(r, "nama");
	p[4] = hasil;
	p[5] = web_form_get(r, "catatan");
	if (db_cmd(r->c, err, sizeof err, "INSERT INTO kunjungan (pengguna,"
	    " dicari, jenis, nama, hasil, catatan) VALUES ($1, $2, $3,"
	    " nullif(left($4, 200), ''), $5, nullif(left($6, 500), ''))", 6,
	    p) == -1) {
		log_warnx("web: kunjungan: %s", err);
		web_error(r, 503, "Basis data tidak dapat dihubungi.");
		return;
	}
	snprintf(obj, sizeof obj, "%s %s", jenis, masked(id, m));
	web_audit(r, "KUNJUNGAN", obj, (const char *[]){ id }, 1);
	web_redirect(r, "/kunjungan");
}

/* ------------------------------------------------------------------ */
/* Admin */

struct users_page {
	struct web_req	*r;
};

static void
user_row(void *arg, const struct users_row *u)
{
	struct web_req *r = arg;

	html_raw(&r->page, "<tr><td>");
	html_text(&r->page, u->name);
	html_raw(&r->page, "</td><td>");
	html_text(&r->page, u->role);
	html_raw(&r->page, "</td><td>");
	html_text(&r->page, u->kec);
	if (*u->kel) {
		html_raw(&r->page, " / ");
		html_text(&r->page, u->kel);
	}
	html_raw(&r->page, "</td><td>");
	html_raw(&r->page, u->disabled ? "nonaktif" : u->locked ?
	    "terkunci" : "aktif");
	html_raw(&r->page, "</td><td>");
	html_text(&r->page, u->dibuat);
	html_raw(&r->page, "</td></tr>");
}

void
page_users(struct web_req *r)
{
	char err[512];

	web_page_begin(r, "Pengguna");
	html_raw(&r->page, "<p>Pengguna ditambah dan diubah di server dengan"
	    " <code>rekon user</code>.</p><table id=\"pengguna\"><thead><tr>"
	    "<th>Nama</th><th>Peran</th><th>Kelurahan</th><th>Keadaan</th>"
	    "<th>Dibuat</th></tr></thead><tbody>");
	if (users_list(r->c, user_row, r, err, sizeof err) == -1) {
		log_warnx("web: pengguna: %s", err);
		web_error(r, 503, "Basis data tidak dapat dihubungi.");
		return;
	}
	html_raw(&r->page, "</tbody></table>");
	web_page_end(r);
}

void
page_audit(struct web_req *r)
{
	static const char *const heads[] = { "Waktu", "Pengguna", "Peran",
	    "Alamat", "Aksi", "Objek" };
	/* A search is a POST: a NIK never goes in a URL, where logs keep it. */
	const char *q = web_form_get(r, "cari");
	const char *p[3] = { web_conf.tz, NULL, NULL };
	char err[512], key[33], id[17];
	PGresult *res;

	/* A NIK, No KK or NOKA is searched by its keyed hash; anything else
	 * in the user, action and object columns. */
	if (q != NULL && *q != '\0' && cek_id16(q, id) == 0) {
		if (audit_key_of(r->c, id, key, err, sizeof err) == -1) {
			web_error(r, 503, "Basis data tidak dapat dihubungi.");
			return;
		}
		p[1] = key;
		res = db_exec(r->c, err, sizeof err, "SELECT to_char(waktu AT"
		    " TIME ZONE $1, 'DD-MM-YYYY HH24.MI.SS'), coalesce(pengguna,"
		    " '-'), coalesce(peran, '-'), coalesce(alamat, ''), aksi,"
		    " coalesce(objek, '') FROM audit WHERE $2 = ANY (kunci)"
		    " ORDER BY id DESC LIMIT 500", 2, p);
	} else {
		p[1] = q != NULL ? q : "";
		res = db_exec(r->c, err, sizeof err, "SELECT to_char(waktu AT"
		    " TIME ZONE $1, 'DD-MM-YYYY HH24.MI.SS'), coalesce(pengguna,"
		    " '-'), coalesce(peran, '-'), coalesce(alamat, ''), aksi,"
		    " coalesce(objek, '') FROM audit WHERE $2 = '' OR"
		    " strpos(lower(coalesce(pengguna, '') || ' ' || aksi || ' ' ||"
		    " coalesce(objek, '')), lower($2)) > 0"
		    " ORDER BY id DESC LIMIT 500", 2, p);
	}
	if (res == NULL) {
		log_warnx("web: audit: %s", err);
		web_error(r, 503, "Basis data tidak dapat dihubungi.");
		return;
	}
	web_page_begin(r, "Log audit");
	html_raw(&r->page, "<form method=\"post\" action=\"/audit\">");
	web_hidden(r, "csrf", r->csrf);
	html_raw(&r->page, "<label>Cari (pengguna, aksi, atau NIK / No KK /"
	    " NOKA utuh) <input name=\"cari\" id=\"cari\" value=\"");
	html_text(&r->page, q != NULL ? q : "");
	html_raw(&r->page, "\"></label><button type=\"submit\">Cari</button>"
	    "</form>");
	web_table(r, "audit", heads, 6, res, NULL);
	PQclear(res);
	web_page_end(r);
}

/* ------------------------------------------------------------------ */
/* The JSON cek (web.md "For other systems") */

/* The rows and, beside each, the list they were judged on, and the
 * request's audit row: one statement a request (web.md: 20 clients at
 * once), prepared once per connection (db_exec_named); $1 to $6 the audit
 * row's (AUDIT_LOOKUP_WITH), $7 the No KK or the NIKs. rekon_cek_inti, the body of rekon_cek and rekon_cek_kk,
 * is called by itself: WITH ORDINALITY keeps a SQL function from being
 * inlined, and a SQL function not inlined is planned again at every call
 * (docs/speed.md). */
#define API_CEK_SELECT "SELECT c.nik, c.kasus, c.tindakan," \
	" coalesce(c.segmen, ''), coalesce(c.nama, ''), b.period, b.file_name," \
	" to_char(coalesce(b.finished_at, b.started_at)," \
	" 'YYYY-MM-DD\"T\"HH24:MI:SSOF')"
#define API_CEK_ORD " WITH ORDINALITY AS c(nik, kasus, tindakan, segmen," \
	" sumber, nama, no_kk, i)"
#define API_CEK_BASIS " LEFT JOIN batch b ON b.id =" \
	" (SELECT x.bb FROM rekon_cek_dasar(NULL) x)"

static void
api_answer(struct web_req *r, unsigned status, json_t *j)
{
	char *s = json_dumps(j, JSON_COMPACT);

	json_decref(j);
	html_free(&r->page);
	r->status = status;
	r->ctype = "application/json";
	html_raw(&r->page, s != NULL ? s : "{}");
	html_raw(&r->page, "\n");
	free(s);
}

void
api_cek(struct web_req *r)
{
	json_error_t je;
	json_t *in, *niks, *kk, *out, *hasil, *row, *dasar;
	char ids[CEK_MAX_NIK][17], arr[CEK_MAX_NIK * 18 + 3], err[512];
	char obj[128], m[LOG_ID_BUFSZ], keys[AUDIT_KEYS_SZ];
	const char *p[7], *idp[CEK_MAX_NIK];
	PGresult *res;
	size_t i, o = 0;
	int n = 0;

	in = r->body != NULL ? json_loadb(r->body, r->bodylen, 0, &je) : NULL;
	niks = json_object_get(in, "nik");
	kk = json_object_get(in, "kk");
	if (in == NULL || (niks == NULL) == (kk == NULL) || (kk != NULL &&
	    (!json_is_string(kk) || cek_id16(json_string_value(kk), ids[0]) ==
	    -1)) || (niks != NULL && (!json_is_array(niks) ||
	    json_array_size(niks) == 0 || json_array_size(niks) >
	    CEK_MAX_NIK))) {
		json_decref(in);
		api_answer(r, 400, json_pack("{s:s}", "galat", "isi: {\"nik\":"
		    " [\"...\"]} (1 sampai 20 NIK) atau {\"kk\": \"...\"}"));
		return;
	}
	if (kk != NULL) {
		p[6] = ids[0];
		idp[0] = ids[0];
		n = 1;
		snprintf(obj, sizeof obj, "KK %s", masked(ids[0], m));
	} else {
		arr[o++] = '{';
		for (i = 0; i < json_array_size(niks); i++) {
			json_t *v = json_array_get(niks, i);

			if (!json_is_string(v) || cek_id16(json_string_value(v),
			    ids[n]) == -1) {
				json_decref(in);
				api_answer(r, 400, json_pack("{s:s}", "galat",
				    "setiap NIK 16 angka"));
				return;
			}
			o += (size_t)snprintf(arr + o, sizeof arr - o, "%s%s",
			    n ? "," : "", ids[n]);
			idp[n] = ids[n];
			n++;
		}
		snprintf(arr + o, sizeof arr - o, "}");
		p[6] = arr;
		snprintf(obj, sizeof obj, "NIK %s%s", masked(ids[0], m),
		    n > 1 ? " dan lainnya" : "");
	}
	/* The audit row as web_audit writes a lookup's, in the same
	 * statement. */
	p[0] = r->logged_in ? r->user.name : NULL;
	p[1] = r->logged_in ? users_role_names[r->user.role] : NULL;
	p[2] = r->addr;
	p[3] = "API_CEK";
	p[4] = obj;
	p[5] = keys;
	if (audit_keys(r->c, idp, n, keys, err, sizeof err) == -1)
		res = NULL;
	else if (kk != NULL)
		res = db_exec_named(r->c, "api_cek_kk", err, sizeof err,
		    AUDIT_LOOKUP_WITH API_CEK_SELECT
		    " FROM rekon_cek_inti(NULL, $7, NULL)"
		    API_CEK_ORD API_CEK_BASIS " ORDER BY c.i", 7, p);
	else
		res = db_exec_named(r->c, "api_cek_nik", err, sizeof err,
		    AUDIT_LOOKUP_WITH API_CEK_SELECT
		    " FROM rekon_cek_inti($7::text[], NULL, NULL)"
		    API_CEK_ORD API_CEK_BASIS " ORDER BY c.i", 7, p);
	json_decref(in);
	if (res == NULL) {
		log_warnx("web: api cek: %s", err);
		api_answer(r, 503, json_pack("{s:s}", "galat", "basis data"));
		return;
	}
	hasil = json_array();
	for (i = 0; i < (size_t)PQntuples(res); i++) {
		row = json_pack("{s:s,s:s,s:s,s:s,s:s}", "nik",
		    PQgetvalue(res, (int)i, 0), "nama", PQgetvalue(res, (int)i, 4),
		    "kasus", PQgetvalue(res, (int)i, 1), "segmen",
		    PQgetvalue(res, (int)i, 3), "tindakan",
		    PQgetvalue(res, (int)i, 2));
		json_array_append_new(hasil, row);
	}
	/* The list it was judged on came with the rows (one statement); with
	 * no row, it is asked for alone. */
	if (PQntuples(res) == 0) {
		PQclear(res);
		res = db_exec(r->c, err, sizeof err, "SELECT NULL, NULL, NULL,"
		    " NULL, NULL, b.period, b.file_name,"
		    " to_char(coalesce(b.finished_at, b.started_at),"
		    " 'YYYY-MM-DD\"T\"HH24:MI:SSOF') FROM batch b"
		    " WHERE b.id = (SELECT x.bb FROM rekon_cek_dasar(NULL) x)",
		    0, NULL);
	}
	if (res != NULL && PQntuples(res) >= 1 && !PQgetisnull(res, 0, 5))
		dasar = json_pack("{s:s,s:s,s:s}", "periode",
		    PQgetvalue(res, 0, 5), "file", PQgetvalue(res, 0, 6),
		    "diimpor", PQgetvalue(res, 0, 7));
	else
		dasar = json_null();
	PQclear(res);
	out = json_pack("{s:o,s:o}", "dasar", dasar, "hasil", hasil);
	api_answer(r, 200, out);
}

/* ------------------------------------------------------------------ */
/* The style sheet: plain on screen, the slip alone on paper. */

void
page_css(struct web_req *r)
{
	r->ctype = "text/css; charset=utf-8";
	html_raw(&r->page,
	    "body{font-family:sans-serif;margin:0;color:#111}"
	    ".atas{display:flex;justify-content:space-between;align-items:center;"
	    "background:#0b5;color:#fff;padding:.5em 1em}"
	    ".atas a{color:#fff}.sebaris{display:inline}"
	    "main{padding:1em;max-width:60em}"
	    "label{display:block;margin:.5em 0}"
	    "input,textarea{display:block;width:100%;max-width:30em;font-size:1em}"
	    "button{margin-top:.5em;font-size:1em}"
	    "table{border-collapse:collapse;margin:.5em 0}"
	    "th,td{border:1px solid #999;padding:.25em .5em;text-align:left;"
	    "vertical-align:top}"
	    ".pesan{background:#fee;border:1px solid #c00;padding:.5em}"
	    ".kasus{font-weight:bold}.dasar{font-size:.9em}"
	    ".angka{text-align:right}figure{margin:1em 0}"
	    "@media print{.atas,.layar,.cetak{display:none}"
	    "main{padding:0}body{font-size:11pt}}");
}
