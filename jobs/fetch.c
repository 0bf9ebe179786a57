/*
 * fetch.c — the fetch job; see fetch.h for the contract.
 *
 * One run: the advisory lock, stale temporary files removed, then each
 * source through its own little state machine:
 *
 *	CHECK -> SECRET -> LIST -> FILES -> DONE
 *	                 \-> ONE --------/
 *	(any step) -> FAILED
 *
 * CHECK refuses what cannot work (a password in the URL, sftp without
 * known_hosts, an http URL naming a directory); SECRET reads the password
 * file; LIST reads a directory (sftp/ftp through libcurl's name listing,
 * file:// with readdir) and keeps the names matching the pattern; ONE is a
 * source naming one file; FILES fetches each name.  A file's own failure
 * fails its source but not the other files.
 */
#include <stdarg.h>
#include <curl/curl.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "job.h"
#include "db.h"
#include "fetch.h"
#include "hooks.h"
#include "log.h"
#include "util.h"
#include "i18n.h"

#define NAMES_MAX	10000
#define PASSWORD_MAX	1024
#define FETCH_TMP	".fetch-"

enum scheme { SCH_HTTP, SCH_FTP, SCH_SFTP, SCH_FILE };

enum src_state {
	SRC_CHECK, SRC_SECRET, SRC_LIST, SRC_ONE, SRC_FILES, SRC_DONE,
	SRC_FAILED
};

/* One run. */
struct run {
	PGconn			*conn;
	const struct config	*cfg;
	FILE			*out;
	long long		 max_bytes;
	long			 delay_ms;	/* first retry delay */
	const char		*ca_bundle;	/* CURL_CA_BUNDLE or NULL */
	int			 fetched, unchanged;
};

/* One source's run. */
struct src {
	const struct config_source *s;
	enum src_state	 st;
	enum scheme	 scheme;
	int		 is_dir;
	char		 password[PASSWORD_MAX];
	int		 have_password;
	char		 base[PATH_MAX];	/* file://: the local path */
	char		**names;		/* LIST: matching names */
	size_t		 nnames;
	int		 fetched, unchanged, failed;
	char		 err[2048];		/* the first failure */
};

/* What a file was like on the server, and what we stored last time. */
struct remote {
	char		 url[4096];
	char		 name[256];
	long long	 size;		/* -1: unknown */
	long long	 mtime;		/* -1: unknown */
	/* stored */
	int		 known;		/* a row exists */
	int		 ok;		/* its status is OK */
	long long	 old_size, old_mtime;
	char		 etag[512];
	char		 last_modified[128];
};

/* The state of one transfer. */
struct xfer {
	int		 fd;		/* -1: no body wanted */
	long long	 bytes, max;
	int		 too_big;
	int		 werr;		/* errno of a failed write */
	char		*buf;		/* listings: kept in memory */
	size_t		 len;
	char		 etag[512];
	char		 last_modified[128];
	char		 kh_err[256];	/* the host-key refusal, if any */
};

