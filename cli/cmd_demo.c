/*
 * cmd_demo.c — `rekon demo [--scale N] [--dir DIR]` (operations.md "Two
 * commands on a fresh machine"; `make demo` calls it): a synthetic
 * region's three months on the embedded PostgreSQL, every job, the figures
 * and the files written.
 *
 * The steps, each the command a user would type, run in this process:
 *
 *   gen        rekon gen --out DIR/data --scale N --seed 1 --period 2026-11
 *              (2026-10, 2026-11 and 2026-12)
 *   config     DIR/rekon.conf: the region, state_dir, a year's budget, and
 *              the settings gen's figures assume (gen-konfig.conf: each
 *              month's quota, berkas_wajib, antrian_bulan)
 *   db init    the embedded cluster created and started
 *   rusak      the broken files of rusak/ (each refused or partly
 *              imported, with its reason)
 *   each month the month's DTKS, segment lists (the PBI APBD province
 *              list under its label), deaths and proposals; usulan and
 *              usulan --final (the list sent to BPJS); then BPJS's answers
 *              and list; run all (usulan, rekonsiliasi, sk)
 *   users      the web front's demo users (loket, operator, admin; their
 *              passwords printed at the end: synthetic data only)
 *   batches    the import history
 *   Ringkasan  the last month's figures from its JSON summary
 *   files      every file of the outbox
 *   db stop
 *
 * Everything lives under DIR (default ./demo); a second run finds the files
 * already imported.  As root the server runs as 'postgres', which must be
 * able to reach the state directory: when it cannot reach DIR (a checkout
 * under /root), the database lives in /var/tmp/rekon-demo-state.
 */
#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <ftw.h>
#include <getopt.h>
#include <glob.h>
#include <jansson.h>
#include <limits.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "cli.h"
#include "i18n.h"
#include "log.h"
#include "users.h"
#include "util.h"

#define DEMO_PERIOD	"2026-11"	/* gen's P: the months are P-1..P+1 */
static const char *const demo_months[] = { "2026-10", "2026-11", "2026-12" };
#define DEMO_LAST	demo_months[2]
#define DEMO_ROOT_STATE	"/var/tmp/rekon-demo-state"

/* snprintf into a path buffer: 0, or -1 when it would not fit. */
static int __attribute__((format(printf, 3, 4)))
pathf(char *buf, size_t bufsz, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, bufsz, fmt, ap);
	va_end(ap);
	return n < 0 || (size_t)n >= bufsz ? -1 : 0;
}

/* Run `rekon ARGV...` in this process: its exit code. */
static int
demo_cmd(struct cli *cli, char **argv)
{
	const struct command *c;
	int argc;

	for (argc = 0; argv[argc] != NULL; argc++)
		;
	if ((c = cli_command(argv[0])) == NULL)
		return EX_SOFTWARE;
	cli->command = c;
	optind = 0;		/* glibc reinitialises getopt */
	fflush(stdout);
	return c->fn(cli, argc, argv);
}

/* 1 when user postgres exists and cannot reach dir (we are root). */
static int
postgres_cannot_reach(const char *dir)
{
	struct passwd *pw;
	pid_t pid;
	int st;

	if (geteuid() != 0 || (pw = getpwnam("postgres")) == NULL)
		return 0;
	if ((pid = fork()) == -1)
		return 0;
	if (pid == 0) {
		if (setgid(pw->pw_gid) == -1 || setuid(pw->pw_uid) == -1)
			_exit(2);
		_exit(access(dir, X_OK) == 0 ? 0 : 1);
	}
	while (waitpid(pid, &st, 0) == -1)
		if (errno != EINTR)
			return 0;
	return WIFEXITED(st) && WEXITSTATUS(st) == 1;
}

/*
 * DIR/rekon.conf: the region and the state folder, then gen-konfig.conf (the
 * settings gen's figures assume: each month's quota, the documents a
 * proposal needs, how long it may wait) with the year's budget added to its
 * [budget] section.
 */
