/*
 * pages_bulan.c — the month's figures (web.md: kabid, sekdis, kadis; the
 * operator too): rekonsiliasi-P.json as a page, with its two charts drawn
 * on the server as SVG (outputs.md: the flag counts, and kuota against
 * ditetapkan for every reconciled month of the year). Nothing is loaded
 * from outside and no script runs; the SVG carries its colours as
 * attributes (the Content-Security-Policy refuses inline styles).
 *
 *   /bulan         the newest reconciled month, or ?p=YYYY-MM
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "log.h"
#include "web_int.h"

#define BAR_W	360	/* the longest bar, in SVG units */

/* 1234567 -> "1.234.567"; a negative sign kept. */
static void
ribuan(long long v, char *buf, size_t n)
{
	char d[32];
	size_t i, o = 0, len;

	snprintf(d, sizeof d, "%lld", v < 0 ? -v : v);
	len = strlen(d);
	if (v < 0 && o + 1 < n)
		buf[o++] = '-';
	for (i = 0; i < len && o + 2 < n; i++) {
		if (i > 0 && (len - i) % 3 == 0)
			buf[o++] = '.';
		buf[o++] = d[i];
	}
	buf[o] = '\0';
}

static void
figure(struct web_req *r, const char *label, json_t *v, const char *unit)
{
	char b[48];

	html_raw(&r->page, "<tr><th>");
	html_text(&r->page, label);
	html_raw(&r->page, "</th><td class=\"angka\">");
	if (json_is_integer(v)) {
		ribuan(json_integer_value(v), b, sizeof b);
		if (unit != NULL && strcmp(unit, "Rp") == 0)
			html_raw(&r->page, "Rp ");
		html_text(&r->page, b);
		if (unit != NULL && strcmp(unit, "Rp") != 0) {
			html_raw(&r->page, " ");
			html_text(&r->page, unit);
		}
	} else if (json_is_number(v)) {
		snprintf(b, sizeof b, "%.1f", json_number_value(v));
		if (strchr(b, '.') != NULL)
			*strchr(b, '.') = ',';
		html_text(&r->page, b);
		html_raw(&r->page, " %");
	} else
		html_raw(&r->page, "-");
	html_raw(&r->page, "</td></tr>");
}

/* Chart 1: a horizontal bar a flag. */
static void
chart_flags(struct web_req *r, json_t *flags)
{
	const char *k;
	json_t *v;
	long long max = 1;
	int n = 0, y;
	char b[32];

	json_object_foreach(flags, k, v) {
		if (json_integer_value(v) > max)
			max = json_integer_value(v);
		n++;
	}
	html_printf(&r->page, "<figure><figcaption>Jumlah baris per flag"
	    "</figcaption><svg id=\"grafik-flag\" xmlns=\"http://www.w3.org/2000/svg\""
	    " viewBox=\"0 0 640 %d\" width=\"640\" height=\"%d\" role=\"img\">",
	    n * 22 + 10, n * 22 + 10);
	y = 5;
	json_object_foreach(flags, k, v) {
		long long c = json_is_integer(v) ? json_integer_value(v) : 0;

		html_printf(&r->page, "<text x=\"190\" y=\"%d\" text-anchor=\"end\""
		    " font-size=\"12\">", y + 14);
		html_text(&r->page, k);
		html_printf(&r->page, "</text><rect x=\"200\" y=\"%d\" width=\"%lld\""
		    " height=\"16\" fill=\"#0b5\"/><text x=\"%lld\" y=\"%d\""
		    " font-size=\"12\">", y + 2, c * BAR_W / max, 205 + c * BAR_W /
		    max, y + 14);
		ribuan(c, b, sizeof b);
		html_text(&r->page, b);
		html_raw(&r->page, "</text>");
		y += 22;
	}
	html_raw(&r->page, "</svg></figure>");
}

/* Chart 2: for each reconciled month of the year, kuota (outline) and
 * ditetapkan (filled) side by side. */
