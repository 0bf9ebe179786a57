/*
 * vclaim.h — BPJS Kesehatan's bridging API (VClaim): one participant by
 * NIK, for `rekon cek --online` (operations.md "Network", rules.md §7).
 *
 *	GET {base_url}/Peserta/nik/{nik}/tglSEP/{yyyy-mm-dd}
 *	X-cons-id: {cons_id}
 *	X-timestamp: {UTC seconds since the epoch}
 *	X-signature: base64(HMAC-SHA256(key = secret, msg = "cons_id&timestamp"))
 *	user_key: {user_key}
 *
 * The answer {"metaData":{"code":"200","message":"OK"},"response":"..."}
 * carries in response: base64 of AES-256-CBC (key = SHA-256 of
 * cons_id + secret + timestamp, the timestamp as sent; IV = the key's
 * first 16 bytes; PKCS#7 padding) over LZ-string
 * compressToEncodedURIComponent (lzstring.h) of
 * {"peserta":{"noKartu","nik","nama","sex","tglLahir",
 *  "statusPeserta":{"kode","keterangan"},"jenisPeserta":{"kode","keterangan"},
 *  "provUmum":{"kdProvider","nmProvider"}}}. metaData code 201 means the
 * NIK is not known to BPJS; any other code but 200 is a refusal (a bad
 * signature, a wrong user_key, ...).
 *
 * Everything but vclaim_open/vclaim_ask/vclaim_close is pure (no I/O, no
 * global state), so the protocol is unit-tested without a network.
 */
#ifndef REKON_VCLAIM_H
#define REKON_VCLAIM_H

#include <stddef.h>
#include <time.h>

/* Errors, distinct so that the command can say what went wrong and exit
 * with its own code (docs/vclaim.md). */
enum vclaim_err {
	VCLAIM_OK = 0,
	VCLAIM_ERR_CONFIG,	/* not configured, or a bad value */
	VCLAIM_ERR_NETWORK,	/* no connection, timeout, TLS */
	VCLAIM_ERR_HTTP,	/* an HTTP status other than 200 */
	VCLAIM_ERR_AUTH,	/* metaData.code not 200 or 201: BPJS refused */
	VCLAIM_ERR_JSON,	/* the body is not the answer's JSON */
	VCLAIM_ERR_BASE64,	/* response is not base64 */
	VCLAIM_ERR_DECRYPT,	/* AES failed (length, padding: wrong key) */
	VCLAIM_ERR_LZSTRING,	/* the decrypted text is not LZ-string */
	VCLAIM_ERR_PESERTA,	/* the decoded JSON lacks a field */
	VCLAIM_ERR_NOMEM
};

/* A short English text, like strerror; never NULL. */
const char *vclaim_strerror(enum vclaim_err);
/* 1 for the errors of the answer's content (JSON .. PESERTA). */
int vclaim_err_payload(enum vclaim_err);

/* rules.md §7's cases, in its order. */
enum vclaim_kasus {
	VCLAIM_KASUS_NONE = 0,
	VCLAIM_MENINGGAL,
	VCLAIM_AKTIF_PEMDA,
	VCLAIM_AKTIF_SEGMEN_LAIN,
	VCLAIM_NON_AKTIF,
	VCLAIM_NIK_TIDAK_VALID,
	VCLAIM_TIDAK_DITEMUKAN
};

/* "MENINGGAL", ...; NULL for NONE. */
const char *vclaim_kasus_name(enum vclaim_kasus);
/* The action shown (rules.md §7, word for word, as sql/rules/50_cek.sql). */
const char *vclaim_tindakan(enum vclaim_kasus);

#define VCLAIM_FIELD	256	/* longest field kept (bytes, with the NUL) */

/* The participant, as BPJS answered (strings; integers become text). */
struct vclaim_peserta {
	char	 no_kartu[VCLAIM_FIELD];
	char	 nik[VCLAIM_FIELD];
	char	 nama[VCLAIM_FIELD];
	char	 sex[VCLAIM_FIELD];
	char	 tgl_lahir[VCLAIM_FIELD];
	char	 status_kode[VCLAIM_FIELD];
	char	 status_ket[VCLAIM_FIELD];
	char	 jenis_kode[VCLAIM_FIELD];
	char	 jenis_ket[VCLAIM_FIELD];
	char	 kd_provider[VCLAIM_FIELD];
	char	 nm_provider[VCLAIM_FIELD];
};

/* One request's outcome. */
struct vclaim_answer {
	long		 http_status;	/* 0: no HTTP answer */
	char		 meta_code[16];
	char		 meta_message[VCLAIM_FIELD];
	char		*peserta_json;	/* the decoded {"peserta":...}'s peserta,
					   compact JSON (malloc'd) or NULL */
	struct vclaim_peserta peserta;
	enum vclaim_kasus kasus;	/* NONE on error */
	const char	*segmen;	/* canonical (PBPU_PEMDA, ...) or NULL */
	char		 error[512];	/* what went wrong, "" when nothing */
};

