-- bench/reference.sql -- the rule book (spec sections 3 to 6) written a
-- second time, in plain SQL and PL/pgSQL, in schema cop_ref: the
-- reference the C engine is checked against (test/reference.sql) and
-- timed against (bench/run.sh).
--
-- It reads the cop_alloc tables and gives, to the cent, what
-- cop_alloc.allocate, axis_deductions and summary give, with the same
-- columns.  Money is handled as integer cents in numeric, achievements as
-- integer millionths; every division that the spec rounds is an exact
-- integer division (div), never a rounded numeric quotient.  Set-based
-- where that is natural; a loop for the water-filling of the operating
-- part.  Load it with psql -f into a database that has cop_alloc; it does
-- not depend on the caller's search_path.

DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_namespace WHERE nspname = 'cop_ref') THEN
        CREATE SCHEMA cop_ref;
    END IF;
END $$;
COMMENT ON SCHEMA cop_ref IS
    'Plain SQL / PL/pgSQL reference implementation of the cop_alloc rule book, for tests and benchmarks.';

-- rhu(a / b) = floor(a / b + 1/2) for a >= 0, b > 0, exactly (spec section 2)
CREATE OR REPLACE FUNCTION cop_ref.rhu_div(a numeric, b numeric) RETURNS numeric
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN pg_catalog.div(2 * a + b, 2 * b);

-- ===================================================================
-- The exercise's parameters, validated (spec sections 1, 2 and 6).
-- Amounts in cents, rates as given; raises the engine's errors, in the
-- engine's order.
-- ===================================================================
CREATE OR REPLACE FUNCTION cop_ref.exercise_parameters(
    year int,
    OUT tax_product numeric, OUT quote_part numeric, OUT distributable numeric,
    OUT operating_part numeric, OUT performance_part numeric,
    OUT performance_decided boolean, OUT results_year int, OUT tolerance_ppm numeric,
    OUT missing_result text, OUT max_decrease_pct numeric, OUT max_increase_pct numeric)
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    e record;
    culprit record;
    n_axes int;
    axis_sum numeric;
BEGIN
    SELECT x.* INTO e FROM cop_alloc.exercise x WHERE x.year = exercise_parameters.year;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'exercise % does not exist', exercise_parameters.year
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Insert it into cop_alloc.exercise.';
    END IF;

    -- an associated chamber never receives an allocation (spec section 4)
    SELECT ec.chamber_code, c.parent_code INTO culprit
      FROM cop_alloc.exercise_chamber ec JOIN cop_alloc.chamber c ON c.code = ec.chamber_code
     WHERE ec.year = exercise_parameters.year AND c.parent_code IS NOT NULL
     ORDER BY ec.chamber_code COLLATE "C" LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'chamber "%" is associated to "%" and cannot receive an allocation',
                        culprit.chamber_code, culprit.parent_code
            USING ERRCODE = 'check_violation';
    END IF;

    IF e.quote_part > e.tax_product THEN
        RAISE EXCEPTION 'quote-part of exercise % exceeds its tax product', e.year
            USING ERRCODE = 'check_violation';
    END IF;
    IF e.quote_part < e.quote_part_min THEN
        RAISE EXCEPTION 'quote-part of exercise % is below its ministerial minimum', e.year
            USING ERRCODE = 'check_violation';
    END IF;
    IF e.operating_pct < 0 THEN
        RAISE EXCEPTION 'operating percentage of exercise % is negative', e.year
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF e.operating_pct > 0.75 THEN
        RAISE EXCEPTION 'operating percentage % exceeds the limit of 0.75', round(e.operating_pct, 6)
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF e.operating_pct > 0.5 AND NOT e.minister_authorized THEN
        RAISE EXCEPTION 'operating percentage % exceeds the legal limit of 0.50', round(e.operating_pct, 6)
            USING ERRCODE = 'invalid_parameter_value';
    END IF;

    IF NOT EXISTS (SELECT FROM cop_alloc.exercise_chamber ec WHERE ec.year = e.year) THEN
        RAISE EXCEPTION 'exercise % has no recipient chamber', e.year
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT count(*), sum(a.weight) INTO n_axes, axis_sum
      FROM cop_alloc.exercise_axis a WHERE a.year = e.year;
    IF n_axes = 0 THEN
        RAISE EXCEPTION 'exercise % has no axis', e.year
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF axis_sum <> 1 THEN
        RAISE EXCEPTION 'axis weights of exercise % add up to %, not 1', e.year, round(axis_sum, 6)
            USING ERRCODE = 'invalid_parameter_value';
    END IF;

    tax_product := round(e.tax_product * 100);
    quote_part := round(e.quote_part * 100);
    distributable := tax_product - quote_part;
    operating_part := round(distributable * e.operating_pct);     -- rhu(D f), D f exact
    performance_part := distributable - operating_part;
    performance_decided := e.performance_decided;
    results_year := coalesce(e.results_year, e.year - 1);
    tolerance_ppm := round(e.tolerance * 1000000);
    missing_result := e.missing_result::text;
    max_decrease_pct := e.max_decrease_pct;
    max_increase_pct := e.max_increase_pct;
