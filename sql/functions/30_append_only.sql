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
