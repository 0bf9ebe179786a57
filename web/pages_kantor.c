/*
 * pages_kantor.c — what the office's readers see (web.md: operator, kabid,
 * sekdis; kadis the SK): the workbooks of the outbox and their download, the
 * import history and the job runs.
 *
 *   /berkas    every period's files (kadis: the SK lampiran only; a
 *              kelurahan: its own kembali/ book)
 *   /unduh     one file, by period and its name under outbox/P (kembali/
 *              KEC/FILE too); every part checked against the characters
 *              rekon writes in names, so ".." or a slash cannot reach
 *              anything else; opened without following a link; an audit row
 *   /impor     the batches (rekon batches)
 *   /ditolak   a batch's rejected rows: line, reason, the text as read
 *   /proses    the job runs (rekon status), the requests not carried out
 *              yet; for an operator "run now" and "record as sent"
 *              (POST: a request row the daemon carries out as that user)
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clean.h"
#include "db.h"
#include "log.h"
#include "request.h"
#include "web_int.h"

#define MAX_PERIODS	24

/* A name part as rekon writes them: letters, digits, space, '_', '-', '.',
 * not starting with '.', not empty. */
static int
name_ok(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || n > 200 || s[0] == '.')
		return 0;
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == ' ' || s[i] == '_' ||
		    s[i] == '-' || s[i] == '.'))
			return 0;
	return 1;
}

/* f: NAME, or kembali/KEC/NAME. 1 when it is one of those shapes. */
static int
file_ok(const char *f, int *kembali)
{
	const char *a, *b;

	*kembali = 0;
	if (strncmp(f, "kembali/", 8) != 0)
		return name_ok(f, strlen(f));
	a = f + 8;
	if ((b = strchr(a, '/')) == NULL || strchr(b + 1, '/') != NULL)
		return 0;
	*kembali = 1;
	return name_ok(a, (size_t)(b - a)) && name_ok(b + 1, strlen(b + 1));
}

/* A kelurahan's own book: kembali/KEC/KEL-P.xlsx whose folder and file
 * names fold (clean_place_fold, the "_" of a safe name a space) to the
 * user's place (web.md: its rights follow the same folded names). */
static int
own_kembali(const struct web_req *r, const char *period, const char *f)
{
	char kec[128], kel[128], a[128], b[128], tail[24];
	const char *slash, *k = f + 8;
	size_t n;

	if ((slash = strchr(k, '/')) == NULL || (size_t)(slash - k) >= sizeof kec)
		return 0;
	snprintf(kec, sizeof kec, "%.*s", (int)(slash - k), k);
	snprintf(tail, sizeof tail, "-%s.xlsx", period);
	n = strlen(slash + 1);
	if (n <= strlen(tail) || strcmp(slash + 1 + n - strlen(tail), tail) != 0 ||
	    n - strlen(tail) >= sizeof kel)
		return 0;
	snprintf(kel, sizeof kel, "%.*s", (int)(n - strlen(tail)), slash + 1);
	return clean_place_fold(kec, 0, a, sizeof a) == 0 &&
	    clean_place_fold(kel, 1, b, sizeof b) == 0 &&
	    strcmp(a, r->user.kec) == 0 && strcmp(b, r->user.kel) == 0;
}

/* What the user's role may read of a period's files. */
static int
may_read(const struct web_req *r, const char *period, const char *f,
    int kembali)
{
	char sk[64];

	switch (r->user.role) {
	case ROLE_KELURAHAN:
		return kembali && *f != '\0' && own_kembali(r, period, f);
	case ROLE_OPERATOR:
	case ROLE_KABID:
	case ROLE_SEKDIS:
		return 1;
	case ROLE_KADIS:
		snprintf(sk, sizeof sk, "sk-lampiran-%s.xlsx", period);
		return !kembali && strcmp(f, sk) == 0;
	default:
		return 0;
	}
}

