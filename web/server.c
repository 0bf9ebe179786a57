/*
 * server.c — web_main and one request's way through (web.h).
 *
 * The main loop, as a list of steps:
 *   1. the configuration's [web] keys; the database reached (the schema
 *      current, the embedded cluster started when it is the one)
 *   2. libmicrohttpd started on [web] listen (HTTPS with tls_cert_file and
 *      tls_key_file), a pool of [web] threads threads (web_threads)
 *   3. READY=1 to systemd; then wait for SIGTERM or SIGINT (the handler
 *      only sets a flag)
 *   4. STOPPING=1; libmicrohttpd stopped (requests under way finish); every
 *      thread's database connection closed
 *
 * A request (answer()):
 *   the body read (a form through the post processor, a JSON body as it
 *   is; more than WEB_FORM_BYTES is refused with 413) → its thread's
 *   connection → the client address (X-Forwarded-For only from
 *   trusted_proxy) → the session of its cookie → the route (method, path):
 *   none, or a role that may not use it, is 404 (the second logged in the
 *   audit) → a POST's CSRF token checked → the page → the answer, with the
 *   security headers every answer carries → one access-log line (a number
 *   of 8 digits or more in the path masked).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <systemd/sd-daemon.h>
#include <unistd.h>

#include "db.h"
#include "log.h"
#include "util.h"
#include "web.h"
#include "web_int.h"
#include "i18n.h"

#define WEB_THREADS_MAX	64
#define SESSION_COOKIE	"rekon_sesi"

struct web_conf web_conf;

static volatile sig_atomic_t stop;
static struct session *sess;
static char trusted_proxy[64];

/* Every thread's connection, so the last step can close them. */
static pthread_mutex_t conns_mu = PTHREAD_MUTEX_INITIALIZER;
static PGconn *conns[WEB_THREADS_MAX * 4];
static int nconns;
static _Thread_local PGconn *tconn;

static void
on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

/* ------------------------------------------------------------------ */
/* Routes */

#define R(role)		(1u << (role))
#define ANYONE		0u		/* no login needed */
#define LOGGED_IN	0xffffu & ~R(ROLE_API)
#define CEKERS		(R(ROLE_LOKET) | R(ROLE_OPERATOR) | R(ROLE_KABID) | \
			    R(ROLE_SEKDIS))
#define READERS		(R(ROLE_OPERATOR) | R(ROLE_KABID) | R(ROLE_SEKDIS))

static const struct route {
	const char	*method;
	const char	*path;
	unsigned	 roles;		/* ANYONE, or who may */
	int		 csrf;		/* a POST checked against the session's */
	web_page_fn	*fn;
} routes[] = {
	{ "GET",  "/",			LOGGED_IN,	0, page_home },
	{ "GET",  "/masuk",		ANYONE,		0, page_login_form },
	{ "POST", "/masuk",		ANYONE,		0, page_login },
	{ "POST", "/keluar",		LOGGED_IN,	1, page_logout },
	{ "GET",  "/cek",		CEKERS,		0, page_cek_form },
	{ "POST", "/cek",		CEKERS,		1, page_cek },
	{ "GET",  "/kunjungan",		R(ROLE_LOKET),	0, page_visits },
	{ "POST", "/kunjungan",		R(ROLE_LOKET),	1, page_visit_add },
	{ "GET",  "/berkas",		READERS | R(ROLE_KADIS) | R(ROLE_KELURAHAN),
	    0, page_files },
	{ "GET",  "/unduh",		READERS | R(ROLE_KADIS) | R(ROLE_KELURAHAN),
	    0, page_download },
	{ "GET",  "/kelurahan",		R(ROLE_KELURAHAN), 0, page_kelurahan },
	{ "GET",  "/unggah",		R(ROLE_KELURAHAN) | R(ROLE_OPERATOR), 0,
	    page_upload_form },
	{ "POST", "/unggah",		R(ROLE_KELURAHAN) | R(ROLE_OPERATOR), 1,
	    page_upload },
	{ "GET",  "/bulan",		READERS | R(ROLE_KADIS), 0, page_month },
	{ "GET",  "/impor",		READERS,	0, page_batches },
	{ "GET",  "/proses",		READERS,	0, page_jobs },
	{ "POST", "/proses",		R(ROLE_OPERATOR), 1, page_job_request },
	{ "GET",  "/sk",		READERS | R(ROLE_KADIS), 0, page_sk },
	{ "POST", "/sk",		R(ROLE_KABID) | R(ROLE_SEKDIS) | R(ROLE_KADIS),
	    1, page_sk_step },
	{ "GET",  "/ditolak",		READERS,	0, page_rejected },
	{ "GET",  "/pengguna",		R(ROLE_ADMIN),	0, page_users },
	{ "GET",  "/audit",		R(ROLE_ADMIN),	0, page_audit },
	{ "POST", "/audit",		R(ROLE_ADMIN),	1, page_audit },
	{ "GET",  "/gaya.css",		ANYONE,		0, page_css },
	{ "POST", "/api/v1/cek",	R(ROLE_API),	0, api_cek },
};
#define NROUTES	(sizeof routes / sizeof routes[0])

