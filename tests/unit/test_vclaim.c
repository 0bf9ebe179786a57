/*
 * test_vclaim.c — the pure parts of the VClaim client (jobs/bpjs/vclaim.c):
 * the signature and the AES key against vectors computed with node's crypto
 * and `openssl dgst -hmac` (both agree), a known ciphertext decrypted and
 * decoded, every way an answer can be bad, and rules.md §7's mapping.
 *
 * The vectors (cons_id 1234, secret rahasia, timestamp 1763800000):
 *   node -e 'crypto.createHmac("sha256","rahasia").update("1234&1763800000")
 *            .digest("base64")'
 *   printf '1234&1763800000' | openssl dgst -sha256 -hmac rahasia -binary | base64
 * and CT below is node's aes-256-cbc of LZ (lz-string 1.5.0
 * compressToEncodedURIComponent of the JSON of PESERTA).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vclaim.h"

#define N(a)	((int)(sizeof(a) / sizeof((a)[0])))

#define CONS	"1234"
#define SECRET	"rahasia"
#define TS	"1763800000"
#define SIG	"4uenzP+jjsOlBvjDJT2heztsB31AUEz6rQ0k1615ybY="
#define KEY	"d50fc8a1c08480cb39f91eb931d33f159bf2a0c5a7d353220ed23d41cc662af8"
#define NIK	"3325014101900002"
#define LZ	"N4IgDgpgzhBOAuBDEAuUA7A9gaUQgrqiAAykCMATAMwAsArAGwDsAHAJzEgA0I6AlgGsiVKhTrEyNMhI6liFbr0QBbZChABlAJIAVLQAIAcgFUASoB6gAIJbDWxTAAeRAAqL4AcwA2AGUQALPlgiMjYOAFoJCLJ7JHh8KGdoOCRUUAFMABMIIk4eAQh4OER0d2KiS2w9ADEQAF8eACsIfgSkhDU0zOz1CgU8gqKSsvVnACFnY31nAFEAWQARSzqeMFhMADdjZXxlVJABDOc19b4soPUJCQBxckV0ZSON07gXYw1saY1Zyw19UcsdJZDFd9HZauCgA"
#define CT	"5mIRsT8zcoa0JmIKfgtDrh9dfTLNJsd1DuljsQZPSsAll0/I2KF+KpUDUrkJUpfdL5Xl4MfizLkkq2OPDYdK6bhpLpFbbzrav8FzOfnIyS4hpy/8UKLmuB54biqfJ0yFX3H21JSZTq8L1TclTeSA7X1UMSLIe1AkCBP4ZTHIEHUlXVfsCuYUIgyIlMgWQ9CE+fgRtsj1YV33QhPPG50sy/gfUY8raS/XTfvi0av3FMbXvJaEFEN1NFm/ZqBLAf/oFhKIE2Ddhtqu15gN9p+vlP3Jqwn2onEP0hYUJfamNCiK5hBvHhB/498y2PCtEO0kLJDXfEydgpEf0SrILqnbhpiMXVGq4n0C5zRFu/uTOBTAPs8O8ve9O9JGLwaGvt9Zsui+zxVA1WAmDrB6B4fXdW0px+r2RKe+ziat1bGrnBv1GQsyX0tOtscdDpz4W59d"
/* The JSON of PESERTA, as node's JSON.stringify wrote it. */
#define NAMA	"SITI NUR\xCA\xBC" "AINI"	/* U+02BC */
#define PESERTA	"{\"peserta\":{\"noKartu\":\"0001234567890\",\"nik\":\"" NIK "\"," \
	"\"nama\":\"" NAMA "\",\"sex\":\"P\",\"tglLahir\":\"1990-01-01\"," \
	"\"statusPeserta\":{\"kode\":\"0\",\"keterangan\":\"AKTIF\"}," \
	"\"jenisPeserta\":{\"kode\":\"22\",\"keterangan\":\"PBPU PEMDA\"}," \
	"\"provUmum\":{\"kdProvider\":\"0101G001\",\"nmProvider\":\"PUSKESMAS BATANG I\"}}}"

