-- ===================================================================
-- The engine (spec section 7): thin SQL declarations of C functions.
-- Each reads the exercise's tables once, as the calling user, with a
-- fixed search_path, and computes in the pure C core.
-- ===================================================================

CREATE OR REPLACE FUNCTION cop_alloc.allocate(year int)
RETURNS TABLE (chamber_code text, operating numeric, performance_envelope numeric,
               deduction numeric, performance numeric, total numeric, modulation numeric)
AS 'MODULE_PATHNAME', 'cop_alloc_allocate'
LANGUAGE C STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION cop_alloc.allocate(int) IS
    'The R312-2 distribution of an exercise: per recipient chamber (code order), its operating part, performance envelope, deduction, performance part (envelope - deduction - modulation) and total, and the modulation for non-respect withheld from its performance part (decree art. 17-1 I 2°), in euros with 2 decimals.';

CREATE OR REPLACE FUNCTION cop_alloc.axis_deductions(year int)
RETURNS TABLE (chamber_code text, axis_no int, stake numeric,
               achievement numeric, deduction numeric)
AS 'MODULE_PATHNAME', 'cop_alloc_axis_deductions'
LANGUAGE C STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION cop_alloc.axis_deductions(int) IS
    'Per recipient and per axis of the exercise: the stake, the consolidated achievement (6 decimals) and the deduction that goes to the national-projects reserve.';

CREATE OR REPLACE FUNCTION cop_alloc.summary(year int)
RETURNS TABLE (tax_product numeric, quote_part numeric, distributable numeric,
               operating_part numeric, performance_part numeric,
               allocated numeric, reserve numeric)
AS 'MODULE_PATHNAME', 'cop_alloc_summary'
LANGUAGE C STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION cop_alloc.summary(int) IS
    'The exercise in one row: P, Q, D = P - Q, operating part O, performance part Pf, allocated to chambers and national-projects reserve; P = Q + allocated + reserve to the cent.';

CREATE OR REPLACE FUNCTION cop_alloc.allocation_bounds(year int)
RETURNS TABLE (chamber_code text, operating_key numeric, performance_key numeric,
               lower_bound numeric, lower_source text,
               upper_bound numeric, upper_source text,
               binding text, operating numeric)
AS 'MODULE_PATHNAME', 'cop_alloc_allocation_bounds'
LANGUAGE C STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION cop_alloc.allocation_bounds(int) IS
    'How each operating part was equalised: the keys used, the lower and upper bounds and where they come from (floor, ceiling, tunnel), and which bound, if any, set the amount.';

CREATE OR REPLACE FUNCTION cop_alloc.apportion(total numeric, weights numeric[])
RETURNS numeric[]
AS 'MODULE_PATHNAME', 'cop_alloc_apportion'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION cop_alloc.apportion(numeric, numeric[]) IS
    'Largest-remainder split of total euros by non-negative weights; the parts add up to total exactly, ties to the lower index.';

CREATE OR REPLACE FUNCTION cop_alloc.apportion(total numeric, weights numeric[],
                                    lower numeric[], upper numeric[])
RETURNS numeric[]
AS 'MODULE_PATHNAME', 'cop_alloc_apportion_bounded'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION cop_alloc.apportion(numeric, numeric[], numeric[], numeric[]) IS
    'Bounded split: each part is clamp(lambda x weight, lower, upper) with the exact lambda that uses up total, then cents by largest remainder; a NULL bound, or an empty bounds array, means no bound.';

CREATE OR REPLACE FUNCTION cop_alloc.achievement(realized numeric, target numeric,
                                      direction cop_alloc.direction DEFAULT 'higher')
RETURNS numeric
AS 'MODULE_PATHNAME', 'cop_alloc_achievement'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION cop_alloc.achievement(numeric, numeric, cop_alloc.direction) IS
    'Achievement of one indicator with 6 decimals: min(1, realized/target) for higher, min(1, target/realized) for lower, rounded half up; NULL when the target is 0 (not applicable).';

-- axis_achievement(realized, target, direction, weight): an aggregate over
-- (consolidated) indicator rows, parallel-safe, for GROUP BY chamber, axis.
CREATE OR REPLACE FUNCTION cop_alloc.axis_achievement_transfn(internal, numeric, numeric,
                                                   cop_alloc.direction, numeric)
RETURNS internal
AS 'MODULE_PATHNAME', 'cop_alloc_axis_achievement_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION cop_alloc.axis_achievement_transfn(internal, numeric, numeric, cop_alloc.direction, numeric) IS
    'Transition function of axis_achievement.';

CREATE OR REPLACE FUNCTION cop_alloc.axis_achievement_combinefn(internal, internal)
RETURNS internal
AS 'MODULE_PATHNAME', 'cop_alloc_axis_achievement_combinefn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION cop_alloc.axis_achievement_combinefn(internal, internal) IS
    'Combine function of axis_achievement (parallel aggregation).';

CREATE OR REPLACE FUNCTION cop_alloc.axis_achievement_serialfn(internal)
RETURNS bytea
AS 'MODULE_PATHNAME', 'cop_alloc_axis_achievement_serialfn'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION cop_alloc.axis_achievement_serialfn(internal) IS
    'Serial function of axis_achievement (parallel aggregation).';

CREATE OR REPLACE FUNCTION cop_alloc.axis_achievement_deserialfn(bytea, internal)
RETURNS internal
AS 'MODULE_PATHNAME', 'cop_alloc_axis_achievement_deserialfn'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION cop_alloc.axis_achievement_deserialfn(bytea, internal) IS
    'Deserial function of axis_achievement (parallel aggregation).';

CREATE OR REPLACE FUNCTION cop_alloc.axis_achievement_finalfn(internal)
RETURNS numeric
AS 'MODULE_PATHNAME', 'cop_alloc_axis_achievement_finalfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION cop_alloc.axis_achievement_finalfn(internal) IS
    'Final function of axis_achievement.';

CREATE OR REPLACE AGGREGATE cop_alloc.axis_achievement(realized numeric, target numeric,
                                            direction cop_alloc.direction, weight numeric) (
    SFUNC = cop_alloc.axis_achievement_transfn,
    STYPE = internal,
    FINALFUNC = cop_alloc.axis_achievement_finalfn,
    COMBINEFUNC = cop_alloc.axis_achievement_combinefn,
    SERIALFUNC = cop_alloc.axis_achievement_serialfn,
    DESERIALFUNC = cop_alloc.axis_achievement_deserialfn,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE cop_alloc.axis_achievement(numeric, numeric, cop_alloc.direction, numeric) IS
    'Axis achievement with 6 decimals: rhu(sum weight x achievement / sum weight) over indicator rows whose target is > 0 and weight > 0; 1.000000 when there is none. A NULL realized with a positive target is an error. Tolerance is not applied.';
