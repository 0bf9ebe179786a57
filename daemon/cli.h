/*
 * cli.h — what every subcommand shares: the configuration, the database
 * connection, and the command table (main.c).
 */
#ifndef REKON_CLI_H
#define REKON_CLI_H

#include <libpq-fe.h>
#include <stdio.h>

#include "config.h"

struct cli;

struct command {
	const char	*name;
	int		(*fn)(struct cli *, int, char **);
	const char	*usage;
	const char	*summary;
};

struct cli {
	const char		*config_path;	/* -c, or NULL: the default places */
	int			 verbose;
	const struct command	*command;
	struct config		 cfg;
	int			 cfg_loaded;
	PGconn			*conn;
};

/* "usage: rekon import KIND FILE..." and the command's summary. */
void	 command_usage(FILE *fp, const struct command *c);

/* Load and validate the configuration once: EX_OK or EX_CONFIG. */
int	 cli_load_config(struct cli *cli);
/* Connect (starting the embedded cluster when needed), nothing more:
 * EX_OK or EX_UNAVAILABLE / EX_CONFIG. */
int	 cli_open(struct cli *cli);
/* Connect and make sure the schema is current: EX_OK, EX_UNAVAILABLE
 * (database down) or EX_CONFIG. The embedded cluster is migrated as needed;
 * an external server must be migrated with `rekon db migrate`. */
int	 cli_connect(struct cli *cli);
void	 cli_close(struct cli *cli);
/* The embedded cluster is in use (conninfo empty). */
int	 cli_embedded(const struct cli *cli);

int	 cmd_import(struct cli *, int, char **);
int	 cmd_batches(struct cli *, int, char **);
int	 cmd_batch(struct cli *, int, char **);
int	 cmd_status(struct cli *, int, char **);
int	 cmd_db(struct cli *, int, char **);
int	 cmd_config(struct cli *, int, char **);
int	 cmd_gen(struct cli *, int, char **);
int	 cmd_later(struct cli *, int, char **);
int	 cmd_report(struct cli *, int, char **);
int	 cmd_job(struct cli *, int, char **);
int	 cmd_run(struct cli *, int, char **);
int	 cmd_cek(struct cli *, int, char **);
int	 cmd_daemon(struct cli *, int, char **);

/* Run one job (fetch, retensi, usulan, rekonsiliasi, sk) for period on
 * cli->conn, as the daemon's child does for its job_run row run: EX_OK, or
 * an exit code with the reason in msg. */
int	 job_run_daemon(struct cli *cli, const char *name, const char *period,
	    long long run, char *msg, size_t msgsz);

#endif