END
$$;

-- ===================================================================
-- Operating part with equalisation (spec section 4): x_c =
-- clamp(lambda u_c, lo_c, hi_c) with sum x_c = O, then cents by largest
-- remainder, ties by code.
--
-- lambda is found by the violators method (Bitran and Hax): solve
-- sum x = O over the chambers still free, ignoring their bounds; if some
-- break a bound, fix at their bound the side that is broken by more (both
-- sides when equal), and solve again.  Each round fixes at least one
-- chamber.  lambda = N / S is kept as a fraction, so every comparison is
-- exact (N u_c < lo_c S ...).
-- ===================================================================
CREATE OR REPLACE FUNCTION cop_ref.operating_parts(year int, total numeric,
                                                   max_decrease_pct numeric, max_increase_pct numeric)
RETURNS TABLE (chamber_code text, operating numeric)
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp AS $$
#variable_conflict use_column
DECLARE
    codes text[];
    u numeric[];        -- operating keys
    lo numeric[];       -- lower bounds, cents
    hi numeric[];       -- upper bounds, cents, NULL = none
    st "char"[];        -- 'L' at its lower bound, 'U' at its upper bound, 'F' free
    n int;
    i int;
    sum_lo numeric;
    reachable numeric;
    n_keyed int;
    n_capped int;
    sum_hi numeric;     -- the sum of the ceilings, when every chamber has one
    s numeric;          -- sum of the free keys
    num numeric;        -- what the free chambers share: lambda = num / s
    below numeric;      -- how far, times s, the free chambers fall under their floors
    above numeric;      -- ... and rise over their ceilings
