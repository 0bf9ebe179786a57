/* session.c — see session.h. */
#include "session.h"

#include <sys/resource.h>

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sysexits.h>

#include "db.h"
#include "i18n.h"
#include "log.h"

int
session_load_config(struct session *s)
{
	char err[8192];
	const char *path;
	int n;

	if (s->cfg_loaded)
		return EX_OK;
	path = s->config_path ? s->config_path : config_default_path();
	if ((n = config_load(path, &s->cfg, err, sizeof err)) != 0) {
		fprintf(stderr, "%s", err);
		log_warnx(ngettext("%d error in the configuration%s%s",
		    "%d errors in the configuration%s%s", (unsigned long)n), n,
		    path ? " " : "", path ? path : "");
		return EX_CONFIG;
	}
	s->cfg_loaded = 1;
	return EX_OK;
}

int
session_embedded(const struct session *s)
{
	return s->cfg.database.conninfo == NULL || s->cfg.database.conninfo[0] == '\0';
}

int
session_open(struct session *s)
{
	char err[4096];
	int rc, missing;

	if (s->conn != NULL)
		return EX_OK;
	if ((rc = session_load_config(s)) != EX_OK)
		return rc;
	s->conn = db_connect_flags(s->cfg.database.conninfo,
	    s->cfg.paths.state_dir, s->may_create ? 0 : DB_EXISTING, &missing,
	    err, sizeof err);
	if (s->conn == NULL) {
		log_warnx("%s", err);
		return missing ? EX_NOINPUT : EX_UNAVAILABLE;
	}
	return EX_OK;
}

int
session_connect(struct session *s)
{
	char err[4096];
	int rc, applied;

	if ((rc = session_open(s)) != EX_OK)
		return rc;
	/* rekon owns the embedded cluster, so it brings it up to date itself. */
	if (session_embedded(s)) {
		if (db_migrate(s->conn, &applied, err, sizeof err) == -1) {
			log_warnx("%s", err);
			return EX_SOFTWARE;
		}
	} else if (db_check_version(s->conn, err, sizeof err) == -1) {
		log_warnx("%s", err);
		return EX_CONFIG;
	}
	return EX_OK;
}

/* Process pid (0: this one) at nice SESSION_NICE when it runs at a higher
 * priority and may be changed. */
static void
yield_process(pid_t pid)
{
	int cur;

	errno = 0;
	cur = getpriority(PRIO_PROCESS, (id_t)pid);
	if ((cur == -1 && errno != 0) || cur >= SESSION_NICE)
		return;
	if (setpriority(PRIO_PROCESS, (id_t)pid, SESSION_NICE) == -1)
		log_debug("nice %d for process %ld: %s", SESSION_NICE,
		    (long)pid, strerror(errno));
}

void
session_yield(struct session *s)
{
	int pid;

	yield_process(0);
	if (s->conn != NULL && session_embedded(s) &&
	    (pid = PQbackendPID(s->conn)) > 0)
		yield_process((pid_t)pid);
}

void
session_close(struct session *s)
{
	if (s->conn != NULL)
		PQfinish(s->conn);
	s->conn = NULL;
	if (s->cfg_loaded)
		config_free(&s->cfg);
	s->cfg_loaded = 0;
}
