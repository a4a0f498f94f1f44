-- Runs: run(year, note) stores the engine's lines, axis lines, summary,
-- parameters and inputs; each input document once, whichever runs read
-- it; the fingerprint does not depend on the order the rows were inserted
-- in and changes with any input; diff_runs names what changed;
-- run_if_changed is idempotent; the run tables are append-only, for their
-- owner too; verify_run finds a document changed behind the run's back.
BEGIN;
SET search_path = public;
SET client_min_messages = error;
SELECT plan(57);

\i test/fixtures/example.sql

-- the fingerprint of the inputs
SELECT matches(cop_alloc.fingerprint(2025), '^[0-9a-f]{64}$', 'the fingerprint is a sha256 in hex');
SELECT is(cop_alloc.fingerprint(2031), NULL, 'no exercise, no fingerprint');
CREATE TEMP TABLE fp AS SELECT cop_alloc.fingerprint(2025) AS before;

-- the same rows inserted again, in the reverse order
CREATE TEMP TABLE saved_ex AS SELECT * FROM cop_alloc.exercise WHERE year = 2025;
CREATE TEMP TABLE saved_axis AS SELECT * FROM cop_alloc.exercise_axis WHERE year = 2025;
CREATE TEMP TABLE saved_rec AS SELECT * FROM cop_alloc.exercise_chamber WHERE year = 2025;
CREATE TEMP TABLE saved_target AS SELECT * FROM cop_alloc.com_target WHERE year = 2024;
CREATE TEMP TABLE saved_result AS SELECT * FROM cop_alloc.indicator_result WHERE year = 2024;
CREATE TEMP TABLE saved_chamber AS SELECT * FROM cop_alloc.chamber;
CREATE TEMP TABLE saved_indicator AS SELECT * FROM cop_alloc.indicator WHERE code LIKE 'I%';
DELETE FROM cop_alloc.indicator_result WHERE year = 2024;
DELETE FROM cop_alloc.com_target WHERE year = 2024;
DELETE FROM cop_alloc.authorisation_decision;
DELETE FROM cop_alloc.authorisation_request;
DELETE FROM cop_alloc.exercise WHERE year = 2025;
DELETE FROM cop_alloc.chamber WHERE parent_code IS NOT NULL;
DELETE FROM cop_alloc.chamber;
DELETE FROM cop_alloc.indicator WHERE code LIKE 'I%';
INSERT INTO cop_alloc.indicator SELECT * FROM saved_indicator ORDER BY code DESC;
INSERT INTO cop_alloc.chamber SELECT * FROM saved_chamber WHERE parent_code IS NULL ORDER BY code DESC;
INSERT INTO cop_alloc.chamber SELECT * FROM saved_chamber WHERE parent_code IS NOT NULL;
INSERT INTO cop_alloc.exercise SELECT * FROM saved_ex;
\i test/fixtures/authorisation.sql
INSERT INTO cop_alloc.exercise_axis SELECT * FROM saved_axis ORDER BY axis_no DESC;
INSERT INTO cop_alloc.exercise_chamber SELECT * FROM saved_rec ORDER BY chamber_code DESC;
INSERT INTO cop_alloc.com_target SELECT * FROM saved_target ORDER BY chamber_code DESC, indicator_code DESC;
INSERT INTO cop_alloc.indicator_result SELECT * FROM saved_result ORDER BY indicator_code DESC, chamber_code;
SELECT isnt((SELECT array_agg(chamber_code ORDER BY ctid) FROM cop_alloc.exercise_chamber WHERE year = 2025),
            (SELECT array_agg(chamber_code ORDER BY ctid) FROM saved_rec), 'the rows are now stored in another order');
SELECT is(cop_alloc.fingerprint(2025), (SELECT before FROM fp), 'permuted inputs: the same fingerprint');

