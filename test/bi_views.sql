-- Views for dashboards: published_year, published_allocation,
-- published_axis, published_indicator and the reserve ledger read the
-- published runs of every year, with names joined in and plain column
-- types only; a publication carries its legal date (the deliberation's)
-- apart from the time it was recorded; a year whose inputs changed since
-- it was published is flagged; simulate_compare puts a what-if next to
-- the base distribution.
BEGIN;
SET search_path = public;
SET client_min_messages = error;
SELECT plan(34);

\i test/fixtures/example.sql
\i test/fixtures/example_2024.sql

-- 2024 published without any approval (forced), 2025 deliberated and approved
SELECT cop_alloc.publish(cop_alloc.run(2024), force_reason => 'test: history') IS NOT NULL AS published_2024 \gset
CREATE TEMP TABLE r25 AS SELECT cop_alloc.run(2025) AS id;
INSERT INTO cop_alloc.percentage_proposal (year, operating_pct, received_on) VALUES (2025, 0.65, current_date - 60);
SELECT id AS run, current_date - 55 AS day, 2025 AS year FROM r25 \gset
\i test/fixtures/review.sql
INSERT INTO cop_alloc.deliberation_vote (year, meeting_on, members_in_office, members_present, votes_for, votes_against, run_id)
VALUES (2025, current_date - 30, 30, 24, 20, 2, (SELECT id FROM r25));
INSERT INTO cop_alloc.minister_approval (vote_id, decision, decided_on)
SELECT vote_id, 'approved', current_date - 10 FROM cop_alloc.deliberation_vote WHERE year = 2025;
SELECT cop_alloc.publish((SELECT id FROM r25)) IS NOT NULL AS published_2025 \gset

-- the legal date
SELECT results_eq($$SELECT year, deliberated_on, published_at::date FROM cop_alloc.publication ORDER BY year$$,
                  $$VALUES (2024, current_date, current_date), (2025, current_date - 30, current_date)$$,
                  'a publication is dated by the approving deliberation, else by the day it was forced');
SELECT results_eq($$SELECT year, published_on FROM cop_alloc.published_year ORDER BY year$$,
                  $$VALUES (2024, current_date), (2025, current_date - 30)$$,
                  'published_year gives the legal date');

-- published_allocation: the published lines, names, last year and the change
SELECT results_eq(
    $$SELECT chamber_code, chamber_name, operating, performance_envelope, deduction, performance, total
        FROM cop_alloc.published_allocation WHERE year = 2025 ORDER BY chamber_code COLLATE "C"$$,
    $$SELECT a.chamber_code, c.name, a.operating, a.performance_envelope, a.deduction, a.performance, a.total
        FROM cop_alloc.allocate(2025) a JOIN cop_alloc.chamber c ON c.code = a.chamber_code ORDER BY a.chamber_code COLLATE "C"$$,
    'published_allocation holds allocate(2025) as published, with the chambers'' names');
SELECT results_eq(
    $$SELECT chamber_code, previous_total, change, change_pct, published_on
        FROM cop_alloc.published_allocation WHERE year = 2025 ORDER BY chamber_code COLLATE "C"$$,
    $$SELECT a.chamber_code, p.total, a.total - p.total, round(100 * (a.total - p.total) / p.total, 2), current_date - 30
        FROM cop_alloc.allocate(2025) a JOIN cop_alloc.published_allocation p ON p.year = 2024 AND p.chamber_code = a.chamber_code
       ORDER BY a.chamber_code COLLATE "C"$$,
    'with the 2024 published total, the change in euros and in percent');
SELECT is((SELECT total::text FROM cop_alloc.published_allocation WHERE year = 2024 AND chamber_code = 'OUTREMER'),
          '95208.75', 'a published total to the cent, with a fixed scale of 2');
SELECT is((SELECT count(*) FROM cop_alloc.published_allocation WHERE year = 2024 AND previous_total IS NULL AND change IS NULL),
          3::bigint, 'no previous publication: previous_total and change are NULL');

-- published_axis
SELECT results_eq(
    $$SELECT axis_no, axis_title, stake, achievement, deduction FROM cop_alloc.published_axis
       WHERE year = 2025 AND chamber_code = 'NORD' AND axis_no IN (1, 3, 4) ORDER BY axis_no$$,
    $$SELECT a.axis_no, x.title, v.stake, v.achievement, v.deduction
        FROM (VALUES (1, 37800.00, 0.925000, 2835.00), (3, 47250.00, 0.966667, 1574.98), (4, 18900.00, 0.833333, 3150.01))
             v(axis_no, stake, achievement, deduction)
        JOIN cop_alloc.axis x USING (axis_no) JOIN LATERAL (SELECT v.axis_no) a ON true ORDER BY 1$$,
    'published_axis: the worked example''s axis lines with the axis titles');
SELECT is((SELECT count(*) FROM cop_alloc.published_axis WHERE year = 2025), 18::bigint, 'one line per chamber and axis');
SELECT is((SELECT sum(deduction) FROM cop_alloc.published_axis WHERE year = 2025),
          (SELECT sum(deduction) FROM cop_alloc.published_allocation WHERE year = 2025), 'whose deductions add up to the chambers''');

-- published_indicator: an associated chamber under its regional chamber
SELECT results_eq(
    $$SELECT chamber_code, chamber_name, member_code, indicator_label, axis_no, target, realized, achievement, weight, direction
        FROM cop_alloc.published_indicator WHERE year = 2025 AND indicator_code = 'I1' ORDER BY member_code COLLATE "C"$$,
    $$VALUES ('NORD'::text, 'Chambre du Nord'::text, 'NORD'::text, 'indicator 1'::text, 1, 600::numeric, 640::numeric, 1.000000, 1::numeric, 'higher'),
             ('NORD', 'Chambre du Nord', 'NORD-ASSOC', 'indicator 1', 1, 200, 100, 0.500000, 1, 'higher'),
             ('OUEST', 'Chambre de l''Ouest', 'OUEST', 'indicator 1', 1, 300, 300, 1.000000, 1, 'higher'),
             ('OUTREMER', 'Chambre d''outre-mer', 'OUTREMER', 'indicator 1', 1, 100, 55, 0.550000, 1, 'higher')$$,
    'published_indicator: NORD-ASSOC''s target and result under NORD, each member''s own achievement');
SELECT is((SELECT achievement FROM cop_alloc.published_indicator WHERE year = 2025 AND member_code = 'OUEST' AND indicator_code = 'I3b'),
          NULL, 'a target of 0: no achievement');
SELECT is((SELECT count(*) FROM cop_alloc.published_indicator WHERE year = 2025),
          (SELECT count(*) FROM cop_alloc.com_target WHERE year = 2024), 'one row per target of the results year');
SELECT is((SELECT results_year FROM cop_alloc.published_indicator WHERE year = 2025 LIMIT 1), 2024, 'the results year');

-- plain column types, every column documented
SELECT is_empty(
    $$SELECT table_name, column_name, data_type FROM information_schema.columns
       WHERE table_schema = 'cop_alloc'
         AND table_name IN ('published_year', 'published_allocation', 'published_axis', 'published_indicator', 'reserve_ledger')
         AND data_type NOT IN ('integer', 'bigint', 'text', 'date', 'timestamp with time zone', 'boolean', 'numeric')$$,
    'the dashboard views have plain column types only (no jsonb, no enum)');
SELECT is_empty(
    $$SELECT table_name, column_name FROM information_schema.columns
       WHERE table_schema = 'cop_alloc' AND data_type = 'numeric' AND numeric_scale IS NULL
         AND table_name IN ('published_year', 'published_allocation', 'published_axis', 'published_indicator', 'reserve_ledger')$$,
    'every numeric column has a fixed scale');
SELECT col_type_is('cop_alloc', 'published_allocation', 'total', 'numeric(15,2)', 'amounts are numeric(15,2)');
SELECT col_type_is('cop_alloc', 'published_axis', 'achievement', 'numeric(7,6)', 'achievements are numeric(7,6)');
SELECT is_empty(
    $$SELECT c.relname, a.attname FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0
       WHERE c.relnamespace = 'cop_alloc'::regnamespace AND c.relkind = 'v'
         AND (col_description(c.oid, a.attnum) IS NULL OR obj_description(c.oid, 'pg_class') IS NULL)$$,
    'every view and every view column has a comment');

-- a dashboard's role: the reader party reads the views and the annex
CREATE ROLE bi_views_reader;
SELECT cop_alloc.enrol('bi_views_reader', 'reader');
SELECT (SELECT count(*) FROM cop_alloc.published_allocation) + (SELECT count(*) FROM cop_alloc.published_axis)
       + (SELECT count(*) FROM cop_alloc.published_indicator) + (SELECT count(*) FROM cop_alloc.published_year) AS all_rows \gset
SET ROLE bi_views_reader;
SELECT is((SELECT count(*) FROM cop_alloc.published_allocation) + (SELECT count(*) FROM cop_alloc.published_axis)
          + (SELECT count(*) FROM cop_alloc.published_indicator) + (SELECT count(*) FROM cop_alloc.published_year),
          :all_rows::bigint, 'a role enrolled as reader reads every row of every dashboard view');
SELECT matches(cop_alloc.annex_html(2025), 'Répartition publiée', 'and the annex');
RESET ROLE;

-- the reserve ledger, in date order, dated by the deliberation
SELECT results_eq(
    $$SELECT entry_on, entry, credit, balance FROM cop_alloc.reserve_ledger WHERE year = 2025$$,
    $$VALUES (current_date - 30, 'deductions'::text, 17631.24::numeric(15,2), 17631.24::numeric(15,2))$$,
    'the credit of the deductions is dated by the deliberation');
INSERT INTO cop_alloc.reserve_grant (year, purpose, project, amount, granted_on, motive)
VALUES (2025, 'national_project', 'B', 1000.00, current_date - 5, 'second'),
       (2025, 'national_project', 'A', 500.00, current_date - 20, 'first');
SELECT results_eq(
    $$SELECT entry_on, project, debit, balance FROM cop_alloc.reserve_ledger WHERE year = 2025$$,
    $$VALUES (current_date - 30, NULL::text, 0.00::numeric(15,2), 17631.24::numeric(15,2)),
             (current_date - 20, 'A', 500.00, 17131.24), (current_date - 5, 'B', 1000.00, 16131.24)$$,
    'entries in date order, the running balance with them, whatever the order they were recorded in');

-- simulate_compare
SELECT is((SELECT count(*) FROM cop_alloc.simulate_compare(2025, '{}')
            WHERE operating_change <> 0 OR performance_change <> 0 OR deduction_change <> 0 OR modulation_change <> 0
               OR total_change <> 0),
          0::bigint, 'no override: no difference');
-- without the tunnel: the worked example's figures
SELECT results_eq(
    $$SELECT chamber_code, base_total, total, total_change
        FROM cop_alloc.simulate_compare(2025, '{"max_decrease_pct": null, "max_increase_pct": null}')$$,
    $$SELECT a.chamber_code, a.total, v.total, v.total - a.total
        FROM cop_alloc.allocate(2025) a
        JOIN (VALUES ('NORD'::text, 520993.34), ('OUEST', 266166.67), ('OUTREMER', 95208.75)) v(code, total) ON v.code = a.chamber_code$$,
    'simulate_compare: base, scenario and difference per chamber');
SELECT is((SELECT total_change_pct FROM cop_alloc.simulate_compare(2025, '{"max_decrease_pct": null, "max_increase_pct": null}')
            WHERE chamber_code = 'NORD'),
          (SELECT round(100 * (520993.34 - total) / total, 2) FROM cop_alloc.allocate(2025) WHERE chamber_code = 'NORD'),
          'and the change in percent');
SELECT results_eq(
    $$SELECT chamber_code, base_modulation, modulation, modulation_change, total_change
        FROM cop_alloc.simulate_compare(2025, '{"chambers": {"NORD": {"modulation_pct": 0.1, "modulation_motive": "test"}}}')
       WHERE chamber_code = 'NORD'$$,
    $$SELECT 'NORD'::text, 0.00, a.v, a.v, -a.v
        FROM (SELECT round((performance_envelope - deduction) * 0.1, 2) AS v FROM cop_alloc.allocate(2025) WHERE chamber_code = 'NORD') a$$,
    'a modulation of 10 % for NORD: its modulation and the total it takes off');
SELECT throws_ok($$SELECT * FROM cop_alloc.simulate_compare(2025, '{"bogus": 1}')$$, '22023', NULL,
                 'an invalid scenario is refused as by simulate');


-- a published year whose inputs changed
SELECT results_eq($$SELECT year, inputs_changed FROM cop_alloc.published_year ORDER BY year$$,
                  $$VALUES (2024, false), (2025, false)$$, 'inputs unchanged since publication');
SELECT is((SELECT inputs_changed FROM cop_alloc.status(2025)), false, 'status: inputs unchanged');
SELECT is((SELECT inputs_changed FROM cop_alloc.status(2025, current_date, NULL) WHERE stage = 'published'), false,
          'status is published');
UPDATE cop_alloc.indicator_result SET realized = 700 WHERE year = 2024 AND chamber_code = 'NORD-ASSOC' AND indicator_code = 'I1';
SELECT results_eq($$SELECT year, inputs_changed FROM cop_alloc.published_year ORDER BY year$$,
                  $$VALUES (2024, false), (2025, true)$$, 'a result changed after publication: 2025 is flagged');
SELECT is((SELECT inputs_changed FROM cop_alloc.status(2025)), true, 'by status too');
SELECT is((SELECT realized FROM cop_alloc.published_indicator WHERE year = 2025 AND member_code = 'NORD-ASSOC' AND indicator_code = 'I1'),
          100.000000::numeric, 'the views keep the published figures');
SELECT is((SELECT inputs_changed FROM cop_alloc.status(2026 - 2)), false, 'an unchanged year is not flagged');

SELECT * FROM finish();
ROLLBACK;
