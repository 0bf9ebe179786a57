-- 30_peserta.sql — rules.md §3, §4, §6 for a period P: the flags of every
-- row of Bp, who goes into the SK, the keys of K that went missing, and the
-- month-on-month change.
--
-- Glossary
--   Bp            P's participant list, its PBPU_PEMDA rows (rekon_bp)
--   kunci         participant key: rekon_kunci(nik, noka) — the NIK, else 'NOKA:' || noka
--   D, S, M, F, K the sets of 00_sets.sql; "K exists" is rekon_k_exists(P)
--   N             the population extract in force at P (rekon_n); without
--                 one, BUKAN_PENDUDUK and DATA_BEDA_DUKCAPIL are never set
--   np            N's period: "born before N" reads a NIK's birth date
--                 against its first day (rekon_lahir_sebelum_n)
--   ambang        ambang_nama: a name similarity below it is DATA_BERBEDA
--   kecualikan    sk_kecualikan: flags that keep an AKTIF row out of the SK,
--                 in priority order (the first one a row carries is its reason)
--   keterangan    one text per flag, in Indonesian: what the flag found
--   ditetapkan    the row is its key's row in the SK list of P
--   dikecualikan  why an AKTIF row is not in the SK (a kecualikan code, or GANDA_NIK)
--   sama          the pairs decided SAMA in force at P (rekon_keputusan)
--                 whose two keys both have AKTIF rows in Bp (§10)
--   kalah         the losing key of such a pair: its AKTIF rows are
--                 GANDA_ORANG; the NIK not valid (a NOKA key has none),
--                 else the one in neither D nor N, else the one whose first
--                 AKTIF row (lowest NOKA, empty last, then line) has the
--                 higher NOKA (empty last), then the later line
--   wakil         the row a key counts under: its SK row, else its first AKTIF
--                 row, else its first row (first: lowest NOKA, empty last, then line)
--   hilang        a key of K with no AKTIF row in Bp
--   mutasi        MASUK: key in P's SK, not in K; KELUAR: in K, not in P's SK
--
-- Readings of the spec (docs/decisions.md):
--   * "not BERHASIL in the feedback of P or of P-1" reads F: the newest row
--     per NIK of each month (rekon_f), like every other use of feedback.
--   * Similarity is compared as pg_trgm computes it, a real, against ambang
--     cast to real: a pair whose similarity is exactly the threshold is not
--     below it. (Left to itself PostgreSQL compares real < numeric as double
--     precision, and 7/20 as a real, 0.3499999940, would be below 0.35.)
--   * keterangan of NIK_TIDAK_VALID tells an empty NIK, one Excel destroyed
--     (row flag ID_RUSAK_EXCEL) and an invalid one apart; STATUS_TIDAK_AKTIF's
--     is the status as BPJS wrote it, a numeric code with its reading in
--     words ("9 (NON AKTIF)").
--   * The kecamatan/kelurahan pair (§5) is also what sk_daftar and the
--     MASUK rows carry, so the SK's Rekap adds up to the per-kecamatan figures.

-- The row each participant key of P counts under (see glossary: wakil).
-- Reads peserta_hasil, so it answers for a period rekon_peserta has built.
CREATE OR REPLACE FUNCTION rekon_peserta_wakil(p text)
RETURNS TABLE (kunci text, batch_id bigint, line integer, aktif boolean,
               ditetapkan boolean, dikecualikan text, status text,
               kecamatan text, kelurahan text)
LANGUAGE sql STABLE AS $$
	SELECT DISTINCT ON (h.kunci)
	       h.kunci, h.batch_id, h.line, h.aktif, h.ditetapkan, h.dikecualikan,
	       r.status, h.kecamatan, h.kelurahan
	FROM peserta_hasil h
	JOIN peserta_row r ON r.batch_id = h.batch_id AND r.line = h.line AND r.kunci = h.kunci
	WHERE h.period = $1
	ORDER BY h.kunci, h.ditetapkan DESC, h.aktif DESC,
	         coalesce(r.noka, '') = '', r.noka COLLATE "C", h.line
$$;

