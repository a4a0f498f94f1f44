-- Jobs: publish_when_ready(year, strict) records every outcome (not
-- ready and why, published, already published, inputs changed) in the
-- append-only job_log; strict raises, naming what is missing, so that a
-- scheduler sees the failure.  CALL publication_job and NOTIFY need their
-- own transactions: test/shell/cron.sh runs them.
BEGIN;
SET search_path = public;
SET client_min_messages = error;
SELECT plan(26);

\i test/fixtures/example.sql

SELECT has_table('cop_alloc', 'job_log', 'the job log');
SELECT has_function('cop_alloc', 'publish_when_ready', ARRAY['integer', 'boolean'], 'publish_when_ready(year, strict)');
SELECT hasnt_function('cop_alloc', 'publish_when_ready', ARRAY['integer'], 'the one-argument form is gone (strict has a default)');

-- not ready
SELECT is(cop_alloc.publish_when_ready(2025), NULL, 'not ready: NULL');
SELECT results_eq($$SELECT job, year, strict, outcome, publication_id, cardinality(missing) > 0 FROM cop_alloc.job_log$$,
                  $$VALUES ('publish_when_ready'::text, 2025, false, 'not ready'::text, NULL::bigint, true)$$,
                  'the job log records it, with what is missing');
SELECT is((SELECT missing FROM cop_alloc.job_log), (SELECT missing FROM cop_alloc.status(2025)), 'the steps status lists');
SELECT matches((SELECT message FROM cop_alloc.job_log), '^L''exercice 2025 n''est pas publiable : ', 'and a message in French');
SELECT throws_ok('SELECT cop_alloc.publish_when_ready(2025, true)', '55000', 'exercise 2025 is not ready for publication',
                 'strict: not ready raises');
SELECT is((SELECT count(*) FROM cop_alloc.job_log), 1::bigint, 'its log row goes with the failed statement');
CREATE FUNCTION pg_temp.detail_of(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE d text;
BEGIN
    EXECUTE q;
    RETURN NULL;
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS d = PG_EXCEPTION_DETAIL;
    RETURN d;
END $$;
SELECT is(pg_temp.detail_of('SELECT cop_alloc.publish_when_ready(2025, true)'),
          (SELECT array_to_string(missing, ' ') FROM cop_alloc.status(2025)),
          'its detail names every missing step');
SELECT throws_ok('SELECT cop_alloc.publish_when_ready(NULL)', '22004', NULL, 'a NULL year is an error');
SELECT throws_ok('SELECT cop_alloc.publish_when_ready(1999, true)', 'P0002', 'exercise 1999 does not exist', 'an unknown year');

-- ready: published
INSERT INTO cop_alloc.percentage_proposal (year, operating_pct, received_on) VALUES (2025, 0.65, current_date - 60);
SELECT cop_alloc.run(2025) AS run, current_date - 55 AS day, 2025 AS year \gset
\i test/fixtures/review.sql
INSERT INTO cop_alloc.deliberation_vote (year, meeting_on, members_in_office, members_present, votes_for, votes_against, run_id)
VALUES (2025, current_date - 30, 30, 24, 20, 2, :run);
INSERT INTO cop_alloc.minister_approval (vote_id, decision, decided_on)
SELECT vote_id, 'approved', current_date - 10 FROM cop_alloc.deliberation_vote WHERE year = 2025;
SELECT isnt(cop_alloc.publish_when_ready(2025, true), NULL, 'ready: strict publishes');
SELECT results_eq($$SELECT outcome, publication_id, run_id, strict FROM cop_alloc.job_log ORDER BY job_id DESC LIMIT 1$$,
                  $$SELECT 'published'::text, publication_id, run_id, true FROM cop_alloc.publication$$,
                  'published, with the publication and the run voted on');
SELECT is((SELECT run_id FROM cop_alloc.publication), (SELECT run_id FROM cop_alloc.deliberation_vote), 'the run the assembly voted on');

-- again: already published
SELECT is(cop_alloc.publish_when_ready(2025, true), (SELECT publication_id FROM cop_alloc.publication), 'again: the same publication');
SELECT is((SELECT outcome FROM cop_alloc.job_log ORDER BY job_id DESC LIMIT 1), 'already published', 'logged as already published');

-- the inputs change after publication
UPDATE cop_alloc.indicator_result SET realized = 700 WHERE year = 2024 AND chamber_code = 'NORD-ASSOC' AND indicator_code = 'I1';
SELECT is(cop_alloc.publish_when_ready(2025, true), (SELECT publication_id FROM cop_alloc.publication),
          'inputs changed: the publication in force is returned, nothing is republished');
SELECT results_eq($$SELECT outcome, (SELECT count(*) FROM cop_alloc.publication) FROM cop_alloc.job_log ORDER BY job_id DESC LIMIT 1$$,
                  $$VALUES ('inputs changed'::text, 1::bigint)$$, 'logged as inputs changed');

-- who may run it: the finance party
CREATE ROLE bi_jobs_stranger;
CREATE ROLE bi_jobs_finance;
SELECT cop_alloc.enrol('bi_jobs_finance', 'finance');
SELECT is_definer('cop_alloc', 'publish_when_ready', ARRAY['integer', 'boolean'], 'publish_when_ready is SECURITY DEFINER');
SET ROLE bi_jobs_stranger;
SELECT throws_ok('SELECT cop_alloc.publish_when_ready(2025)', '42501', NULL, 'a role not enrolled for finance cannot run it');
RESET ROLE;
SET ROLE bi_jobs_finance;
SELECT is(cop_alloc.publish_when_ready(2025), (SELECT publication_id FROM cop_alloc.publication), 'a finance role runs it');
SELECT throws_ok($$INSERT INTO cop_alloc.job_log (job, year, strict, outcome, message) VALUES ('x', 2025, false, 'published', 'x')$$,
                 '42501', NULL, 'but cannot write the job log directly');
RESET ROLE;
SELECT is((SELECT ran_by FROM cop_alloc.job_log ORDER BY job_id DESC LIMIT 1), 'bi_jobs_finance', 'the log names the role that ran it');

-- the log is append-only
SELECT throws_ok('UPDATE cop_alloc.job_log SET outcome = ''published''', '23001', NULL, 'the job log cannot be updated');
SELECT throws_ok('DELETE FROM cop_alloc.job_log', '23001', NULL, 'nor deleted from');

SELECT * FROM finish();
ROLLBACK;
