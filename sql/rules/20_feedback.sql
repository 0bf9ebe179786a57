-- 20_feedback.sql — rules.md §2: failed registrations.
--
-- Glossary
--   F            the feedback rows of P, one per NIK: the newest (rekon_f)
--   gagal        a GAGAL row of F
--   pola         a row of feedback_pola: a pattern, its kategori and
--                tindak_lanjut; the first (by urutan) whose pola is a
--                case-insensitive substring of the keterangan decides. The
--                seeded '' pattern is a substring of everything (an empty
--                keterangan included), so it is the fallback (urutan 10000)
--   lokasi       the kelurahan and kecamatan of a row of F: from the newest
--                proposal with that NIK (period <= P) that names either, else
--                from D, else '(TANPA KELURAHAN)' / '(TANPA KECAMATAN)'
--
-- The function replaces the period's rows, so rerunning it is idempotent.

-- Where a NIK lives, for the lists: §2's rule for any set of NIKs.
CREATE OR REPLACE FUNCTION rekon_lokasi(p text, niks text[])
RETURNS TABLE (nik text, nama text, kecamatan text, kelurahan text)
LANGUAGE sql STABLE AS $$
	WITH
	n AS (SELECT DISTINCT x.nik FROM unnest($2) AS x(nik)),
	-- MATERIALIZED: on Citus, evaluated once on the coordinator; inlined,
	-- Citus would run the set function inside each shard's query, where it
	-- cannot start a distributed query of its own (docs/scale.md).
	d AS MATERIALIZED (
		-- The NIKs asked looked up by D's index (rekon_d_nik): joined to
		-- n, the whole DTKS in force was sorted first (1.5 s at a
		-- province, docs/speed.md)
		SELECT dd.nik, dd.nama, dd.kecamatan, dd.kelurahan
		FROM rekon_d_nik($1, ARRAY(SELECT n.nik FROM n)) dd
	),
	-- The newest proposal with a place, per NIK asked: DISTINCT ON, not a
	-- LEFT JOIN LATERAL ... LIMIT 1 from n, which Citus refuses (a lateral
	-- outer join from a CTE into a distributed table; docs/scale.md).
	usl AS (
		SELECT DISTINCT ON (u.nik) u.nik, true AS ada, u.nama, u.kecamatan, u.kelurahan
		FROM usulan_row u JOIN batch b ON b.id = u.batch_id
		-- joined to n, not u.nik = ANY ($2): a feedback month's NIKs are
		-- thousands, and ANY reads the whole array for every proposal row
		-- (15 s at a province, docs/speed.md)
		JOIN n ON n.nik = u.nik
		WHERE b.kind = 'usulan' AND b.outcome = 'OK' AND b.period <= $1
		  AND (coalesce(u.kelurahan, '') <> '' OR coalesce(u.kecamatan, '') <> '')
		ORDER BY u.nik, b.period DESC, b.id DESC, u.line DESC
	)
	SELECT n.nik, coalesce(usl.nama, d.nama),
	       coalesce(nullif(CASE WHEN usl.ada THEN usl.kecamatan ELSE d.kecamatan END, ''),
	                '(TANPA KECAMATAN)'),
	       coalesce(nullif(CASE WHEN usl.ada THEN usl.kelurahan ELSE d.kelurahan END, ''),
	                '(TANPA KELURAHAN)')
	FROM n
	LEFT JOIN usl ON usl.nik = n.nik
	LEFT JOIN d ON d.nik = n.nik AND (coalesce(d.kelurahan, '') <> '' OR coalesce(d.kecamatan, '') <> '')
$$;

-- F with each row's lokasi (§2's rule; the kembali/ books place the
-- BERHASIL rows by it too, outputs.md §4).
CREATE OR REPLACE FUNCTION rekon_f_lokasi(p text)
RETURNS TABLE (nik text, batch_id bigint, line integer, hasil text,
               keterangan text, kecamatan text, kelurahan text)
LANGUAGE sql STABLE AS $$
	WITH f AS (SELECT ff.* FROM rekon_f($1) ff)
	SELECT f.nik, f.batch_id, f.line, f.hasil, f.keterangan, l.kecamatan,
	       l.kelurahan
	FROM f JOIN rekon_lokasi($1, ARRAY(SELECT f.nik FROM f)) l ON l.nik = f.nik
$$;

CREATE OR REPLACE FUNCTION rekon_feedback(p text) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
	IF p IS NULL OR p !~ '^[0-9]{4}-(0[1-9]|1[0-2])$' THEN
		RAISE EXCEPTION 'rekon_feedback: bad period %', p;
	END IF;

	DELETE FROM gagal_hasil g WHERE g.period = p;

	INSERT INTO gagal_hasil (period, nik, batch_id, line, kategori, tindak_lanjut, kecamatan, kelurahan)
	SELECT p, g.nik, g.batch_id, g.line,
	       -- Without a fallback row (someone deleted it), LAINNYA all the same.
	       coalesce(pola.kategori, 'LAINNYA'),
	       coalesce(pola.tindak_lanjut, 'Periksa kelengkapan dan kebenaran data'),
	       g.kecamatan, g.kelurahan
	FROM rekon_f_lokasi(p) g
	-- strpos, not ILIKE: a pattern is plain text, '%' and '_' included.
	LEFT JOIN LATERAL (
		SELECT fp.kategori, fp.tindak_lanjut FROM feedback_pola fp
		WHERE strpos(upper(coalesce(g.keterangan, '')), upper(fp.pola)) > 0
		ORDER BY fp.urutan LIMIT 1
	) pola ON true
	WHERE g.hasil = 'GAGAL';
END
$$;
