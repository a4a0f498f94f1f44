-- fingerprint(year), computed in C in one pass, is the SHA-256 of the
-- canonical text of run_inputs(year) as 0.1.0 defined it ("cop_alloc
-- inputs v1"): the same value as the SQL definition, on codes that JSON
-- escapes or that sort before its quote, NULL results, trailing zeros,
-- associated chambers, rows of chambers that are no members; and it changes
-- with any input.
BEGIN;
SET search_path = public;
SET client_min_messages = error;
SELECT plan(14);

\i test/fixtures/example.sql

CREATE FUNCTION pg_temp.fp_sql(y int) RETURNS text LANGUAGE sql AS $$
    SELECT encode(sha256(convert_to('cop_alloc inputs v1' || E'\n'
               || string_agg(i.kind || E'\t' || i.key || E'\t' || i.value::text, E'\n'
                             ORDER BY i.kind COLLATE "C", i.key COLLATE "C"), 'UTF8')), 'hex')
      FROM cop_alloc.run_inputs(y) i HAVING count(*) > 0
$$;

SELECT is(cop_alloc.fingerprint(2025), pg_temp.fp_sql(2025), 'the worked example: the SQL definition''s value');
SELECT is(cop_alloc.fingerprint(2025), '661f5dc9bb673d665a0e68a73bbf6a309fe0efeb9e75be4b1e24e8aeaeabd17c',
          'the value 0.1.0 recorded for these inputs');
SELECT is(cop_alloc.fingerprint(2031), NULL, 'NULL for an exercise that does not exist');

-- codes that JSON escapes, or that sort before '"' in byte order
INSERT INTO cop_alloc.indicator (code, axis_no, label) VALUES
    ('I"q', 1, 'quote'), ('I\b', 1, 'backslash'), ('I é', 2, 'space and accent'), ('I!', 2, 'bang'), (E'I\tt', 3, 'tab');
INSERT INTO cop_alloc.chamber (code, name, parent_code) VALUES
    ('NORD A', 'space', 'NORD'), ('NORD!', 'bang', 'NORD'), ('N"Q', 'quote', NULL), ('LOIN', 'no member', NULL);
INSERT INTO cop_alloc.exercise_chamber (year, chamber_code, assujettis) VALUES (2025, 'N"Q', 1000);
INSERT INTO cop_alloc.com_target (year, chamber_code, indicator_code, target)
SELECT 2024, c, i, 10.500000 FROM unnest(ARRAY['NORD', 'NORD A', 'NORD!', 'N"Q', 'LOIN']) c,
       unnest(ARRAY['I"q', 'I\b', 'I é', 'I!', E'I\tt']) i;
INSERT INTO cop_alloc.indicator_result (year, chamber_code, indicator_code, realized)
SELECT 2024, c, i, CASE WHEN i = 'I!' THEN NULL ELSE 7.250 END FROM unnest(ARRAY['NORD', 'NORD A', 'NORD!', 'N"Q', 'LOIN']) c,
       unnest(ARRAY['I"q', 'I\b', 'I é', 'I!', E'I\tt']) i;
SELECT is(cop_alloc.fingerprint(2025), pg_temp.fp_sql(2025), 'escaped and low-sorting codes, NULL results, trailing zeros: the same value');
SELECT cmp_ok((SELECT count(*) FROM cop_alloc.run_inputs(2025) WHERE key LIKE '%LOIN%'), '=', 0::bigint,
              'a chamber that is no member of the exercise is no input');

CREATE TEMP TABLE fp AS SELECT cop_alloc.fingerprint(2025) AS v;
UPDATE cop_alloc.com_target SET target = target + 0.000001 WHERE chamber_code = 'NORD!' AND indicator_code = 'I!';
SELECT isnt(cop_alloc.fingerprint(2025), (SELECT v FROM fp), 'a target changed by a millionth changes it');
SELECT is(cop_alloc.fingerprint(2025), pg_temp.fp_sql(2025), 'to the SQL definition''s value');
UPDATE cop_alloc.com_target SET target = target - 0.000001 WHERE chamber_code = 'NORD!' AND indicator_code = 'I!';
SELECT is(cop_alloc.fingerprint(2025), (SELECT v FROM fp), 'and back');
UPDATE cop_alloc.indicator_result SET realized = 0 WHERE chamber_code = 'NORD A' AND indicator_code = 'I!';
SELECT isnt(cop_alloc.fingerprint(2025), (SELECT v FROM fp), 'a NULL result set to 0 changes it');
UPDATE cop_alloc.indicator_result SET realized = NULL WHERE chamber_code = 'NORD A' AND indicator_code = 'I!';
UPDATE cop_alloc.com_target SET target = 99 WHERE chamber_code = 'LOIN';
SELECT is(cop_alloc.fingerprint(2025), (SELECT v FROM fp), 'the targets of a chamber that is no member do not count');

-- the order rows were inserted in does not count
CREATE TEMP TABLE t AS SELECT * FROM cop_alloc.com_target WHERE year = 2024 ORDER BY random();
DELETE FROM cop_alloc.com_target WHERE year = 2024;
INSERT INTO cop_alloc.com_target SELECT * FROM t ORDER BY chamber_code DESC, indicator_code DESC;
SELECT is(cop_alloc.fingerprint(2025), (SELECT v FROM fp), 'rows inserted in another order give the same fingerprint');
UPDATE cop_alloc.exercise_chamber SET previous_operating = 1.00 WHERE year = 2025 AND chamber_code = 'OUEST';
SELECT isnt(cop_alloc.fingerprint(2025), (SELECT v FROM fp), 'a tunnel base changes it');
UPDATE cop_alloc.exercise_chamber SET previous_operating = NULL WHERE year = 2025 AND chamber_code = 'OUEST';
SELECT is(cop_alloc.fingerprint(2025), (SELECT v FROM fp), 'and taking it back gives the fingerprint back');
UPDATE cop_alloc.exercise_chamber SET modulation_pct = 0.1, modulation_motive = 'COM non respectée'
 WHERE year = 2025 AND chamber_code = 'OUEST';
SELECT isnt(cop_alloc.fingerprint(2025), (SELECT v FROM fp), 'a modulation changes it');

SELECT * FROM finish();
ROLLBACK;
