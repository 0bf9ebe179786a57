-- 016_permintaan_sk.sql — what the web front asks the daemon to do (web.md
-- "Process and deployment": "run now" and "close the period" are request
-- rows), and the SK approval chain (web.md "The SK approval chain").
--
-- Glossary
--   permintaan   a request row: a job the daemon runs for a web user
--                (pekerjaan usulan, rekonsiliasi or sk; final: `usulan
--                --final` or `sk --final`).  diambil: the daemon queued it;
--                job_run_id: the run that carried it out.
--   pengguna     on job_run: the user a run was done for (a web user's name
--                for trigger 'web', the login of whoever ran `rekon` by hand)
--   sk_berkas    every sk-lampiran-P.xlsx written: the SHA-256 of its bytes
--                and of what its Lampiran and Rekap sheets print (isi: the
--                time the file was made is not printed there, so a rewrite
--                of the same list has the same isi)
--   sk_langkah   the chain of P, one row per step, in order:
--                  PARAF    a role of [sk] paraf initialled (isi, sha256:
--                           the file the user saw)
--                  SETUJU   the kadis approved: a permintaan asks the daemon
--                           to close P with exactly that isi
--                  TOLAK    a step refused, with a note: back to DRAF
--                  DRAF     back to draft for a reason the system saw
--                           (catatan): the printed content changed, or the
--                           stored list differed at approval
--                  DITUTUP  P closed (by the approval, or `rekon sk
--                           --final` on the command line)
--                A chain has started once a PARAF (or SETUJU) follows the
--                last TOLAK/DRAF.
ALTER TABLE job_run DROP CONSTRAINT job_run_trigger_check;
ALTER TABLE job_run ADD CONSTRAINT job_run_trigger_check
	CHECK (trigger IN ('schedule', 'catch_up', 'inbox', 'manual', 'web'));
ALTER TABLE job_run ADD COLUMN pengguna text;

