-- Publication: publish(run_id) needs the approvals (or a recorded reason
-- to force), makes the run the one distribution of its year, refuses a
-- second one unless the first is superseded with a reason, and leaves
-- published runs and publications unchangeable, for their owner too.
BEGIN;
SET search_path = public;
SET client_min_messages = error;
SELECT plan(42);

\i test/fixtures/example.sql

CREATE TEMP TABLE runs AS SELECT 'a'::text AS name, cop_alloc.run(2025, 'first') AS id;
INSERT INTO runs SELECT 'b', cop_alloc.run(2025, 'second');

-- not approved: refused, unless forced
SELECT throws_ok($$SELECT cop_alloc.publish((SELECT id FROM runs WHERE name = 'a'))$$, '55000',
                 'exercise 2025 is not ready for publication', 'no approvals: publish is refused');
SELECT is_empty('SELECT * FROM cop_alloc.publication', 'and nothing is published');
SELECT throws_ok('SELECT cop_alloc.publish(-1)', 'P0002', 'run -1 does not exist', 'an unknown run');

-- the approvals: percentage tacitly adopted, opinions and review, vote, minister
INSERT INTO cop_alloc.percentage_proposal (year, operating_pct, received_on) VALUES (2025, 0.65, current_date - 60);
SELECT id AS run, current_date - 55 AS day FROM runs WHERE name = 'a' \gset
\i test/fixtures/review.sql
INSERT INTO cop_alloc.deliberation_vote (year, meeting_on, members_in_office, members_present, votes_for, votes_against, run_id)
VALUES (2025, current_date - 30, 30, 24, 20, 2, (SELECT id FROM runs WHERE name = 'a'));
SELECT is((SELECT stage FROM cop_alloc.status(2025)), 'minister', 'voted: the minister''s approval is missing');
SELECT throws_ok($$SELECT cop_alloc.publish((SELECT id FROM runs WHERE name = 'a'))$$, '55000',
                 'exercise 2025 is not ready for publication', 'no express approval of the minister: refused (D333-5)');
INSERT INTO cop_alloc.minister_approval (vote_id, decision, decided_on)
SELECT vote_id, 'approved', current_date - 10 FROM cop_alloc.deliberation_vote WHERE year = 2025;
SELECT is((SELECT ready FROM cop_alloc.status(2025)), true, 'approved: ready');

CREATE TEMP TABLE pubs AS SELECT 'p1'::text AS name, cop_alloc.publish((SELECT id FROM runs WHERE name = 'a')) AS id;
SELECT results_eq(
    $$SELECT year, run_id, published_by, supersedes, forced_reason, missing FROM cop_alloc.publication$$,
    $$SELECT 2025, (SELECT id FROM runs WHERE name = 'a'), current_user::text COLLATE "default", NULL::bigint, NULL::text, '{}'::text[]$$,
    'publish records the publication');
SELECT is((SELECT run_id FROM cop_alloc.current_publication WHERE year = 2025), (SELECT id FROM runs WHERE name = 'a'),
          'the run is the published distribution of 2025');
SELECT results_eq('SELECT chamber_code, operating, performance_envelope, deduction, performance, total FROM cop_alloc.published_distribution WHERE year = 2025 ORDER BY chamber_code COLLATE "C"',
                  'SELECT chamber_code, operating, performance_envelope, deduction, performance, total FROM cop_alloc.allocate(2025)',
                  'published_distribution shows its lines');
SELECT results_eq('SELECT chamber_code, operating FROM cop_alloc.published_operating WHERE year = 2025 ORDER BY chamber_code COLLATE "C"',
                  $$VALUES ('NORD'::text, 343333.33), ('OUEST', 171666.67), ('OUTREMER', 70000.00)$$,
                  'published_operating gives each chamber''s operating part');
SELECT is((SELECT stage FROM cop_alloc.status(2025)), 'published', 'status says published');

-- a second publication of the same year
SELECT throws_ok($$SELECT cop_alloc.publish((SELECT id FROM runs WHERE name = 'b'))$$, '23505',
                 format('exercise 2025 is already published by run %s', (SELECT id FROM runs WHERE name = 'a')),
                 'a second publication of 2025 is refused');
SELECT throws_ok($$SELECT cop_alloc.publish((SELECT id FROM runs WHERE name = 'a'))$$, '23505',
                 format('run %s is already the published distribution of 2025', (SELECT id FROM runs WHERE name = 'a')),
                 'publishing the published run again is refused');