/* ---- Signing ---------------------------------------------------------- */

START_TEST(test_signature)
{
	char sig[64];

	ck_assert_int_eq(vclaim_signature(CONS, SECRET, TS, sig, sizeof sig), 0);
	ck_assert_str_eq(sig, SIG);
	ck_assert_int_eq(vclaim_signature(CONS, SECRET, "1763800001", sig,
	    sizeof sig), 0);
	ck_assert_str_ne(sig, SIG);
	ck_assert_int_eq(vclaim_signature(CONS, SECRET, TS, sig, 44), -1);
	ck_assert_int_eq(vclaim_signature(CONS, SECRET, TS, sig, 45), 0);
	ck_assert_str_eq(sig, SIG);
}
END_TEST

START_TEST(test_key)
{
	unsigned char key[32];
	char hex[65];
	int i;

	vclaim_key(CONS, SECRET, TS, key);
	for (i = 0; i < 32; i++)
		sprintf(hex + 2 * i, "%02x", key[i]);
	ck_assert_str_eq(hex, KEY);
}
END_TEST

/* ---- base64 ----------------------------------------------------------- */

static const struct {
	const char	*in;
	const char	*want;	/* NULL: VCLAIM_ERR_BASE64 */
} b64_cases[] = {
	{ "aGVsbG8=", "hello" },
	{ "aGVsbG8h", "hello!" },
	{ "aGVsbA==", "hell" },
	{ "aGVs\r\nbA==", "hell" },	/* line breaks are skipped */
	{ "aGVsbA=", NULL },		/* one '=' short */
	{ "aGVsbA", NULL },		/* no padding */
	{ "aGVsbA===", NULL },
	{ "aGVsbG8=aGVs", NULL },	/* data after padding */
	{ "aGVsbG9=", NULL },		/* bits that belong to no byte */
	{ "aGVsbB==", NULL },
	{ "aGV", NULL },
	{ "a", NULL },
	{ "", NULL },
	{ "====", NULL },
	{ "aGVs bG8=", NULL },		/* a space */
	{ "aGVs-bG8", NULL },		/* base64url is not base64 */
	{ "aGVs_bG8", NULL },
	{ "/+/+", "\xFF\xEF\xFE" },
};

START_TEST(test_base64)
{
	unsigned char *out;
	size_t n;
	enum vclaim_err e;

	e = vclaim_base64_decode(b64_cases[_i].in, strlen(b64_cases[_i].in),
	    &out, &n);
	if (b64_cases[_i].want == NULL) {
		ck_assert_msg(e == VCLAIM_ERR_BASE64, "[%s] accepted",
		    b64_cases[_i].in);
		ck_assert_ptr_null(out);
		return;
	}
	ck_assert_msg(e == VCLAIM_OK, "[%s] refused", b64_cases[_i].in);
	ck_assert_uint_eq(n, strlen(b64_cases[_i].want));
	ck_assert(memcmp(out, b64_cases[_i].want, n) == 0);
	free(out);
}
END_TEST

/* ---- Decrypting ------------------------------------------------------- */

START_TEST(test_decrypt)
{
	char *out, err[512];
	size_t n;

	ck_assert_int_eq(vclaim_decrypt(CONS, SECRET, TS, CT, &out, &n, err,
	    sizeof err), VCLAIM_OK);
	ck_assert_str_eq(out, LZ);
	ck_assert_uint_eq(n, strlen(LZ));
	free(out);
	/* Another timestamp is another key: the padding does not check out. */
	ck_assert_int_eq(vclaim_decrypt(CONS, SECRET, "1763800001", CT, &out,
	    &n, err, sizeof err), VCLAIM_ERR_DECRYPT);
	ck_assert_ptr_null(out);
	ck_assert_ptr_nonnull(strstr(err, "bad padding"));
	ck_assert_int_eq(vclaim_decrypt(CONS, "salah", TS, CT, &out, &n, err,
	    sizeof err), VCLAIM_ERR_DECRYPT);
	/* Not whole blocks. */
	ck_assert_int_eq(vclaim_decrypt(CONS, SECRET, TS, "aGVsbG8=", &out, &n,
	    err, sizeof err), VCLAIM_ERR_DECRYPT);
	ck_assert_str_eq(err, "bad payload: response does not decrypt: 5 bytes "
	    "is not a whole number of AES blocks");
	ck_assert_int_eq(vclaim_decrypt(CONS, SECRET, TS, "not base64!", &out,
	    &n, err, sizeof err), VCLAIM_ERR_BASE64);
	ck_assert_int_eq(vclaim_decrypt(CONS, SECRET, TS, "", &out, &n, err,
	    sizeof err), VCLAIM_ERR_BASE64);
}
END_TEST

