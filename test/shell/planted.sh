#!/bin/sh
# planted.sh -- a hardened install: an unprivileged user plants look-alike
# operators and functions in schema public (exact-type matches that would
# win over pg_catalog's for an unqualified name), then a superuser whose
# search_path starts with public runs CREATE EXTENSION cop_alloc, or
# ALTER EXTENSION cop_alloc UPDATE from 0.1.0 (registered in public), and a
# whole exercise (targets, run, vote, publication, grant).  No object of
# the extension may depend on a planted object (pg_depend), and no planted
# function may ever run (each logs its calls).  Prints TAP; uses the
# cluster of the PG* variables.
set -u
cd "$(dirname "$0")/../.."
. test/shell/lib/tap.sh
scratch "cop_planted_fresh cop_planted_update" cop_planter
psql -X -q -d postgres -c "CREATE ROLE cop_planter NOLOGIN" >/dev/null

# plant DB: as cop_planter, look-alikes of what an install script uses
plant() {
	q "$1" "GRANT CREATE ON SCHEMA public TO cop_planter" &&
	psql -X -q -v ON_ERROR_STOP=1 -d "$1" >"$tmp/plant.out" 2>&1 <<'SQL'
SET ROLE cop_planter;
CREATE TABLE public.planted_calls (what text);
GRANT INSERT, SELECT ON public.planted_calls TO PUBLIC;
CREATE FUNCTION public.spy_ge(numeric, integer) RETURNS boolean LANGUAGE plpgsql AS
  $$BEGIN INSERT INTO public.planted_calls VALUES ('>=(numeric,integer)'); RETURN $1 OPERATOR(pg_catalog.>=) $2; END$$;
CREATE OPERATOR public.>= (LEFTARG = numeric, RIGHTARG = integer, FUNCTION = public.spy_ge);
CREATE FUNCTION public.spy_le(numeric, bigint) RETURNS boolean LANGUAGE plpgsql AS
  $$BEGIN INSERT INTO public.planted_calls VALUES ('<=(numeric,bigint)'); RETURN $1 OPERATOR(pg_catalog.<=) $2; END$$;
CREATE OPERATOR public.<= (LEFTARG = numeric, RIGHTARG = bigint, FUNCTION = public.spy_le);
CREATE FUNCTION public.spy_gt(numeric, integer) RETURNS boolean LANGUAGE plpgsql AS
  $$BEGIN INSERT INTO public.planted_calls VALUES ('>(numeric,integer)'); RETURN $1 OPERATOR(pg_catalog.>) $2; END$$;
CREATE OPERATOR public.> (LEFTARG = numeric, RIGHTARG = integer, FUNCTION = public.spy_gt);
CREATE FUNCTION public.spy_eq(int, bigint) RETURNS boolean LANGUAGE plpgsql AS
  $$BEGIN INSERT INTO public.planted_calls VALUES ('=(integer,bigint)'); RETURN $1 OPERATOR(pg_catalog.=) $2; END$$;
CREATE OPERATOR public.= (LEFTARG = integer, RIGHTARG = bigint, FUNCTION = public.spy_eq);
CREATE FUNCTION public.spy_minus(numeric, integer) RETURNS numeric LANGUAGE plpgsql AS
  $$BEGIN INSERT INTO public.planted_calls VALUES ('-(numeric,integer)'); RETURN $1 OPERATOR(pg_catalog.-) $2; END$$;
CREATE OPERATOR public.- (LEFTARG = numeric, RIGHTARG = integer, FUNCTION = public.spy_minus);
CREATE FUNCTION public.round(numeric, integer) RETURNS numeric LANGUAGE plpgsql AS
  $$BEGIN INSERT INTO public.planted_calls VALUES ('round(numeric,integer)'); RETURN pg_catalog.round($1, $2); END$$;
CREATE FUNCTION public.btrim(text) RETURNS text LANGUAGE plpgsql AS
  $$BEGIN INSERT INTO public.planted_calls VALUES ('btrim(text)'); RETURN pg_catalog.btrim($1); END$$;
CREATE FUNCTION public.now() RETURNS timestamptz LANGUAGE plpgsql AS
  $$BEGIN INSERT INTO public.planted_calls VALUES ('now()'); RETURN pg_catalog.now(); END$$;
CREATE FUNCTION public.format(text, text) RETURNS text LANGUAGE plpgsql AS
  $$BEGIN INSERT INTO public.planted_calls VALUES ('format(text,text)'); RETURN pg_catalog.format($1, $2); END$$;
CREATE FUNCTION public.lower(text) RETURNS text LANGUAGE plpgsql AS
  $$BEGIN INSERT INTO public.planted_calls VALUES ('lower(text)'); RETURN pg_catalog.lower($1); END$$;
CREATE FUNCTION public.sum(numeric) RETURNS numeric LANGUAGE sql AS 'SELECT $1';
SQL
}

