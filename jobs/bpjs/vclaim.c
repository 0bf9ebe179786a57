/*
 * vclaim.c — BPJS's bridging API (VClaim) for rekon cek --online: sign,
 * ask (libcurl), decrypt (libcrypto EVP), LZ-string, JSON (jansson), and
 * the case of rules.md §7. See vclaim.h.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>
#include <jansson.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "clean.h"
#include "log.h"
#include "lzstring.h"
#include "vclaim.h"
#include "period.h"
#include "i18n.h"

#define VCLAIM_MAX_BODY		((size_t)1 << 20)	/* an answer is ~1 KiB */
#define VCLAIM_MAX_TEXT		((size_t)4 << 20)	/* decoded LZ-string */

const char *
vclaim_strerror(enum vclaim_err e)
{
	switch (e) {
	case VCLAIM_OK:
		return "no error";
	case VCLAIM_ERR_CONFIG:
		return "the BPJS bridging API is not configured right";
	case VCLAIM_ERR_NETWORK:
		return "cannot reach the BPJS bridging API";
	case VCLAIM_ERR_HTTP:
		return "the BPJS bridging API answered with an HTTP error";
	case VCLAIM_ERR_AUTH:
		return "BPJS refused the request";
	case VCLAIM_ERR_JSON:
		return "bad payload: the answer is not the expected JSON";
	case VCLAIM_ERR_BASE64:
		return "bad payload: response is not base64";
	case VCLAIM_ERR_DECRYPT:
		return "bad payload: response does not decrypt";
	case VCLAIM_ERR_LZSTRING:
		return "bad payload: the decrypted response is not LZ-string";
	case VCLAIM_ERR_PESERTA:
		return "bad payload: the participant data is incomplete";
	case VCLAIM_ERR_NOMEM:
		return "out of memory";
	}
	return "unknown VClaim error";
}

int
vclaim_err_payload(enum vclaim_err e)
{
	return e == VCLAIM_ERR_JSON || e == VCLAIM_ERR_BASE64 ||
	    e == VCLAIM_ERR_DECRYPT || e == VCLAIM_ERR_LZSTRING ||
	    e == VCLAIM_ERR_PESERTA;
}

const char *
vclaim_kasus_name(enum vclaim_kasus k)
{
	switch (k) {
	case VCLAIM_MENINGGAL:
		return "MENINGGAL";
	case VCLAIM_AKTIF_PEMDA:
		return "AKTIF_PEMDA";
	case VCLAIM_AKTIF_SEGMEN_LAIN:
		return "AKTIF_SEGMEN_LAIN";
	case VCLAIM_NON_AKTIF:
		return "NON_AKTIF";
	case VCLAIM_NIK_TIDAK_VALID:
		return "NIK_TIDAK_VALID";
	case VCLAIM_TIDAK_DITEMUKAN:
		return "TIDAK_DITEMUKAN";
	default:
		return NULL;
	}
}

const char *
vclaim_tindakan(enum vclaim_kasus k)
{
	switch (k) {
	case VCLAIM_MENINGGAL:
		return "Tidak perlu didaftarkan; pastikan dikeluarkan dari daftar";
	case VCLAIM_AKTIF_PEMDA:
		return "Peserta aktif; bila belum punya kartu, minta cetak E-ID ke BPJS";
	case VCLAIM_AKTIF_SEGMEN_LAIN:
		return "Sudah dijamin segmen lain";
	case VCLAIM_NON_AKTIF:
		return "Buat surat pernyataan pengalihan bermaterai; kirim ke BPJS";
	case VCLAIM_NIK_TIDAK_VALID:
		return "Rujuk ke Disdukcapil untuk perbaikan NIK";
	case VCLAIM_TIDAK_DITEMUKAN:
		return "Buat formulir peserta baru bermaterai dengan fotokopi KK "
		    "dan KTP; kirim ke BPJS";
	default:
		return NULL;
	}
}

void
vclaim_answer_free(struct vclaim_answer *a)
{
	free(a->peserta_json);
	memset(a, 0, sizeof *a);
}

