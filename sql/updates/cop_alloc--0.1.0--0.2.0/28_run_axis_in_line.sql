-- -------------------------------------------------------------------
-- A chamber's axis lines move into its line: run_line.axes (an array of
-- cop_alloc.axis_line, created by 27_axis_line.sql, a link to
-- sql/tables/45_axis_line.sql) instead of six rows of the table run_axis
-- checked one by one against run_line by a foreign key.  run_axis becomes
-- a view giving the same rows (sql/functions/40_runs.sql).  The rows of
-- the runs already made move as they are, every number with its scale;
-- their append-only trigger is set aside for that one statement.
-- -------------------------------------------------------------------
ALTER TABLE cop_alloc.run_line ADD COLUMN axes cop_alloc.axis_line[];
ALTER TABLE cop_alloc.run_line DISABLE TRIGGER run_line_append_only;
UPDATE cop_alloc.run_line l
   SET axes = coalesce((SELECT pg_catalog.array_agg(ROW(a.axis_no, a.weight, a.stake, a.achievement, a.deduction)::cop_alloc.axis_line
                                                    ORDER BY a.axis_no)
                          FROM cop_alloc.run_axis a
                         WHERE a.run_id OPERATOR(pg_catalog.=) l.run_id
                           AND a.chamber_code OPERATOR(pg_catalog.=) l.chamber_code),
                       '{}');
ALTER TABLE cop_alloc.run_line ENABLE ALWAYS TRIGGER run_line_append_only;
ALTER TABLE cop_alloc.run_line ALTER COLUMN axes SET NOT NULL;
ALTER EXTENSION cop_alloc DROP TABLE cop_alloc.run_axis;
DROP TABLE cop_alloc.run_axis;

COMMENT ON TABLE cop_alloc.run IS
    'One computation of an exercise by cop_alloc.run(year, note): its input fingerprint, parameters and summary; the lines are in run_line (their axis lines in run_line.axes, read in run_axis), the inputs in run_input. Append-only: no row is ever updated or deleted.';
COMMENT ON TABLE cop_alloc.run_line IS
    'The line of each recipient chamber in a run: keys, equalisation and the amounts of allocate(year), and its axis lines (axes). Append-only.';
COMMENT ON COLUMN cop_alloc.run_line.axes IS
    'The chamber''s axis lines in axis order (axis_no, weight, stake, achievement, deduction): its rows of axis_deductions(year); read one row per axis in the view run_axis.';
