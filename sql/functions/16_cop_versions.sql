-- ===================================================================
-- The catalogue of the COP in force for a results year (sql/tables/
-- 37_cop_versions.sql): each indicator's definition set by the latest
-- act applying to that year (latest applies_from, then latest act), else
-- its row of cop_alloc.indicator (the signed COP).  An indicator added by
-- an act is not in force before it; a withdrawn one is not in force from
-- its withdrawal on.  The engine, run_inputs and explain read it.
-- ===================================================================

CREATE OR REPLACE FUNCTION cop_alloc.catalogue_in_force(results_year int)
RETURNS TABLE (code text, axis_no int, direction cop_alloc.direction, weight numeric, impact boolean,
               national_target numeric, target_year int, act_id bigint)
LANGUAGE sql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    WITH latest AS (
        SELECT DISTINCT ON (v.code) v.*
          FROM cop_alloc.cop_indicator_version v
          JOIN cop_alloc.cop_act a ON a.act_id = v.act_id
         WHERE a.applies_from <= catalogue_in_force.results_year
         ORDER BY v.code, a.applies_from DESC, a.act_id DESC)
    SELECT i.code,
           coalesce(l.axis_no, i.axis_no),
           coalesce(l.direction, i.direction),
           coalesce(l.weight, i.weight),
           coalesce(l.impact, false),
           CASE WHEN l.national_target IS NOT NULL THEN l.national_target
                WHEN catalogue_in_force.results_year = 2023 THEN i.national_target_2023
                WHEN catalogue_in_force.results_year = 2027 THEN i.national_target_2027 END,
           CASE WHEN l.national_target IS NOT NULL THEN l.target_year
                WHEN catalogue_in_force.results_year = 2023 AND i.national_target_2023 IS NOT NULL THEN 2023
                WHEN catalogue_in_force.results_year = 2027 AND i.national_target_2027 IS NOT NULL THEN 2027 END,
           coalesce(l.act_id, 1)
      FROM cop_alloc.indicator i
      LEFT JOIN latest l ON l.code = i.code
     WHERE CASE WHEN l.code IS NOT NULL THEN l.change <> 'withdrawn'
                ELSE NOT EXISTS (SELECT FROM cop_alloc.cop_indicator_version w
                                  WHERE w.code = i.code AND w.change = 'added') END
$$;
COMMENT ON FUNCTION cop_alloc.catalogue_in_force(int) IS
    'The indicators in force for a results year, each with its definition (axis, direction, weight), whether it is an impact indicator, its national target for that year where an act or the COP gives one, and the act that set it (1: the signed COP, read from cop_alloc.indicator). An indicator added by an act is not in force before the act''s results year; a withdrawn one is not from then on.';