-- trailing zeros are no change; a changed value is
UPDATE cop_alloc.indicator_result SET realized = 640.000 WHERE chamber_code = 'NORD' AND indicator_code = 'I1';
SELECT is(cop_alloc.fingerprint(2025), (SELECT before FROM fp), '640 and 640.000 are the same input');
UPDATE cop_alloc.indicator_result SET realized = 641 WHERE chamber_code = 'NORD' AND indicator_code = 'I1';
SELECT isnt(cop_alloc.fingerprint(2025), (SELECT before FROM fp), 'a changed result changes the fingerprint');
UPDATE cop_alloc.indicator_result SET realized = 640 WHERE chamber_code = 'NORD' AND indicator_code = 'I1';
UPDATE cop_alloc.chamber SET name = 'Chambre régionale du Nord' WHERE code = 'NORD';
SELECT is(cop_alloc.fingerprint(2025), (SELECT before FROM fp), 'a chamber''s name is not an input');
UPDATE cop_alloc.indicator SET direction = 'lower' WHERE code = 'I5';
SELECT isnt(cop_alloc.fingerprint(2025), (SELECT before FROM fp), 'an indicator''s direction is');
UPDATE cop_alloc.indicator SET direction = 'higher' WHERE code = 'I5';
INSERT INTO cop_alloc.chamber VALUES ('OUEST-ASSOC', 'Chambre associée à l''Ouest', 'OUEST');
SELECT isnt(cop_alloc.fingerprint(2025), (SELECT before FROM fp), 'so is a new association');
DELETE FROM cop_alloc.chamber WHERE code = 'OUEST-ASSOC';
UPDATE cop_alloc.exercise SET tolerance = 0.01 WHERE year = 2025;
SELECT isnt(cop_alloc.fingerprint(2025), (SELECT before FROM fp), 'and a parameter');
UPDATE cop_alloc.exercise SET tolerance = 0 WHERE year = 2025;
SELECT is(cop_alloc.fingerprint(2025), (SELECT before FROM fp), 'back to the same inputs, back to the same fingerprint');

-- run(year, note)
CREATE TEMP TABLE r1 AS SELECT cop_alloc.run(2025, 'first computation') AS id;
SELECT is((SELECT id FROM r1), (SELECT max(run_id) FROM cop_alloc.run), 'run returns the new run_id');
SELECT results_eq(
    $$SELECT year, results_year, fingerprint, note, ran_by, ran_at FROM cop_alloc.run WHERE run_id = (SELECT id FROM r1)$$,
    $$SELECT 2025, 2024, cop_alloc.fingerprint(2025), 'first computation'::text, current_user::text COLLATE "default", now()$$,
    'the run records its year, results year, fingerprint, note, who and when');
SELECT is((SELECT parameters FROM cop_alloc.run WHERE run_id = (SELECT id FROM r1)) - 'axis_weights',
          jsonb_build_object('year', 2025, 'tax_product', 1000000, 'quote_part', 100000, 'quote_part_min', 80000,
                             'operating_pct', 0.65, 'minister_authorized', true, 'performance_decided', true,
                             'results_year', 2024, 'tolerance', 0, 'missing_result', 'error',
                             'max_decrease_pct', NULL, 'max_increase_pct', NULL),
          'the parameters are stored as jsonb');
SELECT is((SELECT parameters -> 'axis_weights' FROM cop_alloc.run WHERE run_id = (SELECT id FROM r1)),
          '{"1": 0.2, "2": 0.2, "3": 0.25, "4": 0.1, "5": 0.15, "6": 0.1}'::jsonb, 'with the axis weights');
SELECT results_eq(
    $$SELECT chamber_code, operating, performance_envelope, deduction, performance, total
        FROM cop_alloc.run_line WHERE run_id = (SELECT id FROM r1) ORDER BY chamber_code COLLATE "C"$$,
    'SELECT chamber_code, operating, performance_envelope, deduction, performance, total FROM cop_alloc.allocate(2025)',
    'every chamber line is allocate''s');
SELECT results_eq(
    $$SELECT chamber_code, operating_key, performance_key, lower_bound, lower_source, upper_bound, upper_source, binding, operating
        FROM cop_alloc.run_line WHERE run_id = (SELECT id FROM r1) ORDER BY chamber_code COLLATE "C"$$,
    'SELECT * FROM cop_alloc.allocation_bounds(2025)', 'with its keys and bounds');
