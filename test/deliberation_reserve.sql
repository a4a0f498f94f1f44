-- The national-projects reserve (art. 17-1 3°): deductions plus any
-- undistributed performance part of the published run; grants to a
-- national project or to a chamber, each with its motive and date, never
-- above what is available; nothing flows back through equalisation.
BEGIN;
SET search_path = public;
SET client_min_messages = error;
SELECT plan(29);

\i test/fixtures/example.sql

SELECT throws_ok($$INSERT INTO cop_alloc.reserve_grant (year, purpose, project, amount, motive)
                   VALUES (2025, 'national_project', 'Plateforme numérique', 1000.00, 'Développement')$$,
                 '55000', 'exercise 2025 has no published distribution: its reserve is not known',
                 'no grant before the year is published');

CREATE TEMP TABLE runs AS SELECT cop_alloc.run(2025) AS id;
-- voted on 2024-11-26 (the ledger's credits take that date), published
-- without the minister's approval
INSERT INTO cop_alloc.deliberation_vote (year, meeting_on, members_in_office, members_present, votes_for, votes_against, run_id)
VALUES (2025, '2024-11-26', 30, 24, 20, 2, (SELECT id FROM runs));
SELECT cop_alloc.publish((SELECT id FROM runs), force_reason => 'test');

SELECT results_eq('SELECT year, deductions, undistributed, reserve, granted, available FROM cop_alloc.reserve_balance',
                  $$VALUES (2025, 17631.24, 0.00, 17631.24, 0::numeric, 17631.24)$$,
                  'the reserve of 2025 is the sum of the deductions');
SELECT lives_ok($$INSERT INTO cop_alloc.reserve_grant (year, purpose, project, amount, granted_on, motive)
                  VALUES (2025, 'national_project', 'Plateforme numérique', 10000.00, '2025-06-01', 'Développement de la plateforme du réseau')$$,
                'a grant to a national project');
SELECT lives_ok($$INSERT INTO cop_alloc.reserve_grant (year, purpose, chamber_code, amount, granted_on, motive)
                  VALUES (2025, 'performing_com', 'OUEST', 5000.00, '2025-06-02', 'Tous les objectifs de la COM atteints')$$,
                'a grant to a chamber whose COM was particularly well carried out');
SELECT is((SELECT available FROM cop_alloc.reserve_balance WHERE year = 2025), 2631.24, 'what remains available');
SELECT throws_ok($$INSERT INTO cop_alloc.reserve_grant (year, purpose, chamber_code, project, amount, motive)
                   VALUES (2025, 'determined_project', 'OUTREMER', 'Maison de l''apprentissage', 2631.25, 'Projet déterminé')$$,
                 '23514', 'a grant of 2 631,25 € exceeds the available reserve of exercise 2025',
                 'a cent more than available is refused');
SELECT throws_ok($$INSERT INTO cop_alloc.reserve_grant (year, purpose, chamber_code, project, amount, motive)
                   VALUES (2025, 'determined_project', 'OUTREMER', 'A', 2000.00, 'x'),
                          (2025, 'determined_project', 'OUTREMER', 'B', 1000.00, 'y')$$,
                 '23514', NULL, 'two grants in one statement are added up');
SELECT lives_ok($$INSERT INTO cop_alloc.reserve_grant (year, purpose, chamber_code, project, amount, granted_on, motive)
                  VALUES (2025, 'determined_project', 'OUTREMER', 'Maison de l''apprentissage', 2631.24, '2025-06-03', 'Projet déterminé')$$,
                'exactly what is available');
SELECT is((SELECT available FROM cop_alloc.reserve_balance WHERE year = 2025), 0.00, 'the reserve is used up');
SELECT throws_ok($$INSERT INTO cop_alloc.reserve_grant (year, purpose, project, amount, motive)
                   VALUES (2025, 'national_project', 'X', 0.01, 'x')$$, '23514', NULL, 'not a cent more');

-- the rules of a grant
SELECT throws_ok($$INSERT INTO cop_alloc.reserve_grant (year, purpose, chamber_code, amount, motive)
                   VALUES (2025, 'performing_com', 'NORD-ASSOC', 1.00, 'x')$$, '23514',
                 'chamber "NORD-ASSOC" is associated to "NORD" and cannot receive a grant', 'not to an associated chamber');
SELECT throws_ok($$INSERT INTO cop_alloc.reserve_grant (year, purpose, chamber_code, project, amount, motive)
                   VALUES (2025, 'national_project', 'NORD', 'X', 1.00, 'x')$$, '23514', NULL,
                 'a national project has no chamber');
SELECT throws_ok($$INSERT INTO cop_alloc.reserve_grant (year, purpose, chamber_code, amount, motive)
                   VALUES (2025, 'determined_project', 'NORD', 1.00, 'x')$$, '23514', NULL,
                 'a determined project is named');
SELECT throws_ok($$INSERT INTO cop_alloc.reserve_grant (year, purpose, project, amount, motive)
                   VALUES (2025, 'national_project', 'X', 1.00, ' ')$$, '23514', NULL, 'a grant has a motive');
SELECT throws_ok($$INSERT INTO cop_alloc.reserve_grant (year, purpose, project, amount, motive)
                   VALUES (2025, 'national_project', 'X', 1.001, 'x')$$, '23514', NULL, 'amounts are in cents');

-- cancellation gives the amount back; the ledger keeps everything
CREATE TEMP TABLE cancelled AS
SELECT cop_alloc.cancel_grant(grant_id, 'Projet abandonné', '2025-07-01') AS id
  FROM cop_alloc.reserve_grant WHERE project = 'Plateforme numérique';
SELECT is((SELECT available FROM cop_alloc.reserve_balance WHERE year = 2025), 10000.00, 'a cancelled grant is available again');
SELECT throws_ok($$SELECT cop_alloc.cancel_grant(grant_id, 'again') FROM cop_alloc.reserve_grant WHERE project = 'Plateforme numérique' AND cancels IS NULL$$,
                 '23505', NULL, 'a grant is cancelled once');
SELECT throws_ok($$SELECT cop_alloc.cancel_grant((SELECT id FROM cancelled), 'undo')$$, '23514',
                 format('entry %s is a cancellation and cannot be cancelled', (SELECT id FROM cancelled)), 'a cancellation is not cancelled');
SELECT results_eq(
    $$SELECT entry, chamber_code, credit, debit, balance FROM cop_alloc.reserve_ledger WHERE year = 2025$$,
    $$VALUES ('deductions'::text, NULL::text, 17631.24, 0::numeric, 17631.24),
             ('grant', NULL, 0, 10000.00, 7631.24),
             ('grant', 'OUEST', 0, 5000.00, 2631.24),
             ('grant', 'OUTREMER', 0, 2631.24, 0.00),
             ('cancellation', NULL, 10000.00, 0, 10000.00)$$,
    'the ledger: credits, grants and cancellations with a running balance');
SELECT is((SELECT motive FROM cop_alloc.reserve_ledger WHERE entry = 'cancellation'), 'Projet abandonné', 'each entry has its motive');

-- nothing flows back through equalisation
SELECT is((SELECT operating FROM cop_alloc.published_operating WHERE year = 2025 AND chamber_code = 'OUEST'), 171666.67,
          'a grant to a chamber is not part of its operating part, next year''s tunnel base');
SELECT is((SELECT total FROM cop_alloc.published_distribution WHERE year = 2025 AND chamber_code = 'OUEST'), 266166.67,
          'nor of its distribution');

-- the ledger is append-only
SELECT throws_ok($$UPDATE cop_alloc.reserve_grant SET amount = 1$$, '23001', 'cop_alloc.reserve_grant is append-only: update is not allowed',
                 'grants cannot be updated');
SELECT throws_ok($$DELETE FROM cop_alloc.reserve_grant WHERE cancels IS NOT NULL$$, '23001', NULL, 'cancellations cannot be deleted');
SELECT throws_ok($$TRUNCATE cop_alloc.reserve_grant CASCADE$$, '23001', NULL, 'the ledger cannot be truncated');

-- a new publication must leave enough for what was granted
UPDATE cop_alloc.indicator_result SET realized = 100000 WHERE year = 2024 AND indicator_code <> 'I4';
UPDATE cop_alloc.indicator_result SET realized = 1 WHERE year = 2024 AND indicator_code = 'I4';
INSERT INTO runs SELECT cop_alloc.run(2025, 'every objective reached');
SELECT throws_ok($$SELECT cop_alloc.publish((SELECT max(id) FROM runs), supersede_reason => 'results corrected', force_reason => 'test')$$,
                 '23514', format('run %s leaves a reserve of 0,00 € for exercise 2025, less than the 7 631,24 € already granted from it',
                                 (SELECT max(id) FROM runs)),
                 'a publication whose reserve is below the grants is refused');

-- the performance part not decided: all of it goes to the reserve, undistributed
INSERT INTO cop_alloc.exercise (year, tax_product, quote_part, operating_pct, performance_decided)
VALUES (2026, 1000000.00, 100000.00, 0.5, false);
INSERT INTO cop_alloc.exercise_axis SELECT 2026, axis_no, cop_weight FROM cop_alloc.axis WHERE from_cop;
INSERT INTO cop_alloc.exercise_chamber (year, chamber_code, assujettis) VALUES (2026, 'NORD', 2), (2026, 'OUEST', 1);
SELECT cop_alloc.publish(cop_alloc.run(2026), force_reason => 'test');
SELECT results_eq('SELECT deductions, undistributed, reserve, available FROM cop_alloc.reserve_balance WHERE year = 2026',
                  $$VALUES (0.00, 450000.00, 450000.00, 450000.00)$$, 'the undistributed performance part is in the reserve');
SELECT is((SELECT motive FROM cop_alloc.reserve_ledger WHERE year = 2026 AND entry = 'undistributed'),
          'Part de performance non répartie, faute de décision de l''assemblée générale sur ses modalités (R312-2)',
          'and in the ledger');
SELECT lives_ok($$INSERT INTO cop_alloc.reserve_grant (year, purpose, chamber_code, project, amount, motive)
                  VALUES (2026, 'determined_project', 'NORD', 'Formation', 450000.00, 'Projet déterminé')$$,
                'it can be granted');

SELECT * FROM finish();
ROLLBACK;