static int
write_config(const char *path, const char *state, const char *data)
{
	char konfig[PATH_MAX], line[512];
	FILE *fp, *in;
	int bad;

	if (pathf(konfig, sizeof konfig, "%s/gen-konfig.conf", data) == -1 ||
	    (in = fopen(konfig, "r")) == NULL) {
		log_warn("%s", konfig);
		return -1;
	}
	if ((fp = fopen(path, "w")) == NULL) {
		log_warn("%s", path);
		fclose(in);
		return -1;
	}
	fprintf(fp, "; written by rekon demo\n"
	    "[region]\n"
	    "name = Kabupaten Contoh\n"
	    "office = Dinas Kesehatan Kabupaten Contoh\n"
	    "code = 3325\n"
	    "timezone = Asia/Jakarta\n\n"
	    "[paths]\n"
	    "state_dir = %s\n\n", state);
	while (fgets(line, sizeof line, in) != NULL) {
		fputs(line, fp);
		if (strcmp(line, "[budget]\n") == 0)
			fputs("anggaran.2026 = 2268000000\n", fp);
	}
	bad = ferror(in);
	fclose(in);
	if (fclose(fp) != 0 || bad) {
		log_warnx("%s: cannot write", path);
		return -1;
	}
	return 0;
}

/* Every file matching pattern imported as kind (a failure is the file's:
 * the demo goes on, as a clerk would). */
static void
import_glob(struct cli *cli, const char *kind, const char *pattern,
    int from_name)
{
	char kbuf[32], *argv[6];
	const char *base;
	glob_t g;
	size_t i;

	if (glob(pattern, 0, NULL, &g) != 0)
		return;
	for (i = 0; i < g.gl_pathc; i++) {
		base = strrchr(g.gl_pathv[i], '/');
		base = base != NULL ? base + 1 : g.gl_pathv[i];
		if (from_name) {	/* rusak/<kind>-...: the kind it claims */
			snprintf(kbuf, sizeof kbuf, "%.*s",
			    (int)strcspn(base, "-"), base);
			kind = kbuf;
		}
		argv[0] = "import";
		argv[1] = (char *)kind;
		argv[2] = g.gl_pathv[i];
		argv[3] = argv[4] = argv[5] = NULL;
		if (!from_name && strstr(base, "pbi-apbd-prov") != NULL) {
			argv[3] = "--label";
			argv[4] = "PBI_APBD_PROV";
		}
		(void)demo_cmd(cli, argv);
	}
	globfree(&g);
}

/* The kinds of P's files, in the order the month brings them: what the
 * proposals are judged on and the proposals (before usulan), then BPJS's
 * answers and its list (before rekonsiliasi). */
static const char *const kinds_before_usulan[] = {
	"dtks", "segmen", "kematian", "usulan", NULL
};
static const char *const kinds_after_usulan[] = { "feedback", "peserta", NULL };

static void
import_kinds(struct cli *cli, const char *data, const char *period,
    const char *const *kinds)
{
	char pattern[PATH_MAX];
	size_t k;

	for (k = 0; kinds[k] != NULL; k++)
		if (pathf(pattern, sizeof pattern, "%s/%s-*%s.csv", data,
		    kinds[k], period) == 0)
			import_glob(cli, kinds[k], pattern, 0);
}

/*
 * One month as the office lives it: the month's DTKS, segment lists, deaths
 * and proposals; usulan, and usulan --final when the list goes to BPJS;
 * then BPJS's answers and its participant list; then every job (run all).
 * The order matters: an answer counts for rules.md's R only when it came
 * after the list was sent, and TERLAMBAT_BPJS counts from the sending.
 */
