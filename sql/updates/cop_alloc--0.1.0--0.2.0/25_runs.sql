-- -------------------------------------------------------------------
-- Carrying last year forward becomes an explicit, recorded step
-- (cop_alloc.carry_forward(year)); the engine reads only
-- exercise_chamber.previous_operating (spec §4).  0.1.0's engine read
-- the operating parts published for year - 1 wherever previous_operating
-- was NULL: so that every exercise keeps its figures, the update writes
-- those parts where the tunnel used them (a tunnel percentage set, a
-- publication of year - 1 in force) and records the step in
-- cop_alloc.carried_forward (created by 24_carry_forward.sql, a link to
-- sql/tables/57_carry_forward.sql) as made by the update.  Runs,
-- publications and their fingerprints stay as recorded.
-- -------------------------------------------------------------------

WITH carried AS (
    UPDATE cop_alloc.exercise_chamber ec
       SET previous_operating = l.operating
      FROM cop_alloc.exercise e, cop_alloc.current_publication p, cop_alloc.run_line l
     WHERE e.year OPERATOR(pg_catalog.=) ec.year
       AND (e.max_decrease_pct IS NOT NULL OR e.max_increase_pct IS NOT NULL)
       AND p.year OPERATOR(pg_catalog.=) (ec.year OPERATOR(pg_catalog.-) 1)
       AND l.run_id OPERATOR(pg_catalog.=) p.run_id
       AND l.chamber_code OPERATOR(pg_catalog.=) ec.chamber_code
       AND ec.previous_operating IS NULL
    RETURNING ec.year, ec.chamber_code, p.publication_id, p.run_id)
INSERT INTO cop_alloc.carried_forward (year, publication_id, run_id, chambers, how)
SELECT c.year, c.publication_id, c.run_id,
       pg_catalog.array_agg(c.chamber_code ORDER BY c.chamber_code COLLATE "C"), 'update 0.1.0 to 0.2.0'
  FROM carried c
 GROUP BY c.year, c.publication_id, c.run_id
 ORDER BY c.year;

COMMENT ON COLUMN cop_alloc.run.previous_run_id IS 'The published run of year - 1 when this run was made: the reference of the evolution figures (explain). Runs made by 0.1.0 also took from it the tunnel bases left NULL.';
COMMENT ON COLUMN cop_alloc.run_line.previous_operating IS
    'Base of the tunnel: exercise_chamber.previous_operating (see carry_forward). In runs made by 0.1.0, when that was NULL, the operating part published for year - 1.';

-- -------------------------------------------------------------------
-- One trigger function, cop_alloc.refuse_change(detail, hint), for every
-- append-only table instead of one copy per table.  The triggers keep
-- their names (other parts of this update name them): here they move to
-- refuse_change, whose full definition, and the triggers' arguments,
-- come with sql/functions/30_append_only.sql; then the copies go.
-- -------------------------------------------------------------------
CREATE FUNCTION cop_alloc.refuse_change() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    RAISE EXCEPTION 'cop_alloc.% is append-only: % is not allowed', TG_TABLE_NAME, lower(TG_OP)
        USING ERRCODE = 'restrict_violation';
END
$$;
DO $$
DECLARE
    g record;
BEGIN
    FOR g IN
        SELECT t.tgname, t.tgrelid::pg_catalog.regclass AS tab,
               (t.tgtype::int OPERATOR(pg_catalog.&) 1) OPERATOR(pg_catalog.=) 1 AS per_row
          FROM pg_catalog.pg_trigger t
          JOIN pg_catalog.pg_proc p ON p.oid OPERATOR(pg_catalog.=) t.tgfoid
         WHERE p.pronamespace OPERATOR(pg_catalog.=) 'cop_alloc'::pg_catalog.regnamespace
           AND p.proname OPERATOR(pg_catalog.=) ANY ('{run_refuse_change,publication_refuse_change,ledger_refuse_change}'::name[])
    LOOP
        EXECUTE pg_catalog.format('CREATE OR REPLACE TRIGGER %I BEFORE %s ON %s FOR EACH %s EXECUTE FUNCTION cop_alloc.refuse_change()',
                                  g.tgname, CASE WHEN g.per_row THEN 'UPDATE OR DELETE' ELSE 'TRUNCATE' END, g.tab,
                                  CASE WHEN g.per_row THEN 'ROW' ELSE 'STATEMENT' END);
    END LOOP;
END
$$;
DROP FUNCTION cop_alloc.run_refuse_change();
DROP FUNCTION cop_alloc.publication_refuse_change();
DROP FUNCTION cop_alloc.ledger_refuse_change();

-- run_inputs gains member_rows (fingerprint reads the targets and results
-- itself); fingerprint is computed in C.
DROP FUNCTION cop_alloc.run_inputs(int);

-- -------------------------------------------------------------------
-- Runs store their inputs one row per chamber (kind chamber_inputs,
-- input_record(year)) instead of one row per table row; the rows of the
-- runs made by 0.1.0 stay as they were recorded, with their fingerprints
-- (format 1: fingerprint_format, verify_run), and run_input_detail reads
-- both alike.  (Where the rows are kept: 28_run_input_documents.sql.)
-- -------------------------------------------------------------------
COMMENT ON COLUMN cop_alloc.run.fingerprint IS
    'sha256 (hex) of the run''s inputs as stored in run_input, in the format of its version (inputs_sha256, fingerprint_format: 2 since 0.2.0, 1 for runs made by 0.1.0): identical inputs give the identical fingerprint, whatever the order the rows were inserted in; verify_run(run_id) checks it against the stored rows.';
