-- 002_rekon.sql — what the rules compute for a period P (rules.md), stored
-- so that workbooks, the JSON summary and the next month read one truth.
--
-- Glossary
--   kunci        participant key: the NIK when not empty, else 'NOKA:' || noka
--   periode      a month YYYY-MM; closed when its SK was signed (sk --final)
--   ditetapkan   in the SK list of the month (rules.md §4)
--   K            the SK list of P-1: sk_final when P-1 was closed, else sk_daftar
--
-- Every *_hasil / result table is rebuilt whole for a period by its rule
-- function (sql/rules/*.sql); nothing here points at import rows with a
-- foreign key where the result must outlive a dropped batch (the SK lists).

CREATE TABLE periode (
	period     text PRIMARY KEY CHECK (period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
	closed_at  timestamptz,		-- rekon sk --final
	sk_nomor   text,
	sk_tanggal text
);

-- §2: the feedback pattern table. Data, editable; the first pattern (by
-- urutan) that the keterangan contains, case-insensitive, decides. The row
-- with an empty pattern matches everything and so is the fallback.
CREATE TABLE feedback_pola (
	urutan        integer PRIMARY KEY,
	pola          text NOT NULL,
	kategori      text NOT NULL CHECK (kategori IN ('NIK_DUKCAPIL', 'DATA_GANDA',
	              'SEGMEN_LAIN', 'MENINGGAL', 'KUOTA', 'LAINNYA')),
	tindak_lanjut text NOT NULL
);
INSERT INTO feedback_pola (urutan, pola, kategori, tindak_lanjut) VALUES
	(10, 'DUKCAPIL', 'NIK_DUKCAPIL', 'Padankan NIK ke Disdukcapil, lalu usulkan ulang'),
	(20, 'TIDAK PADAN', 'NIK_DUKCAPIL', 'Padankan NIK ke Disdukcapil, lalu usulkan ulang'),
	(30, 'TIDAK DITEMUKAN', 'NIK_DUKCAPIL', 'Padankan NIK ke Disdukcapil, lalu usulkan ulang'),
	(40, 'NIK TIDAK', 'NIK_DUKCAPIL', 'Padankan NIK ke Disdukcapil, lalu usulkan ulang'),
	(50, 'GANDA', 'DATA_GANDA', 'Periksa data ganda; usulkan satu NIK saja'),
	(60, 'SEGMEN', 'SEGMEN_LAIN', 'Sudah terdaftar di segmen lain; tidak perlu diusulkan'),
	(70, 'SUDAH TERDAFTAR', 'SEGMEN_LAIN', 'Sudah terdaftar di segmen lain; tidak perlu diusulkan'),
	(80, 'SUDAH AKTIF', 'SEGMEN_LAIN', 'Sudah terdaftar di segmen lain; tidak perlu diusulkan'),
	(90, 'APBN', 'SEGMEN_LAIN', 'Sudah terdaftar di segmen lain; tidak perlu diusulkan'),
	(100, 'MENINGGAL', 'MENINGGAL', 'Hapus dari usulan'),
	(110, 'KUOTA', 'KUOTA', 'Usulkan ulang bulan berikutnya'),
	(10000, '', 'LAINNYA', 'Periksa kelengkapan dan kebenaran data');

-- §1: the outcome of every proposal row of U.
CREATE TABLE usulan_hasil (
	period   text NOT NULL,
	batch_id bigint NOT NULL,
	line     integer NOT NULL,
	urutan   integer NOT NULL,	-- position in U's order, 1..n
	antrian  integer,		-- queue position (family order) of rows with no code
	nik      text,
	no_kk    text,
	hasil    text NOT NULL CHECK (hasil IN ('DITERUSKAN', 'DIKEMBALIKAN', 'MENUNGGU_KUOTA')),
	alasan   text,		-- DIKEMBALIKAN: the codes, joined by ', ' in rules.md order
	PRIMARY KEY (period, batch_id, line),
	FOREIGN KEY (batch_id, line) REFERENCES usulan_row (batch_id, line) ON DELETE CASCADE
);

-- §1: how the room in the quota was found.
CREATE TABLE usulan_ruang (
	period      text PRIMARY KEY,
	kuota       bigint,		-- NULL: no quota configured, no limit
	aktif_bprev bigint NOT NULL,	-- AKTIF keys of Bprev's PBPU_PEMDA rows
	tertunda    bigint NOT NULL,	-- forwarded earlier, no feedback, not in Bprev
	ruang       bigint,		-- NULL: no limit
	dibuat      timestamptz NOT NULL DEFAULT now()
);

-- §2: each GAGAL row of F.
CREATE TABLE gagal_hasil (
	period        text NOT NULL,
	nik           text NOT NULL,
	batch_id      bigint NOT NULL,	-- the F row
	line          integer NOT NULL,
	kategori      text NOT NULL,
	tindak_lanjut text NOT NULL,
	kecamatan     text NOT NULL,	-- '(TANPA KECAMATAN)' when unknown
	kelurahan     text NOT NULL,
	PRIMARY KEY (period, nik),
	FOREIGN KEY (batch_id, line) REFERENCES feedback_row (batch_id, line) ON DELETE CASCADE
);

-- §3/§4: every row of Bp with its flags and where it went.
CREATE TABLE peserta_hasil (
	period       text NOT NULL,
	batch_id     bigint NOT NULL,
	line         integer NOT NULL,
	kunci        text NOT NULL,
	aktif        boolean NOT NULL,
	flags        text[] NOT NULL,	-- rules.md §3 order
	keterangan   text[] NOT NULL,	-- one per flag, same order: what the flag found
	kecamatan    text NOT NULL,	-- §5: upper-cased; '(TANPA KECAMATAN)'
	kelurahan    text NOT NULL,
	ditetapkan   boolean NOT NULL,	-- in the SK list
	dikecualikan text,		-- AKTIF, not in the SK: the reason (§4)
	PRIMARY KEY (period, batch_id, line),
	FOREIGN KEY (batch_id, line) REFERENCES peserta_row (batch_id, line) ON DELETE CASCADE
);
CREATE INDEX peserta_hasil_kunci ON peserta_hasil (period, kunci);

-- §3: keys of K with no AKTIF row in Bp. The person's data from K.
CREATE TABLE hilang (
	period    text NOT NULL,
	kunci     text NOT NULL,
	noka      text,
	nik       text,
	nama      text,
	tgl_lahir date,
	kecamatan text,
	kelurahan text,
	status    text,		-- its status when it has a (non-AKTIF) row in Bp
	PRIMARY KEY (period, kunci)
);

-- §4: the SK list. A copy of the person's data: a signed list outlives the
-- batches it came from.
CREATE TABLE sk_daftar (
	period        text NOT NULL,
	kunci         text NOT NULL,
	batch_id      bigint,
	line          integer,
	noka          text,
	nik           text,
	no_kk         text,
	nama          text,
	tgl_lahir     date,
	jenis_kelamin char(1),
	alamat        text,
	kelurahan     text,
	kecamatan     text,
	kd_faskes     text,
	tmt           date,
	PRIMARY KEY (period, kunci)
);
-- The list as signed (rekon sk --final): K for the next month.
CREATE TABLE sk_final (LIKE sk_daftar INCLUDING ALL);

-- §5: the headline figures of each reconciled month.
CREATE TABLE rekon_ringkasan (
	period          text PRIMARY KEY,
	dibuat          timestamptz NOT NULL DEFAULT now(),
	kuota           bigint,
	aktif           bigint NOT NULL,
	ditetapkan      bigint NOT NULL,
	terpakai_persen numeric(6, 1),
	sisa            bigint,
	iuran_per_jiwa  bigint NOT NULL,
	iuran           bigint NOT NULL,
	tagihan_bpjs    bigint NOT NULL,
	selisih_tagihan bigint NOT NULL,
	iuran_kumulatif bigint NOT NULL,	-- the year's iuran up to this month
	anggaran        bigint,
	serapan_persen  numeric(6, 1)
);

-- §5 per kecamatan.
CREATE TABLE rekon_kecamatan (
	period          text NOT NULL,
	kecamatan       text NOT NULL,
	aktif           bigint NOT NULL,
	ditetapkan      bigint NOT NULL,
	iuran           bigint NOT NULL,
	tagihan_bpjs    bigint NOT NULL,
	selisih_tagihan bigint NOT NULL,
	PRIMARY KEY (period, kecamatan)
);

-- §6: MASUK and KELUAR against K.
CREATE TABLE mutasi (
	period    text NOT NULL,
	jenis     text NOT NULL CHECK (jenis IN ('MASUK', 'KELUAR')),
	kunci     text NOT NULL,
	alasan    text,		-- KELUAR: exclusion reason, status, or HILANG
	noka      text,
	nik       text,
	nama      text,
	kecamatan text,
	kelurahan text,
	PRIMARY KEY (period, jenis, kunci)
);
