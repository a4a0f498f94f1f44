-- ===================================================================
-- Row-level security of the per-chamber tables (README, "Security"):
-- com_target and indicator_result; run_line (and so the view run_axis), input_document and
-- run_input_set (and so the view run_input) (below).
-- A chamber's role reads and writes only its rows and those of the
-- chambers associated to it; finance, assembly, ministry and readers
-- read every row; finance writes every row (table privileges decide who
-- writes at all: party_privileges()).  ENABLE and FORCE: the tables'
-- owner is held to the policies too, which let it through (its
-- SECURITY DEFINER functions).  The pattern, for a table with a
-- chamber_code column:
--   SELECT: (SELECT cop_alloc.sees_all_chambers(CURRENT_USER)) OR chamber_code = ANY ((SELECT cop_alloc.own_chambers(CURRENT_USER))::text[])
--   INSERT, UPDATE, DELETE: (SELECT cop_alloc.writes_all_chambers(CURRENT_USER)) OR chamber_code = ANY (...)
-- The functions run once per statement (InitPlans), not once per row.
-- The engine refuses to compute from a partial view (src/load.c).
-- ===================================================================

DO $$
DECLARE
    t text;
    sees constant text := '(SELECT cop_alloc.sees_all_chambers(CURRENT_USER)) OR chamber_code OPERATOR(pg_catalog.=) ANY ((SELECT cop_alloc.own_chambers(CURRENT_USER))::text[])';
    writes constant text := '(SELECT cop_alloc.writes_all_chambers(CURRENT_USER)) OR chamber_code OPERATOR(pg_catalog.=) ANY ((SELECT cop_alloc.own_chambers(CURRENT_USER))::text[])';
BEGIN
    FOREACH t IN ARRAY ARRAY['com_target', 'indicator_result'] LOOP
        EXECUTE pg_catalog.format('ALTER TABLE cop_alloc.%I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE pg_catalog.format('ALTER TABLE cop_alloc.%I FORCE ROW LEVEL SECURITY', t);
        EXECUTE pg_catalog.format('DROP POLICY IF EXISTS %I ON cop_alloc.%I', t || '_read', t);
        EXECUTE pg_catalog.format('CREATE POLICY %I ON cop_alloc.%I FOR SELECT USING (%s)', t || '_read', t, sees);
        EXECUTE pg_catalog.format('DROP POLICY IF EXISTS %I ON cop_alloc.%I', t || '_insert', t);
        EXECUTE pg_catalog.format('CREATE POLICY %I ON cop_alloc.%I FOR INSERT WITH CHECK (%s)', t || '_insert', t, writes);
        EXECUTE pg_catalog.format('DROP POLICY IF EXISTS %I ON cop_alloc.%I', t || '_update', t);
        EXECUTE pg_catalog.format('CREATE POLICY %I ON cop_alloc.%I FOR UPDATE USING (%s) WITH CHECK (%s)', t || '_update', t, writes, writes);
        EXECUTE pg_catalog.format('DROP POLICY IF EXISTS %I ON cop_alloc.%I', t || '_delete', t);
        EXECUTE pg_catalog.format('CREATE POLICY %I ON cop_alloc.%I FOR DELETE USING (%s)', t || '_delete', t, writes);
    END LOOP;
    -- the lines of runs (and their axis lines, which the view run_axis
    -- reads as its caller): a chamber reads its own lines of every run, and
    -- every line of a published run; they are written by run() only (the
    -- guard trigger), as the extension's owner
    ALTER TABLE cop_alloc.run_line ENABLE ROW LEVEL SECURITY;
    ALTER TABLE cop_alloc.run_line FORCE ROW LEVEL SECURITY;
    DROP POLICY IF EXISTS run_line_read ON cop_alloc.run_line;
    EXECUTE pg_catalog.format('CREATE POLICY run_line_read ON cop_alloc.run_line FOR SELECT USING (%s OR EXISTS '
                              '(SELECT FROM cop_alloc.publication p WHERE p.run_id OPERATOR(pg_catalog.=) run_line.run_id))',
                              sees);
    DROP POLICY IF EXISTS run_line_insert ON cop_alloc.run_line;
    CREATE POLICY run_line_insert ON cop_alloc.run_line FOR INSERT
        WITH CHECK ((SELECT cop_alloc.writes_all_chambers(CURRENT_USER)));
    -- the inputs of runs hold every chamber's targets and results: only
    -- the roles that see every chamber read them (a chamber reads its own
    -- in com_target and indicator_result), and so the view run_input
    FOREACH t IN ARRAY ARRAY['input_document', 'run_input_set'] LOOP
        EXECUTE pg_catalog.format('ALTER TABLE cop_alloc.%I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE pg_catalog.format('ALTER TABLE cop_alloc.%I FORCE ROW LEVEL SECURITY', t);
        EXECUTE pg_catalog.format('DROP POLICY IF EXISTS %I ON cop_alloc.%I', t || '_read', t);
        EXECUTE pg_catalog.format('CREATE POLICY %I ON cop_alloc.%I FOR SELECT USING ((SELECT cop_alloc.sees_all_chambers(CURRENT_USER)))',
                                  t || '_read', t);
        EXECUTE pg_catalog.format('DROP POLICY IF EXISTS %I ON cop_alloc.%I', t || '_insert', t);
        EXECUTE pg_catalog.format('CREATE POLICY %I ON cop_alloc.%I FOR INSERT WITH CHECK ((SELECT cop_alloc.writes_all_chambers(CURRENT_USER)))',
                                  t || '_insert', t);
    END LOOP;
END
$$;
