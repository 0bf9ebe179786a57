/*
 * config.c — see config.h.
 *
 * Layout: the tables of sections and keys; value parsers and validators,
 * one per type or rule; the reader and handler that inih drives; the
 * checks that span keys; then the public functions.
 */
#include "config.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <ini.h>

#include "date.h"
#include "flags.h"
#include "log.h"
#include "period.h"
#include "util.h"
#include "i18n.h"

/* Upper bounds that keep iuran x kuota x 12 far from overflowing. */
#define IURAN_MAX	10000000LL		/* Rp 10 juta a person-month */
#define KUOTA_MAX	1000000000LL
#define ANGGARAN_MAX	1000000000000000LL	/* Rp 1.000 triliun */

#define WHY_MAX		512
#define KEY_MAX		64
#define SECTION_MAX	(KEY_MAX + 16)

const char *const config_non_dtks_names[] = {
	"sktm", "tolak", "terima", NULL
};
const char *const config_source_kinds[] = {
	"dtks", "usulan", "feedback", "peserta", "segmen", "kematian",
	"kependudukan", "keputusan", NULL
};
const char *const config_paper_names[] = { "f4", "a4", NULL };
const char *const config_segmen_names[] = {
	"PBPU_PEMDA", "PBI_APBN", "PPU", "PBPU_MANDIRI", "BP", "LAINNYA", NULL
};
/* The roles that may initial the SK before the kadis approves (web.md). */
static const char *const paraf_names[] = { "kabid", "sekdis", NULL };
static const char *const berkas_names[] = {
	"kk", "ktp", "sktm", "rekomendasi", "surat_sakit", NULL
};
/* rules.md §9: the codes that may put an AKTIF row of Bp on the Usul
 * Nonaktif list, in §9's order.  Not from flags.h: GANDA_ORANG and
 * BUKAN_PENDUDUK are accepted before every build flags rows with them (a
 * code no row carries lists no one), and GANDA_NIK here is §4's exclusion,
 * not the §3 flag. */
static const char *const usul_nonaktif_names[] = {
	"MENINGGAL", "SEGMEN_LAIN", "GANDA_NIK", "GANDA_ORANG", "BUKAN_PENDUDUK",
	NULL
};
/* rules.md §3 row flags an SK may exclude (§4), and those §4 does not
 * allow (the SK handles them by itself): from flags.h's table, filled by
 * flag_lists() before any key is read. */
static const char *sk_codes[16];
static const char *sk_codes_refused[16];

static void
flag_lists(void)
{
	if (sk_codes[0] != NULL)
		return;
	flags_list(FLAG_SK_ALLOWED, sk_codes, 16);
	flags_list(FLAG_SK_REFUSED, sk_codes_refused, 16);
}
#define SEGMEN_DEFAULT	1	/* PBI_APBN, as `rekon import --segmen` */

/* Sections in the order of the example file and of config_print. */
static const char *const sections[] = {
	"region", "database", "paths", "budget", "rules", "sk", "report", "schedule",
	"source", "limits", "notify", "web", "bpjs_api", NULL
};

enum ktype { K_STR, K_PATH, K_INT, K_NUM, K_BOOL, K_ENUM, K_LIST, K_CRON,
    K_DATE };

#define RESTART		0	/* only a restart may change the key */
#define RELOAD		1	/* SIGHUP may change it */
#define KF_REQUIRED	0x1	/* must be set (checked after the file) */
#define KF_EMPTY_OK	0x2	/* K_ENUM: empty means none (-1);
				   K_CRON: empty means no schedule */

/* A validator: 0, or -1 with the reason (after "[section] key: "). */
typedef int (*check_fn)(const char *v, char *why, size_t whysz);

struct keydef {
	const char *section;	/* "source": every [source.NAME] */
	const char *name;
	enum ktype type;
	size_t off;		/* into struct config or struct config_source */
	const char *def;	/* parsed like a file value; NULL: empty */
	int reload;		/* RELOAD or RESTART */
	int flags;
	long long min, max;	/* K_INT, K_NUM: inclusive range */
	const char *const *choices;	/* K_ENUM, K_LIST */
	check_fn check;		/* on the text; K_LIST: on each item */
};

static int check_region_code(const char *, char *, size_t);
static int check_timezone(const char *, char *, size_t);
static int check_nonempty(const char *, char *, size_t);
static int check_http_url(const char *, char *, size_t);
static int check_source_url(const char *, char *, size_t);
static int check_pattern(const char *, char *, size_t);
static int check_label(const char *, char *, size_t);
static int check_nip(const char *, char *, size_t);
static int check_sk_code(const char *, char *, size_t);
static int check_listen(const char *, char *, size_t);
static int check_ip(const char *, char *, size_t);

#define CFG(f)	offsetof(struct config, f)
#define SRC(f)	offsetof(struct config_source, f)
/* The columns every key has; rows add .min/.max, .choices, .check, .flags. */
#define KEY(sec, nm, ty, f, def_, rl) .section = sec, .name = nm, \
	.type = ty, .off = CFG(f), .def = def_, .reload = rl
#define SKEY(nm, ty, f, def_) .section = "source", .name = nm, \
	.type = ty, .off = SRC(f), .def = def_, .reload = RELOAD

/*
 * Every key but the sources' and [budget]'s NAME.YYYY ones.  Per row:
 * section, key, type, field, default (parsed like a file value, so it is
 * validated too), and whether SIGHUP may change it; then, as needed, the
 * range, the allowed names and a validator.
 */
