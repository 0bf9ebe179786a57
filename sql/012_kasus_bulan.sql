-- 012_kasus_bulan.sql — rules.md §8: cases that span months.
--
-- Glossary (usulan_hasil's new columns)
--   sejak         the period the case started: its row's batch period, or
--                 the SEJAK it inherited from the carried row it replaced
--   dibawa        the row is carried from an earlier period's queue, or
--                 replaced such a row (rules.md §8 "Carried rows")
--   tgl_antri, batch_antri, line_antri
--                 the row's place in U's order: its own tgl_usulan, batch
--                 and line, or the carried row's it inherited
--
-- usulan_diteruskan keeps t' for a period that was not recorded as sent:
-- when the earliest usulan run of P stored DITERUSKAN for a NIK (rules.md
-- "The sets", R).  Rows of runs before this migration get the time of
-- their period's last run (usulan_ruang.dibuat), the best that is known.
ALTER TABLE usulan_hasil
	ADD COLUMN sejak text,
	ADD COLUMN dibawa boolean NOT NULL DEFAULT false,
	ADD COLUMN tgl_antri date,
	ADD COLUMN batch_antri bigint,
	ADD COLUMN line_antri integer;
UPDATE usulan_hasil h
SET sejak = b.period, tgl_antri = u.tgl_usulan, batch_antri = h.batch_id,
    line_antri = h.line
FROM batch b, usulan_row u
WHERE b.id = h.batch_id AND u.batch_id = h.batch_id AND u.line = h.line;
UPDATE usulan_hasil SET sejak = period, batch_antri = batch_id, line_antri = line
WHERE sejak IS NULL;
ALTER TABLE usulan_hasil
	ALTER COLUMN sejak SET NOT NULL,
	ALTER COLUMN batch_antri SET NOT NULL,
	ALTER COLUMN line_antri SET NOT NULL;

CREATE TABLE usulan_diteruskan (
	period		text NOT NULL,
	nik		text NOT NULL,
	pertama_at	timestamptz NOT NULL,
	PRIMARY KEY (period, nik)
);
INSERT INTO usulan_diteruskan (period, nik, pertama_at)
SELECT DISTINCT h.period, h.nik, r.dibuat
FROM usulan_hasil h JOIN usulan_ruang r ON r.period = h.period
WHERE h.hasil = 'DITERUSKAN' AND h.nik <> '';
