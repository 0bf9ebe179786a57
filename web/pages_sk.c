/*
 * pages_sk.c — the SK approval chain on the web (web.md "The SK approval
 * chain"; the chain itself is jobs/skchain.h and sql/016).
 *
 *   GET  /sk?p=P   the lampiran of P (its SHA-256, when it was written, how
 *                  many people it lists, a link to download it), the
 *                  chain's state and every step so far; for the role whose
 *                  turn it is, a form to initial (the kadis: approve) or
 *                  refuse with a note.  Operators, kabid, sekdis and kadis
 *                  read it.
 *   POST /sk       a step: the SHA-256 of the file the page showed comes
 *                  back with it, and a file changed meanwhile is refused
 *                  (the user must look again); the step itself is
 *                  rekon_sk_langkah, which checks the turn under a lock.
 *                  An approval is a request row the daemon carries out as
 *                  `rekon sk --period P --final`, recorded as the kadis's.
 *
 * Glossary: paraf (initials), setuju (approve), tolak (refuse), giliran
 * (whose turn it is), lampiran (the SK's attachment workbook).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "log.h"
#include "period.h"
#include "skchain.h"
#include "web_int.h"

#define LATEST_SK	"SELECT max(period) FROM rekon_ringkasan"

/* The lampiran of P as the page shows it. */
struct sk_file {
	char	path[4300];
	int	exists;
	char	sha[SKCHAIN_HEX];	/* of its bytes */
	char	isi[SKCHAIN_HEX];	/* "" when rekon did not record it */
	char	made[64];
};

/* The file, its SHA-256 and the isi rekon recorded for it: 0, or -1 after
 * the 503 page. */
static int
sk_file(struct web_req *r, const char *period, struct sk_file *f)
{
	const char *p[3] = { period, f->sha, web_conf.tz };
	char err[512];
	PGresult *res;

	memset(f, 0, sizeof *f);
	snprintf(f->path, sizeof f->path, "%s/%s/sk-lampiran-%s.xlsx",
	    web_conf.outbox, period, period);
	if (skchain_file_sha256(f->path, f->sha, err, sizeof err) == -1)
		return 0;	/* not written (yet) */
	f->exists = 1;
	if ((res = web_query(r, "sk", "SELECT isi, to_char(dibuat AT TIME ZONE"
	    " $3, 'DD-MM-YYYY HH24.MI') FROM sk_berkas WHERE period = $1"
	    " AND sha256 = $2", 3, p)) == NULL)
		return -1;
	if (PQntuples(res) == 1) {
		snprintf(f->isi, sizeof f->isi, "%s", PQgetvalue(res, 0, 0));
		snprintf(f->made, sizeof f->made, "%s", PQgetvalue(res, 0, 1));
	}
	PQclear(res);
	return 0;
}

/* Whose turn it is on a chain that is neither approved nor closed. */
static const char *
giliran(const struct skchain *ch)
{
	return ch->n_paraf < web_conf.nparaf ? web_conf.paraf[ch->n_paraf] :
	    "kadis";
}

static const char *
role_title(const char *role)
{
	if (strcmp(role, "kabid") == 0)
		return "Kabid";
	if (strcmp(role, "sekdis") == 0)
		return "Sekdis";
	if (strcmp(role, "kadis") == 0)
		return "Kepala Dinas";
	return role;
}

static void
state_words(struct web_req *r, const struct skchain *ch)
{
	html_raw(&r->page, "<p>Status: <strong id=\"status\">");
	html_text(&r->page, ch->state);
	html_raw(&r->page, "</strong> — ");
	if (ch->closed)
		html_raw(&r->page, "SK sudah ditetapkan; periode ini ditutup.");
	else if (ch->approved)
		html_raw(&r->page, "disetujui Kepala Dinas; rekon sedang menutup"
		    " periode ini.");
	else {
		html_raw(&r->page, "menunggu ");
		html_text(&r->page, strcmp(giliran(ch), "kadis") == 0 ?
		    "persetujuan Kepala Dinas" : "paraf ");
		if (strcmp(giliran(ch), "kadis") != 0)
			html_text(&r->page, role_title(giliran(ch)));
		html_raw(&r->page, ".");
	}
	html_raw(&r->page, "</p>");
}

