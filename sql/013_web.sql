-- 013_web.sql — the web front's state (web.md): its users, their sessions,
-- the failed logins that lock an account or an address, the front desk's
-- visit log and the audit log.
--
-- Glossary
--   pengguna     a user of the web front (or of the JSON API: peran 'api')
--   peran        the role: loket, kelurahan, operator, kabid, sekdis, kadis,
--                admin, api
--   sandi        the password as libsodium's Argon2id string (crypto_pwhash_str),
--                or for 'api' the SHA-256 of the token (hex): a token is 256
--                random bits, so a slow hash adds nothing
--   kecamatan, kelurahan
--                a kelurahan user's place, folded as header cells are (no
--                leading KEC/KECAMATAN, KEL/KELURAHAN/DESA word)
--   gagal        failed logins in a row; at five the account is locked
--                until kunci_sampai (15 minutes)
--   sesi         a login: the SHA-256 of the cookie's token (the token itself
--                is never stored), the CSRF token of its forms, the last
--                request (idle timeout 30 minutes)
--   alamat       a client address (X-Forwarded-For only from trusted_proxy)
--   kunjungan    the front desk's visit log: who came, about which NIK or
--                No KK, what they were told
--   audit        who did what to which object, when, from where; an object
--                holding a NIK, No KK or NOKA keeps it masked, with a keyed
--                hash (kunci_audit) an admin can search by: the whole number
--                is in no audit row
CREATE TABLE pengguna (
	id		bigserial PRIMARY KEY,
	nama		text NOT NULL UNIQUE CHECK (nama ~ '^[a-z0-9][a-z0-9._-]{1,31}$'),
	peran		text NOT NULL CHECK (peran IN ('loket', 'kelurahan', 'operator',
			     'kabid', 'sekdis', 'kadis', 'admin', 'api')),
	kecamatan	text,
	kelurahan	text,
	sandi		text NOT NULL,
	nonaktif	boolean NOT NULL DEFAULT false,
	gagal		integer NOT NULL DEFAULT 0,
	kunci_sampai	timestamptz,
	dibuat		timestamptz NOT NULL DEFAULT now(),
	diubah		timestamptz NOT NULL DEFAULT now(),
	CHECK ((peran = 'kelurahan') = (kelurahan IS NOT NULL AND kecamatan IS NOT NULL))
);

CREATE TABLE sesi (
	token		bytea PRIMARY KEY,		-- SHA-256 of the cookie's token
	pengguna_id	bigint NOT NULL REFERENCES pengguna (id) ON DELETE CASCADE,
	csrf		text NOT NULL,
	alamat		text NOT NULL,
	dibuat		timestamptz NOT NULL DEFAULT now(),
	terakhir	timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sesi_pengguna ON sesi (pengguna_id);

CREATE TABLE alamat_gagal (
	alamat		text PRIMARY KEY,
	gagal		integer NOT NULL DEFAULT 0,
	kunci_sampai	timestamptz,
	terakhir	timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE kunjungan (
	id		bigserial PRIMARY KEY,
	waktu		timestamptz NOT NULL DEFAULT now(),
	pengguna	text NOT NULL,
	dicari		text NOT NULL,			-- the NIK or No KK asked about
	jenis		text NOT NULL CHECK (jenis IN ('NIK', 'KK')),
	nama		text,				-- the visitor, as given
	hasil		text NOT NULL,			-- the case codes shown
	catatan		text
);
CREATE INDEX kunjungan_waktu ON kunjungan (waktu);

CREATE TABLE audit (
	id		bigserial PRIMARY KEY,
	waktu		timestamptz NOT NULL DEFAULT now(),
	pengguna	text,
	peran		text,
	alamat		text,
	aksi		text NOT NULL,
	objek		text,				-- identifiers masked
	kunci		text[]				-- keyed hashes of them
);
CREATE INDEX audit_waktu ON audit (waktu);
CREATE INDEX audit_kunci ON audit USING gin (kunci);

-- The key of audit.kunci: made once, here.
CREATE TABLE kunci_audit (
	id		boolean PRIMARY KEY DEFAULT true CHECK (id),
	kunci		bytea NOT NULL
);
-- (Two version-4 UUIDs: 244 random bits from the server's strong source,
-- without pgcrypto.)
INSERT INTO kunci_audit (kunci)
VALUES (decode(replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''), 'hex'));
