-- cop_alloc install script (fresh install of the current version).
-- The Makefile assembles it as sql/tables/*.sql (what an update migrates:
-- schema, types, tables, the COP catalogue) followed by sql/functions/*.sql
-- (what every update re-creates: functions, views, triggers, rights), each
-- in file-name order.  Everything lives in schema cop_alloc.

\echo Use "CREATE EXTENSION cop_alloc" to load this file. \quit

-- A fresh install binds only to pg_catalog too, as the update does: every
-- object of ours is named cop_alloc.x.
SELECT pg_catalog.set_config('search_path', 'pg_catalog, pg_temp', true);

-- CREATE EXTENSION makes schema cop_alloc (the control file's `schema`)
-- before it runs this script, or takes the one that exists.  A schema made
-- beforehand by an unprivileged role would let that role drop or replace
-- what the extension puts there: only an empty schema owned by the
-- installing role or by a superuser is accepted.
DO $$
DECLARE
    owner name;
    objects bigint;
BEGIN
    SELECT r.rolname INTO owner
      FROM pg_catalog.pg_namespace n JOIN pg_catalog.pg_roles r ON r.oid OPERATOR(pg_catalog.=) n.nspowner
     WHERE n.nspname OPERATOR(pg_catalog.=) 'cop_alloc'
       AND NOT (r.rolsuper OR r.rolname OPERATOR(pg_catalog.=) CURRENT_USER);
    IF FOUND THEN
        RAISE EXCEPTION 'schema "cop_alloc" belongs to role "%"', owner
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = 'The extension''s schema must belong to the role that creates the extension or to a superuser.',
                  HINT = 'Drop the schema, or give it to the installing role, then run CREATE EXTENSION cop_alloc again.';
    END IF;
    SELECT pg_catalog.count(*) INTO objects
      FROM pg_catalog.pg_depend d
     WHERE d.refclassid OPERATOR(pg_catalog.=) 'pg_catalog.pg_namespace'::pg_catalog.regclass
       AND d.classid OPERATOR(pg_catalog.<>) 'pg_catalog.pg_extension'::pg_catalog.regclass
       AND d.refobjid OPERATOR(pg_catalog.=) 'cop_alloc'::pg_catalog.regnamespace;
    IF objects OPERATOR(pg_catalog.>) 0 THEN
        RAISE EXCEPTION 'schema "cop_alloc" is not empty'
            USING ERRCODE = 'object_in_use',
                  DETAIL = pg_catalog.format('%s objects already depend on it.', objects),
                  HINT = 'Install the extension into a new, empty schema cop_alloc.';
    END IF;
END
$$;

COMMENT ON SCHEMA cop_alloc IS
    'cop_alloc: the R312-2 distribution of the TFCMA among the regional chambers of trades and crafts (COP 2023-2027).';