static void
src_fail(struct src *sr, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
src_fail(struct src *sr, const char *fmt, ...)
{
	va_list ap;

	if (sr->err[0] == '\0') {
		va_start(ap, fmt);
		vsnprintf(sr->err, sizeof sr->err, _(fmt), ap);
		va_end(ap);
	}
	sr->failed++;
}

/* ---- libcurl callbacks ---- */

static size_t
write_cb(char *p, size_t size, size_t n, void *arg)
{
	struct xfer *x = arg;
	size_t len = size * n, off = 0;
	ssize_t w;
	char *nb;

	x->bytes += (long long)len;
	if (x->max > 0 && x->bytes > x->max) {
		x->too_big = 1;
		return 0;
	}
	if (x->fd == -1) {	/* a listing, in memory */
		if (x->len + len > FETCH_LIST_MAX) {
			x->too_big = 1;
			return 0;
		}
		if ((nb = realloc(x->buf, x->len + len + 1)) == NULL)
			return 0;
		x->buf = nb;
		memcpy(x->buf + x->len, p, len);
		x->len += len;
		x->buf[x->len] = '\0';
		return len;
	}
	while (off < len) {
		if ((w = write(x->fd, p + off, len - off)) == -1) {
			if (errno == EINTR)
				continue;
			x->werr = errno;
			return 0;
		}
		off += (size_t)w;
	}
	return len;
}

/* "Name: value" into dst when the header is name; a new response (a
 * redirect's) starts over. */
static void
header_value(const char *line, size_t len, const char *name, char *dst,
    size_t dstsz)
{
	size_t n = strlen(name), vl;
	const char *v;

	if (len <= n + 1 || strncasecmp(line, name, n) != 0 || line[n] != ':')
		return;
	v = line + n + 1;
	len -= n + 1;
	while (len > 0 && (*v == ' ' || *v == '\t')) {
		v++;
		len--;
	}
	while (len > 0 && (v[len - 1] == '\r' || v[len - 1] == '\n' ||
	    v[len - 1] == ' '))
		len--;
	vl = len < dstsz - 1 ? len : 0;	/* too long: not kept */
	memcpy(dst, v, vl);
	dst[vl] = '\0';
}

static size_t
header_cb(char *p, size_t size, size_t n, void *arg)
{
	struct xfer *x = arg;
	size_t len = size * n;

	if (len >= 5 && strncmp(p, "HTTP/", 5) == 0) {
		x->etag[0] = '\0';
		x->last_modified[0] = '\0';
	}
	header_value(p, len, "ETag", x->etag, sizeof x->etag);
	header_value(p, len, "Last-Modified", x->last_modified,
	    sizeof x->last_modified);
	return len;
}

/* sftp: only a key known_hosts holds, for this host, is accepted. */
static int
sshkey_cb(CURL *h, const struct curl_khkey *known,
    const struct curl_khkey *found, enum curl_khmatch match, void *arg)
{
	struct xfer *x = arg;

	(void)h;
	(void)known;
	(void)found;
	if (match == CURLKHMATCH_OK)
		return CURLKHSTAT_FINE;
	snprintf(x->kh_err, sizeof x->kh_err, "%s", match == CURLKHMATCH_MISMATCH ?
	    "the server's host key does not match the one in known_hosts"
	    " (refused: was the server replaced, or is someone in between?)" :
	    "the server's host key is not in known_hosts (refused: add it"
	    " after checking its fingerprint)");
	return CURLKHSTAT_REJECT;
}

/* ---- transfers ---- */

static CURL *
easy_new(struct run *r, struct src *sr, struct xfer *x, char *errbuf)
{
	const struct config_source *s = sr->s;
	CURL *h;

	if ((h = curl_easy_init()) == NULL)
		return NULL;
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https,ftp,sftp,file");
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, (long)FETCH_CONNECT_TIMEOUT);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, (long)FETCH_TOTAL_TIMEOUT);
	/* A stalled transfer: under 1 byte/s for a minute. */
	curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, 1L);
	curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, 60L);
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
	if (r->ca_bundle != NULL)
		curl_easy_setopt(h, CURLOPT_CAINFO, r->ca_bundle);
	curl_easy_setopt(h, CURLOPT_USERAGENT, "rekon");
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, write_cb);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, x);
	curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, header_cb);
	curl_easy_setopt(h, CURLOPT_HEADERDATA, x);
	if (sr->scheme == SCH_HTTP) {
		curl_easy_setopt(h, CURLOPT_FAILONERROR, 1L);
		curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
		curl_easy_setopt(h, CURLOPT_MAXREDIRS, 5L);
		/* https stays https; credentials never follow to another host. */
		curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR,
		    strncasecmp(s->url, "https:", 6) == 0 ? "https" : "http,https");
	}
	if (sr->scheme == SCH_FTP)
		curl_easy_setopt(h, CURLOPT_FTP_FILEMETHOD, (long)CURLFTPMETHOD_SINGLECWD);
	if (sr->scheme == SCH_SFTP) {
		curl_easy_setopt(h, CURLOPT_SSH_KNOWNHOSTS, s->known_hosts);
		curl_easy_setopt(h, CURLOPT_SSH_KEYFUNCTION, sshkey_cb);
		curl_easy_setopt(h, CURLOPT_SSH_KEYDATA, x);
		if (sr->have_password)
			curl_easy_setopt(h, CURLOPT_SSH_AUTH_TYPES,
			    (long)(CURLSSH_AUTH_PASSWORD | CURLSSH_AUTH_KEYBOARD));
	}
	if (s->user[0] != '\0')
		curl_easy_setopt(h, CURLOPT_USERNAME, s->user);
	if (sr->have_password)
		curl_easy_setopt(h, CURLOPT_PASSWORD, sr->password);
	if (r->max_bytes > 0)
		curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE,
		    (curl_off_t)r->max_bytes);
	return h;
}

/* Worth another try: the network, the server busy or failing. */
static int
transient(CURLcode rc, long http)
{
	switch (rc) {
	case CURLE_COULDNT_CONNECT:
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
	case CURLE_GOT_NOTHING:
	case CURLE_PARTIAL_FILE:
	case CURLE_FTP_ACCEPT_TIMEOUT:
	case CURLE_FTP_CANT_GET_HOST:
	case CURLE_FTP_WEIRD_PASV_REPLY:
		return 1;
	case CURLE_HTTP_RETURNED_ERROR:
		return http >= 500 || http == 429 || http == 408;
	default:
		return 0;
	}
}

static void
sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

/* Why a transfer failed, in plain words, into err. */
static void
xfer_error(const struct xfer *x, CURLcode rc, long http, const char *errbuf,
    long long max_bytes, char *err, size_t errsz)
{
	if (x->kh_err[0] != '\0')
		snprintf(err, errsz, "%s", x->kh_err);
	else if (x->too_big || rc == CURLE_FILESIZE_EXCEEDED)
		snprintf(err, errsz, _("larger than [limits] max_file_mb (%lld MB):"
		    " refused"), max_bytes / (1024 * 1024));
	else if (x->werr != 0)
		snprintf(err, errsz, _("writing the download: %s"), strerror(x->werr));
	else if (rc == CURLE_HTTP_RETURNED_ERROR)
		snprintf(err, errsz, _("the server answered HTTP %ld"), http);
	else if (rc == CURLE_PEER_FAILED_VERIFICATION ||
	    rc == CURLE_SSL_CACERT_BADFILE || rc == CURLE_SSL_CONNECT_ERROR)
		snprintf(err, errsz, _("TLS: %s"), errbuf[0] ? errbuf :
		    curl_easy_strerror(rc));
	else
		snprintf(err, errsz, "%s", errbuf[0] ? errbuf :
		    curl_easy_strerror(rc));
}

/*
 * One transfer of url with the source's settings, retried while it fails
 * transiently.  setup (may be NULL) adds what this transfer needs.  The
 * body goes to x (x->fd, or memory when -1); the file is truncated before
 * each attempt.  0 with *http set (0 for non-http), or -1 with err.
 */
