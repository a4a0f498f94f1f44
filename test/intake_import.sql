-- Importing the chambers' files (R323-24): import_targets and
-- import_results report every bad line of a file at once, with its line
-- number and field, and load nothing unless there is none; ; or ,
-- separators, decimal comma or point, BOM, CRLF, quoted fields; a
-- re-import replaces a chamber's figures and figure_load keeps the old
-- ones; who may load what.
BEGIN;
SET search_path = public;
SET client_min_messages = error;
SELECT plan(38);

\i test/fixtures/example.sql

CREATE TEMP TABLE before_results AS SELECT * FROM cop_alloc.indicator_result;
CREATE TEMP TABLE before_targets AS SELECT * FROM cop_alloc.com_target;

-- ---- every kind of bad line in one file: ; separator, BOM, CRLF, quotes
SELECT results_eq(
    $$SELECT line, field, problem FROM cop_alloc.import_results(2024,
        E'\uFEFFchambre;indicateur;réalisé;commentaire\r\n'
        'NORD;I1;-3;\r\n'                                 -- 2 negative
        'NORD;I2;"12,5";"écart; voir rapport"\r\n'        -- 3 good (quoted decimal comma and separator)
        'SUD;I1;5;\r\n'                                   -- 4 unknown chamber
        'OUEST;I9;5;\r\n'                                 -- 5 unknown indicator
        'OUEST;I2;1,1234567;\r\n'                         -- 6 7 decimals
        'NORD;I1;4;\r\n'                                  -- 7 duplicate of line 2
        'OUEST;I3a;douze;\r\n'                            -- 8 text in a number
        'OUTREMER;I2;"7,5";"sur\r\ndeux lignes"\r\n'      -- 9-10 good, a quoted line end
        'OUTREMER;I1;2e3;\r\n'                            -- 11 not a number
        ';I4;3;\r\n'                                      -- 12 missing chamber
        'OUEST;I4;;\r\n'                                  -- 13 empty value
        'NORD-ASSOC;I2;5;\r\n'                            -- 14 no target for this result
        'OUEST;I5;3;x;y\r\n'                              -- 15 too many fields
        'OUTREMER;I5;1500000000000;\r\n'                  -- 16 above 10^12
        'OUEST;I1;"3\r\n')$$,                             -- 17 unterminated quote
    $$VALUES (2, 'realized', 'negative value "-3"'),
             (4, 'chamber_code', 'unknown chamber "SUD"'),
             (5, 'indicator_code', 'unknown indicator "I9"'),
             (6, 'realized', '"1,1234567" has more than 6 decimals'),
             (7, 'indicator_code', 'chamber "NORD" and indicator "I1" already appear on line 2'),
             (8, 'realized', '"douze" is not a number (digits, then a decimal comma or point)'),
             (11, 'realized', '"2e3" is not a number (digits, then a decimal comma or point)'),
             (12, 'chamber_code', 'missing chamber code'),
             (13, 'realized', 'empty value of realized'),
             (14, 'indicator_code', 'no target of chamber "NORD-ASSOC" for indicator "I2" in 2024: a result needs a COM target (load it with cop_alloc.import_targets)'),
             (15, NULL, '5 fields where the header has 4 (separator ";"; a decimal comma needs quotes in a comma-separated file)'),
             (16, 'realized', '"1500000000000" is above 10^12'),
             (17, NULL, 'unterminated quoted field: a quote opened on this line is never closed')$$,
    'a file with every kind of bad line: each one reported, with its line and field');
SELECT is((SELECT count(*) FROM (SELECT * FROM cop_alloc.indicator_result EXCEPT SELECT * FROM before_results) x)
          + (SELECT count(*) FROM (SELECT * FROM before_results EXCEPT SELECT * FROM cop_alloc.indicator_result) x),
          0::bigint, 'nothing of it is loaded, not even its good lines');
SELECT is((SELECT count(*) FROM cop_alloc.figure_load), 0::bigint, 'and nothing is recorded');

