/*
 * test_pgembed.c — the embedded PostgreSQL for real: initdb, start, status,
 * stop in a temporary directory, plus the error paths (an unreachable
 * state_dir as root, a socket path too long, bad characters, conninfo
 * quoting).
 *
 * No server may outlive the test: the lifecycle test stops it, an atexit
 * handler stops it in whichever process exits (Check's forked child exits
 * through exit() when an assertion fails), the unchecked teardown stops it
 * in the parent (also after a timeout kills the child), a signal handler
 * stops it on SIGINT/SIGTERM/SIGHUP, and main() finally reaps the exited
 * servers (it is a child subreaper) and looks in /proc for any process still
 * using our data directory.
 */
#include "pgembed.h"
#include "log.h"

#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <libpq-fe.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static char		g_tmp[128];	/* mkdtemp, 0755 */
static char		g_state[PATH_MAX];	/* g_tmp/state */
static struct pgembed	g_pe;
static int		g_ready;		/* g_pe set up */

static void
stop_server(void)
{
	char err[2048];

	if (g_ready && pgembed_running(&g_pe) &&
	    pgembed_stop(&g_pe, err, sizeof err) == -1)
		fprintf(stderr, "test_pgembed: cleanup stop: %s\n", err);
}

static void
on_signal(int sig)
{
	stop_server();
	signal(sig, SIG_DFL);
	raise(sig);
}

static int
rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (flag == FTW_DP)
		return rmdir(path) == -1 ? -1 : 0;
	return unlink(path) == -1 ? -1 : 0;
}

/* Processes whose command line mentions path (a leftover server). */
static int
procs_using(const char *path)
{
	char file[300], buf[8192];
	struct dirent *de;
	size_t n, i;
	FILE *f;
	DIR *d;
	int found = 0;

	if ((d = opendir("/proc")) == NULL)
		return 0;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] < '1' || de->d_name[0] > '9')
			continue;
		snprintf(file, sizeof file, "/proc/%s/cmdline", de->d_name);
		if ((f = fopen(file, "r")) == NULL)
			continue;
		n = fread(buf, 1, sizeof buf - 1, f);
		fclose(f);
		for (i = 0; i < n; i++)
			if (buf[i] == '\0')
				buf[i] = ' ';
		buf[n] = '\0';
		if (strstr(buf, path) != NULL) {
			fprintf(stderr, "test_pgembed: left behind: pid %s: %s\n",
			    de->d_name, buf);
			found++;
		}
	}
	closedir(d);
	return found;
}

/*
 * We are a child subreaper (see main), so the servers pg_ctl daemonized
 * become our children once pg_ctl exits; reap the ones that have exited, so
 * no <defunct> postgres lingers for a `pgrep -x postgres` after the test
 * (however slowly PID 1 reaps). A server still alive keeps running: it is
 * found and reported by procs_using().
 */
static void
reap_orphans(void)
{
	struct timespec ts = { 0, 50 * 1000 * 1000 };
	int i, status;
	pid_t pid;

	for (i = 0; i < 100; i++) {
		while ((pid = waitpid(-1, &status, WNOHANG)) > 0)
			;
		if (pid == -1 && errno == ECHILD)
			return;
		nanosleep(&ts, NULL);
	}
}

static mode_t
mode_of(const char *path)
{
	struct stat st;

	ck_assert_msg(stat(path, &st) == 0, "%s: %s", path, strerror(errno));
	return st.st_mode & 07777;
}

static uid_t
owner_of(const char *path)
{
	struct stat st;

	ck_assert_msg(stat(path, &st) == 0, "%s: %s", path, strerror(errno));
	return st.st_uid;
}

static void
query_settings(void)
{
	char ci[8192];
	PGconn *conn;
	PGresult *res;

	pgembed_conninfo(&g_pe, ci, sizeof ci);
	conn = PQconnectdb(ci);
	ck_assert_msg(PQstatus(conn) == CONNECTION_OK, "connect %s: %s", ci,
	    PQerrorMessage(conn));
	res = PQexec(conn, "SELECT current_setting('jit'), "
	    "current_setting('listen_addresses'), "
	    "pg_encoding_to_char(encoding), datcollate, datctype "
	    "FROM pg_database WHERE datname = 'rekon'");
	ck_assert_msg(PQresultStatus(res) == PGRES_TUPLES_OK, "query: %s",
	    PQerrorMessage(conn));
	ck_assert_int_eq(PQntuples(res), 1);
	ck_assert_str_eq(PQgetvalue(res, 0, 0), "off");
	ck_assert_str_eq(PQgetvalue(res, 0, 1), "");
	ck_assert_str_eq(PQgetvalue(res, 0, 2), "UTF8");
	/* byte-order collation, UTF-8 character classes */
	ck_assert_str_eq(PQgetvalue(res, 0, 3), "C");
	ck_assert_str_eq(PQgetvalue(res, 0, 4), "C.UTF-8");
	PQclear(res);
	PQfinish(conn);
}