static int
transfer(struct run *r, struct src *sr, const char *url, struct xfer *x,
    void (*setup)(CURL *, void *), void *arg, long *http, long long *filetime,
    long long *length, char *err, size_t errsz)
{
	char errbuf[CURL_ERROR_SIZE];
	curl_off_t ft, cl;
	CURLcode rc = CURLE_OK;
	long delay = r->delay_ms, code = 0;
	CURL *h;
	int i;

	for (i = 1; i <= FETCH_ATTEMPTS; i++) {
		if ((h = easy_new(r, sr, x, errbuf)) == NULL) {
			snprintf(err, errsz, _("curl_easy_init failed"));
			return -1;
		}
		errbuf[0] = '\0';
		x->bytes = 0;
		x->too_big = 0;
		x->werr = 0;
		x->kh_err[0] = '\0';
		x->len = 0;
		if (x->fd != -1 && (ftruncate(x->fd, 0) == -1 ||
		    lseek(x->fd, 0, SEEK_SET) == -1)) {
			snprintf(err, errsz, _("temporary file: %s"), strerror(errno));
			curl_easy_cleanup(h);
			return -1;
		}
		curl_easy_setopt(h, CURLOPT_URL, url);
		if (setup != NULL)
			setup(h, arg);
		rc = curl_easy_perform(h);
		code = 0;
		curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
		if (rc == CURLE_OK) {
			if (filetime != NULL)
				*filetime = curl_easy_getinfo(h, CURLINFO_FILETIME_T,
				    &ft) == CURLE_OK ? (long long)ft : -1;
			if (length != NULL)
				*length = curl_easy_getinfo(h,
				    CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &cl) ==
				    CURLE_OK ? (long long)cl : -1;
			curl_easy_cleanup(h);
			*http = sr->scheme == SCH_HTTP ? code : 0;
			return 0;
		}
		curl_easy_cleanup(h);
		if (!transient(rc, code) || x->too_big || i == FETCH_ATTEMPTS)
			break;
		log_info("source %s: %s: %s; trying again in %ld ms", sr->s->name,
		    url, errbuf[0] ? errbuf : curl_easy_strerror(rc), delay);
		sleep_ms(delay);
		delay *= 2;
	}
	xfer_error(x, rc, code, errbuf, r->max_bytes, err, errsz);
	if (transient(rc, code) && i > 1)
		snprintf(err + strlen(err), errsz - strlen(err),
		    " (after %d attempts)", FETCH_ATTEMPTS);
	return -1;
}

/* ---- the fetch_file table ---- */

static void
stored_get(struct run *r, struct src *sr, struct remote *f)
{
	const char *p[2] = { sr->s->name, f->url };
	char err[1024];
	PGresult *res;

	f->known = f->ok = 0;
	f->old_size = f->old_mtime = -1;
	f->etag[0] = f->last_modified[0] = '\0';
	if ((res = db_exec(r->conn, err, sizeof err, "SELECT status = 'OK',"
	    " size, extract(epoch FROM mtime)::bigint, etag, last_modified"
	    " FROM fetch_file WHERE source = $1 AND url = $2", 2, p)) == NULL) {
		log_warnx("fetch_file: %s", err);
		return;
	}
	if (PQntuples(res) == 1) {
		f->known = 1;
		f->ok = strcmp(PQgetvalue(res, 0, 0), "t") == 0;
		if (!PQgetisnull(res, 0, 1))
			f->old_size = strtoll(PQgetvalue(res, 0, 1), NULL, 10);
		if (!PQgetisnull(res, 0, 2))
			f->old_mtime = strtoll(PQgetvalue(res, 0, 2), NULL, 10);
		snprintf(f->etag, sizeof f->etag, "%s", PQgetvalue(res, 0, 3));
		snprintf(f->last_modified, sizeof f->last_modified, "%s",
		    PQgetvalue(res, 0, 4));
	}
	PQclear(res);
}

/*
 * Record a file: status OK (fetched: local set; or unchanged: local NULL,
 * the download fields kept) or GAGAL with message.
 */
static void
stored_put(struct run *r, struct src *sr, const struct remote *f,
    const char *status, const char *local, const char *etag,
    const char *last_modified, const char *message)
{
	char size[32], mtime[32], err[1024];
	const char *p[10];

	snprintf(size, sizeof size, "%lld", f->size);
	snprintf(mtime, sizeof mtime, "%lld", f->mtime);
	p[0] = sr->s->name;
	p[1] = f->url;
	p[2] = f->name;
	p[3] = f->size >= 0 ? size : NULL;
	p[4] = f->mtime >= 0 ? mtime : NULL;
	p[5] = etag != NULL && etag[0] != '\0' ? etag : NULL;
	p[6] = last_modified != NULL && last_modified[0] != '\0' ?
	    last_modified : NULL;
	p[7] = local;
	p[8] = status;
	p[9] = message;
	if (db_cmd(r->conn, err, sizeof err, "INSERT INTO fetch_file AS f"
	    " (source, url, remote_name, size, mtime, etag, last_modified,"
	    " fetched_at, local_name, status, message) VALUES ($1, $2, $3,"
	    " $4::bigint, to_timestamp($5::bigint), $6, $7,"
	    " CASE WHEN $8::text IS NOT NULL THEN now() END, $8, $9, $10)"
	    " ON CONFLICT (source, url) DO UPDATE SET"
	    " remote_name = EXCLUDED.remote_name, size = EXCLUDED.size,"
	    " mtime = EXCLUDED.mtime,"
	    " etag = coalesce(EXCLUDED.etag, CASE WHEN $8 IS NULL THEN f.etag END),"
	    " last_modified = coalesce(EXCLUDED.last_modified,"
	    "  CASE WHEN $8 IS NULL THEN f.last_modified END),"
	    " fetched_at = coalesce(EXCLUDED.fetched_at, f.fetched_at),"
	    " local_name = coalesce(EXCLUDED.local_name, f.local_name),"
	    " checked_at = now(), status = EXCLUDED.status,"
	    " message = EXCLUDED.message", 10, p) == -1)
		log_warnx("fetch_file: %s", err);
}