/* ---- Whole answers ---------------------------------------------------- */

static char *
body(const char *code, const char *msg, const char *response)
{
	static char b[4096];

	snprintf(b, sizeof b, "{\"metaData\":{\"code\":\"%s\",\"message\":"
	    "\"%s\"},\"response\":%s}", code, msg, response);
	return b;
}

START_TEST(test_body_ok)
{
	struct vclaim_answer a;
	char *b = body("200", "OK", "\"" CT "\"");

	memset(&a, 0, sizeof a);
	ck_assert_int_eq(vclaim_decode_body(b, strlen(b), CONS, SECRET, TS,
	    NIK, &a), VCLAIM_OK);
	ck_assert_int_eq(a.kasus, VCLAIM_AKTIF_PEMDA);
	ck_assert_str_eq(a.segmen, "PBPU_PEMDA");
	ck_assert_str_eq(a.meta_code, "200");
	ck_assert_str_eq(a.meta_message, "OK");
	ck_assert_str_eq(a.error, "");
	ck_assert_str_eq(a.peserta.nama, NAMA);
	ck_assert_str_eq(a.peserta.no_kartu, "0001234567890");
	ck_assert_str_eq(a.peserta.nik, NIK);
	ck_assert_str_eq(a.peserta.sex, "P");
	ck_assert_str_eq(a.peserta.tgl_lahir, "1990-01-01");
	ck_assert_str_eq(a.peserta.status_kode, "0");
	ck_assert_str_eq(a.peserta.status_ket, "AKTIF");
	ck_assert_str_eq(a.peserta.jenis_kode, "22");
	ck_assert_str_eq(a.peserta.jenis_ket, "PBPU PEMDA");
	ck_assert_str_eq(a.peserta.kd_provider, "0101G001");
	ck_assert_str_eq(a.peserta.nm_provider, "PUSKESMAS BATANG I");
	ck_assert_str_eq(a.peserta_json, "{\"jenisPeserta\":{\"keterangan\":"
	    "\"PBPU PEMDA\",\"kode\":\"22\"},\"nama\":\"" NAMA "\",\"nik\":\""
	    NIK "\",\"noKartu\":\"0001234567890\",\"provUmum\":{\"kdProvider\":"
	    "\"0101G001\",\"nmProvider\":\"PUSKESMAS BATANG I\"},\"sex\":\"P\","
	    "\"statusPeserta\":{\"keterangan\":\"AKTIF\",\"kode\":\"0\"},"
	    "\"tglLahir\":\"1990-01-01\"}");
	vclaim_answer_free(&a);
	ck_assert_ptr_null(a.peserta_json);

	/* The answer is for the NIK asked about, and signed for this
	 * moment: another timestamp cannot decrypt it. */
	ck_assert_int_eq(vclaim_decode_body(b, strlen(b), CONS, SECRET, TS,
	    "3325014101900003", &a), VCLAIM_ERR_PESERTA);
	ck_assert_str_eq(a.error, "bad payload: the participant data is "
	    "incomplete: the answer is for NIK 3325**********02, not "
	    "3325**********03");
	ck_assert_int_eq(a.kasus, VCLAIM_KASUS_NONE);
	vclaim_answer_free(&a);
	ck_assert_int_eq(vclaim_decode_body(b, strlen(b), CONS, SECRET,
	    "1763800001", NIK, &a), VCLAIM_ERR_DECRYPT);
	vclaim_answer_free(&a);
}
END_TEST