/* ------------------------------------------------------------------ */
/* Helpers the pages use */

const char *
web_form_get(const struct web_req *r, const char *name)
{
	int i;

	for (i = 0; i < r->form.n; i++)
		if (strcmp(r->form.name[i], name) == 0)
			return r->form.value[i];
	return NULL;
}

const char *
web_cookie(struct web_req *r, const char *name)
{
	return MHD_lookup_connection_value(r->mc, MHD_COOKIE_KIND, name);
}

void
web_set_cookie(struct web_req *r, const char *name, const char *value,
    int maxage)
{
	char age[32] = "";

	if (r->ncookie == 2)
		return;
	if (maxage >= 0)
		snprintf(age, sizeof age, "; Max-Age=%d", maxage);
	snprintf(r->cookie[r->ncookie++], sizeof r->cookie[0],
	    "%s=%s; Path=/; HttpOnly; SameSite=Strict%s%s", name, value, age,
	    web_conf.tls ? "; Secure" : "");
}

void
web_redirect(struct web_req *r, const char *to)
{
	r->status = MHD_HTTP_SEE_OTHER;
	snprintf(r->location, sizeof r->location, "%s", to);
}

void
web_error(struct web_req *r, unsigned status, const char *message)
{
	html_free(&r->page);
	r->status = status;
	web_page_begin(r, status == MHD_HTTP_NOT_FOUND ?
	    "Halaman tidak ditemukan" : "Permintaan ditolak");
	html_raw(&r->page, "<p class=\"pesan\">");
	html_text(&r->page, message);
	html_raw(&r->page, "</p><p><a href=\"/\">Kembali ke beranda</a></p>");
	web_page_end(r);
}

void
web_audit(struct web_req *r, const char *action, const char *object,
    const char *const *ids, int nids)
{
	char err[512];
	/* A cek's row does not wait for the disk (audit_add); every other
	 * action's does. (The API cek writes its row in its own statement:
	 * api_cek, AUDIT_LOOKUP_WITH.) */
	int durable = strcmp(action, "CEK") != 0;

	if (r->c == NULL || audit_add(r->c, r->logged_in ? r->user.name :
	    NULL, r->logged_in ? users_role_names[r->user.role] : NULL,
	    r->addr, action, object, ids, nids, durable, err, sizeof err) == -1)
		log_warnx("web: audit %s: %s", action, r->c ? err :
		    "no database");
}

/* ------------------------------------------------------------------ */
/* The database, one connection a thread */

/* An idle connection is sent nothing (rekon web uses no LISTEN); one
 * whose server went away (a restart) has its socket readable, with the
 * server's last words and end of file.  Noticed here without a round trip,
 * so the request that follows gets a fresh connection rather than a 503. */
static int
idle_conn_lost(PGconn *c)
{
	struct pollfd pfd = { .fd = PQsocket(c), .events = POLLIN };

	return pfd.fd < 0 || poll(&pfd, 1, 0) == 1;
}

