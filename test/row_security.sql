-- Row-level security of the per-chamber tables (com_target,
-- indicator_result): a chamber's role reads and writes only its rows and
-- those of the chambers associated to it; finance, assembly, ministry and
-- readers read all; only finance writes other chambers' rows; the engine
-- refuses to compute from a chamber's partial view.
BEGIN;
SET search_path = public;
SELECT plan(60);

\i test/fixtures/example.sql

SELECT policies_are('cop_alloc', t, ARRAY[t || '_read', t || '_insert', t || '_update', t || '_delete'],
                    'cop_alloc.' || t || ' has its four policies')
  FROM unnest(ARRAY['com_target', 'indicator_result']) t;
SELECT is((SELECT array_agg(c.relname::text ORDER BY 1) FROM pg_class c
            WHERE c.relnamespace = 'cop_alloc'::regnamespace AND c.relrowsecurity AND c.relforcerowsecurity
              AND c.relname IN ('com_target', 'indicator_result')),
          ARRAY['com_target', 'indicator_result'], 'row-level security is enabled and forced on both');

-- rows a statement changed, visible to the test roles
CREATE FUNCTION pg_temp.changed(q text) RETURNS bigint LANGUAGE plpgsql AS
$$DECLARE n bigint; BEGIN EXECUTE q; GET DIAGNOSTICS n = ROW_COUNT; RETURN n; END$$;

\i test/fixtures/parties.sql
GRANT ALL ON cop_alloc.com_target, cop_alloc.indicator_result TO cop_t_all;

SELECT table_privs_are('cop_alloc', 'indicator_result', 'cop_t_nord', ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE'],
                       'a chamber may write results (row-level security narrows it)');