static const struct keydef keys[] = {
	{ KEY("region", "name", K_STR, region.name, "", RELOAD) },
	{ KEY("region", "office", K_STR, region.office, "", RELOAD) },
	{ KEY("region", "code", K_STR, region.code, "", RELOAD),
	    .check = check_region_code },
	{ KEY("region", "timezone", K_STR, region.timezone, "Asia/Jakarta", RELOAD),
	    .check = check_timezone },

	{ KEY("database", "conninfo", K_STR, database.conninfo, "", RESTART) },

	{ KEY("paths", "state_dir", K_PATH, paths.state_dir, "/var/lib/rekon", RESTART),
	    .check = check_nonempty },
	{ KEY("paths", "inbox", K_PATH, paths.inbox, "", RESTART) },
	{ KEY("paths", "outbox", K_PATH, paths.outbox, "", RESTART) },

	{ KEY("budget", "iuran_per_jiwa", K_INT, budget.iuran_per_jiwa, "37800", RELOAD),
	    .min = 1, .max = IURAN_MAX },

	{ KEY("rules", "non_dtks", K_ENUM, rules.non_dtks, "sktm", RELOAD),
	    .choices = config_non_dtks_names },
	{ KEY("rules", "berkas_wajib", K_LIST, rules.berkas_wajib, "", RELOAD),
	    .choices = berkas_names },
	{ KEY("rules", "sk_kecualikan", K_LIST, rules.sk_kecualikan,
	    "SEGMEN_LAIN, MENINGGAL, GANDA_ORANG", RELOAD),
	    .choices = sk_codes, .check = check_sk_code },
	{ KEY("rules", "ambang_nama", K_NUM, rules.ambang_nama, "0.5", RELOAD),
	    .min = 0, .max = 1 },
	{ KEY("rules", "antrian_bulan", K_INT, rules.antrian_bulan, "6", RELOAD),
	    .min = 1, .max = 120 },
	{ KEY("rules", "usul_nonaktif", K_LIST, rules.usul_nonaktif,
	    "MENINGGAL, SEGMEN_LAIN", RELOAD), .choices = usul_nonaktif_names },
	{ KEY("rules", "ganda_pasti", K_NUM, rules.ganda_pasti, "0.95", RELOAD),
	    .min = 0, .max = 1 },
	{ KEY("rules", "ganda_periksa", K_NUM, rules.ganda_periksa, "0.5", RELOAD),
	    .min = 0, .max = 1 },

	{ KEY("sk", "nomor", K_STR, sk.nomor, "", RELOAD) },
	{ KEY("sk", "tanggal", K_DATE, sk.tanggal, "", RELOAD) },
	{ KEY("sk", "jabatan", K_STR, sk.jabatan, "KEPALA DINAS KESEHATAN", RELOAD) },
	{ KEY("sk", "nama", K_STR, sk.nama, "", RELOAD) },
	{ KEY("sk", "pangkat", K_STR, sk.pangkat, "", RELOAD) },
	{ KEY("sk", "nip", K_STR, sk.nip, "", RELOAD), .check = check_nip },
	{ KEY("sk", "paraf", K_LIST, sk.paraf, "kabid, sekdis", RELOAD),
	    .choices = paraf_names },

	{ KEY("report", "paper", K_ENUM, report.paper, "f4", RELOAD),
	    .choices = config_paper_names },

	{ KEY("schedule", "fetch", K_CRON, schedule.fetch, "*/30 * * * *", RELOAD) },
	{ KEY("schedule", "usulan", K_CRON, schedule.usulan, "0 6 16 * *", RELOAD) },
	{ KEY("schedule", "rekonsiliasi", K_CRON, schedule.rekonsiliasi, "0 2 21 * *", RELOAD) },
	{ KEY("schedule", "retensi", K_CRON, schedule.retention, "30 3 * * *", RELOAD),
	    .flags = KF_EMPTY_OK },
	{ KEY("schedule", "catch_up", K_BOOL, schedule.catch_up, "yes", RELOAD) },

	{ KEY("limits", "max_file_mb", K_INT, limits.max_file_mb, "2048", RELOAD),
	    .min = 1, .max = 1048576 },
	{ KEY("limits", "max_field_bytes", K_INT, limits.max_field_bytes, "65536", RELOAD),
	    .min = 16, .max = 1073741824 },
	{ KEY("limits", "retention_months", K_INT, limits.retention_months, "60", RELOAD),
	    .min = 0, .max = 1200 },	/* 0: keep forever */
	{ KEY("limits", "max_columns", K_INT, limits.max_columns, "512", RELOAD),
	    .min = 1, .max = 100000 },

	{ KEY("notify", "webhook", K_STR, notify.webhook, "", RELOAD),
	    .check = check_http_url },

	{ KEY("web", "listen", K_STR, web.listen, "127.0.0.1:8080", RESTART),
	    .check = check_listen },
	{ KEY("web", "trusted_proxy", K_STR, web.trusted_proxy, "", RESTART),
	    .check = check_ip },
	{ KEY("web", "tls_cert_file", K_PATH, web.tls_cert_file, "", RESTART) },
	{ KEY("web", "tls_key_file", K_PATH, web.tls_key_file, "", RESTART) },
	{ KEY("web", "audit_months", K_INT, web.audit_months, "24", RELOAD),
	    .min = 1, .max = 600 },
	{ KEY("web", "api_per_minute", K_INT, web.api_per_minute, "600", RESTART),
	    .min = 0, .max = 1000000 },	/* 0: no limit */
	{ KEY("web", "threads", K_INT, web.threads, "0", RESTART),
	    .min = 0, .max = 64 },	/* 0: the processors online */

	{ KEY("bpjs_api", "base_url", K_STR, bpjs_api.base_url, "", RELOAD),
	    .check = check_http_url },
	{ KEY("bpjs_api", "cons_id", K_STR, bpjs_api.cons_id, "", RELOAD) },
	{ KEY("bpjs_api", "secret_file", K_PATH, bpjs_api.secret_file, "", RELOAD) },
	{ KEY("bpjs_api", "user_key_file", K_PATH, bpjs_api.user_key_file, "", RELOAD) },
	{ KEY("bpjs_api", "max_per_minute", K_INT, bpjs_api.max_per_minute, "60", RELOAD),
	    .min = 1, .max = 6000 },
	{ KEY("bpjs_api", "timeout_seconds", K_INT, bpjs_api.timeout_seconds, "30", RELOAD),
	    .min = 1, .max = 600 },
	{ .name = NULL }
};

/* The keys of each [source.NAME]; all may change on reload. */
static const struct keydef source_keys[] = {
	{ SKEY("url",           K_STR,  url,           NULL),
	    .flags = KF_REQUIRED, .check = check_source_url },
	{ SKEY("pattern",       K_STR,  pattern,       "*"),
	    .check = check_pattern },
	{ SKEY("kind",          K_ENUM, kind,          NULL),
	    .flags = KF_REQUIRED, .choices = config_source_kinds },
	{ SKEY("user",          K_STR,  user,          "") },
	{ SKEY("password_file", K_PATH, password_file, "") },
	{ SKEY("known_hosts",   K_PATH, known_hosts,   "") },
	{ SKEY("label",         K_STR,  label,         ""),
	    .check = check_label },
	{ SKEY("segmen",        K_ENUM, segmen,        NULL),
	    .flags = KF_EMPTY_OK, .choices = config_segmen_names },
	{ .name = NULL }
};

/* [budget] NAME.YYYY / NAME.YYYY-MM keys. */
#define PAT_YEAR	0x1
#define PAT_MONTH	0x2

struct patterndef {
	const char *prefix;	/* with its dot */
	int forms;		/* PAT_YEAR | PAT_MONTH */
	size_t off;		/* a struct config_amounts */
	long long min, max;
};

static const struct patterndef patterns[] = {
	{ "iuran_per_jiwa.", PAT_MONTH, CFG(budget.iuran), 1, IURAN_MAX },
	{ "kuota.", PAT_YEAR | PAT_MONTH, CFG(budget.kuota), 0, KUOTA_MAX },
	{ "anggaran.", PAT_YEAR, CFG(budget.anggaran), 0, ANGGARAN_MAX },
	{ .prefix = NULL }
};

/* ---- small helpers ---- */

static char *
xstrdup(const char *s)
{
	char *d;

	if ((d = strdup(s)) == NULL)
		fatal("strdup");
	return d;
}

static void *
xreallocarray(void *p, size_t n, size_t size)
{
	if (size != 0 && n > SIZE_MAX / size)
		fatalx("config: allocation overflow");
	if ((p = realloc(p, n * size)) == NULL)
		fatal("realloc");
	return p;
}

static void
replace_str(char **dst, const char *s)
{
	free(*dst);
	*dst = xstrdup(s);
}

static char *
path_join(const char *a, const char *b)
{
	char *s;

	if (asprintf(&s, "%s/%s", a, b) == -1)
		fatal("asprintf");
	return s;
}

/* "a, b, c" from a NULL-terminated name array, for messages. */
static void
join_names(const char *const *names, char *buf, size_t sz)
{
	size_t len = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; names[i] != NULL && len < sz; i++)
		len += (size_t)snprintf(buf + len, sz - len, "%s%s",
		    i ? ", " : "", names[i]);
}

static int
name_index(const char *const *names, const char *v)
{
	int i;

	for (i = 0; names[i] != NULL; i++)
		if (strcasecmp(names[i], v) == 0)
			return i;
	return -1;
}

/* Levenshtein distance, for "did you mean"; long names are not compared. */
static int
edit_distance(const char *a, const char *b)
{
	int d[KEY_MAX + 1], i, j, prev, tmp, la = (int)strlen(a),
	    lb = (int)strlen(b);

	if (la > KEY_MAX || lb > KEY_MAX)
		return INT_MAX;
	for (j = 0; j <= lb; j++)
		d[j] = j;
	for (i = 1; i <= la; i++) {
		prev = d[0];
		d[0] = i;
		for (j = 1; j <= lb; j++) {
			tmp = d[j];
			d[j] = prev + (tolower((unsigned char)a[i - 1]) !=
			    tolower((unsigned char)b[j - 1]));
			if (d[j - 1] + 1 < d[j])
				d[j] = d[j - 1] + 1;
			if (tmp + 1 < d[j])
				d[j] = tmp + 1;
			prev = tmp;
		}
	}
	return d[lb];
}