CREATE OR REPLACE FUNCTION rekon_peserta(p text, ambang numeric, kecualikan text[])
RETURNS void
LANGUAGE plpgsql
-- Every join here is set against set. Estimates for rows written moments
-- ago (a batch just imported, peserta_hasil just rebuilt) can be 1 row,
-- and a nested loop over two such sets is quadratic: minutes instead of
-- seconds at 370,000 rows. Hash and merge joins do not care.
SET enable_nestloop = off
-- The hashes below hold a province's list (800,000 keys): in memory they
-- are built once, spilled to disk they are written and read again.
SET work_mem = '128MB'
AS $fn$
DECLARE
	k_ada  boolean;
	salah  text[];
	v_b    bigint;		-- B's batch
	v_d    bigint;		-- the dtks batch in force
	-- Where each code that may keep a row out stands in kecualikan (NULL:
	-- not there): a row's reason is the code of the least position it carries.
	i_segmen    integer := array_position(kecualikan, 'SEGMEN_LAIN');
	i_meninggal integer := array_position(kecualikan, 'MENINGGAL');
	i_nik       integer := array_position(kecualikan, 'NIK_TIDAK_VALID');
	i_dtks      integer := array_position(kecualikan, 'BUKAN_DTKS');
	i_beda      integer := array_position(kecualikan, 'DATA_BERBEDA');
	i_ganda     integer := array_position(kecualikan, 'KEMUNGKINAN_GANDA');
	i_orang     integer := array_position(kecualikan, 'GANDA_ORANG');
	i_penduduk  integer := array_position(kecualikan, 'BUKAN_PENDUDUK');
	i_dukcapil  integer := array_position(kecualikan, 'DATA_BEDA_DUKCAPIL');
	i_tetap     integer := array_position(kecualikan, 'TIDAK_DITETAPKAN');
	v_n    bigint;		-- the extract in force (N), or NULL
	v_np   text;		-- its period