static const struct {
	const char	*body;
	const char	*nik;
	enum vclaim_err	 err;
	enum vclaim_kasus kasus;
	const char	*error;		/* a part of a.error */
} body_cases[] = {
	{ "{\"metaData\":{\"code\":\"201\",\"message\":\"Peserta tidak ditemukan\"},\"response\":null}",
	  NIK, VCLAIM_OK, VCLAIM_TIDAK_DITEMUKAN, "" },
	/* 16 digits but not a valid NIK (province 10): §7's order */
	{ "{\"metaData\":{\"code\":\"201\",\"message\":\"x\"},\"response\":null}",
	  "1025010101900001", VCLAIM_OK, VCLAIM_NIK_TIDAK_VALID, "" },
	{ "{\"metaData\":{\"code\":201,\"message\":\"x\"}}",
	  NIK, VCLAIM_OK, VCLAIM_TIDAK_DITEMUKAN, "" },
	{ "{\"metaData\":{\"code\":\"401\",\"message\":\"Signature tidak valid\"},\"response\":null}",
	  NIK, VCLAIM_ERR_AUTH, 0,
	  "BPJS refused the request: metaData code 401: Signature tidak valid" },
	{ "{\"metaData\":{\"code\":\"0\",\"message\":\"user_key salah\"}}",
	  NIK, VCLAIM_ERR_AUTH, 0, "metaData code 0: user_key salah" },
	{ "<html>Gateway</html>", NIK, VCLAIM_ERR_JSON, 0,
	  "bad payload: the answer is not the expected JSON (" },
	{ "", NIK, VCLAIM_ERR_JSON, 0, "not the expected JSON" },
	{ "[]", NIK, VCLAIM_ERR_JSON, 0, "(no metaData.code)" },
	{ "{\"metaData\":{\"message\":\"OK\"}}", NIK, VCLAIM_ERR_JSON, 0,
	  "(no metaData.code)" },
	{ "{\"metaData\":{\"code\":\"200\",\"message\":\"OK\"}}", NIK,
	  VCLAIM_ERR_JSON, 0, "(response is missing)" },
	{ "{\"metaData\":{\"code\":\"200\",\"message\":\"OK\"},\"response\":{}}",
	  NIK, VCLAIM_ERR_JSON, 0, "(response is not a string)" },
	{ "{\"metaData\":{\"code\":\"200\",\"message\":\"OK\"},\"response\":\"!!\"}",
	  NIK, VCLAIM_ERR_BASE64, 0, "bad payload: response is not base64" },
	{ "{\"metaData\":{\"code\":\"200\"},\"metaData\":{\"code\":\"200\"}}",
	  NIK, VCLAIM_ERR_JSON, 0, "duplicate" },
	/* base64 of 16 bytes of zeros: a block, but not this key's */
	{ "{\"metaData\":{\"code\":\"200\",\"message\":\"OK\"},\"response\":\"AAAAAAAAAAAAAAAAAAAAAA==\"}",
	  NIK, VCLAIM_ERR_DECRYPT, 0, "response does not decrypt" },
};

START_TEST(test_body_cases)
{
	struct vclaim_answer a;
	enum vclaim_err e;

	memset(&a, 0, sizeof a);
	e = vclaim_decode_body(body_cases[_i].body, strlen(body_cases[_i].body),
	    CONS, SECRET, TS, body_cases[_i].nik, &a);
	ck_assert_msg(e == body_cases[_i].err, "case %d: got %s", _i,
	    vclaim_strerror(e));
	ck_assert_int_eq(a.kasus, body_cases[_i].kasus);
	ck_assert_msg(strstr(a.error, body_cases[_i].error) != NULL,
	    "case %d: error [%s] lacks [%s]", _i, a.error, body_cases[_i].error);
	if (body_cases[_i].error[0] == '\0')
		ck_assert_str_eq(a.error, "");
	ck_assert_ptr_null(a.segmen);
	vclaim_answer_free(&a);
}
END_TEST

