/*
 * users.c — the web front's users, sessions and audit log (users.h).
 *
 * Passwords: libsodium's Argon2id string (crypto_pwhash_str, the
 * "interactive" limits: 2 passes over 64 MiB), verified with
 * crypto_pwhash_str_verify. Tokens (a session's cookie, its CSRF token, an
 * API client's token) are 256 random bits from randombytes_buf; a session
 * token and an API token are stored only as their SHA-256.
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clean.h"
#include "db.h"
#include "log.h"
#include "users.h"
#include "i18n.h"

const char *const users_role_names[ROLE_N] = {
	"loket", "kelurahan", "operator", "kabid", "sekdis", "kadis", "admin",
	"api",
};

int
users_role_parse(const char *s)
{
	int i;

	for (i = 0; s != NULL && i < ROLE_N; i++)
		if (strcmp(s, users_role_names[i]) == 0)
			return i;
	return -1;
}

static void
hex(const unsigned char *b, size_t n, char *out)
{
	sodium_bin2hex(out, 2 * n + 1, b, n);
}

void
users_token(char out[USERS_TOKEN_HEX])
{
	unsigned char b[32];

	if (sodium_init() < 0)
		abort();	/* no randomness: nothing safe to do */
	randombytes_buf(b, sizeof b);
	hex(b, sizeof b, out);
}

/* The SHA-256 of a token, as hex (what the tables keep). */
static void
token_hash(const char *token, char out[USERS_TOKEN_HEX])
{
	unsigned char h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(h, (const unsigned char *)token, strlen(token));
	hex(h, sizeof h, out);
}

