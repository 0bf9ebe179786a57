-- 60_kasus.sql — rules.md §8 "History": a person's story across months,
-- for `rekon kasus NIK... | --kk NOKK [--json]`.
--
-- Glossary
--   peristiwa  an event of a person: USULAN (a proposal row and its outcome
--              in a period), FEEDBACK (BPJS's answer; a failure with its
--              category and follow-up, §2), PESERTA (a row of a
--              BPJS participant list, with its flags when reconciled), SK
--              (in, or left out of, a reconciled period's SK list),
--              KEMATIAN (a death record), RETENSI (a month whose rows
--              retention removed: what happened then is no longer here)
--   urut       the events of one period in that order (1..5), then by
--              batch and line
--   rincian    the event in plain words, for the receptionist's terminal
--   data       the same as fields, for --json
--
-- Every imported batch counts (outcome OK), of every period: history is
-- what came in, not only what is in force.  The SK of a closed period is the
-- signed list (sk_final), else the stored one (sk_daftar).

CREATE OR REPLACE FUNCTION rekon_kasus(niks text[])
RETURNS TABLE (nik text, period text, urut integer, peristiwa text,
               file text, line integer, nama text, rincian text, data jsonb)
LANGUAGE sql STABLE AS $$
	WITH
	n AS (SELECT DISTINCT x.nik FROM unnest($1) AS x(nik) WHERE coalesce(x.nik, '') <> ''),
	ok AS (SELECT b.* FROM batch b WHERE b.outcome = 'OK'),
	-- A proposal row, and its outcome in every period that judged it.
	usulan AS (
		SELECT u.nik, coalesce(h.period, b.period) AS period, 1 AS urut,
		       'USULAN'::text AS peristiwa, b.file_name AS file, u.line, u.nama,
		       'usulan ' || u.jenis_usulan ||
		       coalesce(' tgl ' || to_char(u.tgl_usulan, 'DD-MM-YYYY'), '') || ': ' ||
		       CASE WHEN h.hasil IS NULL THEN 'belum diperiksa (jalankan rekon usulan)'
		            ELSE h.hasil || coalesce(' (' || h.alasan || ')', '') END ||
		       CASE WHEN h.period IS NOT NULL AND h.period <> b.period
		            THEN ', dibawa dari ' || b.period ELSE '' END AS rincian,
		       jsonb_build_object('jenis_usulan', u.jenis_usulan,
		                          'tgl_usulan', u.tgl_usulan,
		                          'usulan_periode', b.period,
		                          'hasil', h.hasil, 'alasan', h.alasan) AS data,
		       b.id AS batch_id
		FROM usulan_row u
		JOIN ok b ON b.id = u.batch_id AND b.kind = 'usulan'
		LEFT JOIN usulan_hasil h ON h.batch_id = u.batch_id AND h.line = u.line
		                        AND h.nik = u.nik
		WHERE u.nik IN (SELECT n.nik FROM n)
	),
	feedback AS (
		SELECT f.nik, b.period, 2, 'FEEDBACK'::text, b.file_name, f.line, f.nama,
		       'jawaban BPJS: ' || f.hasil ||
		       coalesce(' ' || g.kategori, '') ||
		       coalesce(', NOKA ' || nullif(f.noka, ''), '') ||
		       coalesce(', TMT ' || to_char(f.tmt, 'DD-MM-YYYY'), '') ||
		       coalesce(' (' || nullif(f.keterangan, '') || ')', '') ||
		       coalesce('; tindak lanjut: ' || g.tindak_lanjut, ''),
		       jsonb_build_object('hasil', f.hasil, 'keterangan', f.keterangan,
		                          'noka', f.noka, 'tmt', f.tmt,
		                          'kategori', g.kategori,
		                          'tindak_lanjut', g.tindak_lanjut),
		       b.id
		FROM feedback_row f
		JOIN ok b ON b.id = f.batch_id AND b.kind = 'feedback'
		-- §2: a failed registration's category, when P's rekonsiliasi
		-- or usulan has judged it
		LEFT JOIN gagal_hasil g ON g.period = b.period AND g.nik = f.nik
		                       AND g.batch_id = f.batch_id AND g.line = f.line
		WHERE f.nik IN (SELECT n.nik FROM n)
	),
	peserta AS (
		SELECT r.nik, b.period, 3, 'PESERTA'::text, b.file_name, r.line, r.nama,
		       'daftar BPJS: ' || r.status || ' di ' || r.segmen ||
		       coalesce(', NOKA ' || nullif(r.noka, ''), '') ||
		       CASE WHEN cardinality(h.flags) > 0
		            THEN ', flag ' || array_to_string(h.flags, ', ') ELSE '' END,
		       jsonb_build_object('status', r.status, 'segmen', r.segmen,
		                          'noka', r.noka, 'flag', to_jsonb(h.flags)),
		       b.id
		FROM peserta_row r
		JOIN ok b ON b.id = r.batch_id AND b.kind = 'peserta'
		LEFT JOIN peserta_hasil h ON h.period = b.period AND h.batch_id = r.batch_id
		                         AND h.line = r.line AND h.kunci = r.kunci
		WHERE r.nik IN (SELECT n.nik FROM n)
	),
	-- The SK list a reconciled period has: the signed one when closed.
	sk AS (
		SELECT d.period, d.kunci, d.nama FROM sk_daftar d
		JOIN rekon_ringkasan g ON g.period = d.period
		WHERE d.kunci IN (SELECT n.nik FROM n)
		  AND NOT EXISTS (SELECT 1 FROM periode pe WHERE pe.period = d.period
		                  AND pe.closed_at IS NOT NULL)
		UNION ALL
		SELECT f.period, f.kunci, f.nama FROM sk_final f
		WHERE f.kunci IN (SELECT n.nik FROM n)
		  AND EXISTS (SELECT 1 FROM periode pe WHERE pe.period = f.period
		              AND pe.closed_at IS NOT NULL)
	),
	sk_masuk AS (
		SELECT s.kunci AS nik, s.period, 4, 'SK'::text, NULL::text, NULL::integer,
		       s.nama,
		       'ditetapkan dalam SK ' || s.period ||
		       CASE WHEN pe.closed_at IS NOT NULL THEN ' (ditandatangani)' ELSE '' END,
		       jsonb_build_object('ditetapkan', true,
		                          'ditandatangani', pe.closed_at IS NOT NULL),
		       NULL::bigint
		FROM sk s LEFT JOIN periode pe ON pe.period = s.period
	),
	-- AKTIF in a reconciled period's list, and not in its SK: why.
	sk_keluar AS (
		SELECT DISTINCT ON (h.period, h.kunci)
		       h.kunci, h.period, 4, 'SK'::text, NULL::text, NULL::integer,
		       NULL::text,
		       'tidak ditetapkan dalam SK ' || h.period ||
		       coalesce(' (' || h.dikecualikan || ')', ''),
		       jsonb_build_object('ditetapkan', false,
		                          'dikecualikan', h.dikecualikan),
		       NULL::bigint
		FROM peserta_hasil h
		WHERE h.kunci IN (SELECT n.nik FROM n) AND h.aktif
		  AND NOT EXISTS (SELECT 1 FROM sk s WHERE s.period = h.period
		                  AND s.kunci = h.kunci)
		ORDER BY h.period, h.kunci, h.batch_id, h.line
	),
	kematian AS (
		SELECT k.nik, b.period, 5, 'KEMATIAN'::text, b.file_name, k.line, k.nama,
		       'meninggal ' || to_char(k.tgl_meninggal, 'DD-MM-YYYY'),
		       jsonb_build_object('tgl_meninggal', k.tgl_meninggal),
		       b.id
		FROM kematian_row k
		JOIN ok b ON b.id = k.batch_id AND b.kind = 'kematian'
		WHERE k.nik IN (SELECT n.nik FROM n)
	),
	-- Months retention emptied (operations.md): said, for every NIK asked
	-- about, so a gap in the story is not read as "nothing happened".
	retensi AS (
		SELECT n.nik, pe.period, 6, 'RETENSI'::text, NULL::text, NULL::integer,
		       NULL::text,
		       'data per baris bulan ini telah dihapus oleh retensi pada ' ||
		       to_char(pe.retensi_at, 'DD-MM-YYYY') || ' (angka bulanannya tetap)',
		       jsonb_build_object('retensi', pe.retensi_at::date),
		       NULL::bigint
		FROM n CROSS JOIN periode pe
		WHERE pe.retensi_at IS NOT NULL
	),
	semua AS (
		SELECT * FROM usulan UNION ALL SELECT * FROM feedback
		UNION ALL SELECT * FROM peserta UNION ALL SELECT * FROM sk_masuk
		UNION ALL SELECT * FROM sk_keluar UNION ALL SELECT * FROM kematian
		UNION ALL SELECT * FROM retensi
	)
	SELECT s.nik, s.period, s.urut, s.peristiwa, s.file, s.line, s.nama,
	       s.rincian, jsonb_strip_nulls(s.data)
	FROM semua s
	ORDER BY s.nik COLLATE "C", s.period, s.urut, s.batch_id NULLS LAST, s.line
$$;

-- The NIKs that ever carried a No KK, in any imported list (D, U, F, B):
-- a family's members across months.
CREATE OR REPLACE FUNCTION rekon_kasus_kk(kk text)
RETURNS TABLE (nik text)
LANGUAGE sql STABLE AS $$
	WITH kk AS (
		SELECT x.no_kk FROM (SELECT regexp_replace($1, '[[:space:].-]', '', 'g') AS no_kk) x
		WHERE x.no_kk <> ''
	)
	SELECT DISTINCT a.nik FROM (
		SELECT r.nik FROM dtks_row r, kk WHERE r.no_kk = kk.no_kk
		UNION ALL SELECT r.nik FROM usulan_row r, kk WHERE r.no_kk = kk.no_kk
		UNION ALL SELECT r.nik FROM feedback_row r, kk WHERE r.no_kk = kk.no_kk
		UNION ALL SELECT r.nik FROM peserta_row r, kk WHERE r.no_kk = kk.no_kk
	) a
	WHERE coalesce(a.nik, '') <> ''
	ORDER BY 1
$$;
