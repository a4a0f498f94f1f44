-- The fingerprint of an exercise's inputs.  Format 2 (runs made since
-- 0.2.0) hashes input_record(year), one row per chamber; format 1 (runs
-- made by 0.1.0) hashes run_inputs(year), one row per table row, which is
-- input_record expanded by input_rows.  Checked against their SQL
-- definitions (sha256 of the whole text) and, for format 1, against the
-- rows read straight from the tables as 0.1.0 did and the value 0.1.0
-- recorded: on codes that JSON escapes or that sort before its quote, NULL
-- results, trailing zeros, associated chambers, rows of chambers that are
-- no members; and it changes with any input.  What run() records, from
-- the rows the engine reads (run_lines), is the same: the fingerprint, the
-- digests of input_record's rows, and their documents stored.
BEGIN;
SET search_path = public;
SET client_min_messages = error;
SELECT plan(34);

\i test/fixtures/example.sql

-- format 1: the SHA-256 of the text, a header line then each row's line;
-- format 2: the SHA-256 of the header, then of each row's own SHA-256
CREATE FUNCTION pg_temp.fp_sql(y int, format int) RETURNS text LANGUAGE sql AS $$
    SELECT CASE format
           WHEN 1 THEN encode(sha256(convert_to('cop_alloc inputs v1' || E'\n'
                          || string_agg(i.kind || E'\t' || i.key || E'\t' || i.value::text, E'\n'
                                        ORDER BY i.kind COLLATE "C", i.key COLLATE "C"), 'UTF8')), 'hex')
           ELSE encode(sha256(convert_to('cop_alloc inputs v2', 'UTF8')
                          || string_agg(sha256(convert_to(i.kind || E'\t' || i.key || E'\t' || i.value::text, 'UTF8')), ''::bytea
                                        ORDER BY i.kind COLLATE "C", i.key COLLATE "C")), 'hex') END
      FROM (SELECT * FROM cop_alloc.run_inputs(y) WHERE format = 1
            UNION ALL SELECT * FROM cop_alloc.input_record(y) WHERE format = 2) i
    HAVING count(*) > 0
$$;
-- the inputs one row per table row, read straight from the tables (0.1.0's
-- run_inputs, with the COP as in force and the modulation where one is set)
CREATE FUNCTION pg_temp.direct(y int) RETURNS TABLE (kind text, key text, value jsonb) LANGUAGE sql AS $$
    WITH e AS (SELECT x.*, coalesce(x.results_year, x.year - 1) AS ry FROM cop_alloc.exercise x WHERE x.year = y),
    recipients AS (SELECT ec.* FROM cop_alloc.exercise_chamber ec WHERE ec.year = y),
    members AS (SELECT c.code, c.parent_code FROM cop_alloc.chamber c
                  JOIN recipients r ON r.chamber_code = coalesce(c.parent_code, c.code)),
    targets AS (SELECT t.* FROM e JOIN cop_alloc.com_target t ON t.year = e.ry JOIN members m ON m.code = t.chamber_code),
    results AS (SELECT r.* FROM e JOIN cop_alloc.indicator_result r ON r.year = e.ry JOIN members m ON m.code = r.chamber_code)
    SELECT 'exercise', jsonb_build_array(e.year)::text, cop_alloc.exercise_input(e.year) FROM e
    UNION ALL
    SELECT 'exercise_axis', jsonb_build_array(a.axis_no)::text, jsonb_build_object('weight', trim_scale(a.weight))
      FROM cop_alloc.exercise_axis a WHERE a.year = y
    UNION ALL
    SELECT 'exercise_chamber', jsonb_build_array(r.chamber_code)::text,
           jsonb_build_object('assujettis', r.assujettis, 'operating_weight', trim_scale(r.operating_weight),
                              'performance_weight', trim_scale(r.performance_weight), 'floor_amount', trim_scale(r.floor_amount),
                              'ceiling_amount', trim_scale(r.ceiling_amount), 'previous_operating', trim_scale(r.previous_operating))
           || CASE WHEN r.modulation_pct IS NULL AND r.modulation_motive IS NULL THEN '{}'::jsonb
                   ELSE jsonb_build_object('modulation_pct', trim_scale(r.modulation_pct), 'modulation_motive', r.modulation_motive) END
      FROM recipients r
    UNION ALL
    SELECT 'chamber', jsonb_build_array(m.code)::text, jsonb_build_object('parent_code', m.parent_code) FROM members m
    UNION ALL
    SELECT 'indicator', jsonb_build_array(i.code)::text,
           jsonb_build_object('axis_no', i.axis_no, 'direction', i.direction, 'weight', trim_scale(i.weight))
      FROM e, cop_alloc.catalogue_in_force(e.ry) i WHERE i.code IN (SELECT t.indicator_code FROM targets t)
    UNION ALL
    SELECT 'com_target', jsonb_build_array(t.chamber_code, t.indicator_code)::text, jsonb_build_object('target', trim_scale(t.target))
      FROM targets t
    UNION ALL
    SELECT 'indicator_result', jsonb_build_array(r.chamber_code, r.indicator_code)::text, jsonb_build_object('realized', trim_scale(r.realized))
      FROM results r