/* ---- placing a download ---- */

/* An inbox name from a remote name: no '/', no leading '.', printable. */
static int
local_name_ok(const char *name)
{
	const unsigned char *p;

	if (name[0] == '\0' || name[0] == '.' || strlen(name) > 200)
		return 0;
	for (p = (const unsigned char *)name; *p != '\0'; p++)
		if (*p == '/' || *p < 0x20 || *p == 0x7f)
			return 0;
	return 1;
}

/* "peserta-2026-11.csv", n 2 -> "peserta-2026-11.2.csv". */
static void
numbered(const char *name, int n, char *out, size_t outsz)
{
	const char *dot = strrchr(name, '.');

	if (n == 0)
		snprintf(out, outsz, "%s", name);
	else if (dot == NULL || dot == name)
		util_errf(out, outsz, "%s.%d", name, n);
	else
		snprintf(out, outsz, "%.*s.%d%s", (int)(dot - name), name, n, dot);
}

/*
 * Rename tmp into dir as f->name, never over a file there (the name used
 * goes to local).  The fetch_file row naming the file is written before
 * the file appears, so the daemon's import always finds it.  0, or -1
 * with err.
 */
static int
place(struct run *r, struct src *sr, const struct remote *f,
    const struct xfer *x, const char *tmp, const char *dir, char *local,
    size_t localsz, char *err, size_t errsz)
{
	char to[PATH_MAX], cand[256];
	struct stat sb;
	int n;

	for (n = 0; n < 1000; n++) {
		numbered(f->name, n, cand, sizeof cand);
		util_errf(to, sizeof to, "%s/%s", dir, cand);
		if (lstat(to, &sb) == 0)
			continue;
		stored_put(r, sr, f, "OK", cand, x->etag, x->last_modified, NULL);
		if (renameat2(AT_FDCWD, tmp, AT_FDCWD, to, RENAME_NOREPLACE) == 0) {
			snprintf(local, localsz, "%s", cand);
			return 0;
		}
		if (errno != EEXIST) {
			util_errf(err, errsz, "rename to %s: %s", to, strerror(errno));
			return -1;
		}
	}
	util_errf(err, errsz, "%s/%s: too many files of that name waiting", dir,
	    f->name);
	return -1;
}

/* ---- one file ---- */

struct cond {
	struct curl_slist *hdrs;
};

static void
setup_filetime(CURL *h, void *arg)
{
	(void)arg;
	curl_easy_setopt(h, CURLOPT_FILETIME, 1L);
}

static void
setup_probe(CURL *h, void *arg)
{
	(void)arg;
	curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
	curl_easy_setopt(h, CURLOPT_FILETIME, 1L);
}

static void
setup_cond(CURL *h, void *arg)
{
	struct cond *c = arg;

	curl_easy_setopt(h, CURLOPT_FILETIME, 1L);
	if (c->hdrs != NULL)
		curl_easy_setopt(h, CURLOPT_HTTPHEADER, c->hdrs);
}

/* A header value from the server, safe to send back. */
static int
header_safe(const char *v)
{
	for (; *v != '\0'; v++)
		if (*v == '\r' || *v == '\n')
			return 0;
	return 1;
}

static struct curl_slist *
cond_headers(const struct remote *f)
{
	struct curl_slist *l = NULL, *n;
	char line[700];

	if (!f->ok)
		return NULL;
	if (f->etag[0] != '\0' && header_safe(f->etag)) {
		snprintf(line, sizeof line, "If-None-Match: %s", f->etag);
		if ((n = curl_slist_append(l, line)) != NULL)
			l = n;
	}
	if (f->last_modified[0] != '\0' && header_safe(f->last_modified)) {
		snprintf(line, sizeof line, "If-Modified-Since: %s",
		    f->last_modified);
		if ((n = curl_slist_append(l, line)) != NULL)
			l = n;
	}
	return l;
}

/*
 * Fetch one file into the inbox: 1 fetched, 0 unchanged, -1 failed (the
 * source's error set).  For every scheme but http the size and time are
 * known before (f->size, f->mtime; -1 when not) and decide.
 */
