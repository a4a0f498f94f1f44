-- Execution reports (R323-24): a chamber's report on a results year with
-- its realized values, the justification of each gap and its actions
-- (cost, financing), in versions; its figures become the results the
-- engine reads; due by the last day of February of year + 1, later only
-- with CMA France's recorded reason; who may file and read.
BEGIN;
SET search_path = public;
SET client_min_messages = error;
SELECT plan(37);

\i test/fixtures/example.sql

CREATE TEMP TABLE nord_report (csv text);
INSERT INTO nord_report VALUES (E'chambre;indicateur;réalisé;justification\n'
    'NORD;I1;640;\n'
    'NORD;I2;450;"Deux conseillers partis en cours d''année (comptabilité analytique, D312-4)"\n'
    'NORD;I3a;9500;Report de sessions au premier trimestre\n'
    'NORD;I3b;150;\n'
    'NORD;I4;30;Délais allongés par la grève de mars\n'
    'NORD;I5;40;\n'
    'NORD-ASSOC;I1;100;Chambre associée : effectifs réduits\n');

SELECT is(cop_alloc.report_deadline(2024), '2025-02-28'::date, 'the deadline: last day of February of year + 1');
SELECT is(cop_alloc.report_deadline(2023), '2024-02-29'::date, 'in a leap year too');

-- ---- what a report must hold: every bad item at once, nothing filed
SELECT results_eq(
    $$SELECT line, field, problem FROM cop_alloc.file_report(2024, 'NORD',
        E'chambre;indicateur;réalisé;justification\nNORD;I1;640;\nNORD;I2;450;\nOUEST;I1;300;\nNORD;I3a;-1;\n',
        '[{"title": "Salon des métiers", "cost": 1200.505, "financing": "TFCMA"},
          {"cost": 10, "financing": " "}, "x", {"title": "a", "cost": 1, "financing": "b", "budget": 2}]',
        '2025-02-10')$$,
    $$VALUES (3, 'comment', 'the gap of chamber "NORD" on indicator "I2" (realized 450, target 500) needs a justification in the comment column (R323-24)'),
             (4, 'chamber_code', 'chamber "OUEST" is neither "NORD" nor associated to it'),
             (5, 'realized', 'negative value "-1"'),
             (NULL, 'actions[1].cost', 'cost 1200.505 is not an amount in euros (a JSON number in [0, 10^10] with at most 2 decimals)'),
             (NULL, 'actions[2].financing', 'missing financing of the action'),
             (NULL, 'actions[2].title', 'missing title of the action'),
             (NULL, 'actions[3]', 'an action is a JSON object with title, cost, financing and achievement'),
             (NULL, 'actions[4]', 'unknown key(s) budget: an action has title, cost, financing and achievement'),
             (NULL, 'realized', 'no realized value for indicator "I3b" of chamber "NORD" (target 150)'),
             (NULL, 'realized', 'no realized value for indicator "I4" of chamber "NORD" (target 25)'),
             (NULL, 'realized', 'no realized value for indicator "I5" of chamber "NORD" (target 40)')$$,
    'an unjustified gap, another chamber''s line, a bad value, bad actions, missing indicators: all reported');
SELECT is((SELECT count(*) FROM cop_alloc.chamber_report), 0::bigint, 'nothing is filed');

-- ---- a report filed on time
UPDATE cop_alloc.indicator_result SET realized = 1 WHERE year = 2024 AND chamber_code = 'NORD' AND indicator_code = 'I1';
SELECT is_empty(
    $$SELECT * FROM cop_alloc.file_report(2024, 'NORD', (SELECT csv FROM nord_report),
        '[{"title": "Salon des métiers", "cost": 12000.50, "financing": "TFCMA 60 %, Région 40 %", "achievement": "réalisé"},
          {"title": "Formation des dirigeants", "cost": 8000, "financing": "FSE+"}]',
        '2025-02-10', 'Exercice marqué par des départs non remplacés.')$$,
    'a complete report received on time is filed: the result is empty');
SELECT results_eq($$SELECT year, chamber_code, version, received_on, filed_by, summary FROM cop_alloc.chamber_report$$,
                  $$VALUES (2024, 'NORD', 1, '2025-02-10'::date, current_user::text COLLATE "default", 'Exercice marqué par des départs non remplacés.')$$,
                  'version 1, its date of receipt, who filed it');
