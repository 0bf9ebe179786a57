/*
 * cek.c — the membership check of a person or a family (rules.md §7; see
 * cek.h).
 *
 * Offline, the case comes from the imported lists (sql/rules/50_cek.sql).
 * Online, BPJS's bridging API (bpjs/vclaim.h) decides it, each answer
 * stored in vclaim_answer (sql/006_vclaim.sql), the requests of every
 * process sharing the database held under [bpjs_api] max_per_minute;
 * docs/vclaim.md says how, and what each exit code means.
 */
#include "cek.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "clean.h"
#include "config.h"
#include "db.h"
#include "i18n.h"
#include "log.h"
#include "vclaim.h"

/* ---- from the imported lists -------------------------------------------- */

static void
cek_emit(struct cek_out *out, const char *nik, const char *kasus,
    const char *segmen, const char *tindakan, const char *nama)
{
	out->rows++;
	out->row(out->arg, nik, kasus, segmen != NULL ? segmen : "", tindakan,
	    nama != NULL ? nama : "");
}

int
cek_id16(const char *in, char out[17])
{
	size_t n = 0;

	for (; *in != '\0'; in++) {
		if (*in == ' ' || *in == '.' || *in == '-' || *in == '\t')
			continue;
		if (*in < '0' || *in > '9' || n == 16)
			return -1;
		out[n++] = *in;
	}
	out[n] = '\0';
	return n == 16 ? 0 : -1;
}

/* B*, the list a cek is judged on, into out (empty when none). */
static int
cek_basis(PGconn *c, const char *periode, struct cek_out *out)
{
	const char *p[1] = { periode };
	char err[1024];
	PGresult *r;

	out->periode[0] = out->file[0] = out->diimpor[0] = '\0';
	out->n_periode[0] = out->n_file[0] = '\0';
	if ((r = db_exec(c, err, sizeof err, "SELECT b.period, b.file_name,"
	    " to_char(coalesce(b.finished_at, b.started_at), 'DD-MM-YYYY'),"
	    " n.period, n.file_name FROM rekon_cek_dasar($1) x"
	    " LEFT JOIN batch b ON b.id = x.bb"
	    " LEFT JOIN batch n ON n.id = x.nb", 1, p)) == NULL) {
		log_warnx("%s", err);
		return EX_UNAVAILABLE;
	}
	snprintf(out->periode, sizeof out->periode, "%s", PQgetvalue(r, 0, 0));
	snprintf(out->file, sizeof out->file, "%s", PQgetvalue(r, 0, 1));
	snprintf(out->diimpor, sizeof out->diimpor, "%s", PQgetvalue(r, 0, 2));
	snprintf(out->n_periode, sizeof out->n_periode, "%s", PQgetvalue(r, 0, 3));
	snprintf(out->n_file, sizeof out->n_file, "%s", PQgetvalue(r, 0, 4));
	PQclear(r);
	return EX_OK;
}

/* One rekon_cek query for one NIK or No KK (and the period, NULL for the
 * newest): its rows to out. */
static int
cek_query(PGconn *c, const char *sql, const char *arg, const char *periode,
    struct cek_out *out)
{
	const char *p[2] = { arg, periode };
	char err[1024];
	PGresult *r;
	int i;

	if ((r = db_exec(c, err, sizeof err, sql, 2, p)) == NULL) {
		log_warnx("%s", err);
		return EX_UNAVAILABLE;
	}
	for (i = 0; i < PQntuples(r); i++)
		cek_emit(out, PQgetvalue(r, i, 0), PQgetvalue(r, i, 1),
		    PQgetvalue(r, i, 2), PQgetvalue(r, i, 3), PQgetvalue(r, i, 4));
	PQclear(r);
	return EX_OK;
}

int
cek_local(PGconn *c, const char *periode, const char *kk, int argc,
    char **argv, struct cek_out *out)
{
	int i, rc;

	if ((rc = cek_basis(c, periode, out)) != EX_OK)
		return rc;
	if (kk != NULL)
		rc = cek_query(c, "SELECT nik, kasus, coalesce(segmen, ''),"
		    " tindakan, coalesce(nama, '') FROM rekon_cek_kk($1, $2)", kk,
		    periode, out);
	for (i = 0; kk == NULL && i < argc && rc == EX_OK; i++)
		rc = cek_query(c, "SELECT nik, kasus, coalesce(segmen, ''),"
		    " tindakan, coalesce(nama, '') FROM rekon_cek(ARRAY[$1], $2)",
		    argv[i], periode, out);
	return rc;
}