BEGIN
    -- the recipients in code order, with their key and bounds
    SELECT array_agg(ec.chamber_code ORDER BY ec.chamber_code COLLATE "C"),
           array_agg(coalesce(ec.operating_weight, ec.assujettis) ORDER BY ec.chamber_code COLLATE "C"),
           array_agg(greatest(round(coalesce(ec.floor_amount, 0) * 100),
                              round(ec.previous_operating * 100 * (1 - max_decrease_pct)))
                     ORDER BY ec.chamber_code COLLATE "C"),
           array_agg(least(round(ec.ceiling_amount * 100),
                           round(ec.previous_operating * 100 * (1 + max_increase_pct)))
                     ORDER BY ec.chamber_code COLLATE "C")
      INTO codes, u, lo, hi
      FROM cop_alloc.exercise_chamber ec
     WHERE ec.year = operating_parts.year;
    n := coalesce(array_length(codes, 1), 0);

    FOR i IN 1 .. n LOOP
        IF lo[i] > hi[i] THEN
            RAISE EXCEPTION 'lower bound of chamber "%" exceeds its upper bound in exercise %', codes[i], year
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
    END LOOP;

    SELECT sum(l), sum(CASE WHEN k > 0 THEN h ELSE l END),
           count(*) FILTER (WHERE k > 0), count(h), sum(h)
      INTO sum_lo, reachable, n_keyed, n_capped, sum_hi
      FROM unnest(u, lo, hi) AS b(k, l, h);
    -- reachable: the most the chambers can take (NULL: no limit)
    IF EXISTS (SELECT FROM unnest(u, hi) AS b(k, h) WHERE k > 0 AND h IS NULL) THEN
        reachable := NULL;
    END IF;
    IF sum_lo > total THEN
        RAISE EXCEPTION 'lower bounds of exercise % exceed its operating part', year
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF reachable < total THEN
        IF n_keyed = 0 THEN
            RAISE EXCEPTION 'every operating key of exercise % is zero', year
                USING ERRCODE = 'invalid_parameter_value';
        ELSIF n_capped = n AND sum_hi < total THEN
            RAISE EXCEPTION 'upper bounds of exercise % fall short of its operating part', year
                USING ERRCODE = 'invalid_parameter_value';
        ELSE
            RAISE EXCEPTION 'operating part of exercise % cannot be fully distributed', year
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
    END IF;

    -- a chamber with a zero key keeps its lower bound; the others start free
    st := ARRAY(SELECT CASE WHEN k > 0 THEN 'F' ELSE 'L' END::"char" FROM unnest(u) AS k);
    LOOP
        SELECT coalesce(sum(k) FILTER (WHERE z = 'F'), 0),
               total - coalesce(sum(l) FILTER (WHERE z = 'L'), 0)
                     - coalesce(sum(h) FILTER (WHERE z = 'U'), 0)
          INTO s, num
          FROM unnest(u, lo, hi, st) AS b(k, l, h, z);
        EXIT WHEN s = 0;
        SELECT coalesce(sum(l * s - num * k) FILTER (WHERE num * k < l * s), 0),
               coalesce(sum(num * k - h * s) FILTER (WHERE num * k > h * s), 0)
          INTO below, above
          FROM unnest(u, lo, hi, st) AS b(k, l, h, z)
         WHERE z = 'F';
        EXIT WHEN below = 0 AND above = 0;
        st := ARRAY(SELECT CASE
                             WHEN z = 'F' AND below >= above AND num * k < l * s THEN 'L'
                             WHEN z = 'F' AND above >= below AND num * k > h * s THEN 'U'
                             ELSE z END::"char"
                      FROM unnest(u, lo, hi, st) WITH ORDINALITY AS b(k, l, h, z, o)
                     ORDER BY o);
    END LOOP;
    IF s = 0 AND num <> 0 THEN
        RAISE EXCEPTION 'cop_ref: the operating part of exercise % was not used up', year
            USING ERRCODE = 'internal_error';
    END IF;

    -- cents: floor(x_c) each, the cents left by largest fractional part, ties by code
    RETURN QUERY
    SELECT q.code, q.base + CASE WHEN q.rank <= q.leftover THEN 1 ELSE 0 END
      FROM (SELECT p.code, p.o, p.base,
                   row_number() OVER (ORDER BY p.rem DESC, p.o) AS rank,
                   total - sum(p.base) OVER () AS leftover
              FROM (SELECT b.code, b.o,
                           CASE b.z WHEN 'L' THEN b.l WHEN 'U' THEN b.h ELSE div(num * b.k, s) END AS base,
                           CASE b.z WHEN 'F' THEN mod(num * b.k, s) ELSE 0 END AS rem
                      FROM unnest(codes, u, lo, hi, st) WITH ORDINALITY AS b(code, k, l, h, z, o)) p) q
     ORDER BY q.o;
END
$$;

