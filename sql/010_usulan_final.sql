-- 010_usulan_final.sql — rules.md §8 "Sent once": a period's Diteruskan
-- list recorded as sent to BPJS (`rekon usulan --period P --final`).
--
-- Glossary
--   dikirim_at    when P's list was first recorded as sent: t' of rules.md's
--                 set R; a --force rerun never moves it
--   oleh          who recorded it (the login that ran the command)
--   sha256        of usulan-P-bpjs.csv as sent (the replacement's, after a
--                 --force rerun)
--   diganti_at, diganti_oleh
--                 the last --force rerun that replaced the sent list
--
-- While a period has a row here its proposal outcomes and CSV are frozen: a
-- `usulan` file for it is refused at import, and `rekon usulan` for it only
-- rebuilds kembali/ (outputs.md §4) from the frozen outcomes and the
-- current feedback.
CREATE TABLE usulan_final (
	period		text PRIMARY KEY CHECK (period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
	dikirim_at	timestamptz NOT NULL DEFAULT now(),
	oleh		text NOT NULL,
	sha256		text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
	diganti_at	timestamptz,
	diganti_oleh	text
);