static const char *
ctype_of(const char *f)
{
	const char *dot = strrchr(f, '.');

	if (dot != NULL && strcmp(dot, ".xlsx") == 0)
		return "application/vnd.openxmlformats-officedocument."
		    "spreadsheetml.sheet";
	if (dot != NULL && strcmp(dot, ".csv") == 0)
		return "text/csv; charset=utf-8";
	if (dot != NULL && strcmp(dot, ".json") == 0)
		return "application/json";
	return "application/octet-stream";
}

static void
link_file(struct web_req *r, const char *period, const char *f)
{
	html_raw(&r->page, "<li><a href=\"/unduh?p=");
	html_text(&r->page, period);
	html_raw(&r->page, "&amp;f=");
	/* names hold only [A-Za-z0-9 _.-] and '/': a space is the one to
	 * encode */
	for (; *f != '\0'; f++)
		html_raw(&r->page, *f == ' ' ? "%20" : (char[]){ *f, '\0' });
	html_raw(&r->page, "\">");
}

static int
cmp_desc(const void *a, const void *b)
{
	return strcmp(*(char *const *)b, *(char *const *)a);
}

static int
cmp_asc(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names in dir that pass keep (regular files or folders), sorted. */
static int
names_in(const char *dir, int folders, int (*keep)(const char *), char ***out,
    int desc)
{
	DIR *d;
	struct dirent *e;
	struct stat sb;
	char path[4400], **v = NULL, **nv;
	int n = 0;

	*out = NULL;
	if ((d = opendir(dir)) == NULL)
		return 0;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.' || (keep != NULL && !keep(e->d_name)))
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		if (lstat(path, &sb) == -1 || (folders ? !S_ISDIR(sb.st_mode) :
		    !S_ISREG(sb.st_mode)))
			continue;
		if ((nv = realloc(v, (size_t)(n + 1) * sizeof *v)) == NULL)
			break;
		v = nv;
		if ((v[n] = strdup(e->d_name)) == NULL)
			break;
		n++;
	}
	closedir(d);
	if (n > 0)
		qsort(v, (size_t)n, sizeof *v, desc ? cmp_desc : cmp_asc);
	*out = v;
	return n;
}