BEGIN
	IF p IS NULL OR p !~ '^[0-9]{4}-(0[1-9]|1[0-2])$' THEN
		RAISE EXCEPTION 'rekon_peserta: bad period %', coalesce(p, 'NULL');
	END IF;
	IF ambang IS NULL THEN
		RAISE EXCEPTION 'rekon_peserta: ambang_nama is NULL';
	END IF;
	IF kecualikan IS NULL THEN
		RAISE EXCEPTION 'rekon_peserta: sk_kecualikan is NULL (use an empty array for none)';
	END IF;
	-- §4: the row flags other than GANDA_NIK, GANDA_NOKA, STATUS_TIDAK_AKTIF.
	SELECT array_agg(coalesce(c, 'NULL')) INTO salah FROM unnest(kecualikan) c
	WHERE c IS NULL OR c NOT IN ('SEGMEN_LAIN', 'MENINGGAL', 'NIK_TIDAK_VALID',
	    'BUKAN_DTKS', 'DATA_BERBEDA', 'KEMUNGKINAN_GANDA', 'GANDA_ORANG',
	    'BUKAN_PENDUDUK', 'DATA_BEDA_DUKCAPIL', 'TIDAK_DITETAPKAN');
	IF salah IS NOT NULL THEN
		RAISE EXCEPTION 'rekon_peserta: sk_kecualikan: % not allowed (allowed: SEGMEN_LAIN, MENINGGAL, NIK_TIDAK_VALID, BUKAN_DTKS, DATA_BERBEDA, KEMUNGKINAN_GANDA, GANDA_ORANG, BUKAN_PENDUDUK, DATA_BEDA_DUKCAPIL, TIDAK_DITETAPKAN)',
		    array_to_string(salah, ', ');
	END IF;
	k_ada := rekon_k_exists(p);
	-- The batches once, as constants: a function call in a filter is
	-- called again for every row a sequential scan reads.
	v_b := rekon_b_batch(p);
	v_d := rekon_d_batch(p);
	v_n := rekon_n_batch(p);
	SELECT period INTO v_np FROM batch WHERE id = v_n;

	DELETE FROM mutasi WHERE period = p;
	DELETE FROM hilang WHERE period = p;
	-- peserta_hasil and sk_daftar: P's rows go into new tables that replace
	-- P's partitions (sql/009_period_partitions.sql): no WAL, their indexes
	-- built after the rows, an earlier run's partition dropped at the end.
	PERFORM rekon_periode_mulai('peserta_hasil', p);
	PERFORM rekon_periode_mulai('sk_daftar', p);

	-- The rows of Bp with their flags, keterangan and SK decision are built
	-- once in a temporary table (rekon_ph), and everything after reads it:
	-- peserta_hasil, the SK list, the wakil of each key. It carries what
	-- the SK list copies from the row, so peserta_row is read once.
	IF to_regclass('pg_temp.rekon_ph') IS NOT NULL THEN
		DROP TABLE pg_temp.rekon_ph;
	END IF;
	CREATE TEMPORARY TABLE rekon_ph ON COMMIT DROP AS
	WITH
	-- Bp (rekon_bp) with its key; empty text as NULL so "present" is one
	-- test. r_* are the row's values as they are (the SK list copies them).
	bp AS MATERIALIZED (
		SELECT r.batch_id, r.line, rekon_kunci(r.nik, r.noka) AS kunci,
		       nullif(r.nik, '') AS nik, nullif(r.noka, '') AS noka,
		       r.nik AS r_nik, r.noka AS r_noka,
		       r.status, r.status_raw, r.status = 'AKTIF' AS aktif,
		       r.flags AS baris_flags,
		       nullif(r.nama_kunci, '') AS nama_kunci, r.tgl_lahir, r.jenis_kelamin,
		       nullif(r.kecamatan, '') AS kecamatan, nullif(r.kelurahan, '') AS kelurahan,
		       r.no_kk, r.nama, r.alamat, r.kd_faskes, r.tmt
		FROM peserta_row r
		WHERE r.batch_id = v_b AND r.segmen = 'PBPU_PEMDA'),
	-- GANDA_NIK / GANDA_NOKA: on how many rows of Bp (any status) it appears.
	nik_n AS (
		SELECT nik, count(*) AS n FROM bp WHERE nik IS NOT NULL
		GROUP BY nik HAVING count(*) > 1),
	noka_n AS (
		SELECT noka, count(*) AS n FROM bp WHERE noka IS NOT NULL
		GROUP BY noka HAVING count(*) > 1),
	-- SEGMEN_LAIN: where else the NIK is AKTIF: the list's label, or the
	-- segmen of B's row (rekon_s says 'BPJS' for those).
	s AS (
		SELECT x.nik, string_agg(x.asal, ', ' ORDER BY x.asal COLLATE "C") AS asal
		FROM (SELECT DISTINCT s1.nik,
		             CASE WHEN s1.sumber = 'BPJS' THEN s1.segmen ELSE s1.sumber END AS asal
		      FROM rekon_s(p) s1) x
		GROUP BY x.nik),
	-- MENINGGAL: the newest M row of the NIK (greatest period, then batch,
	-- then line; §9 reads the same date) has a death before the first day
	-- of P; one inside P does not count.
	m AS (
		SELECT x.nik, x.tgl_meninggal AS tgl FROM rekon_m_terbaru(p) x
		WHERE x.tgl_meninggal < rekon_period_start(p)),
	-- D (rekon_d), one row per NIK: the first of the batch in force; only
	-- the columns used here, so the sort that picks it stays small.
	-- d and n MATERIALIZED like bp: on Citus a LEFT JOIN from bp (an
	-- intermediate result) into a distributed subquery is refused ("complex
	-- joins"); both sides as intermediate results join on the coordinator.
	-- One server: the same rows, hashed once either way (docs/scale.md).
	d AS MATERIALIZED (
		SELECT DISTINCT ON (dd.nik)
		       dd.nik, dd.nama, nullif(dd.nama_kunci, '') AS nama_kunci, dd.tgl_lahir,
		       dd.jenis_kelamin, nullif(dd.kecamatan, '') AS kecamatan,
		       nullif(dd.kelurahan, '') AS kelurahan
		FROM dtks_row dd
		WHERE dd.batch_id = v_d
		ORDER BY dd.nik, dd.line),
	-- N (rekon_n), one row per NIK, for Bp's NIKs only: the first of the
	-- extract in force. Empty without one.
	n AS MATERIALIZED (
		SELECT DISTINCT ON (nn.nik)
		       nn.nik, nn.nama, nullif(nn.nama_kunci, '') AS nama_kunci, nn.tgl_lahir,
		       nn.jenis_kelamin, nullif(nn.no_kk, '') AS no_kk
		FROM kependudukan_row nn
		WHERE nn.batch_id = v_n AND nn.nik IN (SELECT bp.nik FROM bp)
		ORDER BY nn.nik, nn.line),
	-- TIDAK_DITETAPKAN: the keys of K, and the NIKs BPJS registered
	-- (BERHASIL in F of P or of P-1): those were not proposed in vain.
	k AS (SELECT DISTINCT kunci FROM rekon_k(p)),
	berhasil AS (
		SELECT nik FROM rekon_f(p) WHERE hasil = 'BERHASIL'
		UNION
		SELECT nik FROM rekon_f(rekon_period_add(p, -1)) WHERE hasil = 'BERHASIL'),
	-- KEMUNGKINAN_GANDA: the other keys with an AKTIF row of the same
	-- nama_kunci and tgl_lahir, named by NIK (or NOKA when the NIK is empty).
	-- Only a pair shared by two keys or more can have one: those first.
	kembar_pasangan AS (
		SELECT nama_kunci, tgl_lahir
		FROM bp WHERE aktif AND nama_kunci IS NOT NULL AND tgl_lahir IS NOT NULL
		GROUP BY nama_kunci, tgl_lahir HAVING min(kunci) <> max(kunci)),
	kembar_baris AS MATERIALIZED (
		SELECT b.batch_id, b.line, b.kunci, b.nama_kunci, b.tgl_lahir,
		       CASE WHEN b.nik IS NOT NULL THEN 'NIK ' || b.nik ELSE 'NOKA ' || b.noka END AS label
		FROM bp b
		JOIN kembar_pasangan kp ON kp.nama_kunci = b.nama_kunci AND kp.tgl_lahir = b.tgl_lahir
		WHERE b.aktif),
	kembar_kunci AS (
		SELECT DISTINCT kb.kunci, kb.nama_kunci, kb.tgl_lahir, kb.label FROM kembar_baris kb),
	-- A row with another key of its pair is itself a row of such a pair.
	kembar AS (
		SELECT a.batch_id, a.line,
		       string_agg(b.label, ', ' ORDER BY b.kunci COLLATE "C") AS lain
		FROM kembar_baris a
		JOIN kembar_kunci b ON b.nama_kunci = a.nama_kunci AND b.tgl_lahir = a.tgl_lahir
		                   AND b.kunci <> a.kunci
		GROUP BY a.batch_id, a.line),
	-- GANDA_ORANG (§10): the SAMA pairs in force whose two keys both have
	-- AKTIF rows in Bp, each key's first AKTIF row (lowest NOKA, empty
	-- last, then line), and the losing key of each pair. A pair is read
	-- once per key it names: few rows, so D and N are looked up by NIK.
	sama AS MATERIALIZED (
		SELECT kp.kunci_a, kp.kunci_b FROM rekon_keputusan(p) kp
		WHERE kp.keputusan = 'SAMA'),
	pertama AS (
		SELECT DISTINCT ON (b.kunci) b.kunci, b.noka, b.line
		FROM bp b
		WHERE b.aktif AND b.kunci IN (SELECT sm.kunci_a FROM sama sm
		                              UNION SELECT sm.kunci_b FROM sama sm)
		ORDER BY b.kunci, b.noka IS NULL, b.noka COLLATE "C", b.line),
	pihak AS (
		SELECT pt.kunci, pt.noka, pt.line,
		       pt.kunci NOT LIKE 'NOKA:%' AND rekon_nik_valid(pt.kunci) AS sah,
		       pt.kunci IN (SELECT dd.nik FROM dtks_row dd WHERE dd.batch_id = v_d)
		       OR pt.kunci IN (SELECT nn.nik FROM kependudukan_row nn
		                       WHERE nn.batch_id = v_n) AS dikenal
		FROM pertama pt),
	-- kalah_a: the pair's kunci_a lost.
	kalah AS (
		SELECT a.kunci AS kunci_a, b.kunci AS kunci_b,
		       CASE WHEN a.sah <> b.sah THEN b.sah
		            WHEN a.dikenal <> b.dikenal THEN b.dikenal
		            WHEN a.noka IS NULL AND b.noka IS NOT NULL THEN true
		            WHEN b.noka IS NULL AND a.noka IS NOT NULL THEN false
		            WHEN a.noka COLLATE "C" <> b.noka COLLATE "C"
		                 THEN a.noka COLLATE "C" > b.noka COLLATE "C"
		            ELSE a.line > b.line END AS kalah_a
		FROM sama sm
		JOIN pihak a ON a.kunci = sm.kunci_a
		JOIN pihak b ON b.kunci = sm.kunci_b),
	-- Each losing key with the keys it lost to, named as KEMUNGKINAN_GANDA
	-- names them (NIK ..., else NOKA ...).
	orang AS (
		SELECT x.kunci,
		       string_agg(CASE WHEN x.menang LIKE 'NOKA:%' THEN 'NOKA ' || substr(x.menang, 6)
		                       ELSE 'NIK ' || x.menang END,
		                  ', ' ORDER BY x.menang COLLATE "C") AS lain
		FROM (SELECT CASE WHEN kl.kalah_a THEN kl.kunci_a ELSE kl.kunci_b END AS kunci,
		             CASE WHEN kl.kalah_a THEN kl.kunci_b ELSE kl.kunci_a END AS menang
		      FROM kalah kl) x
		GROUP BY x.kunci),
	-- Each flag's keterangan: NULL when the flag does not apply. And the
	-- kecamatan/kelurahan pair of §5. OFFSET 0 keeps this a level of its
	-- own: each text is used twice below (flag and keterangan) and must be
	-- computed once.
	ket AS (
		SELECT bp.batch_id, bp.line, bp.kunci, bp.noka, bp.aktif, bp.status,
		       bp.r_nik, bp.r_noka, bp.no_kk, bp.nama, bp.tgl_lahir, bp.jenis_kelamin,
		       bp.alamat, bp.kd_faskes, bp.tmt,
		       'NIK ada di ' || nik_n.n || ' baris' AS k_ganda_nik,
		       'NOKA ada di ' || noka_n.n || ' baris' AS k_ganda_noka,
		       CASE WHEN bp.aktif THEN 'aktif di ' || s.asal END AS k_segmen_lain,
		       CASE WHEN bp.aktif THEN 'meninggal ' || to_char(m.tgl, 'DD-MM-YYYY') END AS k_meninggal,
		       CASE WHEN bp.nik IS NULL AND 'ID_RUSAK_EXCEL' = ANY (bp.baris_flags)
		                 THEN 'NIK kosong (rusak di Excel)'
		            WHEN bp.nik IS NULL THEN 'NIK kosong'
		            WHEN 'NIK_TIDAK_VALID' = ANY (bp.baris_flags) THEN 'NIK tidak valid'
		       END AS k_nik_tidak_valid,
		       CASE WHEN bp.aktif AND bp.nik IS NOT NULL
		                 AND NOT 'NIK_TIDAK_VALID' = ANY (bp.baris_flags) AND d.nik IS NULL
		            THEN 'tidak ada di DTKS' END AS k_bukan_dtks,
		       rekon_beda(bp.tgl_lahir, bp.jenis_kelamin, bp.nama_kunci, d.tgl_lahir,
		                  d.jenis_kelamin, d.nama_kunci, d.nama, ambang, 'DTKS') AS k_data_berbeda,
		       CASE WHEN bp.aktif THEN 'nama dan tgl lahir sama dengan ' || kembar.lain END
		           AS k_kemungkinan_ganda,
		       CASE WHEN bp.aktif THEN 'orang yang sama dengan ' || orang.lain END
		           AS k_ganda_orang,
		       -- BUKAN_PENDUDUK: an extract is in force, the NIK is valid,
		       -- its holder was born before the extract, and it is not there.
		       CASE WHEN bp.aktif AND v_n IS NOT NULL AND bp.nik IS NOT NULL
		                 AND NOT 'NIK_TIDAK_VALID' = ANY (bp.baris_flags)
		                 AND n.nik IS NULL AND rekon_lahir_sebelum_n(bp.nik, v_np)
		            THEN 'tidak ada di data kependudukan (Dukcapil ' || v_np || ')' END
		           AS k_bukan_penduduk,
		       -- DATA_BEDA_DUKCAPIL: as DATA_BERBEDA against N, and the No KK.
		       CASE WHEN bp.aktif THEN nullif(concat_ws('; ',
		           rekon_beda(bp.tgl_lahir, bp.jenis_kelamin, bp.nama_kunci, n.tgl_lahir,
		                      n.jenis_kelamin, n.nama_kunci, n.nama, ambang, 'Dukcapil'),
		           CASE WHEN nullif(bp.no_kk, '') <> n.no_kk
		                THEN 'No KK Dukcapil ' || n.no_kk END), '') END
		           AS k_data_beda_dukcapil,
		       CASE WHEN k_ada AND bp.aktif AND k.kunci IS NULL AND berhasil.nik IS NULL
		            THEN 'tidak ada di SK bulan lalu' END AS k_tidak_ditetapkan,
		       -- BPJS's numeric codes (9, 15, ...) said in words beside
		       -- the code: what rekon read them as.
		       CASE WHEN NOT bp.aktif THEN CASE
		            WHEN bp.status_raw ~ '^[0-9]+$' AND bp.status IS NOT NULL
		            THEN bp.status_raw || ' (' || replace(bp.status, '_', ' ') || ')'
		            ELSE coalesce(nullif(bp.status_raw, ''), 'status kosong') END END
		           AS k_status_tidak_aktif,
		       CASE WHEN bp.kecamatan IS NOT NULL THEN upper(bp.kecamatan)
		            WHEN d.kecamatan IS NOT NULL THEN upper(d.kecamatan)
		            ELSE '(TANPA KECAMATAN)' END AS kecamatan,
		       CASE WHEN bp.kecamatan IS NOT NULL THEN upper(bp.kelurahan)
		            WHEN d.kecamatan IS NOT NULL THEN upper(d.kelurahan)
		       END AS kelurahan
		FROM bp
		LEFT JOIN nik_n ON nik_n.nik = bp.nik
		LEFT JOIN noka_n ON noka_n.noka = bp.noka
		LEFT JOIN s ON s.nik = bp.nik
		LEFT JOIN m ON m.nik = bp.nik
		LEFT JOIN d ON d.nik = bp.nik
		LEFT JOIN n ON n.nik = bp.nik
		LEFT JOIN k ON k.kunci = bp.kunci
		LEFT JOIN berhasil ON berhasil.nik = bp.nik
		LEFT JOIN kembar ON kembar.batch_id = bp.batch_id AND kembar.line = bp.line
		LEFT JOIN orang ON orang.kunci = bp.kunci
		OFFSET 0),
	-- The flags present, in the §3 order, each with its keterangan (a flag
	-- is present exactly when its keterangan is not NULL); and §4: an AKTIF
	-- row carrying a kecualikan code is out, for the first code in
	-- kecualikan's order that it carries.
	flagged AS (
		SELECT ket.*,
		       array_remove(ARRAY[
		           CASE WHEN ket.k_ganda_nik IS NOT NULL THEN 'GANDA_NIK' END,
		           CASE WHEN ket.k_ganda_noka IS NOT NULL THEN 'GANDA_NOKA' END,
		           CASE WHEN ket.k_segmen_lain IS NOT NULL THEN 'SEGMEN_LAIN' END,
		           CASE WHEN ket.k_meninggal IS NOT NULL THEN 'MENINGGAL' END,
		           CASE WHEN ket.k_nik_tidak_valid IS NOT NULL THEN 'NIK_TIDAK_VALID' END,
		           CASE WHEN ket.k_bukan_dtks IS NOT NULL THEN 'BUKAN_DTKS' END,
		           CASE WHEN ket.k_data_berbeda IS NOT NULL THEN 'DATA_BERBEDA' END,
		           CASE WHEN ket.k_kemungkinan_ganda IS NOT NULL THEN 'KEMUNGKINAN_GANDA' END,
		           CASE WHEN ket.k_ganda_orang IS NOT NULL THEN 'GANDA_ORANG' END,
		           CASE WHEN ket.k_bukan_penduduk IS NOT NULL THEN 'BUKAN_PENDUDUK' END,
		           CASE WHEN ket.k_data_beda_dukcapil IS NOT NULL THEN 'DATA_BEDA_DUKCAPIL' END,
		           CASE WHEN ket.k_tidak_ditetapkan IS NOT NULL THEN 'TIDAK_DITETAPKAN' END,
		           CASE WHEN ket.k_status_tidak_aktif IS NOT NULL THEN 'STATUS_TIDAK_AKTIF' END
		       ], NULL) AS flags,
		       array_remove(ARRAY[ket.k_ganda_nik, ket.k_ganda_noka, ket.k_segmen_lain,
		           ket.k_meninggal, ket.k_nik_tidak_valid, ket.k_bukan_dtks, ket.k_data_berbeda,
		           ket.k_kemungkinan_ganda, ket.k_ganda_orang, ket.k_bukan_penduduk, ket.k_data_beda_dukcapil,
		           ket.k_tidak_ditetapkan, ket.k_status_tidak_aktif
		       ], NULL) AS keterangan,
		       CASE WHEN ket.aktif THEN kecualikan[least(
		           CASE WHEN ket.k_segmen_lain IS NOT NULL THEN i_segmen END,
		           CASE WHEN ket.k_meninggal IS NOT NULL THEN i_meninggal END,
		           CASE WHEN ket.k_nik_tidak_valid IS NOT NULL THEN i_nik END,
		           CASE WHEN ket.k_bukan_dtks IS NOT NULL THEN i_dtks END,
		           CASE WHEN ket.k_data_berbeda IS NOT NULL THEN i_beda END,
		           CASE WHEN ket.k_kemungkinan_ganda IS NOT NULL THEN i_ganda END,
		           CASE WHEN ket.k_ganda_orang IS NOT NULL THEN i_orang END,
		           CASE WHEN ket.k_bukan_penduduk IS NOT NULL THEN i_penduduk END,
		           CASE WHEN ket.k_data_beda_dukcapil IS NOT NULL THEN i_dukcapil END,
		           CASE WHEN ket.k_tidak_ditetapkan IS NOT NULL THEN i_tetap END)] END AS alasan
		FROM ket)
	SELECT f.batch_id, f.line, f.kunci, f.noka, f.aktif, f.status, f.flags, f.keterangan,
	       f.kecamatan, coalesce(f.kelurahan, '(TANPA KELURAHAN)') AS kelurahan,
	       f.alasan,
	       -- §4: the SK keeps a key's remaining AKTIF row; GANDA_NIK below
	       -- takes out all but one when a key has several.
	       f.aktif AND f.alasan IS NULL AS ditetapkan,
	       f.alasan AS dikecualikan,
	       f.r_nik, f.r_noka, f.no_kk, f.nama, f.tgl_lahir, f.jenis_kelamin,
	       f.alamat, f.kd_faskes, f.tmt
	FROM flagged f;

	-- §4: of the remaining AKTIF rows of a key, the lowest NOKA (empty last),
	-- then the lowest line, is kept; the others are out as GANDA_NIK. Only
	-- keys with two such rows or more have others.
	UPDATE rekon_ph h SET ditetapkan = false, dikecualikan = 'GANDA_NIK'
	FROM (SELECT u.batch_id, u.line,
	             row_number() OVER (PARTITION BY u.kunci
	                                ORDER BY u.noka IS NULL, u.noka COLLATE "C", u.line) AS nomor
	      FROM rekon_ph u
	      WHERE u.ditetapkan AND u.kunci IN (SELECT v.kunci FROM rekon_ph v WHERE v.ditetapkan
	                                         GROUP BY v.kunci HAVING count(*) > 1)) g
	WHERE g.nomor > 1 AND h.batch_id = g.batch_id AND h.line = g.line;
	ANALYZE rekon_ph;

	INSERT INTO peserta_hasil_baru (period, batch_id, line, kunci, aktif, flags, keterangan,
	                                kecamatan, kelurahan, ditetapkan, dikecualikan)
	SELECT p, h.batch_id, h.line, h.kunci, h.aktif, h.flags, h.keterangan,
	       h.kecamatan, h.kelurahan, h.ditetapkan, h.dikecualikan
	FROM rekon_ph h;

	-- §4: the SK list, a copy of each kept row's person (it outlives the batch).
	INSERT INTO sk_daftar_baru (period, kunci, batch_id, line, noka, nik, no_kk, nama,
	                            tgl_lahir, jenis_kelamin, alamat, kelurahan, kecamatan,
	                            kd_faskes, tmt)
	SELECT p, h.kunci, h.batch_id, h.line, h.r_noka, h.r_nik, h.no_kk, h.nama,
	       h.tgl_lahir, h.jenis_kelamin, h.alamat, h.kelurahan, h.kecamatan,
	       h.kd_faskes, h.tmt
	FROM rekon_ph h
	WHERE h.ditetapkan;
	-- They become P's partitions (indexed, analysed for the reports).
	PERFORM rekon_periode_pasang('peserta_hasil', p);
	PERFORM rekon_periode_pasang('sk_daftar', p);

	-- Without K there is nothing to have gone missing and no change to show.
	IF k_ada THEN
		-- The row each key counts under (rekon_peserta_wakil), from
		-- rekon_ph: the same rows as peserta_hasil now holds for P.
		IF to_regclass('pg_temp.rekon_pw') IS NOT NULL THEN
			DROP TABLE pg_temp.rekon_pw;
		END IF;
		CREATE TEMPORARY TABLE rekon_pw ON COMMIT DROP AS
		SELECT DISTINCT ON (h.kunci)
		       h.kunci, h.aktif, h.ditetapkan, h.dikecualikan, h.status
		FROM rekon_ph h
		ORDER BY h.kunci, h.ditetapkan DESC, h.aktif DESC,
		         coalesce(h.r_noka, '') = '', h.r_noka COLLATE "C", h.line;
		IF to_regclass('pg_temp.rekon_pk') IS NOT NULL THEN
			DROP TABLE pg_temp.rekon_pk;
		END IF;
		CREATE TEMPORARY TABLE rekon_pk ON COMMIT DROP AS
		SELECT k.kunci, k.noka, k.nik, k.nama, k.tgl_lahir, k.kecamatan, k.kelurahan
		FROM rekon_k(p) k;
		ANALYZE rekon_pw;
		ANALYZE rekon_pk;

		-- §3 HILANG: a key of K without an AKTIF row in Bp; K's data, and the
		-- status of its (first) row in Bp when it has one.
		INSERT INTO hilang (period, kunci, noka, nik, nama, tgl_lahir, kecamatan, kelurahan, status)
		SELECT p, k.kunci, k.noka, k.nik, k.nama, k.tgl_lahir, k.kecamatan, k.kelurahan, w.status
		FROM rekon_pk k LEFT JOIN rekon_pw w ON w.kunci = k.kunci
		WHERE w.aktif IS NOT TRUE;

		-- §6: MASUK with the data of P's SK; KELUAR with K's data and why: the
		-- exclusion reason of its AKTIF row, else the status of its row, else HILANG.
		INSERT INTO mutasi (period, jenis, kunci, alasan, noka, nik, nama, kecamatan, kelurahan)
		SELECT p, 'MASUK', h.kunci, NULL, h.r_noka, h.r_nik, h.nama, h.kecamatan, h.kelurahan
		FROM rekon_ph h
		WHERE h.ditetapkan AND NOT EXISTS (SELECT 1 FROM rekon_pk k WHERE k.kunci = h.kunci)
		UNION ALL
		SELECT p, 'KELUAR', k.kunci,
		       CASE WHEN w.aktif THEN w.dikecualikan
		            WHEN w.kunci IS NOT NULL THEN w.status
		            ELSE 'HILANG' END,
		       k.noka, k.nik, k.nama, k.kecamatan, k.kelurahan
		FROM rekon_pk k LEFT JOIN rekon_pw w ON w.kunci = k.kunci
		WHERE NOT EXISTS (SELECT 1 FROM rekon_ph h WHERE h.ditetapkan AND h.kunci = k.kunci);
	END IF;

	-- The reports read these next, with plans made from their statistics:
	-- without fresh ones a period just written looks empty. (P's partitions
	-- of peserta_hasil and sk_daftar were analysed when attached.)
	ANALYZE hilang;
	ANALYZE mutasi;
END
$fn$;