/* ---- --online ----------------------------------------------------------- */

/*
 * A secret file's first line (trailing white space dropped) into buf,
 * after config_check_secret_file: EX_OK or EX_CONFIG, said why.
 */
static int
read_secret(const char *what, const char *path, char *buf, size_t bufsz)
{
	char err[1024];
	ssize_t n;
	size_t len;
	int fd;

	if (config_check_secret_file(path, err, sizeof err) == -1) {
		log_warnx("[bpjs_api] %s: %s", what, err);
		return EX_CONFIG;
	}
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		log_warn("[bpjs_api] %s: %s", what, path);
		return EX_CONFIG;
	}
	n = read(fd, buf, bufsz - 1);
	close(fd);
	if (n < 0) {
		log_warn("[bpjs_api] %s: %s", what, path);
		return EX_CONFIG;
	}
	buf[n] = '\0';
	buf[strcspn(buf, "\r\n")] = '\0';
	len = strlen(buf);
	while (len > 0 && (buf[len - 1] == ' ' || buf[len - 1] == '\t'))
		buf[--len] = '\0';
	if (len == 0 || (size_t)n == bufsz - 1) {
		log_warnx("[bpjs_api] %s: %s is %s", what, path,
		    len == 0 ? "empty" : "too long");
		return EX_CONFIG;
	}
	return EX_OK;
}

/*
 * The rate limit: wait until fewer than max requests were made in the last
 * minute, by any process, then write the request's row (its asked_at is
 * now) and return its id. The advisory lock makes count-then-insert one
 * step for every rekon sharing the database.
 */
static int
reserve(PGconn *c, const char *nik, const char *tgl, long long max,
    char *id, size_t idsz, char *err, size_t errsz)
{
	char off[32], rb[256];
	const char *p[2];
	PGresult *r;
	double wait;
	struct timespec ts;
	int said = 0;

	snprintf(off, sizeof off, "%lld", max - 1);
	for (;;) {
		p[0] = off;
		if (db_cmd(c, err, errsz, "BEGIN", 0, NULL) == -1)
			return -1;
		if (db_xact_lock(c, "vclaim", err, errsz) == -1 ||
		    (r = db_exec(c, err, errsz, "SELECT extract(epoch FROM"
		    " a.asked_at + interval '1 minute' - clock_timestamp())"
		    " FROM vclaim_answer a"
		    " WHERE a.asked_at > clock_timestamp() - interval '1 minute'"
		    " ORDER BY a.asked_at DESC OFFSET $1 LIMIT 1", 1, p)) == NULL)
			goto fail;
		if (PQntuples(r) == 0) {
			PQclear(r);
			break;
		}
		wait = strtod(PQgetvalue(r, 0, 0), NULL);
		PQclear(r);
		if (db_cmd(c, err, errsz, "COMMIT", 0, NULL) == -1)
			return -1;
		if (!said++)
			log_info("[bpjs_api] max_per_minute = %lld reached: "
			    "waiting %.1f s", max, wait);
		if (wait < 0.01)
			wait = 0.01;
		if (wait > 60)		/* a row from a clock ahead: look again */
			wait = 60;
		ts.tv_sec = (time_t)wait;
		ts.tv_nsec = (long)((wait - (double)ts.tv_sec) * 1e9);
		while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
			;
	}
	p[0] = nik;
	p[1] = tgl;
	if ((r = db_exec(c, err, errsz, "INSERT INTO vclaim_answer (nik, tgl_sep)"
	    " VALUES ($1, $2::date) RETURNING id", 2, p)) == NULL)
		goto fail;
	snprintf(id, idsz, "%s", PQgetvalue(r, 0, 0));
	PQclear(r);
	return db_cmd(c, err, errsz, "COMMIT", 0, NULL);
fail:
	db_cmd(c, rb, sizeof rb, "ROLLBACK", 0, NULL);	/* err says why */
	return -1;
}

