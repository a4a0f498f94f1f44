-- Randomized properties over generated exercises (fixed seed): conservation
-- P = Q + allocated + reserve to the cent, every amount >= 0, bounds
-- respected, the result independent of row insertion order, ties resolved
-- by chamber code, monotonicity (achieving more never receives less), and
-- the modulation for non-respect (spec 5 bis): a higher rate never gives
-- the chamber more nor the reserve less, and touches no other chamber.
BEGIN;
SET search_path = public;
SELECT plan(15);

CREATE TEMP TABLE failures (property text, year int, detail text);
CREATE TEMP TABLE coverage (what text);

-- an exercise of n chambers (codes C01..Cnn, C01 with an associated A01),
-- 8 indicators over the 6 axes; returns nothing, fills the tables
CREATE FUNCTION pg_temp.make_exercise(y int, n int, reverse_order boolean) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    c int; k int;
    codes text[] := ARRAY(SELECT 'C' || lpad(g::text, 2, '0') FROM generate_series(1, n) g);
    p numeric := round((random() * 1e8)::numeric, 2);
    ord int[] := CASE WHEN reverse_order THEN ARRAY(SELECT g FROM generate_series(n, 1, -1) g)
                      ELSE ARRAY(SELECT g FROM generate_series(1, n) g) END;
BEGIN
    INSERT INTO cop_alloc.exercise (year, tax_product, quote_part, operating_pct, minister_authorized,
                                    tolerance, missing_result, max_decrease_pct, max_increase_pct)
    VALUES (y, p, round(p * (random() * 0.2)::numeric, 2), round((random() * 0.75)::numeric, 4), true,
            CASE WHEN random() < 0.3 THEN 0.05 ELSE 0 END,
            (ARRAY['error', 'zero', 'exclude'])[1 + floor(random() * 3)::int]::cop_alloc.missing_policy,
            CASE WHEN random() < 0.3 THEN 0.2 END, CASE WHEN random() < 0.3 THEN 0.3 END);
    INSERT INTO cop_alloc.exercise_axis SELECT y, axis_no, cop_weight FROM cop_alloc.axis WHERE from_cop;
    FOREACH c IN ARRAY ord LOOP
        -- a modulation for one chamber in three, drawn from a hash so that
        -- the random() sequence, hence the rest of the exercise, is unchanged
        INSERT INTO cop_alloc.exercise_chamber (year, chamber_code, assujettis, performance_weight,
                                                floor_amount, ceiling_amount, previous_operating,
                                                modulation_pct, modulation_motive)
        VALUES (y, codes[c], (random() * 100000)::int + 1,
                CASE WHEN random() < 0.2 THEN (random() * 1000)::int END,
                CASE WHEN random() < 0.2 THEN round((p / n / 10)::numeric, 2) END,
                CASE WHEN random() < 0.2 THEN round((p / n * 2)::numeric, 2) END,
                CASE WHEN random() < 0.5 THEN round((p / n / 2 * (0.5 + random()))::numeric, 2) END,
                CASE WHEN abs(hashtext(codes[c] || y)) % 3 = 0
                     THEN (abs(hashtext(y || codes[c])) % 1000001) / 1000000.0 END,
                'non-respect of the COM');
        FOR k IN 1 .. 8 LOOP
            INSERT INTO cop_alloc.com_target VALUES (y - 1, codes[c], 'P' || k,
                CASE WHEN random() < 0.1 THEN 0 ELSE (random() * 1000)::int END);
            IF random() < 0.95 THEN
                INSERT INTO cop_alloc.indicator_result VALUES (y - 1, codes[c], 'P' || k, (random() * 1100)::int);
            END IF;
        END LOOP;
        IF c = 1 THEN
            INSERT INTO cop_alloc.com_target SELECT y - 1, 'A01', 'P' || g, (random() * 300)::int FROM generate_series(1, 8) g;
            INSERT INTO cop_alloc.indicator_result SELECT y - 1, 'A01', 'P' || g, (random() * 300)::int FROM generate_series(1, 8) g;
        END IF;
    END LOOP;
END $$;

