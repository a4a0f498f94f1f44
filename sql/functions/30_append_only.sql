-- -------------------------------------------------------------------
-- Append-only tables: the legal records (runs, publications, approvals
-- once published, the reserve ledger, carry-forward steps) are never
-- updated, deleted or truncated.  One trigger function refuses it for
-- all; each table's triggers pass what the table keeps and what to do
-- instead.  The triggers fire for every role, the tables' owner
-- included, and ENABLE ALWAYS makes them fire under
-- session_replication_role = replica too.  They are a guard, not a
-- vault: a superuser or the tables' owner can still ALTER TABLE ...
-- DISABLE TRIGGER or DROP EXTENSION; keep a copy of each publication and
-- its fingerprint outside the database if that must be excluded.
-- -------------------------------------------------------------------

CREATE OR REPLACE FUNCTION cop_alloc.refuse_change() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    RAISE EXCEPTION 'cop_alloc.% is append-only: % is not allowed', TG_TABLE_NAME, lower(TG_OP)
        USING ERRCODE = 'restrict_violation',
              DETAIL = TG_ARGV[0],
              HINT = TG_ARGV[1];
END
$$;
COMMENT ON FUNCTION cop_alloc.refuse_change() IS
    'Trigger of every append-only table: refuses UPDATE, DELETE (FOR EACH ROW) and TRUNCATE (FOR EACH STATEMENT), for every role including the table''s owner; its two arguments are the error''s detail (what the table keeps) and hint (what to do instead).';

CREATE OR REPLACE FUNCTION cop_alloc.make_append_only(tab regclass, detail text, hint text) RETURNS void
LANGUAGE plpgsql VOLATILE STRICT
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    t name := (SELECT c.relname FROM pg_catalog.pg_class c WHERE c.oid = tab);
BEGIN
    EXECUTE format('CREATE OR REPLACE TRIGGER %I BEFORE UPDATE OR DELETE ON %s'
                   ' FOR EACH ROW EXECUTE FUNCTION cop_alloc.refuse_change(%L, %L)', t || '_append_only', tab, detail, hint);
    EXECUTE format('CREATE OR REPLACE TRIGGER %I BEFORE TRUNCATE ON %s'
                   ' FOR EACH STATEMENT EXECUTE FUNCTION cop_alloc.refuse_change(%L, %L)', t || '_no_truncate', tab, detail, hint);
    EXECUTE format('ALTER TABLE %s ENABLE ALWAYS TRIGGER %I', tab, t || '_append_only');
    EXECUTE format('ALTER TABLE %s ENABLE ALWAYS TRIGGER %I', tab, t || '_no_truncate');
    EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE ON %s FROM PUBLIC', tab);
END
$$;
REVOKE EXECUTE ON FUNCTION cop_alloc.make_append_only(regclass, text, text) FROM PUBLIC;
COMMENT ON FUNCTION cop_alloc.make_append_only(regclass, text, text) IS
    'Makes a table append-only, as the install does for every legal record: triggers <table>_append_only (BEFORE UPDATE OR DELETE, FOR EACH ROW) and <table>_no_truncate (BEFORE TRUNCATE) calling refuse_change(detail, hint), both ENABLE ALWAYS, and UPDATE, DELETE, TRUNCATE revoked from PUBLIC. Re-runnable.';