/* The answer into the request's row. */
static int
store(PGconn *c, const char *nik, const char *id,
    const struct vclaim_answer *a, char *err, size_t errsz)
{
	char http[16];
	const char *p[9];

	snprintf(http, sizeof http, "%ld", a->http_status);
	p[0] = nik;
	p[1] = id;
	p[2] = a->http_status != 0 ? http : NULL;
	p[3] = a->meta_code[0] != '\0' ? a->meta_code : NULL;
	p[4] = a->meta_code[0] != '\0' ? a->meta_message : NULL;
	p[5] = a->peserta_json;
	p[6] = vclaim_kasus_name(a->kasus);
	p[7] = a->kasus != VCLAIM_KASUS_NONE ? a->segmen : NULL;
	p[8] = a->kasus == VCLAIM_KASUS_NONE ? a->error : NULL;
	return db_cmd(c, err, errsz, "UPDATE vclaim_answer SET"
	    " http_status = $3::integer, meta_code = $4, meta_message = $5,"
	    " peserta = $6::jsonb, kasus = $7, segmen = $8, error = $9"
	    " WHERE nik = $1 AND id = $2::bigint", 9, p);
}

/* The exit code of an error (docs/vclaim.md). */
static int
vclaim_exit(enum vclaim_err e)
{
	switch (e) {
	case VCLAIM_OK:
		return EX_OK;
	case VCLAIM_ERR_CONFIG:
		return EX_CONFIG;
	case VCLAIM_ERR_NETWORK:
		return EX_UNAVAILABLE;
	case VCLAIM_ERR_HTTP:
		return EX_PROTOCOL;
	case VCLAIM_ERR_AUTH:
		return EX_NOPERM;
	case VCLAIM_ERR_NOMEM:
		return EX_OSERR;
	default:
		return EX_DATAERR;	/* the payload */
	}
}

/* The NIKs to ask about: the arguments cleaned like imported identifiers
 * (each once, in order), or the family's from the imported lists. */
static int
online_niks(PGconn *conn, const char *kk, int argc, char **argv,
    char ***niks, int *nniks)
{
	char buf[256], id[256], err[1024];
	const char *p[1] = { kk };
	PGresult *r = NULL;
	int i, j, n;

	n = kk != NULL ? 0 : argc;
	if (kk != NULL) {
		if ((r = db_exec(conn, err, sizeof err,
		    "SELECT nik FROM rekon_cek_kk($1)", 1, p)) == NULL) {
			log_warnx("%s", err);
			return EX_UNAVAILABLE;
		}
		n = PQntuples(r);
	}
	if ((*niks = calloc((size_t)n + 1, sizeof **niks)) == NULL) {
		PQclear(r);
		return EX_OSERR;
	}
	*nniks = 0;
	for (i = 0; i < n; i++) {
		if (kk != NULL)
			snprintf(id, sizeof id, "%s", PQgetvalue(r, i, 0));
		else {
			clean_text(argv[i], strlen(argv[i]), buf, sizeof buf);
			clean_identifier(buf, id, sizeof id);
		}
		for (j = 0; j < *nniks; j++)
			if (strcmp((*niks)[j], id) == 0)
				break;
		if (j < *nniks)
			continue;
		if (((*niks)[(*nniks)++] = strdup(id)) == NULL) {
			PQclear(r);
			return EX_OSERR;
		}
	}
	PQclear(r);
	return EX_OK;
}

/*
 * Text for the log with every run of 10 or more digits masked like
 * log_id: BPJS's own messages might echo a NIK or NOKA.
 */
static const char *
masked(const char *in, char *out, size_t outsz)
{
	char run[LOG_ID_BUFSZ], m[LOG_ID_BUFSZ];
	size_t o = 0, k;
	const char *p = in;

	while (*p != '\0' && o + 1 < outsz) {
		for (k = 0; p[k] >= '0' && p[k] <= '9'; k++)
			;
		if (k >= 10) {
			snprintf(run, sizeof run, "%.*s", (int)(k < 60 ? k : 60), p);
			o += (size_t)snprintf(out + o, outsz - o, "%s",
			    log_id(run, m));
			if (o >= outsz)
				o = outsz - 1;
			p += k;
		} else if (k > 0) {
			for (; k > 0 && o + 1 < outsz; k--)
				out[o++] = *p++;
		} else
			out[o++] = *p++;
	}
	out[o] = '\0';
	return out;
}

static int
is_16_digits(const char *s)
{
	int i;

	for (i = 0; s[i] >= '0' && s[i] <= '9'; i++)
		;
	return i == 16 && s[i] == '\0';
}