static void
order_words(struct web_req *r)
{
	int i;

	html_raw(&r->page, "<p class=\"kecil\">Urutan: ");
	for (i = 0; i < web_conf.nparaf; i++) {
		html_raw(&r->page, "paraf ");
		html_text(&r->page, role_title(web_conf.paraf[i]));
		html_raw(&r->page, " → ");
	}
	html_raw(&r->page, "persetujuan Kepala Dinas. Setiap langkah mencatat"
	    " SHA-256 berkas yang dilihat; bila isi Lampiran atau Rekap berubah,"
	    " rantai kembali ke DRAF.</p>");
}

static void
step_form(struct web_req *r, const char *period, const struct sk_file *f,
    const struct skchain *ch)
{
	const int kadis = strcmp(giliran(ch), "kadis") == 0;

	html_raw(&r->page, "<form method=\"post\" action=\"/sk\" id=\"langkah\">");
	web_hidden(r, "csrf", r->csrf);
	web_hidden(r, "p", period);
	web_hidden(r, "sha256", f->sha);
	html_raw(&r->page, "<label>Catatan (wajib bila menolak) <textarea"
	    " name=\"catatan\" id=\"catatan\" rows=\"3\"></textarea></label>");
	html_printf(&r->page, "<button type=\"submit\" name=\"aksi\""
	    " value=\"paraf\" id=\"paraf\">%s</button> ", kadis ?
	    "Setujui dan tetapkan SK" : "Paraf");
	html_raw(&r->page, "<button type=\"submit\" name=\"aksi\" value=\"tolak\""
	    " id=\"tolak\">Tolak (kembali ke DRAF)</button></form>");
}

static void
steps_table(struct web_req *r, const char *period)
{
	static const char *const heads[] = { "Waktu", "Langkah", "Peran",
	    "Pengguna", "SHA-256 berkas", "Catatan" };
	const char *p[2] = { period, web_conf.tz };
	PGresult *res;

	if ((res = web_query(r, "sk", "SELECT to_char(waktu AT TIME ZONE $2,"
	    " 'DD-MM-YYYY HH24.MI'), langkah, coalesce(peran, ''),"
	    " coalesce(pengguna, ''), coalesce(left(sha256, 16), ''),"
	    " coalesce(catatan, '') FROM sk_langkah WHERE period = $1"
	    " ORDER BY id", 2, p)) == NULL)
		return;
	html_raw(&r->page, "<h2>Riwayat</h2>");
	web_table(r, "riwayat", heads, 6, res, NULL);
	PQclear(res);
}

