/*
 * pages_kelurahan.c — a kelurahan clerk's cases (web.md, role kelurahan;
 * rules.md §1, §2, §8): for a period, the proposals of the user's own
 * kelurahan that wait for quota (with the family's place in the queue and
 * since when), those returned (with the reasons), BPJS's failures (with the
 * follow-up) and its registrations (with the NOKA and TMT, the cards to hand
 * out) — what the kembali/ book of the kelurahan holds, on a page.
 *
 *   /kelurahan     the newest period with stored proposal outcomes, or
 *                  ?p=YYYY-MM
 *   /unggah        a file uploaded (a kelurahan: its usulan; an operator:
 *                  any kind) into the inbox, with a sidecar naming the user
 *                  (recorded on the batch), the kelurahan's place (its rows
 *                  are held to it: KELURAHAN_LAIN) and the period
 *
 * A row is the kelurahan's when its kecamatan and kelurahan, folded as a
 * user's place is folded (users_place_fold), are the user's; no other row
 * is ever written to the page.
 */
#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db.h"
#include "report.h"
#include "log.h"
#include "web_int.h"

/* A row whose kecamatan and kelurahan (its last two columns) fold to the
 * user's place. */
static int
mine(const struct web_req *r, PGresult *res, int i)
{
	int kc = PQnfields(res) - 2;
	char a[128], b[128];

	return users_place_fold(PQgetvalue(res, i, kc), 0, a, sizeof a) == 0 &&
	    users_place_fold(PQgetvalue(res, i, kc + 1), 1, b, sizeof b) == 0 &&
	    strcmp(a, r->user.kec) == 0 && strcmp(b, r->user.kel) == 0;
}

/* A section: its heading and the table of the user's rows. */
static void
section(struct web_req *r, const char *id, const char *title,
    const char *const *heads, int ncols, PGresult *res)
{
	html_raw(&r->page, "<h2>");
	html_text(&r->page, title);
	html_raw(&r->page, "</h2>");
	web_table(r, id, heads, ncols, res, mine);
}

void
page_kelurahan(struct web_req *r)
{
	static const char *const h_wait[] = { "NIK", "Nama", "Antrian",
	    "Sejak" };
	static const char *const h_back[] = { "NIK", "Nama", "Alasan" };
	static const char *const h_fail[] = { "NIK", "Nama", "Kategori",
	    "Tindak lanjut" };
	static const char *const h_ok[] = { "NIK", "Nama", "No kartu", "TMT" };
	char period[8];
	const char *p[1] = { period };
	PGresult *wait = NULL, *back = NULL, *fail = NULL, *ok = NULL;

	if (web_period(r, "SELECT max(period) FROM usulan_ruang", period) == -1)
		return;
	/* The family's place among the waiting families, as kembali/ and
	 * the usulan book count it (report_usulan.c's MENUNGGU_SQL). */
	wait = web_query(r, "kelurahan", "WITH w AS (SELECT h.*, CASE WHEN"
	    " coalesce(h.no_kk, '') <> '' THEN 'KK ' || h.no_kk ELSE 'BARIS ' ||"
	    " h.urutan END AS keluarga FROM usulan_hasil h WHERE h.period = $1"
	    " AND h.hasil = 'MENUNGGU_KUOTA'), f AS (SELECT w.keluarga,"
	    " dense_rank() OVER (ORDER BY min(w.antrian)) AS antrian FROM w"
	    " GROUP BY w.keluarga) SELECT u.nik, u.nama, f.antrian::text, "
	    REPORT_MONTH_LABEL("w.sejak") ", coalesce(u.kecamatan, ''),"
	    " coalesce(u.kelurahan, '')"
	    " FROM w JOIN f ON f.keluarga = w.keluarga JOIN usulan_row u ON"
	    " u.batch_id = w.batch_id AND u.line = w.line AND u.nik = w.nik"
	    " ORDER BY w.antrian, w.urutan", 1, p);
	if (wait != NULL)
		back = web_query(r, "kelurahan", "SELECT u.nik, u.nama,"
		    " coalesce(h.alasan, ''), coalesce(u.kecamatan, ''),"
		    " coalesce(u.kelurahan, '') FROM usulan_hasil h JOIN"
		    " usulan_row u ON u.batch_id = h.batch_id AND u.line = h.line"
		    " AND u.nik = h.nik"
		    " WHERE h.period = $1 AND h.hasil = 'DIKEMBALIKAN'"
		    " ORDER BY h.urutan", 1, p);
	if (back != NULL)
		fail = web_query(r, "kelurahan", "SELECT g.nik,"
		    " coalesce(f.nama, ''), g.kategori, g.tindak_lanjut,"
		    " g.kecamatan, g.kelurahan FROM gagal_hasil g JOIN"
		    " feedback_row f ON f.batch_id = g.batch_id AND f.line = g.line"
		    " AND f.nik = g.nik"
		    " WHERE g.period = $1 ORDER BY g.batch_id, g.line", 1, p);
	if (fail != NULL)
		ok = web_query(r, "kelurahan", "SELECT l.nik,"
		    " coalesce(f.nama, ''), coalesce(f.noka, ''),"
		    " coalesce(to_char(f.tmt, 'DD-MM-YYYY'), ''), l.kecamatan,"
		    " l.kelurahan FROM rekon_f_lokasi($1) l JOIN feedback_row f"
		    " ON f.batch_id = l.batch_id AND f.line = l.line AND f.nik = l.nik"
		    " WHERE l.hasil = 'BERHASIL' ORDER BY l.batch_id, l.line", 1, p);
	if (ok == NULL) {	/* (web_query wrote the 503 page) */
		PQclear(wait);
		PQclear(back);
		PQclear(fail);
		return;
	}
	web_page_begin(r, "Usulan kelurahan");
	html_raw(&r->page, "<p>Kelurahan <strong id=\"tempat\">");
	html_text(&r->page, r->user.kel);
	html_raw(&r->page, "</strong>, Kecamatan ");
	html_text(&r->page, r->user.kec);
	html_raw(&r->page, ", periode <strong id=\"periode\">");
	html_text(&r->page, period[0] ? period : "-");
	html_raw(&r->page, "</strong></p>");
	section(r, "menunggu", "Menunggu kuota", h_wait, 4, wait);
	section(r, "dikembalikan", "Usulan dikembalikan", h_back, 3, back);
	section(r, "gagal", "Pendaftaran gagal di BPJS", h_fail, 4, fail);
	section(r, "berhasil", "Pendaftaran berhasil, kartu untuk dibagikan",
	    h_ok, 4, ok);
	PQclear(wait);
	PQclear(back);
	PQclear(fail);
	PQclear(ok);
	web_audit(r, "KASUS_KELURAHAN", period, NULL, 0);
	web_page_end(r);
}