static int
month(struct cli *cli, const char *data, const char *period)
{
	int rc;

	printf(_("== %s: proposals\n"), period);
	import_kinds(cli, data, period, kinds_before_usulan);
	if ((rc = demo_cmd(cli, (char *[]){ "usulan", "--period",
	    (char *)period, NULL })) != EX_OK)
		return rc;
	printf(_("== %s: the list sent to BPJS\n"), period);
	if ((rc = demo_cmd(cli, (char *[]){ "usulan", "--period",
	    (char *)period, "--final", NULL })) != EX_OK)
		return rc;
	printf(_("== %s: BPJS's answers and its list\n"), period);
	import_kinds(cli, data, period, kinds_after_usulan);
	printf(_("== %s: usulan, rekonsiliasi, sk\n"), period);
	return demo_cmd(cli, (char *[]){ "run", "all", "--period",
	    (char *)period, NULL });
}

/* 1234567 -> "1.234.567" (Indonesian thousands). */
static const char *
fmt_int(json_t *v, char *buf, size_t bufsz)
{
	char digits[32];
	size_t n, i, o = 0;
	long long x;

	if (!json_is_integer(v))
		return "-";
	x = json_integer_value(v);
	snprintf(digits, sizeof digits, "%lld", x < 0 ? -x : x);
	n = strlen(digits);
	if (x < 0 && o + 1 < bufsz)
		buf[o++] = '-';
	for (i = 0; i < n && o + 2 < bufsz; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			buf[o++] = '.';
		buf[o++] = digits[i];
	}
	buf[o] = '\0';
	return buf;
}

/* 98.25 -> "98,3 %". */
static const char *
fmt_pct(json_t *v, char *buf, size_t bufsz)
{
	char *dot;

	if (!json_is_number(v))
		return "-";
	snprintf(buf, bufsz, "%.1f %%", json_number_value(v));
	if ((dot = strchr(buf, '.')) != NULL)
		*dot = ',';
	return buf;
}

/* "KEY n, KEY n" of an object's counts (skip_zero: only those not 0). */
static void
print_counts(const char *label, json_t *obj, int skip_zero)
{
	const char *key, *sep = "";
	json_t *v;

	printf("  %-16s ", label);
	json_object_foreach(obj, key, v) {
		if (skip_zero && json_integer_value(v) == 0)
			continue;
		printf("%s%s %lld", sep, key, (long long)json_integer_value(v));
		sep = ", ";
	}
	printf("\n");
}

/* The month's figures, as a Kabid would read them first. */
static void
ringkasan(const char *outbox, const char *period)
{
	char path[PATH_MAX], a[64];
	json_error_t je;
	json_t *d;

	je.text[0] = '\0';
	if (pathf(path, sizeof path, "%s/%s/rekonsiliasi-%s.json", outbox,
	    period, period) == -1 || (d = json_load_file(path, 0, &je)) == NULL) {
		log_warnx("%s: %s", path, je.text);
		return;
	}
	printf("\n== Ringkasan %s\n", period);
	printf("  %-16s %s\n", "kuota", fmt_int(json_object_get(d, "kuota"), a, sizeof a));
	printf("  %-16s %s jiwa\n", "aktif", fmt_int(json_object_get(d, "aktif"), a, sizeof a));
	printf("  %-16s %s jiwa\n", "ditetapkan", fmt_int(json_object_get(d, "ditetapkan"), a, sizeof a));
	printf("  %-16s %s\n", "terpakai", fmt_pct(json_object_get(d, "terpakai_persen"), a, sizeof a));
	printf("  %-16s %s\n", "sisa", fmt_int(json_object_get(d, "sisa"), a, sizeof a));
	printf("  %-16s Rp %s\n", "iuran", fmt_int(json_object_get(d, "iuran"), a, sizeof a));
	printf("  %-16s Rp %s\n", "tagihan BPJS", fmt_int(json_object_get(d, "tagihan_bpjs"), a, sizeof a));
	printf("  %-16s Rp %s\n", "selisih tagihan", fmt_int(json_object_get(d, "selisih_tagihan"), a, sizeof a));
	printf("  %-16s %s\n", "serapan", fmt_pct(json_object_get(d, "serapan_persen"), a, sizeof a));
	print_counts("flag", json_object_get(d, "flag"), 1);
	print_counts("dikecualikan", json_object_get(d, "dikecualikan"), 0);
	print_counts("usulan", json_object_get(d, "usulan"), 0);
	print_counts("tindak lanjut", json_object_get(d, "tindak_lanjut"), 0);
	printf("  %-16s berhasil %lld, gagal %lld\n", "feedback",
	    (long long)json_integer_value(json_object_get(json_object_get(d,
	    "feedback"), "berhasil")),
	    (long long)json_integer_value(json_object_get(json_object_get(d,
	    "feedback"), "gagal")));
	print_counts("mutasi", json_object_get(d, "mutasi"), 0);
	printf("  %-16s %s\n", "baris ditolak", fmt_int(json_object_get(d, "ditolak"), a, sizeof a));
	json_decref(d);
}