INSERT INTO cop_alloc.chamber SELECT 'C' || lpad(g::text, 2, '0'), 'Chamber ' || g FROM generate_series(1, 12) g;
INSERT INTO cop_alloc.chamber VALUES ('A01', 'Associated to C01', 'C01');
INSERT INTO cop_alloc.indicator (code, axis_no, direction, weight)
SELECT 'P' || k, 1 + (k - 1) % 6, CASE WHEN k = 4 THEN 'lower' ELSE 'higher' END::cop_alloc.direction,
       CASE WHEN k = 8 THEN 0 ELSE 1 + k % 2 END
  FROM generate_series(1, 8) k;

SELECT setseed(0.4242);
DO $$
DECLARE
    y int; ok boolean; r record; s record; n int; v numeric;
BEGIN
    FOR y IN 2101 .. 2300 LOOP
        n := 2 + (random() * 10)::int;
        PERFORM pg_temp.make_exercise(y, n, false);
        BEGIN
            SELECT * INTO s FROM cop_alloc.summary(y);
        EXCEPTION WHEN OTHERS THEN
            INSERT INTO coverage VALUES ('refused: ' || SQLERRM);
            CONTINUE;
        END;
        INSERT INTO coverage VALUES ('computed');
        IF s.tax_product <> s.quote_part + s.allocated + s.reserve THEN
            INSERT INTO failures VALUES ('conservation', y, s::text);
        END IF;
        IF s.allocated <> (SELECT sum(total) FROM cop_alloc.allocate(y))
           OR s.operating_part <> (SELECT sum(operating) FROM cop_alloc.allocate(y))
           OR s.reserve <> (SELECT sum(deduction + modulation) FROM cop_alloc.allocate(y)) THEN
            INSERT INTO failures VALUES ('totals', y, s::text);
        END IF;
        IF EXISTS (SELECT FROM cop_alloc.allocate(y) a
                    WHERE a.operating < 0 OR a.performance < 0 OR a.deduction < 0 OR a.modulation < 0
                       OR a.deduction > a.performance_envelope OR a.total <> a.operating + a.performance
                       OR a.performance <> a.performance_envelope - a.deduction - a.modulation) THEN
            INSERT INTO failures VALUES ('non-negative', y, NULL);
        END IF;
        IF EXISTS (SELECT FROM cop_alloc.allocation_bounds(y) b
                    WHERE b.operating < b.lower_bound OR b.operating > b.upper_bound) THEN
            INSERT INTO failures VALUES ('bounds', y, NULL);
        END IF;
        INSERT INTO coverage SELECT 'binding ' || binding FROM cop_alloc.allocation_bounds(y) WHERE binding <> 'none';
        -- the same exercise with every row inserted in the opposite order
        INSERT INTO cop_alloc.exercise SELECT y + 600, tax_product, quote_part, quote_part_min, operating_pct,
               minister_authorized, performance_decided, NULL, tolerance, missing_result, max_decrease_pct,
               max_increase_pct, note FROM cop_alloc.exercise WHERE year = y;
        INSERT INTO cop_alloc.exercise_axis SELECT y + 600, axis_no, weight FROM cop_alloc.exercise_axis
         WHERE year = y ORDER BY axis_no DESC;
        INSERT INTO cop_alloc.exercise_chamber SELECT y + 600, chamber_code, assujettis, operating_weight,
               performance_weight, floor_amount, ceiling_amount, previous_operating,
               modulation_pct, modulation_motive
          FROM cop_alloc.exercise_chamber WHERE year = y ORDER BY chamber_code DESC;
        INSERT INTO cop_alloc.com_target SELECT y + 599, chamber_code, indicator_code, target
          FROM cop_alloc.com_target WHERE year = y - 1 ORDER BY chamber_code DESC, indicator_code DESC;
        INSERT INTO cop_alloc.indicator_result SELECT y + 599, chamber_code, indicator_code, realized
          FROM cop_alloc.indicator_result WHERE year = y - 1 ORDER BY indicator_code, chamber_code DESC;
        IF EXISTS (SELECT * FROM cop_alloc.allocate(y) EXCEPT SELECT * FROM cop_alloc.allocate(y + 600))
           OR EXISTS (SELECT * FROM cop_alloc.axis_deductions(y + 600) EXCEPT SELECT * FROM cop_alloc.axis_deductions(y)) THEN
            INSERT INTO failures VALUES ('insertion order', y, NULL);
        END IF;
        INSERT INTO coverage VALUES ('order compared');
        INSERT INTO coverage SELECT 'modulated' FROM cop_alloc.allocate(y) WHERE modulation > 0;
        -- the modulation rate: one chamber's rate raised, everything else kept
        SELECT a.chamber_code, a.total, a.modulation, ec.modulation_pct INTO r
          FROM cop_alloc.allocate(y) a
          JOIN cop_alloc.exercise_chamber ec ON ec.year = y AND ec.chamber_code = a.chamber_code
         WHERE coalesce(ec.modulation_pct, 0) < 1 AND a.performance > 0
         ORDER BY a.chamber_code LIMIT 1;
        IF FOUND THEN
            CREATE TEMP TABLE before_rate AS SELECT * FROM cop_alloc.allocate(y);
            UPDATE cop_alloc.exercise_chamber
               SET modulation_pct = round(coalesce(modulation_pct, 0) + (1 - coalesce(modulation_pct, 0)) * random()::numeric, 6),
                   modulation_motive = 'raised'
             WHERE year = y AND chamber_code = r.chamber_code;
            IF (SELECT a.total > r.total OR a.modulation < r.modulation
                  FROM cop_alloc.allocate(y) a WHERE a.chamber_code = r.chamber_code)
               OR (SELECT reserve FROM cop_alloc.summary(y)) < s.reserve
               OR (SELECT reserve FROM cop_alloc.summary(y)) - s.reserve
                  <> (SELECT a.modulation - r.modulation FROM cop_alloc.allocate(y) a WHERE a.chamber_code = r.chamber_code)
               OR EXISTS (SELECT * FROM cop_alloc.allocate(y) a WHERE a.chamber_code <> r.chamber_code
                          EXCEPT SELECT * FROM before_rate) THEN
                INSERT INTO failures VALUES ('rate monotonicity', y, r::text);
            END IF;
            -- the whole rate withholds the whole performance part left
            UPDATE cop_alloc.exercise_chamber SET modulation_pct = 1
             WHERE year = y AND chamber_code = r.chamber_code;
            IF (SELECT a.performance <> 0 OR a.modulation <> a.performance_envelope - a.deduction
                  FROM cop_alloc.allocate(y) a WHERE a.chamber_code = r.chamber_code)
               OR (SELECT tax_product <> quote_part + allocated + reserve FROM cop_alloc.summary(y)) THEN
                INSERT INTO failures VALUES ('rate monotonicity', y, 'rate 1: ' || r::text);
            END IF;
            UPDATE cop_alloc.exercise_chamber SET modulation_pct = r.modulation_pct
             WHERE year = y AND chamber_code = r.chamber_code;
            DROP TABLE before_rate;
            INSERT INTO coverage VALUES ('rate raised');
        END IF;
            -- monotonicity: one chamber does better on one weighed indicator
        SELECT t.chamber_code, t.indicator_code, i.direction INTO r
          FROM cop_alloc.com_target t JOIN cop_alloc.indicator i ON i.code = t.indicator_code
          JOIN cop_alloc.indicator_result x USING (year, chamber_code, indicator_code)
         WHERE t.year = y - 1 AND t.target > 0 AND i.weight > 0 AND x.realized > 0
         ORDER BY t.chamber_code, t.indicator_code LIMIT 1 OFFSET (random() * 5)::int;
        IF FOUND THEN
            SELECT total INTO v FROM cop_alloc.allocate(y)
             WHERE chamber_code = coalesce((SELECT parent_code FROM cop_alloc.chamber WHERE code = r.chamber_code), r.chamber_code);
            UPDATE cop_alloc.indicator_result
               SET realized = CASE WHEN r.direction = 'higher' THEN realized + 50 ELSE realized - 1 END
             WHERE year = y - 1 AND chamber_code = r.chamber_code AND indicator_code = r.indicator_code;
            IF (SELECT total FROM cop_alloc.allocate(y)
                 WHERE chamber_code = coalesce((SELECT parent_code FROM cop_alloc.chamber WHERE code = r.chamber_code), r.chamber_code)) < v THEN
                INSERT INTO failures VALUES ('monotonicity', y, r::text);
            END IF;
            INSERT INTO coverage VALUES ('monotonicity checked');
        END IF;
    END LOOP;