START_TEST(test_lifecycle)
{
	struct pgembed_status st;
	char err[4096], sock[8192];
	int created = -1;

	ck_assert_int_eq(pgembed_running(&g_pe), 0);
	pgembed_status(&g_pe, &st);
	ck_assert_int_eq(st.initialized, 0);
	ck_assert_int_eq(st.running, 0);

	ck_assert_msg(pgembed_start(&g_pe, err, sizeof err) == 0, "start: %s",
	    err);
	ck_assert_int_eq(pgembed_running(&g_pe), 1);
	pgembed_status(&g_pe, &st);
	ck_assert_int_eq(st.initialized, 1);
	ck_assert_int_eq(st.running, 1);
	ck_assert_int_gt(st.pid, 1);
	ck_assert_str_eq(st.datadir, g_pe.datadir);

	/* Layout, modes and owners. */
	ck_assert_int_eq(mode_of(g_state), 0750);
	ck_assert_int_eq(mode_of(g_pe.pgdir), 0700);
	ck_assert_int_eq(mode_of(g_pe.datadir), 0700);
	ck_assert_int_eq(mode_of(g_pe.sockdir), 0700);
	ck_assert_int_eq(owner_of(g_pe.pgdir), g_pe.uid);
	ck_assert_int_eq(owner_of(g_pe.datadir), g_pe.uid);
	ck_assert_int_eq(owner_of(g_pe.sockdir), g_pe.uid);
	snprintf(sock, sizeof sock, "%s/.s.PGSQL.5432", g_pe.sockdir);
	ck_assert_msg(access(sock, F_OK) == 0, "no socket %s", sock);
	ck_assert_msg(access(g_pe.logfile, F_OK) == 0, "no log %s",
	    g_pe.logfile);

	query_settings();

	/* Idempotent: initdb does nothing, start finds it running. */
	ck_assert_msg(pgembed_initdb(&g_pe, &created, err, sizeof err) == 0,
	    "initdb again: %s", err);
	ck_assert_int_eq(created, 0);
	ck_assert_msg(pgembed_start(&g_pe, err, sizeof err) == 0,
	    "start again: %s", err);
	ck_assert_int_eq(pgembed_running(&g_pe), 1);
	query_settings();

	ck_assert_msg(pgembed_stop(&g_pe, err, sizeof err) == 0, "stop: %s",
	    err);
	ck_assert_int_eq(pgembed_running(&g_pe), 0);
	ck_assert_msg(access(sock, F_OK) == -1, "socket %s left", sock);
	ck_assert_msg(pgembed_stop(&g_pe, err, sizeof err) == 0,
	    "stop again: %s", err);

	/* And it comes back on the existing cluster. */
	ck_assert_msg(pgembed_start(&g_pe, err, sizeof err) == 0,
	    "restart: %s", err);
	query_settings();
	ck_assert_msg(pgembed_stop(&g_pe, err, sizeof err) == 0, "stop: %s",
	    err);
	ck_assert_int_eq(pgembed_running(&g_pe), 0);
}
END_TEST

START_TEST(test_unreachable)
{
	struct pgembed pe;
	char locked[256], state[512], want[1024], err[2048];

	if (geteuid() != 0)
		return;		/* only root switches users */
	snprintf(locked, sizeof locked, "%s/locked", g_tmp);
	snprintf(state, sizeof state, "%s/state", locked);
	ck_assert(mkdir(locked, 0700) == 0 || errno == EEXIST);
	ck_assert_int_eq(chmod(locked, 0700), 0);
	ck_assert_msg(pgembed_setup(&pe, state, err, sizeof err) == 0,
	    "setup: %s", err);
	ck_assert_int_eq(pe.switch_user, 1);
	ck_assert_int_eq(pgembed_start(&pe, err, sizeof err), -1);
	snprintf(want, sizeof want, "%s cannot reach %s (mode 0700)",
	    pe.run_user, locked);
	ck_assert_msg(strstr(err, want) != NULL, "got: %s", err);
	ck_assert_msg(strstr(err, "chmod o+x") != NULL, "got: %s", err);
	ck_assert_msg(access(state, F_OK) == -1, "%s created anyway", state);
}
END_TEST

START_TEST(test_socket_path_too_long)
{
	struct pgembed pe;
	char state[PATH_MAX], err[2048];
	int created = -1;

	snprintf(state, sizeof state, "%s/%0100d", g_tmp, 0);
	ck_assert_msg(pgembed_setup(&pe, state, err, sizeof err) == 0,
	    "setup: %s", err);
	ck_assert_int_eq(pgembed_initdb(&pe, &created, err, sizeof err), -1);
	ck_assert_msg(strstr(err, "Unix socket allows") != NULL, "got: %s",
	    err);
	ck_assert_int_eq(created, 0);
	ck_assert_msg(access(state, F_OK) == -1, "%s created anyway", state);
}
END_TEST

START_TEST(test_bad_chars)
{
	static const char *const bad[] = {
		"/tmp/a,b", "/tmp/$HOME", "/tmp/a\"b", "/tmp/a`b", "/tmp/a\\b",
		"/tmp/a\nb", ""
	};
	struct pgembed pe;
	char err[2048];
	size_t i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		ck_assert_msg(pgembed_setup(&pe, bad[i], err, sizeof err) == -1,
		    "accepted %s", bad[i]);
}
END_TEST

