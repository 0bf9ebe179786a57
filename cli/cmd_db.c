/*
 * cmd_db.c — `rekon db ...`: the schema and the embedded PostgreSQL.
 *
 *   init      create (and start) the embedded cluster, apply the schema
 *   migrate   apply the migrations the database lacks (idempotent)
 *   start     start the embedded cluster          stop   stop it
 *   status    is it running; which schema version
 *   psql      an interactive psql on rekon's database (args after --)
 *   backup F  pg_dump custom format of everything  restore F  its restore
 *             (the whole database replaced in one transaction)
 */
#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "cli.h"
#include "db.h"
#include "i18n.h"
#include "log.h"
#include "pgembed.h"

static int
embedded_setup(struct cli *cli, struct pgembed *pe)
{
	char err[4096];
	int rc;

	if ((rc = session_load_config(&cli->s)) != EX_OK)
		return rc;
	if (pgembed_setup(pe, cli->s.cfg.paths.state_dir, err, sizeof err) == -1) {
		log_warnx("%s", err);
		return EX_UNAVAILABLE;
	}
	return EX_OK;
}

static int
db_start(struct cli *cli)
{
	struct pgembed pe;
	char err[8192];
	int rc, was_running;

	if ((rc = embedded_setup(cli, &pe)) != EX_OK)
		return rc;
	if (!session_embedded(&cli->s)) {
		printf(_("conninfo is set: rekon uses that server and starts none\n"));
		return EX_OK;
	}
	was_running = pgembed_running(&pe);
	/* Even when running: it makes sure the database exists. */
	if (pgembed_start(&pe, err, sizeof err) == -1) {
		log_warnx("%s", err);
		return EX_UNAVAILABLE;
	}
	if (was_running)
		printf(_("PostgreSQL is already running in %s\n"), pe.datadir);
	return EX_OK;	/* else pgembed said "PostgreSQL started" */
}

static int
db_stop(struct cli *cli)
{
	struct pgembed pe;
	char err[8192];
	int rc;

	if ((rc = embedded_setup(cli, &pe)) != EX_OK)
		return rc;
	if (!session_embedded(&cli->s)) {
		printf(_("conninfo is set: rekon stops no server\n"));
		return EX_OK;
	}
	if (!pgembed_running(&pe)) {
		printf(_("PostgreSQL is not running\n"));
		return EX_OK;
	}
	if (pgembed_stop(&pe, err, sizeof err) == -1) {
		log_warnx("%s", err);
		return EX_UNAVAILABLE;
	}
	return EX_OK;	/* pgembed said "PostgreSQL stopped" */
}

static void
print_schema_version(struct cli *cli)
{
	char err[1024];
	int v = db_schema_version(cli->s.conn, err, sizeof err);

	if (v == -1)
		printf(_("schema: %s\n"), err);
	else
		printf(_("schema: version %d (this rekon needs %d)%s\n"), v,
		    db_required_version(), v < db_required_version() ?
		    _(": run 'rekon db migrate'") : "");
}

static int
db_status(struct cli *cli)
{
	struct pgembed pe;
	struct pgembed_status st;
	char err[4096];
	int rc;

	if ((rc = embedded_setup(cli, &pe)) != EX_OK)
		return rc;
	if (session_embedded(&cli->s)) {
		pgembed_status(&pe, &st);
		printf(_("embedded PostgreSQL in %s: %s\n"), st.datadir,
		    !st.initialized ? "not created yet (rekon db init)" :
		    st.running ? "running" : "stopped");
		if (!st.running)
			return EX_UNAVAILABLE;
	}
	cli->s.conn = db_connect(cli->s.cfg.database.conninfo, cli->s.cfg.paths.state_dir,
	    err, sizeof err);
	if (cli->s.conn == NULL) {
		printf(_("database: %s\n"), err);
		return EX_UNAVAILABLE;
	}
	/* 150018 is PostgreSQL 15.18 (10 and later: major * 10000 + minor). */
	printf(_("database: connected (PostgreSQL %d.%d)\n"),
	    PQserverVersion(cli->s.conn) / 10000,
	    PQserverVersion(cli->s.conn) % 10000);
	print_schema_version(cli);
	return EX_OK;
}

