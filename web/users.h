/*
 * users.h — the web front's users, sessions and audit log (web.md "Users,
 * roles, sessions", "The audit log"); their tables are sql/013_web.sql's.
 *
 *   users_role_parse       "loket" ... "api" to a role, -1 when unknown
 *   users_place_fold       a kelurahan user's kecamatan or kelurahan, folded
 *                          as header cells are, without its KEC/KEL word
 *   users_add              a user (a password, or for 'api' a new token)
 *   users_set_password     a new password
 *   users_disable          no more logins; its sessions end
 *   users_list             every user, for `rekon user list`
 *   users_login            name and password checked, the lockouts applied
 *   users_api_check        a Bearer token's user (role api)
 *   sessions_create        a session for a user: its cookie token and the
 *                          CSRF token of its forms
 *   sessions_check         the user of a cookie token (the idle timeout and
 *                          a disabled user end it); refreshes it
 *   sessions_end           logout
 *   audit_add              a row of the audit log; identifiers masked, with
 *                          keyed hashes an admin can search by
 *   audit_key_of           the keyed hash of one identifier (for a search)
 *   audit_keys             the kunci of a row, for a statement that writes
 *                          its own (the API cek)
 *
 * Every function takes a connection, returns 0 (or the value said) or -1
 * with err set, and builds no SQL from values.
 */
#ifndef REKON_USERS_H
#define REKON_USERS_H

#include <libpq-fe.h>
#include <stddef.h>

enum users_role {
	ROLE_LOKET, ROLE_KELURAHAN, ROLE_OPERATOR, ROLE_KABID, ROLE_SEKDIS,
	ROLE_KADIS, ROLE_ADMIN, ROLE_API, ROLE_N
};
extern const char *const users_role_names[ROLE_N];

#define USERS_PASSWORD_MIN	10	/* characters (web.md) */
#define USERS_TOKEN_HEX		65	/* 256 bits as hex, NUL */
#define USERS_LOCK_FAILS	5	/* failed logins that lock an account */
#define USERS_ADDR_FAILS	20	/* ... and an address */
#define USERS_LOCK_MINUTES	15
#define SESSIONS_IDLE_MINUTES	30

struct users_user {
	long long	 id;
	char		 name[40];
	int		 role;
	char		 kec[128];	/* a kelurahan user's place, folded */
	char		 kel[128];
};

int	 users_role_parse(const char *s);
int	 users_place_fold(const char *in, int kelurahan, char *out,
	    size_t outsz);

int	 users_add(PGconn *c, const char *name, int role, const char *place,
	    const char *password, char token[USERS_TOKEN_HEX], char *err,
	    size_t errsz);
int	 users_set_password(PGconn *c, const char *name, const char *password,
	    char *err, size_t errsz);
int	 users_disable(PGconn *c, const char *name, char *err, size_t errsz);

struct users_row {
	const char	*name, *role, *kec, *kel, *dibuat;
	int		 disabled, locked;
};
int	 users_list(PGconn *c, void (*fn)(void *, const struct users_row *),
	    void *arg, char *err, size_t errsz);

enum users_login {
	USERS_LOGIN_OK,
	USERS_LOGIN_WRONG,	/* name or password wrong (the same answer) */
	USERS_LOGIN_LOCKED,	/* the account is locked for a while */
	USERS_LOGIN_ADDR_LOCKED,/* the address is */
	USERS_LOGIN_ERROR	/* err says why */
};
enum users_login users_login(PGconn *c, const char *name,
	    const char *password, const char *addr, struct users_user *u,
	    char *err, size_t errsz);
int	 users_api_check(PGconn *c, const char *token, struct users_user *u,
	    char *err, size_t errsz);

int	 sessions_create(PGconn *c, const struct users_user *u,
	    const char *addr, char token[USERS_TOKEN_HEX],
	    char csrf[USERS_TOKEN_HEX], char *err, size_t errsz);
/* 1: valid (u and csrf filled), 0: none, expired or disabled, -1: error */
int	 sessions_check(PGconn *c, const char *token, struct users_user *u,
	    char csrf[USERS_TOKEN_HEX], char *err, size_t errsz);
int	 sessions_end(PGconn *c, const char *token, char *err, size_t errsz);

/* A random token: 256 bits as hex. */
void	 users_token(char out[USERS_TOKEN_HEX]);

/*
 * An audit row: who (name and role, NULL when nobody is logged in), from
 * where, the action (a word: MASUK, GAGAL_MASUK, CEK, ...), the object's
 * text, and the identifiers it is about (NIK, No KK, NOKA: nids of them),
 * which the text must already show masked (log_id); their keyed hashes go
 * in the row's kunci. durable 1: committed as every change is (the WAL
 * flushed before the answer); 0, for a lookup's row (a cek): committed
 * without waiting for the flush, so that a cek does not wait for the disk
 * behind a month's writes. PostgreSQL keeps such a commit whole, and flushes
 * it within 3 × wal_writer_delay (0.6 s); only a crash of the server or
 * the machine inside that time loses it (docs/decisions.md "The audit row
 * of a lookup").
 */
int	 audit_add(PGconn *c, const char *user, const char *role,
	    const char *addr, const char *action, const char *object,
	    const char *const *ids, int nids, int durable, char *err,
	    size_t errsz);
int	 audit_key_of(PGconn *c, const char *id, char out[33], char *err,
	    size_t errsz);
/* A lookup's audit row, not waiting for the WAL flush (audit_add), as the
 * WITH of a statement: parameters $1 to $6 are user, role, address,
 * action, object and kunci (audit_keys). audit_add runs it alone; the API
 * cek puts its own query after it, in the same statement. */
#define AUDIT_LOOKUP_WITH "WITH s AS (SELECT set_config('synchronous_commit'," \
	" 'off', true)), a AS (INSERT INTO audit (pengguna, peran, alamat, aksi," \
	" objek, kunci) SELECT $1, $2, $3, $4, $5, $6::text[] FROM s) "
/* The kunci of an audit row about ids (the first 8), as a text[] literal:
 * for a statement that writes its own audit row (the API cek). */
#define AUDIT_KEYS_SZ	(8 * 34 + 3)
int	 audit_keys(PGconn *c, const char *const *ids, int nids,
	    char arr[AUDIT_KEYS_SZ], char *err, size_t errsz);

#endif
