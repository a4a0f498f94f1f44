-- Approvals: the vote arithmetic of D333-2 at its edges (quorum, absolute
-- majority, deemed approval, opposition of two thirds, second meeting),
-- the tacit adoption of the operating percentage on day 15 and 16
-- (R312-2 1°), the minister's express approval (D333-5) and status().
BEGIN;
SET search_path = public;
SET client_min_messages = error;
SELECT plan(53);

-- quorum: two thirds of the members in office present (D333-2)
SELECT is(cop_alloc.vote_outcome(30, 20, 15, 5), 'approved', 'quorum: 20 of 30 is exactly two thirds');
SELECT is(cop_alloc.vote_outcome(30, 19, 19, 0), 'no quorum', '19 of 30 is short of it, even unanimous');
SELECT is(cop_alloc.vote_outcome(31, 21, 15, 5), 'approved', '21 of 31 (two thirds = 20.67)');
SELECT is(cop_alloc.vote_outcome(31, 20, 15, 5), 'no quorum', '20 of 31 is short');
SELECT is(cop_alloc.vote_outcome(30, 5, 3, 2, false), 'approved', 'a second meeting needs no quorum');
-- absolute majority of the votes cast; abstentions are not votes cast
SELECT is(cop_alloc.vote_outcome(30, 24, 12, 11), 'approved', '12 for, 11 against: absolute majority');
SELECT is(cop_alloc.vote_outcome(30, 24, 1, 0), 'approved', '1 for, 0 against, 23 abstentions: absolute majority of the votes cast');
SELECT is(cop_alloc.vote_outcome(30, 24, 11, 11), 'deemed approved', 'a tie is no majority, but no opposition of two thirds: deemed approved');
SELECT is(cop_alloc.vote_outcome(30, 24, 0, 0), 'deemed approved', 'nobody votes: deemed approved');
-- deemed approved unless two thirds of the members present oppose
SELECT is(cop_alloc.vote_outcome(30, 24, 8, 15), 'deemed approved', '15 of 24 present oppose: less than two thirds');
SELECT is(cop_alloc.vote_outcome(30, 24, 8, 16), 'rejected', '16 of 24 present oppose: exactly two thirds');
SELECT is(cop_alloc.vote_outcome(30, 25, 0, 16), 'deemed approved', '16 of 25 is less than two thirds (16.67)');
SELECT is(cop_alloc.vote_outcome(30, 25, 0, 17), 'rejected', '17 of 25 is more');
SELECT is(cop_alloc.vote_outcome(30, 19, 0, 19, false), 'rejected', 'at a second meeting too');

-- the percentage: fifteen days from receipt (R312-2 1°)
SELECT is((cop_alloc.percentage_outcome('2025-03-01', NULL, NULL, '2025-03-01')).state, 'pending', 'day 0: pending');
SELECT is((cop_alloc.percentage_outcome('2025-03-01', NULL, NULL, '2025-03-16')).state, 'pending',
          'day 15: still pending, the minister may decide until the end of the day');
SELECT results_eq($$SELECT state, adopted_from FROM cop_alloc.percentage_outcome('2025-03-01', NULL, NULL, '2025-03-17')$$,
                  $$VALUES ('tacitly adopted'::text, '2025-03-17'::date)$$, 'day 16: tacitly adopted, from that day');
SELECT is((cop_alloc.percentage_outcome('2025-03-01', 'opposed', '2025-03-16', '2025-04-01')).state, 'opposed',
          'an opposition notified on day 15 is in time');
SELECT is((cop_alloc.percentage_outcome('2025-03-01', 'opposed', '2025-03-17', '2025-04-01')).state, 'tacitly adopted',
          'on day 16 it is too late');
SELECT results_eq($$SELECT state, adopted_from FROM cop_alloc.percentage_outcome('2025-03-01', 'approved', '2025-03-04', '2025-03-05')$$,
                  $$VALUES ('approved'::text, '2025-03-04'::date)$$, 'an express approval holds from its notification');
SELECT is((cop_alloc.percentage_outcome('2025-03-01', 'approved', '2025-03-04', '2025-03-03')).state, 'pending',
          'a decision counts only from its notification date');
