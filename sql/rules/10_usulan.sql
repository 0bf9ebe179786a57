-- 10_usulan.sql — rules.md §1: the checks of the proposals of a period and
-- the quota queue.
--
-- Glossary
--   U          the proposals of P (rekon_u), in the order (tgl_usulan, empty
--              last; batch; line); urutan is a row's position in it, 1..n
--   kode       the codes of a row, in rules.md order: NIK_TIDAK_VALID,
--              USULAN_GANDA, SUDAH_AKTIF, SEGMEN_LAIN, MENINGGAL, BUKAN_DTKS,
--              BERKAS_KURANG; alasan is them joined by ', '
--   Bprev      the newest peserta batch with period < P (rekon_bprev_batch)
--   S1         S as known before P's list came (rekon_s1)
--   keluarga   a family of the queue: the rows without a code that share a
--              non-empty no_kk; a row with an empty no_kk is a family alone
--   ruang      room in the quota: kuota - aktif_bprev - tertunda
--   aktif_bprev the AKTIF participant keys of Bprev's PBPU_PEMDA rows
--   tertunda   NIKs forwarded (DITERUSKAN) in an earlier period with no
--              feedback row in any period <= P and no row in Bprev
--   antrian    a queued row's position: family order, then urutan
--
-- Proposals are judged against what was known before P's list came (Bprev,
-- S1), so rerunning after P's list arrives changes nothing; the function
-- replaces the period's rows, so rerunning it is idempotent.

-- Planner guard: right after an import a table has no statistics yet, and
-- the planner, guessing one row, may pick a nested loop over a participant
-- list of a million rows. Every join below is an equality join that hashes.
CREATE OR REPLACE FUNCTION rekon_usulan(p text, kuota bigint, non_dtks text, berkas text[])
RETURNS void
LANGUAGE plpgsql
SET enable_nestloop = off
AS $$
DECLARE
	v_berkas      text[];
	v_aktif_bprev bigint;
	v_tertunda    bigint;
	v_ruang       bigint;
	v_bprev       bigint;		-- Bprev's batch, looked up once