/* Remember the closest candidate within two edits. */
static void
suggest(const char *wrong, const char *cand, const char **best, int *bestd)
{
	int d = edit_distance(wrong, cand);

	if (d <= 2 && d < *bestd) {
		*bestd = d;
		*best = cand;
	}
}

/* ---- validators ---- */

static int
check_region_code(const char *v, char *why, size_t sz)
{
	size_t n = strlen(v);

	if (n == 0 || (*v != '\0' && util_all_digits(v, strlen(v)) && (n == 2 || n == 4)))
		return 0;
	snprintf(why, sz, _("\"%s\" is not a region code (2 digits for a "
	    "province, 4 for a kabupaten or kota, e.g. 3325)"), v);
	return -1;
}

static int
check_timezone(const char *v, char *why, size_t sz)
{
	if (cron_tz_check(v) == 0)
		return 0;
	snprintf(why, sz, _("\"%s\" is not a time zone under %s (WIB is "
	    "Asia/Jakarta, WITA Asia/Makassar, WIT Asia/Jayapura)"), v,
	    CRON_TZDIR);
	return -1;
}

static int
check_nonempty(const char *v, char *why, size_t sz)
{
	if (*v != '\0')
		return 0;
	snprintf(why, sz, _("must not be empty"));
	return -1;
}

/* No blanks or control characters; a host (or, for file:, a path). */
static int
url_shape_ok(const char *v, const char *rest, int is_file)
{
	const char *p;

	for (p = v; *p != '\0'; p++)
		if (isspace((unsigned char)*p) || iscntrl((unsigned char)*p))
			return 0;
	return is_file ? *rest == '/' : *rest != '\0' && *rest != '/';
}

/* Length of the scheme prefix ("https://") when v has one of schemes. */
static size_t
url_scheme(const char *v, const char *const *schemes)
{
	size_t n;
	int i;

	for (i = 0; schemes[i] != NULL; i++) {
		n = strlen(schemes[i]);
		if (strncasecmp(v, schemes[i], n) == 0)
			return n;
	}
	return 0;
}

static int
check_http_url(const char *v, char *why, size_t sz)
{
	static const char *const http[] = { "https://", "http://", NULL };
	size_t n;

	if (*v == '\0')
		return 0;
	if ((n = url_scheme(v, http)) != 0 && url_shape_ok(v, v + n, 0))
		return 0;
	snprintf(why, sz, _("\"%s\" is not an http:// or https:// URL"), v);
	return -1;
}

static int
check_source_url(const char *v, char *why, size_t sz)
{
	static const char *const ok[] = { "https://", "http://", "sftp://",
	    "ftp://", "file://", NULL };
	size_t n;

	if (*v == '\0') {
		snprintf(why, sz, _("a URL is required"));
		return -1;
	}
	if ((n = url_scheme(v, ok)) != 0 &&
	    url_shape_ok(v, v + n, strncasecmp(v, "file://", 7) == 0))
		return 0;
	snprintf(why, sz, _("\"%s\" is not a supported URL (https://, http://, "
	    "sftp://, ftp:// or file:///path)"), v);
	return -1;
}

static int
check_pattern(const char *v, char *why, size_t sz)
{
	if (*v != '\0' && strchr(v, '/') == NULL)
		return 0;
	snprintf(why, sz, _("\"%s\" is not a file name pattern (e.g. "
	    "peserta-*.csv; no \"/\")"), v);
	return -1;
}

/* Letters, digits, - and _: names that end up in paths and the database. */
static int
plain_name(const char *v)
{
	for (; *v != '\0'; v++)
		if (!isalnum((unsigned char)*v) && *v != '-' && *v != '_')
			return 0;
	return 1;
}

static int
check_label(const char *v, char *why, size_t sz)
{
	if (plain_name(v))
		return 0;
	snprintf(why, sz, _("\"%s\" may hold only letters, digits, - and _"), v);
	return -1;
}

static int
check_nip(const char *v, char *why, size_t sz)
{
	int n = 0;
	const char *p;

	for (p = v; *p != '\0'; p++) {
		if (isdigit((unsigned char)*p))
			n++;
		else if (*p != ' ')
			break;
	}
	if (*p == '\0' && (n == 0 || n == 18))
		return 0;
	snprintf(why, sz, _("\"%s\" is not a NIP (18 digits; spaces allowed)"),
	    v);
	return -1;
}

/* [web] listen: HOST:PORT with a numeric address, or [V6]:PORT. */
static int
check_listen(const char *v, char *why, size_t sz)
{
	const char *colon = strrchr(v, ':'), *p;
	char host[64];
	unsigned char buf[sizeof(struct in6_addr)];
	long port;

	if (colon == NULL || colon == v || colon[1] == '\0')
		goto bad;
	for (p = colon + 1; *p != '\0'; p++)
		if (!isdigit((unsigned char)*p))
			goto bad;
	port = strtol(colon + 1, NULL, 10);
	if (port < 1 || port > 65535)
		goto bad;
	if (v[0] == '[') {
		if (colon[-1] != ']' || (size_t)(colon - v - 2) >= sizeof host)
			goto bad;
		snprintf(host, sizeof host, "%.*s", (int)(colon - v - 2), v + 1);
		if (inet_pton(AF_INET6, host, buf) == 1)
			return 0;
	} else if ((size_t)(colon - v) < sizeof host) {
		snprintf(host, sizeof host, "%.*s", (int)(colon - v), v);
		if (inet_pton(AF_INET, host, buf) == 1)
			return 0;
	}
bad:
	snprintf(why, sz, _("\"%s\" is not an address to listen on"
	    " (HOST:PORT with a numeric address, e.g. 127.0.0.1:8080)"), v);
	return -1;
}

/* [web] trusted_proxy: empty, or one numeric IPv4 or IPv6 address. */
static int
check_ip(const char *v, char *why, size_t sz)
{
	unsigned char buf[sizeof(struct in6_addr)];

	if (*v == '\0' || inet_pton(AF_INET, v, buf) == 1 ||
	    inet_pton(AF_INET6, v, buf) == 1)
		return 0;
	snprintf(why, sz, _("\"%s\" is not a numeric IP address"), v);
	return -1;
}

static int
check_sk_code(const char *v, char *why, size_t sz)
{
	if (name_index(sk_codes_refused, v) == -1)
		return 0;
	snprintf(why, sz, _("\"%s\" cannot be listed: the SK already keeps one "
	    "row per participant (GANDA_NIK, GANDA_NOKA) and AKTIF rows only "
	    "(STATUS_TIDAK_AKTIF)"), v);
	return -1;
}

/* ---- value parsers, one per type ---- */

static int
parse_ll(const char *v, long long *out)
{
	const char *p = *v == '-' ? v + 1 : v;
	char *end;

	if (!(*p != '\0' && util_all_digits(p, strlen(p))))
		return -1;
	errno = 0;
	*out = strtoll(v, &end, 10);
	return errno == ERANGE ? -2 : 0;
}

static int
set_int(const struct keydef *kd, long long *field, const char *v, char *why,
    size_t sz)
{
	long long n;
	int rc = parse_ll(v, &n);

	if (rc == -1) {
		snprintf(why, sz, _("\"%s\" is not a whole number; write digits "
		    "only, without dots or commas"), v);
		return -1;
	}
	if (rc == -2 || n < kd->min || n > kd->max) {
		snprintf(why, sz, _("\"%s\" is out of range %lld..%lld"), v,
		    kd->min, kd->max);
		return -1;
	}
	*field = n;
	return 0;
}

static int
set_num(const struct keydef *kd, double *field, const char *v, char *why,
    size_t sz)
{
	char *end;
	double d;

	errno = 0;
	d = strtod(v, &end);
	if (*v == '\0' || *end != '\0' || errno != 0 || !isfinite(d) ||
	    isspace((unsigned char)*v)) {
		snprintf(why, sz, _("\"%s\" is not a number%s"), v,
		    strchr(v, ',') ? _("; use a dot for decimals (0.5)") : "");
		return -1;
	}
	if (d < (double)kd->min || d > (double)kd->max) {
		snprintf(why, sz, _("\"%s\" is out of range %lld..%lld"), v,
		    kd->min, kd->max);
		return -1;
	}
	*field = d;
	return 0;
}

