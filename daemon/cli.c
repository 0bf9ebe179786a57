/* cli.c — see cli.h. */
#include "cli.h"

#include <stdio.h>
#include <string.h>
#include <sysexits.h>

#include "db.h"
#include "log.h"

void
command_usage(FILE *fp, const struct command *c)
{
	fprintf(fp, "usage: rekon %s\n  %s\n", c->usage, c->summary);
}

int
cli_load_config(struct cli *cli)
{
	char err[8192];
	const char *path;
	int n;

	if (cli->cfg_loaded)
		return EX_OK;
	path = cli->config_path ? cli->config_path : config_default_path();
	if ((n = config_load(path, &cli->cfg, err, sizeof err)) != 0) {
		fprintf(stderr, "%s", err);
		log_warnx("%d error%s in the configuration%s%s", n, n == 1 ? "" : "s",
		    path ? " " : "", path ? path : "");
		return EX_CONFIG;
	}
	cli->cfg_loaded = 1;
	return EX_OK;
}

int
cli_embedded(const struct cli *cli)
{
	return cli->cfg.database.conninfo == NULL || cli->cfg.database.conninfo[0] == '\0';
}

int
cli_open(struct cli *cli)
{
	char err[4096];
	int rc;

	if (cli->conn != NULL)
		return EX_OK;
	if ((rc = cli_load_config(cli)) != EX_OK)
		return rc;
	cli->conn = db_connect(cli->cfg.database.conninfo, cli->cfg.paths.state_dir,
	    err, sizeof err);
	if (cli->conn == NULL) {
		log_warnx("%s", err);
		return EX_UNAVAILABLE;
	}
	return EX_OK;
}

int
cli_connect(struct cli *cli)
{
	char err[4096];
	int rc, applied;

	if ((rc = cli_open(cli)) != EX_OK)
		return rc;
	/* rekon owns the embedded cluster, so it brings it up to date itself. */
	if (cli_embedded(cli)) {
		if (db_migrate(cli->conn, &applied, err, sizeof err) == -1) {
			log_warnx("%s", err);
			return EX_SOFTWARE;
		}
	} else if (db_check_version(cli->conn, err, sizeof err) == -1) {
		log_warnx("%s", err);
		return EX_CONFIG;
	}
	return EX_OK;
}

void
cli_close(struct cli *cli)
{
	if (cli->conn != NULL)
		PQfinish(cli->conn);
	cli->conn = NULL;
	if (cli->cfg_loaded)
		config_free(&cli->cfg);
	cli->cfg_loaded = 0;
}
