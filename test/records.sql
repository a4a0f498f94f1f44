-- The legal record is written only through the functions, each by its
-- party: finance (runs, publication, carry-forward, percentage proposals,
-- submissions for review, grants), assembly (votes, opinions), ministry
-- (percentage decisions, approvals);
-- readers and chambers write none of it; a role granted ALL on every
-- table writes none of it directly, nor through a trigger of its own.
BEGIN;
SET search_path = public;
SELECT plan(62);

\i test/fixtures/example.sql

\i test/fixtures/parties.sql
GRANT ALL ON ALL TABLES IN SCHEMA cop_alloc TO cop_t_all;
GRANT ALL ON ALL SEQUENCES IN SCHEMA cop_alloc TO cop_t_all;

-- the writers
SELECT is_definer('cop_alloc', f, 'cop_alloc.' || f || ' is SECURITY DEFINER')
  FROM unnest(ARRAY['run', 'run_if_changed', 'publish', 'publish_when_ready', 'carry_forward', 'propose_percentage',
                    'decide_percentage', 'record_vote', 'approve', 'grant_from_reserve', 'cancel_grant']) f;
SELECT is((SELECT array_agg(p.oid::regprocedure::text ORDER BY 1)
             FROM pg_proc p, aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) a
            WHERE p.pronamespace = 'cop_alloc'::regnamespace AND p.prosecdef AND a.grantee = 0
              AND a.privilege_type = 'EXECUTE'
              AND p.proname NOT IN ('require_party', 'acts_for', 'sees_all_chambers', 'own_chambers')),
          NULL, 'PUBLIC executes no SECURITY DEFINER function but require_party, acts_for, sees_all_chambers and own_chambers (they only answer questions)');
SELECT function_privs_are('cop_alloc', 'run', ARRAY['integer', 'text'], 'cop_t_fin', ARRAY['EXECUTE'], 'finance executes run');
SELECT function_privs_are('cop_alloc', 'run', ARRAY['integer', 'text'], 'cop_t_rdr', ARRAY[]::text[], 'a reader does not');
SELECT function_privs_are('cop_alloc', 'record_vote', ARRAY['integer', 'date', 'integer', 'integer', 'integer', 'integer', 'integer', 'bigint', 'text'],
                          'cop_t_asm', ARRAY['EXECUTE'], 'the assembly executes record_vote');
SELECT function_privs_are('cop_alloc', 'approve', ARRAY['bigint', 'text', 'date', 'text'], 'cop_t_min', ARRAY['EXECUTE'],
                          'the ministry executes approve');
SELECT function_privs_are('cop_alloc', 'approve', ARRAY['bigint', 'text', 'date', 'text'], 'cop_t_fin', ARRAY[]::text[],
                          'finance does not');

-- finance runs, proposes and publishes; the record names the caller
SET LOCAL ROLE cop_t_fin;
SELECT ok(cop_alloc.run(2025, 'test') IS NOT NULL, 'finance makes a run');
SELECT is((SELECT ran_by FROM cop_alloc.run ORDER BY run_id DESC LIMIT 1), 'cop_t_fin', 'run.ran_by is the caller, not the owner');
SELECT ok(cop_alloc.propose_percentage(2025, 0.65, '2025-01-10') IS NOT NULL, 'finance proposes the percentage');
SELECT throws_ok($$SELECT cop_alloc.record_vote(2025, '2025-03-10', 30, 24, 20, 2)$$, '42501', NULL, 'finance cannot record a vote');
SELECT throws_ok($$SELECT cop_alloc.decide_percentage(1, 'approved', '2025-01-12')$$, '42501', NULL, 'nor decide the percentage');
SELECT cop_alloc.submit_for_review((SELECT max(run_id) FROM cop_alloc.run), '2025-02-02') AS submission \gset
RESET ROLE;

SET LOCAL ROLE cop_t_asm;
SELECT cop_alloc.record_opinion(2025, 'conference_des_presidents', '2025-02-01', 'Avis favorable.') AS opinion \gset
SELECT cop_alloc.record_opinion(2025, 'bureau', '2025-02-02', 'Avis favorable.') AS opinion \gset
SELECT ok(cop_alloc.record_vote(2025, '2025-03-10', 30, 24, 20, 2, 0, (SELECT max(run_id) FROM cop_alloc.run)) IS NOT NULL,
          'the assembly records its vote');
SELECT is((SELECT recorded_by FROM cop_alloc.deliberation_vote), 'cop_t_asm', 'recorded_by is the assembly''s role');
SELECT throws_ok($$SELECT cop_alloc.run(2025)$$, '42501', NULL, 'the assembly cannot run');
SELECT throws_ok($$SELECT cop_alloc.approve(1, 'approved', '2025-03-12')$$, '42501', NULL, 'nor approve');
RESET ROLE;

SET LOCAL ROLE cop_t_min;
SELECT ok(cop_alloc.decide_percentage((SELECT max(proposal_id) FROM cop_alloc.percentage_proposal), 'approved', '2025-01-12') IS NOT NULL,
          'the ministry decides the percentage');
SELECT ok(cop_alloc.approve((SELECT max(vote_id) FROM cop_alloc.deliberation_vote), 'approved', '2025-03-12') IS NOT NULL,
          'the ministry approves the deliberation');