/* The page of P, with message (NULL: none) above it. */
static void
sk_render(struct web_req *r, const char *period, const char *message)
{
	const char *p[1] = { period };
	struct sk_file f;
	struct skchain ch;
	char label[32], title[80], err[512], count[32] = "";
	PGresult *res;

	if (sk_file(r, period, &f) == -1)
		return;
	if (skchain_state(r->c, period, web_conf.paraf, web_conf.nparaf, &ch,
	    err, sizeof err) == -1) {
		log_warnx("web: sk: %s", err);
		web_error(r, 503, "Basis data tidak menjawab; coba lagi sebentar"
		    " lagi.");
		return;
	}
	if ((res = web_query(r, "sk", "SELECT count(*) FROM sk_final WHERE"
	    " period = $1 HAVING count(*) > 0 UNION ALL SELECT count(*)"
	    " FROM sk_daftar WHERE period = $1 LIMIT 1", 1, p)) == NULL)
		return;
	if (PQntuples(res) == 1)
		snprintf(count, sizeof count, "%s", PQgetvalue(res, 0, 0));
	PQclear(res);
	period_label(period, label, sizeof label);
	snprintf(title, sizeof title, "Persetujuan SK %s", label);
	web_page_begin(r, title);
	if (message != NULL) {
		html_raw(&r->page, "<p class=\"pesan\" id=\"pesan\">");
		html_text(&r->page, message);
		html_raw(&r->page, "</p>");
	}
	if (!f.exists) {
		html_raw(&r->page, "<p id=\"belum\">Lampiran SK periode ini belum"
		    " dibuat: operator menjalankan SK lebih dulu.</p>");
		steps_table(r, period);
		web_page_end(r);
		return;
	}
	html_raw(&r->page, "<p>Berkas <a id=\"berkas\" href=\"/unduh?p=");
	html_text(&r->page, period);
	html_raw(&r->page, "&amp;f=sk-lampiran-");
	html_text(&r->page, period);
	html_raw(&r->page, ".xlsx\">sk-lampiran-");
	html_text(&r->page, period);
	html_raw(&r->page, ".xlsx</a>");
	if (f.made[0] != '\0') {
		html_raw(&r->page, ", dibuat ");
		html_text(&r->page, f.made);
	}
	if (count[0] != '\0') {
		html_raw(&r->page, ", <span id=\"jumlah\">");
		html_text(&r->page, count);
		html_raw(&r->page, "</span> jiwa");
	}
	html_raw(&r->page, "<br><span class=\"kecil\">SHA-256 <code id=\"sha\">");
	html_text(&r->page, f.sha);
	html_raw(&r->page, "</code></span></p>");
	state_words(r, &ch);
	order_words(r);
	if (!ch.closed && !ch.approved &&
	    strcmp(users_role_names[r->user.role], giliran(&ch)) == 0)
		step_form(r, period, &f, &ch);
	steps_table(r, period);
	web_page_end(r);
}

void
page_sk(struct web_req *r)
{
	char period[8];

	if (web_period(r, LATEST_SK, period) == -1)
		return;
	if (period[0] == '\0') {
		web_page_begin(r, "Persetujuan SK");
		html_raw(&r->page, "<p id=\"belum\">Belum ada periode yang"
		    " direkonsiliasi.</p>");
		web_page_end(r);
		return;
	}
	sk_render(r, period, NULL);
}

void
page_sk_step(struct web_req *r)
{
	const char *period = web_form_get(r, "p"), *seen = web_form_get(r, "sha256");
	const char *aksi = web_form_get(r, "aksi"), *note = web_form_get(r, "catatan");
	const char *role = users_role_names[r->user.role], *why;
	const char *p[8];
	char object[32], to[64];
	struct sk_file f;
	PGresult *res;
	int refuse;

	if (!web_is_period(period) || seen == NULL || aksi == NULL ||
	    (strcmp(aksi, "paraf") != 0 && strcmp(aksi, "tolak") != 0)) {
		web_error(r, 400, "Permintaan tidak lengkap.");
		return;
	}
	refuse = strcmp(aksi, "tolak") == 0;
	if (sk_file(r, period, &f) == -1)
		return;
	if (!f.exists || strcmp(f.sha, seen) != 0) {
		r->status = 409;
		sk_render(r, period, "Lampiran SK berubah sejak halaman ini dibuka:"
		    " periksa lagi, lalu ulangi.");
		return;
	}
	p[0] = period;
	p[1] = refuse ? "TOLAK" : "PARAF";
	p[2] = role;
	p[3] = r->user.name;
	p[4] = f.sha;
	p[5] = f.isi[0] != '\0' ? f.isi : NULL;
	p[6] = note != NULL ? note : "";
	p[7] = web_conf.paraf_array;
	if ((res = web_query(r, "sk", "SELECT rekon_sk_langkah($1, $2, $3, $4,"
	    " $5, $6, $7, $8::text[])", 8, p)) == NULL)
		return;
	why = PQgetvalue(res, 0, 0);
	if (*why != '\0') {
		r->status = 409;
		sk_render(r, period, why);
		PQclear(res);
		return;
	}
	PQclear(res);
	snprintf(object, sizeof object, "SK %s", period);
	web_audit(r, refuse ? "TOLAK_SK" : strcmp(role, "kadis") == 0 ?
	    "SETUJU_SK" : "PARAF_SK", object, NULL, 0);
	snprintf(to, sizeof to, "/sk?p=%s", period);
	web_redirect(r, to);
}