static PGconn *
thread_conn(void)
{
	char err[512];

	if (tconn != NULL && PQstatus(tconn) == CONNECTION_OK &&
	    !idle_conn_lost(tconn))
		return tconn;
	if (tconn != NULL) {
		PQreset(tconn);
		if (PQstatus(tconn) == CONNECTION_OK)
			return tconn;
		return NULL;
	}
	tconn = db_connect(sess->cfg.database.conninfo,
	    sess->cfg.paths.state_dir, err, sizeof err);
	if (tconn == NULL) {
		log_warnx("web: database: %s", err);
		return NULL;
	}
	pthread_mutex_lock(&conns_mu);
	if (nconns < (int)(sizeof conns / sizeof conns[0]))
		conns[nconns++] = tconn;
	pthread_mutex_unlock(&conns_mu);
	return tconn;
}

/* ------------------------------------------------------------------ */
/* A request */

/* The client: the peer, or X-Forwarded-For's last address when the peer
 * is the trusted proxy. */
static void
client_addr(struct web_req *r)
{
	const union MHD_ConnectionInfo *ci;
	const char *xff, *last;
	const struct sockaddr *sa;

	snprintf(r->addr, sizeof r->addr, "?");
	ci = MHD_get_connection_info(r->mc, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (ci == NULL || (sa = ci->client_addr) == NULL)
		return;
	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr,
		    r->addr, sizeof r->addr);
	else if (sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr,
		    r->addr, sizeof r->addr);
	if (trusted_proxy[0] == '\0' || strcmp(r->addr, trusted_proxy) != 0)
		return;
	xff = MHD_lookup_connection_value(r->mc, MHD_HEADER_KIND,
	    "X-Forwarded-For");
	if (xff == NULL)
		return;
	last = strrchr(xff, ',');
	last = last != NULL ? last + 1 : xff;
	while (*last == ' ')
		last++;
	if (*last != '\0' && strlen(last) < sizeof r->addr &&
	    strspn(last, "0123456789abcdefABCDEF.:") == strlen(last))
		snprintf(r->addr, sizeof r->addr, "%s", last);
}

/* A piece of an uploaded file, appended to inbox/.unggah-XXXXXX (hidden:
 * the daemon never looks at it; page_upload moves it into place). */
static enum MHD_Result
upload_chunk(struct web_req *r, const char *filename, const char *data,
    size_t size)
{
	if (r->too_big)
		return MHD_NO;
	if (r->upfd == -1) {
		snprintf(r->uptmp, sizeof r->uptmp, "%s/.unggah-XXXXXX",
		    web_conf.inbox);
		if ((r->upfd = mkstemp(r->uptmp)) == -1) {
			log_warn("web: %s", r->uptmp);
			r->uptmp[0] = '\0';
			return MHD_NO;
		}
		(void)fchmod(r->upfd, 0640);
		snprintf(r->upname, sizeof r->upname, "%s", filename);
	}
	if (r->upbytes + (long long)size > web_conf.max_upload) {
		r->too_big = 1;
		return MHD_NO;
	}
	if (size > 0 && util_write_all(r->upfd, data, size) == -1) {
		log_warn("web: %s", r->uptmp);
		return MHD_NO;
	}
	r->upbytes += (long long)size;
	return MHD_YES;
}

static enum MHD_Result
form_field(void *cls, enum MHD_ValueKind kind, const char *key,
    const char *filename, const char *content_type,
    const char *transfer_encoding, const char *data, uint64_t off,
    size_t size)
{
	struct web_req *r = cls;
	struct web_form *f = &r->form;
	char *nv;
	int i;

	(void)kind;
	(void)content_type;
	(void)transfer_encoding;
	if (filename != NULL) {		/* a file: to disk, not memory */
		if (strcmp(key, "berkas") != 0 || strcmp(r->path, "/unggah") != 0)
			return MHD_YES;	/* no other form takes a file */
		return upload_chunk(r, filename, data, size);
	}
	if (f->bytes + size > WEB_FORM_BYTES) {
		r->too_big = 1;
		return MHD_NO;
	}
	f->bytes += size;
	for (i = 0; i < f->n; i++)	/* a value in several chunks */
		if (off > 0 && strcmp(f->name[i], key) == 0)
			break;
	if (i == f->n) {
		if (f->n == WEB_FORM_MAX)
			return MHD_YES;	/* fields past the last: ignored */
		if ((f->name[i] = strdup(key)) == NULL)
			return MHD_NO;
		f->value[i] = NULL;
		f->len[i] = 0;
		f->n++;
	}
	if ((nv = realloc(f->value[i], f->len[i] + size + 1)) == NULL)
		return MHD_NO;
	memcpy(nv + f->len[i], data, size);
	f->len[i] += size;
	nv[f->len[i]] = '\0';
	f->value[i] = nv;
	return MHD_YES;
}