SELECT throws_ok($$INSERT INTO cop_alloc.publication (year, run_id) VALUES (2025, (SELECT id FROM runs WHERE name = 'b'))$$,
                 '23505', NULL, 'even by a plain INSERT');
SELECT is(cop_alloc.publish_when_ready(2025), (SELECT id FROM pubs), 'publish_when_ready returns the publication in force');
SELECT is((SELECT count(*) FROM cop_alloc.publication), 1::bigint, 'and publishes nothing more');

-- the published run and the publication never change, for their owner too
SELECT is((SELECT bool_and(tableowner = current_user) FROM pg_tables
            WHERE schemaname = 'cop_alloc' AND tablename IN ('run', 'run_line', 'run_input', 'publication')),
          true, 'these tests run as the tables'' owner');
SELECT throws_ok($$UPDATE cop_alloc.run SET note = 'edited' WHERE run_id = (SELECT id FROM runs WHERE name = 'a')$$, '23001',
                 'cop_alloc.run is append-only: update is not allowed',
                 'UPDATE of the published run');
SELECT throws_ok($$UPDATE cop_alloc.run_line SET total = total + 1 WHERE run_id = (SELECT id FROM runs WHERE name = 'a')$$, '23001',
                 'cop_alloc.run_line is append-only: update is not allowed',
                 'UPDATE of its lines');
SELECT throws_ok($$UPDATE cop_alloc.run_line SET axes = '{}' WHERE run_id = (SELECT id FROM runs WHERE name = 'a')$$, '23001',
                 'cop_alloc.run_line is append-only: update is not allowed',
                 'nor of its axis lines, which are in its lines');
SELECT throws_ok($$DELETE FROM cop_alloc.run_axis WHERE run_id = (SELECT id FROM runs WHERE name = 'a')$$, '55000',
                 'cannot delete from view "run_axis"',
                 'run_axis, which reads them one row per axis, is a view that nobody writes');
SELECT throws_ok($$DELETE FROM cop_alloc.run WHERE run_id = (SELECT id FROM runs WHERE name = 'a')$$, '23001', NULL,
                 'DELETE of the run');
SELECT throws_ok('TRUNCATE cop_alloc.run CASCADE', '23001', NULL, 'TRUNCATE of the runs');
SELECT throws_ok('TRUNCATE cop_alloc.run_line CASCADE', '23001', NULL, 'TRUNCATE of the lines');
SELECT throws_ok($$UPDATE cop_alloc.publication SET run_id = (SELECT id FROM runs WHERE name = 'b')$$, '23001',
                 'cop_alloc.publication is append-only: update is not allowed',
                 'UPDATE of the publication');
SELECT throws_ok('DELETE FROM cop_alloc.publication', '23001', NULL, 'DELETE of the publication');
SELECT throws_ok('TRUNCATE cop_alloc.publication CASCADE', '23001', NULL, 'TRUNCATE of the publications');
SELECT throws_ok($$UPDATE cop_alloc.deliberation_vote SET votes_for = 0 WHERE year = 2025$$, '23001',
                 'approvals of exercise 2025 cannot be updated: the exercise is published', 'the approvals it relied on are frozen');
SELECT throws_ok($$DELETE FROM cop_alloc.minister_approval$$, '23001', NULL, 'the minister''s approval too');
SELECT throws_ok('TRUNCATE cop_alloc.percentage_proposal CASCADE', '23001', NULL, 'and the proposals');
SELECT ok((SELECT bool_and(t.tgenabled = 'A') FROM pg_trigger t
            WHERE t.tgrelid IN ('cop_alloc.run'::regclass, 'cop_alloc.run_line'::regclass, 'cop_alloc.run_axis'::regclass,
                                'cop_alloc.run_input'::regclass, 'cop_alloc.publication'::regclass) AND NOT t.tgisinternal),
          'the triggers are ENABLE ALWAYS');

-- superseding: only with a reason, which is kept
UPDATE cop_alloc.indicator_result SET realized = 200 WHERE chamber_code = 'NORD-ASSOC' AND indicator_code = 'I1';
INSERT INTO runs SELECT 'c', cop_alloc.run(2025, 'NORD-ASSOC result corrected');
SELECT throws_ok($$SELECT cop_alloc.publish((SELECT id FROM runs WHERE name = 'c'), supersede_reason => '  ')$$, '23505',
                 NULL, 'a blank reason is no reason');