-- ---- the header
SELECT results_eq($$SELECT line, field, problem FROM cop_alloc.import_results(2024, '')$$,
                  $$VALUES (1, NULL::text, 'empty file: a header line naming the columns is expected')$$, 'an empty file');
SELECT results_eq($$SELECT line, field, problem FROM cop_alloc.import_results(2024, E'\uFEFF\r\n')$$,
                  $$VALUES (1, NULL::text, 'empty file: a header line naming the columns is expected')$$, 'a file with a BOM and a blank line only');
SELECT results_eq($$SELECT line, field, problem FROM cop_alloc.import_targets(2024, E'chamber_code;indicator_code;target\r\n\r\n')$$,
                  $$VALUES (1, NULL::text, 'the file has a header line but no targets')$$, 'a header without lines');
SELECT results_eq(
    $$SELECT line, field, problem FROM cop_alloc.import_targets(2024, E'chambre,code,réalisé,target,cible\nNORD,I1,1,2,3\n')$$,
    $$VALUES (1, 'cible', 'column "cible" appears twice (columns 4 and 5)'),
             (1, 'code', 'unknown column "code": expected chamber_code (chambre), indicator_code (indicateur), target (cible) and optionally comment (commentaire)'),
             (1, 'indicator_code', 'missing column indicator_code (indicateur)'),
             (1, 'réalisé', 'column "réalisé" holds realized values: this file belongs to cop_alloc.import_results')$$,
    'unknown, missing, repeated and misplaced columns: all named on line 1');

-- ---- an unquoted decimal comma in a comma-separated file is not read as two fields
SELECT results_eq(
    $$SELECT line, field, problem FROM cop_alloc.import_results(2024, E'chamber_code,indicator_code,realized,comment\nNORD,I1,12,5\n')$$,
    $$VALUES (2, 'realized', '"12,5" is ambiguous in a comma-separated file: quote a number with a decimal comma ("12,5"), or write it with a point')$$,
    'an ambiguous decimal comma is refused, not read as 12 with comment "5"');
SELECT results_eq(
    $$SELECT line, field, problem FROM cop_alloc.import_results(2024, E'chamber_code,indicator_code,realized\nNORD,I1,12,5\n')$$,
    $$VALUES (2, NULL::text, '4 fields where the header has 3 (separator ","; a decimal comma needs quotes in a comma-separated file)')$$,
    'nor as an extra field');

-- ---- a good comma-separated file: English header, decimal point, quotes, LF
SELECT is_empty(
    $$SELECT * FROM cop_alloc.import_results(2024, E'chamber_code,indicator_code,realized,comment\n'
        'NORD,I1,641.5,\n'
        'NORD,I2,"450,25","a ""quoted"" comment, with a comma"\n'
        'NORD,I3a,9 500,\n'
        'NORD,I3b,150,\n'
        'NORD,I4,30,\n'
        'NORD,I5,40.000000,\n'
        'NORD-ASSOC,I1,0.000001,\n\n')$$,
    'a comma-separated file loads: the result is empty');
SELECT results_eq(
    $$SELECT chamber_code, indicator_code, realized::numeric FROM cop_alloc.indicator_result
       WHERE year = 2024 AND chamber_code IN ('NORD', 'NORD-ASSOC') ORDER BY 1, 2$$,
    $$VALUES ('NORD', 'I1', 641.5), ('NORD', 'I2', 450.25), ('NORD', 'I3a', 9500), ('NORD', 'I3b', 150),
             ('NORD', 'I4', 30), ('NORD', 'I5', 40), ('NORD-ASSOC', 'I1', 0.000001)$$,
    'the exact values: decimal point, quoted decimal comma, digit groups, 6 decimals');
SELECT results_eq(
    $$SELECT chamber_code, source, figures -> 'I2' ->> 'comment', replaced FROM cop_alloc.figure_load ORDER BY load_id$$,
    $$VALUES ('NORD', 'file', 'a "quoted" comment, with a comma',
              '{"I1": 640, "I2": 450, "I4": 30, "I5": 40, "I3a": 9500, "I3b": 150}'::jsonb),
             ('NORD-ASSOC', 'file', NULL, '{"I1": 100}'::jsonb)$$,
    'each chamber''s load is recorded with its comments and the figures it replaced');