static int
file_fetch(struct run *r, struct src *sr, struct remote *f)
{
	const char *kind = config_source_kinds[sr->s->kind];
	char dir[PATH_MAX], tmp[PATH_MAX], local[256], err[2048];
	struct xfer x;
	struct cond c = { NULL };
	long long ft = -1;
	long http = 0;
	int rc;

	stored_get(r, sr, f);
	if (sr->scheme != SCH_HTTP && f->ok && f->size == f->old_size &&
	    f->mtime == f->old_mtime) {
		log_debug("source %s: %s unchanged", sr->s->name, f->name);
		return 0;
	}
	if (sr->scheme != SCH_HTTP && r->max_bytes > 0 && f->size > r->max_bytes) {
		snprintf(err, sizeof err, _("%lld bytes, larger than [limits]"
		    " max_file_mb (%lld MB): refused"), f->size,
		    r->max_bytes / (1024 * 1024));
		goto failed;
	}
	snprintf(dir, sizeof dir, "%s/%s", r->cfg->paths.inbox, kind);
	if (util_mkdirs(dir, 0750) == -1) {
		util_errf(err, sizeof err, "%s: %s", dir, strerror(errno));
		goto failed;
	}
	if (snprintf(tmp, sizeof tmp, "%s/" FETCH_TMP "XXXXXX", dir) >=
	    (int)sizeof tmp) {
		util_errf(err, sizeof err, "%s: path too long", dir);
		goto failed;
	}
	memset(&x, 0, sizeof x);
	x.max = r->max_bytes;
	if ((x.fd = mkstemp(tmp)) == -1) {
		util_errf(err, sizeof err, "%s: %s", tmp, strerror(errno));
		goto failed;
	}
	(void)fchmod(x.fd, 0640);
	if (sr->scheme == SCH_HTTP) {
		c.hdrs = cond_headers(f);
		rc = transfer(r, sr, f->url, &x, setup_cond, &c, &http, &ft, NULL,
		    err, sizeof err);
		curl_slist_free_all(c.hdrs);
	} else
		rc = transfer(r, sr, f->url, &x, setup_filetime, NULL, &http, &ft,
		    NULL, err, sizeof err);
	if (rc == 0 && fsync(x.fd) == -1) {
		snprintf(err, sizeof err, _("writing the download: %s"),
		    strerror(errno));
		rc = -1;
	}
	close(x.fd);
	if (rc == -1 || http == 304) {
		unlink(tmp);
		if (rc == -1)
			goto failed;
		log_info("source %s: %s not modified (304)", sr->s->name, f->name);
		stored_put(r, sr, f, "OK", NULL, NULL, NULL, NULL);
		return 0;
	}
	if (sr->scheme == SCH_HTTP) {
		f->size = x.bytes;
		f->mtime = ft;
	}
	if (place(r, sr, f, &x, tmp, dir, local, sizeof local, err,
	    sizeof err) == -1) {
		unlink(tmp);
		goto failed;
	}
	log_info("source %s: %s fetched (%lld bytes) into %s/%s", sr->s->name,
	    f->name, x.bytes, dir, local);
	if (r->out != NULL)
		fprintf(r->out, "  %s: %s -> %s/%s\n", sr->s->name, f->name, dir,
		    local);
	return 1;
failed:
	log_warnx("source %s: %s: %s", sr->s->name, f->name, err);
	stored_put(r, sr, f, "GAGAL", NULL, NULL, NULL, err);
	src_fail(sr, "%s: %s", f->name, err);
	return -1;
}

/* ---- the source's steps ---- */

static int
scheme_of(const char *url, enum scheme *sch)
{
	if (strncasecmp(url, "https://", 8) == 0 || strncasecmp(url, "http://", 7) == 0)
		*sch = SCH_HTTP;
	else if (strncasecmp(url, "ftp://", 6) == 0)
		*sch = SCH_FTP;
	else if (strncasecmp(url, "sftp://", 7) == 0)
		*sch = SCH_SFTP;
	else if (strncasecmp(url, "file://", 7) == 0)
		*sch = SCH_FILE;
	else
		return -1;
	return 0;
}

static enum src_state
step_check(struct run *r, struct src *sr)
{
	const struct config_source *s = sr->s;
	char *pw = NULL, *path = NULL;
	struct stat sb;
	CURLU *u;
	size_t n;

	(void)r;
	if (scheme_of(s->url, &sr->scheme) == -1) {
		src_fail(sr, "%s: not a supported URL", s->url);
		return SRC_FAILED;
	}
	if ((u = curl_url()) == NULL ||
	    curl_url_set(u, CURLUPART_URL, s->url, 0) != CURLUE_OK) {
		curl_url_cleanup(u);
		src_fail(sr, "%s: not a URL libcurl can read", s->url);
		return SRC_FAILED;
	}
	if (curl_url_get(u, CURLUPART_PASSWORD, &pw, 0) == CURLUE_OK) {
		curl_free(pw);
		curl_url_cleanup(u);
		src_fail(sr, "the URL holds a password: put it in password_file"
		    " (a file only the service may read) instead");
		return SRC_FAILED;
	}
	if (sr->scheme == SCH_FILE) {
		if (curl_url_get(u, CURLUPART_PATH, &path, CURLU_URLDECODE) !=
		    CURLUE_OK || path[0] != '/') {
			curl_free(path);
			curl_url_cleanup(u);
			src_fail(sr, "%s: no local path", s->url);
			return SRC_FAILED;
		}
		snprintf(sr->base, sizeof sr->base, "%s", path);
		curl_free(path);
	}
	curl_url_cleanup(u);
	n = strlen(s->url);
	sr->is_dir = s->url[n - 1] == '/';
	if (sr->scheme == SCH_FILE && !sr->is_dir && stat(sr->base, &sb) == 0 &&
	    S_ISDIR(sb.st_mode))
		sr->is_dir = 1;
	if (sr->scheme == SCH_HTTP && sr->is_dir) {
		src_fail(sr, "an http(s) source names one file, not a directory"
		    " (%s ends in '/')", s->url);
		return SRC_FAILED;
	}
	if (sr->scheme == SCH_SFTP && s->known_hosts[0] == '\0') {
		src_fail(sr, "an sftp source needs known_hosts (the server's host"
		    " key, checked at every connection)");
		return SRC_FAILED;
	}
	if (sr->scheme == SCH_SFTP && access(s->known_hosts, R_OK) == -1) {
		src_fail(sr, "known_hosts %s: %s", s->known_hosts, strerror(errno));
		return SRC_FAILED;
	}
	return SRC_SECRET;
}