SELECT results_eq($$SELECT chamber_code, indicator_code, target::numeric, realized::numeric, justification
                      FROM cop_alloc.chamber_report_figure ORDER BY 1, 2$$,
                  $$VALUES ('NORD'::text, 'I1'::text, 600::numeric, 640::numeric, NULL::text),
                           ('NORD', 'I2', 500, 450, 'Deux conseillers partis en cours d''année (comptabilité analytique, D312-4)'),
                           ('NORD', 'I3a', 10000, 9500, 'Report de sessions au premier trimestre'),
                           ('NORD', 'I3b', 150, 150, NULL),
                           ('NORD', 'I4', 25, 30, 'Délais allongés par la grève de mars'),
                           ('NORD', 'I5', 40, 40, NULL),
                           ('NORD-ASSOC', 'I1', 200, 100, 'Chambre associée : effectifs réduits')$$,
                  'each indicator: target, realized value, justification of the gap (the associated chamber''s included)');
SELECT results_eq($$SELECT action_no, title, cost::numeric, financing, achievement FROM cop_alloc.chamber_report_action ORDER BY 1$$,
                  $$VALUES (1, 'Salon des métiers', 12000.50, 'TFCMA 60 %, Région 40 %', 'réalisé'),
                           (2, 'Formation des dirigeants', 8000, 'FSE+', NULL)$$,
                  'the actions with their cost and financing');
SELECT is((SELECT realized::numeric FROM cop_alloc.indicator_result WHERE year = 2024 AND chamber_code = 'NORD' AND indicator_code = 'I1'),
          640::numeric, 'the report''s figures replace the results the engine reads');
SELECT results_eq($$SELECT chamber_code, source, report_id IS NOT NULL, replaced -> 'I1' FROM cop_alloc.figure_load ORDER BY load_id$$,
                  $$VALUES ('NORD'::text, 'report'::text, true, '1'::jsonb), ('NORD-ASSOC', 'report', true, '100'::jsonb)$$,
                  'recorded as loads from the report, with what they replaced');
SELECT results_eq($$SELECT chamber_code, total FROM cop_alloc.allocate(2025)$$,
                  $$VALUES ('NORD'::text, 520993.34), ('OUEST', 266166.67), ('OUTREMER', 95208.75)$$,
                  'the engine computes from the report in force, to the cent');

-- ---- a correction is a new version; the earlier one stays readable
SELECT is_empty(
    $$SELECT * FROM cop_alloc.file_report(2024, 'NORD', replace((SELECT csv FROM nord_report), 'NORD;I2;450;', 'NORD;I2;480;'),
                                          '[]', '2025-02-20')$$,
    'a corrected report is filed');
SELECT throws_ok($$UPDATE cop_alloc.chamber_report SET received_on = '2025-01-15' WHERE version = 1$$, '23001',
                 'cop_alloc.chamber_report is append-only: update is not allowed', 'a filed version never changes, for the tables'' owner either');
SELECT results_eq($$SELECT version, received_on FROM cop_alloc.chamber_report ORDER BY version$$,
                  $$VALUES (1, '2025-02-10'::date), (2, '2025-02-20')$$, 'as version 2, version 1 kept');
SELECT results_eq($$SELECT f.realized::numeric FROM cop_alloc.chamber_report_figure f JOIN cop_alloc.chamber_report r USING (report_id)
                    WHERE f.indicator_code = 'I2' AND f.chamber_code = 'NORD' ORDER BY r.version$$,
                  $$VALUES (450::numeric), (480)$$, 'both versions'' figures are readable');
SELECT results_eq($$SELECT version, late FROM cop_alloc.report_in_force$$, $$VALUES (2, false)$$, 'version 2 is in force');
SELECT is((SELECT realized::numeric FROM cop_alloc.indicator_result WHERE year = 2024 AND chamber_code = 'NORD' AND indicator_code = 'I2'),
          480::numeric, 'and its figures are the results');
SELECT results_eq($$SELECT chamber_code, performance FROM cop_alloc.allocate(2025) WHERE chamber_code = 'NORD'$$,
                  $$VALUES ('NORD'::text, 179928.01)$$, 'the correction changes the distribution (axis 2 at 0.96: 1 512.00 deducted, not 3 780.00)');

-- ---- late reports
SELECT throws_ok($$SELECT * FROM cop_alloc.file_report(2024, 'OUEST',
                     E'chamber_code;indicator_code;realized\nOUEST;I1;300\nOUEST;I2;260\nOUEST;I3a;5000\nOUEST;I3b;3\nOUEST;I4;20\nOUEST;I5;20\n',
                     '[]', '2025-03-01')$$,
                 '55000', 'the report of chamber OUEST on 2024 received on 2025-03-01 is late',
                 'a report received on 1 March is late and refused');
SELECT throws_ok($$SELECT cop_alloc.accept_late_report(2024, 'OUEST', '  ')$$, '22023',
                 'accepting the late report of chamber OUEST for 2024 needs a reason', 'accepting it needs a reason');
SELECT throws_ok($$SELECT cop_alloc.accept_late_report(2024, 'SUD', 'Cyclone')$$, '22023', 'unknown chamber "SUD"',
                 'accepting the late report of an unknown chamber is refused');