static int
set_bool(int *field, const char *v, char *why, size_t sz)
{
	static const char *const yes[] = { "yes", "true", "on", "1", "ya",
	    NULL };
	static const char *const no[] = { "no", "false", "off", "0", "tidak",
	    NULL };

	if (name_index(yes, v) != -1)
		*field = 1;
	else if (name_index(no, v) != -1)
		*field = 0;
	else {
		snprintf(why, sz, _("\"%s\" is not yes or no"), v);
		return -1;
	}
	return 0;
}

static int
set_enum(const struct keydef *kd, int *field, const char *v, char *why,
    size_t sz)
{
	char names[256];
	int i;

	join_names(kd->choices, names, sizeof names);
	if (*v == '\0' && (kd->flags & KF_EMPTY_OK)) {
		*field = -1;
		return 0;
	}
	if (*v == '\0') {
		snprintf(why, sz, _("a value is required: one of %s"), names);
		return -1;
	}
	if ((i = name_index(kd->choices, v)) == -1) {
		snprintf(why, sz, _("\"%s\" is not one of %s"), v, names);
		return -1;
	}
	*field = i;
	return 0;
}

static void
why_append(char *why, size_t sz, const char *msg)
{
	size_t len = strlen(why);

	snprintf(why + len, sz - len, "%s%s", len ? "; " : "", msg);
}

static char *
trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

/* Comma list: every bad item is reported, the list kept in order. */
static int
set_list(const struct keydef *kd, struct config_list *field, const char *v,
    char *why, size_t sz)
{
	struct config_list l = { 0 };
	char *copy = xstrdup(v), *item, *next, msg[WHY_MAX], names[256];
	int i, j;

	why[0] = '\0';
	join_names(kd->choices, names, sizeof names);
	for (item = copy; item != NULL; item = next) {
		if ((next = strchr(item, ',')) != NULL)
			*next++ = '\0';
		item = trim(item);
		if (*item == '\0')
			continue;
		if (kd->check != NULL && kd->check(item, msg, sizeof msg) == -1)
			why_append(why, sz, msg);
		else if ((i = name_index(kd->choices, item)) == -1) {
			snprintf(msg, sizeof msg, _("\"%s\" is not one of %s"),
			    item, names);
			why_append(why, sz, msg);
		} else {
			for (j = 0; j < l.n && l.item[j] != kd->choices[i]; j++)
				;
			if (j < l.n) {
				snprintf(msg, sizeof msg, _("\"%s\" is listed "
				    "twice"), item);
				why_append(why, sz, msg);
			} else if (l.n < CONFIG_LIST_MAX)
				l.item[l.n++] = kd->choices[i];
		}
	}
	free(copy);
	if (why[0] != '\0')
		return -1;
	*field = l;
	return 0;
}

static int
set_cron(struct config_schedule *field, const char *v, char *why, size_t sz)
{
	char msg[WHY_MAX];
	struct cron c;

	if (cron_parse(&c, v, msg, sizeof msg) == -1) {
		/* Bounded: a cron value fits on one config line anyway. */
		snprintf(why, sz, _("\"%.200s\" is not a cron expression: %.250s"),
		    v, msg);
		return -1;
	}
	replace_str(&field->expr, v);
	field->cron = c;
	return 0;
}

