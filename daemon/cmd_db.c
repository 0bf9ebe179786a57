/*
 * cmd_db.c — `rekon db ...`: the schema and the embedded PostgreSQL.
 *
 *   init      create (and start) the embedded cluster, apply the schema
 *   migrate   apply the migrations the database lacks (idempotent)
 *   start     start the embedded cluster          stop   stop it
 *   status    is it running; which schema version
 *   psql      an interactive psql on rekon's database (args after --)
 *   backup F  pg_dump custom format of everything  restore F  its restore
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "cli.h"
#include "db.h"
#include "log.h"
#include "pgembed.h"

static int
embedded_setup(struct cli *cli, struct pgembed *pe)
{
	char err[4096];
	int rc;

	if ((rc = cli_load_config(cli)) != EX_OK)
		return rc;
	if (pgembed_setup(pe, cli->cfg.paths.state_dir, err, sizeof err) == -1) {
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
	if (!cli_embedded(cli)) {
		printf("conninfo is set: rekon uses that server and starts none\n");
		return EX_OK;
	}
	was_running = pgembed_running(&pe);
	/* Even when running: it makes sure the database exists. */
	if (pgembed_start(&pe, err, sizeof err) == -1) {
		log_warnx("%s", err);
		return EX_UNAVAILABLE;
	}
	if (was_running)
		printf("PostgreSQL is already running in %s\n", pe.datadir);
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
	if (!cli_embedded(cli)) {
		printf("conninfo is set: rekon stops no server\n");
		return EX_OK;
	}
	if (!pgembed_running(&pe)) {
		printf("PostgreSQL is not running\n");
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
	int v = db_schema_version(cli->conn, err, sizeof err);

	if (v == -1)
		printf("schema: %s\n", err);
	else
		printf("schema: version %d (this rekon needs %d)%s\n", v,
		    db_required_version(), v < db_required_version() ?
		    ": run 'rekon db migrate'" : "");
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
	if (cli_embedded(cli)) {
		pgembed_status(&pe, &st);
		printf("embedded PostgreSQL in %s: %s\n", st.datadir,
		    !st.initialized ? "not created yet (rekon db init)" :
		    st.running ? "running" : "stopped");
		if (!st.running)
			return EX_UNAVAILABLE;
	}
	cli->conn = db_connect(cli->cfg.database.conninfo, cli->cfg.paths.state_dir,
	    err, sizeof err);
	if (cli->conn == NULL) {
		printf("database: %s\n", err);
		return EX_UNAVAILABLE;
	}
	printf("database: connected (server %d)\n", PQserverVersion(cli->conn));
	print_schema_version(cli);
	return EX_OK;
}

static int
db_migrate_cmd(struct cli *cli, int init)
{
	char err[4096];
	int applied, rc;

	if (init && cli_embedded(cli) && (rc = db_start(cli)) != EX_OK)
		return rc;
	if ((rc = cli_open(cli)) != EX_OK)
		return rc;
	if (db_migrate(cli->conn, &applied, err, sizeof err) == -1) {
		log_warnx("%s", err);
		return EX_SOFTWARE;
	}
	printf("schema at version %d (%d migration%s applied)\n",
	    db_required_version(), applied, applied == 1 ? "" : "s");
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

	if ((rc = embedded_setup(cli, &pe)) != EX_OK)
		return rc;
	if (cli_embedded(cli)) {
		char err[4096];

		if (pgembed_start(&pe, err, sizeof err) == -1) {
			log_warnx("%s", err);
			return EX_UNAVAILABLE;
		}
		pgembed_conninfo(&pe, conninfo, sizeof conninfo);
	} else
		snprintf(conninfo, sizeof conninfo, "%s", cli->cfg.database.conninfo);
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
	} else if (strcmp(sub, "backup") == 0 && argc == 3) {
		char *pre[] = { "--format=custom", "--file", argv[2] };

		rc = db_tool(cli, "pg_dump", pre, 3, NULL, 0);
	} else if (strcmp(sub, "restore") == 0 && argc == 3) {
		char *pre[] = { "--clean", "--if-exists", "--no-owner",
		    "--single-transaction", "--exit-on-error" };

		/* Say so ourselves: pg_restore would exit 1, not EX_NOINPUT. */
		if (access(argv[2], R_OK) == -1) {
			log_warn("%s", argv[2]);
			return EX_NOINPUT;
		}
		rc = db_tool(cli, "pg_restore", pre, 5, argv + 2, 1);
	} else {
		command_usage(stderr, cli->command);
		return EX_USAGE;
	}
	cli_close(cli);
	return rc;
}
