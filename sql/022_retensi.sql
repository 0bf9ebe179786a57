-- 022_retensi.sql — retention of imported rows (issue 22; operations.md
-- "Retention of personal data"; docs/decisions.md "Retention of imported
-- rows").
--
-- Glossary
--   retensi_at   batch: when retention dropped the batch's rows (its
--                partitions and rejected rows); the batch record stays.
--                periode: when retention removed the period's per-row
--                results; its figures stay.
--   ringkasan_simpan  a period's JSON summary (outputs.md §2) as it was
--                just before its rows went: what `rekon ringkasan --json`
--                and `rekon report rekonsiliasi` give for it afterwards
--   jawaban_sisa what rules.md's R and §8's BELUM_MASUK_DAFTAR still read
--                of a dropped feedback batch: NIK, result, NOKA and TMT of
--                each row (no name, birth date, No KK or note)
--   peserta_sisa the NIKs a dropped participant list had as AKTIF
--                PBPU_PEMDA, of people BPJS answered BERHASIL: §8's "on no
--                list since" for them
-- (Both residues go with their batch when it is dropped by hand.)

ALTER TABLE batch ADD COLUMN retensi_at timestamptz;
ALTER TABLE periode ADD COLUMN retensi_at timestamptz;

CREATE TABLE ringkasan_simpan (
	period    text PRIMARY KEY CHECK (period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
	isi       text NOT NULL,
	disimpan  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE jawaban_sisa (
	batch_id  bigint NOT NULL REFERENCES batch (id) ON DELETE CASCADE,
	line      integer NOT NULL,
	nik       text NOT NULL,
	hasil     text NOT NULL CHECK (hasil IN ('BERHASIL', 'GAGAL')),
	noka      text,
	tmt       date,
	PRIMARY KEY (batch_id, line, nik)	-- nik: Citus's distribution column (docs/scale.md)
);
CREATE INDEX jawaban_sisa_nik ON jawaban_sisa (nik);

CREATE TABLE peserta_sisa (
	batch_id  bigint NOT NULL REFERENCES batch (id) ON DELETE CASCADE,
	nik       text NOT NULL,
	PRIMARY KEY (batch_id, nik)
);
CREATE INDEX peserta_sisa_nik ON peserta_sisa (nik);