/* ---- Signing and decrypting ------------------------------------------- */

int
vclaim_signature(const char *cons_id, const char *secret,
    const char *timestamp, char *out, size_t outsz)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	char msg[512];
	int n;

	if (outsz < 45)
		return -1;
	n = snprintf(msg, sizeof msg, "%s&%s", cons_id, timestamp);
	if (n < 0 || (size_t)n >= sizeof msg)
		return -1;
	if (HMAC(EVP_sha256(), secret, (int)strlen(secret),
	    (const unsigned char *)msg, (size_t)n, md, &mdlen) == NULL ||
	    mdlen != 32)
		return -1;
	EVP_EncodeBlock((unsigned char *)out, md, (int)mdlen);
	return 0;
}

void
vclaim_key(const char *cons_id, const char *secret, const char *timestamp,
    unsigned char key[32])
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	unsigned int n = 0;

	memset(key, 0, 32);
	if (ctx == NULL)
		return;
	if (EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) == 1 &&
	    EVP_DigestUpdate(ctx, cons_id, strlen(cons_id)) == 1 &&
	    EVP_DigestUpdate(ctx, secret, strlen(secret)) == 1 &&
	    EVP_DigestUpdate(ctx, timestamp, strlen(timestamp)) == 1)
		EVP_DigestFinal_ex(ctx, key, &n);
	EVP_MD_CTX_free(ctx);
}