BEGIN
	IF p IS NULL OR p !~ '^[0-9]{4}-(0[1-9]|1[0-2])$' THEN
		RAISE EXCEPTION 'rekon_usulan: bad period %', p;
	END IF;
	IF non_dtks IS NULL OR non_dtks NOT IN ('sktm', 'tolak', 'terima') THEN
		RAISE EXCEPTION 'rekon_usulan: non_dtks must be sktm, tolak or terima, not %', non_dtks;
	END IF;
	-- Document names: trimmed and lower-cased, each once.
	SELECT coalesce(array_agg(DISTINCT lower(btrim(w.dok))), '{}') INTO v_berkas
	FROM unnest(coalesce(berkas, '{}')) AS w(dok);
	IF EXISTS (SELECT 1 FROM unnest(v_berkas) AS w(dok)
	           WHERE w.dok IS NULL OR w.dok NOT IN ('kk', 'ktp', 'sktm', 'rekomendasi', 'surat_sakit')) THEN
		RAISE EXCEPTION 'rekon_usulan: berkas must be among kk, ktp, sktm, rekomendasi, surat_sakit, not %', berkas;
	END IF;

	v_bprev := rekon_bprev_batch(p);

	DELETE FROM usulan_hasil h WHERE h.period = p;
	DELETE FROM usulan_ruang r WHERE r.period = p;

	-- The room. Bprev's AKTIF PBPU_PEMDA participants are already paid for.
	SELECT count(*) INTO v_aktif_bprev
	FROM (SELECT DISTINCT rekon_kunci(b.nik, b.noka) FROM peserta_row b
	      WHERE b.batch_id = v_bprev AND b.segmen = 'PBPU_PEMDA'
	        AND b.status = 'AKTIF') kunci;

	-- Forwarded earlier and still unanswered: BPJS may yet register them, so
	-- their places are held. A NIK forwarded in two months counts once.
	SELECT count(DISTINCT h.nik) INTO v_tertunda
	FROM usulan_hasil h
	WHERE h.period < p AND h.hasil = 'DITERUSKAN' AND coalesce(h.nik, '') <> ''
	  AND NOT EXISTS (SELECT 1 FROM feedback_row f JOIN batch fb ON fb.id = f.batch_id
	                  WHERE fb.kind = 'feedback' AND fb.outcome = 'OK' AND fb.period <= p
	                    AND f.nik = h.nik)
	  AND NOT EXISTS (SELECT 1 FROM peserta_row b
	                  WHERE b.batch_id = v_bprev AND b.nik = h.nik);

	v_ruang := rekon_usulan.kuota - v_aktif_bprev - v_tertunda;	-- NULL without a quota

	INSERT INTO usulan_ruang (period, kuota, aktif_bprev, tertunda, ruang)
	VALUES (p, rekon_usulan.kuota, v_aktif_bprev, v_tertunda, v_ruang);

	INSERT INTO usulan_hasil (period, batch_id, line, urutan, antrian, nik, no_kk, hasil, alasan)
	WITH
	-- U in its order; ke = how many earlier rows of U carry the same NIK.
	u AS (
		SELECT r.*,
		       row_number() OVER (ORDER BY r.tgl_usulan NULLS LAST, r.batch_id, r.line) AS urutan
		FROM rekon_u(p) r
	),
	u_ke AS (
		SELECT u.*,
		       row_number() OVER (PARTITION BY u.nik ORDER BY u.urutan) AS ke
		FROM u
	),
	-- What the other sets say about U's NIKs, one row per NIK, so the
	-- codes below are joins (a DTKS or a list of a million rows is read
	-- once, not once per proposal).
	u_nik AS (SELECT DISTINCT u.nik FROM u WHERE u.nik <> ''),
	-- (nik = ANY reaches inside rekon_d's DISTINCT ON, as in
	-- rekon_feedback: U's NIKs are looked up, the whole DTKS is not sorted.)
	d AS (
		SELECT dd.nik, dd.desil FROM rekon_d(p) dd
		WHERE dd.nik = ANY (ARRAY(SELECT n.nik FROM u_nik n))
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
	-- Every code that applies, in rules.md order (NULLs removed).
	kode AS (
		SELECT x.batch_id, x.line, x.urutan, x.nik, x.no_kk, x.tgl_usulan, d.desil,
		       array_remove(ARRAY[
			-- the importer checked the NIK (inputs.md) and flagged it
			CASE WHEN 'NIK_TIDAK_VALID' = ANY (x.flags) THEN 'NIK_TIDAK_VALID' END,
			CASE WHEN x.ke > 1 AND x.nik <> '' THEN 'USULAN_GANDA' END,
			CASE WHEN sa.nik IS NOT NULL THEN 'SUDAH_AKTIF' END,
			CASE WHEN s1.nik IS NOT NULL AND (x.jenis_usulan <> 'MUTASI' OR s1.untuk_mutasi)
			     THEN 'SEGMEN_LAIN' END,
			CASE WHEN m.nik IS NOT NULL THEN 'MENINGGAL' END,
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
		FROM u_ke x
		LEFT JOIN d ON d.nik = x.nik
		LEFT JOIN sudah_aktif sa ON sa.nik = x.nik
		LEFT JOIN s1 ON s1.nik = x.nik
		LEFT JOIN m ON m.nik = x.nik
	),
	-- The queue: rows without a code. keluarga keys a family: its no_kk, or
	-- the row itself when the no_kk is empty (an equality key, so the joins
	-- below can hash); kk is the no_kk the family order sorts by (NULL last).
	antre AS (
		SELECT k.*, nullif(k.no_kk, '') AS kk,
		       CASE WHEN coalesce(k.no_kk, '') <> '' THEN 'KK ' || k.no_kk
		            ELSE 'BARIS ' || k.urutan END AS keluarga
		FROM kode k WHERE cardinality(k.kode) = 0
	),
	keluarga AS (
		SELECT a.keluarga, min(a.kk) AS kk,
		       count(*) AS besar,
		       coalesce(min(a.desil), 11) AS desil_min,	-- not in D counts as 11
		       min(a.tgl_usulan) AS tgl_min,		-- NULL only when all are empty
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
	       nullif(array_to_string(k.kode, ', '), '')
	FROM kode k
	LEFT JOIN antre_hasil ah ON ah.batch_id = k.batch_id AND ah.line = k.line;

	-- The reports read the period just written: fresh statistics.
	ANALYZE usulan_hasil;
END
$$;

-- rules.md §8 "Sent once": record P's Diteruskan list as sent (the CSV's
-- SHA-256, who).  A second recording is a --force rerun's: the sent list
-- was replaced; dikirim_at (t') stays the first.
CREATE OR REPLACE FUNCTION rekon_usulan_final(p text, sha text, oleh text)
RETURNS void
LANGUAGE sql AS $$
	INSERT INTO usulan_final AS f (period, oleh, sha256) VALUES ($1, $3, $2)
	ON CONFLICT (period) DO UPDATE
	SET sha256 = EXCLUDED.sha256, diganti_at = now(),
	    diganti_oleh = EXCLUDED.oleh
$$;