END $$;

SELECT is((SELECT count(*)::int FROM failures WHERE property = 'conservation'), 0, 'P = Q + allocated + reserve in every exercise');
SELECT is((SELECT count(*)::int FROM failures WHERE property = 'totals'), 0, 'allocate''s lines add up to the summary');
SELECT is((SELECT count(*)::int FROM failures WHERE property = 'non-negative'), 0, 'every amount >= 0, deduction <= envelope, total = operating + performance');
SELECT is((SELECT count(*)::int FROM failures WHERE property = 'bounds'), 0, 'every operating part within its bounds');
SELECT is((SELECT string_agg(year::text, ',') FROM failures WHERE property = 'insertion order'), NULL, 'row insertion order never changes a cent');
SELECT is((SELECT count(*)::int FROM failures WHERE property = 'monotonicity'), 0, 'achieving more never receives less');
SELECT is((SELECT string_agg(year || ' ' || detail, '; ') FROM failures WHERE property = 'rate monotonicity'), NULL,
          'a higher modulation rate never gives the chamber more nor the reserve less, by exactly the modulation, and no other chamber changes');
SELECT cmp_ok((SELECT count(*)::int FROM coverage WHERE what = 'computed'), '>=', 100, 'at least 100 random exercises computed');
SELECT cmp_ok((SELECT count(DISTINCT what)::int FROM coverage WHERE what LIKE 'binding%'), '=', 2, 'floors and ceilings both bound somewhere');
SELECT cmp_ok((SELECT count(*)::int FROM coverage WHERE what = 'order compared'), '>=', 100, 'insertion order compared on 100 exercises');
SELECT cmp_ok((SELECT count(*)::int FROM coverage WHERE what = 'monotonicity checked'), '>=', 100, 'monotonicity checked on 100 exercises');
SELECT cmp_ok((SELECT count(*)::int FROM coverage WHERE what = 'modulated'), '>=', 100, 'at least 100 chambers modulated');
SELECT cmp_ok((SELECT count(*)::int FROM coverage WHERE what = 'rate raised'), '>=', 100, 'a rate raised in 100 exercises');