-- raised from inside the achievement query when a result is missing
-- under policy error: names the first culprit in code order
CREATE OR REPLACE FUNCTION cop_ref.missing_result(year int, results_year int) RETURNS numeric
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    culprit record;
BEGIN
    SELECT t.chamber_code, t.indicator_code INTO culprit
      FROM cop_alloc.com_target t
      JOIN cop_alloc.chamber c ON c.code = t.chamber_code
      JOIN cop_alloc.exercise_chamber ec ON ec.year = missing_result.year
                                        AND ec.chamber_code = coalesce(c.parent_code, c.code)
      JOIN cop_alloc.indicator i ON i.code = t.indicator_code AND i.weight > 0
      JOIN cop_alloc.exercise_axis a ON a.year = missing_result.year AND a.axis_no = i.axis_no AND a.weight > 0
      LEFT JOIN cop_alloc.indicator_result r
             ON r.year = t.year AND r.chamber_code = t.chamber_code AND r.indicator_code = t.indicator_code
     WHERE t.year = missing_result.results_year AND t.target > 0 AND r.realized IS NULL
     ORDER BY t.chamber_code COLLATE "C", t.indicator_code COLLATE "C"
     LIMIT 1;
    RAISE EXCEPTION 'missing result for chamber "%", indicator "%" in %',
                    culprit.chamber_code, culprit.indicator_code, results_year
        USING ERRCODE = 'invalid_parameter_value';
END
$$;

-- ===================================================================
-- The whole exercise, one row per recipient and axis: its operating
-- part and envelope (repeated on each of its axes), the axis's stake,
-- achievement (ppm) and deduction.  Cents and millionths.
-- ===================================================================
CREATE OR REPLACE FUNCTION cop_ref.compute(year int)
RETURNS TABLE (chamber_code text, axis_no int, operating numeric, envelope numeric,
               stake numeric, achievement numeric, deduction numeric)
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp AS $$
#variable_conflict use_column
DECLARE
    e record;
    op_codes text[];
    op_cents numeric[];
    pf numeric;