SELECT throws_ok($$SELECT cop_alloc.publish((SELECT id FROM runs WHERE name = 'c'), supersede_reason => 'NORD-ASSOC result corrected')$$,
                 '55000', 'exercise 2025 is not ready for publication',
                 'the general assembly voted on other figures: superseding needs a new vote');
SELECT id AS run, current_date - 25 AS day FROM runs WHERE name = 'c' \gset
\i test/fixtures/review.sql
INSERT INTO cop_alloc.deliberation_vote (year, meeting_on, members_in_office, members_present, votes_for, votes_against, run_id)
VALUES (2025, current_date - 3, 30, 24, 20, 2, (SELECT id FROM runs WHERE name = 'c'));
INSERT INTO cop_alloc.minister_approval (vote_id, decision, decided_on)
SELECT max(vote_id), 'approved', current_date - 1 FROM cop_alloc.deliberation_vote;
INSERT INTO pubs SELECT 'p2', cop_alloc.publish((SELECT id FROM runs WHERE name = 'c'), supersede_reason => 'NORD-ASSOC result corrected');
SELECT results_eq(
    $$SELECT run_id, supersedes, supersede_reason FROM cop_alloc.current_publication WHERE year = 2025$$,
    $$SELECT (SELECT id FROM runs WHERE name = 'c'), (SELECT id FROM pubs WHERE name = 'p1'), 'NORD-ASSOC result corrected'::text$$,
    'the new publication supersedes the first, with its reason');
SELECT is((SELECT count(*) FROM cop_alloc.publication WHERE year = 2025), 2::bigint, 'the first publication is kept');
SELECT is((SELECT operating FROM cop_alloc.published_operating WHERE year = 2025 AND chamber_code = 'NORD'), 343333.33,
          'published_operating follows the publication in force');
SELECT throws_ok($$INSERT INTO cop_alloc.publication (year, run_id, supersedes, supersede_reason)
                   VALUES (2025, (SELECT id FROM runs WHERE name = 'b'), (SELECT id FROM pubs WHERE name = 'p1'), 'again')$$,
                 '23505', NULL, 'a publication is superseded only once');

-- forcing: the reason and what was missing are kept
INSERT INTO cop_alloc.exercise (year, tax_product, quote_part, operating_pct) VALUES (2026, 500000.00, 50000.00, 0.5);
INSERT INTO cop_alloc.exercise_axis SELECT 2026, axis_no, cop_weight FROM cop_alloc.axis WHERE from_cop;
INSERT INTO cop_alloc.exercise_chamber (year, chamber_code, assujettis) VALUES (2026, 'NORD', 1), (2026, 'OUEST', 1);
INSERT INTO cop_alloc.com_target (year, chamber_code, indicator_code, target) VALUES (2025, 'NORD', 'I1', 1), (2025, 'OUEST', 'I1', 1);
INSERT INTO cop_alloc.indicator_result (year, chamber_code, indicator_code, realized) VALUES (2025, 'NORD', 'I1', 1), (2025, 'OUEST', 'I1', 1);
INSERT INTO runs SELECT 'd', cop_alloc.run(2026);
SELECT throws_ok($$SELECT cop_alloc.publish((SELECT id FROM runs WHERE name = 'd'), supersede_reason => 'nothing to replace')$$,
                 'P0002', 'exercise 2026 has no publication to supersede', 'superseding nothing is refused');
SELECT lives_ok($$SELECT cop_alloc.publish((SELECT id FROM runs WHERE name = 'd'), force_reason => 'budget deadline')$$,
                'publish with force_reason');
SELECT results_eq(
    $$SELECT forced_reason, cardinality(missing) > 0 FROM cop_alloc.publication WHERE year = 2026$$,
    $$VALUES ('budget deadline'::text, true)$$, 'the reason and the missing approvals are kept');
SELECT throws_ok($$SELECT cop_alloc.publish((SELECT id FROM runs WHERE name = 'a'), force_reason => 'x')$$, '23505', NULL,
                 'forcing does not allow a second publication');
SELECT lives_ok($$DELETE FROM cop_alloc.percentage_proposal WHERE year = 2026$$, 'the approvals of an unpublished year can be corrected');

SELECT * FROM finish();
ROLLBACK;
