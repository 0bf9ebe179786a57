/*
 * test_config.c — lib/config.c: loading, validation, effective values,
 * budget lookups, reload conflicts, secret files.
 *
 * Each test writes small config files into its own temporary directory.
 */
#include <check.h>
#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"

/* The example configuration of operations.md, verbatim. */
static const char spec_example[] =
	"[region]\n"
	"name = Kabupaten Batang\n"
	"office = Dinas Kesehatan Kabupaten Batang\n"
	"code = 3325\n"
	"timezone = Asia/Jakarta\n"
	"\n"
	"[database]\n"
	"conninfo =                 ; empty: the embedded cluster under state_dir/pg\n"
	"\n"
	"[paths]\n"
	"state_dir = /var/lib/rekon ; inbox/, archive/, rejected/, outbox/ live here unless set\n"
	"inbox =\n"
	"outbox =\n"
	"\n"
	"[budget]\n"
	"iuran_per_jiwa = 37800      ; iuran_per_jiwa.YYYY-MM overrides a month\n"
	"kuota.2026 = 25000         ; per year; kuota.YYYY-MM overrides a month\n"
	"anggaran.2026 = 11340000000\n"
	"\n"
	"[rules]\n"
	"non_dtks = sktm            ; sktm | tolak | terima\n"
	"berkas_wajib =             ; e.g. kk, ktp, sktm, rekomendasi, surat_sakit\n"
	"sk_kecualikan = SEGMEN_LAIN, MENINGGAL\n"
	"ambang_nama = 0.5\n"
	"antrian_bulan = 6          ; months a waiting proposal is carried (rules.md §8)\n"
	"usul_nonaktif = MENINGGAL, SEGMEN_LAIN\n"
	"\n"
	"[sk]\n"
	"paraf = kabid, sekdis      ; who initials before the kadis approves (web.md)\n"
	"nomor =\n"
	"tanggal =\n"
	"jabatan = KEPALA DINAS KESEHATAN KABUPATEN BATANG\n"
	"nama =\n"
	"pangkat =\n"
	"nip =\n"
	"\n"
	"[schedule]                 ; five-field cron expressions, in region.timezone\n"
	"fetch = */30 * * * *\n"
	"usulan = 0 6 16 * *\n"
	"rekonsiliasi = 0 2 21 * *\n"
	"catch_up = yes             ; run what was due while the daemon was down\n"
	"\n"
	"[source.peserta-kc]        ; any number of sources\n"
	"url = sftp://files.bpjs-kc.example/outbox/\n"
	"pattern = peserta-*.csv\n"
	"kind = peserta\n"
	"user = dinkes\n"
	"password_file = /etc/rekon/secret/sftp\n"
	"known_hosts = /etc/rekon/known_hosts\n"
	"\n"
	"[limits]\n"
	"max_file_mb = 2048\n"
	"max_field_bytes = 65536\n"
	"retention_months = 60      ; archived input files older than this are deleted\n"
	"\n"
	"[notify]\n"
	"webhook =                  ; URL that gets the JSON summary and job failures\n"
	"\n"
	"[web]\n"
	"listen = 127.0.0.1:8080\n"
	"trusted_proxy =            ; the reverse proxy's address, whose X-Forwarded-For is believed\n"
	"tls_cert_file =\n"
	"tls_key_file =\n"
	"audit_months = 24\n"
	"\n"
	"[bpjs_api]\n"
	"base_url =\n"
	"cons_id =\n"
	"secret_file =\n"
	"user_key_file =\n"
	"max_per_minute = 60\n"
;

#define ERRSZ	16384

#define PATHSZ	512

static char tmpdir[256];	/* realpath of this test's directory */
static char startdir[256];	/* where the tests started; some chdir */

static void
setup(void)
{
	char templ[] = "/tmp/rekon-test-config-XXXXXX", *real;

	ck_assert_ptr_nonnull(mkdtemp(templ));
	ck_assert_ptr_nonnull(real = realpath(templ, NULL));
	ck_assert_uint_lt(strlen(real), sizeof tmpdir);
	strcpy(tmpdir, real);
	free(real);
}