/* ---- The decoded participant ------------------------------------------- */

static const struct {
	const char	*json;
	const char	*error;		/* NULL: accepted */
} peserta_cases[] = {
	{ PESERTA, NULL },
	{ "{\"peserta\":{\"noKartu\":\"1\",\"nik\":\"" NIK "\",\"nama\":\"A\","
	  "\"sex\":\"L\",\"tglLahir\":\"1990-01-01\",\"statusPeserta\":"
	  "{\"kode\":0,\"keterangan\":\"AKTIF\"},\"jenisPeserta\":{\"kode\":22,"
	  "\"keterangan\":\"\"},\"provUmum\":{\"kdProvider\":\"\",\"nmProvider\":"
	  "\"\"},\"extra\":[1,2]}}", NULL },	/* integers, extras: fine */
	{ "{}", "response.peserta is missing" },
	{ "[]", "the decrypted response is not an object" },
	{ "{\"peserta\":\"x\"}", "response.peserta is not an object" },
	{ "{\"peserta\":{}}", "peserta.statusPeserta is missing" },
	{ "{\"peserta\":", "the decrypted response is not JSON" },
	{ "{\"peserta\":{\"statusPeserta\":{},\"jenisPeserta\":{},\"provUmum\":{}}}",
	  "peserta has no noKartu" },
	{ "{\"peserta\":{\"noKartu\":null,\"statusPeserta\":{},\"jenisPeserta\":{},"
	  "\"provUmum\":{}}}", "peserta.noKartu is not a string" },
	{ "{\"peserta\":{\"noKartu\":\"1\",\"nik\":\"" NIK "\",\"nama\":\"A\","
	  "\"sex\":\"L\",\"tglLahir\":\"x\",\"statusPeserta\":{\"kode\":\"0\"},"
	  "\"jenisPeserta\":{\"kode\":\"22\",\"keterangan\":\"\"},\"provUmum\":"
	  "{\"kdProvider\":\"\",\"nmProvider\":\"\"}}}",
	  "statusPeserta has no keterangan" },
	{ "{\"peserta\":{\"noKartu\":\"1\",\"nik\":\"" NIK "\",\"nama\":\"A\","
	  "\"sex\":\"L\",\"tglLahir\":\"x\",\"statusPeserta\":{\"kode\":\"0\","
	  "\"keterangan\":\"\"},\"jenisPeserta\":{\"kode\":\"22\",\"keterangan\":"
	  "\"\"},\"provUmum\":{\"kdProvider\":\"\"}}}",
	  "provUmum has no nmProvider" },
};

START_TEST(test_peserta)
{
	struct vclaim_peserta p;
	char err[512] = "", *compact;
	enum vclaim_err e;

	e = vclaim_parse_peserta(peserta_cases[_i].json,
	    strlen(peserta_cases[_i].json), NIK, &p, &compact, err, sizeof err);
	if (peserta_cases[_i].error == NULL) {
		ck_assert_msg(e == VCLAIM_OK, "case %d: %s", _i, err);
		ck_assert_ptr_nonnull(compact);
		free(compact);
		return;
	}
	ck_assert_int_eq(e, VCLAIM_ERR_PESERTA);
	ck_assert_ptr_null(compact);
	ck_assert_msg(strstr(err, peserta_cases[_i].error) != NULL,
	    "case %d: [%s] lacks [%s]", _i, err, peserta_cases[_i].error);
}
END_TEST