static int
b64val(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

enum vclaim_err
vclaim_base64_decode(const char *in, size_t len, unsigned char **out,
    size_t *outlen)
{
	unsigned char *o;
	uint32_t acc = 0;
	size_t i, n = 0, k = 0, pad = 0;
	int v;

	*out = NULL;
	*outlen = 0;
	if ((o = malloc(len / 4 * 3 + 3)) == NULL)
		return VCLAIM_ERR_NOMEM;
	for (i = 0; i < len; i++) {
		if (in[i] == '\r' || in[i] == '\n')
			continue;
		if (in[i] == '=') {
			pad++;
			continue;
		}
		if (pad > 0 || (v = b64val((unsigned char)in[i])) < 0)
			goto bad;	/* data after padding, or not base64 */
		acc = acc << 6 | (uint32_t)v;
		if (++k == 4) {
			o[n++] = (unsigned char)(acc >> 16);
			o[n++] = (unsigned char)(acc >> 8);
			o[n++] = (unsigned char)acc;
			acc = 0;
			k = 0;
		}
	}
	/* The last group: 2 or 3 characters with 2 or 1 '=', or none. */
	if (k == 1 || (k == 0 && pad > 0) || (k > 0 && pad != 4 - k))
		goto bad;
	if (k == 2) {
		if (acc & 0xF)
			goto bad;	/* bits that belong to no byte */
		o[n++] = (unsigned char)(acc >> 4);
	} else if (k == 3) {
		if (acc & 0x3)
			goto bad;
		o[n++] = (unsigned char)(acc >> 10);
		o[n++] = (unsigned char)(acc >> 2);
	}
	if (n == 0)
		goto bad;
	*out = o;
	*outlen = n;
	return VCLAIM_OK;
bad:
	free(o);
	return VCLAIM_ERR_BASE64;
}

enum vclaim_err
vclaim_decrypt(const char *cons_id, const char *secret, const char *timestamp,
    const char *response, char **out, size_t *outlen, char *err, size_t errsz)
{
	unsigned char key[32], *ct = NULL, *pt = NULL;
	EVP_CIPHER_CTX *ctx = NULL;
	size_t ctlen;
	int n1 = 0, n2 = 0;
	enum vclaim_err e;

	*out = NULL;
	*outlen = 0;
	if ((e = vclaim_base64_decode(response, strlen(response), &ct,
	    &ctlen)) != VCLAIM_OK) {
		snprintf(err, errsz, "%s", vclaim_strerror(e));
		return e;
	}
	if (ctlen % 16 != 0 || ctlen > INT32_MAX) {
		snprintf(err, errsz, _("%s: %zu bytes is not a whole number of "
		    "AES blocks"), vclaim_strerror(VCLAIM_ERR_DECRYPT), ctlen);
		free(ct);
		return VCLAIM_ERR_DECRYPT;
	}
	vclaim_key(cons_id, secret, timestamp, key);
	e = VCLAIM_ERR_NOMEM;
	if ((pt = malloc(ctlen + 16 + 1)) == NULL ||
	    (ctx = EVP_CIPHER_CTX_new()) == NULL)
		goto fail;
	e = VCLAIM_ERR_DECRYPT;
	if (EVP_DecryptInit_ex(ctx, EVP_aes_256_cbc(), NULL, key, key) != 1 ||
	    EVP_DecryptUpdate(ctx, pt, &n1, ct, (int)ctlen) != 1 ||
	    EVP_DecryptFinal_ex(ctx, pt + n1, &n2) != 1) {
		snprintf(err, errsz, _("%s (bad padding: another key, or not "
		    "AES-256-CBC)"), vclaim_strerror(e));
		goto fail;
	}
	pt[n1 + n2] = '\0';
	*out = (char *)pt;
	*outlen = (size_t)(n1 + n2);
	pt = NULL;
	e = VCLAIM_OK;
fail:
	if (e == VCLAIM_ERR_NOMEM)
		snprintf(err, errsz, "%s", vclaim_strerror(e));
	EVP_CIPHER_CTX_free(ctx);
	OPENSSL_cleanse(key, sizeof key);
	free(ct);
	free(pt);
	return e;
}

/* ---- The participant -------------------------------------------------- */

/* obj[key] as text into out: a string, or an integer written out. */
static int
get_text(json_t *obj, const char *where, const char *key, char *out,
    char *err, size_t errsz)
{
	json_t *v = json_object_get(obj, key);
	const char *s;

	if (v == NULL) {
		snprintf(err, errsz, _("%s: %s has no %s"),
		    vclaim_strerror(VCLAIM_ERR_PESERTA), where, key);
		return -1;
	}
	if (json_is_integer(v)) {
		snprintf(out, VCLAIM_FIELD, "%" JSON_INTEGER_FORMAT,
		    json_integer_value(v));
		return 0;
	}
	if (!json_is_string(v)) {
		snprintf(err, errsz, _("%s: %s.%s is not a string"),
		    vclaim_strerror(VCLAIM_ERR_PESERTA), where, key);
		return -1;
	}
	s = json_string_value(v);
	if (json_string_length(v) >= VCLAIM_FIELD) {
		snprintf(err, errsz, _("%s: %s.%s is longer than %d bytes"),
		    vclaim_strerror(VCLAIM_ERR_PESERTA), where, key,
		    VCLAIM_FIELD - 1);
		return -1;
	}
	memcpy(out, s, json_string_length(v) + 1);
	return 0;
}

static json_t *
get_object(json_t *obj, const char *where, const char *key, char *err,
    size_t errsz)
{
	json_t *v = json_object_get(obj, key);

	if (!json_is_object(v)) {
		snprintf(err, errsz, _("%s: %s.%s is %s"),
		    vclaim_strerror(VCLAIM_ERR_PESERTA), where, key,
		    v == NULL ? "missing" : "not an object");
		return NULL;
	}
	return v;
}

enum vclaim_err
vclaim_parse_peserta(const char *json, size_t len, const char *nik,
    struct vclaim_peserta *p, char **compact, char *err, size_t errsz)
{
	json_error_t je;
	json_t *root, *ps, *st, *jp, *pu;
	char m1[LOG_ID_BUFSZ], m2[LOG_ID_BUFSZ];
	enum vclaim_err e = VCLAIM_ERR_PESERTA;

	memset(p, 0, sizeof *p);
	if (compact != NULL)
		*compact = NULL;
	if ((root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &je)) ==
	    NULL) {
		snprintf(err, errsz, _("bad payload: the decrypted response is "
		    "not JSON (%s, character %d)"), je.text, je.position);
		return VCLAIM_ERR_PESERTA;
	}
	if (!json_is_object(root)) {
		snprintf(err, errsz, _("%s: the decrypted response is not an "
		    "object"), vclaim_strerror(e));
		goto done;
	}
	if ((ps = get_object(root, "response", "peserta", err, errsz)) ==
	    NULL ||
	    (st = get_object(ps, "peserta", "statusPeserta", err, errsz)) ==
	    NULL ||
	    (jp = get_object(ps, "peserta", "jenisPeserta", err, errsz)) ==
	    NULL ||
	    (pu = get_object(ps, "peserta", "provUmum", err, errsz)) == NULL)
		goto done;
	if (get_text(ps, "peserta", "noKartu", p->no_kartu, err, errsz) ||
	    get_text(ps, "peserta", "nik", p->nik, err, errsz) ||
	    get_text(ps, "peserta", "nama", p->nama, err, errsz) ||
	    get_text(ps, "peserta", "sex", p->sex, err, errsz) ||
	    get_text(ps, "peserta", "tglLahir", p->tgl_lahir, err, errsz) ||
	    get_text(st, "statusPeserta", "kode", p->status_kode, err, errsz) ||
	    get_text(st, "statusPeserta", "keterangan", p->status_ket, err,
	    errsz) ||
	    get_text(jp, "jenisPeserta", "kode", p->jenis_kode, err, errsz) ||
	    get_text(jp, "jenisPeserta", "keterangan", p->jenis_ket, err,
	    errsz) ||
	    get_text(pu, "provUmum", "kdProvider", p->kd_provider, err,
	    errsz) ||
	    get_text(pu, "provUmum", "nmProvider", p->nm_provider, err, errsz))
		goto done;
	if (nik != NULL && strcmp(p->nik, nik) != 0) {
		snprintf(err, errsz, _("%s: the answer is for NIK %s, not %s"),
		    vclaim_strerror(e), log_id(p->nik, m1), log_id(nik, m2));
		goto done;
	}
	if (compact != NULL &&
	    (*compact = json_dumps(ps, JSON_COMPACT | JSON_SORT_KEYS)) == NULL) {
		snprintf(err, errsz, "%s", vclaim_strerror(VCLAIM_ERR_NOMEM));
		e = VCLAIM_ERR_NOMEM;
		goto done;
	}
	e = VCLAIM_OK;
done:
	json_decref(root);
	return e;
}

