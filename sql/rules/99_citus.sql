-- 99_citus.sql — what rekon's rules need on a Citus cluster (docs/scale.md),
-- applied after every other rule file; on a single server it does nothing.
--
-- Citus cannot run a LANGUAGE sql function that reads a distributed or
-- reference table, inlined or not ("cannot perform distributed planning on
-- this query because parameterized queries for SQL functions referencing
-- distributed tables are not supported"; citusdata/citus#6102, found by
-- make test-citus): PostgreSQL inlines a set function into the calling
-- query only after Citus has planned that query as a local one. A PL/pgSQL
-- function is planned statement by statement with its arguments bound,
-- which Citus does plan. So, where the citus extension is installed, every
-- rekon SQL function that may read a table (STABLE or VOLATILE; IMMUTABLE
-- ones do not) is made again as PL/pgSQL with the same name, arguments,
-- result, volatility and body:
--   set-returning:  RETURN QUERY <body>;
--   one row into OUT parameters:  SELECT * INTO <them> FROM (<body>) x;
--   void:           <body>;
--   otherwise:      RETURN (<body>);
-- `#variable_conflict use_column`: a RETURNS TABLE column named like a
-- table column (nik, kunci, ...) means the table's, as in the SQL body.
-- Done here rather than by hand in each file, so that the rules stay one
-- text for both and every `rekon db migrate` that re-applies them applies
-- this again. What it costs: the calling query no longer sees into the set
-- (no inlining): each set is computed whole on its own, pushed down to the
-- shards inside, then joined; docs/scale.md says where that matters.

CREATE OR REPLACE FUNCTION rekon_citus_plpgsql() RETURNS integer
LANGUAGE plpgsql AS $f$
DECLARE
	f    record;
	body text;
	n    integer := 0;
BEGIN
	FOR f IN
		SELECT p.oid, p.proname, p.proretset, p.prorettype, p.prosrc,
		       p.provolatile, p.proisstrict,
		       pg_get_function_arguments(p.oid) AS args,
		       pg_get_function_result(p.oid) AS res,
		       (SELECT string_agg(quote_ident(a.n), ', ' ORDER BY a.i)
		        FROM unnest(p.proargnames, p.proargmodes) WITH ORDINALITY AS a(n, m, i)
		        WHERE a.m IN ('o', 'b')) AS outs
		FROM pg_proc p
		WHERE p.pronamespace = 'public'::regnamespace AND p.prokind = 'f'
		  AND p.prolang = (SELECT l.oid FROM pg_language l WHERE l.lanname = 'sql')
		  AND p.provolatile <> 'i'
		  AND NOT EXISTS (SELECT 1 FROM pg_depend d
		                  WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid
		                    AND d.deptype = 'e')
		ORDER BY p.oid
	LOOP
		body := rtrim(btrim(f.prosrc, E' \t\r\n'), E'; \t\r\n');
		IF f.proretset THEN
			body := 'RETURN QUERY ' || body || ';';
		ELSIF f.outs IS NOT NULL THEN	-- one row into its OUT parameters
			body := 'SELECT * INTO ' || f.outs || ' FROM (' || body || ') x; RETURN;';
		ELSIF f.prorettype = 'void'::regtype THEN
			body := body || ';';
		ELSE
			body := 'RETURN (' || body || ');';
		END IF;
		EXECUTE format('CREATE OR REPLACE FUNCTION %I(%s) RETURNS %s LANGUAGE plpgsql %s %s AS %L',
		    f.proname, f.args, f.res,
		    CASE f.provolatile WHEN 's' THEN 'STABLE' ELSE 'VOLATILE' END,
		    CASE WHEN f.proisstrict THEN 'STRICT' ELSE '' END,
		    E'#variable_conflict use_column\nBEGIN\n' || body || E'\nEND');
		n := n + 1;
	END LOOP;
	-- A generic plan leaves the function's arguments as unbound
	-- parameters, which Citus cannot plan ("could not create distributed
	-- plan"): where a rule function asks for one (rekon_cek: planned once
	-- per connection on one server), Citus plans each call.
	FOR f IN
		SELECT p.oid FROM pg_proc p
		WHERE p.pronamespace = 'public'::regnamespace
		  AND 'plan_cache_mode=force_generic_plan' = ANY (p.proconfig)
	LOOP
		EXECUTE format('ALTER FUNCTION %s SET plan_cache_mode = force_custom_plan', f.oid::regprocedure);
		n := n + 1;
	END LOOP;
	RETURN n;
END $f$;

DO $$
BEGIN
	IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus') THEN
		PERFORM rekon_citus_plpgsql();
	END IF;
END $$;
