-- 10_usulan.sql — rules.md §1: the checks of the proposals of a period and
-- the quota queue; §8: the rows carried from one month's queue to the next,
-- and the set R of people already sent to BPJS.
--
-- Glossary
--   U          the proposals of P (rekon_u) and the rows carried from the
--              latest earlier period with stored outcomes (q), in the order
--              (tgl_antri, empty last; batch_antri; line_antri); urutan is
--              a row's position in it, 1..n
--   dibawa     a carried row: MENUNGGU_KUOTA in q, in U unchanged; or a row
--              of P that replaced a carried row of its NIK (it had no code
--              of its own, USULAN_GANDA aside) and so inherits its
--              tgl_antri, batch_antri, line_antri and sejak
--   sejak      the period the case started; a carried row whose sejak is
--              more than antrian_bulan periods before P is KADALUWARSA
--   kode       the codes of a row, in rules.md order: NIK_TIDAK_VALID,
--              USULAN_GANDA, SUDAH_DITERUSKAN, SUDAH_AKTIF, SEGMEN_LAIN,
--              MENINGGAL, BUKAN_PENDUDUK, DATA_BEDA_DUKCAPIL, BUKAN_DTKS,
--              BERKAS_KURANG, KADALUWARSA; alasan is them joined by ', '
--   Bprev      the newest peserta batch with period < P (rekon_bprev_batch)
--   S1         S as known before P's list came (rekon_s1)
--   R          people already sent to BPJS (rekon_r, rules.md "The sets")
--   N          the population extract in force at P (rekon_n); np its
--              period. Without one, BUKAN_PENDUDUK and DATA_BEDA_DUKCAPIL
--              are never given
--   ambang     ambang_nama: DATA_BEDA_DUKCAPIL compares names as §3's
--              DATA_BERBEDA does (the No KK is not compared: a family card
--              may be newer than the extract)
--   keluarga   a family of the queue: the rows without a code that share a
--              non-empty no_kk; a row with an empty no_kk is a family alone
--   ruang      room in the quota: kuota - aktif_bprev - |R| (tertunda)
--   aktif_bprev the AKTIF participant keys of Bprev's PBPU_PEMDA rows
--   antrian    a queued row's position: family order, then urutan
--
-- Proposals are judged against what was known before P's list came (Bprev,
-- S1), so rerunning after P's list arrives changes nothing; the function
-- replaces the period's rows, so rerunning it is idempotent.