/* The first line of password_file, after its mode is checked. */
static enum src_state
step_secret(struct run *r, struct src *sr)
{
	const struct config_source *s = sr->s;
	char err[1024];
	FILE *fp;
	size_t n;

	(void)r;
	if (s->password_file[0] == '\0')
		return sr->is_dir && sr->scheme != SCH_HTTP ? SRC_LIST : SRC_ONE;
	if (config_check_secret_file(s->password_file, err, sizeof err) == -1) {
		src_fail(sr, "%s", err);
		return SRC_FAILED;
	}
	if ((fp = fopen(s->password_file, "r")) == NULL) {
		src_fail(sr, "secret file %s: %s", s->password_file,
		    strerror(errno));
		return SRC_FAILED;
	}
	if (fgets(sr->password, sizeof sr->password, fp) == NULL)
		sr->password[0] = '\0';
	fclose(fp);
	n = strcspn(sr->password, "\r\n");
	sr->password[n] = '\0';
	if (n == 0) {
		src_fail(sr, "secret file %s is empty", s->password_file);
		return SRC_FAILED;
	}
	sr->have_password = 1;
	return sr->is_dir ? SRC_LIST : SRC_ONE;
}

static int
want_name(const struct src *sr, const char *name)
{
	return name[0] != '\0' && strcmp(name, ".") != 0 &&
	    strcmp(name, "..") != 0 && strchr(name, '/') == NULL &&
	    fnmatch(sr->s->pattern, name, 0) == 0;
}