/* The web front's users of the demo: names, roles and passwords that are
 * printed, fit for a synthetic region only. */
static const struct {
	const char	*name;
	int		 role;
	const char	*password;
	const char	*what;
} demo_users[] = {
	{ "loket", ROLE_LOKET, "loket-demo-2026", "the front desk's cek" },
	{ "operator", ROLE_OPERATOR, "operator-demo-2026", "uploads, runs,"
	    " every workbook" },
	{ "kabid", ROLE_KABID, "kabid-demo-2026", "the month; first paraf on"
	    " the SK" },
	{ "sekdis", ROLE_SEKDIS, "sekdis-demo-2026", "second paraf on the SK" },
	{ "kadis", ROLE_KADIS, "kadis-demo-2026", "approves the SK" },
	{ "admin", ROLE_ADMIN, "admin-demo-2026", "users and the audit log" },
};

static void
add_demo_users(struct cli *cli)
{
	char err[512], token[USERS_TOKEN_HEX];
	size_t i;

	if (session_connect(&cli->s) != EX_OK)
		return;
	for (i = 0; i < sizeof demo_users / sizeof demo_users[0]; i++)
		if (users_add(cli->s.conn, demo_users[i].name,
		    demo_users[i].role, NULL, demo_users[i].password, token,
		    err, sizeof err) == -1 && strstr(err, "exists") == NULL)
			log_warnx("demo: user %s: %s", demo_users[i].name, err);
	session_close(&cli->s);
}

static void
web_hint(const char *conf, const char *listen)
{
	size_t i;

	printf(_("\n== the web front\n"
	    "rekon -c %s web      (then open http://%s/ in a browser)\n"),
	    conf, listen);
	for (i = 0; i < sizeof demo_users / sizeof demo_users[0]; i++)
		printf("  user %-8s password %-18s (%s)\n", demo_users[i].name,
		    demo_users[i].password, demo_users[i].what);
	printf(_("rekon -c %s daemon   (carries out \"run now\" and the"
	    " approved SK)\n"), conf);
}

/* The outbox's files, sorted (nftw gives directory order). */
static char **files;
static size_t nfiles, files_cap;

