/*
 * cli.h — the command-line front: what every subcommand shares (its
 * session: the configuration and the database connection) and the command
 * table (main.c).  A cmd_* function parses its argv, calls a job (jobs/)
 * or a module below, and prints.
 */
#ifndef REKON_CLI_H
#define REKON_CLI_H

#include <stdio.h>

#include "session.h"

struct cli;

struct command {
	const char	*name;
	int		(*fn)(struct cli *, int, char **);
	const char	*usage;
	const char	*summary;
	/* 1: may create the embedded cluster (imports, jobs, db, the daemon,
	 * the demo); 0: reads only, and without a database says how to make
	 * one (session.h may_create). */
	int		 creates;
};

struct cli {
	struct session		 s;		/* configuration and connection */
	int			 verbose;
	const struct command	*command;
};

/* "usage: rekon import KIND FILE..." and the command's summary. */
void	 command_usage(FILE *fp, const struct command *c);
/* command_usage, then an example and where to read more (`rekon help
 * CMD`, `CMD --help`). */
void	 command_help(FILE *fp, const struct command *c);
/* The command of that name (main.c's table), or NULL. */
const struct command *cli_command(const char *name);

int	 cmd_import(struct cli *, int, char **);
int	 cmd_batches(struct cli *, int, char **);
int	 cmd_batch(struct cli *, int, char **);
int	 cmd_status(struct cli *, int, char **);
int	 cmd_db(struct cli *, int, char **);
int	 cmd_config(struct cli *, int, char **);
int	 cmd_gen(struct cli *, int, char **);
int	 cmd_report(struct cli *, int, char **);
int	 cmd_job(struct cli *, int, char **);
int	 cmd_run(struct cli *, int, char **);
int	 cmd_cek(struct cli *, int, char **);
int	 cmd_kasus(struct cli *, int, char **);
int	 cmd_ringkasan(struct cli *, int, char **);
int	 cmd_daemon(struct cli *, int, char **);
int	 cmd_demo(struct cli *, int, char **);
int	 cmd_web(struct cli *, int, char **);
int	 cmd_user(struct cli *, int, char **);

#endif