$$;

-- run_lines (what run() stores) gives the fingerprint and the digests of
-- input_record(y), and stores each document under its digest.  The
-- engine computes with the missing results counted as zero (the policy
-- set for the call, then set back).
CREATE FUNCTION pg_temp.run_record(y int) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    s record;
    fp text;
    digests bytea[];
    policy cop_alloc.exercise.missing_result%TYPE := (SELECT x.missing_result FROM cop_alloc.exercise x WHERE x.year = y);
BEGIN
    UPDATE cop_alloc.exercise x SET missing_result = 'zero' WHERE x.year = y;
    SELECT l.fingerprint, l.input_digests INTO s FROM cop_alloc.run_lines(y) l WHERE l.line = 'summary';
    fp := cop_alloc.fingerprint(y);
    digests := (SELECT array_agg(sha256(convert_to(i.kind || E'\t' || i.key || E'\t' || i.value::text, 'UTF8'))
                                 ORDER BY i.kind COLLATE "C", i.key COLLATE "C") FROM cop_alloc.input_record(y) i);
    UPDATE cop_alloc.exercise x SET missing_result = policy WHERE x.year = y;
    IF s.fingerprint IS DISTINCT FROM fp THEN
        RETURN 'fingerprint ' || s.fingerprint || ', not ' || fp;
    ELSIF s.input_digests IS DISTINCT FROM digests THEN
        RETURN 'other digests';
    ELSIF s.fingerprint IS DISTINCT FROM
          encode(sha256(convert_to('cop_alloc inputs v2', 'UTF8')
                        || (SELECT string_agg(u.d, ''::bytea ORDER BY u.o) FROM unnest(digests) WITH ORDINALITY u (d, o))), 'hex') THEN
        RETURN 'a fingerprint that is not the SHA-256 of the header and the digests';
    ELSIF EXISTS (SELECT FROM unnest(s.input_digests) u(digest)
                   WHERE NOT EXISTS (SELECT FROM cop_alloc.input_document d
                                      WHERE d.digest = u.digest AND d.value::jsonb::text = d.value
                                        AND sha256(convert_to(d.kind || E'\t' || d.key || E'\t' || d.value, 'UTF8')) = d.digest)) THEN
        RETURN 'a document missing or not as hashed';
    END IF;
    RETURN 'the same';
END
$$;

SELECT is(cop_alloc.fingerprint(2025), pg_temp.fp_sql(2025, 2), 'the worked example: format 2, the SQL definition''s value');
SELECT is(pg_temp.run_record(2025), 'the same', 'and what run_lines records of it');
SELECT is(cop_alloc.fingerprint(2025, 1), pg_temp.fp_sql(2025, 1), 'format 1, the SQL definition''s value');
SELECT is(cop_alloc.fingerprint(2025, 1), '661f5dc9bb673d665a0e68a73bbf6a309fe0efeb9e75be4b1e24e8aeaeabd17c',
          'format 1: the value 0.1.0 recorded for these inputs');
SELECT set_eq('SELECT kind, key, value::text FROM cop_alloc.run_inputs(2025)', 'SELECT kind, key, value::text FROM pg_temp.direct(2025)',
              'run_inputs, input_record expanded, are the rows of the tables');
SELECT is(cop_alloc.fingerprint(2031), NULL, 'NULL for an exercise that does not exist');
SELECT throws_ok('SELECT cop_alloc.fingerprint(2025, 3)', '22023', 'unknown input format 3', 'an unknown format is refused');
SELECT is((SELECT cop_alloc.inputs_sha256(2, i.kind, i.key, i.value) FROM cop_alloc.input_record(2025) i),
          (SELECT cop_alloc.inputs_sha256(2, i.kind, i.key, i.value ORDER BY i.kind COLLATE "C", i.key COLLATE "C")
             FROM cop_alloc.input_record(2025) i),
          'input_record gives its rows in canonical order');
