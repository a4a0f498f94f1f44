-- ===================================================================
-- Views for dashboards (Metabase, Superset, Grafana, Power BI): every
-- published year, read from the published runs, with the display names
-- joined in and plain column types only (numeric with a fixed scale,
-- int, text, date, timestamptz, boolean).  The tables keep the spec's
-- display columns (chamber.name, axis.title, indicator.label, spec §7);
-- the views expose them uniformly as chamber_name, axis_title and
-- indicator_label.  Amounts are numeric(15,2), achievements numeric(7,6).
-- ===================================================================

-- -------------------------------------------------------------------
-- published_year: one row per published year, flagged when its inputs
-- have changed since it was published
-- -------------------------------------------------------------------

CREATE OR REPLACE VIEW cop_alloc.published_year WITH (security_invoker = true) AS
SELECT p.year, p.publication_id, p.run_id, r.results_year,
       p.deliberated_on AS published_on, p.published_at, p.published_by,
       r.tax_product::numeric(15,2) AS tax_product, r.quote_part::numeric(15,2) AS quote_part,
       r.operating_part::numeric(15,2) AS operating_part, r.performance_part::numeric(15,2) AS performance_part,
       r.allocated::numeric(15,2) AS allocated, r.reserve::numeric(15,2) AS reserve,
       r.fingerprint AS published_fingerprint, f.fingerprint AS current_fingerprint,
       CASE WHEN f.sees_all THEN f.fingerprint IS DISTINCT FROM r.fingerprint END AS inputs_changed
  FROM cop_alloc.current_publication p
  JOIN cop_alloc.run r ON r.run_id = p.run_id
 CROSS JOIN LATERAL (SELECT v.sees_all, CASE WHEN v.sees_all THEN cop_alloc.current_fingerprint(p.run_id) END AS fingerprint
                       FROM (SELECT cop_alloc.sees_all_chambers(CURRENT_USER) AS sees_all) v) f;
COMMENT ON VIEW cop_alloc.published_year IS
    'One row per published year: the publication in force, its legal date, its totals, and inputs_changed, true when the inputs of the year no longer give the fingerprint of the published run (current_fingerprint): a target, result, parameter, association or last year''s publication changed since. The figures of the other published_* views stay those published.';
COMMENT ON COLUMN cop_alloc.published_year.year IS 'The published exercise.';
COMMENT ON COLUMN cop_alloc.published_year.publication_id IS 'The publication in force.';
COMMENT ON COLUMN cop_alloc.published_year.run_id IS 'Its published run.';
COMMENT ON COLUMN cop_alloc.published_year.results_year IS 'The year whose results measured the achievements.';
COMMENT ON COLUMN cop_alloc.published_year.published_on IS 'Legal date of the distribution: the general assembly''s approving meeting (publication.deliberated_on).';
COMMENT ON COLUMN cop_alloc.published_year.published_at IS 'When the publication was recorded.';
COMMENT ON COLUMN cop_alloc.published_year.published_by IS 'The role that recorded it.';
COMMENT ON COLUMN cop_alloc.published_year.tax_product IS 'P, the tax product, euros.';
COMMENT ON COLUMN cop_alloc.published_year.quote_part IS 'Q, CMA France''s quote-part, euros.';
COMMENT ON COLUMN cop_alloc.published_year.operating_part IS 'O, the operating part, euros.';
COMMENT ON COLUMN cop_alloc.published_year.performance_part IS 'Pf, the performance part, euros.';
COMMENT ON COLUMN cop_alloc.published_year.allocated IS 'Sum of the chambers'' totals, euros.';
COMMENT ON COLUMN cop_alloc.published_year.reserve IS 'Paid into the national-projects reserve, euros.';
COMMENT ON COLUMN cop_alloc.published_year.published_fingerprint IS 'Fingerprint of the inputs of the published run.';
COMMENT ON COLUMN cop_alloc.published_year.current_fingerprint IS 'Fingerprint of the inputs of the year today, in the published run''s format (current_fingerprint; NULL when the exercise was deleted, or for a role that does not see every chamber''s targets and results).';
COMMENT ON COLUMN cop_alloc.published_year.inputs_changed IS 'True when the two fingerprints differ: the year would not be computed the same today. NULL for a role that does not see every chamber''s targets and results (row-level security): it cannot tell.';