START_TEST(test_conninfo)
{
	struct pgembed pe;
	PQconninfoOption *opts, *o;
	char err[2048], ci[8192], cwd[PATH_MAX], want[PATH_MAX + 64];
	const char *host = NULL;

	/* Plain: exactly the documented form. */
	ck_assert_msg(pgembed_setup(&pe, "/var/lib/rekon", err,
	    sizeof err) == 0, "setup: %s", err);
	pgembed_conninfo(&pe, ci, sizeof ci);
	ck_assert_str_eq(ci,
	    "host=/var/lib/rekon/pg/run port=5432 dbname=rekon user=rekon");
	ck_assert_str_eq(pe.datadir, "/var/lib/rekon/pg/data");
	ck_assert_str_eq(pe.logfile, "/var/lib/rekon/pg/postgresql.log");

	/* Spaces and quotes: quoted, and libpq reads back the same path. */
	ck_assert_msg(pgembed_setup(&pe, "/tmp/a b/it's//./x/", err,
	    sizeof err) == 0, "setup: %s", err);
	ck_assert_str_eq(pe.sockdir, "/tmp/a b/it's/x/pg/run");
	pgembed_conninfo(&pe, ci, sizeof ci);
	opts = PQconninfoParse(ci, NULL);
	ck_assert_msg(opts != NULL, "libpq cannot parse %s", ci);
	for (o = opts; o->keyword != NULL; o++)
		if (strcmp(o->keyword, "host") == 0)
			host = o->val;
	ck_assert_ptr_nonnull(host);
	ck_assert_str_eq(host, "/tmp/a b/it's/x/pg/run");
	PQconninfoFree(opts);

	/* Relative: made absolute against the working directory. */
	ck_assert_ptr_nonnull(getcwd(cwd, sizeof cwd));
	ck_assert_msg(pgembed_setup(&pe, "./rel/state", err, sizeof err) == 0,
	    "setup: %s", err);
	snprintf(want, sizeof want, "%s/rel/state", strcmp(cwd, "/") == 0 ?
	    "" : cwd);
	ck_assert_str_eq(pe.state_dir, want);
}
END_TEST

START_TEST(test_setup)
{
	char path[PATH_MAX + 16];

	ck_assert_int_eq(g_ready, 1);
	snprintf(path, sizeof path, "%s/initdb", g_pe.bindir);
	ck_assert_msg(access(path, X_OK) == 0, "no %s", path);
	if (geteuid() == 0) {
		ck_assert_int_eq(g_pe.switch_user, 1);
		ck_assert_int_ne(g_pe.uid, 0);
	} else {
		ck_assert_int_eq(g_pe.switch_user, 0);
		ck_assert_int_eq(g_pe.uid, geteuid());
	}
}
END_TEST

static void
teardown_server(void)
{
	stop_server();
}

static Suite *
pgembed_suite(void)
{
	Suite *s = suite_create("pgembed");
	TCase *tc;

	tc = tcase_create("pure");
	tcase_add_test(tc, test_setup);
	tcase_add_test(tc, test_bad_chars);
	tcase_add_test(tc, test_conninfo);
	tcase_add_test(tc, test_socket_path_too_long);
	tcase_add_test(tc, test_unreachable);
	tcase_set_timeout(tc, 30);
	suite_add_tcase(s, tc);

	tc = tcase_create("server");
	tcase_add_unchecked_fixture(tc, NULL, teardown_server);
	tcase_add_test(tc, test_lifecycle);
	tcase_set_timeout(tc, 300);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr;
	char err[2048];
	int failed, left;

	log_init(1, 0);
	snprintf(g_tmp, sizeof g_tmp, "/tmp/rekon-pgembed.XXXXXX");
	if (mkdtemp(g_tmp) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	/* So the server user (postgres) can pass through when we are root. */
	if (chmod(g_tmp, 0755) == -1) {
		perror(g_tmp);
		return 1;
	}
	snprintf(g_state, sizeof g_state, "%s/state", g_tmp);
	if (pgembed_setup(&g_pe, g_state, err, sizeof err) == -1)
		fprintf(stderr, "test_pgembed: setup: %s\n", err);
	else
		g_ready = 1;
	atexit(stop_server);
	(void)prctl(PR_SET_CHILD_SUBREAPER, 1);
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGHUP, on_signal);

	sr = srunner_create(pgembed_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);

	stop_server();
	reap_orphans();
	left = g_ready ? procs_using(g_pe.datadir) : 0;
	if (nftw(g_tmp, rm_one, 16, FTW_DEPTH | FTW_PHYS) == -1)
		fprintf(stderr, "test_pgembed: cannot remove %s: %s\n", g_tmp,
		    strerror(errno));
	if (left > 0)
		fprintf(stderr, "test_pgembed: %d process(es) left behind\n",
		    left);
	return (failed == 0 && left == 0 && g_ready) ? 0 : 1;
}
