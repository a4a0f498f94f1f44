CREATE OR REPLACE FUNCTION cop_alloc.simulate(year int, overrides jsonb)
RETURNS TABLE (chamber_code text, operating numeric, performance_envelope numeric,
               deduction numeric, performance numeric, total numeric, modulation numeric)
AS 'MODULE_PATHNAME', 'cop_alloc_simulate'
LANGUAGE C STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION cop_alloc.simulate(int, jsonb) IS
    'allocate(year) with parameters overridden, writing nothing. Overrides: tax_product, quote_part, quote_part_min, operating_pct, minister_authorized, performance_decided, tolerance, missing_result, max_decrease_pct, max_increase_pct, axis_weights {"axis_no": weight}, chambers {"code": {assujettis, operating_weight, performance_weight, floor_amount, ceiling_amount, previous_operating, modulation_pct, modulation_motive}}, results {"chamber": {"indicator": realized}}, achievements {"chamber": {"axis_no": achievement}}. An unknown or ill-typed key is an error.';

CREATE OR REPLACE FUNCTION cop_alloc.simulate_many(year int, scenarios cop_alloc.scenario[])
RETURNS TABLE (scenario_id text, chamber_code text, operating numeric, performance_envelope numeric,
               deduction numeric, performance numeric, total numeric, modulation numeric)
AS 'MODULE_PATHNAME', 'cop_alloc_simulate_batch'
LANGUAGE C STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION cop_alloc.simulate_many(int, cop_alloc.scenario[]) IS
    'Many scenarios at once: the lines of simulate(year, overrides) for each scenario, tagged with its id, the exercise read once.';

CREATE OR REPLACE FUNCTION cop_alloc.sensitivity(year int)
RETURNS TABLE (chamber_code text, axis_no int, stake numeric, achievement numeric,
               lost numeric, gain_per_point numeric, kept numeric)
AS 'MODULE_PATHNAME', 'cop_alloc_sensitivity'
LANGUAGE C STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION cop_alloc.sensitivity(int) IS
    'Per chamber and axis: the euros at stake, the euros lost today (the deduction), the euros one more point of achievement (+0.01) would give back, and the euros kept.';