/* "n digits" at s, as a number; -1 when they are not all there. */
static int
digits_at(const char *s, int n)
{
	int v = 0, i;

	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* DD-MM-YYYY (as Indonesians write) or YYYY-MM-DD; a real date. */
static int
parse_date(const char *v, int *y, int *m, int *d)
{
	if (strlen(v) != 10)
		return -1;
	if (v[2] == '-' && v[5] == '-') {
		*d = digits_at(v, 2);
		*m = digits_at(v + 3, 2);
		*y = digits_at(v + 6, 4);
	} else if (v[4] == '-' && v[7] == '-') {
		*y = digits_at(v, 4);
		*m = digits_at(v + 5, 2);
		*d = digits_at(v + 8, 2);
	} else
		return -1;
	if (*y < 1900 || *m < 1 || *m > 12 || *d < 1 ||
	    *d > date_days_in_month(*y, *m))
		return -1;
	return 0;
}

static int
set_date(struct config_date *field, const char *v, char *why, size_t sz)
{
	int y = 0, m = 0, d = 0;

	if (*v != '\0' && parse_date(v, &y, &m, &d) == -1) {
		snprintf(why, sz, _("\"%s\" is not a date (DD-MM-YYYY or "
		    "YYYY-MM-DD)"), v);
		return -1;
	}
	replace_str(&field->text, v);
	field->y = y;
	field->m = m;
	field->d = d;
	return 0;
}

static void *
field_at(const struct keydef *kd, const void *base)
{
	return (char *)base + kd->off;
}

/* Parse v into kd's field of base; -1 with why when it is not valid. */
static int
value_set(const struct keydef *kd, void *base, const char *v, char *why,
    size_t sz)
{
	void *f = field_at(kd, base);

	if (kd->check != NULL && kd->type != K_LIST &&
	    kd->check(v, why, sz) == -1)
		return -1;
	switch (kd->type) {
	case K_STR:
	case K_PATH:
		replace_str(f, v);
		return 0;
	case K_INT:
		return set_int(kd, f, v, why, sz);
	case K_NUM:
		return set_num(kd, f, v, why, sz);
	case K_BOOL:
		return set_bool(f, v, why, sz);
	case K_ENUM:
		return set_enum(kd, f, v, why, sz);
	case K_LIST:
		return set_list(kd, f, v, why, sz);
	case K_CRON:
		if (*v == '\0' && (kd->flags & KF_EMPTY_OK)) {
			replace_str(&((struct config_schedule *)f)->expr, "");
			memset(&((struct config_schedule *)f)->cron, 0,
			    sizeof(struct cron));
			return 0;
		}
		return set_cron(f, v, why, sz);
	case K_DATE:
		return set_date(f, v, why, sz);
	}
	return -1;
}

/* The state of a key nobody set: empty strings, no enum value. */
static void
value_clear(const struct keydef *kd, void *base)
{
	void *f = field_at(kd, base);

	if (kd->type == K_STR || kd->type == K_PATH)
		replace_str(f, "");
	else if (kd->type == K_ENUM)
		*(int *)f = -1;
}

static void
defaults_apply(const struct keydef *table, void *base)
{
	char why[WHY_MAX];

	for (; table->name != NULL; table++) {
		value_clear(table, base);
		if (table->def != NULL &&
		    value_set(table, base, table->def, why, sizeof why) == -1)
			fatalx("config: default of %s: %s", table->name, why);
	}
}

static int
value_is_set(const struct keydef *kd, const void *base)
{
	const void *f = field_at(kd, base);

	if (kd->type == K_STR || kd->type == K_PATH)
		return **(char *const *)f != '\0';
	if (kd->type == K_ENUM)
		return *(const int *)f != -1;
	return 1;
}

static int
value_equal(const struct keydef *kd, const void *a, const void *b)
{
	const void *fa = field_at(kd, a), *fb = field_at(kd, b);

	switch (kd->type) {
	case K_STR:
	case K_PATH:
		return strcmp(*(char *const *)fa, *(char *const *)fb) == 0;
	case K_INT:
		return *(const long long *)fa == *(const long long *)fb;
	case K_NUM:
		return *(const double *)fa == *(const double *)fb;
	case K_BOOL:
	case K_ENUM:
		return *(const int *)fa == *(const int *)fb;
	case K_LIST:
		return memcmp(fa, fb, sizeof(struct config_list)) == 0;
	case K_CRON:
		return strcmp(((const struct config_schedule *)fa)->expr,
		    ((const struct config_schedule *)fb)->expr) == 0;
	case K_DATE:
		return strcmp(((const struct config_date *)fa)->text,
		    ((const struct config_date *)fb)->text) == 0;
	}
	return 0;
}

static void
value_free(const struct keydef *kd, void *base)
{
	void *f = field_at(kd, base);

	if (kd->type == K_STR || kd->type == K_PATH) {
		free(*(char **)f);
		*(char **)f = NULL;
	} else if (kd->type == K_CRON) {
		free(((struct config_schedule *)f)->expr);
		((struct config_schedule *)f)->expr = NULL;
	} else if (kd->type == K_DATE) {
		free(((struct config_date *)f)->text);
		((struct config_date *)f)->text = NULL;
	}
}

/* The value as a config file would hold it. */
static void
value_format(const struct keydef *kd, const void *base, char *buf,
    size_t sz)
{
	const void *f = field_at(kd, base);
	const struct config_list *l;
	const char *s = NULL;
	size_t len;
	int i;

	buf[0] = '\0';
	switch (kd->type) {
	case K_STR:
	case K_PATH:
		s = *(char *const *)f;
		break;
	case K_INT:
		snprintf(buf, sz, "%lld", *(const long long *)f);
		return;
	case K_NUM:
		snprintf(buf, sz, "%g", *(const double *)f);
		return;
	case K_BOOL:
		s = *(const int *)f ? "yes" : "no";
		break;
	case K_ENUM:
		i = *(const int *)f;
		s = i >= 0 ? kd->choices[i] : "";
		break;
	case K_LIST:
		l = f;
		for (i = 0, len = 0; i < l->n && len < sz; i++)
			len += (size_t)snprintf(buf + len, sz - len, "%s%s",
			    i ? ", " : "", l->item[i]);
		return;
	case K_CRON:
		s = ((const struct config_schedule *)f)->expr;
		break;
	case K_DATE:
		s = ((const struct config_date *)f)->text;
		break;
	}
	snprintf(buf, sz, "%s", s != NULL ? s : "");
}

static const struct keydef *
key_find(const struct keydef *table, const char *section, const char *name)
{
	for (; table->name != NULL; table++)
		if (strcmp(table->section, section) == 0 &&
		    strcmp(table->name, name) == 0)
			return table;
	return NULL;
}

/* ---- parsing: state, errors ---- */

struct seen {
	char *section;
	char *key;
	int line;
};

/* Errors are kept and sorted by line, as the checks after the file run
 * last but belong among the others. */
struct perr {
	int line;
	size_t seq;
	char *text;
};

enum sec_state {
	SEC_NONE,	/* before the first header */
	SEC_KNOWN,	/* one of sections[] */
	SEC_SOURCE,	/* [source.NAME] */
	SEC_BAD		/* reported already; its keys are skipped */
};

struct parser {
	struct config *cfg;
	const char *path;
	FILE *fp;
	char *line;
	size_t linecap;
	int lineno;
	int key_pending;	/* lineno is a key line inih should hand us */
	int key_handled;	/* and it did */
	enum sec_state sec;
	char section[SECTION_MAX];	/* "rules", "source.NAME" */
	size_t source;			/* cfg->sources index */
	struct seen *seen;
	size_t nseen;
	struct perr *err;
	size_t nerr;
};

static void
perr_line(struct parser *p, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Record one error: "path:line: message" (no line: "path: message"). */
static void
perr_line(struct parser *p, int line, const char *fmt, ...)
{
	char msg[1024];
	struct perr *e;
	va_list ap;
	int rc;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, _(fmt), ap);
	va_end(ap);
	p->err = xreallocarray(p->err, p->nerr + 1, sizeof *p->err);
	e = &p->err[p->nerr];
	e->line = line;
	e->seq = p->nerr++;
	if (line > 0)
		rc = asprintf(&e->text, "%s:%d: %s\n", p->path, line, msg);
	else
		rc = asprintf(&e->text, "%s: %s\n", p->path, msg);
	if (rc == -1)
		fatal("asprintf");
}

static int
perr_cmp(const void *a, const void *b)
{
	const struct perr *x = a, *y = b;

	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Sorted by line into buf; whole lines only when buf is short. */
static void
perr_flush(struct parser *p, char *buf, size_t sz)
{
	size_t i, len = 0, n;

	if (p->nerr == 0)	/* p->err may be NULL: qsort wants an array */
		return;
	qsort(p->err, p->nerr, sizeof *p->err, perr_cmp);
	for (i = 0; i < p->nerr; i++) {
		n = strlen(p->err[i].text);
		if (sz > 0 && len + n < sz) {
			memcpy(buf + len, p->err[i].text, n + 1);
			len += n;
		}
	}
}

static int
seen_line(const struct parser *p, const char *section, const char *key)
{
	size_t i;

	for (i = 0; i < p->nseen; i++)
		if (strcmp(p->seen[i].section, section) == 0 &&
		    strcmp(p->seen[i].key, key) == 0)
			return p->seen[i].line;
	return 0;
}

/* 1 when key was set before in this section (and report it). */
static int
seen_twice(struct parser *p, const char *key)
{
	int first = seen_line(p, p->section, key);

	if (first != 0) {
		perr_line(p, p->lineno, "[%s] %s: set twice (first on line "
		    "%d); remove one", p->section, key, first);
		return 1;
	}
	p->seen = xreallocarray(p->seen, p->nseen + 1, sizeof *p->seen);
	p->seen[p->nseen].section = xstrdup(p->section);
	p->seen[p->nseen].key = xstrdup(key);
	p->seen[p->nseen].line = p->lineno;
	p->nseen++;
	return 0;
}

/* ---- sections ---- */

static void
source_init(struct config_source *s, const char *name, int line)
{
	memset(s, 0, sizeof *s);
	defaults_apply(source_keys, s);
	s->name = xstrdup(name);
	s->line = line;
}

static void
source_begin(struct parser *p, const char *name)
{
	struct config *cfg = p->cfg;
	size_t i;

	if (*name == '\0' || !plain_name(name) || strlen(name) >= KEY_MAX) {
		perr_line(p, p->lineno, "[source.%s]: a source name may hold "
		    "only letters, digits, - and _ (up to %d)", name,
		    KEY_MAX - 1);
		p->sec = SEC_BAD;
		return;
	}
	for (i = 0; i < cfg->nsources; i++)
		if (strcmp(cfg->sources[i].name, name) == 0)
			break;
	if (i == cfg->nsources) {
		cfg->sources = xreallocarray(cfg->sources, i + 1,
		    sizeof *cfg->sources);
		source_init(&cfg->sources[i], name, p->lineno);
		cfg->nsources++;
	}
	p->source = i;
	p->sec = SEC_SOURCE;
	snprintf(p->section, sizeof p->section, "source.%s", name);
}

static void
section_unknown(struct parser *p, const char *name)
{
	const char *best = NULL;
	int bestd = INT_MAX, i;

	if (strcasecmp(name, "source") == 0) {
		perr_line(p, p->lineno, "[%s]: a source section needs a name: "
		    "[source.NAME]", name);
		return;
	}
	for (i = 0; sections[i] != NULL; i++)
		suggest(name, sections[i], &best, &bestd);
	if (best != NULL && strcmp(best, "source") != 0)
		perr_line(p, p->lineno, "[%s]: unknown section (did you mean "
		    "[%s]?)", name, best);
	else
		perr_line(p, p->lineno, "[%s]: unknown section", name);
}

/*
 * A "[name]" line.  inih 55 is built without a new-section callback, so
 * sections are followed here: that also catches empty and misspelt
 * sections, and keeps keys after a broken header out of the previous one.
 */
static void
section_begin(struct parser *p, char *s)
{
	char *end, *name, *rest;
	int i;

	if ((end = strchr(s, ']')) == NULL) {
		perr_line(p, p->lineno, "section header has no closing \"]\"");
		p->sec = SEC_BAD;
		return;
	}
	*end = '\0';
	rest = trim(end + 1);
	name = trim(s + 1);
	if (*rest != '\0' && *rest != ';' && *rest != '#') {
		perr_line(p, p->lineno, "[%s]: unexpected text after \"]\"",
		    name);
		p->sec = SEC_BAD;
		return;
	}
	if (strncasecmp(name, "source.", 7) == 0) {
		source_begin(p, name + 7);
		return;
	}
	for (i = 0; sections[i] != NULL; i++)
		if (strcasecmp(name, sections[i]) == 0 &&
		    strcmp(sections[i], "source") != 0)
			break;
	if (sections[i] == NULL) {
		section_unknown(p, name);
		p->sec = SEC_BAD;
		return;
	}
	p->sec = SEC_KNOWN;
	snprintf(p->section, sizeof p->section, "%s", sections[i]);
}

/* ---- keys ---- */

static void
key_apply(struct parser *p, const struct keydef *kd, void *base,
    const char *v)
{
	char why[WHY_MAX];

	if (value_set(kd, base, v, why, sizeof why) == -1)
		perr_line(p, p->lineno, "[%s] %s: %s", p->section, kd->name,
		    why);
}

static int
amount_find(const struct config_amounts *am, int year, int month)
{
	int i;

	for (i = 0; i < am->n; i++)
		if (am->a[i].year == year && am->a[i].month == month)
			return i;
	return -1;
}

/*
 * "YYYY" or "YYYY-MM", as forms allow; month 0 for a year.  -1 when the
 * shape is wrong, -2 when only the month is (2026-13).
 */
static int
parse_period(const char *s, int forms, int *year, int *month)
{
	size_t n = strlen(s);

	*month = 0;
	if (n == 4 && (forms & PAT_YEAR))
		*year = digits_at(s, 4);
	else if (n == 7 && (forms & PAT_MONTH) && s[4] == '-') {
		*year = digits_at(s, 4);
		*month = digits_at(s + 5, 2);
	} else
		return -1;
	if (*year < 1900 || *month < 0)
		return -1;
	return n == 7 && (*month < 1 || *month > 12) ? -2 : 0;
}

/* A [budget] pattern key; 0 when key matches no pattern prefix. */
static int
pattern_set(struct parser *p, const char *key, const char *v)
{
	const struct patterndef *pd;
	struct config_amounts *am;
	struct keydef kd = { .name = key, .type = K_INT };
	char why[WHY_MAX];
	long long n;
	int y, m, rc;

	for (pd = patterns; pd->prefix != NULL; pd++)
		if (strncmp(key, pd->prefix, strlen(pd->prefix)) == 0)
			break;
	if (pd->prefix == NULL)
		return 0;
	rc = parse_period(key + strlen(pd->prefix), pd->forms, &y, &m);
	if (rc == -1) {
		if (pd->forms == PAT_YEAR)
			perr_line(p, p->lineno, "[budget] %s: expected %sYYYY",
			    key, pd->prefix);
		else if (pd->forms == PAT_MONTH)
			perr_line(p, p->lineno, "[budget] %s: expected "
			    "%sYYYY-MM", key, pd->prefix);
		else
			perr_line(p, p->lineno, "[budget] %s: expected %sYYYY "
			    "or %sYYYY-MM", key, pd->prefix, pd->prefix);
		return 1;
	}
	if (rc == -2) {
		perr_line(p, p->lineno, "[budget] %s: %s is not a month (01-12)",
		    key, key + strlen(pd->prefix));
		return 1;
	}
	kd.min = pd->min;
	kd.max = pd->max;
	if (set_int(&kd, &n, v, why, sizeof why) == -1) {
		perr_line(p, p->lineno, "[budget] %s: %s", key, why);
		return 1;
	}
	am = (struct config_amounts *)((char *)p->cfg + pd->off);
	if (am->n == CONFIG_AMOUNTS_MAX) {
		perr_line(p, p->lineno, "[budget] %s: too many %s keys (at most "
		    "%d)", key, pd->prefix, CONFIG_AMOUNTS_MAX);
		return 1;
	}
	am->a[am->n++] = (struct config_amount){ y, m, n, p->lineno };
	return 1;
}

static void
key_unknown(struct parser *p, const struct keydef *table, const char *key)
{
	const struct patterndef *pd;
	const char *best = NULL, *dot;
	char cand[KEY_MAX * 2];
	int bestd = INT_MAX;

	for (; table->name != NULL; table++)
		if (strcmp(table->section, p->sec == SEC_SOURCE ? "source" :
		    p->section) == 0)
			suggest(key, table->name, &best, &bestd);
	/* "quota.2026" -> "kuota.2026": compare the part before the dot. */
	dot = strchr(key, '.');
	cand[0] = '\0';
	for (pd = patterns; dot != NULL && strcmp(p->section, "budget") == 0 &&
	    pd->prefix != NULL; pd++) {
		char pre[KEY_MAX];
		int d;

		snprintf(pre, sizeof pre, "%.*s", (int)(dot - key + 1), key);
		if ((d = edit_distance(pre, pd->prefix)) <= 2 && d < bestd) {
			bestd = d;
			snprintf(cand, sizeof cand, "%s%s", pd->prefix, dot + 1);
			best = cand;
		}
	}
	if (best != NULL)
		perr_line(p, p->lineno, "[%s] %s: unknown key (did you mean "
		    "%s?)", p->section, key, best);
	else
		perr_line(p, p->lineno, "[%s] %s: unknown key", p->section,
		    key);
}

/* Surrounding double quotes are removed, so a value may keep edge blanks. */
static void
unquote(const char *v, char *buf, size_t sz)
{
	size_t n = strlen(v);

	if (n >= 2 && v[0] == '"' && v[n - 1] == '"')
		snprintf(buf, sz, "%.*s", (int)(n - 2), v + 1);
	else
		snprintf(buf, sz, "%s", v);
}

/* inih's handler.  The section argument is ignored: see section_begin. */
static int
on_key(void *user, const char *section, const char *name, const char *value)
{
	struct parser *p = user;
	const struct keydef *kd;
	char key[KEY_MAX], v[CONFIG_LINE_MAX + 1];
	size_t i;

	(void)section;
	p->key_handled = 1;
	if (p->sec == SEC_BAD)
		return 1;
	for (i = 0; name[i] != '\0' && i < sizeof key - 1; i++)
		key[i] = (char)tolower((unsigned char)name[i]);
	key[i] = '\0';
	unquote(value, v, sizeof v);
	if (key[0] == '\0')
		perr_line(p, p->lineno, "a value without a key name");
	else if (p->sec == SEC_NONE)
		perr_line(p, p->lineno, "%s: outside any [section]", key);
	else if (seen_twice(p, key))
		;
	else if (p->sec == SEC_SOURCE) {
		if ((kd = key_find(source_keys, "source", key)) != NULL)
			key_apply(p, kd, &p->cfg->sources[p->source], v);
		else
			key_unknown(p, source_keys, key);
	} else if ((kd = key_find(keys, p->section, key)) != NULL)
		key_apply(p, kd, p->cfg, v);
	else if (strcmp(p->section, "budget") != 0 || !pattern_set(p, key, v))
		key_unknown(p, keys, key);
	return 1;
}

/* A key line inih did not hand to on_key had no '=' (or ':'). */
static void
line_done(struct parser *p)
{
	if (p->key_pending && !p->key_handled)
		perr_line(p, p->lineno, "expected \"key = value\", \"[section]\" "
		    "or a comment");
	p->key_pending = 0;
}

/*
 * inih's reader.  It counts lines (inih 55 does not pass them to the
 * handler), strips indentation so inih never joins lines as a multi-line
 * value, follows sections itself, refuses lines too long for inih's buffer
 * instead of letting inih split them, and hands inih only key lines.
 */
static char *
reader(char *str, int num, void *stream)
{
	struct parser *p = stream;
	ssize_t n;
	char *s;

	line_done(p);
	if ((n = getline(&p->line, &p->linecap, p->fp)) == -1)
		return NULL;
	p->lineno++;
	s = p->line;
	while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r'))
		s[--n] = '\0';
	if (p->lineno == 1 && strncmp(s, "\xEF\xBB\xBF", 3) == 0)
		s += 3;
	while (*s == ' ' || *s == '\t')
		s++;
	str[0] = '\0';
	if (*s == '\0' || *s == ';' || *s == '#')
		return str;
	if (*s == '[') {
		section_begin(p, s);
		return str;
	}
	if (strlen(s) > (size_t)num - 2) {
		perr_line(p, p->lineno, "line is too long (%zu characters; at "
		    "most %d)", strlen(s), num - 2);
		return str;
	}
	snprintf(str, (size_t)num, "%s\n", s);
	p->key_pending = 1;
	p->key_handled = 0;
	return str;
}

/* ---- after the file: checks across keys, paths, derived values ---- */

static void
sources_finish(struct parser *p)
{
	struct config_source *s;
	const struct keydef *kd;
	char sec[SECTION_MAX];
	size_t i;
	int line;

	for (i = 0; i < p->cfg->nsources; i++) {
		s = &p->cfg->sources[i];
		snprintf(sec, sizeof sec, "source.%s", s->name);
		for (kd = source_keys; kd->name != NULL; kd++)
			if ((kd->flags & KF_REQUIRED) &&
			    seen_line(p, sec, kd->name) == 0 &&
			    !value_is_set(kd, s))
				perr_line(p, s->line, "[%s] %s: missing (every "
				    "source needs url and kind)", sec,
				    kd->name);
		if (s->kind == SOURCE_SEGMEN) {
			if (s->segmen == -1)
				s->segmen = SEGMEN_DEFAULT;
			if (s->label[0] == '\0')
				replace_str(&s->label,
				    config_segmen_names[s->segmen]);
			continue;
		}
		if (s->kind == -1)
			continue;
		if (s->segmen != -1 &&
		    (line = seen_line(p, sec, "segmen")) != 0)
			perr_line(p, line, "[%s] segmen: only for kind = "
			    "segmen", sec);
		if (s->label[0] != '\0' &&
		    (line = seen_line(p, sec, "label")) != 0)
			perr_line(p, line, "[%s] label: only for kind = "
			    "segmen", sec);
	}
}

/* The VClaim client needs all three once a base_url is given. */
static void
bpjs_finish(struct parser *p)
{
	const struct config *cfg = p->cfg;
	const char *need[] = { "cons_id", "secret_file", "user_key_file" };
	const char *have[] = { cfg->bpjs_api.cons_id,
	    cfg->bpjs_api.secret_file, cfg->bpjs_api.user_key_file };
	int i, line;

	if (cfg->bpjs_api.base_url[0] == '\0')
		return;
	line = seen_line(p, "bpjs_api", "base_url");
	for (i = 0; i < 3; i++)
		if (have[i][0] == '\0')
			perr_line(p, line, "[bpjs_api] %s: required when "
			    "base_url is set", need[i]);
}

/* Clean a path lexically, as absolute: "/a//b/./c/../d/" -> "/a/b/d". */
static char *
path_clean(const char *in)
{
	char *out, *copy = xstrdup(in), *comp, *save = NULL;
	size_t len = 0;

	if ((out = malloc(strlen(in) + 2)) == NULL)
		fatal("malloc");
	out[0] = '\0';
	for (comp = strtok_r(copy, "/", &save); comp != NULL;
	    comp = strtok_r(NULL, "/", &save)) {
		if (strcmp(comp, ".") == 0)
			continue;
		if (strcmp(comp, "..") == 0) {
			while (len > 0 && out[--len] != '/')
				;
			out[len] = '\0';
			continue;
		}
		len += (size_t)sprintf(out + len, "/%s", comp);
	}
	if (len == 0)
		strcpy(out, "/");
	free(copy);
	return out;
}

/* The directory of the config file, absolute, for relative paths. */
static char *
config_dir(const char *path)
{
	char *copy = xstrdup(path), *slash, *dir, *abs, cwd[PATH_MAX];

	if ((slash = strrchr(copy, '/')) == NULL)
		strcpy(copy, ".");
	else if (slash == copy)
		slash[1] = '\0';
	else
		*slash = '\0';
	if ((dir = realpath(copy, NULL)) == NULL) {
		if (copy[0] == '/' || getcwd(cwd, sizeof cwd) == NULL)
			dir = xstrdup(copy);
		else
			dir = path_join(cwd, copy);
	}
	abs = path_clean(dir);
	free(dir);
	free(copy);
	return abs;
}

static void
path_resolve(char **field, const char *dir)
{
	char *joined, *clean;

	if ((*field)[0] == '\0')
		return;
	joined = (*field)[0] == '/' ? xstrdup(*field) : path_join(dir, *field);
	clean = path_clean(joined);
	free(joined);
	free(*field);
	*field = clean;
}

static void
paths_resolve(const struct keydef *table, void *base, const char *dir)
{
	for (; table->name != NULL; table++)
		if (table->type == K_PATH)
			path_resolve((char **)field_at(table, base), dir);
}

static void
path_derive(char **field, const char *state_dir, const char *name,
    int always)
{
	if (*field != NULL && (*field)[0] != '\0' && !always)
		return;
	free(*field);
	*field = path_join(state_dir, name);
}

static void
paths_derive(struct config *cfg)
{
	const char *sd = cfg->paths.state_dir;

	/* "/" as state_dir would give "//inbox"; join on the cleaned form. */
	path_derive(&cfg->paths.inbox, strcmp(sd, "/") ? sd : "", "inbox", 0);
	path_derive(&cfg->paths.outbox, strcmp(sd, "/") ? sd : "", "outbox", 0);
	path_derive(&cfg->paths.archive, strcmp(sd, "/") ? sd : "", "archive",
	    1);
	path_derive(&cfg->paths.rejected, strcmp(sd, "/") ? sd : "",
	    "rejected", 1);
	path_derive(&cfg->paths.pg, strcmp(sd, "/") ? sd : "", "pg", 1);
}

static int
amount_cmp(const void *a, const void *b)
{
	const struct config_amount *x = a, *y = b;

	if (x->year != y->year)
		return x->year < y->year ? -1 : 1;
	return x->month < y->month ? -1 : x->month > y->month;
}

static void
amounts_sort(struct config *cfg)
{
	qsort(cfg->budget.iuran.a, (size_t)cfg->budget.iuran.n,
	    sizeof(struct config_amount), amount_cmp);
	qsort(cfg->budget.kuota.a, (size_t)cfg->budget.kuota.n,
	    sizeof(struct config_amount), amount_cmp);
	qsort(cfg->budget.anggaran.a, (size_t)cfg->budget.anggaran.n,
	    sizeof(struct config_amount), amount_cmp);
}

static void
parser_free(struct parser *p)
{
	size_t i;

	for (i = 0; i < p->nseen; i++) {
		free(p->seen[i].section);
		free(p->seen[i].key);
	}
	free(p->seen);
	for (i = 0; i < p->nerr; i++)
		free(p->err[i].text);
	free(p->err);
	free(p->line);
}

/* ---- public ---- */

void
config_defaults(struct config *cfg)
{
	flag_lists();
	memset(cfg, 0, sizeof *cfg);
	defaults_apply(keys, cfg);
	paths_derive(cfg);
}

void
config_free(struct config *cfg)
{
	const struct keydef *kd;
	size_t i;

	for (kd = keys; kd->name != NULL; kd++)
		value_free(kd, cfg);
	for (i = 0; i < cfg->nsources; i++) {
		for (kd = source_keys; kd->name != NULL; kd++)
			value_free(kd, &cfg->sources[i]);
		free(cfg->sources[i].name);
	}
	free(cfg->sources);
	free(cfg->paths.archive);
	free(cfg->paths.rejected);
	free(cfg->paths.pg);
	free(cfg->path);
	memset(cfg, 0, sizeof *cfg);
}

/* rules.md §10: a pair is kept from ganda_periksa up and is GANDA_PASTI
 * from ganda_pasti up, so 0 < ganda_periksa <= ganda_pasti. */
static void
rules_finish(struct parser *p)
{
	const struct config *cfg = p->cfg;
	int line = seen_line(p, "rules", "ganda_periksa");

	if (line == 0)
		line = seen_line(p, "rules", "ganda_pasti");
	if (cfg->rules.ganda_periksa <= 0)
		perr_line(p, line, "[rules] ganda_periksa: must be above 0 (at 0"
		    " every candidate pair would be listed)");
	else if (cfg->rules.ganda_periksa > cfg->rules.ganda_pasti)
		perr_line(p, line, "[rules] ganda_periksa (%g) is above"
		    " ganda_pasti (%g): the review zone lies below GANDA_PASTI",
		    cfg->rules.ganda_periksa, cfg->rules.ganda_pasti);
}

int
config_load(const char *path, struct config *cfg, char *errbuf, size_t errsz)
{
	struct parser p;
	char *dir;
	size_t i;
	int nerr;

	flag_lists();
	if (errsz > 0)
		errbuf[0] = '\0';
	if (path == NULL) {
		config_defaults(cfg);
		return 0;
	}
	/* Derive paths only after the file: state_dir may change. */
	memset(cfg, 0, sizeof *cfg);
	defaults_apply(keys, cfg);
	memset(&p, 0, sizeof p);
	p.cfg = cfg;
	p.path = path;
	cfg->path = xstrdup(path);
	if ((p.fp = fopen(path, "r")) == NULL) {
		perr_line(&p, 0, "cannot open: %s", strerror(errno));
		goto done;
	}
	ini_parse_stream(reader, &p, on_key, &p);
	line_done(&p);
	if (ferror(p.fp))
		perr_line(&p, 0, "cannot read: %s", strerror(errno));
	fclose(p.fp);

	sources_finish(&p);
	bpjs_finish(&p);
	rules_finish(&p);
	dir = config_dir(path);
	paths_resolve(keys, cfg, dir);
	for (i = 0; i < cfg->nsources; i++)
		paths_resolve(source_keys, &cfg->sources[i], dir);
	free(dir);
	paths_derive(cfg);
	amounts_sort(cfg);
done:
	perr_flush(&p, errbuf, errsz);
	nerr = (int)p.nerr;
	parser_free(&p);
	if (nerr > 0)
		config_free(cfg);
	return nerr;
}

const char *
config_default_path(void)
{
	if (access(CONFIG_ETC_PATH, F_OK) == 0)
		return CONFIG_ETC_PATH;
	if (access(CONFIG_LOCAL_PATH, F_OK) == 0)
		return CONFIG_LOCAL_PATH;
	return NULL;
}

/* A value that inih would trim, or unquote, is written in quotes. */
static void
print_kv(FILE *fp, const char *key, const char *v, int reload)
{
	size_t n = strlen(v);
	int quote = n > 0 && (v[0] == '"' || isspace((unsigned char)v[0]) ||
	    isspace((unsigned char)v[n - 1]));

	fprintf(fp, "; %s\n", reload ? "changes on reload (SIGHUP)" :
	    "changes only on restart");
	if (quote)
		fprintf(fp, "%s = \"%s\"\n", key, v);
	else if (n == 0)
		fprintf(fp, "%s =\n", key);
	else
		fprintf(fp, "%s = %s\n", key, v);
}

static void
print_keys(FILE *fp, const struct keydef *table, const char *section,
    const void *base)
{
	char buf[1024];

	for (; table->name != NULL; table++) {
		if (strcmp(table->section, section) != 0)
			continue;
		value_format(table, base, buf, sizeof buf);
		print_kv(fp, table->name, buf, table->reload);
	}
}

static void
print_amounts(FILE *fp, const struct config *cfg)
{
	const struct patterndef *pd;
	const struct config_amounts *am;
	char key[KEY_MAX], v[32];
	int i;

	for (pd = patterns; pd->prefix != NULL; pd++) {
		am = (const struct config_amounts *)((const char *)cfg +
		    pd->off);
		for (i = 0; i < am->n; i++) {
			if (am->a[i].month != 0)
				snprintf(key, sizeof key, "%s%04d-%02d",
				    pd->prefix, am->a[i].year, am->a[i].month);
			else
				snprintf(key, sizeof key, "%s%04d", pd->prefix,
				    am->a[i].year);
			snprintf(v, sizeof v, "%lld", am->a[i].value);
			print_kv(fp, key, v, RELOAD);
		}
	}
}

void
config_print(FILE *fp, const struct config *cfg)
{
	size_t j;
	int i;

	fprintf(fp, "; rekon: effective configuration (%s)\n",
	    cfg->path != NULL ? cfg->path : "defaults, no file");
	for (i = 0; sections[i] != NULL; i++) {
		if (strcmp(sections[i], "source") == 0) {
			for (j = 0; j < cfg->nsources; j++) {
				fprintf(fp, "\n[source.%s]\n",
				    cfg->sources[j].name);
				print_keys(fp, source_keys, "source",
				    &cfg->sources[j]);
			}
			continue;
		}
		fprintf(fp, "\n[%s]\n", sections[i]);
		print_keys(fp, keys, sections[i], cfg);
		if (strcmp(sections[i], "budget") == 0)
			print_amounts(fp, cfg);
		if (strcmp(sections[i], "paths") == 0)
			fprintf(fp, "; derived from state_dir:\n"
			    ";   archive = %s\n;   rejected = %s\n"
			    ";   pg = %s\n", cfg->paths.archive,
			    cfg->paths.rejected, cfg->paths.pg);
	}
}

int
config_reload_conflicts(const struct config *old, const struct config *new,
    char *buf, size_t bufsz)
{
	const struct keydef *kd;
	size_t len = 0;
	int n = 0;

	if (bufsz > 0)
		buf[0] = '\0';
	for (kd = keys; kd->name != NULL; kd++) {
		if (kd->reload == RELOAD || value_equal(kd, old, new))
			continue;
		if (len < bufsz)
			len += (size_t)snprintf(buf + len, bufsz - len,
			    "%s%s.%s", n ? ", " : "", kd->section, kd->name);
		n++;
	}
	return n;
}

int
config_kuota(const struct config *cfg, const char *period, long long *out)
{
	int y, m, i;

	if (!period_parse(period, &y, &m))
		return 0;
	if ((i = amount_find(&cfg->budget.kuota, y, m)) == -1 &&
	    (i = amount_find(&cfg->budget.kuota, y, 0)) == -1)
		return 0;
	*out = cfg->budget.kuota.a[i].value;
	return 1;
}

long long
config_iuran(const struct config *cfg, const char *period)
{
	int y, m, i;

	if (period_parse(period, &y, &m) &&
	    (i = amount_find(&cfg->budget.iuran, y, m)) != -1)
		return cfg->budget.iuran.a[i].value;
	return cfg->budget.iuran_per_jiwa;
}

int
config_anggaran(const struct config *cfg, int year, long long *out)
{
	int i;

	if ((i = amount_find(&cfg->budget.anggaran, year, 0)) == -1)
		return 0;
	*out = cfg->budget.anggaran.a[i].value;
	return 1;
}

int
config_check_secret_file(const char *path, char *err, size_t errsz)
{
	struct stat st;
	unsigned mode;

	if (stat(path, &st) == -1) {
		snprintf(err, errsz, _("secret file %s: %s"), path,
		    strerror(errno));
		return -1;
	}
	mode = (unsigned)st.st_mode & 07777;
	if (!S_ISREG(st.st_mode)) {
		snprintf(err, errsz, _("secret file %s is not a regular file"),
		    path);
		return -1;
	}
	if (mode & (S_IRGRP | S_IROTH | S_IWGRP | S_IWOTH)) {
		snprintf(err, errsz, mode & (S_IRGRP | S_IROTH) ?
		    _("secret file %s is readable by others (mode %04o); chmod"
		    " 600 it") : _("secret file %s is writable by others (mode"
		    " %04o); chmod 600 it"), path, mode);
		return -1;
	}
	return 0;
}