/* A raw field cleaned like an imported value (inputs.md). */
static void
cleaned(const char *raw, char *out, size_t outsz)
{
	clean_text(raw, strlen(raw), out, outsz);
}

enum vclaim_kasus
vclaim_kasus_of(const struct vclaim_peserta *p, const char **segmen)
{
	char kode[VCLAIM_FIELD], ket[VCLAIM_FIELD];
	enum clean_status st, st2;
	enum clean_segmen sg, sg2;

	*segmen = NULL;
	cleaned(p->status_kode, kode, sizeof kode);
	cleaned(p->status_ket, ket, sizeof ket);
	st = clean_status(kode);
	if (st == CLEAN_STATUS_EMPTY || st == CLEAN_STATUS_LAINNYA) {
		st2 = clean_status(ket);
		if (st2 != CLEAN_STATUS_EMPTY)
			st = st2;
	}
	cleaned(p->jenis_kode, kode, sizeof kode);
	cleaned(p->jenis_ket, ket, sizeof ket);
	sg = clean_segmen(kode);
	if (sg == CLEAN_SEGMEN_EMPTY || sg == CLEAN_SEGMEN_LAINNYA) {
		sg2 = clean_segmen(ket);
		if (sg2 != CLEAN_SEGMEN_EMPTY)
			sg = sg2;
	}
	switch (st) {
	case CLEAN_STATUS_EMPTY:
		return VCLAIM_KASUS_NONE;
	case CLEAN_STATUS_MENINGGAL:
		return VCLAIM_MENINGGAL;
	case CLEAN_STATUS_AKTIF:
		if (sg == CLEAN_SEGMEN_EMPTY)
			return VCLAIM_KASUS_NONE;	/* whose money? unknown */
		*segmen = clean_segmen_name(sg);
		return sg == CLEAN_SEGMEN_PBPU_PEMDA ? VCLAIM_AKTIF_PEMDA :
		    VCLAIM_AKTIF_SEGMEN_LAIN;
	default:
		*segmen = clean_segmen_name(sg);	/* NULL when empty */
		return VCLAIM_NON_AKTIF;
	}
}

