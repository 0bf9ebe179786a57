/*
 * web.h — `rekon web`, the office's web front (spec web.md): a process of
 * its own on libmicrohttpd, pages rendered on the server in Indonesian,
 * state in PostgreSQL. It never runs a job: what it asks of the daemon goes
 * through the inbox and request rows.
 *
 * Modules (web/):
 *
 *   server.c   web_main: the configuration's [web] keys, libmicrohttpd
 *              started (a pool of threads, each with its own database
 *              connection), READY=1 to systemd, stopped on SIGTERM/SIGINT
 *              (the handler only sets a flag); one request: its client
 *              address, its session, the route table (method, path, the
 *              roles that may use it, the page), the CSRF check of every
 *              POST, the JSON cek's rate limit, the security headers of
 *              every answer, one access-log line with identifiers masked
 *   pages.c    the pages: login and logout, the home page of each role,
 *              the front desk's cek with its slip and the visit log, the
 *              admin's users and audit log, the JSON cek API
 *   pages_kantor.c  the office's readers: the outbox's workbooks and their
 *              download (every name part checked), the import history, the
 *              job runs and the operator's requests ("run now", "record as
 *              sent": rows the daemon carries out, jobs/request.h)
 *   pages_kelurahan.c  a kelurahan's own cases: waiting, returned, failed,
 *              registered (only rows whose folded place is the user's)
 *   pages_bulan.c   the month's figures and its two charts, SVG drawn here
 *   pages_sk.c the SK approval chain: the lampiran, its state and steps,
 *              paraf, approval and refusal in turn (jobs/skchain.h)
 *   users.c    users, passwords, sessions, lockouts, the audit log
 *              (users.h; `rekon user` uses it too)
 *   html.c     a page being written; the one place data is HTML-escaped
 */
#ifndef REKON_WEB_H
#define REKON_WEB_H

#include "session.h"

/* Run the web front until SIGTERM or SIGINT: a sysexits code. */
int	 web_main(struct session *s);

#endif
