/*
 * rekonsiliasi.c — the rekonsiliasi job (rules.md §2–§7, §9, §10): the
 * period's rules (sql/rules/20_feedback.sql … 66_usul_nonaktif.sql) and,
 * beside them in a child process with a connection and a transaction of
 * its own, the scoring of §10's pairs (67_calon_ganda.sql); then the
 * rekonsiliasi workbook, the JSON summary, and the summary sent to the
 * office's webhook.
 *
 * The scoring reads only imported rows, so it starts once the rules'
 * checks have passed and their lock is held, and the two use both cores
 * (docs/speed.md). It commits only after the rules have committed: the
 * child scores, then waits on a socket for the parent's word ('c': commit;
 * anything else, or the socket shut: roll back) and sends back its
 * message. Without a child (fork failed) the scoring runs after the rules,
 * as before.
 */
#include <sys/socket.h>
#include <sys/wait.h>

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "job.h"
#include "json_summary.h"
#include "log.h"
#include "report.h"
#include "rules.h"
#include "util.h"
#include "webhook.h"

/* The scoring child: its pid (-1: none) and the parent's end of the
 * socket pair between them (the parent's word one way, the child's
 * message the other). A socket, not a pipe: the parent's word to a child
 * that has already failed and gone must not be a SIGPIPE. */
struct ganda_child {
	struct session		*s;
	const struct job_args	*a;
	pid_t			 pid;
	int			 fd;
};

static void
ganda_child_main(struct ganda_child *g, int fd)
{
	struct session *s = g->s;
	char msg[512] = "", word = 0;
	enum rules_status st;
	ssize_t n;
	int rc;

	s->conn = NULL;
	if ((rc = session_connect(s)) != EX_OK) {
		util_errf(msg, sizeof msg, "calon ganda: no database connection");
		goto out;
	}
	session_yield(s);
	st = rules_calon_ganda_score(s->conn, &s->cfg, g->a->period, msg,
	    sizeof msg);
	if (st == RULES_OK) {
		while ((n = read(fd, &word, 1)) == -1 && errno == EINTR)
			;
		if (n == 1 && word == 'c')
			st = rules_calon_ganda_end(s->conn, 1, msg, sizeof msg);
		else {
			(void)rules_calon_ganda_end(s->conn, 0, msg, sizeof msg);
			msg[0] = '\0';
		}
	}
	rc = st == RULES_OK ? EX_OK : rules_exit_code(st);
out:
	if (rc != EX_OK && msg[0] != '\0')
		(void)send(fd, msg, strlen(msg), MSG_NOSIGNAL);
	if (s->conn != NULL)
		PQfinish(s->conn);
	_exit(rc);
}

/* rules_rekonsiliasi's begun: fork the scoring child. */
static void
ganda_child_start(void *arg)
{
	struct ganda_child *g = arg;
	int sv[2];

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == -1) {
		log_warn("rekonsiliasi: socket for calon ganda");
		return;
	}
	fflush(stdout);
	fflush(stderr);
	if ((g->pid = fork()) == -1) {
		log_warn("rekonsiliasi: fork for calon ganda");
		close(sv[0]);
		close(sv[1]);
		return;
	}
	if (g->pid == 0) {
		close(sv[0]);
		ganda_child_main(g, sv[1]);
	}
	close(sv[1]);
	g->fd = sv[0];
}

/* Tell the child to commit (or not), wait for it; its exit code, its
 * message in res->msg. */
static int
ganda_child_finish(struct ganda_child *g, int commit, struct job_result *res)
{
	ssize_t n;
	size_t got = 0;
	int status, rc;

	if (commit)
		(void)send(g->fd, "c", 1, MSG_NOSIGNAL);
	(void)shutdown(g->fd, SHUT_WR);
	while (got + 1 < sizeof res->msg &&
	    ((n = read(g->fd, res->msg + got, sizeof res->msg - 1 - got)) > 0 ||
	    (n == -1 && errno == EINTR)))
		if (n > 0)
			got += (size_t)n;
	res->msg[got] = '\0';
	close(g->fd);
	g->fd = -1;
	while (waitpid(g->pid, &status, 0) == -1)
		if (errno != EINTR) {
			log_warn("rekonsiliasi: waiting for calon ganda");
			g->pid = -1;
			return EX_OSERR;
		}
	g->pid = -1;
	if (WIFSIGNALED(status)) {
		util_errf(res->msg, sizeof res->msg,
		    "calon ganda: ended by signal %d", WTERMSIG(status));
		return EX_SOFTWARE;
	}
	rc = WIFEXITED(status) ? WEXITSTATUS(status) : EX_SOFTWARE;
	if (rc != EX_OK && got == 0)
		util_errf(res->msg, sizeof res->msg, "calon ganda: failed");
	return rc;
}

int
job_rekonsiliasi(struct session *s, const struct job_args *a,
    struct job_result *res)
{
	struct ganda_child g = { s, a, -1, -1 };
	struct report_ctx rc;
	char dir[4096], path[4096];
	json_t *summary;
	int st;

	if ((st = rules_rekonsiliasi(s->conn, &s->cfg, a->period, a->force,
	    ganda_child_start, &g, res->msg, sizeof res->msg)) != RULES_OK) {
		if (g.pid > 0) {	/* it rolls back; its message is not news */
			struct job_result cr = { 0 };

			(void)ganda_child_finish(&g, 0, &cr);
		}
		return job_rules_failed(st, NULL, res);
	}
	if (a->after_rules != NULL)
		a->after_rules(s, a);
	if (g.pid > 0) {
		if ((st = ganda_child_finish(&g, 1, res)) != EX_OK) {
			log_warnx("rekonsiliasi %s: %s", a->period, res->msg);
			return st;
		}
	} else if ((st = rules_calon_ganda(s->conn, &s->cfg, a->period,
	    res->msg, sizeof res->msg)) != RULES_OK)
		return job_rules_failed(st, NULL, res);
	res->msg[0] = '\0';	/* what the rules said on success is no message */
	if (job_outdir(s, a->period, dir, sizeof dir) == -1)
		return EX_CANTCREAT;
	job_report_ctx(&rc, s, a, dir);
	if (a->out != NULL)
		fprintf(a->out, "rekonsiliasi %s:\n", a->period);
	if ((st = report_rekonsiliasi(s->conn, &rc, res->msg,
	    sizeof res->msg)) != 0) {
		log_warnx("rekonsiliasi %s: %s", a->period, res->msg);
		return report_exit_code(s->conn, st);
	}
	if ((summary = json_summary_build(s->conn, &s->cfg, a->period, rc.made,
	    res->msg, sizeof res->msg)) == NULL ||
	    json_summary_write(summary, dir, a->period, path, sizeof path,
	    res->msg, sizeof res->msg) == -1) {
		json_decref(summary);
		log_warnx("rekonsiliasi %s: %s", a->period, res->msg);
		return EX_CANTCREAT;
	}
	if (a->out != NULL)
		fprintf(a->out, "  %s\n", path);
	/* The reports are ready: tell the office (never fails the job). */
	(void)webhook_send_summary(&s->cfg, summary);
	json_decref(summary);
	res->msg[0] = '\0';
	(void)job_say_missing(s, a, "rekonsiliasi",
	    "dtks,peserta,feedback,usulan,kematian", res);
	return EX_OK;
}