static int
rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void
teardown(void)
{
	if (chdir(startdir) == -1)
		perror(startdir);
	nftw(tmpdir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* Write text to tmpdir/name; the path goes to out (PATHSZ bytes). */
static char *
write_file(const char *name, const char *text, char *out)
{
	FILE *fp;

	snprintf(out, PATHSZ, "%s/%s", tmpdir, name);
	ck_assert_ptr_nonnull(fp = fopen(out, "w"));
	ck_assert_int_eq(fputs(text, fp) >= 0, 1);
	ck_assert_int_eq(fclose(fp), 0);
	return out;
}

/* "path:line: msg\n" */
static void
expect_line(char *buf, size_t sz, const char *path, int line, const char *msg)
{
	snprintf(buf, sz, "%s:%d: %s\n", path, line, msg);
}

static int
count_lines(const char *s)
{
	int n = 1;

	for (; *s != '\0'; s++)
		n += *s == '\n';
	return n;
}

/* config_print into a string the caller frees. */
static char *
print_to_string(const struct config *cfg)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(fp);
	config_print(fp, cfg);
	fclose(fp);
	return buf;
}

/* 1 when the "[section]" block of printed holds the line exactly. */
static int
section_has(const char *printed, const char *section, const char *line)
{
	char head[128], want[512];
	const char *start, *end, *hit;

	snprintf(head, sizeof head, "\n[%s]\n", section);
	if ((start = strstr(printed, head)) == NULL)
		return 0;
	start += strlen(head) - 1;
	end = strstr(start, "\n[");
	snprintf(want, sizeof want, "\n%s\n", line);
	hit = strstr(start, want);
	return hit != NULL && (end == NULL || hit < end);
}

/* ---- the example of operations.md loads, with the values it says ---- */

START_TEST(test_spec_example)
{
	struct config cfg;
	char path[PATHSZ], err[ERRSZ];
	long long v;
	const struct config_source *s;

	write_file("rekon.conf", spec_example, path);
	ck_assert_int_eq(config_load(path, &cfg, err, sizeof err), 0);
	ck_assert_str_eq(err, "");
	ck_assert_str_eq(cfg.path, path);
	ck_assert_str_eq(cfg.region.name, "Kabupaten Batang");
	ck_assert_str_eq(cfg.region.office, "Dinas Kesehatan Kabupaten Batang");
	ck_assert_str_eq(cfg.region.code, "3325");
	ck_assert_str_eq(cfg.region.timezone, "Asia/Jakarta");
	ck_assert_str_eq(cfg.database.conninfo, "");
	ck_assert_str_eq(cfg.paths.state_dir, "/var/lib/rekon");
	ck_assert_str_eq(cfg.paths.inbox, "/var/lib/rekon/inbox");
	ck_assert_str_eq(cfg.paths.outbox, "/var/lib/rekon/outbox");
	ck_assert_int_eq(cfg.budget.iuran_per_jiwa, 37800);
	ck_assert_int_eq(config_kuota(&cfg, "2026-05", &v), 1);
	ck_assert_int_eq(v, 25000);
	ck_assert_int_eq(config_anggaran(&cfg, 2026, &v), 1);
	ck_assert_int_eq(v, 11340000000LL);
	ck_assert_int_eq(cfg.rules.non_dtks, NON_DTKS_SKTM);
	ck_assert_int_eq(cfg.rules.berkas_wajib.n, 0);
	ck_assert_int_eq(cfg.rules.sk_kecualikan.n, 2);
	ck_assert_str_eq(cfg.rules.sk_kecualikan.item[0], "SEGMEN_LAIN");
	ck_assert_str_eq(cfg.rules.sk_kecualikan.item[1], "MENINGGAL");
	ck_assert_double_eq(cfg.rules.ambang_nama, 0.5);
	ck_assert_int_eq(cfg.rules.antrian_bulan, 6);
	ck_assert_int_eq(cfg.rules.usul_nonaktif.n, 2);
	ck_assert_str_eq(cfg.rules.usul_nonaktif.item[0], "MENINGGAL");
	ck_assert_str_eq(cfg.rules.usul_nonaktif.item[1], "SEGMEN_LAIN");
	ck_assert_str_eq(cfg.sk.nomor, "");
	ck_assert_str_eq(cfg.sk.tanggal.text, "");
	ck_assert_int_eq(cfg.sk.tanggal.y, 0);
	ck_assert_str_eq(cfg.sk.jabatan,
	    "KEPALA DINAS KESEHATAN KABUPATEN BATANG");
	ck_assert_str_eq(cfg.sk.nip, "");
	ck_assert_int_eq(cfg.sk.paraf.n, 2);
	ck_assert_str_eq(cfg.sk.paraf.item[0], "kabid");
	ck_assert_str_eq(cfg.sk.paraf.item[1], "sekdis");
	ck_assert_str_eq(cfg.schedule.fetch.expr, "*/30 * * * *");
	ck_assert_str_eq(cfg.schedule.usulan.expr, "0 6 16 * *");
	ck_assert_str_eq(cfg.schedule.rekonsiliasi.expr, "0 2 21 * *");
	ck_assert(cfg.schedule.rekonsiliasi.cron.dom == 1u << 21);
	ck_assert_int_eq(cfg.schedule.catch_up, 1);
	ck_assert_uint_eq(cfg.nsources, 1);
	s = &cfg.sources[0];
	ck_assert_str_eq(s->name, "peserta-kc");
	ck_assert_int_eq(s->line, 43);
	ck_assert_str_eq(s->url, "sftp://files.bpjs-kc.example/outbox/");
	ck_assert_str_eq(s->pattern, "peserta-*.csv");
	ck_assert_int_eq(s->kind, SOURCE_PESERTA);
	ck_assert_str_eq(s->user, "dinkes");
	ck_assert_str_eq(s->password_file, "/etc/rekon/secret/sftp");
	ck_assert_str_eq(s->known_hosts, "/etc/rekon/known_hosts");
	ck_assert_str_eq(s->label, "");
	ck_assert_int_eq(s->segmen, -1);
	ck_assert_int_eq(cfg.limits.max_file_mb, 2048);
	ck_assert_int_eq(cfg.limits.max_field_bytes, 65536);
	ck_assert_int_eq(cfg.limits.retention_months, 60);
	ck_assert_int_eq(cfg.limits.max_columns, 512);
	ck_assert_str_eq(cfg.notify.webhook, "");
	ck_assert_str_eq(cfg.bpjs_api.base_url, "");
	ck_assert_int_eq(cfg.bpjs_api.max_per_minute, 60);
	ck_assert_int_eq(cfg.bpjs_api.timeout_seconds, 30);
	config_free(&cfg);
	ck_assert_ptr_null(cfg.path);
}
END_TEST

/* ---- defaults ---- */

static void
check_defaults(const struct config *cfg)
{
	ck_assert_str_eq(cfg->region.name, "");
	ck_assert_str_eq(cfg->region.office, "");
	ck_assert_str_eq(cfg->region.code, "");
	ck_assert_str_eq(cfg->region.timezone, "Asia/Jakarta");
	ck_assert_str_eq(cfg->database.conninfo, "");
	ck_assert_str_eq(cfg->paths.state_dir, "/var/lib/rekon");
	ck_assert_str_eq(cfg->paths.inbox, "/var/lib/rekon/inbox");
	ck_assert_str_eq(cfg->paths.outbox, "/var/lib/rekon/outbox");
	ck_assert_str_eq(cfg->paths.archive, "/var/lib/rekon/archive");
	ck_assert_str_eq(cfg->paths.rejected, "/var/lib/rekon/rejected");
	ck_assert_str_eq(cfg->paths.pg, "/var/lib/rekon/pg");
	ck_assert_int_eq(cfg->budget.iuran_per_jiwa, 37800);
	ck_assert_int_eq(cfg->budget.kuota.n, 0);
	ck_assert_int_eq(cfg->rules.non_dtks, NON_DTKS_SKTM);
	ck_assert_int_eq(cfg->rules.berkas_wajib.n, 0);
	ck_assert_int_eq(cfg->rules.sk_kecualikan.n, 3);
	ck_assert_str_eq(cfg->rules.sk_kecualikan.item[0], "SEGMEN_LAIN");
	ck_assert_str_eq(cfg->rules.sk_kecualikan.item[1], "MENINGGAL");
	ck_assert_str_eq(cfg->rules.sk_kecualikan.item[2], "GANDA_ORANG");
	ck_assert_double_eq(cfg->rules.ambang_nama, 0.5);
	ck_assert_int_eq(cfg->rules.usul_nonaktif.n, 2);
	ck_assert_str_eq(cfg->rules.usul_nonaktif.item[0], "MENINGGAL");
	ck_assert_str_eq(cfg->rules.usul_nonaktif.item[1], "SEGMEN_LAIN");
	ck_assert_str_eq(cfg->sk.jabatan, "KEPALA DINAS KESEHATAN");
	ck_assert_str_eq(cfg->sk.nomor, "");
	ck_assert_str_eq(cfg->sk.nama, "");
	ck_assert_str_eq(cfg->sk.pangkat, "");
	ck_assert_str_eq(cfg->sk.nip, "");
	ck_assert_str_eq(cfg->sk.tanggal.text, "");
	ck_assert_str_eq(cfg->schedule.fetch.expr, "*/30 * * * *");
	ck_assert(cfg->schedule.fetch.cron.minute ==
	    ((1ull << 0) | (1ull << 30)));
	ck_assert_str_eq(cfg->schedule.usulan.expr, "0 6 16 * *");
	ck_assert_str_eq(cfg->schedule.rekonsiliasi.expr, "0 2 21 * *");
	ck_assert_int_eq(cfg->schedule.catch_up, 1);
	ck_assert_uint_eq(cfg->nsources, 0);
	ck_assert_int_eq(cfg->limits.max_file_mb, 2048);
	ck_assert_int_eq(cfg->limits.max_field_bytes, 65536);
	ck_assert_int_eq(cfg->limits.retention_months, 60);
	ck_assert_int_eq(cfg->limits.max_columns, 512);
	ck_assert_str_eq(cfg->notify.webhook, "");
	ck_assert_str_eq(cfg->bpjs_api.base_url, "");
	ck_assert_str_eq(cfg->bpjs_api.cons_id, "");
	ck_assert_str_eq(cfg->bpjs_api.secret_file, "");
	ck_assert_str_eq(cfg->bpjs_api.user_key_file, "");
	ck_assert_int_eq(cfg->bpjs_api.max_per_minute, 60);
	ck_assert_int_eq(cfg->bpjs_api.timeout_seconds, 30);
}

START_TEST(test_defaults)
{
	struct config cfg;
	char err[ERRSZ] = "x";

	ck_assert_int_eq(config_load(NULL, &cfg, err, sizeof err), 0);
	ck_assert_str_eq(err, "");
	ck_assert_ptr_null(cfg.path);
	check_defaults(&cfg);
	config_free(&cfg);

	config_defaults(&cfg);
	check_defaults(&cfg);
	config_free(&cfg);
}
END_TEST

/* An empty file (comments only) is exactly the defaults. */
START_TEST(test_empty_file_is_defaults)
{
	struct config def, cfg;
	char path[PATHSZ], err[ERRSZ], conflicts[256];
	char *a, *b;

	write_file("empty.conf", "; nothing here\n\n# nor here\n", path);
	ck_assert_int_eq(config_load(path, &cfg, err, sizeof err), 0);
	check_defaults(&cfg);
	config_defaults(&def);
	ck_assert_int_eq(config_reload_conflicts(&def, &cfg, conflicts,
	    sizeof conflicts), 0);
	a = print_to_string(&def);
	b = print_to_string(&cfg);
	/* Everything after the first line (which names the file). */
	ck_assert_str_eq(strchr(a, '\n'), strchr(b, '\n'));
	free(a);
	free(b);
	config_free(&def);
	config_free(&cfg);
}
END_TEST

/* ---- good values: the effective value, as config_print shows it ---- */

static const struct {
	const char *pre;	/* the section header and any keys needed */
	const char *line;	/* the key line under test */
	const char *section;	/* where config_print shows it */
	const char *shown;	/* the line it prints */
} good[] = {
	{ "[region]\n", "code = 33", "region", "code = 33" },
	{ "[region]\n", "code = 3325", "region", "code = 3325" },
	{ "[region]\n", "code =", "region", "code =" },
	{ "[region]\n", "timezone = Asia/Makassar", "region",
	    "timezone = Asia/Makassar" },
	{ "[region]\n", "timezone = Asia/Jayapura", "region",
	    "timezone = Asia/Jayapura" },
	{ "[region]\n", "name = \"Kota Semarang\"", "region",
	    "name = Kota Semarang" },
	{ "[region]\n", "NAME = Kota Semarang", "region",
	    "name = Kota Semarang" },
	{ "[REGION]\n", "name = Kota Semarang", "region",
	    "name = Kota Semarang" },
	{ "[region]\n", "office = Dinas Kesehatan   ; the office", "region",
	    "office = Dinas Kesehatan" },
	{ "[region]\n", "name = \"  spaced  \"", "region",
	    "name = \"  spaced  \"" },
	{ "[database]\n", "conninfo = host=db.example dbname=rekon",
	    "database", "conninfo = host=db.example dbname=rekon" },
	{ "[budget]\n", "iuran_per_jiwa = 42000", "budget",
	    "iuran_per_jiwa = 42000" },
	{ "[budget]\n", "iuran_per_jiwa = 10000000", "budget",
	    "iuran_per_jiwa = 10000000" },
	{ "[budget]\n", "kuota.2026 = 0", "budget", "kuota.2026 = 0" },
	{ "[budget]\n", "KUOTA.2026-12 = 24000", "budget",
	    "kuota.2026-12 = 24000" },
	{ "[budget]\n", "anggaran.2026 = 1000000000000000", "budget",
	    "anggaran.2026 = 1000000000000000" },
	{ "[rules]\n", "non_dtks = TOLAK", "rules", "non_dtks = tolak" },
	{ "[rules]\n", "non_dtks = terima", "rules", "non_dtks = terima" },
	{ "[rules]\n", "berkas_wajib = KK,ktp , surat_sakit", "rules",
	    "berkas_wajib = kk, ktp, surat_sakit" },
	{ "[rules]\n", "berkas_wajib = rekomendasi, sktm", "rules",
	    "berkas_wajib = rekomendasi, sktm" },
	{ "[rules]\n", "sk_kecualikan = bukan_dtks, MENINGGAL", "rules",
	    "sk_kecualikan = BUKAN_DTKS, MENINGGAL" },
	{ "[rules]\n", "sk_kecualikan = MENINGGAL, SEGMEN_LAIN, "
	    "NIK_TIDAK_VALID, BUKAN_DTKS, DATA_BERBEDA, KEMUNGKINAN_GANDA, "
	    "TIDAK_DITETAPKAN", "rules", "sk_kecualikan = MENINGGAL, "
	    "SEGMEN_LAIN, NIK_TIDAK_VALID, BUKAN_DTKS, DATA_BERBEDA, "
	    "KEMUNGKINAN_GANDA, TIDAK_DITETAPKAN" },
	{ "[rules]\n", "sk_kecualikan =", "rules", "sk_kecualikan =" },
	{ "[rules]\n", "ambang_nama = 0", "rules", "ambang_nama = 0" },
	{ "[rules]\n", "ambang_nama = 1", "rules", "ambang_nama = 1" },
	{ "[rules]\n", "ambang_nama = 0.75", "rules", "ambang_nama = 0.75" },
	{ "[rules]\n", "antrian_bulan = 3", "rules", "antrian_bulan = 3" },
	{ "[rules]\n", "usul_nonaktif = segmen_lain, Meninggal", "rules",
	    "usul_nonaktif = SEGMEN_LAIN, MENINGGAL" },
	{ "[rules]\n", "usul_nonaktif = BUKAN_PENDUDUK, GANDA_ORANG, GANDA_NIK, "
	    "SEGMEN_LAIN, MENINGGAL", "rules", "usul_nonaktif = BUKAN_PENDUDUK, "
	    "GANDA_ORANG, GANDA_NIK, SEGMEN_LAIN, MENINGGAL" },
	{ "[rules]\n", "usul_nonaktif =", "rules", "usul_nonaktif =" },
	{ "[sk]\n", "tanggal = 21-11-2026", "sk", "tanggal = 21-11-2026" },
	{ "[sk]\n", "tanggal = 2026-11-21", "sk", "tanggal = 2026-11-21" },
	{ "[sk]\n", "tanggal = 29-02-2028", "sk", "tanggal = 29-02-2028" },
	{ "[sk]\n", "nip = 19700101 199503 1 001", "sk",
	    "nip = 19700101 199503 1 001" },
	{ "[sk]\n", "nip = 197001011995031001", "sk",
	    "nip = 197001011995031001" },
	{ "[sk]\n", "nomor = 440/123/2026", "sk", "nomor = 440/123/2026" },
	{ "[sk]\n", "paraf = sekdis", "sk", "paraf = sekdis" },
	{ "[sk]\n", "paraf = SEKDIS, Kabid", "sk", "paraf = sekdis, kabid" },
	{ "[sk]\n", "paraf =", "sk", "paraf =" },
	{ "[web]\n", "api_per_minute = 0", "web", "api_per_minute = 0" },
	{ "[report]\n", "paper = A4", "report", "paper = a4" },
	{ "[report]\n", "paper = f4", "report", "paper = f4" },
	{ "[web]\n", "threads = 4", "web", "threads = 4" },
	{ "[web]\n", "audit_months = 36", "web", "audit_months = 36" },
	{ "[sk]\n", "pangkat = Pembina Utama Muda (IV/c)", "sk",
	    "pangkat = Pembina Utama Muda (IV/c)" },
	{ "[schedule]\n", "fetch = 0 * * * *", "schedule",
	    "fetch = 0 * * * *" },
	{ "[schedule]\n", "usulan = 0 6 15-16 * MON-FRI", "schedule",
	    "usulan = 0 6 15-16 * MON-FRI" },
	{ "[schedule]\n", "catch_up = no", "schedule", "catch_up = no" },
	{ "[schedule]\n", "catch_up = FALSE", "schedule", "catch_up = no" },
	{ "[schedule]\n", "catch_up = 0", "schedule", "catch_up = no" },
	{ "[schedule]\n", "catch_up = 1", "schedule", "catch_up = yes" },
	{ "[schedule]\n", "catch_up = true", "schedule", "catch_up = yes" },
	{ "[limits]\n", "max_file_mb = 1", "limits", "max_file_mb = 1" },
	{ "[limits]\n", "max_file_mb = 1048576", "limits",
	    "max_file_mb = 1048576" },
	{ "[limits]\n", "max_field_bytes = 16", "limits",
	    "max_field_bytes = 16" },
	{ "[limits]\n", "max_field_bytes = 1073741824", "limits",
	    "max_field_bytes = 1073741824" },
	{ "[limits]\n", "retention_months = 1", "limits",
	    "retention_months = 1" },
	{ "[limits]\n", "max_columns = 100000", "limits",
	    "max_columns = 100000" },
	{ "[notify]\n", "webhook = https://hooks.example/rekon?x=1", "notify",
	    "webhook = https://hooks.example/rekon?x=1" },
	{ "[notify]\n", "webhook = http://127.0.0.1:8080/", "notify",
	    "webhook = http://127.0.0.1:8080/" },
	{ "[bpjs_api]\n", "max_per_minute = 6000", "bpjs_api",
	    "max_per_minute = 6000" },
	{ "[bpjs_api]\n", "timeout_seconds = 600", "bpjs_api",
	    "timeout_seconds = 600" },
	{ "[source.s]\nkind = dtks\n", "url = file:///srv/dtks/", "source.s",
	    "url = file:///srv/dtks/" },
	{ "[source.s]\nkind = dtks\n", "url = FTP://ftp.example/dtks/",
	    "source.s", "url = FTP://ftp.example/dtks/" },
	{ "[source.s]\nurl = https://a.example/x.csv\n", "kind = Kematian",
	    "source.s", "kind = kematian" },
	{ "[source.s]\nurl = https://a.example/x.csv\nkind = segmen\n",
	    "segmen = pbi_apbn", "source.s", "segmen = PBI_APBN" },
	{ "[source.s]\nurl = https://a.example/x.csv\nkind = segmen\n",
	    "label = PBI_APBD_PROV", "source.s", "label = PBI_APBD_PROV" },
	{ "[source.s]\nurl = https://a.example/x.csv\nkind = dtks\n",
	    "pattern = DTKS_*.xlsx", "source.s", "pattern = DTKS_*.xlsx" },
};

START_TEST(test_good_values)
{
	struct config cfg;
	char path[PATHSZ], err[ERRSZ], text[1024];
	char *printed;

	snprintf(text, sizeof text, "%s%s\n", good[_i].pre, good[_i].line);
	write_file("good.conf", text, path);
	ck_assert_msg(config_load(path, &cfg, err, sizeof err) == 0, "%s: %s",
	    good[_i].line, err);
	printed = print_to_string(&cfg);
	ck_assert_msg(section_has(printed, good[_i].section, good[_i].shown),
	    "[%s] \"%s\" not in:\n%s", good[_i].section, good[_i].shown,
	    printed);
	free(printed);
	config_free(&cfg);
}
END_TEST

/* The typed fields behind some of those. */
START_TEST(test_typed_values)
{
	struct config cfg;
	char path[PATHSZ], err[ERRSZ];

	write_file("typed.conf",
	    "[rules]\n"
	    "non_dtks = tolak\n"
	    "berkas_wajib = ktp, kk\n"
	    "ambang_nama = 0.75\n"
	    "[sk]\n"
	    "tanggal = 05-01-2026\n"
	    "[schedule]\n"
	    "catch_up = no\n"
	    "usulan = 0 6 16 * *\n",
	    path);
	ck_assert_int_eq(config_load(path, &cfg, err, sizeof err), 0);
	ck_assert_int_eq(cfg.rules.non_dtks, NON_DTKS_TOLAK);
	ck_assert_int_eq(cfg.rules.berkas_wajib.n, 2);
	ck_assert_str_eq(cfg.rules.berkas_wajib.item[0], "ktp");
	ck_assert_str_eq(cfg.rules.berkas_wajib.item[1], "kk");
	ck_assert_double_eq(cfg.rules.ambang_nama, 0.75);
	ck_assert_str_eq(cfg.sk.tanggal.text, "05-01-2026");
	ck_assert_int_eq(cfg.sk.tanggal.y, 2026);
	ck_assert_int_eq(cfg.sk.tanggal.m, 1);
	ck_assert_int_eq(cfg.sk.tanggal.d, 5);
	ck_assert_int_eq(cfg.schedule.catch_up, 0);
	ck_assert(cfg.schedule.usulan.cron.hour == 1u << 6);
	ck_assert(cfg.schedule.usulan.cron.dom == 1u << 16);
	config_free(&cfg);

	write_file("typed2.conf", "[sk]\ntanggal = 2026-12-31\n", path);
	ck_assert_int_eq(config_load(path, &cfg, err, sizeof err), 0);
	ck_assert_int_eq(cfg.sk.tanggal.y, 2026);
	ck_assert_int_eq(cfg.sk.tanggal.m, 12);
	ck_assert_int_eq(cfg.sk.tanggal.d, 31);
	config_free(&cfg);
}
END_TEST

/* ---- bad values: one error, naming file, line and key, exactly ---- */

#define TZ_HINT " is not a time zone under /usr/share/zoneinfo (WIB is " \
	"Asia/Jakarta, WITA Asia/Makassar, WIT Asia/Jayapura)"
#define CODE_HINT " is not a region code (2 digits for a province, 4 for " \
	"a kabupaten or kota, e.g. 3325)"
#define WHOLE " is not a whole number; write digits only, without dots or " \
	"commas"
#define SK_REFUSED " cannot be listed: the SK already keeps one row per " \
	"participant (GANDA_NIK, GANDA_NOKA) and AKTIF rows only " \
	"(STATUS_TIDAK_AKTIF)"
#define SK_CODES "SEGMEN_LAIN, MENINGGAL, NIK_TIDAK_VALID, BUKAN_DTKS, " \
	"DATA_BERBEDA, KEMUNGKINAN_GANDA, GANDA_ORANG, BUKAN_PENDUDUK, " \
	"DATA_BEDA_DUKCAPIL, TIDAK_DITETAPKAN"
#define FIVE "minute hour day-of-month month day-of-week"
#define SRC_OK "[source.x]\nurl = https://a.example/x.csv\n"

static const struct {
	const char *pre;
	const char *line;
	const char *msg;	/* after "path:LINE: " */
} bad[] = {
	{ "[region]\n", "code = 332", "[region] code: \"332\"" CODE_HINT },
	{ "[region]\n", "code = 33a5", "[region] code: \"33a5\"" CODE_HINT },
	{ "[region]\n", "code = 332501", "[region] code: \"332501\""
	    CODE_HINT },
	{ "[region]\n", "timezone = Asia/Jakrta",
	    "[region] timezone: \"Asia/Jakrta\"" TZ_HINT },
	{ "[region]\n", "timezone = ../../etc/passwd",
	    "[region] timezone: \"../../etc/passwd\"" TZ_HINT },
	{ "[region]\n", "timezone = /etc/localtime",
	    "[region] timezone: \"/etc/localtime\"" TZ_HINT },
	{ "[region]\n", "timezone =", "[region] timezone: \"\"" TZ_HINT },
	{ "[region]\n", "timezone = WIB", "[region] timezone: \"WIB\""
	    TZ_HINT },
	{ "[paths]\n", "state_dir =", "[paths] state_dir: must not be empty" },
	{ "[budget]\n", "iuran_per_jiwa = 0",
	    "[budget] iuran_per_jiwa: \"0\" is out of range 1..10000000" },
	{ "[budget]\n", "iuran_per_jiwa = -5",
	    "[budget] iuran_per_jiwa: \"-5\" is out of range 1..10000000" },
	{ "[budget]\n", "iuran_per_jiwa = 37.800",
	    "[budget] iuran_per_jiwa: \"37.800\"" WHOLE },
	{ "[budget]\n", "iuran_per_jiwa = Rp 37800",
	    "[budget] iuran_per_jiwa: \"Rp 37800\"" WHOLE },
	{ "[budget]\n", "iuran_per_jiwa =",
	    "[budget] iuran_per_jiwa: \"\"" WHOLE },
	{ "[budget]\n", "kuota.2026 = -1",
	    "[budget] kuota.2026: \"-1\" is out of range 0..1000000000" },
	{ "[budget]\n", "kuota.2026-13 = 5",
	    "[budget] kuota.2026-13: 2026-13 is not a month (01-12)" },
	{ "[budget]\n", "kuota.2026-00 = 5",
	    "[budget] kuota.2026-00: 2026-00 is not a month (01-12)" },
	{ "[budget]\n", "kuota.26 = 5",
	    "[budget] kuota.26: expected kuota.YYYY or kuota.YYYY-MM" },
	{ "[budget]\n", "kuota.2026-1 = 5",
	    "[budget] kuota.2026-1: expected kuota.YYYY or kuota.YYYY-MM" },
	{ "[budget]\n", "kuota. = 5",
	    "[budget] kuota.: expected kuota.YYYY or kuota.YYYY-MM" },
	{ "[budget]\n", "iuran_per_jiwa.2026 = 40000",
	    "[budget] iuran_per_jiwa.2026: expected iuran_per_jiwa.YYYY-MM" },
	{ "[budget]\n", "iuran_per_jiwa.2026-07 = 0",
	    "[budget] iuran_per_jiwa.2026-07: \"0\" is out of range "
	    "1..10000000" },
	{ "[budget]\n", "anggaran.2026-01 = 5",
	    "[budget] anggaran.2026-01: expected anggaran.YYYY" },
	{ "[budget]\n", "anggaran.2026 = 11.340.000.000",
	    "[budget] anggaran.2026: \"11.340.000.000\"" WHOLE },
	{ "[budget]\n", "anggaran.2026 = 99999999999999999999",
	    "[budget] anggaran.2026: \"99999999999999999999\" is out of range "
	    "0..1000000000000000" },
	{ "[budget]\n", "quota.2026 = 3",
	    "[budget] quota.2026: unknown key (did you mean kuota.2026?)" },
	{ "[rules]\n", "non_dtks = skt",
	    "[rules] non_dtks: \"skt\" is not one of sktm, tolak, terima" },
	{ "[rules]\n", "non_dtks =",
	    "[rules] non_dtks: a value is required: one of sktm, tolak, "
	    "terima" },
	{ "[rules]\n", "berkas_wajib = kk, paspor",
	    "[rules] berkas_wajib: \"paspor\" is not one of kk, ktp, sktm, "
	    "rekomendasi, surat_sakit" },
	{ "[rules]\n", "berkas_wajib = kk, KK",
	    "[rules] berkas_wajib: \"KK\" is listed twice" },
	/* rules.md §10: the review zone lies below GANDA_PASTI, above 0. */
	{ "[rules]\n", "ganda_periksa = 0",
	    "[rules] ganda_periksa: must be above 0 (at 0 every candidate pair "
	    "would be listed)" },
	{ "[rules]\nganda_pasti = 0.6\n", "ganda_periksa = 0.7",
	    "[rules] ganda_periksa (0.7) is above ganda_pasti (0.6): the review "
	    "zone lies below GANDA_PASTI" },
	{ "[report]\n", "paper = letter",
	    "[report] paper: \"letter\" is not one of f4, a4" },
	{ "[web]\n", "threads = 65",
	    "[web] threads: \"65\" is out of range 0..64" },
	{ "[web]\n", "api_per_minute = -1",
	    "[web] api_per_minute: \"-1\" is out of range 0..1000000" },
	{ "[sk]\n", "paraf = kabid, kadis",
	    "[sk] paraf: \"kadis\" is not one of kabid, sekdis" },
	{ "[sk]\n", "paraf = kabid, kabid",
	    "[sk] paraf: \"kabid\" is listed twice" },
	{ "[rules]\n", "sk_kecualikan = GANDA_NIK",
	    "[rules] sk_kecualikan: \"GANDA_NIK\"" SK_REFUSED },
	{ "[rules]\n", "sk_kecualikan = ganda_noka",
	    "[rules] sk_kecualikan: \"ganda_noka\"" SK_REFUSED },
	{ "[rules]\n", "sk_kecualikan = MENINGGAL, STATUS_TIDAK_AKTIF, FOO, "
	    "meninggal", "[rules] sk_kecualikan: \"STATUS_TIDAK_AKTIF\""
	    SK_REFUSED "; \"FOO\" is not one of " SK_CODES "; \"meninggal\" "
	    "is listed twice" },
	{ "[rules]\n", "ambang_nama = 1.5",
	    "[rules] ambang_nama: \"1.5\" is out of range 0..1" },
	{ "[rules]\n", "antrian_bulan = 0",
	    "[rules] antrian_bulan: \"0\" is out of range 1..120" },
	{ "[rules]\n", "usul_nonaktif = MENINGGAL, DATA_BERBEDA, meninggal",
	    "[rules] usul_nonaktif: \"DATA_BERBEDA\" is not one of MENINGGAL, "
	    "SEGMEN_LAIN, GANDA_NIK, GANDA_ORANG, BUKAN_PENDUDUK; \"meninggal\" "
	    "is listed twice" },
	{ "[rules]\n", "ambang_nama = -0.1",
	    "[rules] ambang_nama: \"-0.1\" is out of range 0..1" },
	{ "[rules]\n", "ambang_nama = 0,5",
	    "[rules] ambang_nama: \"0,5\" is not a number; use a dot for "
	    "decimals (0.5)" },
	{ "[rules]\n", "ambang_nama = nan",
	    "[rules] ambang_nama: \"nan\" is not a number" },
	{ "[rules]\n", "ambang_nama =",
	    "[rules] ambang_nama: \"\" is not a number" },
	{ "[sk]\n", "tanggal = 31-02-2026",
	    "[sk] tanggal: \"31-02-2026\" is not a date (DD-MM-YYYY or "
	    "YYYY-MM-DD)" },
	{ "[sk]\n", "tanggal = 29-02-2026",
	    "[sk] tanggal: \"29-02-2026\" is not a date (DD-MM-YYYY or "
	    "YYYY-MM-DD)" },
	{ "[sk]\n", "tanggal = 2026/02/01",
	    "[sk] tanggal: \"2026/02/01\" is not a date (DD-MM-YYYY or "
	    "YYYY-MM-DD)" },
	{ "[sk]\n", "tanggal = 1-2-2026",
	    "[sk] tanggal: \"1-2-2026\" is not a date (DD-MM-YYYY or "
	    "YYYY-MM-DD)" },
	{ "[sk]\n", "nip = 1234",
	    "[sk] nip: \"1234\" is not a NIP (18 digits; spaces allowed)" },
	{ "[sk]\n", "nip = 19700101 199503 1 00a",
	    "[sk] nip: \"19700101 199503 1 00a\" is not a NIP (18 digits; "
	    "spaces allowed)" },
	{ "[sk]\n", "nip = 1970010119950310011",
	    "[sk] nip: \"1970010119950310011\" is not a NIP (18 digits; "
	    "spaces allowed)" },
	{ "[schedule]\n", "fetch = */0 * * * *",
	    "[schedule] fetch: \"*/0 * * * *\" is not a cron expression: "
	    "minute: step 0 is out of range 1-60" },
	{ "[schedule]\n", "usulan = 0 6 16 * * *",
	    "[schedule] usulan: \"0 6 16 * * *\" is not a cron expression: "
	    "6 fields; a cron expression has 5: " FIVE },
	{ "[schedule]\n", "rekonsiliasi = 0 2 0 * *",
	    "[schedule] rekonsiliasi: \"0 2 0 * *\" is not a cron expression: "
	    "day-of-month: 0 is out of range 1-31" },
	{ "[schedule]\n", "fetch = 60 * * * *",
	    "[schedule] fetch: \"60 * * * *\" is not a cron expression: "
	    "minute: 60 is out of range 0-59" },
	{ "[schedule]\n", "fetch =",
	    "[schedule] fetch: \"\" is not a cron expression: empty; a cron "
	    "expression has 5 fields: " FIVE },
	{ "[schedule]\n", "catch_up = maybe",
	    "[schedule] catch_up: \"maybe\" is not yes or no" },
	{ "[limits]\n", "max_file_mb = 0",
	    "[limits] max_file_mb: \"0\" is out of range 1..1048576" },
	{ "[limits]\n", "max_file_mb = 1048577",
	    "[limits] max_file_mb: \"1048577\" is out of range 1..1048576" },
	{ "[limits]\n", "max_file_mb = 2 GB",
	    "[limits] max_file_mb: \"2 GB\"" WHOLE },
	{ "[limits]\n", "max_field_bytes = 15",
	    "[limits] max_field_bytes: \"15\" is out of range 16..1073741824" },
	{ "[limits]\n", "retention_months = -1",
	    "[limits] retention_months: \"-1\" is out of range 0..1200" },
	{ "[limits]\n", "max_columns = 100001",
	    "[limits] max_columns: \"100001\" is out of range 1..100000" },
	{ "[notify]\n", "webhook = ftp://hooks.example/",
	    "[notify] webhook: \"ftp://hooks.example/\" is not an http:// or "
	    "https:// URL" },
	{ "[notify]\n", "webhook = https://",
	    "[notify] webhook: \"https://\" is not an http:// or https:// "
	    "URL" },
	{ "[notify]\n", "webhook = hooks.example/rekon",
	    "[notify] webhook: \"hooks.example/rekon\" is not an http:// or "
	    "https:// URL" },
	{ "[notify]\n", "webhook = https://hooks.example/a b",
	    "[notify] webhook: \"https://hooks.example/a b\" is not an "
	    "http:// or https:// URL" },
	{ "[bpjs_api]\n", "base_url = apijkn.bpjs-kesehatan.go.id",
	    "[bpjs_api] base_url: \"apijkn.bpjs-kesehatan.go.id\" is not an "
	    "http:// or https:// URL" },
	{ "[bpjs_api]\n", "max_per_minute = 0",
	    "[bpjs_api] max_per_minute: \"0\" is out of range 1..6000" },
	{ "[bpjs_api]\n", "timeout_seconds = 0",
	    "[bpjs_api] timeout_seconds: \"0\" is out of range 1..600" },
	{ "[source.x]\nkind = dtks\n", "url = gopher://a.example/",
	    "[source.x] url: \"gopher://a.example/\" is not a supported URL "
	    "(https://, http://, sftp://, ftp:// or file:///path)" },
	{ "[source.x]\nkind = dtks\n", "url = file://srv/dtks",
	    "[source.x] url: \"file://srv/dtks\" is not a supported URL "
	    "(https://, http://, sftp://, ftp:// or file:///path)" },
	{ "[source.x]\nkind = dtks\n", "url = sftp:///outbox/",
	    "[source.x] url: \"sftp:///outbox/\" is not a supported URL "
	    "(https://, http://, sftp://, ftp:// or file:///path)" },
	{ "[source.x]\nkind = dtks\n", "url = /srv/dtks.csv",
	    "[source.x] url: \"/srv/dtks.csv\" is not a supported URL "
	    "(https://, http://, sftp://, ftp:// or file:///path)" },
	{ "[source.x]\nkind = dtks\n", "url =",
	    "[source.x] url: a URL is required" },
	{ SRC_OK, "kind = pdf",
	    "[source.x] kind: \"pdf\" is not one of dtks, usulan, feedback, "
	    "peserta, segmen, kematian, kependudukan, keputusan" },
	{ SRC_OK, "kind =",
	    "[source.x] kind: a value is required: one of dtks, usulan, "
	    "feedback, peserta, segmen, kematian, kependudukan, keputusan" },
	{ SRC_OK "kind = dtks\n", "pattern = in/*.csv",
	    "[source.x] pattern: \"in/*.csv\" is not a file name pattern "
	    "(e.g. peserta-*.csv; no \"/\")" },
	{ SRC_OK "kind = dtks\n", "pattern =",
	    "[source.x] pattern: \"\" is not a file name pattern "
	    "(e.g. peserta-*.csv; no \"/\")" },
	{ SRC_OK "kind = segmen\n", "segmen = PBI_APBX",
	    "[source.x] segmen: \"PBI_APBX\" is not one of PBPU_PEMDA, "
	    "PBI_APBN, PPU, PBPU_MANDIRI, BP, LAINNYA" },
	{ SRC_OK "kind = segmen\n", "label = PBI APBD",
	    "[source.x] label: \"PBI APBD\" may hold only letters, digits, - "
	    "and _" },
	{ SRC_OK "kind = peserta\n", "segmen = PBI_APBN",
	    "[source.x] segmen: only for kind = segmen" },
	{ SRC_OK "kind = peserta\n", "label = APBN",
	    "[source.x] label: only for kind = segmen" },
	{ SRC_OK "kind = peserta\n", "passwd_file = /etc/rekon/secret/sftp",
	    "[source.x] passwd_file: unknown key (did you mean "
	    "password_file?)" },
};

START_TEST(test_bad_values)
{
	struct config cfg;
	char path[PATHSZ], err[ERRSZ], text[1024], want[2048];
	int line = count_lines(bad[_i].pre);

	snprintf(text, sizeof text, "%s%s\n", bad[_i].pre, bad[_i].line);
	write_file("bad.conf", text, path);
	expect_line(want, sizeof want, path, line, bad[_i].msg);
	ck_assert_int_eq(config_load(path, &cfg, err, sizeof err), 1);
	ck_assert_str_eq(err, want);
	/* A failed load leaves nothing to free. */
	ck_assert_ptr_null(cfg.path);
	ck_assert_ptr_null(cfg.sources);
	ck_assert_ptr_null(cfg.region.name);
	config_free(&cfg);
}
END_TEST

/* ---- structure: sections, keys, lines ---- */

static const struct {
	const char *text;
	const char *errs;	/* "LINE: msg\n" ..., path prepended */
} structure[] = {
	{ "[region]\nname = A\nnmae = B\n",
	    "3: [region] nmae: unknown key (did you mean name?)\n" },
	{ "[limits]\nfoo = 1\n",
	    "2: [limits] foo: unknown key\n" },
	{ "[regoin]\nname = A\ncode = 1\n",
	    "1: [regoin]: unknown section (did you mean [region]?)\n" },
	{ "[foo]\n",
	    "1: [foo]: unknown section\n" },
	{ "[source]\nurl = https://a.example/\n",
	    "1: [source]: a source section needs a name: [source.NAME]\n" },
	{ "[source.a b]\nurl = x\n",
	    "1: [source.a b]: a source name may hold only letters, digits, - "
	    "and _ (up to 63)\n" },
	{ "[source.]\n",
	    "1: [source.]: a source name may hold only letters, digits, - "
	    "and _ (up to 63)\n" },
	{ "[rules]\nnon_dtks = sktm\nnon_dtks = tolak\n",
	    "3: [rules] non_dtks: set twice (first on line 2); remove one\n" },
	{ "[region]\nname = A\n[rules]\n[region]\nName = B\n",
	    "5: [region] name: set twice (first on line 2); remove one\n" },
	{ "[budget]\nkuota.2026 = 1\nkuota.2026 = 2\n",
	    "3: [budget] kuota.2026: set twice (first on line 2); remove one\n" },
	{ "[source.x]\nurl = https://a.example/\nkind = dtks\n"
	    "url = https://b.example/\n",
	    "4: [source.x] url: set twice (first on line 2); remove one\n" },
	{ "[region]\nname\n",
	    "2: expected \"key = value\", \"[section]\" or a comment\n" },
	{ "[region\nname = A\n[rules]\nnon_dtks = skt\n",
	    "1: section header has no closing \"]\"\n"
	    "4: [rules] non_dtks: \"skt\" is not one of sktm, tolak, terima\n" },
	{ "[region] x\nname = A\n",
	    "1: [region]: unexpected text after \"]\"\n" },
	{ "name = A\n",
	    "1: name: outside any [section]\n" },
	{ "[region]\n= A\n",
	    "2: a value without a key name\n" },
	{ "[source.x]\npattern = *.csv\n",
	    "1: [source.x] url: missing (every source needs url and kind)\n"
	    "1: [source.x] kind: missing (every source needs url and kind)\n" },
	{ "[bpjs_api]\nbase_url = https://apijkn.example/vclaim-rest\n"
	    "cons_id = 1234\n",
	    "2: [bpjs_api] secret_file: required when base_url is set\n"
	    "2: [bpjs_api] user_key_file: required when base_url is set\n" },
};

START_TEST(test_structure)
{
	struct config cfg;
	char path[PATHSZ], err[ERRSZ], want[4096], *w;
	const char *e, *nl;
	int n = 0;

	write_file("s.conf", structure[_i].text, path);
	/* Prefix each expected line with the path. */
	w = want;
	for (e = structure[_i].errs; *e != '\0'; e = nl + 1, n++) {
		nl = strchr(e, '\n');
		w += sprintf(w, "%s:%.*s", path, (int)(nl - e + 1), e);
	}
	ck_assert_int_eq(config_load(path, &cfg, err, sizeof err), n);
	ck_assert_str_eq(err, want);
	config_free(&cfg);
}
END_TEST

/* inih's buffer is 200 bytes: a longer key line is refused, whole. */
START_TEST(test_long_lines)
{
	struct config cfg;
	char path[PATHSZ], err[ERRSZ], text[2048], want[2 * PATHSZ + 256];
	char longv[301];

	memset(longv, 'x', 300);
	longv[300] = '\0';
	/* A long comment line is fine. */
	snprintf(text, sizeof text, "; %s\n[region]\n# %s\nname = A\n", longv,
	    longv);
	write_file("long.conf", text, path);
	ck_assert_int_eq(config_load(path, &cfg, err, sizeof err), 0);
	ck_assert_str_eq(cfg.region.name, "A");
	config_free(&cfg);

	/* 198 characters fit; 199 do not. */
	snprintf(text, sizeof text, "[region]\nname = %.191s\n", longv);
	write_file("long.conf", text, path);
	ck_assert_int_eq(config_load(path, &cfg, err, sizeof err), 0);
	ck_assert_uint_eq(strlen(cfg.region.name), 191);
	config_free(&cfg);

	snprintf(text, sizeof text, "[region]\nname = %.192s\ncode = 1\n",
	    longv);
	write_file("long.conf", text, path);
	ck_assert_int_eq(config_load(path, &cfg, err, sizeof err), 2);
	snprintf(want, sizeof want, "%s:2: line is too long (199 characters; "
	    "at most 198)\n%s:3: [region] code: \"1\"" CODE_HINT "\n", path,
	    path);
	ck_assert_str_eq(err, want);
}
END_TEST

/* Comments after values, CRLF, a BOM, indentation, quotes. */
START_TEST(test_lexical)
{
	struct config cfg;
	char path[PATHSZ], err[ERRSZ];

	write_file("lex.conf",
	    "\xEF\xBB\xBF[region]\r\n"
	    "  name = Kota Semarang   ; the city\r\n"
	    "\tcode = 3374\r\n"
	    "# a comment\r\n"
	    "   ; another\r\n"
	    "  [ sk ]   ; the decree\r\n"
	    "    jabatan = \"KEPALA DINAS\"\r\n"
	    "    nama = dr. A;B\r\n"
	    "    nomor =   \r\n"
	    "[paths]\n"
	    "state_dir = /srv/rekon ; inbox/, archive/ live here\n",
	    path);
	ck_assert_int_eq(config_load(path, &cfg, err, sizeof err), 0);
	ck_assert_str_eq(cfg.region.name, "Kota Semarang");
	ck_assert_str_eq(cfg.region.code, "3374");
	ck_assert_str_eq(cfg.sk.jabatan, "KEPALA DINAS");
	ck_assert_str_eq(cfg.sk.nama, "dr. A;B");	/* no blank before ; */
	ck_assert_str_eq(cfg.sk.nomor, "");
	ck_assert_str_eq(cfg.paths.state_dir, "/srv/rekon");
	config_free(&cfg);
}
END_TEST

/* Several errors are all reported, in line order, with their count. */
START_TEST(test_multiple_errors)
{
	struct config cfg;
	char path[PATHSZ], err[ERRSZ], want[4096];

	write_file("multi.conf",
	    "[source.dtks]\n"				/* 1 */
	    "url = https://dinsos.example/dtks.csv\n"	/* 2 */
	    "[region]\n"				/* 3 */
	    "code = 332\n"				/* 4 */
	    "[rules]\n"					/* 5 */
	    "non_dtks = skt\n"				/* 6 */
	    "ambang_nama = 2\n"				/* 7 */
	    "[limits]\n"				/* 8 */
	    "max_colums = 10\n",			/* 9 */
	    path);
	snprintf(want, sizeof want,
	    "%s:1: [source.dtks] kind: missing (every source needs url and "
	    "kind)\n"
	    "%s:4: [region] code: \"332\"" CODE_HINT "\n"
	    "%s:6: [rules] non_dtks: \"skt\" is not one of sktm, tolak, "
	    "terima\n"
	    "%s:7: [rules] ambang_nama: \"2\" is out of range 0..1\n"
	    "%s:9: [limits] max_colums: unknown key (did you mean "
	    "max_columns?)\n",
	    path, path, path, path, path);
	ck_assert_int_eq(config_load(path, &cfg, err, sizeof err), 5);
	ck_assert_str_eq(err, want);

	/* A short buffer holds whole lines only; the count stays. */
	char small[120];
	ck_assert_int_eq(config_load(path, &cfg, small, sizeof small), 5);
	ck_assert_ptr_nonnull(strchr(small, '\n'));
	ck_assert_int_eq(strncmp(small, want, strlen(small)), 0);
	ck_assert_int_eq(small[strlen(small) - 1], '\n');
	ck_assert_int_eq(config_load(path, &cfg, NULL, 0), 5);
}
END_TEST

START_TEST(test_unreadable)
{
	struct config cfg;
	char path[PATHSZ], err[ERRSZ], want[PATHSZ + 128];

	snprintf(path, sizeof path, "%s/missing.conf", tmpdir);
	ck_assert_int_eq(config_load(path, &cfg, err, sizeof err), 1);
	snprintf(want, sizeof want, "%s: cannot open: No such file or "
	    "directory\n", path);
	ck_assert_str_eq(err, want);
	ck_assert_ptr_null(cfg.path);

	ck_assert_int_eq(config_load(tmpdir, &cfg, err, sizeof err), 1);
	snprintf(want, sizeof want, "%s: cannot read: Is a directory\n",
	    tmpdir);
	ck_assert_str_eq(err, want);
}
END_TEST

/* ---- paths ---- */

START_TEST(test_paths)
{
	struct config cfg;
	char path[PATHSZ], err[ERRSZ], want[PATHSZ + 64], parent[PATHSZ];

	write_file("rekon.conf",
	    "[paths]\n"
	    "state_dir = state\n"
	    "inbox = ../in\n"
	    "outbox = /srv//out/./x/../\n"
	    "[bpjs_api]\n"
	    "secret_file = secret/bpjs\n"
	    "user_key_file = /etc/rekon/secret/user_key\n"
	    "[source.kc]\n"
	    "url = sftp://kc.example/out/\n"
	    "kind = peserta\n"
	    "password_file = ./secret/sftp\n"
	    "known_hosts = known_hosts\n",
	    path);
	ck_assert_int_eq(config_load(path, &cfg, err, sizeof err), 0);
	snprintf(want, sizeof want, "%s/state", tmpdir);
	ck_assert_str_eq(cfg.paths.state_dir, want);
	snprintf(parent, sizeof parent, "%s", tmpdir);
	*strrchr(parent, '/') = '\0';
	snprintf(want, sizeof want, "%s/in", parent);
	ck_assert_str_eq(cfg.paths.inbox, want);
	ck_assert_str_eq(cfg.paths.outbox, "/srv/out");
	snprintf(want, sizeof want, "%s/state/archive", tmpdir);
	ck_assert_str_eq(cfg.paths.archive, want);
	snprintf(want, sizeof want, "%s/state/rejected", tmpdir);
	ck_assert_str_eq(cfg.paths.rejected, want);
	snprintf(want, sizeof want, "%s/state/pg", tmpdir);
	ck_assert_str_eq(cfg.paths.pg, want);
	snprintf(want, sizeof want, "%s/secret/bpjs", tmpdir);
	ck_assert_str_eq(cfg.bpjs_api.secret_file, want);
	ck_assert_str_eq(cfg.bpjs_api.user_key_file,
	    "/etc/rekon/secret/user_key");
	snprintf(want, sizeof want, "%s/secret/sftp", tmpdir);
	ck_assert_str_eq(cfg.sources[0].password_file, want);
	snprintf(want, sizeof want, "%s/known_hosts", tmpdir);
	ck_assert_str_eq(cfg.sources[0].known_hosts, want);
	config_free(&cfg);

	/* An absolute state_dir, untidy; inbox/outbox derived from it. */
	write_file("rekon.conf", "[paths]\nstate_dir = /var/lib/rekon/./x//\n",
	    path);
	ck_assert_int_eq(config_load(path, &cfg, err, sizeof err), 0);
	ck_assert_str_eq(cfg.paths.state_dir, "/var/lib/rekon/x");
	ck_assert_str_eq(cfg.paths.inbox, "/var/lib/rekon/x/inbox");
	ck_assert_str_eq(cfg.paths.outbox, "/var/lib/rekon/x/outbox");
	ck_assert_str_eq(cfg.paths.archive, "/var/lib/rekon/x/archive");
	config_free(&cfg);

	write_file("rekon.conf", "[paths]\nstate_dir = /\n", path);
	ck_assert_int_eq(config_load(path, &cfg, err, sizeof err), 0);
	ck_assert_str_eq(cfg.paths.inbox, "/inbox");
	config_free(&cfg);

	/* A relative config path: relative to where the file is. */
	write_file("rekon.conf", "[paths]\nstate_dir = state\n", path);
	ck_assert_int_eq(chdir(tmpdir), 0);
	ck_assert_int_eq(config_load("rekon.conf", &cfg, err, sizeof err), 0);
	snprintf(want, sizeof want, "%s/state", tmpdir);
	ck_assert_str_eq(cfg.paths.state_dir, want);
	ck_assert_str_eq(cfg.path, "rekon.conf");
	config_free(&cfg);
}
END_TEST

/* ---- budget lookups ---- */

static const struct {
	const char *period;
	int has;
	long long kuota;
	long long iuran;
} budget[] = {
	{ "2026-01", 1, 25000, 37800 },
	{ "2026-03", 1, 24000, 37800 },		/* month over year */
	{ "2026-04", 1, 25000, 37800 },
	{ "2026-07", 1, 25000, 42000 },		/* iuran override */
	{ "2026-12", 1, 0, 42000 },		/* a zero quota is a quota */
	{ "2027-01", 0, 0, 37800 },		/* no kuota at all */
	{ "2025-12", 0, 0, 37800 },
	{ "2026-13", 0, 0, 37800 },		/* not a period */
	{ "2026", 0, 0, 37800 },
	{ "", 0, 0, 37800 },
};

START_TEST(test_budget)
{
	struct config cfg;
	char path[PATHSZ], err[ERRSZ];
	long long v = -7;

	write_file("b.conf",
	    "[budget]\n"
	    "iuran_per_jiwa = 37800\n"
	    "iuran_per_jiwa.2026-12 = 42000\n"
	    "kuota.2026-12 = 0\n"
	    "iuran_per_jiwa.2026-07 = 42000\n"
	    "kuota.2026 = 25000\n"
	    "kuota.2026-03 = 24000\n"
	    "anggaran.2026 = 11340000000\n"
	    "anggaran.2028 = 0\n",
	    path);
	ck_assert_int_eq(config_load(path, &cfg, err, sizeof err), 0);
	ck_assert_int_eq(config_kuota(&cfg, budget[_i].period, &v),
	    budget[_i].has);
	if (budget[_i].has)
		ck_assert_int_eq(v, budget[_i].kuota);
	else
		ck_assert_int_eq(v, -7);	/* untouched */
	ck_assert_int_eq(config_iuran(&cfg, budget[_i].period),
	    budget[_i].iuran);
	config_free(&cfg);
}
END_TEST

START_TEST(test_anggaran)
{
	struct config cfg;
	char path[PATHSZ], err[ERRSZ];
	long long v = -7;

	write_file("b.conf", "[budget]\nanggaran.2026 = 11340000000\n"
	    "anggaran.2028 = 0\n", path);
	ck_assert_int_eq(config_load(path, &cfg, err, sizeof err), 0);
	ck_assert_int_eq(config_anggaran(&cfg, 2026, &v), 1);
	ck_assert_int_eq(v, 11340000000LL);
	ck_assert_int_eq(config_anggaran(&cfg, 2028, &v), 1);
	ck_assert_int_eq(v, 0);
	v = -7;
	ck_assert_int_eq(config_anggaran(&cfg, 2027, &v), 0);
	ck_assert_int_eq(v, -7);
	config_free(&cfg);

	/* No file: no kuota, no anggaran, the default iuran. */
	config_defaults(&cfg);
	ck_assert_int_eq(config_kuota(&cfg, "2026-01", &v), 0);
	ck_assert_int_eq(config_anggaran(&cfg, 2026, &v), 0);
	ck_assert_int_eq(config_iuran(&cfg, "2026-01"), 37800);
	config_free(&cfg);
}
END_TEST

/* ---- sources ---- */

START_TEST(test_sources)
{
	struct config cfg;
	char path[PATHSZ], err[ERRSZ], want[PATHSZ + 64];
	const struct config_source *s;

	write_file("src.conf",
	    "[source.peserta-kc]\n"			/* 1 */
	    "url = sftp://files.bpjs-kc.example/outbox/\n"
	    "pattern = peserta-*.csv\n"
	    "kind = peserta\n"
	    "user = dinkes\n"
	    "password_file = secret/sftp\n"
	    "known_hosts = /etc/rekon/known_hosts\n"
	    "\n"
	    "[source.PBI_APBN]\n"			/* 9 */
	    "url = https://data.example/pbi-apbn.csv\n"
	    "kind = segmen\n"
	    "\n"
	    "[source.prov]\n"				/* 13 */
	    "url = file:///srv/prov/\n"
	    "kind = SEGMEN\n"
	    "segmen = pbpu_pemda\n"
	    "label = PBI_APBD_PROV\n",
	    path);
	ck_assert_int_eq(config_load(path, &cfg, err, sizeof err), 0);
	ck_assert_uint_eq(cfg.nsources, 3);

	s = &cfg.sources[0];
	ck_assert_str_eq(s->name, "peserta-kc");
	ck_assert_int_eq(s->line, 1);
	ck_assert_str_eq(s->url, "sftp://files.bpjs-kc.example/outbox/");
	ck_assert_str_eq(s->pattern, "peserta-*.csv");
	ck_assert_int_eq(s->kind, SOURCE_PESERTA);
	ck_assert_str_eq(s->user, "dinkes");
	snprintf(want, sizeof want, "%s/secret/sftp", tmpdir);
	ck_assert_str_eq(s->password_file, want);
	ck_assert_str_eq(s->known_hosts, "/etc/rekon/known_hosts");
	ck_assert_int_eq(s->segmen, -1);
	ck_assert_str_eq(s->label, "");

	s = &cfg.sources[1];
	ck_assert_str_eq(s->name, "PBI_APBN");
	ck_assert_int_eq(s->line, 9);
	ck_assert_str_eq(s->pattern, "*");
	ck_assert_int_eq(s->kind, SOURCE_SEGMEN);
	ck_assert_str_eq(config_segmen_names[s->segmen], "PBI_APBN");
	ck_assert_str_eq(s->label, "PBI_APBN");
	ck_assert_str_eq(s->user, "");
	ck_assert_str_eq(s->password_file, "");

	s = &cfg.sources[2];
	ck_assert_str_eq(s->name, "prov");
	ck_assert_int_eq(s->line, 13);
	ck_assert_str_eq(s->url, "file:///srv/prov/");
	ck_assert_str_eq(config_segmen_names[s->segmen], "PBPU_PEMDA");
	ck_assert_str_eq(s->label, "PBI_APBD_PROV");
	config_free(&cfg);
}
END_TEST

/* ---- config_print ---- */

START_TEST(test_print)
{
	struct config cfg, again;
	char path[PATHSZ], path2[PATHSZ], err[ERRSZ];
	char *printed, *printed2;

	write_file("p.conf",
	    "[budget]\n"
	    "kuota.2027 = 3\n"
	    "anggaran.2027 = 9\n"
	    "kuota.2026-02 = 2\n"
	    "kuota.2026 = 1\n"
	    "iuran_per_jiwa.2026-07 = 42000\n"
	    "anggaran.2026 = 5\n"
	    "[bpjs_api]\n"
	    "base_url = https://apijkn.example/vclaim-rest\n"
	    "cons_id = 1234\n"
	    "secret_file = /etc/rekon/secret/bpjs\n"
	    "user_key_file = /etc/rekon/secret/user_key\n"
	    "[source.apbn]\n"
	    "url = https://data.example/pbi-apbn.csv\n"
	    "kind = segmen\n",
	    path);
	ck_assert_int_eq(config_load(path, &cfg, err, sizeof err), 0);
	printed = print_to_string(&cfg);
	ck_assert_ptr_nonnull(strstr(printed,
	    "\n[budget]\n"
	    "; changes on reload (SIGHUP)\n"
	    "iuran_per_jiwa = 37800\n"
	    "; changes on reload (SIGHUP)\n"
	    "iuran_per_jiwa.2026-07 = 42000\n"
	    "; changes on reload (SIGHUP)\n"
	    "kuota.2026 = 1\n"
	    "; changes on reload (SIGHUP)\n"
	    "kuota.2026-02 = 2\n"
	    "; changes on reload (SIGHUP)\n"
	    "kuota.2027 = 3\n"
	    "; changes on reload (SIGHUP)\n"
	    "anggaran.2026 = 5\n"
	    "; changes on reload (SIGHUP)\n"
	    "anggaran.2027 = 9\n"
	    "\n[rules]\n"));
	ck_assert_ptr_nonnull(strstr(printed,
	    "\n[database]\n"
	    "; changes only on restart\n"
	    "conninfo =\n"
	    "\n[paths]\n"
	    "; changes only on restart\n"
	    "state_dir = /var/lib/rekon\n"
	    "; changes only on restart\n"
	    "inbox = /var/lib/rekon/inbox\n"
	    "; changes only on restart\n"
	    "outbox = /var/lib/rekon/outbox\n"
	    "; derived from state_dir:\n"
	    ";   archive = /var/lib/rekon/archive\n"
	    ";   rejected = /var/lib/rekon/rejected\n"
	    ";   pg = /var/lib/rekon/pg\n"
	    "\n[budget]\n"));
	/* Secret files by path. */
	ck_assert(section_has(printed, "bpjs_api",
	    "secret_file = /etc/rekon/secret/bpjs"));
	ck_assert(section_has(printed, "bpjs_api",
	    "user_key_file = /etc/rekon/secret/user_key"));
	ck_assert(section_has(printed, "source.apbn", "label = PBI_APBN"));
	ck_assert(section_has(printed, "source.apbn", "segmen = PBI_APBN"));
	/* Sources sit between [schedule] and [limits], as in the example. */
	ck_assert_ptr_nonnull(strstr(printed, "\n[schedule]\n"));
	ck_assert(strstr(printed, "\n[schedule]\n") <
	    strstr(printed, "\n[source.apbn]\n"));
	ck_assert(strstr(printed, "\n[source.apbn]\n") <
	    strstr(printed, "\n[limits]\n"));

	/* What it prints loads again, to the same values. */
	write_file("p2.conf", printed, path2);
	ck_assert_msg(config_load(path2, &again, err, sizeof err) == 0, "%s",
	    err);
	printed2 = print_to_string(&again);
	ck_assert_str_eq(strchr(printed, '\n'), strchr(printed2, '\n'));
	free(printed);
	free(printed2);
	config_free(&cfg);
	config_free(&again);
}
END_TEST

/* The spec example round-trips through config_print too. */
START_TEST(test_print_spec_roundtrip)
{
	struct config cfg, again;
	char path[PATHSZ], path2[PATHSZ], err[ERRSZ], head[PATHSZ + 64];
	char *a, *b;

	write_file("rekon.conf", spec_example, path);
	ck_assert_int_eq(config_load(path, &cfg, err, sizeof err), 0);
	a = print_to_string(&cfg);
	snprintf(head, sizeof head, "; rekon: effective configuration (%s)\n",
	    path);
	ck_assert_int_eq(strncmp(a, head, strlen(head)), 0);
	write_file("again.conf", a, path2);
	ck_assert_msg(config_load(path2, &again, err, sizeof err) == 0, "%s",
	    err);
	b = print_to_string(&again);
	ck_assert_str_eq(strchr(a, '\n'), strchr(b, '\n'));
	free(a);
	free(b);
	config_free(&cfg);
	config_free(&again);
}
END_TEST

/* ---- rekon.conf.example ---- */

/* The example at the repository root, found from this file's path; a
 * relative one is taken from where the tests started (the root, when
 * `make test` runs them). */
static void
example_path(char *out)
{
	const char *f = __FILE__, *t = strstr(f, "tests/unit/");
	int n = t != NULL ? (int)(t - f) : 0;

	if (f[0] == '/')
		snprintf(out, PATHSZ, "%.*srekon.conf.example", n, f);
	else
		snprintf(out, PATHSZ, "%s/%.*srekon.conf.example", startdir, n,
		    f);
}

static char *
read_all(const char *path)
{
	FILE *fp = fopen(path, "r");
	char *buf;
	long n;

	ck_assert_msg(fp != NULL, "%s: %s", path, strerror(errno));
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	rewind(fp);
	ck_assert_ptr_nonnull(buf = calloc(1, (size_t)n + 2));
	buf[0] = '\n';		/* so every line follows a newline */
	ck_assert_uint_eq(fread(buf + 1, 1, (size_t)n, fp), (size_t)n);
	fclose(fp);
	return buf;
}

START_TEST(test_example_loads)
{
	struct config cfg;
	char path[PATHSZ], err[ERRSZ];
	long long v;

	example_path(path);
	ck_assert_msg(config_load(path, &cfg, err, sizeof err) == 0, "%s", err);
	ck_assert_str_eq(cfg.region.name, "Kabupaten Batang");
	ck_assert_str_eq(cfg.paths.state_dir, "/var/lib/rekon");
	ck_assert_uint_eq(cfg.nsources, 0);
	ck_assert_int_eq(config_kuota(&cfg, "2026-12", &v), 1);
	ck_assert_int_eq(v, 25000);
	config_free(&cfg);
}
END_TEST

/* With every '#' setting switched on it still loads, and every key rekon
 * knows is in the example. */
START_TEST(test_example_complete)
{
	struct config cfg;
	char path[PATHSZ], on[PATHSZ], err[ERRSZ], want[256];
	char *text, *enabled, *printed, *line, *save = NULL, *eq;
	const char *src;
	size_t i = 0;
	long long v;

	example_path(path);
	text = read_all(path);
	ck_assert_ptr_nonnull(enabled = calloc(1, strlen(text) + 1));
	for (src = text + 1; *src != '\0'; src++) {
		if (*src == '#' && src[-1] == '\n')
			continue;
		enabled[i++] = *src;
	}
	write_file("enabled.conf", enabled, on);
	ck_assert_msg(config_load(on, &cfg, err, sizeof err) == 0, "%s", err);
	ck_assert_uint_eq(cfg.nsources, 2);
	ck_assert_int_eq(config_kuota(&cfg, "2026-12", &v), 1);
	ck_assert_int_eq(v, 24000);
	ck_assert_int_eq(config_iuran(&cfg, "2026-12"), 42000);

	printed = print_to_string(&cfg);
	for (line = strtok_r(printed, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		if (line[0] == ';' || line[0] == '[' ||
		    (eq = strstr(line, " =")) == NULL)
			continue;
		snprintf(want, sizeof want, "\n%.*s =", (int)(eq - line), line);
		if (strstr(text, want) != NULL)
			continue;
		snprintf(want, sizeof want, "\n#%.*s =", (int)(eq - line), line);
		ck_assert_msg(strstr(text, want) != NULL,
		    "key \"%.*s\" is not in rekon.conf.example",
		    (int)(eq - line), line);
	}
	free(printed);
	free(enabled);
	free(text);
	config_free(&cfg);
}
END_TEST

/* ---- reload ---- */

START_TEST(test_reload_conflicts)
{
	struct config old, new;
	char p1[PATHSZ], p2[PATHSZ], err[ERRSZ], buf[256], tiny[20];

	write_file("old.conf", spec_example, p1);
	ck_assert_int_eq(config_load(p1, &old, err, sizeof err), 0);

	/* Restart-only keys changed. */
	write_file("new.conf",
	    "[database]\nconninfo = host=db.example dbname=rekon\n"
	    "[paths]\nstate_dir = /srv/rekon\n"
	    "[region]\ntimezone = Asia/Makassar\n", p2);
	ck_assert_int_eq(config_load(p2, &new, err, sizeof err), 0);
	ck_assert_int_eq(config_reload_conflicts(&old, &new, buf, sizeof buf),
	    4);
	ck_assert_str_eq(buf, "database.conninfo, paths.state_dir, "
	    "paths.inbox, paths.outbox");
	ck_assert_int_eq(config_reload_conflicts(&old, &new, tiny,
	    sizeof tiny), 4);
	ck_assert_str_eq(tiny, "database.conninfo, ");
	config_free(&new);

	/* Only the outbox moved. */
	write_file("new.conf", "[paths]\noutbox = /srv/outbox\n", p2);
	ck_assert_int_eq(config_load(p2, &new, err, sizeof err), 0);
	ck_assert_int_eq(config_reload_conflicts(&old, &new, buf, sizeof buf),
	    1);
	ck_assert_str_eq(buf, "paths.outbox");
	config_free(&new);

	/* Reloadable keys changed: timezone, budget, rules, schedule,
	 * sources; and inbox spelled out as its derived value. */
	write_file("new.conf",
	    "[region]\ntimezone = Asia/Jayapura\nname = Kota Batang\n"
	    "[paths]\nstate_dir = /var/lib/rekon/\n"
	    "inbox = /var/lib/rekon/inbox\n"
	    "[budget]\nkuota.2026 = 26000\n"
	    "[rules]\nnon_dtks = tolak\n"
	    "[schedule]\nfetch = 0 * * * *\n", p2);
	ck_assert_int_eq(config_load(p2, &new, err, sizeof err), 0);
	ck_assert_int_eq(config_reload_conflicts(&old, &new, buf, sizeof buf),
	    0);
	ck_assert_str_eq(buf, "");
	config_free(&new);

	/* The same file twice. */
	ck_assert_int_eq(config_load(p1, &new, err, sizeof err), 0);
	ck_assert_int_eq(config_reload_conflicts(&old, &new, buf, sizeof buf),
	    0);
	config_free(&new);
	config_free(&old);
}
END_TEST

/* ---- secret files ---- */

static const struct {
	mode_t mode;
	const char *why;	/* NULL: accepted; else after the path */
} secrets[] = {
	{ 0600, NULL },
	{ 0400, NULL },
	{ 0700, NULL },
	{ 0644, " is readable by others (mode 0644); chmod 600 it" },
	{ 0640, " is readable by others (mode 0640); chmod 600 it" },
	{ 0604, " is readable by others (mode 0604); chmod 600 it" },
	{ 0620, " is writable by others (mode 0620); chmod 600 it" },
	{ 0602, " is writable by others (mode 0602); chmod 600 it" },
	{ 0666, " is readable by others (mode 0666); chmod 600 it" },
};

START_TEST(test_secret_file)
{
	char path[PATHSZ], err[PATHSZ + 128] = "", want[PATHSZ + 128];

	write_file("secret", "s3cret\n", path);
	ck_assert_int_eq(chmod(path, secrets[_i].mode), 0);
	if (secrets[_i].why == NULL) {
		ck_assert_int_eq(config_check_secret_file(path, err,
		    sizeof err), 0);
		return;
	}
	snprintf(want, sizeof want, "secret file %s%s", path,
	    secrets[_i].why);
	ck_assert_int_eq(config_check_secret_file(path, err, sizeof err), -1);
	ck_assert_str_eq(err, want);
}
END_TEST

START_TEST(test_secret_file_missing)
{
	char path[PATHSZ], err[PATHSZ + 128], want[PATHSZ + 128];

	snprintf(path, sizeof path, "%s/none", tmpdir);
	ck_assert_int_eq(config_check_secret_file(path, err, sizeof err), -1);
	snprintf(want, sizeof want, "secret file %s: No such file or "
	    "directory", path);
	ck_assert_str_eq(err, want);

	ck_assert_int_eq(config_check_secret_file(tmpdir, err, sizeof err),
	    -1);
	snprintf(want, sizeof want, "secret file %s is not a regular file",
	    tmpdir);
	ck_assert_str_eq(err, want);
}
END_TEST

/* ---- where the file comes from ---- */

START_TEST(test_default_path)
{
	char path[PATHSZ];
	int etc = access(CONFIG_ETC_PATH, F_OK) == 0;

	ck_assert_int_eq(chdir(tmpdir), 0);
	if (etc) {
		ck_assert_str_eq(config_default_path(), CONFIG_ETC_PATH);
		return;
	}
	ck_assert_ptr_null(config_default_path());
	write_file("rekon.conf", "", path);
	ck_assert_str_eq(config_default_path(), "./rekon.conf");
}
END_TEST

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

static Suite *
config_suite(void)
{
	Suite *s = suite_create("config");
	TCase *tc;

	tc = tcase_create("load");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_spec_example);
	tcase_add_test(tc, test_defaults);
	tcase_add_test(tc, test_empty_file_is_defaults);
	tcase_add_test(tc, test_typed_values);
	tcase_add_test(tc, test_long_lines);
	tcase_add_test(tc, test_lexical);
	tcase_add_test(tc, test_multiple_errors);
	tcase_add_test(tc, test_unreadable);
	tcase_add_test(tc, test_paths);
	tcase_add_test(tc, test_sources);
	tcase_add_test(tc, test_default_path);
	suite_add_tcase(s, tc);

	tc = tcase_create("values");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, test_good_values, 0, N(good));
	tcase_add_loop_test(tc, test_bad_values, 0, N(bad));
	tcase_add_loop_test(tc, test_structure, 0, N(structure));
	suite_add_tcase(s, tc);

	tc = tcase_create("budget");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, test_budget, 0, N(budget));
	tcase_add_test(tc, test_anggaran);
	suite_add_tcase(s, tc);

	tc = tcase_create("print-reload");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_print);
	tcase_add_test(tc, test_print_spec_roundtrip);
	tcase_add_test(tc, test_reload_conflicts);
	tcase_add_test(tc, test_example_loads);
	tcase_add_test(tc, test_example_complete);
	suite_add_tcase(s, tc);

	tc = tcase_create("secrets");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, test_secret_file, 0, N(secrets));
	tcase_add_test(tc, test_secret_file_missing);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(config_suite());
	int failed;

	if (getcwd(startdir, sizeof startdir) == NULL) {
		perror("getcwd");
		return EXIT_FAILURE;
	}
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