/* metaData.code or message as text (a string, or an integer). */
static int
meta_text(json_t *meta, const char *key, char *out, size_t outsz)
{
	json_t *v = json_object_get(meta, key);

	out[0] = '\0';
	if (json_is_integer(v))
		snprintf(out, outsz, "%" JSON_INTEGER_FORMAT,
		    json_integer_value(v));
	else if (json_is_string(v))
		snprintf(out, outsz, "%s", json_string_value(v));
	else
		return -1;
	return 0;
}

enum vclaim_err
vclaim_decode_body(const char *body, size_t len, const char *cons_id,
    const char *secret, const char *timestamp, const char *nik,
    struct vclaim_answer *a)
{
	json_error_t je;
	json_t *root, *meta, *resp;
	char *plain = NULL, *text = NULL;
	size_t plainlen, textlen, errpos;
	enum vclaim_err e = VCLAIM_ERR_JSON;
	enum lz_err le;

	a->kasus = VCLAIM_KASUS_NONE;
	a->segmen = NULL;
	a->error[0] = '\0';
	if ((root = json_loadb(body, len, JSON_REJECT_DUPLICATES, &je)) ==
	    NULL) {
		snprintf(a->error, sizeof a->error, "%s (%s, character %d)",
		    vclaim_strerror(e), je.text, je.position);
		return e;
	}
	meta = json_object_get(root, "metaData");
	if (!json_is_object(meta) ||
	    meta_text(meta, "code", a->meta_code, sizeof a->meta_code) == -1) {
		snprintf(a->error, sizeof a->error, "%s (no metaData.code)",
		    vclaim_strerror(e));
		goto done;
	}
	if (meta_text(meta, "message", a->meta_message,
	    sizeof a->meta_message) == -1)
		a->meta_message[0] = '\0';
	if (strcmp(a->meta_code, "201") == 0) {
		a->kasus = clean_nik_valid(nik) ? VCLAIM_TIDAK_DITEMUKAN :
		    VCLAIM_NIK_TIDAK_VALID;
		e = VCLAIM_OK;
		goto done;
	}
	if (strcmp(a->meta_code, "200") != 0) {
		e = VCLAIM_ERR_AUTH;
		snprintf(a->error, sizeof a->error, "%s: metaData code %s: %s",
		    vclaim_strerror(e), a->meta_code, a->meta_message);
		goto done;
	}
	resp = json_object_get(root, "response");
	if (!json_is_string(resp)) {
		snprintf(a->error, sizeof a->error, "%s (response is %s)",
		    vclaim_strerror(e), resp == NULL ? "missing" :
		    "not a string");
		goto done;
	}
	if ((e = vclaim_decrypt(cons_id, secret, timestamp,
	    json_string_value(resp), &plain, &plainlen, a->error,
	    sizeof a->error)) != VCLAIM_OK)
		goto done;
	if ((le = lz_decompress_uri(plain, plainlen, VCLAIM_MAX_TEXT, &text,
	    &textlen, &errpos)) != LZ_OK) {
		e = le == LZ_ERR_NOMEM ? VCLAIM_ERR_NOMEM : VCLAIM_ERR_LZSTRING;
		snprintf(a->error, sizeof a->error, "%s (%s, at character %zu "
		    "of %zu)", vclaim_strerror(e), lz_strerror(le), errpos,
		    plainlen);
		goto done;
	}
	if ((e = vclaim_parse_peserta(text, textlen, nik, &a->peserta,
	    &a->peserta_json, a->error, sizeof a->error)) != VCLAIM_OK)
		goto done;
	if ((a->kasus = vclaim_kasus_of(&a->peserta, &a->segmen)) ==
	    VCLAIM_KASUS_NONE) {
		e = VCLAIM_ERR_PESERTA;
		snprintf(a->error, sizeof a->error, "%s: %s", vclaim_strerror(e),
		    a->peserta.status_kode[0] == '\0' &&
		    a->peserta.status_ket[0] == '\0' ?
		    "statusPeserta is empty" :
		    "jenisPeserta is empty for an active participant");
	}
done:
	if (e != VCLAIM_OK)
		a->kasus = VCLAIM_KASUS_NONE;
	json_decref(root);
	free(plain);
	free(text);
	return e;
}