SELECT is((SELECT recorded_by FROM cop_alloc.minister_approval), 'cop_t_min', 'recorded_by is the ministry''s role');
SELECT throws_ok($$SELECT cop_alloc.publish_when_ready(2025)$$, '42501', NULL, 'the ministry cannot publish');
RESET ROLE;

SET LOCAL ROLE cop_t_fin;
SELECT ok(cop_alloc.publish((SELECT max(run_id) FROM cop_alloc.run)) IS NOT NULL, 'finance publishes once approved');
SELECT is((SELECT published_by FROM cop_alloc.publication), 'cop_t_fin', 'published_by is the caller');
SELECT ok(cop_alloc.grant_from_reserve(2025, 'national_project', 1000.00, 'Plateforme', project => 'Plateforme nationale') IS NOT NULL,
          'finance grants from the reserve');
SELECT ok(cop_alloc.cancel_grant((SELECT max(grant_id) FROM cop_alloc.reserve_grant), 'annulée') IS NOT NULL, 'and cancels a grant');
SELECT is((SELECT array_agg(DISTINCT recorded_by) FROM cop_alloc.reserve_grant), ARRAY['cop_t_fin'], 'the ledger names the caller');
RESET ROLE;

-- readers and chambers write nothing of the record
SET LOCAL ROLE cop_t_rdr;
SELECT throws_ok($$SELECT cop_alloc.run(2025)$$, '42501', NULL, 'a reader cannot run');
SELECT throws_ok($$SELECT cop_alloc.grant_from_reserve(2025, 'national_project', 1.00, 'x', project => 'x')$$, '42501', NULL,
                 'nor grant');
SELECT throws_ok($$INSERT INTO cop_alloc.deliberation_vote (year, meeting_on, members_in_office, members_present, votes_for, votes_against)
                   VALUES (2025, '2025-05-01', 30, 30, 30, 0)$$, '42501', NULL, 'nor insert a vote');
SELECT is((SELECT count(*) FROM cop_alloc.publication), 1::bigint, 'but reads the publication');
RESET ROLE;
SET LOCAL ROLE cop_t_nord;
SELECT throws_ok($$SELECT cop_alloc.publish_when_ready(2025)$$, '42501', NULL, 'a chamber cannot publish');
SELECT throws_ok($$SELECT cop_alloc.approve(1, 'approved', '2025-03-12')$$, '42501', NULL, 'nor approve');
SELECT throws_ok($$INSERT INTO cop_alloc.run_line (run_id, chamber_code) SELECT max(run_id), 'NORD' FROM cop_alloc.run$$, '42501', NULL,
                 'nor add a run line');
RESET ROLE;

-- a role with ALL on every table writes nothing of the record directly
SET LOCAL ROLE cop_t_all;
SELECT throws_ok(format('INSERT INTO cop_alloc.%I DEFAULT VALUES', t), '42501',
                 format('cop_alloc.%s is written only through the functions of cop_alloc', t),
                 format('ALL on cop_alloc.%s does not let insert into it', t))
  FROM unnest(ARRAY['run', 'run_line', 'input_document', 'run_input_set', 'publication', 'carried_forward', 'percentage_proposal',
                    'percentage_decision', 'deliberation_vote', 'minister_approval', 'reserve_grant', 'party_member']) t;
SELECT throws_ok($$INSERT INTO cop_alloc.run_axis DEFAULT VALUES$$, '55000', 'cannot insert into view "run_axis"',
                 'nor into run_axis, a view of the axis lines stored in run_line');
SELECT throws_ok($$INSERT INTO cop_alloc.run_input DEFAULT VALUES$$, '55000', 'cannot insert into view "run_input"',
                 'nor into run_input, a view of the input documents each run lists');
SELECT throws_ok($$UPDATE cop_alloc.publication SET published_by = 'someone'$$, '42501', NULL, 'nor forge published_by');
SELECT throws_ok($$DELETE FROM cop_alloc.run_line$$, '42501', NULL, 'nor delete run lines');
SELECT throws_ok($$TRUNCATE cop_alloc.reserve_grant CASCADE$$, '42501', NULL, 'nor truncate the ledger');
SELECT throws_ok($$UPDATE cop_alloc.deliberation_vote SET votes_for = 30$$, '42501', NULL, 'nor change a vote');
-- a trigger of its own would run with the owner's rights inside run(): the guard refuses
CREATE FUNCTION pg_temp.cop_t_spy() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RAISE NOTICE 'spy ran as %', current_user; RETURN NEW; END$$;
SELECT lives_ok($$CREATE TRIGGER spy BEFORE INSERT ON cop_alloc.run_line FOR EACH ROW EXECUTE FUNCTION pg_temp.cop_t_spy()$$,
                'TRIGGER is part of ALL: it can attach a trigger');
RESET ROLE;
SET LOCAL ROLE cop_t_fin;
SELECT throws_ok($$SELECT cop_alloc.run(2025)$$, '42501', 'cop_alloc.run_line carries triggers that are not the extension''s: spy',
                 'but no run writes the table while it is there');
RESET ROLE;
DROP TRIGGER spy ON cop_alloc.run_line;

SELECT * FROM finish();
ROLLBACK;