static void
req_free(struct web_req *r)
{
	int i;

	if (r->pp != NULL)
		MHD_destroy_post_processor(r->pp);
	if (r->fd != -1)	/* a file never handed to a response */
		close(r->fd);
	if (r->upfd != -1)
		close(r->upfd);
	if (r->uptmp[0] != '\0')	/* an upload page_upload did not take */
		(void)unlink(r->uptmp);
	for (i = 0; i < r->form.n; i++) {
		free(r->form.name[i]);
		free(r->form.value[i]);
	}
	free(r->body);
	html_free(&r->page);
	free(r);
}

static void
completed(void *cls, struct MHD_Connection *mc, void **con_cls,
    enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	(void)mc;
	(void)toe;
	if (*con_cls != NULL)
		req_free(*con_cls);
	*con_cls = NULL;
}

/* The path as the access log shows it: runs of 8 digits or more masked. */
static void
log_path(const char *path, char *out, size_t outsz)
{
	char run[64], masked[LOG_ID_BUFSZ];
	size_t o = 0, n;

	while (*path != '\0' && o + 1 < outsz) {
		n = strspn(path, "0123456789");
		if (n >= 8) {
			snprintf(run, sizeof run, "%.*s", (int)(n < 63 ? n : 63),
			    path);
			o += (size_t)snprintf(out + o, outsz - o, "%s",
			    log_id(run, masked));
			if (o >= outsz)
				o = outsz - 1;
			path += n;
		} else if (n > 0) {
			while (n-- > 0 && o + 1 < outsz)
				out[o++] = *path++;
		} else
			out[o++] = *path++;
	}
	out[o] = '\0';
}