SELECT is((cop_alloc.percentage_outcome('2024-12-20', NULL, NULL, '2025-01-04')).state, 'pending', 'across the new year: day 15');
SELECT is((cop_alloc.percentage_outcome('2024-12-20', NULL, NULL, '2025-01-05')).state, 'tacitly adopted', 'and day 16');

-- status() through the steps of the example's exercise 2025
\i test/fixtures/example.sql
SELECT results_eq($$SELECT stage, percentage, deliberation, minister, ready FROM cop_alloc.status(2025, '2025-01-10')$$,
                  $$VALUES ('percentage'::text, 'none'::text, 'none'::text, 'none'::text, false)$$, 'nothing recorded');
SELECT is((SELECT missing[1] FROM cop_alloc.status(2025, '2025-01-10')),
          'Aucune proposition du pourcentage de fonctionnement de 65 % pour l''exercice 2025 n''a été reçue par le ministre (R312-2 1°).',
          'status says what is missing');
INSERT INTO cop_alloc.percentage_proposal (year, operating_pct, received_on) VALUES (2025, 0.60, '2025-01-31');
SELECT is((SELECT missing[1] FROM cop_alloc.status(2025, '2025-03-01')),
          'Aucune proposition du pourcentage de fonctionnement de 65 % pour l''exercice 2025 n''a été reçue par le ministre ; la dernière proposition, reçue le 31 janvier 2025, était de 60 % (R312-2 1°).',
          'a proposal of another percentage does not count');
INSERT INTO cop_alloc.percentage_proposal (year, operating_pct, received_on) VALUES (2025, 0.65, '2025-03-01');
-- the opinions and the supervisory authority's review, cleared from 2025-03-08
SELECT cop_alloc.run(2025) AS run \gset
\set day 2025-02-20
\i test/fixtures/review.sql
SELECT results_eq($$SELECT stage, percentage, percentage_from FROM cop_alloc.status(2025, '2025-03-16')$$,
                  $$VALUES ('percentage'::text, 'pending'::text, NULL::date)$$, 'status on day 15: pending');
SELECT is((SELECT missing[1] FROM cop_alloc.status(2025, '2025-03-16')),
          'La proposition du pourcentage de fonctionnement de 65 % reçue le 1er mars 2025 attend la décision du ministre : faute d''approbation expresse ou d''opposition, elle est adoptée à l''issue du 16 mars 2025 (R312-2 1°).',
          'with the date of the tacit adoption');
SELECT results_eq($$SELECT stage, percentage, percentage_from FROM cop_alloc.status(2025, '2025-03-17')$$,
                  $$VALUES ('deliberation'::text, 'tacitly adopted'::text, '2025-03-17'::date)$$, 'status on day 16: adopted, the vote is next');

