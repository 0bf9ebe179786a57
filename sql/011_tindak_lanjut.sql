-- 011_tindak_lanjut.sql — rules.md §8 "Follow-up": the cases rekonsiliasi
-- lists for the meeting with the BPJS branch (sql/rules/45_tindak_lanjut.sql).
--
-- Glossary
--   kode         TERLAMBAT_BPJS or BELUM_MASUK_DAFTAR
--   diteruskan   p': the period the NIK was forwarded in, when known
--   batch_id, line
--                the row that makes the case, for input order: the
--                forwarded proposal (TERLAMBAT_BPJS) or the BERHASIL
--                feedback row (BELUM_MASUK_DAFTAR)
--   keterangan   what the case is, in plain words
CREATE TABLE tindak_lanjut (
	period		text NOT NULL,
	nik		text NOT NULL,
	kode		text NOT NULL CHECK (kode IN ('TERLAMBAT_BPJS', 'BELUM_MASUK_DAFTAR')),
	diteruskan	text,
	batch_id	bigint NOT NULL,
	line		integer NOT NULL,
	nama		text,
	kecamatan	text NOT NULL,
	kelurahan	text NOT NULL,
	keterangan	text NOT NULL,
	PRIMARY KEY (period, nik, kode)
);