SELECT is((SELECT count(*) FROM cop_alloc.indicator_result WHERE year = 2024 AND chamber_code IN ('OUEST', 'OUTREMER')),
          12::bigint, 'the chambers absent from the file keep their results');

-- ---- a semicolon file in French: BOM, CRLF, decimal comma
SELECT is_empty(
    $$SELECT * FROM cop_alloc.import_results(2024, E'\uFEFFChambre;Indicateur;Réalisé\r\nNORD;I1;"640"\r\nNORD;I2;450,0\r\nNORD;I3a;9500\r\nNORD;I3b;150\r\nNORD;I4;30\r\nNORD;I5;40\r\nNORD-ASSOC;I1;100\r\n')$$,
    'a semicolon-separated file with French headers, BOM, CRLF and decimal comma loads');
SELECT results_eq(
    $$SELECT chamber_code, total FROM cop_alloc.allocate(2025)$$,
    $$VALUES ('NORD'::text, 520993.34), ('OUEST', 266166.67), ('OUTREMER', 95208.75)$$,
    'the worked example''s figures loaded back from a file give its distribution, to the cent');
SELECT results_eq(
    $$SELECT chamber_code, count(*)::int, (array_agg(replaced -> 'I1' ORDER BY load_id))[2]
        FROM cop_alloc.figure_load WHERE kind = 'result' GROUP BY 1 ORDER BY 1$$,
    $$VALUES ('NORD', 2, '641.5'::jsonb), ('NORD-ASSOC', 2, '0.000001'::jsonb)$$,
    'every re-import keeps the version it replaced');

-- ---- targets
SELECT results_eq(
    $$SELECT line, field, problem FROM cop_alloc.import_targets(2025,
        E'chamber_code;indicator_code;target;comment\nNORD;I1;-1;\nNORD;I1;1,5;\nNORD;I2;0,0000001;\nOUEST;XX;1;\nOUEST;I2;;\nOUEST;I3a;12,5;fine\n')$$,
    $$VALUES (2, 'target', 'negative value "-1"'),
             (3, 'indicator_code', 'chamber "NORD" and indicator "I1" already appear on line 2'),
             (4, 'target', '"0,0000001" has more than 6 decimals'),
             (5, 'indicator_code', 'unknown indicator "XX"'),
             (6, 'target', 'empty value of target')$$,
    'bad targets: negative, duplicate, over-precise, unknown indicator, empty');
SELECT is((SELECT count(*) FROM cop_alloc.com_target WHERE year = 2025), 0::bigint, 'no target loaded');
SELECT is_empty(
    $$SELECT * FROM cop_alloc.import_targets(2025, E'chamber_code;indicator_code;cible\nOUEST;I1;310\nOUEST;I2;"260,5"\n')$$,
    'good targets load');
SELECT results_eq($$SELECT indicator_code, target::numeric FROM cop_alloc.com_target WHERE year = 2025 ORDER BY 1$$,
                  $$VALUES ('I1'::text, 310::numeric), ('I2', 260.5)$$, 'with their exact values');
SELECT is_empty(
    $$SELECT * FROM cop_alloc.import_targets(2025, E'chamber_code;indicator_code;cible\nOUEST;I1;300\n')$$,
    'the same chamber again');
SELECT results_eq($$SELECT indicator_code, target::numeric FROM cop_alloc.com_target WHERE year = 2025 ORDER BY 1$$,
                  $$VALUES ('I1'::text, 300::numeric)$$, 'replaces all its targets of the year');
SELECT is((SELECT replaced FROM cop_alloc.figure_load WHERE kind = 'target' ORDER BY load_id DESC LIMIT 1),
          '{"I1": 310, "I2": 260.5}'::jsonb, 'and the previous targets are kept in figure_load');