SELECT results_eq(
    $$SELECT operating_before FROM cop_alloc.run_line WHERE run_id = (SELECT id FROM r1) ORDER BY chamber_code COLLATE "C"$$,
    $$VALUES (351000.00), (175500.00), (58500.00)$$, 'and the plain share before equalisation');
SELECT results_eq(
    $$SELECT chamber_code, axis_no, stake, achievement, deduction
        FROM cop_alloc.run_axis WHERE run_id = (SELECT id FROM r1) ORDER BY chamber_code COLLATE "C", axis_no$$,
    'SELECT * FROM cop_alloc.axis_deductions(2025)', 'every axis line is axis_deductions''');
SELECT results_eq(
    $$SELECT tax_product, quote_part, distributable, operating_part, performance_part, allocated, reserve
        FROM cop_alloc.run WHERE run_id = (SELECT id FROM r1)$$,
    'SELECT * FROM cop_alloc.summary(2025)', 'the summary is summary''s');
SELECT results_eq(
    $$SELECT kind, key, value FROM cop_alloc.run_input WHERE run_id = (SELECT id FROM r1) ORDER BY kind COLLATE "C", key COLLATE "C"$$,
    $$SELECT kind, key, value FROM cop_alloc.input_record(2025) ORDER BY kind COLLATE "C", key COLLATE "C"$$,
    'the run stores input_record(2025): one row per chamber');
SELECT set_eq(
    $$SELECT kind, key, value FROM cop_alloc.run_input_detail WHERE run_id = (SELECT id FROM r1)$$,
    $$SELECT kind, key, value FROM cop_alloc.run_inputs(2025)$$,
    'read one row per table row, they are run_inputs(2025)');
SELECT is((SELECT encode(sha256(convert_to('cop_alloc inputs v2', 'UTF8') ||
                   string_agg(sha256(convert_to(kind || E'\t' || key || E'\t' || value::text, 'UTF8')), ''::bytea
                              ORDER BY kind COLLATE "C", key COLLATE "C")), 'hex')
             FROM cop_alloc.run_input WHERE run_id = (SELECT id FROM r1)),
          (SELECT fingerprint FROM cop_alloc.run WHERE run_id = (SELECT id FROM r1)),
          'the stored inputs hash to the stored fingerprint (format 2, by its SQL definition)');
