-- cop_alloc update 0.1.0 -> 0.2.0.  The Makefile assembles it from
-- sql/updates/cop_alloc--0.1.0--0.2.0/*.sql in name order (what changes in the
-- installed tables and types, one concern a file), then appends
-- sql/functions/*.sql, which re-creates every function, view, trigger and
-- right of 0.2.0.  What these parts drop is what 0.2.0 no longer has, or
-- what must be re-created with another signature or column list.
-- test/shell/upgrade.sh checks that 0.1.0 + this update gives the same
-- catalogue as a fresh 0.2.0 install, and that no row or figure is lost.

\echo Use "ALTER EXTENSION cop_alloc UPDATE TO '0.2.0'" to load this file. \quit

-- Everything below binds only to pg_catalog: the update runs with the
-- extension's 0.1.0 schema (public) first in search_path, where any user
-- may have planted look-alike operators and functions
-- (test/shell/planted.sh).  Every object of ours is named cop_alloc.x.
SELECT pg_catalog.set_config('search_path', 'pg_catalog, pg_temp', true);

-- -------------------------------------------------------------------
-- The extension is registered in its own schema, as a fresh 0.2.0
-- install is (control file: schema = cop_alloc).  0.1.0 was registered
-- in the schema current at CREATE EXTENSION (public by default), so that
-- DROP SCHEMA public CASCADE took every run, publication and grant with
-- it.  The schema stops being a member of the extension and becomes its
-- namespace: DROP EXTENSION leaves the (empty) schema behind.
-- -------------------------------------------------------------------
ALTER EXTENSION cop_alloc DROP SCHEMA cop_alloc;
UPDATE pg_catalog.pg_depend d
   SET refobjid = 'cop_alloc'::pg_catalog.regnamespace
  FROM pg_catalog.pg_extension e
 WHERE e.extname OPERATOR(pg_catalog.=) 'cop_alloc'
   AND d.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_extension'::pg_catalog.regclass
   AND d.objid OPERATOR(pg_catalog.=) e.oid
   AND d.refclassid OPERATOR(pg_catalog.=) 'pg_catalog.pg_namespace'::pg_catalog.regclass
   AND d.deptype OPERATOR(pg_catalog.=) 'n';
UPDATE pg_catalog.pg_extension
   SET extnamespace = 'cop_alloc'::pg_catalog.regnamespace
 WHERE extname OPERATOR(pg_catalog.=) 'cop_alloc';