-- -------------------------------------------------------------------
-- published_allocation: allocate(year) as published, with last year
-- -------------------------------------------------------------------

CREATE OR REPLACE VIEW cop_alloc.published_allocation WITH (security_invoker = true) AS
SELECT p.year, l.chamber_code, c.name AS chamber_name,
       l.operating::numeric(15,2) AS operating,
       l.performance_envelope::numeric(15,2) AS performance_envelope,
       l.deduction::numeric(15,2) AS deduction,
       l.performance::numeric(15,2) AS performance,
       l.total::numeric(15,2) AS total,
       pl.total::numeric(15,2) AS previous_total,
       (l.total - pl.total)::numeric(15,2) AS change,
       CASE WHEN pl.total > 0 THEN round(100 * (l.total - pl.total) / pl.total, 2) END::numeric(17,2) AS change_pct,
       p.publication_id, p.deliberated_on AS published_on
  FROM cop_alloc.current_publication p
  JOIN cop_alloc.run r ON r.run_id = p.run_id
  JOIN cop_alloc.run_line l ON l.run_id = p.run_id
  LEFT JOIN cop_alloc.chamber c ON c.code = l.chamber_code
  LEFT JOIN cop_alloc.run_line pl ON pl.run_id = r.previous_run_id AND pl.chamber_code = l.chamber_code;
COMMENT ON VIEW cop_alloc.published_allocation IS
    'Each chamber''s line in the published distribution of every year (allocate(year) when it was published), with the total of the publication of year - 1 in force when the run was made (the one the motives of explain(year) cite) and the change.';
COMMENT ON COLUMN cop_alloc.published_allocation.year IS 'The published exercise.';
COMMENT ON COLUMN cop_alloc.published_allocation.chamber_code IS 'The recipient regional chamber.';
COMMENT ON COLUMN cop_alloc.published_allocation.chamber_name IS 'Its name (chamber.name).';
COMMENT ON COLUMN cop_alloc.published_allocation.operating IS 'Operating part after equalisation, euros.';
COMMENT ON COLUMN cop_alloc.published_allocation.performance_envelope IS 'Performance envelope, euros.';
COMMENT ON COLUMN cop_alloc.published_allocation.deduction IS 'Deductions for non-achievement, euros (paid into the reserve).';
COMMENT ON COLUMN cop_alloc.published_allocation.performance IS 'Performance part after deductions, euros.';
COMMENT ON COLUMN cop_alloc.published_allocation.total IS 'Operating plus performance part, euros.';
COMMENT ON COLUMN cop_alloc.published_allocation.previous_total IS 'The chamber''s total in the published distribution of year - 1, euros; NULL when none.';
COMMENT ON COLUMN cop_alloc.published_allocation.change IS 'total - previous_total, euros.';
COMMENT ON COLUMN cop_alloc.published_allocation.change_pct IS 'The change in percent of previous_total, 2 decimals; NULL when previous_total is NULL or 0.';
COMMENT ON COLUMN cop_alloc.published_allocation.publication_id IS 'The publication in force.';
COMMENT ON COLUMN cop_alloc.published_allocation.published_on IS 'Legal date of the distribution (the general assembly''s approving meeting).';

-- -------------------------------------------------------------------
-- published_axis: axis_deductions(year) as published
-- -------------------------------------------------------------------

CREATE OR REPLACE VIEW cop_alloc.published_axis WITH (security_invoker = true) AS
SELECT p.year, a.chamber_code, c.name AS chamber_name, a.axis_no, x.title AS axis_title,
       a.weight::numeric(7,6) AS weight,
       a.stake::numeric(15,2) AS stake,
       a.achievement::numeric(7,6) AS achievement,
       a.deduction::numeric(15,2) AS deduction,
       p.publication_id
  FROM cop_alloc.current_publication p
  JOIN cop_alloc.run_axis a ON a.run_id = p.run_id
  LEFT JOIN cop_alloc.chamber c ON c.code = a.chamber_code
  LEFT JOIN cop_alloc.axis x ON x.axis_no = a.axis_no;