SELECT is(cop_alloc.verify_run((SELECT id FROM r1)), true, 'verify_run says so');
SELECT is((SELECT a.attcompression::text FROM pg_attribute a
            WHERE a.attrelid = 'cop_alloc.input_document'::regclass AND a.attname = 'value'),
          CASE WHEN EXISTS (SELECT FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4'::text = ANY (enumvals))
               THEN 'l' ELSE '' END,
          'the inputs'' documents are compressed with lz4 where the server has it');
SELECT is(cop_alloc.verify_run(-1), NULL, 'verify_run of no run: NULL');

-- each input document is stored once, under the SHA-256 of its line
SELECT is((SELECT count(*) FROM cop_alloc.input_document), (SELECT count(*) FROM cop_alloc.input_record(2025)),
          'the first run stores one document per input row');
SELECT is((SELECT count(*) FROM cop_alloc.input_document
            WHERE digest <> sha256(convert_to(kind || E'\t' || key || E'\t' || value, 'UTF8'))
               OR value::jsonb::text <> value), 0::bigint,
          'each under the SHA-256 of its line kind TAB key TAB value, its value as jsonb prints it');
SELECT is((SELECT digests FROM cop_alloc.run_input_set WHERE run_id = (SELECT id FROM r1)),
          (SELECT array_agg(sha256(convert_to(kind || E'\t' || key || E'\t' || value::text, 'UTF8')) ORDER BY kind COLLATE "C", key COLLATE "C")
             FROM cop_alloc.input_record(2025)),
          'the run lists their digests in canonical order');
SELECT is((SELECT r.fingerprint FROM cop_alloc.run r WHERE r.run_id = (SELECT id FROM r1)),
          (SELECT encode(sha256(convert_to('cop_alloc inputs v2', 'UTF8')
                                || (SELECT string_agg(u.d, ''::bytea ORDER BY u.o) FROM unnest(s.digests) WITH ORDINALITY u (d, o))), 'hex')
             FROM cop_alloc.run_input_set s WHERE s.run_id = (SELECT id FROM r1)),
          'its fingerprint is the SHA-256 of the line cop_alloc inputs v2 and of that list: an auditor checks it from run_input_set alone');
SELECT ok(NOT has_function_privilege('public', 'cop_alloc.run_lines(int)', 'EXECUTE'),
          'run_lines, which stores them, is for run() alone');

-- identical inputs, identical run; diff_runs
SELECT cop_alloc.run(2025, 'again');
SELECT is((SELECT count(DISTINCT fingerprint) FROM cop_alloc.run WHERE year = 2025), 1::bigint, 'identical inputs give the identical fingerprint');
SELECT is((SELECT count(*) FROM cop_alloc.input_document), (SELECT count(*) FROM cop_alloc.input_record(2025)),
          'and store no new document');
SELECT is((SELECT count(DISTINCT digests) FROM cop_alloc.run_input_set), 1::bigint, 'both runs list the same');
SELECT is_empty($$SELECT * FROM cop_alloc.diff_runs((SELECT id FROM r1), (SELECT max(run_id) FROM cop_alloc.run))$$,
                'diff_runs of two runs of the same inputs is empty');
CREATE TEMP TABLE r2 AS SELECT max(run_id) AS id FROM cop_alloc.run;
SELECT is(cop_alloc.run_if_changed(2025), (SELECT id FROM r2), 'run_if_changed keeps the run of the current inputs');
SELECT is((SELECT max(run_id) FROM cop_alloc.run), (SELECT id FROM r2), 'and makes no new run');
UPDATE cop_alloc.indicator_result SET realized = 200 WHERE chamber_code = 'NORD-ASSOC' AND indicator_code = 'I1';
CREATE TEMP TABLE r3 AS SELECT cop_alloc.run_if_changed(2025, 'results corrected') AS id;
SELECT cmp_ok((SELECT id FROM r3), '>', (SELECT id FROM r2), 'after a change run_if_changed makes a new run');
SELECT results_eq($$SELECT kind, key FROM cop_alloc.input_document d
                     WHERE NOT EXISTS (SELECT FROM cop_alloc.run_input_set s WHERE s.run_id = (SELECT id FROM r1) AND d.digest = ANY (s.digests))$$,
                  $$VALUES ('chamber_inputs'::text, '["NORD-ASSOC"]'::text)$$,
                  'which stores one new document: that of the chamber whose result changed');
SELECT results_eq($$SELECT kind, key, value FROM cop_alloc.run_input WHERE run_id = (SELECT id FROM r3) ORDER BY kind COLLATE "C", key COLLATE "C"$$,
                  $$SELECT kind, key, value FROM cop_alloc.input_record(2025)$$,
                  'and its inputs are the new ones');
SELECT is(cop_alloc.verify_run((SELECT id FROM r3)), true, 'which hash to its fingerprint');
SELECT results_eq(
    $$SELECT section, item, key, field, value_a, value_b FROM cop_alloc.diff_runs((SELECT id FROM r1), (SELECT id FROM r3))
       WHERE section = 'input'$$,
    $$VALUES ('input'::text, 'indicator_result'::text, '["NORD-ASSOC", "I1"]'::text, 'realized'::text, '100'::text, '200'::text)$$,
    'diff_runs names the input that changed');
SELECT results_eq(
    $$SELECT item, key, field, value_a, value_b FROM cop_alloc.diff_runs((SELECT id FROM r1), (SELECT id FROM r3))
       WHERE section = 'amount' AND item <> 'axis'$$,
    $$VALUES ('chamber'::text, '["NORD"]'::text, 'deduction'::text, '11339.99'::text, '8504.99'::text),
             ('chamber', '["NORD"]', 'performance', '177660.01', '180495.01'),
             ('chamber', '["NORD"]', 'total', '520993.34', '523828.34'),
             ('summary', '[]', 'allocated', '882368.76', '885203.76'),
             ('summary', '[]', 'reserve', '17631.24', '14796.24')$$,
    'and the amounts that changed');
SELECT throws_ok('SELECT * FROM cop_alloc.diff_runs((SELECT id FROM r1), -1)', 'P0002', 'run -1 does not exist', 'diff_runs of an unknown run');
SELECT throws_ok('SELECT cop_alloc.run(2031)', 'P0002', 'exercise 2031 does not exist', 'run of an unknown exercise');

-- append-only, for the tables' owner too
SELECT is((SELECT bool_and(tableowner = current_user) FROM pg_tables WHERE schemaname = 'cop_alloc' AND tablename LIKE 'run%'),
          true, 'these tests run as the owner of the run tables');
SELECT throws_ok($$UPDATE cop_alloc.run SET note = 'edited' WHERE run_id = (SELECT id FROM r1)$$, '23001',
                 'cop_alloc.run is append-only: update is not allowed',
                 'a run cannot be updated');
SELECT throws_ok($$DELETE FROM cop_alloc.run_line WHERE chamber_code = 'NORD'$$, '23001', NULL, 'nor its lines deleted');
SELECT throws_ok('TRUNCATE cop_alloc.run_input_set', '23001', 'cop_alloc.run_input_set is append-only: truncate is not allowed',
                 'nor its inputs truncated');
SELECT throws_ok($$DELETE FROM cop_alloc.input_document$$, '23001',
                 'cop_alloc.input_document is append-only: delete is not allowed', 'nor the input documents deleted');
CREATE TEMP TABLE refused (detail text, hint text);
DO $$
DECLARE d text; h text;
BEGIN
    TRUNCATE cop_alloc.run_input_set;
EXCEPTION WHEN restrict_violation THEN
    GET STACKED DIAGNOSTICS d = PG_EXCEPTION_DETAIL, h = PG_EXCEPTION_HINT;
    INSERT INTO refused VALUES (d, h);
END $$;
SELECT results_eq('SELECT * FROM refused',
                  $$VALUES ('Runs record what was computed, from which inputs, and what was published; they are kept for good.'::text,
                            'Make a new run instead; publish it with a supersede_reason to replace a publication.'::text)$$,
                  'the refusal says what the table keeps and what to do instead');
SELECT is((SELECT count(*) FROM pg_trigger g JOIN pg_proc p ON p.oid = g.tgfoid
            WHERE p.proname = 'refuse_change' AND g.tgenabled = 'A'), 32::bigint,
          'one trigger function, refuse_change, for the sixteen append-only tables (job_log, the five of the results intake, run_source and the two of the COP versions included), its triggers enabled always');
SELECT is((SELECT count(*) FROM pg_proc WHERE pronamespace = 'cop_alloc'::regnamespace AND proname LIKE '%refuse_change'), 1::bigint,
          'and no other copy');
SET LOCAL session_replication_role = replica;
SELECT throws_ok($$UPDATE cop_alloc.run_line SET axes = '{}'$$, '23001', NULL, 'the triggers fire under session_replication_role = replica too');
RESET session_replication_role;

-- a document changed behind the runs' back (its append-only trigger set
-- aside, as only the tables' owner can): verify_run finds it, in each run
-- that read it
ALTER TABLE cop_alloc.input_document DISABLE TRIGGER input_document_append_only;
UPDATE cop_alloc.input_document SET value = replace(value, '"I1": 100', '"I1": 101') WHERE key = '["NORD-ASSOC"]' AND value LIKE '%"I1": 100%';
SELECT is((SELECT array_agg(cop_alloc.verify_run(run_id) ORDER BY run_id) FROM cop_alloc.run WHERE run_id <= (SELECT id FROM r2)),
          ARRAY[false, false], 'verify_run finds a changed document in every run that read it');
SELECT is(cop_alloc.verify_run((SELECT id FROM r3)), true, 'and not in a run that did not');
UPDATE cop_alloc.input_document SET digest = sha256(convert_to(kind || E'\t' || key || E'\t' || value, 'UTF8'))
 WHERE key = '["NORD-ASSOC"]' AND value LIKE '%"I1": 101%';
SELECT is(cop_alloc.verify_run((SELECT id FROM r1)), false, 'nor when its digest is made to match: the run lists the old one');

SELECT * FROM finish();
ROLLBACK;