int
cek_online(struct session *s, const char *kk, int argc, char **argv,
    struct cek_out *out)
{
	const struct config *cfg;
	struct vclaim v;
	struct vclaim_answer a;
	char secret[4096], user_key[4096], err[1024], tgl[11], id[32];
	char mask[LOG_ID_BUFSZ], logbuf[1024];
	char **niks = NULL;
	int i, n = 0, rc;
	enum vclaim_err e;

	if ((rc = session_load_config(s)) != EX_OK)
		return rc;
	cfg = &s->cfg;
	if (cfg->bpjs_api.base_url == NULL || cfg->bpjs_api.base_url[0] == '\0') {
		log_warnx("--online needs the BPJS bridging API: set [bpjs_api] "
		    "base_url, cons_id, secret_file and user_key_file in %s",
		    cfg->path != NULL ? cfg->path : "the configuration");
		return EX_CONFIG;
	}
	if ((rc = read_secret("secret_file", cfg->bpjs_api.secret_file, secret,
	    sizeof secret)) != EX_OK ||
	    (rc = read_secret("user_key_file", cfg->bpjs_api.user_key_file,
	    user_key, sizeof user_key)) != EX_OK)
		goto wipe;
	if (vclaim_date(cfg->region.timezone, time(NULL), tgl) == -1) {
		log_warnx("[region] timezone %s: unknown", cfg->region.timezone);
		rc = EX_CONFIG;
		goto wipe;
	}
	if ((e = vclaim_open(&v, cfg->bpjs_api.base_url, cfg->bpjs_api.cons_id,
	    secret, user_key, (long)cfg->bpjs_api.timeout_seconds, err,
	    sizeof err)) != VCLAIM_OK) {
		log_warnx("%s", err);
		rc = vclaim_exit(e);
		goto wipe;
	}
	snprintf(out->tgl_sep, sizeof out->tgl_sep, "%s", tgl);
	if ((rc = session_connect(s)) != EX_OK ||
	    (rc = online_niks(s->conn, kk, argc, argv, &niks, &n)) != EX_OK)
		goto done;
	out->asked = n;
	for (i = 0; i < n; i++) {
		if (!is_16_digits(niks[i])) {	/* never sent: §7 */
			cek_emit(out, niks[i], "NIK_TIDAK_VALID", NULL,
			    vclaim_tindakan(VCLAIM_NIK_TIDAK_VALID), NULL);
			continue;
		}
		if (reserve(s->conn, niks[i], tgl, cfg->bpjs_api.max_per_minute,
		    id, sizeof id, err, sizeof err) == -1) {
			log_warnx("%s", err);
			rc = EX_UNAVAILABLE;
			break;
		}
		log_debug("asking BPJS about NIK %s", log_id(niks[i], mask));
		e = vclaim_ask(&v, niks[i], tgl, time(NULL), &a);
		if (store(s->conn, niks[i], id, &a, err, sizeof err) == -1) {
			log_warnx("%s", err);
			vclaim_answer_free(&a);
			rc = EX_UNAVAILABLE;
			break;
		}
		if (e == VCLAIM_OK) {
			cek_emit(out, niks[i], vclaim_kasus_name(a.kasus),
			    a.segmen, vclaim_tindakan(a.kasus), a.peserta.nama);
			out->answered++;
		} else {
			log_warnx("NIK %s: %s", log_id(niks[i], mask),
			    masked(a.error, logbuf, sizeof logbuf));
			if (rc == EX_OK)
				rc = vclaim_exit(e);
		}
		vclaim_answer_free(&a);
		/* Only a bad payload is the one answer's: anything else
		 * would fail for the next NIK too. */
		if (e != VCLAIM_OK && !vclaim_err_payload(e)) {
			if (i + 1 < n)
				log_warnx(ngettext("stopped: %d NIK not asked",
				    "stopped: %d NIKs not asked",
				    (unsigned long)(n - i - 1)), n - i - 1);
			break;
		}
	}
done:
	for (i = 0; niks != NULL && i < n; i++)
		free(niks[i]);
	free(niks);
	vclaim_close(&v);
	session_close(s);
wipe:
	explicit_bzero(secret, sizeof secret);
	explicit_bzero(user_key, sizeof user_key);
	return rc;
}