int
vclaim_date(const char *tz, time_t now, char out[11])
{
	struct tm tm;

	out[0] = '\0';
	if (!period_localtime(tz, now, &tm) ||
	    strftime(out, 11, "%Y-%m-%d", &tm) != 10)
		return -1;
	return 0;
}

/* ---- The request ------------------------------------------------------- */

static int
header_safe(const char *s)
{
	for (; *s != '\0'; s++)
		if (iscntrl((unsigned char)*s))
			return 0;
	return 1;
}

enum vclaim_err
vclaim_open(struct vclaim *v, const char *base_url, const char *cons_id,
    const char *secret, const char *user_key, long timeout_seconds,
    char *err, size_t errsz)
{
	const char *names[] = { "base_url", "cons_id", "the secret",
	    "the user_key" };
	const char *vals[] = { base_url, cons_id, secret, user_key };
	size_t i, n;

	memset(v, 0, sizeof *v);
	for (i = 0; i < 4; i++) {
		if (vals[i] == NULL || vals[i][0] == '\0') {
			snprintf(err, errsz, _("[bpjs_api] %s is empty"), names[i]);
			return VCLAIM_ERR_CONFIG;
		}
		if (!header_safe(vals[i])) {
			snprintf(err, errsz, _("[bpjs_api] %s holds a control "
			    "character"), names[i]);
			return VCLAIM_ERR_CONFIG;
		}
	}
	if (strchr(cons_id, '&') != NULL) {	/* it is signed as cons_id&ts */
		snprintf(err, errsz, _("[bpjs_api] cons_id holds '&'"));
		return VCLAIM_ERR_CONFIG;
	}
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		snprintf(err, errsz, _("libcurl cannot start"));
		return VCLAIM_ERR_NETWORK;
	}
	v->base_url = strdup(base_url);
	v->cons_id = strdup(cons_id);
	v->secret = strdup(secret);
	v->user_key = strdup(user_key);
	v->timeout = timeout_seconds > 0 ? timeout_seconds : 30;
	v->curl = curl_easy_init();
	if (v->base_url == NULL || v->cons_id == NULL || v->secret == NULL ||
	    v->user_key == NULL || v->curl == NULL) {
		vclaim_close(v);
		snprintf(err, errsz, "%s", vclaim_strerror(VCLAIM_ERR_NOMEM));
		return VCLAIM_ERR_NOMEM;
	}
	n = strlen(v->base_url);
	while (n > 0 && v->base_url[n - 1] == '/')
		v->base_url[--n] = '\0';
	return VCLAIM_OK;
}

void
vclaim_close(struct vclaim *v)
{
	if (v->curl != NULL) {
		curl_easy_cleanup(v->curl);
		curl_global_cleanup();
	}
	if (v->secret != NULL)
		OPENSSL_cleanse(v->secret, strlen(v->secret));
	if (v->user_key != NULL)
		OPENSSL_cleanse(v->user_key, strlen(v->user_key));
	free(v->base_url);
	free(v->cons_id);
	free(v->secret);
	free(v->user_key);
	memset(v, 0, sizeof *v);
}

struct body {
	char	*p;
	size_t	 n;
	int	 too_big;
};