static void
names_free(char **v, int n)
{
	int i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static int
keep_period(const char *s)
{
	return web_is_period(s);
}

void
page_files(struct web_req *r)
{
	char dir[4200], kdir[4300], rel[4400], **per, **files, **kecs,
	    **kf;
	int np, nf, nk, nkf, i, j, k, l, any;

	np = names_in(web_conf.outbox, 1, keep_period, &per, 1);
	web_page_begin(r, "Berkas");
	if (np == 0)
		html_raw(&r->page, "<p>Belum ada berkas yang ditulis.</p>");
	for (i = 0; i < np && i < MAX_PERIODS; i++) {
		snprintf(dir, sizeof dir, "%s/%s", web_conf.outbox, per[i]);
		nf = names_in(dir, 0, NULL, &files, 0);
		any = 0;
		for (j = 0; j < nf; j++) {
			if (!name_ok(files[j], strlen(files[j])) ||
			    !may_read(r, per[i], files[j], 0))
				continue;
			if (!any++) {
				html_raw(&r->page, "<h2>Periode ");
				html_text(&r->page, per[i]);
				html_raw(&r->page, "</h2><ul class=\"berkas\">");
			}
			link_file(r, per[i], files[j]);
			html_text(&r->page, files[j]);
			html_raw(&r->page, "</a></li>");
		}
		names_free(files, nf);
		snprintf(kdir, sizeof kdir, "%s/kembali", dir);
		nk = may_read(r, per[i], "", 1) || r->user.role ==
		    ROLE_KELURAHAN ? names_in(kdir, 1, NULL, &kecs, 0) : 0;
		for (k = 0; k < nk; k++) {
			snprintf(rel, sizeof rel, "%s/%s", kdir, kecs[k]);
			nkf = names_in(rel, 0, NULL, &kf, 0);
			for (l = 0; l < nkf; l++) {
				snprintf(rel, sizeof rel, "kembali/%s/%s",
				    kecs[k], kf[l]);
				if (!name_ok(kecs[k], strlen(kecs[k])) ||
				    !name_ok(kf[l], strlen(kf[l])) ||
				    !may_read(r, per[i], rel, 1))
					continue;
				if (!any++) {
					html_raw(&r->page, "<h2>Periode ");
					html_text(&r->page, per[i]);
					html_raw(&r->page, "</h2><ul class=\"berkas\">");
				}
				snprintf(rel, sizeof rel, "kembali/%s/%s",
				    kecs[k], kf[l]);
				link_file(r, per[i], rel);
				html_text(&r->page, rel);
				html_raw(&r->page, "</a></li>");
			}
			names_free(kf, nkf);
		}
		if (nk > 0)
			names_free(kecs, nk);
		if (any)
			html_raw(&r->page, "</ul>");
	}
	names_free(per, np);
	web_page_end(r);
}

void
page_download(struct web_req *r)
{
	const char *p = MHD_lookup_connection_value(r->mc,
	    MHD_GET_ARGUMENT_KIND, "p");
	const char *f = MHD_lookup_connection_value(r->mc,
	    MHD_GET_ARGUMENT_KIND, "f");
	char path[4400], obj[600];
	const char *base;
	struct stat sb;
	int kembali, fd;

	if (p == NULL || f == NULL || !web_is_period(p) || !file_ok(f, &kembali) ||
	    !may_read(r, p, f, kembali)) {
		web_audit(r, "UNDUH_DITOLAK", p != NULL && web_is_period(p) &&
		    f != NULL && strlen(f) < 200 ? f : "(nama tidak sah)",
		    NULL, 0);
		web_error(r, 404, "Berkas yang diminta tidak ada.");
		return;
	}
	snprintf(path, sizeof path, "%s/%s/%s", web_conf.outbox, p, f);
	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) == -1 ||
	    fstat(fd, &sb) == -1 || !S_ISREG(sb.st_mode)) {
		if (fd != -1)
			close(fd);
		web_error(r, 404, "Berkas yang diminta tidak ada.");
		return;
	}
	base = strrchr(f, '/') != NULL ? strrchr(f, '/') + 1 : f;
	r->fd = fd;
	r->fsize = sb.st_size;
	r->ctype = ctype_of(base);
	snprintf(r->disposition, sizeof r->disposition,
	    "attachment; filename=\"%s\"", base);
	snprintf(obj, sizeof obj, "%s/%s", p, f);
	web_audit(r, "UNDUH", obj, NULL, 0);
}

void
page_batches(struct web_req *r)
{
	const char *p[1] = { web_conf.tz };
	PGresult *res;
	int i, k;

	/* (Not web_table: the Ditolak count links the batch's rows.) */
	if ((res = web_query(r, "impor", "SELECT id::text, kind, period,"
	    " file_name, rows_read::text, accepted::text, rejected::text,"
	    " outcome, coalesce(message, ''), to_char(started_at AT TIME ZONE"
	    " $1, 'DD-MM-YYYY HH24.MI') FROM batch ORDER BY id DESC LIMIT 200",
	    1, p)) == NULL)
		return;
	web_page_begin(r, "Riwayat impor");
	html_raw(&r->page, "<table id=\"impor\"><thead><tr><th>No</th>"
	    "<th>Jenis</th><th>Periode</th><th>Berkas</th><th>Baris</th>"
	    "<th>Diterima</th><th>Ditolak</th><th>Hasil</th><th>Pesan</th>"
	    "<th>Waktu</th></tr></thead><tbody>");
	for (i = 0; i < PQntuples(res); i++) {
		html_raw(&r->page, "<tr>");
		for (k = 0; k < 10; k++) {
			html_raw(&r->page, "<td>");
			if (k == 6 && strcmp(PQgetvalue(res, i, 6), "0") != 0) {
				html_raw(&r->page, "<a href=\"/ditolak?b=");
				html_text(&r->page, PQgetvalue(res, i, 0));
				html_raw(&r->page, "\">");
				html_text(&r->page, PQgetvalue(res, i, k));
				html_raw(&r->page, "</a>");
			} else
				html_text(&r->page, PQgetvalue(res, i, k));
			html_raw(&r->page, "</td>");
		}
		html_raw(&r->page, "</tr>");
	}
	html_raw(&r->page, "</tbody></table>");
	PQclear(res);
	web_page_end(r);
}