COMMENT ON VIEW cop_alloc.published_axis IS
    'Each chamber''s performance part axis by axis in the published distribution of every year (axis_deductions(year) when it was published): stake, consolidated achievement, deduction.';
COMMENT ON COLUMN cop_alloc.published_axis.year IS 'The published exercise.';
COMMENT ON COLUMN cop_alloc.published_axis.chamber_code IS 'The recipient regional chamber.';
COMMENT ON COLUMN cop_alloc.published_axis.chamber_name IS 'Its name (chamber.name).';
COMMENT ON COLUMN cop_alloc.published_axis.axis_no IS 'The COP axis.';
COMMENT ON COLUMN cop_alloc.published_axis.axis_title IS 'Its title (axis.title).';
COMMENT ON COLUMN cop_alloc.published_axis.weight IS 'The axis weight of the exercise, 6 decimals.';
COMMENT ON COLUMN cop_alloc.published_axis.stake IS 'Share of the envelope staked on the axis, euros.';
COMMENT ON COLUMN cop_alloc.published_axis.achievement IS 'Consolidated achievement of the axis (the chamber with its associated chambers), 6 decimals.';
COMMENT ON COLUMN cop_alloc.published_axis.deduction IS 'Deduction on the axis, euros.';
COMMENT ON COLUMN cop_alloc.published_axis.publication_id IS 'The publication in force.';

-- -------------------------------------------------------------------
-- published_indicator: the targets and results the published run used
-- -------------------------------------------------------------------

CREATE OR REPLACE VIEW cop_alloc.published_indicator WITH (security_invoker = true) AS
WITH t AS (
    SELECT p.year, p.publication_id, r.results_year, i.run_id,
           i.key::jsonb ->> 0 AS member_code, i.key::jsonb ->> 1 AS indicator_code,
           (i.value ->> 'target')::numeric AS target
      FROM cop_alloc.current_publication p
      JOIN cop_alloc.run r ON r.run_id = p.run_id
      JOIN cop_alloc.run_input_detail i ON i.run_id = p.run_id AND i.kind = 'com_target')
SELECT t.year, t.results_year,
       coalesce(m.value ->> 'parent_code', t.member_code) AS chamber_code, c.name AS chamber_name,
       t.member_code, t.indicator_code, ind.label AS indicator_label,
       (d.value ->> 'axis_no')::int AS axis_no,
       t.target::numeric(19,6) AS target,
       (res.value ->> 'realized')::numeric(19,6) AS realized,
       cop_alloc.achievement((res.value ->> 'realized')::numeric, t.target,
                             (d.value ->> 'direction')::cop_alloc.direction)::numeric(7,6) AS achievement,
       (d.value ->> 'weight')::numeric(19,6) AS weight,
       d.value ->> 'direction' AS direction,
       t.publication_id
  FROM t
  LEFT JOIN cop_alloc.run_input_detail m
    ON m.run_id = t.run_id AND m.kind = 'chamber' AND m.key = jsonb_build_array(t.member_code)::text
  LEFT JOIN cop_alloc.run_input_detail d
    ON d.run_id = t.run_id AND d.kind = 'indicator' AND d.key = jsonb_build_array(t.indicator_code)::text
  LEFT JOIN cop_alloc.run_input_detail res
    ON res.run_id = t.run_id AND res.kind = 'indicator_result'
   AND res.key = jsonb_build_array(t.member_code, t.indicator_code)::text
  LEFT JOIN cop_alloc.chamber c ON c.code = coalesce(m.value ->> 'parent_code', t.member_code)
  LEFT JOIN cop_alloc.indicator ind ON ind.code = t.indicator_code;
COMMENT ON VIEW cop_alloc.published_indicator IS
    'Every COM target and result the published run of every year used (its inputs, run_input_detail), one row per member chamber and indicator: an associated chamber under its regional chamber (chamber_code) with member_code naming it. achievement is the member''s own; the consolidated axis achievement that counts is in published_axis.';