/* ------------------------------------------------------------------ */
/* Uploads (web.md): through the inbox, so one import path stays the only
 * one. The file arrived in inbox/.unggah-XXXXXX (server.c); here it gets
 * its sidecar (who, the kelurahan's place, the period) and is renamed into
 * inbox/<kind>/, where the daemon imports it. */

static const char *const upload_kinds[] = { "dtks", "usulan", "feedback",
	"peserta", "segmen", "kematian", "kependudukan",
	"keputusan", NULL };

void
page_upload_form(struct web_req *r)
{
	int i;

	web_page_begin(r, "Unggah berkas");
	html_raw(&r->page, "<form method=\"post\" action=\"/unggah\""
	    " enctype=\"multipart/form-data\">");
	web_hidden(r, "csrf", r->csrf);
	if (r->user.role == ROLE_KELURAHAN) {
		html_raw(&r->page, "<p>Usulan Kelurahan ");
		html_text(&r->page, r->user.kel);
		html_raw(&r->page, ", Kecamatan ");
		html_text(&r->page, r->user.kec);
		html_raw(&r->page, ". Baris untuk kelurahan lain ditolak"
		    " (KELURAHAN_LAIN); baris tanpa kelurahan dianggap"
		    " kelurahan ini.</p>");
	} else {
		html_raw(&r->page, "<label>Jenis <select name=\"jenis\""
		    " id=\"jenis\">");
		for (i = 0; upload_kinds[i] != NULL; i++) {
			html_raw(&r->page, "<option>");
			html_raw(&r->page, upload_kinds[i]);
			html_raw(&r->page, "</option>");
		}
		html_raw(&r->page, "</select></label>");
	}
	html_raw(&r->page, "<label>Periode (YYYY-MM; kosong: dari nama berkas)"
	    " <input name=\"periode\" id=\"periode\"></label><label>Berkas"
	    " (CSV atau XLSX) <input type=\"file\" name=\"berkas\""
	    " id=\"berkas\" required></label><button type=\"submit\""
	    " id=\"unggah\">Unggah</button></form>");
	web_page_end(r);
}