-- R: the NIKs already sent to BPJS, as rules.md "The sets" defines it.
-- p1 is p', t1 is t' (the list's first recording as sent, else the end of
-- the earliest usulan run of p' that stored DITERUSKAN for the NIK);
-- pending: no feedback row answers it yet.
CREATE OR REPLACE FUNCTION rekon_r(p text)
RETURNS TABLE (nik text, p1 text, t1 timestamptz, pending boolean)
LANGUAGE sql STABLE AS $$
	WITH
	bprev AS (SELECT b.id, b.period FROM batch b WHERE b.id = rekon_bprev_batch($1)),
	fwd AS (
		SELECT DISTINCT ON (h.nik) h.nik, h.period AS p1
		FROM usulan_hasil h
		WHERE h.period < $1 AND h.hasil = 'DITERUSKAN' AND h.nik <> ''
		ORDER BY h.nik, h.period DESC
	),
	t AS (
		SELECT w.nik, w.p1, coalesce(f.dikirim_at, d.pertama_at) AS t1
		FROM fwd w
		LEFT JOIN usulan_final f ON f.period = w.p1
		LEFT JOIN usulan_diteruskan d ON d.period = w.p1 AND d.nik = w.nik
	),
	-- The newest feedback row that answers the forward.
	jawab AS (
		SELECT DISTINCT ON (fr.nik) fr.nik, fr.hasil
		FROM t JOIN rekon_jawaban() fr ON fr.nik = t.nik	-- 05_retensi.sql
		JOIN batch b ON b.id = fr.batch_id
		WHERE b.kind = 'feedback' AND b.outcome = 'OK' AND b.period <= $1
		  AND coalesce(b.finished_at, b.started_at) > t.t1
		ORDER BY fr.nik, b.period DESC, b.id DESC, fr.line DESC
	),
	-- The NIKs AKTIF as PBPU_PEMDA in Bprev. An anti-join with this set,
	-- not a correlated NOT EXISTS: Citus refuses a correlated subquery
	-- when the FROM clause holds a CTE (docs/scale.md).
	-- Only t's NIKs (a few thousand): the whole list is 0.8 million rows
	-- at a province, hashed again at every call (docs/speed.md).
	aktif AS (
		SELECT DISTINCT r.nik
		FROM peserta_row r JOIN bprev ON r.batch_id = bprev.id
		WHERE r.segmen = 'PBPU_PEMDA' AND r.status = 'AKTIF'
		  AND r.nik IN (SELECT t.nik FROM t)
	)
	SELECT t.nik, t.p1, t.t1, j.nik IS NULL
	FROM t LEFT JOIN jawab j ON j.nik = t.nik
	LEFT JOIN aktif a ON a.nik = t.nik
	WHERE a.nik IS NULL
	  AND (j.nik IS NULL
	       OR (j.hasil = 'BERHASIL' AND EXISTS (SELECT 1 FROM bprev WHERE t.p1 >= bprev.period)))
$$;

-- rules.md §8: the period usulan must run for before P, or NULL.  Between
-- the latest period before P with stored outcomes and P, a period whose
-- proposals have no stored outcome would drop its waiting rows.
CREATE OR REPLACE FUNCTION rekon_usulan_perlu(p text) RETURNS text
LANGUAGE sql STABLE AS $$
	SELECT min(b.period) FROM batch b
	WHERE b.kind = 'usulan' AND b.outcome = 'OK' AND b.period < $1
	  AND b.period > coalesce((SELECT max(r.period) FROM usulan_ruang r
	                           WHERE r.period < $1), '')
	  AND NOT EXISTS (SELECT 1 FROM usulan_ruang r WHERE r.period = b.period)
$$;

-- Planner guard: right after an import a table has no statistics yet, and
-- the planner, guessing one row, may pick a nested loop over a participant
-- list of a million rows. Every join below is an equality join that hashes.
DROP FUNCTION IF EXISTS rekon_usulan(text, bigint, text, text[]);
DROP FUNCTION IF EXISTS rekon_usulan(text, bigint, text, text[], integer);
CREATE OR REPLACE FUNCTION rekon_usulan(p text, kuota bigint, non_dtks text,
    berkas text[], antrian_bulan integer, ambang numeric DEFAULT 0.5)
RETURNS void
LANGUAGE plpgsql
SET enable_nestloop = off
AS $$
DECLARE
	sekarang      timestamptz;	-- the clock, read once (t' below)
	v_berkas      text[];
	v_aktif_bprev bigint;
	v_tertunda    bigint;
	v_ruang       bigint;
	v_bprev       bigint;		-- Bprev's batch, looked up once
	v_q           text;		-- the latest earlier period with stored outcomes
	v_p_bulan     integer := substr(p, 1, 4)::integer * 12 + substr(p, 6, 2)::integer;
	v_n           bigint := rekon_n_batch(p);	-- N's batch, or NULL
	v_np          text;				-- N's period
BEGIN
	IF p IS NULL OR p !~ '^[0-9]{4}-(0[1-9]|1[0-2])$' THEN
		RAISE EXCEPTION 'rekon_usulan: bad period %', p;
	END IF;
	IF non_dtks IS NULL OR non_dtks NOT IN ('sktm', 'tolak', 'terima') THEN
		RAISE EXCEPTION 'rekon_usulan: non_dtks must be sktm, tolak or terima, not %', non_dtks;
	END IF;
	IF antrian_bulan IS NULL OR antrian_bulan < 1 THEN
		RAISE EXCEPTION 'rekon_usulan: antrian_bulan must be at least 1, not %', antrian_bulan;
	END IF;
	-- Document names: trimmed and lower-cased, each once.
	SELECT coalesce(array_agg(DISTINCT lower(btrim(w.dok))), '{}') INTO v_berkas
	FROM unnest(coalesce(berkas, '{}')) AS w(dok);
	IF EXISTS (SELECT 1 FROM unnest(v_berkas) AS w(dok)
	           WHERE w.dok IS NULL OR w.dok NOT IN ('kk', 'ktp', 'sktm', 'rekomendasi', 'surat_sakit')) THEN
		RAISE EXCEPTION 'rekon_usulan: berkas must be among kk, ktp, sktm, rekomendasi, surat_sakit, not %', berkas;
	END IF;

	IF ambang IS NULL THEN
		RAISE EXCEPTION 'rekon_usulan: ambang_nama is NULL';
	END IF;
	SELECT b.period INTO v_np FROM batch b WHERE b.id = v_n;
	v_bprev := rekon_bprev_batch(p);
	SELECT max(r.period) INTO v_q FROM usulan_ruang r WHERE r.period < p;

	DELETE FROM usulan_hasil h WHERE h.period = p;
	DELETE FROM usulan_ruang r WHERE r.period = p;

	-- The room. Bprev's AKTIF PBPU_PEMDA participants are already paid for;
	-- R's people may be registered any day, so their places are held.
	SELECT count(*) INTO v_aktif_bprev
	FROM (SELECT DISTINCT rekon_kunci(b.nik, b.noka) FROM peserta_row b
	      WHERE b.batch_id = v_bprev AND b.segmen = 'PBPU_PEMDA'
	        AND b.status = 'AKTIF') kunci;
	CREATE TEMP TABLE rekon_usulan_r ON COMMIT DROP AS SELECT r.nik FROM rekon_r(p) r;
	SELECT count(*) INTO v_tertunda FROM rekon_usulan_r;

	v_ruang := rekon_usulan.kuota - v_aktif_bprev - v_tertunda;	-- NULL without a quota

	INSERT INTO usulan_ruang (period, kuota, aktif_bprev, tertunda, ruang)
	VALUES (p, rekon_usulan.kuota, v_aktif_bprev, v_tertunda, v_ruang);

	INSERT INTO usulan_hasil (period, batch_id, line, urutan, antrian, nik, no_kk, hasil, alasan,
	                          sejak, dibawa, tgl_antri, batch_antri, line_antri)
	WITH
	-- P's own rows, and q's waiting rows (carried as they are).
	baris AS (
		SELECT r.*, r.tgl_usulan AS tgl_antri, r.batch_id AS batch_antri,
		       r.line AS line_antri, p AS sejak, false AS dibawa
		FROM rekon_u(p) r
		UNION ALL
		SELECT r.*, h.tgl_antri, h.batch_antri, h.line_antri, h.sejak, true
		FROM usulan_hasil h
		JOIN usulan_row r ON r.batch_id = h.batch_id AND r.line = h.line AND r.nik = h.nik
		WHERE h.period = v_q AND h.hasil = 'MENUNGGU_KUOTA'
	),
	-- What the other sets say about U's NIKs, one row per NIK, so the
	-- codes below are joins (a DTKS or a list of a million rows is read
	-- once, not once per proposal).
	u_nik AS (SELECT DISTINCT x.nik FROM baris x WHERE x.nik <> ''),
	-- U's NIKs looked up in D by its index (rekon_d_nik), the whole DTKS
	-- not sorted, on one server or on Citus.
	d AS (
		SELECT dd.nik, dd.desil
		FROM rekon_d_nik(p, ARRAY(SELECT n.nik FROM u_nik n)) dd
	),
	sudah_aktif AS (
		SELECT DISTINCT b.nik FROM peserta_row b
		WHERE b.batch_id = v_bprev AND b.segmen = 'PBPU_PEMDA'
		  AND b.status = 'AKTIF' AND b.nik IN (SELECT n.nik FROM u_nik n)
	),
	-- S1 per NIK; untuk_mutasi: a row that counts against a MUTASI too (a
	-- PBI_APBN row, or a segmen list's row: sumber is the list's label; 00_sets
	-- gives Bprev's rows the sumber 'BPJS'). Moving out of PBPU_MANDIRI or PPU
	-- is what a mutasi is for.
	s1 AS (
		SELECT s.nik, bool_or(s.sumber IS DISTINCT FROM 'BPJS' OR s.segmen = 'PBI_APBN') AS untuk_mutasi
		FROM rekon_s1(p) s
		WHERE s.nik IN (SELECT n.nik FROM u_nik n)
		GROUP BY s.nik
	),
	m AS (
		SELECT DISTINCT k.nik FROM rekon_m(p) k
		WHERE k.nik IN (SELECT n.nik FROM u_nik n)
	),
	-- N's rows of U's NIKs, one per NIK (the first of the batch).
	n AS (
		SELECT DISTINCT ON (nn.nik) nn.nik, nullif(nn.nama_kunci, '') AS nama_kunci,
		       nn.tgl_lahir, nn.jenis_kelamin
		FROM kependudukan_row nn
		WHERE nn.batch_id = v_n AND nn.nik IN (SELECT un.nik FROM u_nik un)
		ORDER BY nn.nik, nn.line
	),
	-- Each row's own codes, USULAN_GANDA and KADALUWARSA aside, in
	-- rules.md order (NULLs removed); kadaluwarsa: a carried row too old.
	sendiri AS (
		SELECT x.*, d.desil,
		       x.dibawa AND (v_p_bulan - (substr(x.sejak, 1, 4)::integer * 12 +
		                    substr(x.sejak, 6, 2)::integer)) > antrian_bulan AS kadaluwarsa,
		       array_remove(ARRAY[
			-- the importer checked the NIK (inputs.md) and flagged it
			CASE WHEN 'NIK_TIDAK_VALID' = ANY (x.flags) THEN 'NIK_TIDAK_VALID' END,
			CASE WHEN rr.nik IS NOT NULL THEN 'SUDAH_DITERUSKAN' END,
			CASE WHEN sa.nik IS NOT NULL THEN 'SUDAH_AKTIF' END,
			CASE WHEN s1.nik IS NOT NULL AND (x.jenis_usulan <> 'MUTASI' OR s1.untuk_mutasi)
			     THEN 'SEGMEN_LAIN' END,
			CASE WHEN m.nik IS NOT NULL THEN 'MENINGGAL' END,
			CASE WHEN v_n IS NOT NULL AND n.nik IS NULL
			      AND NOT 'NIK_TIDAK_VALID' = ANY (x.flags) AND x.nik <> ''
			      AND rekon_lahir_sebelum_n(x.nik, v_np)
			     THEN 'BUKAN_PENDUDUK' END,
			CASE WHEN n.nik IS NOT NULL
			      AND rekon_beda(x.tgl_lahir, x.jenis_kelamin, nullif(x.nama_kunci, ''),
			                     n.tgl_lahir, n.jenis_kelamin, n.nama_kunci, NULL,
			                     ambang, 'Dukcapil') IS NOT NULL
			     THEN 'DATA_BEDA_DUKCAPIL' END,
			CASE WHEN d.nik IS NULL
			      AND (non_dtks = 'tolak' OR (non_dtks = 'sktm' AND coalesce(x.no_sktm, '') = ''))
			     THEN 'BUKAN_DTKS' END,
			-- "not marked present": the column is not true (false or unknown)
			CASE WHEN EXISTS (SELECT 1 FROM unnest(v_berkas) AS w(dok)
			                  WHERE NOT coalesce(CASE w.dok
			                        WHEN 'kk' THEN x.ada_kk
			                        WHEN 'ktp' THEN x.ada_ktp
			                        WHEN 'sktm' THEN x.ada_sktm
			                        WHEN 'rekomendasi' THEN x.ada_rekomendasi
			                        WHEN 'surat_sakit' THEN x.ada_surat_sakit END, false))
			     THEN 'BERKAS_KURANG' END
		       ]::text[], NULL) AS kode
		FROM baris x
		LEFT JOIN d ON d.nik = x.nik
		LEFT JOIN rekon_usulan_r rr ON rr.nik = x.nik
		LEFT JOIN sudah_aktif sa ON sa.nik = x.nik
		LEFT JOIN s1 ON s1.nik = x.nik
		LEFT JOIN m ON m.nik = x.nik
		LEFT JOIN n ON n.nik = x.nik
	),
	-- §8: a NIK's carried row that is not KADALUWARSA, and the first row
	-- of P with that NIK: without a code of its own it replaces the
	-- carried row and inherits its place.
	bawa AS (
		SELECT s.* FROM sendiri s
		WHERE s.dibawa AND NOT s.kadaluwarsa AND s.nik <> ''
	),
	pertama AS (
		SELECT DISTINCT ON (s.nik) s.nik, s.batch_id, s.line, cardinality(s.kode) = 0 AS bersih
		FROM sendiri s JOIN bawa b ON b.nik = s.nik
		WHERE NOT s.dibawa
		ORDER BY s.nik, s.tgl_antri NULLS LAST, s.batch_antri, s.line_antri
	),
	ganti AS (
		SELECT b.nik, b.batch_id AS b_batch, b.line AS b_line, pe.batch_id, pe.line,
		       b.tgl_antri, b.batch_antri, b.line_antri, b.sejak
		FROM bawa b JOIN pertama pe ON pe.nik = b.nik AND pe.bersih
	),
	-- U after the replacements; tetap: a carried row that stays, which
	-- comes before P's rows of its NIK whatever their dates.
	u AS (
		SELECT s.batch_id, s.line, s.nik, s.no_kk, s.desil, s.kode, s.kadaluwarsa,
		       coalesce(g.tgl_antri, s.tgl_antri) AS tgl_antri,
		       coalesce(g.batch_antri, s.batch_antri) AS batch_antri,
		       coalesce(g.line_antri, s.line_antri) AS line_antri,
		       coalesce(g.sejak, s.sejak) AS sejak,
		       s.dibawa OR g.nik IS NOT NULL AS dibawa,
		       s.dibawa AND NOT s.kadaluwarsa AS tetap
		FROM sendiri s
		LEFT JOIN ganti g ON g.batch_id = s.batch_id AND g.line = s.line
		WHERE NOT EXISTS (SELECT 1 FROM ganti g2
		                  WHERE g2.b_batch = s.batch_id AND g2.b_line = s.line)
	),
	urut AS (
		SELECT u.*,
		       row_number() OVER (ORDER BY u.tgl_antri NULLS LAST, u.batch_antri,
		                          u.line_antri) AS urutan,
		       -- an earlier row of U (a staying carried row first) that is
		       -- not KADALUWARSA has the same NIK
		       coalesce(sum(CASE WHEN u.kadaluwarsa THEN 0 ELSE 1 END)
		                OVER (PARTITION BY u.nik ORDER BY u.tetap DESC,
		                      u.tgl_antri NULLS LAST, u.batch_antri, u.line_antri
		                      ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) > 0
		           AND u.nik <> '' AS ganda
		FROM u
	),
	-- Every code that applies, in rules.md order.
	kode AS (
		SELECT x.*,
		       array_remove(ARRAY[
			CASE WHEN 'NIK_TIDAK_VALID' = ANY (x.kode) THEN 'NIK_TIDAK_VALID' END,
			CASE WHEN x.ganda THEN 'USULAN_GANDA' END]::text[]
		       || array_remove(x.kode, 'NIK_TIDAK_VALID')
		       || ARRAY[CASE WHEN x.kadaluwarsa THEN 'KADALUWARSA' END]::text[], NULL) AS kode_semua
		FROM urut x
	),
	-- The queue: rows without a code. keluarga keys a family: its no_kk, or
	-- the row itself when the no_kk is empty (an equality key, so the joins
	-- below can hash); kk is the no_kk the family order sorts by (NULL last).
	antre AS (
		SELECT k.*, nullif(k.no_kk, '') AS kk,
		       CASE WHEN coalesce(k.no_kk, '') <> '' THEN 'KK ' || k.no_kk
		            ELSE 'BARIS ' || k.urutan END AS keluarga
		FROM kode k WHERE cardinality(k.kode_semua) = 0
	),
	keluarga AS (
		SELECT a.keluarga, min(a.kk) AS kk,
		       count(*) AS besar,
		       coalesce(min(a.desil), 11) AS desil_min,	-- not in D counts as 11
		       min(a.tgl_antri) AS tgl_min,		-- NULL only when all are empty
		       min(a.nik COLLATE "C") AS nik_min,
		       min(a.urutan) AS urutan_min
		FROM antre a
		GROUP BY a.keluarga
	),
	keluarga_urut AS (
		SELECT g.*,
		       row_number() OVER (ORDER BY g.desil_min, g.tgl_min NULLS LAST,
		                          g.kk COLLATE "C" NULLS LAST, g.nik_min COLLATE "C",
		                          g.urutan_min) AS no_keluarga
		FROM keluarga g
	),
	-- Sizes are positive, so the running total only grows: the first family
	-- it pushes past the room, and every family after it, waits.
	keluarga_jatah AS (
		SELECT g.*,
		       sum(g.besar) OVER (ORDER BY g.no_keluarga) AS kumulatif
		FROM keluarga_urut g
	),
	antre_hasil AS (
		SELECT a.batch_id, a.line,
		       row_number() OVER (ORDER BY g.no_keluarga, a.urutan) AS antrian,
		       CASE WHEN v_ruang IS NULL OR g.kumulatif <= v_ruang THEN 'DITERUSKAN'
		            ELSE 'MENUNGGU_KUOTA' END AS hasil
		FROM antre a JOIN keluarga_jatah g ON g.keluarga = a.keluarga
	)
	SELECT p, k.batch_id, k.line, k.urutan, ah.antrian, k.nik, k.no_kk,
	       coalesce(ah.hasil, 'DIKEMBALIKAN'),
	       nullif(array_to_string(k.kode_semua, ', '), ''),
	       k.sejak, k.dibawa, k.tgl_antri, k.batch_antri, k.line_antri
	FROM kode k
	LEFT JOIN antre_hasil ah ON ah.batch_id = k.batch_id AND ah.line = k.line;

	-- t' of R: the end of the earliest run that stored DITERUSKAN. The
	-- clock is read once, into a variable: on Citus an INSERT ... SELECT
	-- into a distributed table may not call a VOLATILE function.
	sekarang := clock_timestamp();
	INSERT INTO usulan_diteruskan (period, nik, pertama_at)
	SELECT DISTINCT p, h.nik, sekarang FROM usulan_hasil h
	WHERE h.period = p AND h.hasil = 'DITERUSKAN' AND h.nik <> ''
	ON CONFLICT (period, nik) DO NOTHING;

	DROP TABLE rekon_usulan_r;
	-- The reports read the period just written: fresh statistics.
	ANALYZE usulan_hasil;
END
$$;

-- rules.md §8 "Sent once": record P's Diteruskan list as sent (the CSV's
-- SHA-256, who).  A second recording is a --force rerun's: the sent list
-- was replaced; dikirim_at (t') stays the first.
CREATE OR REPLACE FUNCTION rekon_usulan_final(p text, sha text, oleh text)
RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
	-- The transaction's time as a value: on Citus (usulan_final is a
	-- reference table) DO UPDATE SET may call only IMMUTABLE functions.
	sekarang timestamptz := now();
BEGIN
	INSERT INTO usulan_final AS f (period, oleh, sha256) VALUES ($1, $3, $2)
	ON CONFLICT (period) DO UPDATE
	SET sha256 = EXCLUDED.sha256, diganti_at = sekarang,
	    diganti_oleh = EXCLUDED.oleh;
END $$;