SELECT throws_ok($$SELECT cop_alloc.inputs_sha256(2, i.kind, i.key, i.value ORDER BY i.key COLLATE "C" DESC)
                     FROM cop_alloc.input_record(2025) i$$,
                 '22023', NULL, 'rows out of order are an error, not another fingerprint');
SELECT throws_ok($$SELECT cop_alloc.inputs_sha256(2, 'exercise', '[2025]', '{}') FROM generate_series(1, 2)$$,
                 '22023', 'input row exercise [2025] comes twice', 'so is a key given twice');
SELECT throws_ok($$SELECT cop_alloc.inputs_sha256(2, 'exercise', NULL, '{}')$$,
                 '22004', 'the key of an input row must not be null', 'and a NULL key');

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
SELECT is(cop_alloc.fingerprint(2025), pg_temp.fp_sql(2025, 2), 'escaped and low-sorting codes, NULL results, trailing zeros: the same value');
SELECT is(pg_temp.run_record(2025), 'the same', 'and what run_lines records of them');
SELECT is(cop_alloc.fingerprint(2025, 1), pg_temp.fp_sql(2025, 1), 'in format 1 too');
SELECT set_eq('SELECT kind, key, value::text FROM cop_alloc.run_inputs(2025)', 'SELECT kind, key, value::text FROM pg_temp.direct(2025)',
              'and run_inputs still gives the rows of the tables');
SELECT cmp_ok((SELECT count(*) FROM cop_alloc.run_inputs(2025) WHERE key LIKE '%LOIN%'), '=', 0::bigint,
              'a chamber that is no member of the exercise is no input');

CREATE TEMP TABLE fp AS SELECT cop_alloc.fingerprint(2025) AS v;
UPDATE cop_alloc.com_target SET target = target + 0.000001 WHERE chamber_code = 'NORD!' AND indicator_code = 'I!';
SELECT isnt(cop_alloc.fingerprint(2025), (SELECT v FROM fp), 'a target changed by a millionth changes it');
SELECT is(cop_alloc.fingerprint(2025), pg_temp.fp_sql(2025, 2), 'to the SQL definition''s value');
UPDATE cop_alloc.com_target SET target = target - 0.000001 WHERE chamber_code = 'NORD!' AND indicator_code = 'I!';
SELECT is(cop_alloc.fingerprint(2025), (SELECT v FROM fp), 'and back');
-- the longest numbers a quantity holds, and long texts of short numbers
-- (trailing zeros): the record keeps each number trimmed, with its length
UPDATE cop_alloc.com_target SET target = 999999999999.999999 WHERE chamber_code = 'NORD!' AND indicator_code = 'I!';
UPDATE cop_alloc.com_target SET target = ('0.5' || repeat('0', 300))::numeric WHERE chamber_code = 'NORD!' AND indicator_code = 'I"q';
UPDATE cop_alloc.indicator_result SET realized = ('1000000000000.' || repeat('0', 260))::numeric WHERE chamber_code = 'NORD!' AND indicator_code = 'I"q';
UPDATE cop_alloc.indicator_result SET realized = 0.000001 WHERE chamber_code = 'NORD!' AND indicator_code = 'I\b';
SELECT is(cop_alloc.fingerprint(2025), pg_temp.fp_sql(2025, 2), 'numbers of 19 characters, and of over 255 before their trailing zeros go: the SQL definition''s value');
SELECT ok((SELECT value::text LIKE '%999999999999.999999%' AND value::text LIKE '%0.5,%'
                  AND value::text LIKE '%1000000000000,%' AND value::text LIKE '%0.000001,%'
             FROM cop_alloc.input_record(2025) WHERE key = '["NORD!"]'),
          'and input_record prints them whole, trailing zeros dropped');
UPDATE cop_alloc.com_target SET target = 10.500000 WHERE chamber_code = 'NORD!' AND indicator_code IN ('I!', 'I"q');
UPDATE cop_alloc.indicator_result SET realized = 7.250 WHERE chamber_code = 'NORD!' AND indicator_code IN ('I"q', 'I\b');
SELECT is(cop_alloc.fingerprint(2025), (SELECT v FROM fp), 'and back again');
UPDATE cop_alloc.indicator_result SET realized = 0 WHERE chamber_code = 'NORD A' AND indicator_code = 'I!';
SELECT isnt(cop_alloc.fingerprint(2025), (SELECT v FROM fp), 'a NULL result set to 0 changes it');
UPDATE cop_alloc.indicator_result SET realized = NULL WHERE chamber_code = 'NORD A' AND indicator_code = 'I!';
UPDATE cop_alloc.com_target SET target = 99 WHERE chamber_code = 'LOIN';
SELECT is(cop_alloc.fingerprint(2025), (SELECT v FROM fp), 'the targets of a chamber that is no member do not count');