# the whole exercise, as a superuser whose search_path starts with public
exercise() {
	psql -X -q -v ON_ERROR_STOP=1 -d "$1" >"$tmp/exercise.out" 2>&1 <<'SQL'
SET search_path = public, pg_catalog;
\i test/fixtures/example.sql
SELECT cop_alloc.propose_percentage(2025, 0.65, '2025-01-10');
SELECT cop_alloc.record_vote(2025, '2025-03-10', 30, 24, 20, 2, 0, cop_alloc.run(2025));
SELECT cop_alloc.approve(1, 'approved', '2025-03-12');
SELECT cop_alloc.publish((SELECT max(run_id) FROM cop_alloc.run), force_reason => 'test');
SELECT cop_alloc.grant_from_reserve(2025, 'national_project', 100.00, 'test', project => 'test');
SELECT * FROM cop_alloc.explain(2025);
SELECT * FROM cop_alloc.reserve_ledger;
SELECT * FROM cop_alloc.status(2025);
SQL
}

# bound DB: extension objects that depend on an object of schema public
bound() {
	q "$1" "SELECT count(*) FROM pg_depend d
	         WHERE (pg_identify_object(d.classid, d.objid, 0)).schema IS DISTINCT FROM 'public'
	           AND ((d.refclassid = 'pg_proc'::regclass
	                 AND d.refobjid IN (SELECT oid FROM pg_proc WHERE pronamespace = 'public'::regnamespace))
	             OR (d.refclassid = 'pg_operator'::regclass
	                 AND d.refobjid IN (SELECT oid FROM pg_operator WHERE oprnamespace = 'public'::regnamespace)))"
}

# checks DB "exercise description" "dependency description": the whole
# exercise runs, nothing depends on a planted object, no planted function ran
checks() {
	exercise $1
	st=$?
	result "$2" $st "$(head -10 "$tmp/exercise.out")"
	test "$(bound $1)" = 0
	ok $? "$3"
	test "$(q $1 "SELECT count(*) FROM public.planted_calls")" = 0
	ok $? "no planted function ran ($(q $1 "SELECT string_agg(DISTINCT what, ', ') FROM public.planted_calls"))"
}

# ---- a fresh install after the planting ---------------------------------
db=cop_planted_fresh
createdb $db && plant $db
ok $? "cop_planter plants look-alike operators and functions in public"
[ -s "$tmp/plant.out" ] && sed 's/^/# /' "$tmp/plant.out" | head -10
q $db "SET search_path = public, pg_catalog; CREATE EXTENSION cop_alloc" >"$tmp/create.out" 2>&1
ok $? "CREATE EXTENSION cop_alloc with public first in search_path"
[ -s "$tmp/create.out" ] && sed 's/^/# /' "$tmp/create.out" | head -10
checks $db "a whole exercise: targets, run, vote, approval, publication, grant, explain" \
	"no object depends on a planted operator or function"

# ---- 0.1.0, planting, then ALTER EXTENSION UPDATE ------------------------
db=cop_planted_update
createdb $db && q $db "CREATE EXTENSION cop_alloc VERSION '0.1.0'" >/dev/null && plant $db
ok $? "0.1.0 installed (registered in public), then the planting"
q $db "SET search_path = public, pg_catalog; ALTER EXTENSION cop_alloc UPDATE" >"$tmp/update.out" 2>&1
ok $? "ALTER EXTENSION cop_alloc UPDATE with public first in search_path"
[ -s "$tmp/update.out" ] && sed 's/^/# /' "$tmp/update.out" | head -10
checks $db "a whole exercise on the updated database" \
	"no object of the update depends on a planted operator or function"
echo "1..$n"