START_TEST(test_peserta_long)
{
	struct vclaim_peserta p;
	char json[2048], nama[300], err[512];
	char *compact;

	memset(nama, 'A', sizeof nama - 1);
	nama[sizeof nama - 1] = '\0';
	snprintf(json, sizeof json, "{\"peserta\":{\"noKartu\":\"1\",\"nik\":\""
	    NIK "\",\"nama\":\"%s\",\"sex\":\"L\",\"tglLahir\":\"x\","
	    "\"statusPeserta\":{\"kode\":\"0\",\"keterangan\":\"\"},"
	    "\"jenisPeserta\":{\"kode\":\"22\",\"keterangan\":\"\"},"
	    "\"provUmum\":{\"kdProvider\":\"\",\"nmProvider\":\"\"}}}", nama);
	ck_assert_int_eq(vclaim_parse_peserta(json, strlen(json), NIK, &p,
	    &compact, err, sizeof err), VCLAIM_ERR_PESERTA);
	ck_assert_ptr_nonnull(strstr(err, "peserta.nama is longer than 255 bytes"));
	/* A NUL inside a string is refused by the JSON reader. */
	ck_assert_int_eq(vclaim_parse_peserta("{\"peserta\":\"a\\u0000b\"}", 22,
	    NIK, &p, &compact, err, sizeof err), VCLAIM_ERR_PESERTA);
}
END_TEST

/* ---- rules.md §7 -------------------------------------------------------- */

static const struct {
	const char	*st_kode, *st_ket, *jp_kode, *jp_ket;
	enum vclaim_kasus kasus;
	const char	*segmen;
} map_cases[] = {
	{ "0", "AKTIF", "22", "PBPU PEMDA", VCLAIM_AKTIF_PEMDA, "PBPU_PEMDA" },
	{ "0", "AKTIF", "21", "PBI (APBN)", VCLAIM_AKTIF_SEGMEN_LAIN, "PBI_APBN" },
	{ "0", "AKTIF", "", "PBI (APBN)", VCLAIM_AKTIF_SEGMEN_LAIN, "PBI_APBN" },
	{ "0", "AKTIF", "14", "PBPU", VCLAIM_AKTIF_SEGMEN_LAIN, "PBPU_MANDIRI" },
	{ "0", "AKTIF", "13", "PPU", VCLAIM_AKTIF_SEGMEN_LAIN, "PPU" },
	{ "0", "AKTIF", "31", "PEKERJA MANDIRI", VCLAIM_AKTIF_SEGMEN_LAIN, "LAINNYA" },
	{ "0", "AKTIF", "", "PBI APBD", VCLAIM_AKTIF_PEMDA, "PBPU_PEMDA" },
	/* the kode first: 22 is PBPU_PEMDA whatever the text says */
	{ "0", "AKTIF", "22", "PBPU", VCLAIM_AKTIF_PEMDA, "PBPU_PEMDA" },
	{ "00", " aktif ", "022", "pbpu_pemda", VCLAIM_AKTIF_PEMDA, "PBPU_PEMDA" },
	{ "", "AKTIF", "22", "", VCLAIM_AKTIF_PEMDA, "PBPU_PEMDA" },
	{ "9", "TIDAK AKTIF KARENA PREMI", "14", "PBPU", VCLAIM_NON_AKTIF, "PBPU_MANDIRI" },
	{ "6", "", "22", "", VCLAIM_NON_AKTIF, "PBPU_PEMDA" },
	{ "7", "", "21", "", VCLAIM_NON_AKTIF, "PBI_APBN" },
	{ "15", "", "", "", VCLAIM_NON_AKTIF, NULL },
	{ "3", "KELUAR KEMAUAN SENDIRI", "22", "", VCLAIM_NON_AKTIF, "PBPU_PEMDA" },
	{ "99", "DITANGGUHKAN SEMENTARA", "22", "", VCLAIM_NON_AKTIF, "PBPU_PEMDA" },
	{ "1", "NON AKTIF", "22", "", VCLAIM_NON_AKTIF, "PBPU_PEMDA" },
	{ "2", "MENINGGAL", "22", "PBPU PEMDA", VCLAIM_MENINGGAL, NULL },
	{ "1", "MENINGGAL DUNIA", "21", "", VCLAIM_MENINGGAL, NULL },
	{ "2", "", "", "", VCLAIM_MENINGGAL, NULL },
	/* a code it does not know defers to the text */
	{ "4", "AKTIF", "22", "", VCLAIM_AKTIF_PEMDA, "PBPU_PEMDA" },
	{ "", "", "22", "", VCLAIM_KASUS_NONE, NULL },	/* no status */
	{ "0", "AKTIF", "", "", VCLAIM_KASUS_NONE, NULL },	/* whose money? */
};

