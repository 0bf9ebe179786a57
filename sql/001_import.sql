-- 001_import.sql — import batches and the rows of the six kinds of input file.
--
-- Glossary
--   batch      one imported file: kind, period, file name, SHA-256, counts, outcome
--   line       the physical line of the file where a row began (1-based)
--   flags      codes of problems found while cleaning a kept row (inputs.md),
--              in the order they were found: ID_RUSAK_EXCEL, NIK_TIDAK_VALID,
--              NOKA_DIPERBAIKI, NOKA_TIDAK_VALID, TGL_TIDAK_VALID
--   nama_kunci the name's match key: A-Z words only (inputs.md)
--
-- Invariant: for a batch with outcome 'OK',
--   rows_read = accepted + rejected + blank
-- and accepted rows live in the kind's table, rejected ones in rejected_row.
-- A refused file (outcome 'DITOLAK') has no rows at all.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE batch (
	id          bigserial PRIMARY KEY,
	kind        text NOT NULL CHECK (kind IN ('dtks', 'usulan', 'feedback', 'peserta', 'segmen', 'kematian')),
	period      text NOT NULL CHECK (period ~ '^(19|20|21)[0-9]{2}-(0[1-9]|1[0-2])$'),
	file_name   text NOT NULL,
	sha256      text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
	size_bytes  bigint NOT NULL CHECK (size_bytes >= 0),
	encoding    text,            -- UTF-8 or WINDOWS-1252, as read
	delimiter   text,            -- the detected delimiter
	header_line integer,         -- the physical line of the header row
	segmen      text,            -- segmen lists: the segment given on import
	label       text,            -- segmen lists: the list's label
	rows_read   integer NOT NULL DEFAULT 0,
	accepted    integer NOT NULL DEFAULT 0,
	rejected    integer NOT NULL DEFAULT 0,
	blank       integer NOT NULL DEFAULT 0,
	started_at  timestamptz NOT NULL,
	finished_at timestamptz,
	outcome     text NOT NULL CHECK (outcome IN ('OK', 'DITOLAK')),
	message     text,
	CHECK (outcome <> 'OK' OR rows_read = accepted + rejected + blank)
);
-- A file already imported for its kind is skipped: one OK batch per (kind, sha256).
CREATE UNIQUE INDEX batch_kind_sha256_ok ON batch (kind, sha256) WHERE outcome = 'OK';
CREATE INDEX batch_kind_period ON batch (kind, period);

-- Rows that could not be used at all (inputs.md "When a row is rejected").
CREATE TABLE rejected_row (
	batch_id bigint NOT NULL REFERENCES batch (id) ON DELETE CASCADE,
	line     integer NOT NULL,
	reason   text NOT NULL CHECK (reason IN ('NIK_KOSONG', 'ID_KOSONG', 'ID_RUSAK_EXCEL',
	         'HASIL_TIDAK_DIKENAL', 'TGL_TIDAK_VALID', 'JUMLAH_KOLOM', 'BYTE_NUL',
	         'FIELD_TERLALU_PANJANG', 'CSV_RUSAK')),
	raw      text NOT NULL,
	PRIMARY KEY (batch_id, line)
);

-- DTKS / DTSEN extract from Dinas Sosial.
CREATE TABLE dtks_row (
	batch_id       bigint NOT NULL REFERENCES batch (id) ON DELETE CASCADE,
	line           integer NOT NULL,
	nik            text NOT NULL,
	no_kk          text,
	nama           text,
	nama_kunci     text,
	tgl_lahir      date,
	jenis_kelamin  char(1) CHECK (jenis_kelamin IN ('L', 'P')),
	hub_keluarga   text,
	alamat         text,
	rt             text,
	rw             text,
	kecamatan      text,
	kelurahan      text,
	iddtks         text,
	desil          smallint CHECK (desil BETWEEN 1 AND 10),
	padan_dukcapil text CHECK (padan_dukcapil IN ('YA', 'TIDAK')),
	flags          text[] NOT NULL DEFAULT '{}',
	PRIMARY KEY (batch_id, line)
);
CREATE INDEX dtks_row_nik ON dtks_row (nik);
CREATE INDEX dtks_row_no_kk ON dtks_row (no_kk);