static enum MHD_Result
respond(struct web_req *r)
{
	struct MHD_Response *resp;
	enum MHD_Result ret;
	char *body, lp[300];
	size_t len = 0;
	int i;

	if (r->status == 0)
		r->status = MHD_HTTP_OK;
	if (r->fd != -1) {	/* a file: libmicrohttpd sends it and closes it */
		resp = MHD_create_response_from_fd((uint64_t)r->fsize, r->fd);
		if (resp == NULL)
			return MHD_NO;
		r->fd = -1;
		MHD_add_response_header(resp, "Content-Disposition",
		    r->disposition);
		goto headers;
	}
	if ((body = html_take(&r->page, &len)) == NULL) {
		len = 0;
		if (r->status == MHD_HTTP_OK) {
			r->status = MHD_HTTP_INTERNAL_SERVER_ERROR;
			log_warnx("web: out of memory writing %s", r->path);
		}
	}
	resp = MHD_create_response_from_buffer(len, body != NULL ? body : (char *)"",
	    body != NULL ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
	if (resp == NULL) {
		free(body);
		return MHD_NO;
	}
headers:
	MHD_add_response_header(resp, "Content-Type", r->ctype != NULL ?
	    r->ctype : "text/html; charset=utf-8");
	MHD_add_response_header(resp, "Content-Security-Policy",
	    "default-src 'self'");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(resp, "Cache-Control", "no-store");
	if (r->location[0] != '\0')
		MHD_add_response_header(resp, "Location", r->location);
	if (r->retry_after[0] != '\0')
		MHD_add_response_header(resp, "Retry-After", r->retry_after);
	for (i = 0; i < r->ncookie; i++)
		MHD_add_response_header(resp, "Set-Cookie", r->cookie[i]);
	ret = MHD_queue_response(r->mc, r->status, resp);
	MHD_destroy_response(resp);
	log_path(r->path, lp, sizeof lp);
	log_info("web: %s %s %s %u %s", r->addr, r->method, lp, r->status,
	    r->logged_in ? r->user.name : "-");
	return ret;
}

static const struct route *
route_of(const struct web_req *r, int *path_known)
{
	size_t i;

	*path_known = 0;
	for (i = 0; i < NROUTES; i++)
		if (strcmp(routes[i].path, r->path) == 0) {
			*path_known = 1;
			if (strcmp(routes[i].method, r->method) == 0)
				return &routes[i];
		}
	return NULL;
}

static void
api_unauthorized(struct web_req *r)
{
	html_free(&r->page);
	r->status = MHD_HTTP_UNAUTHORIZED;
	r->ctype = "application/json";
	html_raw(&r->page, "{\"galat\": \"token tidak sah\"}\n");
}

/*
 * The JSON cek's rate limit (web.md "Rate-limited"): per API client, at
 * most [web] api_per_minute requests in a calendar minute (0: no limit);
 * one over is 429 with Retry-After, and an audit row.  The counts live in
 * this process: a restart forgets them, which costs at most a minute's
 * allowance.
 */
#define API_CLIENTS	256
static struct {
	long long	 user;
	time_t		 minute;
	long		 n;
} api_count[API_CLIENTS];
static pthread_mutex_t api_count_mu = PTHREAD_MUTEX_INITIALIZER;

static int
api_rate_ok(struct web_req *r)
{
	time_t now = time(NULL), minute = now - now % 60;
	long limit = web_conf.api_per_minute;
	int i, slot = -1, ok;

	if (limit <= 0)
		return 1;
	pthread_mutex_lock(&api_count_mu);
	for (i = 0; i < API_CLIENTS; i++) {
		if (api_count[i].user == r->user.id) {
			slot = i;
			break;
		}
		/* A free slot, or one of a client quiet since an earlier
		 * minute. */
		if (slot == -1 && (api_count[i].user == 0 ||
		    api_count[i].minute < minute))
			slot = i;
	}
	if (slot == -1)
		slot = (int)(r->user.id % API_CLIENTS);
	if (api_count[slot].user != r->user.id ||
	    api_count[slot].minute != minute) {
		api_count[slot].user = r->user.id;
		api_count[slot].minute = minute;
		api_count[slot].n = 0;
	}
	ok = ++api_count[slot].n <= limit;
	pthread_mutex_unlock(&api_count_mu);
	if (!ok) {
		snprintf(r->retry_after, sizeof r->retry_after, "%ld",
		    (long)(minute + 60 - now));
		html_free(&r->page);
		r->status = 429;
		r->ctype = "application/json";
		html_printf(&r->page, "{\"galat\":\"lebih dari %ld permintaan"
		    " per menit; coba lagi dalam %s detik\"}\n", limit,
		    r->retry_after);
	}
	return ok;
}

/* The route, its roles and its CSRF token, then the page. */
static void
dispatch(struct web_req *r)
{
	const struct route *rt;
	const char *tok, *auth;
	char err[512];
	int known, st;

	client_addr(r);
	if ((r->c = thread_conn()) == NULL) {
		web_error(r, MHD_HTTP_SERVICE_UNAVAILABLE, "Basis data tidak"
		    " dapat dihubungi. Coba lagi sebentar lagi.");
		return;
	}
	rt = route_of(r, &known);
	if (rt != NULL && rt->roles == R(ROLE_API)) {
		auth = MHD_lookup_connection_value(r->mc, MHD_HEADER_KIND,
		    "Authorization");
		if (auth == NULL || strncmp(auth, "Bearer ", 7) != 0 ||
		    (st = users_api_check(r->c, auth + 7, &r->user, err,
		    sizeof err)) != 1) {
			api_unauthorized(r);
			web_audit(r, "API_DITOLAK", "token tidak sah", NULL, 0);
			return;
		}
		r->logged_in = 1;
		if (!api_rate_ok(r)) {
			web_audit(r, "API_DIBATASI", "lebih dari batas per menit",
			    NULL, 0);
			return;
		}
		rt->fn(r);
		return;
	}
	tok = web_cookie(r, SESSION_COOKIE);
	if (tok != NULL && (st = sessions_check(r->c, tok, &r->user, r->csrf,
	    err, sizeof err)) != 0) {
		if (st == -1) {
			log_warnx("web: session: %s", err);
			web_error(r, MHD_HTTP_SERVICE_UNAVAILABLE, "Basis data"
			    " tidak dapat dihubungi.");
			return;
		}
		r->logged_in = 1;
		snprintf(r->session, sizeof r->session, "%s", tok);
	}
	if (rt == NULL) {
		if (known)
			web_error(r, MHD_HTTP_METHOD_NOT_ALLOWED, "Cara"
			    " permintaan ini tidak dikenal untuk halaman ini.");
		else
			web_error(r, MHD_HTTP_NOT_FOUND, "Halaman yang diminta"
			    " tidak ada.");
		return;
	}
	if (rt->roles != ANYONE && !r->logged_in) {
		web_redirect(r, "/masuk");
		return;
	}
	if (rt->roles != ANYONE && !(rt->roles & R(r->user.role))) {
		/* As if it did not exist; the attempt is logged. */
		web_audit(r, "DITOLAK", r->path, NULL, 0);
		web_error(r, MHD_HTTP_NOT_FOUND, "Halaman yang diminta tidak"
		    " ada.");
		return;
	}
	if (rt->csrf) {
		tok = web_form_get(r, "csrf");
		if (tok == NULL || strlen(tok) != strlen(r->csrf) ||
		    sodium_memcmp(tok, r->csrf, strlen(r->csrf)) != 0) {
			web_audit(r, "CSRF_DITOLAK", r->path, NULL, 0);
			web_error(r, MHD_HTTP_FORBIDDEN, "Formulir ini sudah"
			    " tidak berlaku (token formulir tidak cocok)."
			    " Muat ulang halaman lalu coba lagi.");
			return;
		}
	}
	rt->fn(r);
}

static enum MHD_Result
answer(void *cls, struct MHD_Connection *mc, const char *url,
    const char *method, const char *version, const char *upload_data,
    size_t *upload_data_size, void **con_cls)
{
	struct web_req *r = *con_cls;
	const char *ct;
	char *nb;

	(void)cls;
	(void)version;
	if (r == NULL) {	/* the headers: set the request up */
		if ((r = calloc(1, sizeof *r)) == NULL)
			return MHD_NO;
		r->mc = mc;
		r->fd = -1;
		r->upfd = -1;
		r->method = method;
		snprintf(r->path, sizeof r->path, "%s", url);
		if (strcmp(method, "POST") == 0) {
			ct = MHD_lookup_connection_value(mc, MHD_HEADER_KIND,
			    MHD_HTTP_HEADER_CONTENT_TYPE);
			if (ct == NULL || strncmp(ct, "application/json", 16) != 0)
				r->pp = MHD_create_post_processor(mc, 8192,
				    form_field, r);
		}
		*con_cls = r;
		return MHD_YES;
	}
	if (*upload_data_size > 0) {	/* a piece of the body */
		if (!r->too_big && r->pp != NULL) {
			if (MHD_post_process(r->pp, upload_data,
			    *upload_data_size) == MHD_NO && !r->too_big)
				r->too_big = r->form.bytes > WEB_FORM_BYTES;
		} else if (!r->too_big) {
			if (r->bodylen + *upload_data_size > WEB_FORM_BYTES)
				r->too_big = 1;
			else if ((nb = realloc(r->body, r->bodylen +
			    *upload_data_size + 1)) == NULL)
				return MHD_NO;
			else {
				memcpy(nb + r->bodylen, upload_data,
				    *upload_data_size);
				r->bodylen += *upload_data_size;
				nb[r->bodylen] = '\0';
				r->body = nb;
			}
		}
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (r->too_big) {
		client_addr(r);
		web_error(r, MHD_HTTP_CONTENT_TOO_LARGE, "Isi permintaan terlalu"
		    " besar.");
	} else
		dispatch(r);
	/* An upload no page took is gone before the answer leaves (the
	 * client must not find it in the inbox after its answer). */
	if (r->upfd != -1) {
		close(r->upfd);
		r->upfd = -1;
	}
	if (r->uptmp[0] != '\0') {
		(void)unlink(r->uptmp);
		r->uptmp[0] = '\0';
	}
	return respond(r);
}

/* ------------------------------------------------------------------ */
/* The main loop */

/* [web] listen: "HOST:PORT" or "[V6]:PORT" to a socket address. */
static int
listen_addr(const char *spec, struct sockaddr_storage *ss, char *err,
    size_t errsz)
{
	struct addrinfo hints = { 0 }, *ai;
	char host[128];
	const char *port;
	int rc;

	if (spec[0] == '[') {
		port = strstr(spec, "]:");
		if (port == NULL || (size_t)(port - spec - 1) >= sizeof host)
			goto bad;
		snprintf(host, sizeof host, "%.*s", (int)(port - spec - 1),
		    spec + 1);
		port += 2;
	} else {
		port = strrchr(spec, ':');
		if (port == NULL || (size_t)(port - spec) >= sizeof host)
			goto bad;
		snprintf(host, sizeof host, "%.*s", (int)(port - spec), spec);
		port++;
	}
	hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV | AI_PASSIVE;
	hints.ai_socktype = SOCK_STREAM;
	if ((rc = getaddrinfo(host, port, &hints, &ai)) != 0) {
		snprintf(err, errsz, _("[web] listen = %s: %s"), spec,
		    gai_strerror(rc));
		return -1;
	}
	memcpy(ss, ai->ai_addr, ai->ai_addrlen);
	freeaddrinfo(ai);
	return 0;
bad:
	snprintf(err, errsz, _("[web] listen = %s: write it as HOST:PORT"), spec);
	return -1;
}

static char *
slurp(const char *path, char *err, size_t errsz)
{
	FILE *fp;
	char *buf = NULL;
	size_t cap = 0;

	if ((fp = fopen(path, "r")) == NULL ||
	    getdelim(&buf, &cap, '\0', fp) < 0) {
		snprintf(err, errsz, "%s: %s", path, strerror(errno));
		if (fp != NULL)
			fclose(fp);
		free(buf);
		return NULL;
	}
	fclose(fp);
	return buf;
}

/*
 * The pool's size: [web] threads, or 0 for the processors online (at least
 * 2).  Each thread has its own database connection, and every request's
 * work is in PostgreSQL: on a small server more threads than processors
 * only make the backends contend (measured: docs/speed.md).
 */
static unsigned
web_threads(long long configured)
{
	long n = configured > 0 ? (long)configured : sysconf(_SC_NPROCESSORS_ONLN);

	if (n < 2)
		n = 2;
	if (n > WEB_THREADS_MAX)
		n = WEB_THREADS_MAX;
	return (unsigned)n;
}

int
web_main(struct session *s)
{
	struct sockaddr_storage ss;
	struct MHD_Daemon *d;
	struct sigaction sa;
	sigset_t block, old;
	char err[512], *cert = NULL, *key = NULL;
	unsigned flags, nthreads;
	int i, rc;

	if ((rc = session_connect(s)) != EX_OK)
		return rc;
	sess = s;
	snprintf(web_conf.office, sizeof web_conf.office, "%s",
	    s->cfg.region.office);
	snprintf(web_conf.region, sizeof web_conf.region, "%s",
	    s->cfg.region.name);
	snprintf(web_conf.tz, sizeof web_conf.tz, "%s", s->cfg.region.timezone);
	snprintf(web_conf.outbox, sizeof web_conf.outbox, "%s",
	    s->cfg.paths.outbox);
	snprintf(web_conf.inbox, sizeof web_conf.inbox, "%s",
	    s->cfg.paths.inbox);
	web_conf.max_upload = s->cfg.limits.max_file_mb * 1024 * 1024;
	web_conf.api_per_minute = (long)s->cfg.web.api_per_minute;
	web_conf.nparaf = 0;
	snprintf(web_conf.paraf_array, sizeof web_conf.paraf_array, "{");
	for (i = 0; i < s->cfg.sk.paraf.n && i < 8; i++) {
		web_conf.paraf[web_conf.nparaf++] = s->cfg.sk.paraf.item[i];
		snprintf(web_conf.paraf_array + strlen(web_conf.paraf_array),
		    sizeof web_conf.paraf_array - strlen(web_conf.paraf_array),
		    "%s%s", i ? "," : "", s->cfg.sk.paraf.item[i]);
	}
	snprintf(web_conf.paraf_array + strlen(web_conf.paraf_array),
	    sizeof web_conf.paraf_array - strlen(web_conf.paraf_array), "}");
	/* Uploads go to inbox/<kind>/ (tmpfiles.d makes them on a server;
	 * elsewhere the first start does). */
	for (i = 0; config_source_kinds[i] != NULL; i++) {
		char kdir[4200];

		snprintf(kdir, sizeof kdir, "%s/%s", web_conf.inbox,
		    config_source_kinds[i]);
		if (util_mkdirs(kdir, 0770) == -1)
			log_warn("web: %s (uploads of %s will fail)", kdir,
			    config_source_kinds[i]);
	}
	snprintf(trusted_proxy, sizeof trusted_proxy, "%s",
	    s->cfg.web.trusted_proxy);
	if (sodium_init() < 0) {
		log_warnx("web: libsodium cannot start");
		return EX_SOFTWARE;
	}
	if (listen_addr(s->cfg.web.listen, &ss, err, sizeof err) == -1) {
		log_warnx("%s", err);
		return EX_CONFIG;
	}
	web_conf.tls = s->cfg.web.tls_cert_file[0] != '\0';
	if (web_conf.tls && ((cert = slurp(s->cfg.web.tls_cert_file, err,
	    sizeof err)) == NULL || (key = slurp(s->cfg.web.tls_key_file, err,
	    sizeof err)) == NULL)) {
		log_warnx("web: %s", err);
		free(cert);
		return EX_CONFIG;
	}
	/* The pool's threads inherit a mask without the stop signals, so
	 * they reach this thread. */
	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	pthread_sigmask(SIG_BLOCK, &block, &old);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	nthreads = web_threads(s->cfg.web.threads);
	flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG |
	    (ss.ss_family == AF_INET6 ? MHD_USE_IPv6 : 0) |
	    (web_conf.tls ? MHD_USE_TLS : 0);
	if (web_conf.tls)
		d = MHD_start_daemon(flags, 0, NULL, NULL, answer, NULL,
		    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
		    MHD_OPTION_THREAD_POOL_SIZE, nthreads,
		    MHD_OPTION_NOTIFY_COMPLETED, completed, NULL,
		    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)60,
		    MHD_OPTION_HTTPS_MEM_CERT, cert,
		    MHD_OPTION_HTTPS_MEM_KEY, key, MHD_OPTION_END);
	else
		d = MHD_start_daemon(flags, 0, NULL, NULL, answer, NULL,
		    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
		    MHD_OPTION_THREAD_POOL_SIZE, nthreads,
		    MHD_OPTION_NOTIFY_COMPLETED, completed, NULL,
		    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)60, MHD_OPTION_END);
	if (d == NULL) {
		log_warnx("web: cannot listen on %s (in use, or not this"
		    " machine's address)", s->cfg.web.listen);
		pthread_sigmask(SIG_SETMASK, &old, NULL);
		free(cert);
		free(key);
		return EX_UNAVAILABLE;
	}
	log_info("web: listening on %s%s", s->cfg.web.listen,
	    web_conf.tls ? " (HTTPS)" : "");
	sd_notify(0, "READY=1\nSTATUS=listening");
	/* Wait with the stop signals blocked except inside sigsuspend. */
	while (!stop)
		sigsuspend(&old);
	sd_notify(0, "STOPPING=1");
	log_info("web: stopping");
	MHD_stop_daemon(d);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	for (i = 0; i < nconns; i++)
		PQfinish(conns[i]);
	nconns = 0;
	if (key != NULL)
		sodium_memzero(key, strlen(key));
	free(cert);
	free(key);
	return EX_OK;
}