COMMENT ON COLUMN cop_alloc.published_indicator.year IS 'The published exercise.';
COMMENT ON COLUMN cop_alloc.published_indicator.results_year IS 'The year the targets and results are of.';
COMMENT ON COLUMN cop_alloc.published_indicator.chamber_code IS 'The recipient regional chamber.';
COMMENT ON COLUMN cop_alloc.published_indicator.chamber_name IS 'Its name (chamber.name).';
COMMENT ON COLUMN cop_alloc.published_indicator.member_code IS 'The chamber the target is of: the recipient itself or a chamber associated to it.';
COMMENT ON COLUMN cop_alloc.published_indicator.indicator_code IS 'The indicator.';
COMMENT ON COLUMN cop_alloc.published_indicator.indicator_label IS 'Its label (indicator.label).';
COMMENT ON COLUMN cop_alloc.published_indicator.axis_no IS 'The axis of the indicator when the run was made.';
COMMENT ON COLUMN cop_alloc.published_indicator.target IS 'The COM target, 6 decimals.';
COMMENT ON COLUMN cop_alloc.published_indicator.realized IS 'The result; NULL when missing.';
COMMENT ON COLUMN cop_alloc.published_indicator.achievement IS 'The member''s own achievement of the indicator, 6 decimals; NULL when the target is 0 or the result missing.';
COMMENT ON COLUMN cop_alloc.published_indicator.weight IS 'The indicator''s weight in its axis when the run was made.';
COMMENT ON COLUMN cop_alloc.published_indicator.direction IS 'higher (more is better) or lower (fewer is better).';
COMMENT ON COLUMN cop_alloc.published_indicator.publication_id IS 'The publication in force.';

-- -------------------------------------------------------------------
-- simulate_compare: a what-if next to the base distribution
-- -------------------------------------------------------------------

CREATE OR REPLACE FUNCTION cop_alloc.simulate_compare(year int, overrides jsonb)
RETURNS TABLE (chamber_code text, chamber_name text,
               base_operating numeric, operating numeric, operating_change numeric,
               base_performance numeric, performance numeric, performance_change numeric,
               base_deduction numeric, deduction numeric, deduction_change numeric,
               base_modulation numeric, modulation numeric, modulation_change numeric,
               base_total numeric, total numeric, total_change numeric, total_change_pct numeric)
LANGUAGE sql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT coalesce(b.chamber_code, s.chamber_code), c.name,
           b.operating, s.operating, coalesce(s.operating, 0.00) - coalesce(b.operating, 0.00),
           b.performance, s.performance, coalesce(s.performance, 0.00) - coalesce(b.performance, 0.00),
           b.deduction, s.deduction, coalesce(s.deduction, 0.00) - coalesce(b.deduction, 0.00),
           b.modulation, s.modulation, coalesce(s.modulation, 0.00) - coalesce(b.modulation, 0.00),
           b.total, s.total, coalesce(s.total, 0.00) - coalesce(b.total, 0.00),
           CASE WHEN b.total > 0 THEN round(100 * (coalesce(s.total, 0.00) - b.total) / b.total, 2) END
      FROM cop_alloc.allocate(simulate_compare.year) b
      FULL JOIN cop_alloc.simulate(simulate_compare.year, simulate_compare.overrides) s
        ON s.chamber_code = b.chamber_code
      LEFT JOIN cop_alloc.chamber c ON c.code = coalesce(b.chamber_code, s.chamber_code)
     ORDER BY coalesce(b.chamber_code, s.chamber_code) COLLATE "C"
$$;
COMMENT ON FUNCTION cop_alloc.simulate_compare(int, jsonb) IS
    'A what-if next to the base: per chamber, allocate(year) (base_*), simulate(year, overrides) and the difference (scenario - base) of the operating part, performance part, deductions, modulation (spec 5 bis) and total, with the change of the total in percent of the base (2 decimals). Writes nothing.';