START_TEST(test_map)
{
	struct vclaim_peserta p;
	const char *seg = "x";
	enum vclaim_kasus k;

	memset(&p, 0, sizeof p);
	snprintf(p.status_kode, sizeof p.status_kode, "%s", map_cases[_i].st_kode);
	snprintf(p.status_ket, sizeof p.status_ket, "%s", map_cases[_i].st_ket);
	snprintf(p.jenis_kode, sizeof p.jenis_kode, "%s", map_cases[_i].jp_kode);
	snprintf(p.jenis_ket, sizeof p.jenis_ket, "%s", map_cases[_i].jp_ket);
	k = vclaim_kasus_of(&p, &seg);
	ck_assert_msg(k == map_cases[_i].kasus, "case %d: got %s", _i,
	    k ? vclaim_kasus_name(k) : "NONE");
	if (map_cases[_i].segmen == NULL)
		ck_assert_msg(seg == NULL || k == VCLAIM_NON_AKTIF,
		    "case %d: segmen %s", _i, seg);
	else
		ck_assert_str_eq(seg, map_cases[_i].segmen);
	if (k == VCLAIM_MENINGGAL || k == VCLAIM_KASUS_NONE)
		ck_assert_ptr_null(seg);
}
END_TEST

START_TEST(test_names)
{
	ck_assert_str_eq(vclaim_kasus_name(VCLAIM_MENINGGAL), "MENINGGAL");
	ck_assert_str_eq(vclaim_kasus_name(VCLAIM_AKTIF_PEMDA), "AKTIF_PEMDA");
	ck_assert_str_eq(vclaim_kasus_name(VCLAIM_AKTIF_SEGMEN_LAIN),
	    "AKTIF_SEGMEN_LAIN");
	ck_assert_str_eq(vclaim_kasus_name(VCLAIM_NON_AKTIF), "NON_AKTIF");
	ck_assert_str_eq(vclaim_kasus_name(VCLAIM_NIK_TIDAK_VALID),
	    "NIK_TIDAK_VALID");
	ck_assert_str_eq(vclaim_kasus_name(VCLAIM_TIDAK_DITEMUKAN),
	    "TIDAK_DITEMUKAN");
	ck_assert_ptr_null(vclaim_kasus_name(VCLAIM_KASUS_NONE));
	/* rules.md §7, word for word (as sql/rules/50_cek.sql) */
	ck_assert_str_eq(vclaim_tindakan(VCLAIM_MENINGGAL),
	    "Tidak perlu didaftarkan; pastikan dikeluarkan dari daftar");
	ck_assert_str_eq(vclaim_tindakan(VCLAIM_AKTIF_PEMDA),
	    "Peserta aktif; bila belum punya kartu, minta cetak E-ID ke BPJS");
	ck_assert_str_eq(vclaim_tindakan(VCLAIM_AKTIF_SEGMEN_LAIN),
	    "Sudah dijamin segmen lain");
	ck_assert_str_eq(vclaim_tindakan(VCLAIM_NON_AKTIF),
	    "Buat surat pernyataan pengalihan bermaterai; kirim ke BPJS");
	ck_assert_str_eq(vclaim_tindakan(VCLAIM_NIK_TIDAK_VALID),
	    "Rujuk ke Disdukcapil untuk perbaikan NIK");
	ck_assert_str_eq(vclaim_tindakan(VCLAIM_TIDAK_DITEMUKAN),
	    "Buat formulir peserta baru bermaterai dengan fotokopi KK dan KTP; "
	    "kirim ke BPJS");
	ck_assert_str_eq(vclaim_strerror(VCLAIM_ERR_AUTH),
	    "BPJS refused the request");
	ck_assert_str_eq(vclaim_strerror((enum vclaim_err)99),
	    "unknown VClaim error");
	ck_assert(vclaim_err_payload(VCLAIM_ERR_LZSTRING));
	ck_assert(vclaim_err_payload(VCLAIM_ERR_JSON));
	ck_assert(!vclaim_err_payload(VCLAIM_ERR_AUTH));
	ck_assert(!vclaim_err_payload(VCLAIM_ERR_NETWORK));
}
END_TEST

