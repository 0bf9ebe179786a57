-- 019_kelebihan_bayar.sql — rules.md §9 "Money to recover and participants
-- to end": what rekonsiliasi lists for the BPJS branch, stored per period
-- (sql/rules/65_kelebihan_bayar.sql, 66_usul_nonaktif.sql).
--
-- Glossary
--   kelebihan_bayar  one row per NIK with a death record whose SK lists of
--                    months after the month of death (up to P) hold it:
--                    what the region paid after death, cumulative as of P
--   bulan, iuran     those months (YYYY-MM, ascending) and the
--                    iuran_per_jiwa of each, same order
--   jumlah_bulan     cardinality(bulan)
--   jumlah           sum(iuran), rupiah
--   baru             on no kelebihan_bayar list of an earlier period
--   batch_id, line   the death record (the NIK's newest M row): the
--                    list's input order
--   usul_nonaktif    one row per AKTIF row of Bp that carries a code of
--                    [rules] usul_nonaktif; alasan the first in config order
--   tgl_meninggal    the newest M row's date of death, when the NIK has one
CREATE TABLE kelebihan_bayar (
	period        text NOT NULL,
	nik           text NOT NULL,
	nama          text,
	tgl_meninggal date NOT NULL,
	bulan         text[] NOT NULL,
	iuran         bigint[] NOT NULL,
	jumlah_bulan  integer NOT NULL CHECK (jumlah_bulan > 0),
	jumlah        bigint NOT NULL,
	baru          boolean NOT NULL,
	batch_id      bigint NOT NULL,
	line          integer NOT NULL,
	PRIMARY KEY (period, nik)
);
CREATE INDEX kelebihan_bayar_nik ON kelebihan_bayar (nik);

CREATE TABLE usul_nonaktif (
	period        text NOT NULL,
	batch_id      bigint NOT NULL,	-- the row of Bp
	line          integer NOT NULL,
	kunci         text NOT NULL,
	noka          text,
	nik           text,
	nama          text,
	kecamatan     text NOT NULL,
	kelurahan     text NOT NULL,
	alasan        text NOT NULL CHECK (alasan IN ('MENINGGAL', 'SEGMEN_LAIN',
	              'GANDA_NIK', 'GANDA_ORANG', 'BUKAN_PENDUDUK')),
	tgl_meninggal date,
	PRIMARY KEY (period, batch_id, line, kunci)
);