SELECT results_eq(
    $$SELECT line, field, problem FROM cop_alloc.import_results(2025, E'chamber_code;indicator_code;realized\nOUEST;I2;1\n')$$,
    $$VALUES (2, 'indicator_code', 'no target of chamber "OUEST" for indicator "I2" in 2025: a result needs a COM target (load it with cop_alloc.import_targets)')$$,
    'a result needs a target of its own year');

-- ---- arguments
SELECT throws_ok($$SELECT * FROM cop_alloc.import_results(NULL, 'x')$$, '22004',
                 'the results year and the file''s text must not be null', 'a NULL year is an error, not an empty (loaded) result');
SELECT throws_ok($$SELECT * FROM cop_alloc.import_targets(2024, NULL)$$, '22004', NULL, 'so is a NULL text');
SELECT throws_ok($$SELECT * FROM cop_alloc.import_targets(3024, 'x')$$, '22023', 'results year 3024 is out of range', 'a year out of range');
SELECT results_eq($$SELECT value, problem FROM cop_alloc.parse_figure('1 234,5')$$,
                  $$VALUES (1234.5, NULL::text)$$, 'parse_figure: digit groups and a decimal comma');
SELECT results_eq($$SELECT value, problem FROM cop_alloc.parse_figure('1.234,5')$$,
                  $$VALUES (NULL::numeric, '"1.234,5" is not a number (digits, then a decimal comma or point)')$$,
                  'parse_figure: a point and a comma together is refused, not guessed');

-- ---- rights: a chamber loads its own figures and its associated chambers'
\i test/fixtures/parties.sql
SET LOCAL ROLE cop_t_nord;
SELECT is_empty($$SELECT * FROM cop_alloc.import_results(2024, E'chamber_code;indicator_code;realized\nNORD;I1;640\nNORD-ASSOC;I1;100\n')$$,
                'a chamber loads its results and its associated chamber''s');
SELECT is((SELECT loaded_by FROM cop_alloc.figure_load ORDER BY load_id DESC LIMIT 1), 'cop_t_nord', 'the load records who made it');
SELECT throws_ok($$SELECT * FROM cop_alloc.import_results(2024, E'chamber_code;indicator_code;realized\nNORD;I1;640\nOUEST;I1;300\n')$$,
                 '42501', 'role "cop_t_nord" does not act for chamber "OUEST"', 'but not another chamber''s');
SELECT is((SELECT count(*) FROM cop_alloc.figure_load WHERE chamber_code = 'OUEST'), 0::bigint,
          'a chamber does not see another chamber''s loads (row-level security)');
SELECT throws_ok($$SELECT * FROM cop_alloc.import_targets(2024, E'chamber_code;indicator_code;target\nNORD;I1;1\n')$$,
                 '42501', NULL,
                 'a chamber does not set its own targets: they are agreed in its COM, CMA France loads them');
RESET ROLE;
SET LOCAL ROLE cop_t_ouest;
SELECT results_eq($$SELECT DISTINCT chamber_code FROM cop_alloc.figure_load$$, $$VALUES ('OUEST'::text)$$,
                  'OUEST sees its own loads only');
RESET ROLE;
SET LOCAL ROLE cop_t_rdr;
SELECT throws_ok($$SELECT * FROM cop_alloc.import_targets(2024, E'chamber_code;indicator_code;target\nNORD;I1;1\n')$$,
                 '42501', NULL, 'a reader loads nothing');
SELECT cmp_ok((SELECT count(*) FROM cop_alloc.figure_load), '>', 0::bigint, 'but reads every load');
RESET ROLE;
SET LOCAL ROLE cop_t_nord;
SELECT throws_ok($$INSERT INTO cop_alloc.figure_load (kind, year, chamber_code, source, loaded_by, figures, replaced)
                   VALUES ('result', 2024, 'NORD', 'file', 'x', '{}', '{}')$$, '42501', NULL,
                 'figure_load is written only through the functions');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
