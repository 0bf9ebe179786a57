/*
 * pgembed.h — the embedded PostgreSQL cluster under state_dir/pg.
 *
 * With [database] conninfo empty, rekon keeps its own cluster:
 *
 *	state_dir/		0750 (created when missing)
 *	state_dir/pg/		0700, owned by the server user
 *	state_dir/pg/data/	PGDATA, 0700
 *	state_dir/pg/run/	the Unix socket directory, 0700 (no TCP listener)
 *	state_dir/pg/postgresql.log	the server log
 *
 * The server user: as root, initdb refuses to run, so the server runs as
 * `rekon` when that user exists, else `postgres`; initdb and pg_ctl are run as
 * that user (fork, setgroups/setgid/setuid, execve — never a shell). As any
 * other user everything runs as the current user.
 *
 * The superuser of the cluster is named `rekon`; local connections are trusted
 * (the socket directory is reachable only by the server user and root) and
 * TCP is refused. The server is daemonized by pg_ctl in its own session, so it
 * outlives the rekon process that started it; pgembed_stop() stops it.
 *
 * Every function returning int returns 0 on success and -1 on failure with a
 * one-paragraph message in err (which may hold a few lines of the server log).
 * Children are reaped with waitpid(pid); the caller must not set SIGCHLD to
 * SIG_IGN, nor reap with waitpid(-1) from a handler, while calling these
 * functions. They may take a minute (pg_ctl -t 60): call them from the main
 * thread of a command or the daemon's start-up, not from a time-critical loop.
 */
#ifndef REKON_PGEMBED_H
#define REKON_PGEMBED_H

#include <stddef.h>
#include <sys/types.h>

#define PGEMBED_PORT	5432

struct pgembed {
	char	state_dir[4096];	/* absolute, normalised */
	char	pgdir[4096];		/* state_dir/pg */
	char	datadir[4096];		/* state_dir/pg/data */
	char	sockdir[4096];		/* state_dir/pg/run */
	char	logfile[4096];		/* state_dir/pg/postgresql.log */
	char	bindir[4096];		/* holds initdb, pg_ctl, psql, ... */
	char	run_user[64];		/* server OS user */
	uid_t	uid;			/* of run_user */
	gid_t	gid;			/* primary group of run_user */
	int	switch_user;		/* 1: we are root, run the server as run_user */
	int	quiet;			/* 1: a start is not worth a line (a
					   command that only reads) */
};

struct pgembed_status {
	int	initialized;		/* datadir/PG_VERSION exists */
	int	running;		/* a live postmaster owns datadir */
	pid_t	pid;			/* its pid when running, else 0 */
	char	datadir[4096];
	char	sockdir[4096];
};

/*
 * Resolve paths (state_dir made absolute), the binaries (pg_config --bindir,
 * else the highest /usr/lib/postgresql/N/bin holding initdb) and the server
 * user. Creates nothing. Fails on a state_dir holding a control character or
 * a comma (libpq would split the socket directory at a comma), on missing
 * binaries and, as root, on a missing server user.
 */
int	pgembed_setup(struct pgembed *pe, const char *state_dir, char *err,
	    size_t errsz);

/*
 * Create the directories (fixing owner and mode of ours), run initdb when
 * datadir/PG_VERSION is missing (*created = 1, else 0) and make sure the
 * rekon settings block ends postgresql.conf. Idempotent; safe while the
 * server runs (a changed block only takes effect at the next start).
 */
int	pgembed_initdb(struct pgembed *pe, int *created, char *err,
	    size_t errsz);

/*
 * pgembed_initdb(), then pg_ctl start when no server runs, then create the
 * database `rekon` when missing. On success the server is running and
 * accepts connections with pgembed_conninfo(). On failure err ends with the
 * last lines of the server log.
 */
int	pgembed_start(struct pgembed *pe, char *err, size_t errsz);

/* pg_ctl stop -m fast. Success, doing nothing, when no server runs. */
int	pgembed_stop(struct pgembed *pe, char *err, size_t errsz);

/* 1 when a live postmaster owns datadir (postmaster.pid + kill(pid, 0)). */
int	pgembed_running(const struct pgembed *pe);

/* Fill st; never fails (unreadable files read as "not initialized/running"). */
void	pgembed_status(const struct pgembed *pe, struct pgembed_status *st);

/*
 * "host=<sockdir> port=5432 dbname=rekon user=rekon", the host quoted per
 * libpq rules when it holds a space, quote or backslash. For PQconnectdb.
 * Truncated (still NUL-terminated) when bufsz is too small; 4200 is enough.
 */
void	pgembed_conninfo(const struct pgembed *pe, char *buf, size_t bufsz);

/*
 * Replace this process with bindir/prog (e.g. "psql", "pg_dump",
 * "pg_restore") run as the CURRENT user with the current environment;
 * argv[0] is the program name, the caller supplies the rest (typically the
 * conninfo). prog must be a bare name. Returns -1 with errno set only when
 * the exec fails.
 */
int	pgembed_exec_tool(const struct pgembed *pe, const char *prog,
	    char *const argv[]);

#endif