BEGIN
    SELECT * INTO e FROM cop_ref.exercise_parameters(year);

    -- 1. the operating part (section 4)
    SELECT array_agg(o.chamber_code), array_agg(o.operating) INTO op_codes, op_cents
      FROM cop_ref.operating_parts(year, e.operating_part, e.max_decrease_pct, e.max_increase_pct) o;

    -- 2. the performance part is split only when the AG decided it (R312-2)
    pf := CASE WHEN e.performance_decided THEN e.performance_part ELSE 0 END;
    IF pf > 0 AND NOT EXISTS (
           SELECT FROM cop_alloc.exercise_chamber ec
            WHERE ec.year = compute.year
              AND coalesce(ec.performance_weight, ec.operating_weight, ec.assujettis) > 0) THEN
        RAISE EXCEPTION 'every performance key of exercise % is zero', year
            USING ERRCODE = 'invalid_parameter_value';
    END IF;

    RETURN QUERY
    WITH recipient AS (
        SELECT ec.chamber_code AS code,
               coalesce(ec.performance_weight, ec.operating_weight, ec.assujettis) AS p_key
          FROM cop_alloc.exercise_chamber ec
         WHERE ec.year = compute.year),
    operating AS (
        SELECT o.code, o.cents FROM unnest(op_codes, op_cents) AS o(code, cents)),
    -- envelopes e_c = apportion(Pf, p) (sections 3, 5)
    envelope_quota AS (
        SELECT r.code,
               CASE WHEN pf = 0 THEN 0 ELSE div(pf * r.p_key, t.sum_p) END AS base,
               CASE WHEN pf = 0 THEN 0 ELSE mod(pf * r.p_key, t.sum_p) END AS rem
          FROM recipient r CROSS JOIN (SELECT sum(p_key) AS sum_p FROM recipient) t),
    envelope AS (
        SELECT q.code, q.base + CASE WHEN q.rank <= q.leftover THEN 1 ELSE 0 END AS cents
          FROM (SELECT eq.code, eq.base,
                       row_number() OVER (ORDER BY eq.rem DESC, eq.code COLLATE "C") AS rank,
                       pf - sum(eq.base) OVER () AS leftover
                  FROM envelope_quota eq) q),
    axis AS (
        SELECT a.axis_no, a.weight FROM cop_alloc.exercise_axis a WHERE a.year = compute.year),
    -- stakes s_{c,a} = apportion(e_c, w), ties by axis number (the weights add up to 1)
    stake_quota AS (
        SELECT v.code, a.axis_no, v.cents AS envelope,
               floor(v.cents * a.weight) AS base,
               v.cents * a.weight - floor(v.cents * a.weight) AS rem
          FROM envelope v CROSS JOIN axis a),
    stake AS (
        SELECT q.code, q.axis_no, q.base + CASE WHEN q.rank <= q.leftover THEN 1 ELSE 0 END AS cents
          FROM (SELECT sq.code, sq.axis_no, sq.base,
                       row_number() OVER (PARTITION BY sq.code ORDER BY sq.rem DESC, sq.axis_no) AS rank,
                       sq.envelope - sum(sq.base) OVER (PARTITION BY sq.code) AS leftover
                  FROM stake_quota sq) q),
    -- the members of a recipient: itself and its associated chambers
    member AS (
        SELECT c.code AS member, coalesce(c.parent_code, c.code) AS recipient
          FROM cop_alloc.chamber c
          JOIN recipient r ON r.code = coalesce(c.parent_code, c.code)),
    -- the indicators that count: weight > 0, on an axis the exercise weighs
    measured AS (
        SELECT i.code, i.axis_no, i.direction, i.weight
          FROM cop_alloc.indicator i JOIN axis a ON a.axis_no = i.axis_no
         WHERE i.weight > 0 AND a.weight > 0),
    -- T_k and V_k on consolidated data, after the missing-result policy
    consolidated AS (
        SELECT m.recipient, k.axis_no, k.direction, k.weight,
               sum(t.target) AS t_sum,
               sum(CASE WHEN r.realized IS NOT NULL THEN r.realized
                        WHEN t.target = 0 OR e.missing_result = 'zero' THEN 0
                        ELSE cop_ref.missing_result(compute.year, e.results_year) END) AS v_sum
          FROM cop_alloc.com_target t
          LEFT JOIN cop_alloc.indicator_result r
                 ON r.year = e.results_year AND r.chamber_code = t.chamber_code
                AND r.indicator_code = t.indicator_code
          JOIN member m ON m.member = t.chamber_code
          JOIN measured k ON k.code = t.indicator_code
         WHERE t.year = e.results_year
           AND NOT (e.missing_result = 'exclude' AND t.target > 0 AND r.realized IS NULL)
         GROUP BY m.recipient, k.code, k.axis_no, k.direction, k.weight),
    -- indicator achievement, ppm; target 0: not applicable
    indicator_achievement AS (
        SELECT x.recipient, x.axis_no, x.weight,
               CASE WHEN x.direction = 'higher' THEN
                        CASE WHEN x.v_sum >= x.t_sum THEN 1000000
                             ELSE cop_ref.rhu_div(1000000 * x.v_sum, x.t_sum) END
                    ELSE
                        CASE WHEN x.v_sum <= x.t_sum THEN 1000000
                             ELSE cop_ref.rhu_div(1000000 * x.t_sum, x.v_sum) END
               END AS ppm
          FROM consolidated x
         WHERE x.t_sum > 0),
    axis_achievement AS (
        SELECT ia.recipient, ia.axis_no, cop_ref.rhu_div(sum(ia.weight * ia.ppm), sum(ia.weight)) AS ppm
          FROM indicator_achievement ia
         GROUP BY ia.recipient, ia.axis_no),
    -- no applicable indicator: 1; within the tolerance of 1: 1
    line AS (
        SELECT s.code, s.axis_no, s.cents AS stake,
               CASE WHEN coalesce(aa.ppm, 1000000) >= 1000000 - e.tolerance_ppm THEN 1000000
                    ELSE aa.ppm END AS ppm
          FROM stake s
          LEFT JOIN axis_achievement aa ON aa.recipient = s.code AND aa.axis_no = s.axis_no)
    SELECT l.code, l.axis_no, o.cents, v.cents, l.stake, l.ppm,
           cop_ref.rhu_div(l.stake * (1000000 - l.ppm), 1000000)
      FROM line l
      JOIN operating o ON o.code = l.code
      JOIN envelope v ON v.code = l.code
     ORDER BY l.code COLLATE "C", l.axis_no;