/* Characters of a UTF-8 string (continuation bytes not counted). */
static size_t
utf8_chars(const char *s)
{
	size_t n = 0;

	for (; *s != '\0'; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

int
users_place_fold(const char *in, int kelurahan, char *out, size_t outsz)
{
	return clean_place_fold(in, kelurahan, out, outsz);
}

static int
hash_password(const char *pw, char out[crypto_pwhash_STRBYTES], char *err,
    size_t errsz)
{
	if (utf8_chars(pw) < USERS_PASSWORD_MIN) {
		snprintf(err, errsz, _("a password needs at least %d characters"),
		    USERS_PASSWORD_MIN);
		return -1;
	}
	if (sodium_init() < 0 || crypto_pwhash_str(out, pw, strlen(pw),
	    crypto_pwhash_OPSLIMIT_INTERACTIVE,
	    crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
		snprintf(err, errsz, _("cannot hash the password (out of memory)"));
		return -1;
	}
	return 0;
}

int
users_add(PGconn *c, const char *name, int role, const char *place,
    const char *password, char token[USERS_TOKEN_HEX], char *err,
    size_t errsz)
{
	char hash[crypto_pwhash_STRBYTES], kec[128], kel[128], rawkec[256];
	const char *p[5];
	const char *slash;
	PGresult *r;

	if (role < 0 || role >= ROLE_N) {
		snprintf(err, errsz, _("unknown role"));
		return -1;
	}
	if ((role == ROLE_KELURAHAN) != (place != NULL)) {
		snprintf(err, errsz, "%s", role == ROLE_KELURAHAN ?
		    _("a kelurahan user needs --kelurahan"
		    " \"KECAMATAN/KELURAHAN\"") :
		    _("only a kelurahan user has a kelurahan"));
		return -1;
	}
	if (place != NULL) {
		if ((slash = strchr(place, '/')) == NULL ||
		    (size_t)(slash - place) >= sizeof rawkec) {
			snprintf(err, errsz, _("--kelurahan \"%s\": write it as"
			    " KECAMATAN/KELURAHAN"), place);
			return -1;
		}
		snprintf(rawkec, sizeof rawkec, "%.*s", (int)(slash - place),
		    place);
		if (users_place_fold(rawkec, 0, kec, sizeof kec) == -1 ||
		    users_place_fold(slash + 1, 1, kel, sizeof kel) == -1) {
			snprintf(err, errsz, _("--kelurahan \"%s\": an empty or"
			    " too long kecamatan or kelurahan"), place);
			return -1;
		}
	}
	if (role == ROLE_API) {
		users_token(token);
		token_hash(token, hash);
	} else if (hash_password(password, hash, err, errsz) == -1)
		return -1;
	p[0] = name;
	p[1] = users_role_names[role];
	p[2] = place != NULL ? kec : NULL;
	p[3] = place != NULL ? kel : NULL;
	p[4] = hash;
	r = PQexecParams(c, "INSERT INTO pengguna (nama, peran, kecamatan,"
	    " kelurahan, sandi) VALUES ($1, $2, $3, $4, $5)", 5, NULL, p, NULL,
	    NULL, 0);
	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		const char *st = PQresultErrorField(r, PG_DIAG_SQLSTATE);

		if (st != NULL && strcmp(st, "23505") == 0)
			snprintf(err, errsz, _("user %s exists already"), name);
		else if (st != NULL && strcmp(st, "23514") == 0)
			snprintf(err, errsz, _("user name \"%s\": 2 to 32 of a-z,"
			    " 0-9, '.', '_', '-', starting with a letter or"
			    " digit"), name);
		else
			snprintf(err, errsz, "%s", PQerrorMessage(c));
		PQclear(r);
		return -1;
	}
	PQclear(r);
	return 0;
}

/* One UPDATE of a user by name: 0 when it touched the user, -1 else. */
static int
update_user(PGconn *c, const char *sql, const char *name, const char *v,
    char *err, size_t errsz)
{
	const char *p[2] = { name, v };
	PGresult *r;
	int n;

	if ((r = db_exec(c, err, errsz, sql, v != NULL ? 2 : 1, p)) == NULL)
		return -1;
	n = atoi(PQcmdTuples(r));
	PQclear(r);
	if (n == 0) {
		snprintf(err, errsz, _("no user %s"), name);
		return -1;
	}
	return 0;
}

int
users_set_password(PGconn *c, const char *name, const char *password,
    char *err, size_t errsz)
{
	char hash[crypto_pwhash_STRBYTES];

	if (hash_password(password, hash, err, errsz) == -1)
		return -1;
	/* A new password ends the sessions the old one opened. */
	if (update_user(c, "UPDATE pengguna SET sandi = $2, gagal = 0,"
	    " kunci_sampai = NULL, diubah = now() WHERE nama = $1 AND"
	    " peran <> 'api'", name, hash, err, errsz) == -1)
		return -1;
	return db_cmd(c, err, errsz, "DELETE FROM sesi WHERE pengguna_id ="
	    " (SELECT id FROM pengguna WHERE nama = $1)", 1,
	    (const char *[]){ name });
}

int
users_disable(PGconn *c, const char *name, char *err, size_t errsz)
{
	if (update_user(c, "UPDATE pengguna SET nonaktif = true, diubah ="
	    " now() WHERE nama = $1", name, NULL, err, errsz) == -1)
		return -1;
	return db_cmd(c, err, errsz, "DELETE FROM sesi WHERE pengguna_id ="
	    " (SELECT id FROM pengguna WHERE nama = $1)", 1,
	    (const char *[]){ name });
}

int
users_list(PGconn *c, void (*fn)(void *, const struct users_row *),
    void *arg, char *err, size_t errsz)
{
	struct users_row row;
	PGresult *r;
	int i;

	if ((r = db_exec(c, err, errsz, "SELECT nama, peran,"
	    " coalesce(kecamatan, ''), coalesce(kelurahan, ''),"
	    " to_char(dibuat, 'YYYY-MM-DD'), nonaktif,"
	    " coalesce(kunci_sampai > now(), false)"
	    " FROM pengguna ORDER BY nama", 0, NULL)) == NULL)
		return -1;
	for (i = 0; i < PQntuples(r); i++) {
		row.name = PQgetvalue(r, i, 0);
		row.role = PQgetvalue(r, i, 1);
		row.kec = PQgetvalue(r, i, 2);
		row.kel = PQgetvalue(r, i, 3);
		row.dibuat = PQgetvalue(r, i, 4);
		row.disabled = *PQgetvalue(r, i, 5) == 't';
		row.locked = *PQgetvalue(r, i, 6) == 't';
		fn(arg, &row);
	}
	PQclear(r);
	return 0;
}

static void
fill_user(PGresult *r, int i, int col, struct users_user *u)
{
	u->id = strtoll(PQgetvalue(r, i, col), NULL, 10);
	snprintf(u->name, sizeof u->name, "%s", PQgetvalue(r, i, col + 1));
	u->role = users_role_parse(PQgetvalue(r, i, col + 2));
	snprintf(u->kec, sizeof u->kec, "%s", PQgetvalue(r, i, col + 3));
	snprintf(u->kel, sizeof u->kel, "%s", PQgetvalue(r, i, col + 4));
}

/* A failed login from addr counted; the address locked at the limit (a
 * count older than the lock's length starts again). */
static int
addr_failed(PGconn *c, const char *addr, char *err, size_t errsz)
{
	char n[16], m[16];
	const char *p[3] = { addr, n, m };

	snprintf(n, sizeof n, "%d", USERS_ADDR_FAILS);
	snprintf(m, sizeof m, "%d", USERS_LOCK_MINUTES);
	return db_cmd(c, err, errsz, "INSERT INTO alamat_gagal AS a (alamat,"
	    " gagal) VALUES ($1, 1) ON CONFLICT (alamat) DO UPDATE SET"
	    " gagal = CASE WHEN a.terakhir < now() - make_interval(mins =>"
	    " $3::integer) THEN 1 ELSE a.gagal + 1 END, terakhir = now(),"
	    " kunci_sampai = CASE WHEN (CASE WHEN a.terakhir < now() -"
	    " make_interval(mins => $3::integer) THEN 1 ELSE a.gagal + 1 END)"
	    " >= $2::integer THEN now() + make_interval(mins => $3::integer)"
	    " ELSE a.kunci_sampai END", 3, p);
}

enum users_login
users_login(PGconn *c, const char *name, const char *password,
    const char *addr, struct users_user *u, char *err, size_t errsz)
{
	char n[16], m[16];
	const char *p[3];
	PGresult *r;
	int locked, ok;

	memset(u, 0, sizeof *u);
	p[0] = addr;
	if ((r = db_exec(c, err, errsz, "SELECT 1 FROM alamat_gagal WHERE"
	    " alamat = $1 AND kunci_sampai > now()", 1, p)) == NULL)
		return USERS_LOGIN_ERROR;
	locked = PQntuples(r) > 0;
	PQclear(r);
	if (locked)
		return USERS_LOGIN_ADDR_LOCKED;
	p[0] = name;
	if ((r = db_exec(c, err, errsz, "SELECT id, nama, peran,"
	    " coalesce(kecamatan, ''), coalesce(kelurahan, ''), sandi,"
	    " coalesce(kunci_sampai > now(), false) FROM pengguna"
	    " WHERE nama = $1 AND NOT nonaktif AND peran <> 'api'", 1,
	    p)) == NULL)
		return USERS_LOGIN_ERROR;
	if (PQntuples(r) == 0) {	/* unknown or disabled: the same answer */
		PQclear(r);
		if (sodium_init() >= 0) {	/* (as long as a real check) */
			char dummy[crypto_pwhash_STRBYTES];

			if (crypto_pwhash_str(dummy, password,
			    strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
			    crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
				log_debug("web: login: no memory to hash");
		}
		return addr_failed(c, addr, err, errsz) == -1 ?
		    USERS_LOGIN_ERROR : USERS_LOGIN_WRONG;
	}
	fill_user(r, 0, 0, u);
	locked = *PQgetvalue(r, 0, 6) == 't';
	ok = !locked && sodium_init() >= 0 &&
	    crypto_pwhash_str_verify(PQgetvalue(r, 0, 5), password,
	    strlen(password)) == 0;
	PQclear(r);
	if (ok) {
		p[0] = name;
		return db_cmd(c, err, errsz, "UPDATE pengguna SET gagal = 0,"
		    " kunci_sampai = NULL WHERE nama = $1", 1, p) == -1 ?
		    USERS_LOGIN_ERROR : USERS_LOGIN_OK;
	}
	if (addr_failed(c, addr, err, errsz) == -1)
		return USERS_LOGIN_ERROR;
	if (locked)
		return USERS_LOGIN_LOCKED;
	snprintf(n, sizeof n, "%d", USERS_LOCK_FAILS);
	snprintf(m, sizeof m, "%d", USERS_LOCK_MINUTES);
	p[0] = name;
	p[1] = n;
	p[2] = m;
	if ((r = db_exec(c, err, errsz, "UPDATE pengguna SET"
	    " gagal = CASE WHEN gagal + 1 >= $2::integer THEN 0 ELSE gagal + 1 END,"
	    " kunci_sampai = CASE WHEN gagal + 1 >= $2::integer"
	    " THEN now() + make_interval(mins => $3::integer) END"
	    " WHERE nama = $1 RETURNING kunci_sampai IS NOT NULL", 3,
	    p)) == NULL)
		return USERS_LOGIN_ERROR;
	locked = PQntuples(r) == 1 && *PQgetvalue(r, 0, 0) == 't';
	PQclear(r);
	return locked ? USERS_LOGIN_LOCKED : USERS_LOGIN_WRONG;
}

/* A thread's last API clients, so a client's requests in a row do not
 * each ask the database: a token is believed for API_CACHE_SECONDS (a
 * disabled client is refused that much later at most). */
#define API_CACHE	4
#define API_CACHE_SECONDS 10
static _Thread_local struct {
	char			 hash[USERS_TOKEN_HEX];
	struct users_user	 u;
	time_t			 until;
} api_cache[API_CACHE];

int
users_api_check(PGconn *c, const char *token, struct users_user *u,
    char *err, size_t errsz)
{
	char h[USERS_TOKEN_HEX];
	const char *p[1] = { h };
	PGresult *r;
	time_t now = time(NULL);
	int ok, i;

	if (token == NULL || strlen(token) != USERS_TOKEN_HEX - 1)
		return 0;
	token_hash(token, h);
	for (i = 0; i < API_CACHE; i++)
		if (api_cache[i].until > now &&
		    strcmp(api_cache[i].hash, h) == 0) {
			*u = api_cache[i].u;
			return 1;
		}
	if ((r = db_exec(c, err, errsz, "SELECT id, nama, peran, '', ''"
	    " FROM pengguna WHERE sandi = $1 AND peran = 'api' AND"
	    " NOT nonaktif", 1, p)) == NULL)
		return -1;
	if ((ok = PQntuples(r) == 1)) {
		fill_user(r, 0, 0, u);
		/* the oldest entry makes room */
		for (i = 1, ok = 0; i < API_CACHE; i++)
			if (api_cache[i].until < api_cache[ok].until)
				ok = i;
		snprintf(api_cache[ok].hash, sizeof api_cache[ok].hash, "%s", h);
		api_cache[ok].u = *u;
		api_cache[ok].until = now + API_CACHE_SECONDS;
		ok = 1;
	}
	PQclear(r);
	return ok;
}

int
sessions_create(PGconn *c, const struct users_user *u, const char *addr,
    char token[USERS_TOKEN_HEX], char csrf[USERS_TOKEN_HEX], char *err,
    size_t errsz)
{
	char h[USERS_TOKEN_HEX], id[24], m[16];
	const char *p[4] = { h, id, csrf, addr };

	users_token(token);
	users_token(csrf);
	token_hash(token, h);
	snprintf(id, sizeof id, "%lld", u->id);
	snprintf(m, sizeof m, "%d", SESSIONS_IDLE_MINUTES);
	/* Sessions idle past the timeout are swept at each login. */
	if (db_cmd(c, err, errsz, "DELETE FROM sesi WHERE terakhir < now() -"
	    " make_interval(mins => $1::integer)", 1,
	    (const char *[]){ m }) == -1)
		return -1;
	return db_cmd(c, err, errsz, "INSERT INTO sesi (token, pengguna_id,"
	    " csrf, alamat) VALUES (decode($1, 'hex'), $2, $3, $4)", 4, p);
}

int
sessions_check(PGconn *c, const char *token, struct users_user *u,
    char csrf[USERS_TOKEN_HEX], char *err, size_t errsz)
{
	char h[USERS_TOKEN_HEX], m[16];
	const char *p[2] = { h, m };
	PGresult *r;
	int ok;

	if (token == NULL || strlen(token) != USERS_TOKEN_HEX - 1 ||
	    strspn(token, "0123456789abcdef") != USERS_TOKEN_HEX - 1)
		return 0;
	token_hash(token, h);
	snprintf(m, sizeof m, "%d", SESSIONS_IDLE_MINUTES);
	if ((r = db_exec(c, err, errsz, "UPDATE sesi s SET terakhir = now()"
	    " FROM pengguna p WHERE s.token = decode($1, 'hex') AND"
	    " p.id = s.pengguna_id AND NOT p.nonaktif AND p.peran <> 'api' AND"
	    " s.terakhir > now() - make_interval(mins => $2::integer)"
	    " RETURNING p.id, p.nama, p.peran, coalesce(p.kecamatan, ''),"
	    " coalesce(p.kelurahan, ''), s.csrf", 2, p)) == NULL)
		return -1;
	if ((ok = PQntuples(r) == 1)) {
		fill_user(r, 0, 0, u);
		snprintf(csrf, USERS_TOKEN_HEX, "%s", PQgetvalue(r, 0, 5));
	}
	PQclear(r);
	return ok;
}

int
sessions_end(PGconn *c, const char *token, char *err, size_t errsz)
{
	char h[USERS_TOKEN_HEX];

	if (token == NULL || strlen(token) != USERS_TOKEN_HEX - 1)
		return 0;
	token_hash(token, h);
	return db_cmd(c, err, errsz, "DELETE FROM sesi WHERE token ="
	    " decode($1, 'hex')", 1, (const char *[]){ h });
}

/* The audit key, read once per thread (it never changes). */
static _Thread_local unsigned char audit_key[32];
static _Thread_local int audit_key_read;

static int
key_load(PGconn *c, char *err, size_t errsz)
{
	PGresult *r;
	size_t n;

	if (audit_key_read)
		return 0;
	if ((r = db_exec(c, err, errsz, "SELECT encode(kunci, 'hex') FROM"
	    " kunci_audit", 0, NULL)) == NULL)
		return -1;
	if (PQntuples(r) != 1 || sodium_hex2bin(audit_key, sizeof audit_key,
	    PQgetvalue(r, 0, 0), strlen(PQgetvalue(r, 0, 0)), NULL, &n,
	    NULL) != 0 || n != sizeof audit_key) {
		PQclear(r);
		snprintf(err, errsz, _("kunci_audit: no key"));
		return -1;
	}
	PQclear(r);
	audit_key_read = 1;
	return 0;
}

int
audit_key_of(PGconn *c, const char *id, char out[33], char *err,
    size_t errsz)
{
	unsigned char mac[crypto_auth_hmacsha256_BYTES];

	if (key_load(c, err, errsz) == -1)
		return -1;
	crypto_auth_hmacsha256(mac, (const unsigned char *)id, strlen(id),
	    audit_key);
	hex(mac, 16, out);
	return 0;
}

int
audit_keys(PGconn *c, const char *const *ids, int nids,
    char arr[AUDIT_KEYS_SZ], char *err, size_t errsz)
{
	char key[33];
	size_t o = 0;
	int i;

	arr[o++] = '{';
	for (i = 0; i < nids && i < 8; i++) {
		if (audit_key_of(c, ids[i], key, err, errsz) == -1)
			return -1;
		o += (size_t)snprintf(arr + o, AUDIT_KEYS_SZ - o, "%s%s",
		    i ? "," : "", key);
	}
	snprintf(arr + o, AUDIT_KEYS_SZ - o, "}");
	return 0;
}

int
audit_add(PGconn *c, const char *user, const char *role, const char *addr,
    const char *action, const char *object, const char *const *ids,
    int nids, int durable, char *err, size_t errsz)
{
	char arr[AUDIT_KEYS_SZ];
	const char *p[6];
	PGresult *r;

	if (audit_keys(c, ids, nids, arr, err, errsz) == -1)
		return -1;
	p[0] = user;
	p[1] = role;
	p[2] = addr;
	p[3] = action;
	p[4] = object;
	p[5] = arr;
	/* Prepared once per connection: every cek writes one. Not durable:
	 * synchronous_commit off for this statement's own transaction only
	 * (set_config's is_local; the commit reads it before it reverts). */
	if (durable)
		r = db_exec_named(c, "audit_add", err, errsz, "INSERT INTO audit"
		    " (pengguna, peran, alamat, aksi, objek, kunci) VALUES ($1,"
		    " $2, $3, $4, $5, $6::text[])", 6, p);
	else
		r = db_exec_named(c, "audit_add_lookup", err, errsz,
		    AUDIT_LOOKUP_WITH "SELECT 1", 6, p);
	if (r == NULL)
		return -1;
	PQclear(r);
	return 0;
}