/* The browser's file name as an inbox name: [A-Za-z0-9._-], the rest '_',
 * not hidden, not a sidecar. */
static void
safe_upload_name(const char *in, char *out, size_t outsz)
{
	const char *base = strrchr(in, '/');
	size_t o = 0;

	base = base != NULL ? base + 1 : in;
	if (strrchr(base, '\\') != NULL)	/* a Windows path */
		base = strrchr(base, '\\') + 1;
	for (; *base != '\0' && o + 1 < outsz && o < 100; base++)
		out[o++] = (*base >= 'A' && *base <= 'Z') || (*base >= 'a' &&
		    *base <= 'z') || (*base >= '0' && *base <= '9') ||
		    *base == '.' || *base == '-' || *base == '_' ? *base : '_';
	out[o] = '\0';
	while (out[0] == '.')
		memmove(out, out + 1, strlen(out));
	if (out[0] == '\0' || strstr(out, ".pengunggah") != NULL)
		snprintf(out, outsz, "unggahan.csv");
}

void
page_upload(struct web_req *r)
{
	const char *kind = r->user.role == ROLE_KELURAHAN ? "usulan" :
	    web_form_get(r, "jenis"), *period = web_form_get(r, "periode");
	char name[128], final[4400], side[4500], tmpside[4500], obj[256];
	struct stat sb;
	FILE *fp;
	int i, n, ok = 0;

	for (i = 0; kind != NULL && upload_kinds[i] != NULL; i++)
		ok |= strcmp(kind, upload_kinds[i]) == 0;
	if (!ok || r->upfd == -1 || (period != NULL && *period != '\0' &&
	    (strlen(period) != 7 || period[4] != '-' || strspn(period,
	    "0123456789") != 4 || strspn(period + 5, "0123456789") != 2))) {
		web_error(r, 400, "Pilih jenis, periode (YYYY-MM) bila perlu, dan"
		    " berkasnya.");
		return;
	}
	safe_upload_name(r->upname, name, sizeof name);
	snprintf(final, sizeof final, "%s/%s/%s", web_conf.inbox, kind, name);
	for (n = 1; stat(final, &sb) == 0 && n < 1000; n++)
		snprintf(final, sizeof final, "%s/%s/%d-%s", web_conf.inbox,
		    kind, n, name);
	/* The sidecar first (written under a hidden name, then renamed), so
	 * the daemon never sees the file without it. */
	snprintf(side, sizeof side, "%s.pengunggah", final);
	snprintf(tmpside, sizeof tmpside, "%s/%s/.pengunggah-XXXXXX",
	    web_conf.inbox, kind);
	{
		int sfd = mkstemp(tmpside);

		fp = sfd != -1 ? fdopen(sfd, "w") : NULL;
		if (fp == NULL) {
			if (sfd != -1)
				close(sfd);
			log_warn("web: %s", tmpside);
			web_error(r, 503, "Berkas tidak dapat disimpan.");
			return;
		}
	}
	fprintf(fp, "pengguna=%s\n", r->user.name);
	if (r->user.role == ROLE_KELURAHAN)
		fprintf(fp, "kecamatan=%s\nkelurahan=%s\n", r->user.kec,
		    r->user.kel);
	if (period != NULL && *period != '\0')
		fprintf(fp, "periode=%s\n", period);
	if (fclose(fp) != 0 || close(r->upfd) != 0 || rename(tmpside, side) ==
	    -1 || rename(r->uptmp, final) == -1) {
		r->upfd = -1;
		log_warn("web: upload into %s", final);
		(void)unlink(tmpside);
		(void)unlink(side);
		web_error(r, 503, "Berkas tidak dapat disimpan.");
		return;
	}
	r->upfd = -1;
	r->uptmp[0] = '\0';
	snprintf(obj, sizeof obj, "%s %s (%lld byte)", kind, strrchr(final,
	    '/') + 1, r->upbytes);
	web_audit(r, "UNGGAH", obj, NULL, 0);
	web_page_begin(r, "Berkas diterima");
	html_raw(&r->page, "<p id=\"diterima\">Berkas <strong>");
	html_text(&r->page, strrchr(final, '/') + 1);
	html_raw(&r->page, "</strong> diterima sebagai ");
	html_text(&r->page, kind);
	html_raw(&r->page, " dan akan diimpor sebentar lagi. Baris yang ditolak"
	    " beserta alasannya terlihat di riwayat impor dan di buku kerja"
	    " usulan.</p><p><a href=\"/\">Kembali ke beranda</a></p>");
	web_page_end(r);
}