static void
chart_kuota(struct web_req *r, const char *period)
{
	static const char *const bulan[12] = { "Jan", "Feb", "Mar", "Apr",
	    "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des" };
	char err[512], year[8];
	const char *p[1] = { year };
	PGresult *res;
	long long max = 1, k, d;
	int i, x, m, h;

	snprintf(year, sizeof year, "%.4s", period);
	if ((res = db_exec(r->c, err, sizeof err, "SELECT substr(period, 6, 2),"
	    " coalesce(kuota, 0), ditetapkan FROM rekon_ringkasan WHERE"
	    " substr(period, 1, 4) = $1 ORDER BY period", 1, p)) == NULL) {
		log_warnx("web: bulan: %s", err);
		return;
	}
	for (i = 0; i < PQntuples(res); i++) {
		k = atoll(PQgetvalue(res, i, 1));
		d = atoll(PQgetvalue(res, i, 2));
		if (k > max)
			max = k;
		if (d > max)
			max = d;
	}
	html_printf(&r->page, "<figure><figcaption>Kuota dan ditetapkan per"
	    " bulan, %s (kotak: kuota; isi: ditetapkan)</figcaption><svg"
	    " id=\"grafik-kuota\" xmlns=\"http://www.w3.org/2000/svg\""
	    " viewBox=\"0 0 640 220\" width=\"640\" height=\"220\""
	    " role=\"img\"><line x1=\"20\" y1=\"190\" x2=\"620\" y2=\"190\""
	    " stroke=\"#333\"/>", year);
	for (i = 0; i < PQntuples(res); i++) {
		m = atoi(PQgetvalue(res, i, 0));
		if (m < 1 || m > 12)
			continue;
		x = 25 + (m - 1) * 50;
		k = atoll(PQgetvalue(res, i, 1));
		d = atoll(PQgetvalue(res, i, 2));
		h = (int)(k * 170 / max);
		if (k > 0)
			html_printf(&r->page, "<rect class=\"kuota\" x=\"%d\" y=\"%d\""
			    " width=\"18\" height=\"%d\" fill=\"none\""
			    " stroke=\"#333\"/>", x, 190 - h, h);
		h = (int)(d * 170 / max);
		html_printf(&r->page, "<rect class=\"ditetapkan\" x=\"%d\" y=\"%d\""
		    " width=\"18\" height=\"%d\" fill=\"%s\"/>", x + 20, 190 - h,
		    h, k > 0 && d > k ? "#c00" : "#0b5");
		html_printf(&r->page, "<text x=\"%d\" y=\"206\" font-size=\"11\""
		    " text-anchor=\"middle\">%s</text>", x + 19, bulan[m - 1]);
	}
	html_raw(&r->page, "</svg></figure>");
	PQclear(res);
}

void
page_month(struct web_req *r)
{
	char period[8], path[4200];
	json_error_t je;
	json_t *d;

	if (web_period(r, "SELECT max(period) FROM rekon_ringkasan", period) ==
	    -1)
		return;
	snprintf(path, sizeof path, "%s/%s/rekonsiliasi-%s.json",
	    web_conf.outbox, period, period);
	if (period[0] == '\0' || (d = json_load_file(path, 0, &je)) == NULL) {
		web_page_begin(r, "Angka bulan ini");
		html_raw(&r->page, "<p class=\"pesan\">Belum ada rekonsiliasi"
		    " untuk periode ini.</p>");
		web_page_end(r);
		return;
	}
	web_page_begin(r, "Angka bulan ini");
	html_raw(&r->page, "<p>Periode <strong id=\"periode\">");
	html_text(&r->page, period);
	html_raw(&r->page, "</strong> (dari rekonsiliasi-");
	html_text(&r->page, period);
	html_raw(&r->page, ".json)</p><table id=\"ringkasan\"><tbody>");
	figure(r, "Kuota", json_object_get(d, "kuota"), "jiwa");
	figure(r, "Aktif", json_object_get(d, "aktif"), "jiwa");
	figure(r, "Ditetapkan", json_object_get(d, "ditetapkan"), "jiwa");
	figure(r, "Terpakai", json_object_get(d, "terpakai_persen"), NULL);
	figure(r, "Sisa", json_object_get(d, "sisa"), "jiwa");
	figure(r, "Iuran", json_object_get(d, "iuran"), "Rp");
	figure(r, "Tagihan BPJS", json_object_get(d, "tagihan_bpjs"), "Rp");
	figure(r, "Selisih tagihan", json_object_get(d, "selisih_tagihan"),
	    "Rp");
	figure(r, "Serapan anggaran", json_object_get(d, "serapan_persen"),
	    NULL);
	figure(r, "Usulan diteruskan", json_object_get(json_object_get(d,
	    "usulan"), "diteruskan"), "baris");
	figure(r, "Usulan menunggu kuota", json_object_get(json_object_get(d,
	    "usulan"), "menunggu_kuota"), "baris");
	figure(r, "Terlambat dijawab BPJS", json_object_get(json_object_get(d,
	    "tindak_lanjut"), "TERLAMBAT_BPJS"), "NIK");
	figure(r, "Berhasil, belum di daftar", json_object_get(json_object_get(d,
	    "tindak_lanjut"), "BELUM_MASUK_DAFTAR"), "NIK");
	figure(r, "Masuk", json_object_get(json_object_get(d, "mutasi"),
	    "masuk"), "jiwa");
	figure(r, "Keluar", json_object_get(json_object_get(d, "mutasi"),
	    "keluar"), "jiwa");
	html_raw(&r->page, "</tbody></table>");
	chart_flags(r, json_object_get(d, "flag"));
	chart_kuota(r, period);
	json_decref(d);
	web_page_end(r);
}