SELECT isnt(cop_alloc.accept_late_report(2024, 'OUEST', 'Cyberattaque du système d''information en février'), NULL,
            'CMA France accepts it with a reason');
SELECT is_empty($$SELECT * FROM cop_alloc.file_report(2024, 'OUEST',
                     E'chamber_code;indicator_code;realized\nOUEST;I1;300\nOUEST;I2;260\nOUEST;I3a;5000\nOUEST;I4;20\nOUEST;I5;20\n',
                     '[]', '2025-03-01')$$, 'then the late report is filed (I3b, of target 0, not applicable, may be left out)');
SELECT results_eq($$SELECT chamber_code, version, late, late_reason FROM cop_alloc.report_in_force WHERE chamber_code = 'OUEST'$$,
                  $$VALUES ('OUEST'::text, 1, true, 'Cyberattaque du système d''information en février')$$,
                  'the report in force shows it late, with the reason');
SELECT throws_ok($$SELECT * FROM cop_alloc.file_report(2024, 'OUEST',
                     E'chamber_code;indicator_code;realized\nOUEST;I1;300\nOUEST;I2;260\nOUEST;I3a;5000\nOUEST;I3b;3\nOUEST;I4;20\nOUEST;I5;20\n',
                     '[]', '2025-03-02')$$,
                 '55000', NULL, 'one acceptance lets one version through, not the next');
SELECT throws_ok($$SELECT * FROM cop_alloc.file_report(2024, 'OUEST', 'x', '[]', current_date + 1)$$, '22023',
                 format('a report on 2024 cannot be received on %s', current_date + 1), 'a date of receipt in the future is refused');
SELECT throws_ok($$SELECT * FROM cop_alloc.file_report(2024, 'OUEST', 'x', '[]', '2024-12-31')$$, '22023',
                 'a report on 2024 cannot be received on 2024-12-31', 'so is one before the year is over');
SELECT throws_ok($$SELECT * FROM cop_alloc.file_report(2024, 'SUD', 'x')$$, '22023', 'unknown chamber "SUD"', 'an unknown chamber');
SELECT throws_ok($$SELECT * FROM cop_alloc.file_report(2024, 'OUEST', 'x', '{}', '2025-02-01')$$, '22023',
                 'the actions of a report must be a JSON array', 'actions that are not an array');

-- ---- rights: a chamber files its own report and its associated chamber's
\i test/fixtures/parties.sql
SET LOCAL ROLE cop_t_nord;
SELECT is_empty($$SELECT * FROM cop_alloc.file_report(2024, 'NORD-ASSOC', E'chambre;indicateur;réalisé;commentaire\nNORD-ASSOC;I1;100;Effectifs réduits\n',
                                                      '[]', '2025-02-27')$$,
                'a regional chamber files the report of its associated chamber');
SELECT is((SELECT filed_by FROM cop_alloc.chamber_report WHERE chamber_code = 'NORD-ASSOC'), 'cop_t_nord', 'recorded as filed by its role');
SELECT throws_ok($$SELECT * FROM cop_alloc.file_report(2024, 'OUEST', 'x', '[]', '2025-02-27')$$, '42501',
                 'role "cop_t_nord" does not act for chamber "OUEST"', 'but not another chamber''s');
SELECT throws_ok($$SELECT cop_alloc.accept_late_report(2024, 'NORD', 'parce que')$$, '42501', NULL,
                 'a chamber cannot accept its own late report');
SELECT results_eq($$SELECT DISTINCT chamber_code FROM cop_alloc.chamber_report ORDER BY 1$$,
                  $$VALUES ('NORD'::text), ('NORD-ASSOC')$$, 'it reads its own reports and its associated chamber''s, not OUEST''s');
RESET ROLE;
SET LOCAL ROLE cop_t_fin;
SELECT is((SELECT count(DISTINCT chamber_code) FROM cop_alloc.chamber_report), 3::bigint, 'CMA France reads every report');
CREATE TEMP TABLE acc AS SELECT cop_alloc.accept_late_report(2024, 'OUTREMER', 'Cyclone') AS id;
SELECT is((SELECT accepted_by FROM cop_alloc.late_report_acceptance WHERE acceptance_id = (SELECT id FROM acc)), 'cop_t_fin',
          'accepts a late report, recorded under its role');
SELECT is_empty($$SELECT * FROM cop_alloc.file_report(2024, 'OUTREMER',
                     E'chambre;indicateur;réalisé;commentaire\nOUTREMER;I1;55;Cyclone\nOUTREMER;I2;80;\nOUTREMER;I3a;1000;Cyclone\nOUTREMER;I3b;7;Cyclone\nOUTREMER;I4;25;\nOUTREMER;I5;6;\n',
                     '[]', '2025-03-10')$$, 'and files a report for any chamber');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