-- ties by code: two chambers with equal keys, one odd cent
INSERT INTO cop_alloc.exercise (year, tax_product, quote_part, operating_pct) VALUES (2990, 0.03, 0, 0.5);
INSERT INTO cop_alloc.exercise_axis SELECT 2990, axis_no, cop_weight FROM cop_alloc.axis WHERE from_cop;
INSERT INTO cop_alloc.chamber VALUES ('ZZ', 'Z'), ('AA', 'A');
INSERT INTO cop_alloc.exercise_chamber (year, chamber_code, assujettis) VALUES (2990, 'ZZ', 5), (2990, 'AA', 5);
SELECT results_eq('SELECT chamber_code, operating, performance_envelope FROM cop_alloc.allocate(2990)',
                  $$VALUES ('AA'::text, 0.01, 0.01), ('ZZ', 0.01, 0.00)$$,
                  'O = 0.02 splits evenly; the odd cent of Pf = 0.01 goes to the smaller code');
UPDATE cop_alloc.chamber SET code = 'a1' WHERE code = 'AA';
SELECT results_eq('SELECT chamber_code, performance_envelope FROM cop_alloc.allocate(2990)',
                  $$VALUES ('ZZ'::text, 0.01), ('a1', 0.00)$$,
                  'codes compare by bytes (COLLATE "C"): ZZ before a1, whatever the database collation');

SELECT * FROM finish();
ROLLBACK;
