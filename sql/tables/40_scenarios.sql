-- ===================================================================
-- What-if: simulate and sensitivity.  Nothing is written; the exercise
-- is read once and each scenario is computed by the same core.
-- ===================================================================

CREATE TYPE cop_alloc.scenario AS (id text, overrides jsonb);
COMMENT ON TYPE cop_alloc.scenario IS
    'A what-if scenario for simulate_many(year, scenario[]): an id and its overrides (the jsonb of simulate(year, overrides)).';