static int
db_migrate_cmd(struct cli *cli, int init)
{
	char err[4096];
	int applied, rc;

	if (init && session_embedded(&cli->s) && (rc = db_start(cli)) != EX_OK)
		return rc;
	if ((rc = session_open(&cli->s)) != EX_OK)
		return rc;
	if (db_migrate(cli->s.conn, &applied, err, sizeof err) == -1) {
		log_warnx("%s", err);
		return EX_SOFTWARE;
	}
	printf(ngettext("schema at version %d (%d migration applied)\n",
	    "schema at version %d (%d migrations applied)\n",
	    (unsigned long)applied), db_required_version(), applied);
	return EX_OK;
}

/* rekon's conninfo for a client program, the embedded cluster started
 * first when it is the one used. */
static int
tool_conninfo(struct cli *cli, struct pgembed *pe, char *conninfo,
    size_t conninfosz)
{
	char err[4096];
	int rc;

	if ((rc = embedded_setup(cli, pe)) != EX_OK)
		return rc;
	if (session_embedded(&cli->s)) {
		if (pgembed_start(pe, err, sizeof err) == -1) {
			log_warnx("%s", err);
			return EX_UNAVAILABLE;
		}
		pgembed_conninfo(pe, conninfo, conninfosz);
	} else
		snprintf(conninfo, conninfosz, "%s", cli->s.cfg.database.conninfo);
	return EX_OK;
}

/* Hand over to a PostgreSQL client program with rekon's conninfo. */
static int
db_tool(struct cli *cli, const char *prog, char **pre, int npre, char **extra,
    int nextra)
{
	struct pgembed pe;
	char conninfo[8192], *args[64];
	int rc, n = 0, i;

	if ((rc = tool_conninfo(cli, &pe, conninfo, sizeof conninfo)) != EX_OK)
		return rc;
	if (npre + nextra + 4 > (int)(sizeof args / sizeof args[0])) {
		log_warnx("too many arguments");
		return EX_USAGE;
	}
	args[n++] = (char *)prog;
	for (i = 0; i < npre; i++)
		args[n++] = pre[i];
	args[n++] = "-d";
	args[n++] = conninfo;
	for (i = 0; i < nextra; i++)
		args[n++] = extra[i];
	args[n] = NULL;
	fflush(stdout);
	pgembed_exec_tool(&pe, prog, args);
	log_warn("cannot run %s/%s", pe.bindir, prog);
	return EX_UNAVAILABLE;
}

/* A child running a client program with its standard input or output on
 * a pipe end (the other end closed in it); -1 when it cannot start. */
static pid_t
spawn_tool(const struct pgembed *pe, const char *prog, char *const argv[],
    int in_fd, int out_fd, int close_fd)
{
	pid_t pid;

	fflush(NULL);
	if ((pid = fork()) != 0)
		return pid;
	if ((in_fd != -1 && dup2(in_fd, STDIN_FILENO) == -1) ||
	    (out_fd != -1 && dup2(out_fd, STDOUT_FILENO) == -1))
		_exit(EX_OSERR);
	close(close_fd);
	pgembed_exec_tool(pe, prog, argv);
	fprintf(stderr, _("rekon: cannot run %s/%s: %s\n"), pe->bindir, prog,
	    strerror(errno));
	_exit(EX_UNAVAILABLE);
}