static size_t
body_write(char *data, size_t size, size_t nmemb, void *arg)
{
	struct body *b = arg;
	size_t k = size * nmemb;
	char *np;

	if (k > VCLAIM_MAX_BODY - b->n) {
		b->too_big = 1;
		return 0;
	}
	if ((np = realloc(b->p, b->n + k + 1)) == NULL)
		return 0;
	b->p = np;
	memcpy(b->p + b->n, data, k);
	b->n += k;
	b->p[b->n] = '\0';
	return k;
}

enum vclaim_err
vclaim_ask(struct vclaim *v, const char *nik, const char *tgl, time_t now,
    struct vclaim_answer *a)
{
	CURL *h = v->curl;
	struct curl_slist *hd = NULL, *t;
	struct body b = { NULL, 0, 0 };
	char ts[32], sig[64], url[2048], line[1024], cerr[CURL_ERROR_SIZE];
	enum vclaim_err e;
	CURLcode cc;
	size_t i;

	memset(a, 0, sizeof *a);
	for (i = 0; nik[i] != '\0'; i++)
		if (!isdigit((unsigned char)nik[i]))
			break;
	if (i != 16 || nik[i] != '\0') {
		snprintf(a->error, sizeof a->error, "a NIK is 16 digits");
		return VCLAIM_ERR_CONFIG;
	}
	snprintf(ts, sizeof ts, "%lld", (long long)now);
	if (vclaim_signature(v->cons_id, v->secret, ts, sig, sizeof sig) ==
	    -1 ||
	    (size_t)snprintf(url, sizeof url, "%s/Peserta/nik/%s/tglSEP/%s",
	    v->base_url, nik, tgl) >= sizeof url) {
		snprintf(a->error, sizeof a->error, "[bpjs_api] base_url or "
		    "cons_id too long");
		return VCLAIM_ERR_CONFIG;
	}
	e = VCLAIM_ERR_NOMEM;
#define ADD(fmt, val) do {						\
		snprintf(line, sizeof line, fmt, val);			\
		if ((t = curl_slist_append(hd, line)) == NULL)		\
			goto done;					\
		hd = t;							\
	} while (0)
	ADD("X-cons-id: %s", v->cons_id);
	ADD("X-timestamp: %s", ts);
	ADD("X-signature: %s", sig);
	ADD("user_key: %s", v->user_key);
	ADD("Accept: %s", "application/json");
#undef ADD
	curl_easy_reset(h);
	cerr[0] = '\0';
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, hd);
	curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, v->timeout);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, v->timeout);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_USERAGENT, "rekon");
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, cerr);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, body_write);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, &b);
	cc = curl_easy_perform(h);
	if (cc != CURLE_OK && b.too_big) {
		e = VCLAIM_ERR_JSON;
		snprintf(a->error, sizeof a->error, "%s (longer than %zu "
		    "bytes)", vclaim_strerror(e), VCLAIM_MAX_BODY);
		goto done;
	}
	if (cc != CURLE_OK) {
		/* The URL holds the NIK: name only base_url. */
		e = cc == CURLE_OUT_OF_MEMORY ? VCLAIM_ERR_NOMEM :
		    VCLAIM_ERR_NETWORK;
		snprintf(a->error, sizeof a->error, "%s at %s: %s",
		    vclaim_strerror(e), v->base_url,
		    cerr[0] != '\0' ? cerr : curl_easy_strerror(cc));
		goto done;
	}
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &a->http_status);
	if (a->http_status != 200) {
		e = VCLAIM_ERR_HTTP;
		snprintf(a->error, sizeof a->error, "%s: HTTP %ld",
		    vclaim_strerror(e), a->http_status);
		goto done;
	}
	e = vclaim_decode_body(b.p != NULL ? b.p : "", b.n, v->cons_id,
	    v->secret, ts, nik, a);
done:
	if (e == VCLAIM_ERR_NOMEM && a->error[0] == '\0')
		snprintf(a->error, sizeof a->error, "%s", vclaim_strerror(e));
	curl_slist_free_all(hd);
	free(b.p);
	return e;
}