/* tglSEP is today in the region's zone: 2026-11-21 17:30 UTC is already
 * the 22nd in WIB and WIT, still the 21st in UTC. */
START_TEST(test_date)
{
	char d[11];

	ck_assert_int_eq(vclaim_date("Asia/Jakarta", 1795282200, d), 0);
	ck_assert_str_eq(d, "2026-11-22");
	ck_assert_int_eq(vclaim_date("Asia/Jayapura", 1795282200, d), 0);
	ck_assert_str_eq(d, "2026-11-22");
	ck_assert_int_eq(vclaim_date("UTC", 1795282200, d), 0);
	ck_assert_str_eq(d, "2026-11-21");
	ck_assert_int_eq(vclaim_date("Asia/Jakarta", 1795280399, d), 0);
	ck_assert_str_eq(d, "2026-11-21");
	ck_assert_int_eq(vclaim_date(NULL, 1795282200, d), 0);
	ck_assert_str_eq(d, "2026-11-22");
}
END_TEST

/* vclaim_open refuses what cannot go into a header; vclaim_ask refuses a
 * NIK that is not 16 digits before any request. */
START_TEST(test_open_ask_refusals)
{
	struct vclaim v;
	struct vclaim_answer a;
	char err[256];

	ck_assert_int_eq(vclaim_open(&v, "", CONS, SECRET, "k", 5, err,
	    sizeof err), VCLAIM_ERR_CONFIG);
	ck_assert_str_eq(err, "[bpjs_api] base_url is empty");
	ck_assert_int_eq(vclaim_open(&v, "http://127.0.0.1:9", CONS, SECRET,
	    "k\r\nX-evil: 1", 5, err, sizeof err), VCLAIM_ERR_CONFIG);
	ck_assert_str_eq(err, "[bpjs_api] the user_key holds a control character");
	ck_assert_int_eq(vclaim_open(&v, "http://127.0.0.1:9", "12&34", SECRET,
	    "k", 5, err, sizeof err), VCLAIM_ERR_CONFIG);
	ck_assert_str_eq(err, "[bpjs_api] cons_id holds '&'");
	ck_assert_int_eq(vclaim_open(&v, "http://127.0.0.1:9/", CONS, SECRET,
	    "k", 5, err, sizeof err), VCLAIM_OK);
	ck_assert_str_eq(v.base_url, "http://127.0.0.1:9");
	ck_assert_int_eq(vclaim_ask(&v, "33250141019000", "2026-11-22",
	    1763800000, &a), VCLAIM_ERR_CONFIG);
	ck_assert_int_eq(vclaim_ask(&v, "3325014101900002/../x", "2026-11-22",
	    1763800000, &a), VCLAIM_ERR_CONFIG);
	vclaim_answer_free(&a);
	vclaim_close(&v);
}
END_TEST

static Suite *
vclaim_suite(void)
{
	Suite *s = suite_create("vclaim");
	TCase *tc;

	tc = tcase_create("crypto");
	tcase_add_test(tc, test_signature);
	tcase_add_test(tc, test_key);
	tcase_add_loop_test(tc, test_base64, 0, N(b64_cases));
	tcase_add_test(tc, test_decrypt);
	suite_add_tcase(s, tc);

	tc = tcase_create("answer");
	tcase_add_test(tc, test_body_ok);
	tcase_add_loop_test(tc, test_body_cases, 0, N(body_cases));
	tcase_add_loop_test(tc, test_peserta, 0, N(peserta_cases));
	tcase_add_test(tc, test_peserta_long);
	suite_add_tcase(s, tc);

	tc = tcase_create("kasus");
	tcase_add_loop_test(tc, test_map, 0, N(map_cases));
	tcase_add_test(tc, test_names);
	tcase_add_test(tc, test_date);
	tcase_add_test(tc, test_open_ask_refusals);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(vclaim_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