SELECT table_privs_are('cop_alloc', 'com_target', 'cop_t_nord', ARRAY['SELECT'], 'and only read targets');
SELECT table_privs_are('cop_alloc', 'com_target', 'cop_t_fin', ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE'], 'finance writes targets');
SELECT table_privs_are('cop_alloc', 'indicator_result', 'cop_t_rdr', ARRAY['SELECT'], 'a reader reads results');

-- a chamber: its rows and its associated chamber's, nothing else
SET LOCAL ROLE cop_t_nord;
SELECT is((SELECT array_agg(DISTINCT chamber_code ORDER BY chamber_code) FROM cop_alloc.com_target),
          ARRAY['NORD', 'NORD-ASSOC'], 'NORD reads its targets and NORD-ASSOC''s');
SELECT is((SELECT count(*) FROM cop_alloc.indicator_result WHERE chamber_code NOT IN ('NORD', 'NORD-ASSOC')), 0::bigint,
          'and 0 results of other chambers');
SELECT is((SELECT count(*) FROM cop_alloc.indicator_result), 7::bigint, 'its 7 results');
SELECT lives_ok($$UPDATE cop_alloc.indicator_result SET realized = 120 WHERE chamber_code = 'NORD-ASSOC' AND indicator_code = 'I1'$$,
                'NORD corrects NORD-ASSOC''s result');
SELECT lives_ok($$INSERT INTO cop_alloc.indicator_result VALUES (2023, 'NORD', 'I1', 1)$$, 'and inserts a result of its own');
SELECT throws_ok($$INSERT INTO cop_alloc.indicator_result VALUES (2023, 'OUEST', 'I1', 1)$$, '42501', NULL,
                 'but not one of OUEST');
SELECT is(pg_temp.changed($$UPDATE cop_alloc.indicator_result SET realized = 0 WHERE chamber_code = 'OUEST'$$),
          0::bigint, 'updates no result of OUEST');
SELECT is(pg_temp.changed($$DELETE FROM cop_alloc.indicator_result WHERE chamber_code = 'OUTREMER'$$),
          0::bigint, 'deletes none of OUTREMER''s');
SELECT throws_ok($$UPDATE cop_alloc.indicator_result SET chamber_code = 'OUEST' WHERE chamber_code = 'NORD' AND year = 2023$$,
                 '42501', NULL, 'nor moves its own result to OUEST');
SELECT throws_ok($$INSERT INTO cop_alloc.com_target VALUES (2023, 'NORD', 'I1', 1)$$, '42501', NULL, 'writes no target, even its own');
SELECT throws_ok($$UPDATE cop_alloc.com_target SET target = 0$$, '42501', NULL, 'nor lowers one');
SELECT throws_ok($$SELECT * FROM cop_alloc.allocate(2025)$$, '42501',
                 'role "cop_t_nord" does not see every chamber''s COM targets and results: exercise 2025 cannot be computed from them',
                 'the engine refuses to compute from NORD''s partial view');
SELECT throws_ok($$SELECT * FROM cop_alloc.simulate(2025, '{}')$$, '42501', NULL, 'simulate too');
SELECT is((SELECT count(*) FROM cop_alloc.exercise_chamber), 3::bigint, 'it reads the exercise''s recipients and keys');
RESET ROLE;

SET LOCAL ROLE cop_t_ouest;
SELECT is((SELECT array_agg(DISTINCT chamber_code) FROM cop_alloc.com_target), ARRAY['OUEST'], 'OUEST reads only its targets');
SELECT is((SELECT realized::numeric FROM cop_alloc.indicator_result WHERE chamber_code = 'NORD-ASSOC'), NULL, 'and not NORD-ASSOC''s result');
RESET ROLE;

-- finance, assembly, ministry, readers see all; only finance writes
SET LOCAL ROLE cop_t_fin;
SELECT is((SELECT count(*) FROM cop_alloc.com_target), 19::bigint, 'finance reads every target');
SELECT lives_ok($$UPDATE cop_alloc.indicator_result SET realized = 301 WHERE chamber_code = 'OUEST' AND indicator_code = 'I1'$$,
                'finance corrects OUEST''s result');
SELECT lives_ok($$INSERT INTO cop_alloc.com_target VALUES (2023, 'OUTREMER', 'I1', 1)$$, 'and adds a target');
SELECT is((SELECT count(*) FROM cop_alloc.allocate(2025)), 3::bigint, 'and computes the distribution');
RESET ROLE;
SET LOCAL ROLE cop_t_asm;
SELECT is((SELECT count(*) FROM cop_alloc.indicator_result), 20::bigint, 'the assembly reads every result');
SELECT throws_ok($$INSERT INTO cop_alloc.indicator_result VALUES (2022, 'NORD', 'I1', 1)$$, '42501', NULL, 'and writes none');
RESET ROLE;
SET LOCAL ROLE cop_t_min;
SELECT is((SELECT count(*) FROM cop_alloc.indicator_result), 20::bigint, 'the ministry reads every result');
SELECT throws_ok($$DELETE FROM cop_alloc.indicator_result$$, '42501', NULL, 'and deletes none');
RESET ROLE;
CREATE TEMP TABLE by_superuser AS SELECT * FROM cop_alloc.allocate(2025);
GRANT SELECT ON by_superuser TO cop_t_rdr;
SET LOCAL ROLE cop_t_rdr;
SELECT is((SELECT count(*) FROM cop_alloc.com_target), 20::bigint, 'a reader reads every target');
SELECT results_eq($$SELECT * FROM cop_alloc.allocate(2025)$$, $$SELECT * FROM by_superuser$$,
                  'and computes the same distribution as the superuser, to the cent');
SELECT throws_ok($$UPDATE cop_alloc.com_target SET target = 1$$, '42501', NULL, 'but writes nothing');
RESET ROLE;

-- a role given ALL but enrolled for nothing: no row, no write
SET LOCAL ROLE cop_t_all;
SELECT is((SELECT count(*) FROM cop_alloc.com_target), 0::bigint, 'ALL without a party reads 0 targets');
SELECT is((SELECT count(*) FROM cop_alloc.indicator_result), 0::bigint, 'and 0 results');
SELECT throws_ok($$INSERT INTO cop_alloc.indicator_result VALUES (2022, 'NORD', 'I1', 1)$$, '42501', NULL, 'inserts none');
SELECT is(pg_temp.changed($$DELETE FROM cop_alloc.com_target$$), 0::bigint, 'deletes none');
SELECT throws_ok($$SELECT * FROM cop_alloc.allocate(2025)$$, '42501', NULL, 'and computes nothing');
RESET ROLE;

-- the lines of runs: a chamber reads its own, and all those of a published run
SELECT cop_alloc.run(2025) AS unpublished \gset
SELECT policies_are('cop_alloc', 'run_line', ARRAY['run_line_read', 'run_line_insert'], 'cop_alloc.run_line has its two policies');
SELECT is((SELECT c.reloptions FROM pg_class c WHERE c.oid = 'cop_alloc.run_axis'::regclass), ARRAY['security_invoker=true'],
          'the view run_axis reads run_line as its caller, under these policies');
SET LOCAL ROLE cop_t_nord;
SELECT is((SELECT array_agg(DISTINCT chamber_code) FROM cop_alloc.run_line WHERE run_id = :unpublished), ARRAY['NORD'],
          'NORD reads only its line of a run not published');
SELECT is((SELECT count(*) FROM cop_alloc.run_axis WHERE run_id = :unpublished AND chamber_code <> 'NORD'), 0::bigint,
          'and none of the other chambers'' axis lines');
SELECT is((SELECT count(*) FROM cop_alloc.run_axis WHERE run_id = :unpublished AND chamber_code = 'NORD'), 6::bigint,
          'but its own six');
RESET ROLE;
SET LOCAL client_min_messages = error;
SELECT cop_alloc.publish(:unpublished, force_reason => 'test') IS NOT NULL AS published \gset
RESET client_min_messages;
SET LOCAL ROLE cop_t_nord;
SELECT is((SELECT count(*) FROM cop_alloc.run_line WHERE run_id = :unpublished), 3::bigint,
          'once published, it reads every line of the distribution');
RESET ROLE;

-- the inputs of a run hold every chamber's figures: a chamber reads none
SELECT policies_are('cop_alloc', 'input_document', ARRAY['input_document_read', 'input_document_insert'],
                    'cop_alloc.input_document has its two policies');
SELECT policies_are('cop_alloc', 'run_input_set', ARRAY['run_input_set_read', 'run_input_set_insert'],
                    'cop_alloc.run_input_set has its two policies');
SELECT is((SELECT array_agg(relname::text ORDER BY relname) FROM pg_class
            WHERE relnamespace = 'cop_alloc'::regnamespace AND relname IN ('input_document', 'run_input_set')
              AND relrowsecurity AND relforcerowsecurity),
          ARRAY['input_document', 'run_input_set'], 'both with row-level security enabled and forced');
SET LOCAL ROLE cop_t_nord;
SELECT is((SELECT count(*) FROM cop_alloc.input_document) + (SELECT count(*) FROM cop_alloc.run_input_set), 0::bigint,
          'NORD reads no input document, nor any run''s list of them');
SELECT is((SELECT count(*) FROM cop_alloc.run_input WHERE run_id = :unpublished), 0::bigint,
          'NORD reads none of the inputs of a run, published or not');
SELECT is((SELECT count(*) FROM cop_alloc.published_year WHERE inputs_changed IS NULL AND current_fingerprint IS NULL),
          (SELECT count(*) FROM cop_alloc.published_year),
          'published_year cannot tell NORD whether inputs changed (NULL), rather than compare a partial fingerprint');
SELECT is((SELECT inputs_changed FROM cop_alloc.status(2025)), NULL, 'nor can status(2025)');
SELECT is(cop_alloc.verify_run(:unpublished), NULL, 'nor verify_run, which reads the stored inputs');
SELECT is((SELECT count(*) FROM cop_alloc.run_input_detail WHERE run_id = :unpublished), 0::bigint,
          'nor run_input_detail (row-level security of run_input, as the caller)');
SELECT is((SELECT string_agg(key, ' ' ORDER BY key COLLATE "C") FROM cop_alloc.input_record(2025)
            WHERE kind = 'chamber_inputs' AND value -> 'com_target' <> '{}'),
          '["NORD"] ["NORD-ASSOC"]', 'input_record gives NORD the targets of its own chambers only');
RESET ROLE;
SELECT ok((SELECT count(*) FROM cop_alloc.run_input WHERE run_id = :unpublished) > 0,
          'the inputs are there for the roles that see every chamber');
SELECT is(cop_alloc.verify_run(:unpublished), true, 'and they still hash to the run''s fingerprint');

-- the superuser still sees everything
SELECT is((SELECT count(*) FROM cop_alloc.com_target), 20::bigint, 'the superuser reads every target');
SELECT is((SELECT realized::numeric FROM cop_alloc.indicator_result WHERE chamber_code = 'NORD-ASSOC'), 120::numeric,
          'NORD''s correction of NORD-ASSOC is there');
SELECT is((SELECT count(*) FROM cop_alloc.indicator_result WHERE year = 2023), 1::bigint, 'with NORD''s own new result only');

SELECT * FROM finish();
ROLLBACK;