/* Free what the answer holds and zero it. */
void vclaim_answer_free(struct vclaim_answer *);

/* ---- Pure parts ------------------------------------------------------- */

/* X-signature: base64(HMAC-SHA256(secret, "cons_id&timestamp")) into out
 * (at least 45 bytes). 0, or -1 when out is too small. */
int vclaim_signature(const char *cons_id, const char *secret,
    const char *timestamp, char *out, size_t outsz);

/* The AES-256 key (32 bytes): SHA-256 of cons_id + secret + timestamp. */
void vclaim_key(const char *cons_id, const char *secret,
    const char *timestamp, unsigned char key[32]);

/* Strict base64 (standard alphabet, '=' padding; CR and LF skipped) into
 * a malloc'd *out. VCLAIM_OK, VCLAIM_ERR_BASE64 or VCLAIM_ERR_NOMEM. */
enum vclaim_err vclaim_base64_decode(const char *in, size_t len,
    unsigned char **out, size_t *outlen);

/* Decrypt response (base64 text) into a malloc'd, NUL-terminated *out. */
enum vclaim_err vclaim_decrypt(const char *cons_id, const char *secret,
    const char *timestamp, const char *response, char **out, size_t *outlen,
    char *err, size_t errsz);

/* Parse the decoded JSON text into p; *compact gets the peserta object as
 * compact JSON (malloc'd). The answer must be for nik (when not NULL). */
enum vclaim_err vclaim_parse_peserta(const char *json, size_t len,
    const char *nik, struct vclaim_peserta *p, char **compact, char *err,
    size_t errsz);

/*
 * rules.md §7 with BPJS's answer deciding. The status is clean_status of
 * the kode, or of the keterangan when the kode says nothing it knows
 * (inputs.md: 0 AKTIF, 2 MENINGGAL, 6 7 9 15 NON_AKTIF, ...); the segment
 * likewise clean_segmen (22 PBPU_PEMDA, 21 PBI_APBN, "PBI (APBN)", "PBPU"
 * = PBPU_MANDIRI, ...). MENINGGAL -> MENINGGAL; AKTIF and PBPU_PEMDA ->
 * AKTIF_PEMDA; AKTIF and another segment -> AKTIF_SEGMEN_LAIN; any other
 * status -> NON_AKTIF. *segmen gets the canonical segment (NULL for
 * MENINGGAL). A status that is empty in both is NONE (the caller's
 * VCLAIM_ERR_PESERTA).
 */
enum vclaim_kasus vclaim_kasus_of(const struct vclaim_peserta *p,
    const char **segmen);

/*
 * The whole answer from its HTTP body: metaData, then for 200 decrypt,
 * LZ-string, JSON, peserta and the case; 201 is TIDAK_DITEMUKAN (or
 * NIK_TIDAK_VALID when nik is not a valid NIK: rules.md §7's order);
 * another code is VCLAIM_ERR_AUTH. a->http_status is the caller's.
 */
enum vclaim_err vclaim_decode_body(const char *body, size_t len,
    const char *cons_id, const char *secret, const char *timestamp,
    const char *nik, struct vclaim_answer *a);

/* "yyyy-mm-dd" of now in time zone tz (an IANA name) into out[11];
 * 0, or -1 when tz is unknown. */
int vclaim_date(const char *tz, time_t now, char out[11]);

/* ---- The request (libcurl) --------------------------------------------- */

struct vclaim {
	char	*base_url;	/* without a trailing '/' */
	char	*cons_id;
	char	*secret;
	char	*user_key;
	long	 timeout;	/* seconds */
	void	*curl;
};

/* Keep the settings (copied). VCLAIM_ERR_CONFIG with err when a value is
 * empty or holds a control character (it goes into a header). */
enum vclaim_err vclaim_open(struct vclaim *v, const char *base_url,
    const char *cons_id, const char *secret, const char *user_key,
    long timeout_seconds, char *err, size_t errsz);
void vclaim_close(struct vclaim *v);

/*
 * Ask BPJS about one NIK (16 digits: anything else is refused as
 * VCLAIM_ERR_CONFIG without a request) for date tgl, signed with the
 * timestamp now. The answer goes into a (vclaim_answer_free it), with
 * a->error set whenever the result is not VCLAIM_OK. TLS is verified.
 */
enum vclaim_err vclaim_ask(struct vclaim *v, const char *nik,
    const char *tgl, time_t now, struct vclaim_answer *a);

#endif
