-- 021_calon_ganda.sql — the same person under two keys (rules.md §10): the
-- scored pairs of each period, the model that scored them, and the m
-- probabilities the model starts from.
--
-- Glossary
--   kunci        participant key, as everywhere: the NIK, else 'NOKA:' || noka
--   pasangan     two keys of AKTIF rows of Bp; kunci_a is the lesser
--                (COLLATE "C"), as in keputusan_row, so a decision and a
--                scored pair meet on the same two columns
--   bidang       a compared field: nama, tgl_lahir, jk, no_kk, kelurahan
--   tingkat      one graded level of a field (docs/ganda.md has the list)
--   m            P(level | the two rows are one person)
--   u            P(level | two people): from the data, see 67_calon_ganda.sql
--   bobot        log2(m / u), in bits; a pair's W is the sum over its fields
--   lambda       the probability that two random rows of Bp are one person
--   peluang      the pair's match probability o / (1 + o), o = 2^W·λ/(1−λ)
--   kelas        GANDA_PASTI (peluang >= ganda_pasti) or PERLU_DIPERIKSA
--                (>= ganda_periksa); lower pairs are not kept
--   kelompok     keys linked by GANDA_PASTI pairs or SAMA decisions; the
--                number a listed pair shows when its two keys are in one
--
-- Pairs and the model are small next to the lists (a few per thousand
-- people): plain tables keyed by period, replaced whole by each run of
-- rekon_calon_ganda. On Citus they are reference-sized and stay local to
-- the coordinator (docs/scale.md).

-- m for each field's levels (docs/ganda.md says where each comes from). A
-- site may change them with SQL; rekon never writes this table again.
CREATE TABLE ganda_m (
	bidang   text NOT NULL,
	tingkat  text NOT NULL,
	m        double precision NOT NULL CHECK (m > 0 AND m <= 1),
	PRIMARY KEY (bidang, tingkat)
);
INSERT INTO ganda_m (bidang, tingkat, m) VALUES
	('nama', 'sama', 0.76),
	('nama', 'mirip_80', 0.17),
	('nama', 'mirip_60', 0.06),
	('nama', 'beda', 0.01),
	('tgl_lahir', 'sama', 0.88),
	('tgl_lahir', 'tertukar', 0.05),
	('tgl_lahir', 'bulan_sama', 0.05),
	('tgl_lahir', 'beda', 0.02),
	('jk', 'sama', 0.97),
	('jk', 'beda', 0.03),
	('no_kk', 'sama', 0.80),
	('no_kk', 'beda', 0.20),
	('kelurahan', 'sama', 0.98),
	('kelurahan', 'beda', 0.02);

-- The model of a period as rekon_calon_ganda fitted it: u and the weight
-- of every level, with syarat 'no_kk sama' for the levels measured among
-- the pairs of one family card (67_calon_ganda.sql, "u").
CREATE TABLE ganda_model (
	period   text NOT NULL,
	bidang   text NOT NULL,
	tingkat  text NOT NULL,
	syarat   text NOT NULL DEFAULT '',
	m        double precision NOT NULL,
	u        double precision NOT NULL,
	bobot    double precision NOT NULL,
	PRIMARY KEY (period, bidang, tingkat, syarat)
);

-- One row per scored period: how many keys and candidate pairs, lambda and
-- how many EM steps found it, and the two classes' counts.
CREATE TABLE ganda_ringkas (
	period          text PRIMARY KEY,
	kunci           bigint NOT NULL,
	pasangan_calon  bigint NOT NULL,
	lambda          double precision,
	iterasi         integer NOT NULL,
	ganda_pasti     integer NOT NULL,
	perlu_diperiksa integer NOT NULL,
	dibuat          timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE calon_ganda (
	period    text NOT NULL,
	kunci_a   text NOT NULL,
	kunci_b   text NOT NULL,
	batch_id  bigint NOT NULL,	-- Bp
	line_a    integer NOT NULL,	-- each key's first AKTIF row
	line_b    integer NOT NULL,
	kelas     text NOT NULL CHECK (kelas IN ('GANDA_PASTI', 'PERLU_DIPERIKSA')),
	peluang   double precision NOT NULL,
	bobot     double precision NOT NULL,
	kelompok  integer,
	urut      integer NOT NULL,	-- the sheet's order, 1 up
	mengapa   text NOT NULL,
	CHECK (kunci_a COLLATE "C" < kunci_b COLLATE "C"),
	PRIMARY KEY (period, kunci_a, kunci_b)
);
