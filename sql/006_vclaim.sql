-- 006_vclaim.sql — the answers of BPJS's bridging API (VClaim) to
-- `rekon cek --online`, one row per request, kept with their time
-- (operations.md "Network", rules.md §7; docs/vclaim.md).
--
-- Glossary
--   asked_at      when the request was made: the row is written (under an
--                 advisory lock) just before the request goes out, so it
--                 also reserves the request's place in the rate limit
--                 ([bpjs_api] max_per_minute, across every process)
--   http_status   NULL: no HTTP answer (network error, or the process died)
--   meta_code     metaData.code: 200 found, 201 not found, else refused
--   peserta       the decoded answer's peserta object, as BPJS sent it
--   kasus, segmen rules.md §7's case and the segment shown, as decided from
--                 the answer; NULL when there is no usable answer
--   error         why there is no case: the error as the command printed it
--
-- A row with neither kasus nor error is a request whose answer never came
-- back (the process ended during it).
CREATE TABLE vclaim_answer (
	id		bigserial,
	nik		text NOT NULL,
	asked_at	timestamptz NOT NULL DEFAULT clock_timestamp(),
	tgl_sep		date NOT NULL,
	http_status	integer,
	meta_code	text,
	meta_message	text,
	peserta		jsonb,
	kasus		text CHECK (kasus IN ('MENINGGAL', 'AKTIF_PEMDA',
			    'AKTIF_SEGMEN_LAIN', 'NON_AKTIF', 'NIK_TIDAK_VALID',
			    'TIDAK_DITEMUKAN')),
	segmen		text,
	error		text,
	CHECK (kasus IS NULL OR error IS NULL),
	PRIMARY KEY (nik, id)	-- holds the NIK: a Citus table distributed by NIK (operations.md "Scale")
);
-- The rate limit counts the requests of the last minute.
CREATE INDEX vclaim_answer_asked ON vclaim_answer (asked_at);