static int
add_name(struct src *sr, const char *name)
{
	char **nn;

	if (sr->nnames == NAMES_MAX)
		return -1;
	if ((nn = realloc(sr->names, (sr->nnames + 1) * sizeof *nn)) == NULL)
		return -1;
	sr->names = nn;
	if ((sr->names[sr->nnames] = strdup(name)) == NULL)
		return -1;
	sr->nnames++;
	return 0;
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
setup_dirlist(CURL *h, void *arg)
{
	(void)arg;
	curl_easy_setopt(h, CURLOPT_DIRLISTONLY, 1L);
}

/* Drop name i (a directory). */
static void
drop_name(struct src *sr, size_t i)
{
	free(sr->names[i]);
	sr->names[i] = sr->names[--sr->nnames];
}

/*
 * The long listing (LIST, or sftp's long names: "drwxr-xr-x ... name"):
 * the names whose line says directory are dropped.  A name without a line
 * stays (it is tried as a file).  0, or -1 with err.
 */
static int
drop_directories(struct run *r, struct src *sr, char *err, size_t errsz)
{
	struct xfer x;
	char *line, *save = NULL;
	size_t i, ll, nl;
	long http;

	memset(&x, 0, sizeof x);
	x.fd = -1;
	if (transfer(r, sr, sr->s->url, &x, NULL, NULL, &http, NULL, NULL, err,
	    errsz) == -1) {
		free(x.buf);
		return -1;
	}
	for (line = x.buf ? strtok_r(x.buf, "\r\n", &save) : NULL;
	    line != NULL; line = strtok_r(NULL, "\r\n", &save)) {
		if (line[0] != 'd')
			continue;
		ll = strlen(line);
		for (i = 0; i < sr->nnames; i++) {
			nl = strlen(sr->names[i]);
			if (ll > nl && line[ll - nl - 1] == ' ' &&
			    strcmp(line + ll - nl, sr->names[i]) == 0) {
				log_debug("source %s: %s is a directory: skipped",
				    sr->s->name, sr->names[i]);
				drop_name(sr, i);
				break;
			}
		}
	}
	free(x.buf);
	return 0;
}

static enum src_state
step_list(struct run *r, struct src *sr)
{
	struct xfer x;
	struct dirent *de;
	struct stat sb;
	char err[2048], path[PATH_MAX], *line, *save = NULL;
	long http;
	DIR *dp;

	if (sr->scheme == SCH_FILE) {
		if ((dp = opendir(sr->base)) == NULL) {
			src_fail(sr, "%s: %s", sr->base, strerror(errno));
			return SRC_FAILED;
		}
		while ((de = readdir(dp)) != NULL) {
			util_errf(path, sizeof path, "%s/%s", sr->base, de->d_name);
			if (want_name(sr, de->d_name) && de->d_name[0] != '.' &&
			    stat(path, &sb) == 0 && S_ISREG(sb.st_mode))
				add_name(sr, de->d_name);
		}
		closedir(dp);
	} else {
		/* The names (NLST, sftp's short names), then the long
		 * listing for which of them are directories. */
		memset(&x, 0, sizeof x);
		x.fd = -1;
		if (transfer(r, sr, sr->s->url, &x, setup_dirlist, NULL, &http,
		    NULL, NULL, err, sizeof err) == -1) {
			free(x.buf);
			src_fail(sr, "listing %s: %s", sr->s->url, err);
			return SRC_FAILED;
		}
		for (line = x.buf ? strtok_r(x.buf, "\r\n", &save) : NULL;
		    line != NULL; line = strtok_r(NULL, "\r\n", &save))
			if (want_name(sr, line) && line[0] != '.')
				add_name(sr, line);
		free(x.buf);
		if (sr->nnames > 0 && drop_directories(r, sr, err,
		    sizeof err) == -1) {
			src_fail(sr, "listing %s: %s", sr->s->url, err);
			return SRC_FAILED;
		}
	}
	qsort(sr->names, sr->nnames, sizeof *sr->names, name_cmp);
	return SRC_FILES;
}

/* Size and time of a remote file: from stat for file://, else a probe. */
static int
file_probe(struct run *r, struct src *sr, struct remote *f, const char *path)
{
	struct xfer x;
	struct stat sb;
	char err[2048];
	long http;

	f->size = f->mtime = -1;
	if (sr->scheme == SCH_HTTP)
		return 0;
	if (sr->scheme == SCH_FILE) {
		if (stat(path, &sb) == -1) {
			src_fail(sr, "%s: %s", path, strerror(errno));
			return -1;
		}
		if (!S_ISREG(sb.st_mode))
			return 1;	/* not a file: skipped */
		f->size = (long long)sb.st_size;
		f->mtime = (long long)sb.st_mtime;
		return 0;
	}
	memset(&x, 0, sizeof x);
	x.fd = -1;
	if (transfer(r, sr, f->url, &x, setup_probe, NULL, &http, &f->mtime,
	    &f->size, err, sizeof err) == -1) {
		free(x.buf);
		log_warnx("source %s: %s: %s", sr->s->name, f->name, err);
		src_fail(sr, "%s: %s", f->name, err);
		return -1;
	}
	free(x.buf);
	return 0;
}

/* The remote's URL and name for a listed name, or the source's one file. */
static int
remote_init(struct src *sr, struct remote *f, const char *name, char *path,
    size_t pathsz)
{
	const char *url = sr->s->url, *slash;
	char *esc, *dec;
	CURL *h;
	int n;

	memset(f, 0, sizeof *f);
	if (name != NULL) {
		/* The directory's URL as written (its escapes kept), then the
		 * name escaped. */
		if (sr->scheme == SCH_FILE)
			util_errf(path, pathsz, "%s/%s", sr->base, name);
		if ((h = curl_easy_init()) == NULL ||
		    (esc = curl_easy_escape(h, name, 0)) == NULL) {
			curl_easy_cleanup(h);
			return -1;
		}
		n = snprintf(f->url, sizeof f->url, "%s%s%s", url,
		    url[strlen(url) - 1] == '/' ? "" : "/", esc);
		curl_free(esc);
		curl_easy_cleanup(h);
		snprintf(f->name, sizeof f->name, "%s", name);
		return n > 0 && (size_t)n < sizeof f->url ? 0 : -1;
	}
	/* One file: its URL as written, its name the last path segment. */
	snprintf(f->url, sizeof f->url, "%s", url);
	if (sr->scheme == SCH_FILE)
		snprintf(path, pathsz, "%s", sr->base);
	slash = strrchr(url, '/');
	if ((h = curl_easy_init()) == NULL)
		return -1;
	dec = curl_easy_unescape(h, slash ? slash + 1 : url, 0, NULL);
	curl_easy_cleanup(h);
	if (dec == NULL)
		return -1;
	/* A query string is no part of the name. */
	dec[strcspn(dec, "?#")] = '\0';
	snprintf(f->name, sizeof f->name, "%s", dec);
	curl_free(dec);
	if (!local_name_ok(f->name))
		snprintf(f->name, sizeof f->name, "%s", sr->s->name);
	return 0;
}

static void
one_file(struct run *r, struct src *sr, const char *name)
{
	struct remote f;
	char path[PATH_MAX];
	int rc;

	if (name != NULL && !local_name_ok(name))
		return;
	path[0] = '\0';
	if (remote_init(sr, &f, name, path, sizeof path) == -1) {
		src_fail(sr, "%s: name too long for a URL", name ? name : sr->s->url);
		return;
	}
	if ((rc = file_probe(r, sr, &f, path)) != 0)
		return;
	switch (file_fetch(r, sr, &f)) {
	case 1:
		sr->fetched++;
		break;
	case 0:
		sr->unchanged++;
		break;
	}
}

static enum src_state
step_one(struct run *r, struct src *sr)
{
	one_file(r, sr, NULL);
	return sr->failed ? SRC_FAILED : SRC_DONE;
}

static enum src_state
step_files(struct run *r, struct src *sr)
{
	size_t i;

	for (i = 0; i < sr->nnames; i++)
		one_file(r, sr, sr->names[i]);
	return sr->failed ? SRC_FAILED : SRC_DONE;
}

/* Run one source through its states; 0 ok, -1 failed with err. */
static int
source_run(struct run *r, const struct config_source *s, char *err,
    size_t errsz)
{
	struct src *sr;
	size_t i;
	int rc;

	if ((sr = calloc(1, sizeof *sr)) == NULL) {
		snprintf(err, errsz, _("out of memory"));
		return -1;
	}
	sr->s = s;
	sr->st = SRC_CHECK;
	while (sr->st != SRC_DONE && sr->st != SRC_FAILED) {
		switch (sr->st) {
		case SRC_CHECK:
			sr->st = step_check(r, sr);
			break;
		case SRC_SECRET:
			sr->st = step_secret(r, sr);
			break;
		case SRC_LIST:
			sr->st = step_list(r, sr);
			break;
		case SRC_ONE:
			sr->st = step_one(r, sr);
			break;
		case SRC_FILES:
			sr->st = step_files(r, sr);
			break;
		default:
			sr->st = SRC_FAILED;
			break;
		}
	}
	r->fetched += sr->fetched;
	r->unchanged += sr->unchanged;
	rc = sr->st == SRC_FAILED ? -1 : 0;
	if (rc == -1) {
		if (sr->failed > 1)
			snprintf(err, errsz, ngettext("%s (and %d more failure)",
			    "%s (and %d more failures)",
			    (unsigned long)(sr->failed - 1)), sr->err,
			    sr->failed - 1);
		else
			snprintf(err, errsz, "%s", sr->err);
		log_warnx("source %s failed: %s", s->name, err);
	} else
		log_info("source %s: %d fetched, %d unchanged", s->name,
		    sr->fetched, sr->unchanged);
	explicit_bzero(sr->password, sizeof sr->password);
	for (i = 0; i < sr->nnames; i++)
		free(sr->names[i]);
	free(sr->names);
	free(sr);
	return rc;
}

/* Temporary files a killed run left (we hold the lock: none is live). */
static void
remove_stale(const struct config *cfg)
{
	char dir[PATH_MAX], path[PATH_MAX];
	struct dirent *de;
	DIR *dp;
	int k;

	for (k = 0; config_source_kinds[k] != NULL; k++) {
		snprintf(dir, sizeof dir, "%s/%s", cfg->paths.inbox,
		    config_source_kinds[k]);
		if ((dp = opendir(dir)) == NULL)
			continue;
		while ((de = readdir(dp)) != NULL) {
			if (strncmp(de->d_name, FETCH_TMP, strlen(FETCH_TMP)) != 0)
				continue;
			util_errf(path, sizeof path, "%s/%s", dir, de->d_name);
			if (unlink(path) == 0)
				log_info("removed %s, left by an interrupted fetch",
				    path);
		}
		closedir(dp);
	}
}

/* Append "; text" (or text) to msg. */
static void
msg_add(char *msg, size_t msgsz, const char *text)
{
	size_t n = strlen(msg);

	if (n + 3 >= msgsz)
		return;
	snprintf(msg + n, msgsz - n, "%s%s", n > 0 ? "; " : "", text);
}

int
fetch_run(PGconn *c, const struct config *cfg, FILE *out, char *msg,
    size_t msgsz)
{
	struct run r;
	char err[2048], line[2304], nsrc[48], nfiles[48];
	const char *s;
	size_t i;
	int nfailed = 0, locked;

	msg[0] = '\0';
	if (cfg->nsources == 0) {
		snprintf(msg, msgsz, _("no [source.NAME] in the configuration:"
		    " nothing to fetch"));
		log_info("fetch: %s", msg);
		return EX_OK;
	}
	if ((locked = db_trylock(c, "fetch", err, sizeof err)) == -1) {
		snprintf(msg, msgsz, "%s", err);
		log_warnx("fetch: %s", err);
		return EX_UNAVAILABLE;
	}
	if (!locked) {
		snprintf(msg, msgsz, _("another fetch is running: skipped"));
		log_info("fetch: %s", msg);
		return EX_OK;
	}
	memset(&r, 0, sizeof r);
	r.conn = c;
	r.cfg = cfg;
	r.out = out;
	r.max_bytes = cfg->limits.max_file_mb * 1024 * 1024;
	r.delay_ms = (long)hook_num(HOOK_FETCH_DELAY_MS, 2000);
	if ((s = getenv("CURL_CA_BUNDLE")) != NULL && *s != '\0')
		r.ca_bundle = s;
	curl_global_init(CURL_GLOBAL_DEFAULT);
	remove_stale(cfg);
	for (i = 0; i < cfg->nsources; i++) {
		if (source_run(&r, &cfg->sources[i], err, sizeof err) == 0)
			continue;
		nfailed++;
		snprintf(line, sizeof line, "source %s: %s", cfg->sources[i].name,
		    err);
		msg_add(msg, msgsz, line);
	}
	curl_global_cleanup();
	db_unlock(c, "fetch");
	snprintf(nsrc, sizeof nsrc, ngettext("%zu source", "%zu sources",
	    (unsigned long)cfg->nsources), cfg->nsources);
	snprintf(nfiles, sizeof nfiles, ngettext("%d file", "%d files",
	    (unsigned long)r.fetched), r.fetched);
	if (nfailed > 0) {
		snprintf(line, sizeof line, _("%d of %s failed (%s fetched): "),
		    nfailed, nsrc, nfiles);
		if (strlen(line) + strlen(msg) < msgsz) {
			memmove(msg + strlen(line), msg, strlen(msg) + 1);
			memcpy(msg, line, strlen(line));
		}
		return EX_TEMPFAIL;
	}
	snprintf(msg, msgsz, _("%s fetched, %d unchanged, from %s"), nfiles,
	    r.unchanged, nsrc);
	log_info("fetch: %s", msg);
	return EX_OK;
}

const struct config_source *
fetch_source_of(PGconn *c, const struct config *cfg, int kind,
    const char *local_name, const char *path)
{
	const struct config_source *found = NULL;
	const char *p[3];
	char size[32], err[1024];
	struct stat sb;
	PGresult *res;
	size_t i;
	int row;

	if (kind != SOURCE_SEGMEN || stat(path, &sb) == -1)
		return NULL;
	snprintf(size, sizeof size, "%lld", (long long)sb.st_size);
	p[0] = local_name;
	p[1] = size;
	p[2] = NULL;
	if ((res = db_exec(c, err, sizeof err, "SELECT source FROM fetch_file"
	    " WHERE local_name = $1 AND status = 'OK' AND (size = $2::bigint"
	    " OR size IS NULL) ORDER BY fetched_at DESC", 2, p)) == NULL) {
		log_warnx("fetch_file: %s", err);
		return NULL;
	}
	for (row = 0; row < PQntuples(res) && found == NULL; row++)
		for (i = 0; i < cfg->nsources; i++)
			if (cfg->sources[i].kind == kind &&
			    strcmp(cfg->sources[i].name,
			    PQgetvalue(res, row, 0)) == 0) {
				found = &cfg->sources[i];
				break;
			}
	PQclear(res);
	return found;
}

int
job_fetch(struct session *s, const struct job_args *a, struct job_result *res)
{
	int rc;

	if (a->out != NULL)
		fprintf(a->out, "fetch:\n");
	rc = fetch_run(s->conn, &s->cfg, a->out, res->msg, sizeof res->msg);
	if (a->out != NULL)
		fprintf(a->out, "  %s\n", res->msg);
	return rc;
}