END
$$;

-- ===================================================================
-- The SQL contract (spec section 7), in euros and ratios
-- ===================================================================
CREATE OR REPLACE FUNCTION cop_ref.axis_deductions(year int)
RETURNS TABLE (chamber_code text, axis_no int, stake numeric, achievement numeric, deduction numeric)
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp AS $$
    SELECT x.chamber_code, x.axis_no, x.stake * 0.01, x.achievement * 0.000001, x.deduction * 0.01
      FROM cop_ref.compute(year) x
     ORDER BY x.chamber_code COLLATE "C", x.axis_no
$$;

-- the modulation for non-respect (spec section 5 bis): rhu((e_c - sum d)
-- x modulation_pct), 0 when the rate is NULL or the part was not decided
CREATE OR REPLACE FUNCTION cop_ref.allocate(year int)
RETURNS TABLE (chamber_code text, operating numeric, performance_envelope numeric,
               deduction numeric, performance numeric, total numeric, modulation numeric)
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp AS $$
    SELECT y.code, y.operating * 0.01, y.envelope * 0.01, y.deduction * 0.01,
           (y.envelope - y.deduction - y.modulation) * 0.01,
           (y.operating + y.envelope - y.deduction - y.modulation) * 0.01,
           y.modulation * 0.01
      FROM (SELECT x.chamber_code AS code, x.operating, x.envelope, sum(x.deduction) AS deduction,
                   CASE WHEN ec.modulation_pct IS NOT NULL
                             AND (SELECT e.performance_decided FROM cop_alloc.exercise e WHERE e.year = allocate.year)
                        THEN cop_ref.rhu_div((x.envelope - sum(x.deduction)) * ec.modulation_pct * 1000000,
                                             1000000)
                        ELSE 0 END AS modulation
              FROM cop_ref.compute(year) x
              LEFT JOIN cop_alloc.exercise_chamber ec ON ec.year = allocate.year AND ec.chamber_code = x.chamber_code
             GROUP BY x.chamber_code, x.operating, x.envelope, ec.modulation_pct) y
     ORDER BY y.code COLLATE "C"
$$;

CREATE OR REPLACE FUNCTION cop_ref.summary(year int)
RETURNS TABLE (tax_product numeric, quote_part numeric, distributable numeric,
               operating_part numeric, performance_part numeric,
               allocated numeric, reserve numeric)
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    e record;
    allocated_cents numeric;
    deducted_cents numeric;
    reserve_cents numeric;
BEGIN
    SELECT * INTO e FROM cop_ref.exercise_parameters(year);
    SELECT sum(a.total) * 100, sum(a.deduction + a.modulation) * 100 INTO allocated_cents, deducted_cents
      FROM cop_ref.allocate(year) a;
    -- every deducted or modulated cent, and Pf when the AG did not decide it,
    -- goes to the reserve
    reserve_cents := deducted_cents + CASE WHEN e.performance_decided THEN 0 ELSE e.performance_part END;
    IF e.quote_part + allocated_cents + reserve_cents <> e.tax_product THEN
        RAISE EXCEPTION 'cop_ref: P <> Q + allocated + reserve in exercise %', year
            USING ERRCODE = 'internal_error';
    END IF;
    RETURN QUERY SELECT e.tax_product * 0.01, e.quote_part * 0.01, e.distributable * 0.01,
                        e.operating_part * 0.01, e.performance_part * 0.01,
                        round(allocated_cents) * 0.01, round(reserve_cents) * 0.01;
END
$$;
