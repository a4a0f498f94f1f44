-- The plain-SQL reference of bench/reference.sql (schema cop_ref) against
-- the spec's worked example, then against the C engine on random
-- exercises (fixed seed): every line of allocate, axis_deductions and
-- summary identical to the cent and to the scale, or the same error.
-- Floors, ceilings, tunnels (previous_operating, also carried forward
-- from last year's publication), associated chambers, missing results under each policy,
-- tolerance, ties, lower-is-better indicators, zero targets.
BEGIN;
SET search_path = public;
SET client_min_messages = error;
\i bench/reference.sql
SELECT plan(33);

-- the same SQL contract
SELECT is(pg_get_function_result('cop_ref.allocate(int)'::regprocedure),
          pg_get_function_result('cop_alloc.allocate(int)'::regprocedure), 'allocate: same columns and types');
SELECT is(pg_get_function_result('cop_ref.axis_deductions(int)'::regprocedure),
          pg_get_function_result('cop_alloc.axis_deductions(int)'::regprocedure), 'axis_deductions: same columns and types');
SELECT is(pg_get_function_result('cop_ref.summary(int)'::regprocedure),
          pg_get_function_result('cop_alloc.summary(int)'::regprocedure), 'summary: same columns and types');

-- ===================================================================
-- The worked example (spec section 8)
-- ===================================================================
\i test/fixtures/example.sql

SELECT results_eq('SELECT * FROM cop_ref.allocate(2025)',
    $$VALUES ('NORD'::text, 343333.33, 189000.00, 11339.99, 177660.01, 520993.34, 0.00),
             ('OUEST', 171666.67, 94500.00, 0.00, 94500.00, 266166.67, 0.00),
             ('OUTREMER', 70000.00, 31500.00, 6291.25, 25208.75, 95208.75, 0.00)$$,
    'worked example: the spec''s distribution');
SELECT results_eq('SELECT * FROM cop_ref.summary(2025)',
    $$VALUES (1000000.00, 100000.00, 900000.00, 585000.00, 315000.00, 882368.76, 17631.24)$$,
    'worked example: allocated 882 368.76, reserve 17 631.24');
SELECT results_eq('SELECT * FROM cop_ref.axis_deductions(2025) WHERE deduction > 0',
    $$VALUES ('NORD'::text, 1, 37800.00, 0.925000, 2835.00), ('NORD', 2, 37800.00, 0.900000, 3780.00),
             ('NORD', 3, 47250.00, 0.966667, 1574.98), ('NORD', 4, 18900.00, 0.833333, 3150.01),
             ('OUTREMER', 1, 6300.00, 0.550000, 2835.00), ('OUTREMER', 3, 7875.00, 0.561111, 3456.25)$$,
    'worked example: the deducted axes, NORD consolidated with NORD-ASSOC, lower-is-better I4');
SELECT results_eq($$SELECT DISTINCT achievement FROM cop_ref.axis_deductions(2025) WHERE axis_no IN (5, 6) OR chamber_code = 'OUEST'$$,
    $$VALUES (1.000000)$$, 'worked example: no indicator, or a target 0 only, is 100 %');
SELECT results_eq($$SELECT DISTINCT scale(operating), scale(total), scale(deduction) FROM cop_ref.allocate(2025)$$,
    $$VALUES (2, 2, 2)$$, 'amounts carry exactly 2 decimals');
SELECT results_eq($$SELECT DISTINCT scale(achievement), scale(stake) FROM cop_ref.axis_deductions(2025)$$,
    $$VALUES (6, 2)$$, 'achievements carry exactly 6 decimals');
SELECT results_eq('SELECT * FROM cop_ref.allocate(2025)', 'SELECT * FROM cop_alloc.allocate(2025)',
    'worked example: the reference equals the engine, line by line');

-- the tunnel's base carried forward from last year's publication
\i test/fixtures/example_2024.sql
DO $$ BEGIN
    PERFORM cop_alloc.publish(cop_alloc.run(2024), force_reason => 'reference test');
    PERFORM cop_alloc.carry_forward(2025);
END $$;
SELECT results_eq('SELECT chamber_code, operating FROM cop_ref.allocate(2025)',
    $$VALUES ('NORD'::text, 299316.88), ('OUEST', 199995.24), ('OUTREMER', 85687.88)$$,
    'the published 2024 operating parts, carried forward, are the tunnel of 2025');
SELECT results_eq('SELECT * FROM cop_ref.axis_deductions(2025)', 'SELECT * FROM cop_alloc.axis_deductions(2025)',
    'and the reference equals the engine there');

-- byte order of codes on a tie: 'ZZ' < 'a1'
INSERT INTO cop_alloc.exercise (year, tax_product, quote_part, operating_pct) VALUES (2990, 0.03, 0, 0.5);
INSERT INTO cop_alloc.exercise_axis SELECT 2990, axis_no, cop_weight FROM cop_alloc.axis WHERE from_cop;
INSERT INTO cop_alloc.chamber VALUES ('ZZ', 'Z'), ('a1', 'A');
INSERT INTO cop_alloc.exercise_chamber (year, chamber_code, assujettis) VALUES (2990, 'a1', 5), (2990, 'ZZ', 5);
SELECT results_eq('SELECT chamber_code, operating, performance_envelope FROM cop_ref.allocate(2990)',
    $$VALUES ('ZZ'::text, 0.01, 0.01), ('a1', 0.01, 0.00)$$, 'the odd cent goes to the smaller code in bytes');

-- ===================================================================
-- Random exercises: the reference against the engine
-- ===================================================================
CREATE TEMP TABLE outcome (year int, what text, engine text, reference text);
CREATE TEMP TABLE coverage (year int, what text);

-- regional chambers R01..R10 and r11 (lower case sorts after upper case in
-- bytes), associated chambers A01, A02 (to R01), A05 (to R05), a10 (to R10)
INSERT INTO cop_alloc.chamber (code, name)
SELECT 'R' || lpad(g::text, 2, '0'), 'Regional ' || g FROM generate_series(1, 10) g;
INSERT INTO cop_alloc.chamber (code, name) VALUES ('r11', 'Regional 11');
INSERT INTO cop_alloc.chamber (code, name, parent_code) VALUES
    ('A01', 'Associated 1', 'R01'), ('A02', 'Associated 2', 'R01'),
    ('A05', 'Associated 5', 'R05'), ('a10', 'Associated 10', 'R10');
-- indicators Q1..Q9 on the six axes; Q3, Q8 fewer-is-better; Q7 weight 0
INSERT INTO cop_alloc.indicator (code, axis_no, direction, weight) VALUES
    ('Q1', 1, 'higher', 1), ('Q2', 1, 'higher', 2.5), ('Q3', 2, 'lower', 1),
    ('Q4', 3, 'higher', 1), ('Q5', 3, 'higher', 0.333333), ('Q6', 4, 'higher', 3),
    ('Q7', 5, 'higher', 0), ('Q8', 5, 'lower', 2), ('Q9', 6, 'higher', 1);

CREATE FUNCTION pg_temp.make_exercise(y int) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    regional text[] := ARRAY(SELECT code FROM cop_alloc.chamber WHERE parent_code IS NULL
                                AND code ~ '^[Rr][0-9]+$' ORDER BY random());
    n int := 2 + floor(random() * 8)::int;
    ry int := CASE WHEN random() < 0.15 THEN y - 400 END;     -- else y - 1
    p numeric := CASE WHEN random() < 0.1 THEN round((random() * 2)::numeric, 2)
                      ELSE round((random() * 1e8)::numeric, 2) END;
    f numeric := CASE WHEN random() < 0.1 THEN 0.5 ELSE round((random() * 0.75)::numeric, (2 + random() * 4)::int) END;
    q numeric := round(p * (random() * 0.2)::numeric, 2);
    equal_keys boolean := random() < 0.2;
    missing numeric := CASE WHEN random() < 0.5 THEN 0 ELSE 0.06 END;
    bounds numeric := random();
    share numeric;
    lo numeric;
    hi numeric;
    c text;
    k text;
BEGIN
    INSERT INTO cop_alloc.exercise (year, tax_product, quote_part, quote_part_min, operating_pct,
                                    minister_authorized, performance_decided, results_year, tolerance,
                                    missing_result, max_decrease_pct, max_increase_pct)
    VALUES (y, p, q, CASE WHEN random() < 0.2 THEN 0 END, f, f > 0.5,
            random() >= 0.1, ry,
            CASE WHEN random() < 0.3 THEN round((random() * 0.1)::numeric, 4) ELSE 0 END,
            (ARRAY['error', 'zero', 'exclude'])[1 + floor(random() * 3)::int]::cop_alloc.missing_policy,
            CASE WHEN random() < 0.35 THEN round((random() * 0.3)::numeric, 3) END,
            CASE WHEN random() < 0.35 THEN round((random() * 0.3)::numeric, 3) END);
    ry := coalesce(ry, y - 1);
    IF random() < 0.7 THEN          -- the COP's weights
        INSERT INTO cop_alloc.exercise_axis SELECT y, axis_no, cop_weight FROM cop_alloc.axis WHERE from_cop;
    ELSE                            -- three axes, one of them weighing nothing at times
        INSERT INTO cop_alloc.exercise_axis VALUES (y, 1, 0.5), (y, 3, 0.333333), (y, 5, 0.166667);
        IF random() < 0.5 THEN
            UPDATE cop_alloc.exercise_axis SET weight = CASE axis_no WHEN 1 THEN 0.666667 WHEN 3 THEN 0.333333 ELSE 0 END
             WHERE year = y;
        END IF;
    END IF;

    share := (p - q) * f / n;      -- about what the key gives
    FOREACH c IN ARRAY regional[1:n] LOOP
        lo := CASE WHEN random() < bounds * 0.5 THEN round(share * (0.3 + 0.9 * random())::numeric, 2) END;
        hi := CASE WHEN random() < bounds * 0.5 THEN round(share * (0.9 + random())::numeric, 2) END;
        -- a modulation (spec 5 bis) for one chamber in four, drawn from a
        -- hash so that the random() sequence is what it was without it
        INSERT INTO cop_alloc.exercise_chamber (year, chamber_code, assujettis, operating_weight,
                                                performance_weight, floor_amount, ceiling_amount,
                                                previous_operating, modulation_pct, modulation_motive)
        VALUES (y, c,
                CASE WHEN equal_keys THEN 1000 ELSE (random() * 100000)::int END,
                CASE WHEN NOT equal_keys AND random() < 0.05 THEN 0
                     WHEN NOT equal_keys AND random() < 0.15 THEN round((random() * 50)::numeric, 6) END,
                CASE WHEN random() < 0.15 THEN round((random() * 3)::numeric, (random() * 3)::int) END,
                CASE WHEN lo > hi THEN hi ELSE lo END, hi,
                CASE WHEN random() < 0.6 THEN round(share * (0.5 + random())::numeric, 2) END,
                CASE WHEN abs(hashtext(c || y)) % 4 = 0
                     THEN (abs(hashtext(y || c)) % 1000001) / 1000000.0 END,
                'non-respect of the COM');
    END LOOP;

    -- targets and results of the members (the regional chambers of the
    -- exercise, their associated chambers, and some other chambers too)
    FOR c IN SELECT code FROM cop_alloc.chamber WHERE code ~ '^[RrAa][0-9]+$' LOOP
        FOR k IN SELECT code FROM cop_alloc.indicator WHERE code ~ '^Q[0-9]$' LOOP
            CONTINUE WHEN random() < 0.15;
            INSERT INTO cop_alloc.com_target VALUES (ry, c, k,
                CASE WHEN random() < 0.1 THEN 0
                     WHEN random() < 0.2 THEN round((random() * 100)::numeric, 3)
                     ELSE (random() * 1000)::int END);
            CONTINUE WHEN random() < missing;      -- no result row
            INSERT INTO cop_alloc.indicator_result VALUES (ry, c, k,
                CASE WHEN random() < missing / 2 THEN NULL
                     WHEN random() < 0.2 THEN round((random() * 120)::numeric, 2)
                     ELSE (random() * 1200)::int END);
        END LOOP;
    END LOOP;
    -- a result without a target counts for nothing
    INSERT INTO cop_alloc.indicator_result VALUES (ry, 'R01', 'Q7', 5) ON CONFLICT DO NOTHING;
END $$;

-- a function's lines as one text, in its order, or its error
CREATE FUNCTION pg_temp.lines(fn text, y int) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    result text;
    state text;
    message text;
BEGIN
    EXECUTE format('SELECT string_agg(x::text, '' '') FROM ROWS FROM (%s(%s)) WITH ORDINALITY x', fn, y) INTO result;
    RETURN result;
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE, message = MESSAGE_TEXT;
    RETURN 'ERROR ' || state || ': ' || message;
END $$;

SELECT setseed(0.2718);
DO $$
DECLARE
    y int;
    fn text;
BEGIN
    FOR y IN 2401 .. 2640 LOOP
        PERFORM pg_temp.make_exercise(y);
        FOREACH fn IN ARRAY ARRAY['allocate', 'axis_deductions', 'summary'] LOOP
            INSERT INTO outcome VALUES (y, fn, pg_temp.lines('cop_alloc.' || fn, y), pg_temp.lines('cop_ref.' || fn, y));
        END LOOP;
    END LOOP;
END $$;

-- and exercises made to be refused, one per kind of error
INSERT INTO cop_alloc.exercise (year, tax_product, quote_part, operating_pct, performance_decided)
SELECT y, 1000.00, 100.00, 0.5, y <> 2705 FROM generate_series(2701, 2709) y;
INSERT INTO cop_alloc.exercise_axis SELECT y, axis_no, cop_weight FROM cop_alloc.axis, generate_series(2701, 2709) y
 WHERE from_cop AND y NOT IN (2707, 2708);
INSERT INTO cop_alloc.exercise_axis VALUES (2708, 1, 0.5), (2708, 2, 0.4);
INSERT INTO cop_alloc.exercise_chamber (year, chamber_code, assujettis, operating_weight, performance_weight,
                                        floor_amount, ceiling_amount) VALUES
    (2701, 'R01', 10, NULL, NULL, 300.00, NULL), (2701, 'R02', 10, NULL, NULL, 200.00, NULL),   -- floors above O = 450
    (2702, 'R01', 10, NULL, NULL, NULL, 100.00), (2702, 'R02', 10, NULL, NULL, NULL, 300.00),   -- ceilings short of O
    (2703, 'R01', 10, NULL, NULL, NULL, 100.00), (2703, 'R02', 10, 0, NULL, NULL, NULL),        -- the uncapped one has key 0
    (2704, 'R01', 10, 0, NULL, NULL, NULL), (2704, 'R02', 10, 0, NULL, NULL, NULL),             -- every operating key 0
    (2705, 'R01', 10, NULL, 0, NULL, NULL), (2705, 'R02', 10, NULL, 0, NULL, NULL),             -- Pf undecided: fine
    (2706, 'R01', 10, NULL, 0, NULL, NULL), (2706, 'R02', 10, NULL, 0, NULL, NULL),             -- every performance key 0
    (2707, 'R01', 10, NULL, NULL, NULL, NULL),                                                  -- no axis
    (2708, 'R01', 10, NULL, NULL, NULL, NULL);                                                  -- weights add up to 0.9
    -- 2709: no recipient; 2710: no exercise
DO $$
DECLARE
    y int;
    fn text;
BEGIN
    FOR y IN 2701 .. 2710 LOOP
        FOREACH fn IN ARRAY ARRAY['allocate', 'axis_deductions', 'summary'] LOOP
            INSERT INTO outcome VALUES (y, fn, pg_temp.lines('cop_alloc.' || fn, y), pg_temp.lines('cop_ref.' || fn, y));
        END LOOP;
    END LOOP;
END $$;

-- one larger exercise: 600 regional chambers, 60 of them with an
-- associated chamber, so that the loader handles many batches of rows;
-- results inserted in random order, targets in chamber-major order
INSERT INTO cop_alloc.chamber (code, name)
SELECT 'L' || lpad(g::text, 4, '0'), 'Large ' || g FROM generate_series(1, 600) g;
INSERT INTO cop_alloc.chamber (code, name, parent_code)
SELECT 'L' || lpad(g::text, 4, '0') || '-A', 'Large associated ' || g, 'L' || lpad(g::text, 4, '0')
  FROM generate_series(10, 600, 10) g;
INSERT INTO cop_alloc.exercise (year, tax_product, quote_part, operating_pct, minister_authorized, tolerance, missing_result)
VALUES (2801, 123456789.01, 12345678.90, 0.6125, true, 0.01, 'zero');
INSERT INTO cop_alloc.exercise_axis SELECT 2801, axis_no, cop_weight FROM cop_alloc.axis WHERE from_cop;
INSERT INTO cop_alloc.exercise_chamber (year, chamber_code, assujettis)
SELECT 2801, code, 1000 + (random() * 50000)::int FROM cop_alloc.chamber WHERE code ~ '^L[0-9]+$';
INSERT INTO cop_alloc.com_target
SELECT 2800, c.code, i.code, 1 + (random() * 1000)::int
  FROM cop_alloc.chamber c, cop_alloc.indicator i
 WHERE c.code LIKE 'L%' AND i.code ~ '^Q[0-9]$' ORDER BY c.code, i.code;
INSERT INTO cop_alloc.indicator_result
SELECT year, chamber_code, indicator_code, CASE WHEN random() < 0.01 THEN NULL ELSE round(target * (0.6 + random() * 0.6)::numeric, 2) END
  FROM cop_alloc.com_target WHERE year = 2800 AND random() > 0.01 ORDER BY random();
-- fresh statistics, or the planner takes the reference's joins for tiny ones
ANALYZE cop_alloc.chamber, cop_alloc.exercise_chamber, cop_alloc.com_target, cop_alloc.indicator_result;
SELECT cmp_ok((SELECT count(*)::int FROM cop_alloc.com_target WHERE year = 2800), '>', 5000,
              'the larger exercise has more than 5 000 target rows');
SELECT results_eq('SELECT * FROM cop_alloc.allocate(2801)', 'SELECT * FROM cop_ref.allocate(2801)',
                  'the larger exercise: allocate identical, line by line');
SELECT results_eq('SELECT * FROM cop_alloc.axis_deductions(2801)', 'SELECT * FROM cop_ref.axis_deductions(2801)',
                  'the larger exercise: axis_deductions identical');
SELECT results_eq('SELECT * FROM cop_alloc.summary(2801)', 'SELECT * FROM cop_ref.summary(2801)',
                  'the larger exercise: summary identical');

-- what the exercises exercised
INSERT INTO coverage
SELECT year, 'computed' FROM outcome WHERE what = 'summary' AND engine NOT LIKE 'ERROR%'
UNION ALL
SELECT year, 'refused: ' || left(engine, 12) || regexp_replace(substr(engine, 13), '[0-9.]+|"[^"]*"', '#', 'g')
  FROM outcome WHERE what = 'summary' AND engine LIKE 'ERROR%';
INSERT INTO coverage
SELECT DISTINCT o.year, 'binding ' || b.binding || ' (' || CASE b.binding WHEN 'lower' THEN b.lower_source ELSE b.upper_source END || ')'
  FROM coverage o, cop_alloc.allocation_bounds(o.year) b
 WHERE o.what = 'computed' AND b.binding <> 'none';
INSERT INTO coverage
SELECT DISTINCT o.year, 'missing result under ' || e.missing_result
  FROM coverage o JOIN cop_alloc.exercise e USING (year)
  JOIN cop_alloc.exercise_chamber ec ON ec.year = e.year
  JOIN cop_alloc.chamber c ON coalesce(c.parent_code, c.code) = ec.chamber_code
  JOIN cop_alloc.com_target t ON t.year = coalesce(e.results_year, e.year - 1) AND t.chamber_code = c.code AND t.target > 0
  JOIN cop_alloc.indicator i ON i.code = t.indicator_code AND i.weight > 0
  JOIN cop_alloc.exercise_axis a ON a.year = e.year AND a.axis_no = i.axis_no AND a.weight > 0
  LEFT JOIN cop_alloc.indicator_result r
         ON r.year = t.year AND r.chamber_code = t.chamber_code AND r.indicator_code = t.indicator_code
 WHERE o.what = 'computed' AND r.realized IS NULL;
INSERT INTO coverage
SELECT DISTINCT o.year, 'associated chamber consolidated'
  FROM coverage o JOIN cop_alloc.exercise_chamber ec ON ec.year = o.year
  JOIN cop_alloc.chamber c ON c.parent_code = ec.chamber_code
 WHERE o.what = 'computed';
INSERT INTO coverage
SELECT DISTINCT o.year, CASE WHEN e.performance_decided THEN 'tolerance > 0' ELSE 'performance part not decided' END
  FROM coverage o JOIN cop_alloc.exercise e USING (year)
 WHERE o.what = 'computed' AND (e.tolerance > 0 OR NOT e.performance_decided);
INSERT INTO coverage
SELECT DISTINCT o.year, 'equal keys'
  FROM coverage o JOIN cop_alloc.exercise_chamber ec USING (year)
 WHERE o.what = 'computed'
 GROUP BY o.year HAVING count(DISTINCT ec.assujettis) = 1;
INSERT INTO coverage
SELECT DISTINCT o.year, 'modulated'
  FROM coverage o, cop_alloc.allocate(o.year) a
 WHERE o.what = 'computed' AND a.modulation > 0;
INSERT INTO coverage
SELECT DISTINCT o.year, 'axis achievement strictly between 0 and 1'
  FROM coverage o, cop_alloc.axis_deductions(o.year) d
 WHERE o.what = 'computed' AND d.achievement > 0 AND d.achievement < 1;

SELECT is((SELECT string_agg(year::text, ', ') FROM outcome
            WHERE what = 'allocate' AND engine IS DISTINCT FROM reference AND engine NOT LIKE 'ERROR%'),
          NULL, 'allocate: the reference gives every line of the engine, to the cent');
SELECT is((SELECT string_agg(year::text, ', ') FROM outcome
            WHERE what = 'axis_deductions' AND engine IS DISTINCT FROM reference AND engine NOT LIKE 'ERROR%'),
          NULL, 'axis_deductions: stakes, achievements and deductions identical');
SELECT is((SELECT string_agg(year::text, ', ') FROM outcome
            WHERE what = 'summary' AND engine IS DISTINCT FROM reference AND engine NOT LIKE 'ERROR%'),
          NULL, 'summary: P, Q, D, O, Pf, allocated and reserve identical');
SELECT is((SELECT string_agg(year::text, ', ') FROM outcome
            WHERE engine LIKE 'ERROR%' AND left(engine, 11) IS DISTINCT FROM left(reference, 11)),
          NULL, 'every exercise the engine refuses, the reference refuses with the same SQLSTATE');
SELECT is((SELECT string_agg(year::text, ', ') FROM outcome
            WHERE engine LIKE 'ERROR%' AND engine IS DISTINCT FROM reference),
          NULL, 'and the same message');

SELECT cmp_ok((SELECT count(*)::int FROM coverage WHERE what = 'computed'), '>=', 100, 'at least 100 random exercises computed');
SELECT cmp_ok((SELECT count(DISTINCT what)::int FROM coverage WHERE what LIKE 'refused%'), '>=', 11, 'at least 11 kinds of refusal compared');
SELECT cmp_ok((SELECT count(DISTINCT what)::int FROM coverage WHERE what LIKE 'binding%'), '=', 4,
              'floors, ceilings and both sides of the tunnel each set some amount');
SELECT cmp_ok((SELECT count(DISTINCT what)::int FROM coverage WHERE what LIKE 'missing result under%'), '=', 2,
              'missing results computed under policies zero and exclude');
SELECT cmp_ok((SELECT count(*)::int FROM coverage WHERE what LIKE 'refused: ERROR 22023%missing result%'), '>=', 5,
              'and refused under policy error');
SELECT cmp_ok((SELECT count(*)::int FROM coverage WHERE what = 'associated chamber consolidated'), '>=', 20,
              'associated chambers consolidated into their parent');
SELECT cmp_ok((SELECT count(*)::int FROM coverage WHERE what = 'tolerance > 0'), '>=', 20, 'a tolerance');
SELECT cmp_ok((SELECT count(*)::int FROM coverage WHERE what = 'performance part not decided'), '>=', 5,
              'the performance part undecided');
SELECT cmp_ok((SELECT count(*)::int FROM coverage WHERE what = 'equal keys'), '>=', 10, 'equal keys: ties by code');
SELECT cmp_ok((SELECT count(*)::int FROM coverage WHERE what = 'modulated'), '>=', 40,
              'a chamber modulated for non-respect (spec 5 bis)');
SELECT cmp_ok((SELECT count(*)::int FROM coverage WHERE what = 'axis achievement strictly between 0 and 1'), '>=', 80,
              'partial achievements, deducted');

SELECT * FROM finish();
ROLLBACK;