-- a vote before the adoption does not count (R312-2: the deliberation follows the minister's decision)
INSERT INTO cop_alloc.deliberation_vote (year, meeting_on, members_in_office, members_present, votes_for, votes_against)
VALUES (2025, '2025-03-10', 30, 24, 20, 2);
SELECT is((SELECT missing[1] FROM cop_alloc.status(2025, '2025-03-20')),
          'La délibération du 10 mars 2025 précède l''adoption du pourcentage de fonctionnement le 17 mars 2025 : elle doit suivre la décision du ministre (R312-2).',
          'a deliberation before the percentage is adopted is missing its order');
DELETE FROM cop_alloc.deliberation_vote WHERE year = 2025;

-- a first meeting without quorum, a second one within thirty days
INSERT INTO cop_alloc.deliberation_vote (year, meeting_on, members_in_office, members_present, votes_for, votes_against)
VALUES (2025, '2025-03-20', 30, 19, 19, 0);
SELECT results_eq($$SELECT stage, deliberation, deliberation_on FROM cop_alloc.status(2025, '2025-03-21')$$,
                  $$VALUES ('deliberation'::text, 'no quorum'::text, '2025-03-20'::date)$$, 'no quorum');
SELECT is((SELECT missing[1] FROM cop_alloc.status(2025, '2025-03-21')),
          'L''assemblée générale du 20 mars 2025 n''a pas atteint le quorum (19 membres présents sur 30 en exercice, deux tiers requis) ; une seconde réunion tenue au plus tard le 19 avril 2025 délibère sans condition de quorum (D333-2).',
          'and when the second meeting must be held');
INSERT INTO cop_alloc.deliberation_vote (year, meeting_on, members_in_office, members_present, votes_for, votes_against)
VALUES (2025, '2025-04-19', 30, 12, 5, 7);
SELECT results_eq($$SELECT meeting_on, quorum_required, outcome FROM cop_alloc.deliberation_votes(2025)$$,
                  $$VALUES ('2025-03-20'::date, true, 'no quorum'::text), ('2025-04-19', false, 'deemed approved')$$,
                  'day 30: the second meeting needs no quorum; 7 of 12 oppose, less than two thirds: deemed approved');
UPDATE cop_alloc.deliberation_vote SET meeting_on = '2025-04-20' WHERE meeting_on = '2025-04-19';
SELECT results_eq($$SELECT meeting_on, quorum_required, outcome FROM cop_alloc.deliberation_votes(2025)$$,
                  $$VALUES ('2025-03-20'::date, true, 'no quorum'::text), ('2025-04-20', true, 'no quorum')$$,
                  'day 31: it is a new first meeting, and needs the quorum');
SELECT is((SELECT missing[1] FROM cop_alloc.status(2025, '2025-05-25')),
          'L''assemblée générale du 20 avril 2025 n''a pas atteint le quorum (12 membres présents sur 30 en exercice, deux tiers requis) et aucune seconde réunion n''a été tenue au plus tard le 20 mai 2025 : une nouvelle réunion requiert le quorum (D333-2).',
          'after thirty days a new meeting needs the quorum');
UPDATE cop_alloc.deliberation_vote SET meeting_on = '2025-04-19', votes_for = 4, votes_against = 8 WHERE meeting_on = '2025-04-20';
SELECT results_eq($$SELECT stage, deliberation FROM cop_alloc.status(2025, '2025-04-20')$$,
                  $$VALUES ('deliberation'::text, 'rejected'::text)$$, '8 of 12 oppose: rejected');
SELECT is((SELECT missing[1] FROM cop_alloc.status(2025, '2025-04-20')),
          'L''assemblée générale a rejeté la répartition le 19 avril 2025 : 4 pour, 8 contre, soit l''opposition des deux tiers des 12 membres présents (D333-2).',
          'status says so');
SELECT throws_ok($$INSERT INTO cop_alloc.minister_approval (vote_id, decision, decided_on)
                   SELECT vote_id, 'approved', '2025-04-30' FROM cop_alloc.deliberation_vote WHERE meeting_on = '2025-04-19'$$,
                 '23514', format('vote %s of exercise 2025 did not approve the distribution: the minister cannot approve it',
                                 (SELECT vote_id FROM cop_alloc.deliberation_vote WHERE meeting_on = '2025-04-19')),
                 'the minister cannot approve a rejected deliberation');
UPDATE cop_alloc.deliberation_vote SET votes_against = 7 WHERE meeting_on = '2025-04-19';
SELECT results_eq($$SELECT stage, deliberation, minister, ready FROM cop_alloc.status(2025, '2025-04-20')$$,
                  $$VALUES ('minister'::text, 'deemed approved'::text, 'none'::text, false)$$, 'deemed approved: the minister is next');
SELECT is((SELECT missing FROM cop_alloc.status(2025, '2025-04-20')),
          ARRAY['Le ministre n''a pas expressément approuvé la délibération du 19 avril 2025 : elle n''est exécutoire qu''une fois approuvée (D333-5 1° b).'],
          'the express approval is all that is missing');

-- the minister (D333-5 1° b)
SELECT throws_ok($$INSERT INTO cop_alloc.minister_approval (vote_id, decision, decided_on)
                   SELECT vote_id, 'approved', '2025-04-18' FROM cop_alloc.deliberation_vote WHERE meeting_on = '2025-04-19'$$,
                 '23514', NULL, 'an approval dated before the meeting is refused');
SELECT throws_ok($$INSERT INTO cop_alloc.minister_approval (vote_id, decision, decided_on)
                   SELECT vote_id, 'refused', '2025-04-30' FROM cop_alloc.deliberation_vote WHERE meeting_on = '2025-04-19'$$,
                 '23514', NULL, 'a refusal without its motive is refused');
INSERT INTO cop_alloc.minister_approval (vote_id, decision, decided_on, note)
SELECT vote_id, 'refused', '2025-04-30', 'the tunnel was not applied' FROM cop_alloc.deliberation_vote WHERE meeting_on = '2025-04-19';
SELECT results_eq($$SELECT stage, minister, minister_on FROM cop_alloc.status(2025, '2025-05-01')$$,
                  $$VALUES ('minister'::text, 'refused'::text, '2025-04-30'::date)$$, 'a refusal');
SELECT is((SELECT missing[1] FROM cop_alloc.status(2025, '2025-05-01')),
          'Le ministre a refusé la délibération du 19 avril 2025 le 30 avril 2025 : the tunnel was not applied (D333-5).', 'with its motive');
SELECT is((SELECT minister FROM cop_alloc.status(2025, '2025-04-29')), 'none', 'before its date the decision is not known');
UPDATE cop_alloc.minister_approval SET decision = 'approved', note = NULL;
SELECT results_eq($$SELECT stage, percentage, deliberation, minister, ready, missing FROM cop_alloc.status(2025, '2025-05-01')$$,
                  $$VALUES ('ready'::text, 'tacitly adopted'::text, 'deemed approved'::text, 'approved'::text, true, '{}'::text[])$$,
                  'everything approved: ready to publish');

-- an opposition, then an express approval of a new proposal
INSERT INTO cop_alloc.percentage_decision (proposal_id, decision, notified_on)
SELECT proposal_id, 'opposed', '2025-03-16' FROM cop_alloc.percentage_proposal WHERE operating_pct = 0.65;
SELECT results_eq($$SELECT stage, percentage FROM cop_alloc.status(2025, '2025-05-01')$$,
                  $$VALUES ('percentage'::text, 'opposed'::text)$$, 'opposed on day 15: the percentage is not adopted');
SELECT is((SELECT missing[1] FROM cop_alloc.status(2025, '2025-05-01')),
          'Le ministre s''est opposé au pourcentage de fonctionnement de 65 % le 16 mars 2025 (R312-2 1°).', 'status says so');
INSERT INTO cop_alloc.percentage_proposal (year, operating_pct, received_on) VALUES (2025, 0.65, '2025-03-18');
INSERT INTO cop_alloc.percentage_decision (proposal_id, decision, notified_on)
SELECT max(proposal_id), 'approved', '2025-03-19' FROM cop_alloc.percentage_proposal;
SELECT results_eq($$SELECT percentage, percentage_from FROM cop_alloc.status(2025, '2025-05-01')$$,
                  $$VALUES ('approved'::text, '2025-03-19'::date)$$, 'a new proposal expressly approved');
SELECT throws_ok($$INSERT INTO cop_alloc.percentage_decision (proposal_id, decision, notified_on)
                   SELECT min(proposal_id), 'approved', '2025-01-01' FROM cop_alloc.percentage_proposal$$,
                 '23514', NULL, 'a decision notified before the proposal was received is refused');
SELECT throws_ok($$INSERT INTO cop_alloc.deliberation_vote (year, meeting_on, members_in_office, members_present, votes_for, votes_against)
                   VALUES (2025, '2025-06-01', 30, 20, 15, 10)$$, '23514', NULL, 'more votes than members present are refused');
SELECT throws_ok($$SELECT * FROM cop_alloc.status(2031)$$, 'P0002', 'exercise 2031 does not exist', 'status of an unknown exercise');
SELECT throws_ok($$SELECT * FROM cop_alloc.status(2025, '2025-06-01', -1)$$, 'P0002', 'run -1 is not a run of exercise 2025',
                 'status of a run that does not exist');

SELECT * FROM finish();
ROLLBACK;