/* /ditolak?b=ID: a batch's rejected rows, each with its line, reason and
 * text as read (personal data: the look is audited). A row of the LEFT
 * JOIN is a rejected row, not the batch alone, when it has a line. */
static int
has_line(const struct web_req *r, PGresult *res, int i)
{
	(void)r;
	return !PQgetisnull(res, i, 0);
}

void
page_rejected(struct web_req *r)
{
	static const char *const heads[] = { "Baris", "Alasan", "Isi" };
	const char *b = MHD_lookup_connection_value(r->mc,
	    MHD_GET_ARGUMENT_KIND, "b");
	const char *p[1] = { b };
	char obj[64];
	PGresult *res;

	if (b == NULL || *b == '\0' || strlen(b) > 18 || strspn(b,
	    "0123456789") != strlen(b)) {
		web_error(r, 404, "Batch itu tidak ada.");
		return;
	}
	if ((res = web_query(r, "ditolak", "SELECT r.line::text, r.reason,"
	    " r.raw, b.file_name, b.kind, b.period FROM batch b LEFT JOIN"
	    " rejected_row r ON r.batch_id = b.id WHERE b.id = $1"
	    " ORDER BY r.line", 1, p)) == NULL)
		return;
	if (PQntuples(res) == 0) {
		PQclear(res);
		web_error(r, 404, "Batch itu tidak ada.");
		return;
	}
	snprintf(obj, sizeof obj, "batch %s", b);
	web_audit(r, "LIHAT_DITOLAK", obj, NULL, 0);
	web_page_begin(r, "Baris yang ditolak");
	html_raw(&r->page, "<p>Berkas <strong>");
	html_text(&r->page, PQgetvalue(res, 0, 3));
	html_raw(&r->page, "</strong> (");
	html_text(&r->page, PQgetvalue(res, 0, 4));
	html_raw(&r->page, ", ");
	html_text(&r->page, PQgetvalue(res, 0, 5));
	html_raw(&r->page, ")</p>");
	web_table(r, "ditolak", heads, 3, res, has_line);
	html_raw(&r->page, "<p><a href=\"/impor\">Riwayat impor</a></p>");
	PQclear(res);
	web_page_end(r);
}

/* The operator's "run now" and "record as sent": a request row each. */
static void
request_form(struct web_req *r)
{
	const char *p[1] = { web_conf.tz };
	char period[8] = "", err[256];
	PGresult *res;

	if ((res = db_exec(r->c, err, sizeof err, "SELECT to_char(now() AT TIME ZONE $1,"
	    " 'YYYY-MM')", 1, p)) != NULL && PQntuples(res) == 1)
		snprintf(period, sizeof period, "%s", PQgetvalue(res, 0, 0));
	PQclear(res);
	html_raw(&r->page, "<form method=\"post\" action=\"/proses\""
	    " id=\"jalankan\">");
	web_hidden(r, "csrf", r->csrf);
	html_raw(&r->page, "<label>Periode <input name=\"p\" id=\"periode\""
	    " pattern=\"[0-9]{4}-[0-9]{2}\" value=\"");
	html_text(&r->page, period);
	html_raw(&r->page, "\"></label> "
	    "<button name=\"aksi\" value=\"usulan\" id=\"usulan\">Jalankan"
	    " usulan</button> "
	    "<button name=\"aksi\" value=\"rekonsiliasi\" id=\"rekonsiliasi\">"
	    "Jalankan rekonsiliasi</button> "
	    "<button name=\"aksi\" value=\"sk\" id=\"sk\">Jalankan SK</button> "
	    "<button name=\"aksi\" value=\"usulan_final\" id=\"terkirim\">"
	    "Catat usulan sebagai terkirim</button></form>"
	    "<p class=\"kecil\">rekon menjalankannya sendiri sebentar lagi,"
	    " atas nama Anda; hasilnya tampil di bawah.</p>");
}