static int
wait_tool(pid_t pid)
{
	int status;

	while (waitpid(pid, &status, 0) == -1)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static int
write_all(int fd, const char *p, size_t n)
{
	ssize_t w;

	while (n > 0) {
		if ((w = write(fd, p, n)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/*
 * restore FILE: the dump replaces the database whole, in one transaction.
 * (pg_restore --clean cannot: it drops a partition's key constraint by
 * itself, which PostgreSQL refuses for a constraint the partition inherits.)
 * psql runs BEGIN; DROP SCHEMA public CASCADE; CREATE SCHEMA public; then
 * the SQL pg_restore makes of the dump, relayed by rekon; and COMMIT only
 * when pg_restore ended well, ROLLBACK otherwise. psql stops at the first
 * error (ON_ERROR_STOP), which ends its session: nothing is changed.
 */
static int confirmed(const char *file);

static int
db_restore(struct cli *cli, const char *file, int yes)
{
	static const char begin[] = "SET client_min_messages = warning;\n"
	    "BEGIN;\nDROP SCHEMA IF EXISTS public CASCADE;\n"
	    "CREATE SCHEMA public;\n";
	struct pgembed pe;
	char conninfo[8192], buf[65536];
	char *psql_argv[] = { "psql", "-X", "-q", "-v", "ON_ERROR_STOP=1",
	    "-d", conninfo, "-f", "-", NULL };
	char *restore_argv[] = { "pg_restore", "--no-owner", "--file", "-",
	    (char *)file, NULL };
	int to_psql[2], from_restore[2], rc, rc_psql, rc_restore, broken = 0;
	int devnull;
	pid_t psql_pid, restore_pid;
	ssize_t n;

	/* Say so ourselves: pg_restore would exit 1, not EX_NOINPUT. */
	if (access(file, R_OK) == -1) {
		log_warn("%s", file);
		return EX_NOINPUT;
	}
	if (!yes && !confirmed(file))
		return EX_USAGE;
	if ((rc = tool_conninfo(cli, &pe, conninfo, sizeof conninfo)) != EX_OK)
		return rc;
	/* Close-on-exec: each program keeps only the end dup2'd onto its
	 * standard input or output, so EOF comes when it should. */
	if (pipe2(to_psql, O_CLOEXEC) == -1 || pipe2(from_restore, O_CLOEXEC) == -1) {
		log_warn("pipe");
		return EX_OSERR;
	}
	signal(SIGPIPE, SIG_IGN);	/* psql gone: a write error, not a signal */
	/* What the dump's statements return (set_config, setval) is no news:
	 * psql's output goes nowhere, its errors to our standard error. */
	if ((devnull = open("/dev/null", O_WRONLY | O_CLOEXEC)) == -1) {
		log_warn("/dev/null");
		return EX_OSERR;
	}
	psql_pid = spawn_tool(&pe, "psql", psql_argv, to_psql[0], devnull,
	    to_psql[1]);
	close(devnull);
	close(to_psql[0]);
	if (psql_pid == -1) {
		log_warn("fork");
		return EX_OSERR;
	}
	restore_pid = spawn_tool(&pe, "pg_restore", restore_argv, -1,
	    from_restore[1], from_restore[0]);
	close(from_restore[1]);
	if (restore_pid == -1) {
		log_warn("fork");
		close(to_psql[1]);
		(void)wait_tool(psql_pid);
		return EX_OSERR;
	}
	if (write_all(to_psql[1], begin, sizeof begin - 1) == -1)
		broken = 1;
	while (!broken && (n = read(from_restore[0], buf, sizeof buf)) != 0) {
		if (n == -1) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (write_all(to_psql[1], buf, (size_t)n) == -1)
			broken = 1;
	}
	close(from_restore[0]);		/* pg_restore still writing: EPIPE */
	rc_restore = wait_tool(restore_pid);
	if (!broken)
		(void)write_all(to_psql[1], rc_restore == 0 ? "COMMIT;\n" :
		    "ROLLBACK;\n", rc_restore == 0 ? 8 : 10);
	close(to_psql[1]);
	rc_psql = wait_tool(psql_pid);
	/* psql gone first (it could not connect, a statement failed): its
	 * failure, not pg_restore's broken pipe, is what to report. */
	if (rc_psql != 0 && (broken || rc_restore == 0)) {
		log_warnx("%s: the restore failed (psql exit %d): nothing restored",
		    file, rc_psql);
		return EX_SOFTWARE;
	}
	if (rc_restore != 0) {
		log_warnx("%s: pg_restore failed (exit %d): nothing restored",
		    file, rc_restore);
		return EX_DATAERR;
	}
	printf(_("restored: the database is now %s's\n"), file);
	return EX_OK;
}

/*
 * A restore replaces everything: asked on a terminal ("ya" goes on), and
 * refused without one unless --yes.  1 to go on.
 */
static int
confirmed(const char *file)
{
	char line[64];

	if (!isatty(STDIN_FILENO)) {
		log_warnx("restore replaces the whole database with %s: add --yes"
		    " to go on", file);
		return 0;
	}
	fprintf(stderr, _("Replace the whole database with %s? Type ya to go on: "),
	    file);
	if (fgets(line, sizeof line, stdin) == NULL ||
	    (strcmp(line, "ya\n") != 0 && strcmp(line, "yes\n") != 0 &&
	    strcmp(line, "y\n") != 0)) {
		log_warnx("nothing restored");
		return 0;
	}
	return 1;
}

/*
 * backup FILE: pg_dump's custom format of everything, written under a
 * temporary name beside FILE and renamed (a failed dump leaves no half
 * file), mode 0640; an existing FILE is kept unless --force.
 */
static int
db_backup(struct cli *cli, const char *file, int force)
{
	struct pgembed pe;
	struct stat st;
	char conninfo[8192], tmp[4200];
	char *argv[] = { "pg_dump", "--format=custom", "--file", tmp, "-d",
	    conninfo, NULL };
	pid_t pid;
	int rc;

	if (!force && stat(file, &st) == 0) {
		log_warnx("%s exists: add --force to replace it", file);
		return EX_CANTCREAT;
	}
	if ((rc = tool_conninfo(cli, &pe, conninfo, sizeof conninfo)) != EX_OK)
		return rc;
	if (snprintf(tmp, sizeof tmp, "%s.rekon-%ld", file, (long)getpid()) >=
	    (int)sizeof tmp) {
		log_warnx("%s: name too long", file);
		return EX_USAGE;
	}
	if ((pid = spawn_tool(&pe, "pg_dump", argv, -1, -1, -1)) == -1) {
		log_warn("fork");
		return EX_OSERR;
	}
	if ((rc = wait_tool(pid)) != 0) {
		(void)unlink(tmp);
		log_warnx("%s: pg_dump failed (exit %d): no backup written", file,
		    rc);
		return EX_SOFTWARE;
	}
	if (chmod(tmp, 0640) == -1 || rename(tmp, file) == -1 ||
	    stat(file, &st) == -1) {
		log_warn("%s", file);
		(void)unlink(tmp);
		return EX_CANTCREAT;
	}
	printf(_("backup written: %s (%.1f MB)\n"), file,
	    (double)st.st_size / (1024.0 * 1024.0));
	return EX_OK;
}

int
cmd_db(struct cli *cli, int argc, char **argv)
{
	const char *sub = argc > 1 ? argv[1] : "";
	int rc;

	if (strcmp(sub, "start") == 0 && argc == 2)
		rc = db_start(cli);
	else if (strcmp(sub, "stop") == 0 && argc == 2)
		rc = db_stop(cli);
	else if (strcmp(sub, "status") == 0 && argc == 2)
		rc = db_status(cli);
	else if (strcmp(sub, "init") == 0 && argc == 2)
		rc = db_migrate_cmd(cli, 1);
	else if (strcmp(sub, "migrate") == 0 && argc == 2)
		rc = db_migrate_cmd(cli, 0);
	else if (strcmp(sub, "psql") == 0) {
		int skip = argc > 2 && strcmp(argv[2], "--") == 0 ? 3 : 2;

		rc = db_tool(cli, "psql", NULL, 0, argv + skip, argc - skip);
	} else if (strcmp(sub, "backup") == 0 && (argc == 3 || (argc == 4 &&
	    strcmp(argv[3], "--force") == 0)))
		rc = db_backup(cli, argv[2], argc == 4);
	else if (strcmp(sub, "restore") == 0 && (argc == 3 || (argc == 4 &&
	    strcmp(argv[3], "--yes") == 0)))
		rc = db_restore(cli, argv[2], argc == 4);
	else {
		command_usage(stderr, cli->command);
		return EX_USAGE;
	}
	session_close(&cli->s);
	return rc;
}
