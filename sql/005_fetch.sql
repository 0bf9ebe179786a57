-- 005_fetch.sql — what the fetch job saw on each [source.NAME]: one row per
-- source and remote file, kept up to date, so that a file seen before (same
-- name, size and modification time, or an http(s) file the server answers
-- 304 Not Modified for) is not fetched again.  daemon/fetch.c writes it.
CREATE TABLE fetch_file (
	source		text NOT NULL,		-- [source.NAME], as written
	url		text NOT NULL,		-- the remote file, never with a password
	remote_name	text NOT NULL,		-- its name on the server
	size		bigint,			-- as the server said, NULL: not told
	mtime		timestamptz,		-- as the server said, NULL: not told
	etag		text,			-- http(s): for If-None-Match
	last_modified	text,			-- http(s): as sent, for If-Modified-Since
	fetched_at	timestamptz,		-- its last complete download
	checked_at	timestamptz NOT NULL DEFAULT now(),
	local_name	text,			-- the name it got in inbox/<kind>/
	status		text NOT NULL CHECK (status IN ('OK', 'GAGAL')),
	message		text,			-- why the last attempt failed
	PRIMARY KEY (source, url)
);