void
page_job_request(struct web_req *r)
{
	static const struct {
		const char *aksi, *job;
		int final;
	} acts[] = {
		{ "usulan", "usulan", 0 },
		{ "rekonsiliasi", "rekonsiliasi", 0 },
		{ "sk", "sk", 0 },
		{ "usulan_final", "usulan", 1 },
	};
	const char *period = web_form_get(r, "p"), *aksi = web_form_get(r, "aksi");
	char err[512], object[64];
	size_t i;

	for (i = 0; aksi != NULL && i < sizeof acts / sizeof acts[0]; i++)
		if (strcmp(aksi, acts[i].aksi) == 0)
			break;
	if (aksi == NULL || i == sizeof acts / sizeof acts[0] ||
	    period == NULL || !web_is_period(period)) {
		web_error(r, 400, "Pilih proses dan periode (YYYY-MM).");
		return;
	}
	if (request_add(r->c, r->user.name, acts[i].job, period, acts[i].final,
	    err, sizeof err) == -1) {
		log_warnx("web: proses: %s", err);
		web_error(r, 503, "Basis data tidak menjawab; coba lagi sebentar"
		    " lagi.");
		return;
	}
	snprintf(object, sizeof object, "%s %s%s", acts[i].job, period,
	    acts[i].final ? " --final" : "");
	web_audit(r, "JALANKAN", object, NULL, 0);
	web_redirect(r, "/proses");
}

void
page_jobs(struct web_req *r)
{
	static const char *const heads[] = { "Proses", "Periode", "Pemicu",
	    "Atas nama", "Mulai", "Hasil", "Baris", "Pesan" };
	static const char *const rheads[] = { "Diminta", "Oleh", "Proses",
	    "Periode", "Keadaan" };
	const char *p[1] = { web_conf.tz };
	PGresult *res;

	web_page_begin(r, "Riwayat proses");
	if (r->user.role == ROLE_OPERATOR)
		request_form(r);
	/* Requests not carried out yet, newest first. */
	if ((res = web_query(r, "proses", "SELECT to_char(q.dibuat AT TIME ZONE"
	    " $1, 'DD-MM-YYYY HH24.MI'), q.pengguna, q.pekerjaan ||"
	    " CASE WHEN q.final THEN ' --final' ELSE '' END, q.period,"
	    " CASE WHEN q.diambil IS NULL THEN 'MENUNGGU' ELSE 'DIANTRIKAN' END"
	    " FROM permintaan q WHERE q.job_run_id IS NULL ORDER BY q.id DESC"
	    " LIMIT 50", 1, p)) == NULL)
		return;
	if (PQntuples(res) > 0) {
		html_raw(&r->page, "<h2>Permintaan yang belum dijalankan</h2>");
		web_table(r, "permintaan", rheads, 5, res, NULL);
	}
	PQclear(res);
	if ((res = web_query(r, "proses", "SELECT job, period, trigger,"
	    " coalesce(pengguna, ''),"
	    " to_char(started_at AT TIME ZONE $1, 'DD-MM-YYYY HH24.MI'),"
	    " coalesce(outcome, 'BERJALAN'), coalesce(rows::text, ''),"
	    " coalesce(message, '') FROM job_run ORDER BY id DESC LIMIT 100",
	    1, p)) == NULL)
		return;
	web_table(r, "proses", heads, 8, res, NULL);
	PQclear(res);
	web_page_end(r);
}