static int
collect(const char *path, const struct stat *sb, int type, struct FTW *f)
{
	char **grown;

	(void)sb;
	(void)f;
	if (type != FTW_F)
		return 0;
	if (nfiles == files_cap) {
		files_cap = files_cap ? files_cap * 2 : 64;
		if ((grown = realloc(files, files_cap * sizeof *files)) == NULL)
			return -1;
		files = grown;
	}
	if ((files[nfiles] = strdup(path)) == NULL)
		return -1;
	nfiles++;
	return 0;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
list_files(const char *outbox)
{
	size_t i;

	printf(_("\n== files written\n"));
	if (nftw(outbox, collect, 16, FTW_PHYS) == -1)
		log_warn("%s", outbox);
	if (nfiles > 0)
		qsort(files, nfiles, sizeof *files, cmp_str);
	for (i = 0; i < nfiles; i++) {
		printf("%s\n", files[i]);
		free(files[i]);
	}
	free(files);
	files = NULL;
	nfiles = files_cap = 0;
}

int
cmd_demo(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "scale", required_argument, NULL, 's' },
		{ "dir", required_argument, NULL, 'd' },
		{ NULL, 0, NULL, 0 }
	};
	char dir[PATH_MAX], data[PATH_MAX], conf[PATH_MAX], state[PATH_MAX];
	char outbox[PATH_MAX], pattern[PATH_MAX], listen[128], *end;
	const char *scale = "1000", *where = "demo";
	size_t m;
	int ch, rc;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (ch == 's' && strtol(optarg, &end, 10) > 0 && *end == '\0')
			scale = optarg;
		else if (ch == 'd')
			where = optarg;
		else {
			command_usage(stderr, cli->command);
			return EX_USAGE;
		}
	}
	if (optind != argc) {
		command_usage(stderr, cli->command);
		return EX_USAGE;
	}
	if (util_mkdirs(where, 0755) == -1 || chmod(where, 0755) == -1 ||
	    realpath(where, dir) == NULL) {
		log_warn("%s", where);
		return EX_CANTCREAT;
	}
	if (pathf(data, sizeof data, "%s/data", dir) == -1 ||
	    pathf(conf, sizeof conf, "%s/rekon.conf", dir) == -1 ||
	    pathf(state, sizeof state, "%s/state", dir) == -1) {
		log_warnx("%s: the folder's name is too long", dir);
		return EX_CANTCREAT;
	}
	if (postgres_cannot_reach(dir)) {
		snprintf(state, sizeof state, "%s", DEMO_ROOT_STATE);
		printf(_("demo: postgres cannot reach %s; the database lives in %s\n"),
		    dir, state);
	}

	printf(_("== synthetic region (scale %s, three months)\n"), scale);
	if ((rc = demo_cmd(cli, (char *[]){ "gen", "--out", data, "--scale",
	    (char *)scale, "--seed", "1", "--period", DEMO_PERIOD, "--months",
	    "3", NULL })) != EX_OK)
		return rc;
	if (write_config(conf, state, data) == -1)
		return EX_CANTCREAT;
	cli->s.config_path = conf;

	printf(_("== embedded PostgreSQL\n"));
	if ((rc = demo_cmd(cli, (char *[]){ "db", "init", NULL })) != EX_OK)
		return rc;
	if (pathf(pattern, sizeof pattern, "%s/rusak/*.csv", data) == 0) {
		printf(_("== broken files (each refused or partly imported, with"
		    " its reason)\n"));
		import_glob(cli, NULL, pattern, 1);
	}
	for (m = 0; m < sizeof demo_months / sizeof demo_months[0]; m++)
		if ((rc = month(cli, data, demo_months[m])) != EX_OK)
			return rc;
	printf(_("== batches\n"));
	(void)demo_cmd(cli, (char *[]){ "batches", NULL });
	add_demo_users(cli);

	if ((rc = session_load_config(&cli->s)) != EX_OK)
		return rc;
	snprintf(outbox, sizeof outbox, "%s", cli->s.cfg.paths.outbox);
	snprintf(listen, sizeof listen, "%s", cli->s.cfg.web.listen);
	session_close(&cli->s);
	ringkasan(outbox, DEMO_LAST);
	list_files(outbox);
	fflush(stdout);
	(void)demo_cmd(cli, (char *[]){ "db", "stop", NULL });
	printf(_("\nThe database is in %s/pg; 'rekon -c %s db start' starts it"
	    " again.\n"), state, conf);
	web_hint(conf, listen);
	return EX_OK;
}
