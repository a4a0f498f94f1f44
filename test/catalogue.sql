-- The COP 2023-2027 catalogue installed by CREATE EXTENSION (sql/tables/35_cop_catalogue.sql):
-- its 6 axes, 13 objectives and 35 activity indicators, figures checked against the COP text.
BEGIN;
SET search_path = public;
SELECT plan(38);

-- ---- axes ------------------------------------------------------------------
SELECT is((SELECT count(*)::int FROM cop_alloc.axis WHERE from_cop), 6, 'the COP has 6 axes');
SELECT results_eq(
    'SELECT axis_no, title, cop_weight::numeric FROM cop_alloc.axis WHERE from_cop ORDER BY axis_no',
    $$VALUES (1, 'Transition écologique', 0.20::numeric),
             (2, 'Transition numérique', 0.20),
             (3, 'Entrepreneuriat et développement économique', 0.25),
             (4, 'Valorisation et promotion de l’artisanat', 0.10),
             (5, 'Développement et aménagement des territoires', 0.15),
             (6, 'Efficience du réseau', 0.10)$$,
    'axes: short titles and performance weights of the preamble');
SELECT is((SELECT sum(cop_weight)::numeric FROM cop_alloc.axis WHERE from_cop), 1.00::numeric,
          'the axis weights sum to 1');

-- ---- objectives ------------------------------------------------------------
SELECT is((SELECT count(*)::int FROM cop_alloc.objective WHERE from_cop), 13, 'the COP has 13 objectives');
SELECT results_eq(
    'SELECT objective_no, axis_no FROM cop_alloc.objective WHERE from_cop ORDER BY objective_no',
    $$VALUES (1, 1), (2, 1), (3, 2), (4, 2), (5, 3), (6, 3), (7, 4), (8, 4), (9, 5),
             (10, 6), (11, 6), (12, 6), (13, 6)$$,
    'each objective is on its axis');
SELECT is((SELECT title FROM cop_alloc.objective WHERE objective_no = 1),
          'Mettre en œuvre les opérations nationales de politique publique qui seront le cas échéant décidées par l’Etat sur la transition écologique',
          'objective 1: full title');
SELECT is((SELECT title FROM cop_alloc.objective WHERE objective_no = 9), 'Appuyer les territoires',
          'objective 9: title');
SELECT is((SELECT title FROM cop_alloc.objective WHERE objective_no = 13),
          'Renforcer la coordination entre CMA France et les autres opérateurs publics',
          'objective 13: title');

-- ---- indicators: counts, codes, defaults -----------------------------------
SELECT is((SELECT count(*)::int FROM cop_alloc.indicator WHERE from_cop), 35,
          'the activity tables of the COP have 35 measurable rows');
SELECT results_eq(
    'SELECT a.axis_no, count(i.code)::int FROM cop_alloc.axis a
       LEFT JOIN cop_alloc.indicator i ON i.axis_no = a.axis_no AND i.from_cop
      WHERE a.from_cop GROUP BY a.axis_no ORDER BY a.axis_no',
    $$VALUES (1, 8), (2, 6), (3, 6), (4, 8), (5, 5), (6, 2)$$,
    'indicators per axis');
SELECT results_eq(
    'SELECT o.objective_no, count(i.code)::int FROM cop_alloc.objective o
       LEFT JOIN cop_alloc.indicator i ON i.objective_no = o.objective_no AND i.from_cop
      WHERE o.from_cop GROUP BY o.objective_no ORDER BY o.objective_no',
    $$VALUES (1, 5), (2, 3), (3, 4), (4, 2), (5, 0), (6, 6), (7, 6), (8, 2), (9, 5),
             (10, 0), (11, 0), (12, 0), (13, 2)$$,
    'indicators per objective (objectives 5, 10, 11 and 12 have none in the COP)');
SELECT is((SELECT count(*)::int FROM cop_alloc.indicator WHERE from_cop AND objective_no IS NULL), 0,
          'every COP indicator belongs to a numbered objective');
SELECT is((SELECT count(*)::int FROM cop_alloc.indicator i JOIN cop_alloc.objective o USING (objective_no)
            WHERE i.from_cop AND i.axis_no <> o.axis_no), 0,
          'every indicator is on the axis of its objective');
SELECT is((SELECT count(*)::int
             FROM (SELECT code, objective_no,
                          row_number() OVER (PARTITION BY objective_no ORDER BY split_part(code, '.', 3)::int) AS n
                     FROM cop_alloc.indicator WHERE from_cop) s
            WHERE code <> format('cop.%s.%s', objective_no, n)), 0,
          'codes are cop.<objective>.<n>, n = 1, 2, ... without gaps');
SELECT is((SELECT count(*)::int FROM cop_alloc.indicator
            WHERE from_cop AND (direction <> 'higher' OR weight <> 1)), 0,
          'every COP indicator is "higher is better" with weight 1');
SELECT is((SELECT count(*)::int FROM cop_alloc.indicator
            WHERE from_cop AND (label IS NULL OR label = '' OR unit IS NULL)), 0,
          'every COP indicator has a label and a unit');
SELECT is((SELECT count(*)::int FROM cop_alloc.indicator WHERE from_cop AND unit = '%'), 0,
          'no activity indicator of the COP is a percentage');
SELECT is((SELECT count(*)::int FROM cop_alloc.indicator
            WHERE from_cop AND known_result IS NULL AND known_result_text IS NULL), 0,
          'every indicator has its known result, as a number or as printed');
SELECT is((SELECT count(*)::int FROM cop_alloc.indicator
            WHERE from_cop AND national_target_2023 IS NULL), 0,
          'every indicator has a numeric 2023 objective');