-- many indicators (the reader's table of codes grows and is indexed again)
INSERT INTO cop_alloc.indicator (code, axis_no, label)
SELECT 'M' || g, 1 + g % 6, 'many ' || g FROM generate_series(1, 150) g;
INSERT INTO cop_alloc.com_target (year, chamber_code, indicator_code, target)
SELECT 2024, c, 'M' || g, g FROM unnest(ARRAY['OUEST', 'OUTREMER']) c, generate_series(1, 150) g WHERE g % 7 <> 0 OR c = 'OUEST';
INSERT INTO cop_alloc.indicator_result (year, chamber_code, indicator_code, realized)
SELECT 2024, 'OUTREMER', 'M' || g, g / 2.0 FROM generate_series(150, 1, -1) g WHERE g % 5 <> 0;
SELECT set_eq('SELECT kind, key, value::text FROM cop_alloc.run_inputs(2025)', 'SELECT kind, key, value::text FROM pg_temp.direct(2025)',
              '150 more indicators, in another order for the results: the rows of the tables');
SELECT is(pg_temp.run_record(2025), 'the same', 'run_lines records them alike');
DELETE FROM cop_alloc.indicator_result WHERE indicator_code LIKE 'M%';
DELETE FROM cop_alloc.com_target WHERE indicator_code LIKE 'M%';
DELETE FROM cop_alloc.indicator WHERE code LIKE 'M%';

-- the order rows were inserted in does not count
CREATE TEMP TABLE t AS SELECT * FROM cop_alloc.com_target WHERE year = 2024 ORDER BY random();
DELETE FROM cop_alloc.com_target WHERE year = 2024;
INSERT INTO cop_alloc.com_target SELECT * FROM t ORDER BY chamber_code DESC, indicator_code DESC;
SELECT is(cop_alloc.fingerprint(2025), (SELECT v FROM fp), 'rows inserted in another order give the same fingerprint');
UPDATE cop_alloc.exercise_chamber SET previous_operating = 1.00 WHERE year = 2025 AND chamber_code = 'OUEST';
SELECT isnt(cop_alloc.fingerprint(2025), (SELECT v FROM fp), 'a tunnel base changes it');
SELECT set_eq('SELECT kind, key, value::text FROM cop_alloc.run_inputs(2025)', 'SELECT kind, key, value::text FROM pg_temp.direct(2025)',
              'a tunnel base of 1.00: the rows of the tables, printed alike (1)');
UPDATE cop_alloc.exercise_chamber SET previous_operating = NULL WHERE year = 2025 AND chamber_code = 'OUEST';
SELECT is(cop_alloc.fingerprint(2025), (SELECT v FROM fp), 'and taking it back gives the fingerprint back');
UPDATE cop_alloc.exercise_chamber SET modulation_pct = 0.1, modulation_motive = 'COM non respectée'
 WHERE year = 2025 AND chamber_code = 'OUEST';
SELECT isnt(cop_alloc.fingerprint(2025), (SELECT v FROM fp), 'a modulation changes it');
SELECT set_eq('SELECT kind, key, value::text FROM cop_alloc.run_inputs(2025)', 'SELECT kind, key, value::text FROM pg_temp.direct(2025)',
              'run_inputs with a modulation: the rows of the tables');
SELECT is(pg_temp.run_record(2025), 'the same', 'run_lines records it alike');
-- a recipient whose association is broken (it names a parent: only rows
-- loaded without their triggers can) is no member of its own: its
-- exercise_chamber row is an input all the same
SET session_replication_role = replica;
UPDATE cop_alloc.chamber SET parent_code = 'NORD' WHERE code = 'N"Q';
RESET session_replication_role;
SELECT set_eq('SELECT kind, key, value::text FROM cop_alloc.run_inputs(2025)', 'SELECT kind, key, value::text FROM pg_temp.direct(2025)',
              'a recipient with a parent: the rows of the tables');

SELECT * FROM finish();
ROLLBACK;