CREATE TABLE permintaan (
	id		bigserial PRIMARY KEY,
	dibuat		timestamptz NOT NULL DEFAULT now(),
	pengguna	text NOT NULL,
	pekerjaan	text NOT NULL
			CHECK (pekerjaan IN ('usulan', 'rekonsiliasi', 'sk')),
	period		text NOT NULL CHECK (period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
	final		boolean NOT NULL DEFAULT false,
	diambil		timestamptz,
	job_run_id	bigint
);
CREATE INDEX permintaan_menunggu ON permintaan (id) WHERE diambil IS NULL;

CREATE TABLE sk_berkas (
	period		text NOT NULL,
	sha256		text NOT NULL,
	isi		text NOT NULL,
	dibuat		timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (period, sha256)
);

CREATE TABLE sk_langkah (
	id		bigserial PRIMARY KEY,
	period		text NOT NULL,
	waktu		timestamptz NOT NULL DEFAULT now(),
	langkah		text NOT NULL
			CHECK (langkah IN ('PARAF', 'SETUJU', 'TOLAK', 'DRAF', 'DITUTUP')),
	peran		text,
	pengguna	text,
	sha256		text,
	isi		text,
	catatan		text
);
CREATE INDEX sk_langkah_period ON sk_langkah (period, id);

-- The chain of P since its last TOLAK/DRAF: the initials recorded (n_paraf),
-- whether the kadis approved, whether P was closed since, and the isi the
-- latest step saw (NULL: none).
CREATE FUNCTION rekon_sk_rantai(p text, OUT n_paraf int, OUT disetujui boolean,
    OUT ditutup boolean, OUT isi text)
LANGUAGE sql STABLE AS $$
	WITH sejak AS (
		SELECT coalesce(max(id), 0) AS id FROM sk_langkah
		WHERE period = p AND langkah IN ('TOLAK', 'DRAF'))
	SELECT count(*) FILTER (WHERE langkah = 'PARAF')::int,
	       bool_or(langkah = 'SETUJU') IS TRUE,
	       bool_or(langkah = 'DITUTUP') IS TRUE,
	       (array_agg(l.isi ORDER BY l.id DESC)
	           FILTER (WHERE langkah IN ('PARAF', 'SETUJU')))[1]
	FROM sk_langkah l, sejak WHERE l.period = p AND l.id > sejak.id
$$;

-- A person's step on P's chain (web.md): peran must be the one whose turn
-- it is (paraf[n_paraf + 1], then 'kadis'); langkah PARAF (or SETUJU for the
-- kadis) or TOLAK with a note.  The file the user saw is (sha256, its isi).
-- A SETUJU adds the permintaan that asks the daemon to close P.  Returns ''
-- when recorded, else why not (in Indonesian, for the page).
CREATE FUNCTION rekon_sk_langkah(p text, mau text, p_peran text,
    p_pengguna text, p_sha256 text, p_isi text, p_catatan text,
    paraf text[]) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
	r record;
	giliran text;
	k int;
BEGIN
	-- One step at a time per period: two clicks at once see each other.
	PERFORM pg_advisory_xact_lock(hashtext('rekon_sk_langkah'), hashtext(p));
	IF EXISTS (SELECT 1 FROM periode WHERE period = p
	    AND closed_at IS NOT NULL) THEN
		RETURN 'Periode ini sudah ditutup: SK-nya sudah ditetapkan.';
	END IF;
	SELECT * INTO r FROM rekon_sk_rantai(p);
	IF r.disetujui THEN
		RETURN 'SK ini sudah disetujui; rekon sedang menutup periodenya.';
	END IF;
	k := coalesce(cardinality(paraf), 0);
	giliran := CASE WHEN r.n_paraf < k THEN paraf[r.n_paraf + 1]
	    ELSE 'kadis' END;
	IF p_peran IS DISTINCT FROM giliran THEN
		RETURN 'Bukan giliran Anda: sekarang giliran ' || giliran || '.';
	END IF;
	IF mau = 'TOLAK' THEN
		IF coalesce(btrim(p_catatan), '') = '' THEN
			RETURN 'Tulis alasan penolakan.';
		END IF;
		INSERT INTO sk_langkah (period, langkah, peran, pengguna, sha256,
		    isi, catatan)
		VALUES (p, 'TOLAK', p_peran, p_pengguna, p_sha256, p_isi, p_catatan);
		RETURN '';
	END IF;
	IF p_isi IS NULL THEN
		RETURN 'Lampiran SK ini belum tercatat: minta operator menjalankan'
		    ' SK lagi.';
	END IF;
	IF r.isi IS NOT NULL AND r.isi <> p_isi THEN
		RETURN 'Lampiran SK berubah sejak paraf sebelumnya.';
	END IF;
	INSERT INTO sk_langkah (period, langkah, peran, pengguna, sha256, isi,
	    catatan)
	VALUES (p, CASE WHEN giliran = 'kadis' THEN 'SETUJU' ELSE 'PARAF' END,
	    p_peran, p_pengguna, p_sha256, p_isi, nullif(btrim(p_catatan), ''));
	IF giliran = 'kadis' THEN
		INSERT INTO permintaan (pengguna, pekerjaan, period, final)
		VALUES (p_pengguna, 'sk', p, true);
	END IF;
	RETURN '';
END
$$;

-- An sk-lampiran-P.xlsx was written (sha256, isi): remembered, and when P's
-- chain has started and saw another isi, the chain goes back to DRAF with
-- the reason (why).  Returns true when it did.
CREATE FUNCTION rekon_sk_berkas(p text, p_sha256 text, p_isi text, why text)
RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
	r record;
BEGIN
	PERFORM pg_advisory_xact_lock(hashtext('rekon_sk_langkah'), hashtext(p));
	INSERT INTO sk_berkas (period, sha256, isi) VALUES (p, p_sha256, p_isi)
	ON CONFLICT (period, sha256) DO UPDATE SET isi = excluded.isi,
	    dibuat = now();
	SELECT * INTO r FROM rekon_sk_rantai(p);
	IF r.isi IS NULL OR r.isi = p_isi OR r.ditutup THEN
		RETURN false;
	END IF;
	INSERT INTO sk_langkah (period, langkah, sha256, isi, catatan)
	VALUES (p, 'DRAF', p_sha256, p_isi, why);
	RETURN true;
END
$$;