SELECT results_eq(
    $$SELECT code, target_text FROM cop_alloc.indicator WHERE from_cop AND target_text IS NOT NULL
       ORDER BY objective_no, split_part(code, '.', 3)::int$$,
    $$VALUES ('cop.1.1', 'Objectif 2027 : n/a'), ('cop.1.2', 'Objectif 2027 : n/a')$$,
    'only the industrial SME programme has a non-numeric objective cell (2027: n/a)');
SELECT results_eq(
    $$SELECT code, per_year FROM cop_alloc.indicator WHERE from_cop AND per_year IS NOT TRUE
       ORDER BY objective_no, split_part(code, '.', 3)::int$$,
    $$VALUES ('cop.1.1', false), ('cop.1.2', false), ('cop.1.5', NULL::boolean), ('cop.2.3', false),
             ('cop.3.1', false), ('cop.4.1', NULL), ('cop.4.2', NULL), ('cop.9.1', NULL),
             ('cop.9.2', NULL), ('cop.9.3', NULL), ('cop.9.4', NULL), ('cop.9.5', NULL)$$,
    'indicators whose objectives are not printed "par an"');

-- ---- figures of specific indicators, read in the COP -------------------------
-- figures_are(code, known_result, known_result_text, objective 2023,
--             objective 2027, per_year, description)
CREATE FUNCTION pg_temp.figures_are(code text, known numeric, known_text text, target_2023 numeric,
                                    target_2027 numeric, per_year boolean, description text)
RETURNS text LANGUAGE sql AS $$
    SELECT results_eq(
        format('SELECT known_result, known_result_text, national_target_2023, national_target_2027, per_year
                  FROM cop_alloc.indicator WHERE code = %L', code),
        format('VALUES (%L::numeric, %L::text, %L::numeric, %L::numeric, %L::boolean)',
               known, known_text, target_2023, target_2027, per_year),
        description)
$$;
SELECT pg_temp.figures_are('cop.1.1', NULL, 'n/a', 5000, NULL, false,
    'cop.1.1 industrial SMEs contacted: n/a, 5 000, n/a');
SELECT pg_temp.figures_are('cop.1.2', NULL, 'n/a', 2500, NULL, false,
    'cop.1.2 industrial SMEs accompanied: printed "2 5001" = 2 500 + footnote 1');
SELECT is((SELECT label FROM cop_alloc.indicator WHERE code = 'cop.1.2'),
          'Nombre de PME industrielles du secteur de l’artisanat producteur industriel (10-250 salariés) : Accompagnées (appel ayant conduit à une prise de RV pour bénéficier d’un diagnostic)',
          'cop.1.2 label carries its parent''s wording');
SELECT pg_temp.figures_are('cop.1.3', NULL, 'n/a', 5000, 10000, true,
    'cop.1.3 diagnostics for non-industrial SMEs: n/a, 5 000 par an, 10 000 par an');
SELECT pg_temp.figures_are('cop.1.5', 60, NULL, 60, 60, NULL,
    'cop.1.5 CMA agents trained: 60, 60, 60');
SELECT pg_temp.figures_are('cop.2.2', 8233, NULL, 10000, 13000, true,
    'cop.2.2 labelled firms: 8 233, 10 000 par an, 13 000 par an');
SELECT pg_temp.figures_are('cop.2.3', 212, NULL, 300, 600, false,
    'cop.2.3 territories engaged: 212, 300, 600 (a level)');
SELECT pg_temp.figures_are('cop.3.2', 22000, NULL, 5000, 7500, true,
    'cop.3.2 digital self-diagnosis: printed "22 0002" = 22 000 + footnote 2');
SELECT pg_temp.figures_are('cop.4.1', 10952, NULL, 11000, 11000, NULL,
    'cop.4.1 information actions: 10 952, 11 000, 11 000');
SELECT pg_temp.figures_are('cop.6.1', 124178, NULL, 130000, 150000, true,
    'cop.6.1 project holders accompanied: 124 178, 130 000 par an, 150 000 par an');
SELECT pg_temp.figures_are('cop.6.3', NULL, 'n/a', 30000, 70000, true,
    'cop.6.3 "dont" entrepreneur individuel status: n/a, 30 000 par an, 70 000 par an');
SELECT pg_temp.figures_are('cop.7.1', 267, '267 évènements, 16 régions, 85 départements mobilisés',
                           300, 400, true,
    'cop.7.1 events of the semaine de l’artisanat: 267 (+ regions, departments), 300, 400 par an');
SELECT pg_temp.figures_are('cop.7.2', NULL, 'CMA France', 50, 500, true,
    'cop.7.2 firms accompanied to a State title: "CMA France", 50 par an, 500 par an');
SELECT pg_temp.figures_are('cop.7.5', 15700, NULL, 16000, 20000, true,
    'cop.7.5 observation periods: 15 700, 16 000 par an, 20 000 par an');
SELECT pg_temp.figures_are('cop.9.4', 1360, NULL, 1200, 1200, NULL,
    'cop.9.4 opinions on planning documents: 1 360, 1 200, 1 200');
SELECT pg_temp.figures_are('cop.13.2', 2330, NULL, 3500, 5000, true,
    'cop.13.2 needs given a proposal: 2 330, 3 500, 5 000 par an');
SELECT results_eq(
    $$SELECT axis_no, objective_no, unit FROM cop_alloc.indicator WHERE code = 'cop.13.1'$$,
    $$VALUES (6, 13, 'besoins')$$,
    'cop.13.1 Place des entreprises needs: axis 6, objective 13');

SELECT * FROM finish();
ROLLBACK;