-- Proposals (usulan baru and mutasi) from kelurahan via Dinas Sosial.
CREATE TABLE usulan_row (
	batch_id        bigint NOT NULL REFERENCES batch (id) ON DELETE CASCADE,
	line            integer NOT NULL,
	nik             text NOT NULL,
	no_kk           text,
	nama            text,
	nama_kunci      text,
	tgl_lahir       date,
	jenis_kelamin   char(1) CHECK (jenis_kelamin IN ('L', 'P')),
	hub_keluarga    text,
	alamat          text,
	rt              text,
	rw              text,
	kecamatan       text,
	kelurahan       text,
	jenis_usulan    text NOT NULL CHECK (jenis_usulan IN ('BARU', 'MUTASI')),
	tgl_usulan      date,
	no_sktm         text,
	ada_kk          boolean,
	ada_ktp         boolean,
	ada_sktm        boolean,
	ada_rekomendasi boolean,
	ada_surat_sakit boolean,
	flags           text[] NOT NULL DEFAULT '{}',
	PRIMARY KEY (batch_id, line)
);
CREATE INDEX usulan_row_nik ON usulan_row (nik);
CREATE INDEX usulan_row_no_kk ON usulan_row (no_kk);

-- BPJS's answer to a submission.
CREATE TABLE feedback_row (
	batch_id   bigint NOT NULL REFERENCES batch (id) ON DELETE CASCADE,
	line       integer NOT NULL,
	nik        text NOT NULL,
	hasil      text NOT NULL CHECK (hasil IN ('BERHASIL', 'GAGAL')),
	hasil_raw  text NOT NULL,
	noka       text,
	keterangan text,
	tmt        date,
	no_kk      text,
	nama       text,
	nama_kunci text,
	tgl_lahir  date,
	flags      text[] NOT NULL DEFAULT '{}',
	PRIMARY KEY (batch_id, line)
);
CREATE INDEX feedback_row_nik ON feedback_row (nik);
CREATE INDEX feedback_row_no_kk ON feedback_row (no_kk);

-- BPJS's monthly participant list (BNBA), the billing basis.
CREATE TABLE peserta_row (
	batch_id      bigint NOT NULL REFERENCES batch (id) ON DELETE CASCADE,
	line          integer NOT NULL,
	noka          text,
	nik           text,
	status        text NOT NULL CHECK (status IN ('AKTIF', 'MENINGGAL', 'NON_AKTIF', 'KELUAR', 'LAINNYA')),
	status_raw    text,
	segmen        text NOT NULL CHECK (segmen IN ('PBPU_PEMDA', 'PBI_APBN', 'PPU', 'PBPU_MANDIRI', 'BP', 'LAINNYA')),
	segmen_raw    text,
	no_kk         text,
	nama          text,
	nama_kunci    text,
	tgl_lahir     date,
	jenis_kelamin char(1) CHECK (jenis_kelamin IN ('L', 'P')),
	hub_keluarga  text,
	alamat        text,
	kecamatan     text,
	kelurahan     text,
	kd_faskes     text,
	nm_faskes     text,
	tmt           date,
	flags         text[] NOT NULL DEFAULT '{}',
	PRIMARY KEY (batch_id, line),
	CHECK (nik IS NOT NULL OR noka IS NOT NULL)
);
CREATE INDEX peserta_row_nik ON peserta_row (nik);
CREATE INDEX peserta_row_noka ON peserta_row (noka);
CREATE INDEX peserta_row_no_kk ON peserta_row (no_kk);

-- Another segment's list to check against (PBI APBN, the province's PBI APBD, ...).
CREATE TABLE segmen_row (
	batch_id   bigint NOT NULL REFERENCES batch (id) ON DELETE CASCADE,
	line       integer NOT NULL,
	nik        text NOT NULL,
	noka       text,
	nama       text,
	nama_kunci text,
	segmen     text NOT NULL CHECK (segmen IN ('PBPU_PEMDA', 'PBI_APBN', 'PPU', 'PBPU_MANDIRI', 'BP', 'LAINNYA')),
	status     text NOT NULL CHECK (status IN ('AKTIF', 'MENINGGAL', 'NON_AKTIF', 'KELUAR', 'LAINNYA')),
	status_raw text,
	flags      text[] NOT NULL DEFAULT '{}',
	PRIMARY KEY (batch_id, line)
);
CREATE INDEX segmen_row_nik ON segmen_row (nik);

-- Death records from Disdukcapil.
CREATE TABLE kematian_row (
	batch_id      bigint NOT NULL REFERENCES batch (id) ON DELETE CASCADE,
	line          integer NOT NULL,
	nik           text NOT NULL,
	nama          text,
	nama_kunci    text,
	tgl_meninggal date NOT NULL,
	flags         text[] NOT NULL DEFAULT '{}',
	PRIMARY KEY (batch_id, line)
);
CREATE INDEX kematian_row_nik ON kematian_row (nik);
