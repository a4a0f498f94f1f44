-- The worked example of the specification (section 8): exercise 2025,
-- results year 2024, every amount to the cent.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS cop_alloc;
RESET client_min_messages;

-- a test indicator set on the COP's six axes
INSERT INTO cop_alloc.indicator (code, axis_no, label, direction, weight) VALUES
    ('I1', 1, 'indicator 1', 'higher', 1),
    ('I2', 2, 'indicator 2', 'higher', 1),
    ('I3a', 3, 'indicator 3a', 'higher', 2),
    ('I3b', 3, 'indicator 3b', 'higher', 1),
    ('I4', 4, 'indicator 4', 'lower', 1),
    ('I5', 5, 'indicator 5', 'higher', 1);

INSERT INTO cop_alloc.chamber (code, name, parent_code) VALUES
    ('NORD', 'Chambre du Nord', NULL),
    ('OUEST', 'Chambre de l''Ouest', NULL),
    ('OUTREMER', 'Chambre d''outre-mer', NULL),
    ('NORD-ASSOC', 'Chambre associée au Nord', 'NORD');

INSERT INTO cop_alloc.exercise (year, tax_product, quote_part, quote_part_min,
                                operating_pct, minister_authorized)
VALUES (2025, 1000000.00, 100000.00, 80000.00, 0.65, true);

INSERT INTO cop_alloc.exercise_axis (year, axis_no, weight)
SELECT 2025, axis_no, cop_weight FROM cop_alloc.axis WHERE from_cop;

INSERT INTO cop_alloc.exercise_chamber (year, chamber_code, assujettis, floor_amount) VALUES
    (2025, 'NORD', 120000, NULL),
    (2025, 'OUEST', 60000, NULL),
    (2025, 'OUTREMER', 20000, 70000.00);

INSERT INTO cop_alloc.com_target (year, chamber_code, indicator_code, target) VALUES
    (2024, 'NORD', 'I1', 600), (2024, 'NORD-ASSOC', 'I1', 200),
    (2024, 'OUEST', 'I1', 300), (2024, 'OUTREMER', 'I1', 100),
    (2024, 'NORD', 'I2', 500), (2024, 'OUEST', 'I2', 250), (2024, 'OUTREMER', 'I2', 80),
    (2024, 'NORD', 'I3a', 10000), (2024, 'OUEST', 'I3a', 5000), (2024, 'OUTREMER', 'I3a', 1500),
    (2024, 'NORD', 'I3b', 150), (2024, 'OUEST', 'I3b', 0), (2024, 'OUTREMER', 'I3b', 20),
    (2024, 'NORD', 'I4', 25), (2024, 'OUEST', 'I4', 25), (2024, 'OUTREMER', 'I4', 25),
    (2024, 'NORD', 'I5', 40), (2024, 'OUEST', 'I5', 20), (2024, 'OUTREMER', 'I5', 6);

INSERT INTO cop_alloc.indicator_result (year, chamber_code, indicator_code, realized) VALUES
    (2024, 'NORD', 'I1', 640), (2024, 'NORD-ASSOC', 'I1', 100),
    (2024, 'OUEST', 'I1', 300), (2024, 'OUTREMER', 'I1', 55),
    (2024, 'NORD', 'I2', 450), (2024, 'OUEST', 'I2', 260), (2024, 'OUTREMER', 'I2', 80),
    (2024, 'NORD', 'I3a', 9500), (2024, 'OUEST', 'I3a', 5000), (2024, 'OUTREMER', 'I3a', 1000),
    (2024, 'NORD', 'I3b', 150), (2024, 'OUEST', 'I3b', 3), (2024, 'OUTREMER', 'I3b', 7),
    (2024, 'NORD', 'I4', 30), (2024, 'OUEST', 'I4', 20), (2024, 'OUTREMER', 'I4', 25),
    (2024, 'NORD', 'I5', 40), (2024, 'OUEST', 'I5', 20), (2024, 'OUTREMER', 'I5', 6);

-- the distribution
SELECT * FROM cop_alloc.allocate(2025);

-- the summary: P = Q + allocated + reserve
SELECT * FROM cop_alloc.summary(2025);
SELECT tax_product = quote_part + allocated + reserve AS conserved FROM cop_alloc.summary(2025);

-- every axis line
SELECT * FROM cop_alloc.axis_deductions(2025);

-- how the operating part was equalised
SELECT * FROM cop_alloc.allocation_bounds(2025);

-- the allocate totals agree with the axis lines and the summary
SELECT (SELECT sum(deduction) FROM cop_alloc.allocate(2025)) =
       (SELECT sum(deduction) FROM cop_alloc.axis_deductions(2025)) AS deductions_agree,
       (SELECT sum(total) FROM cop_alloc.allocate(2025)) =
       (SELECT allocated FROM cop_alloc.summary(2025)) AS totals_agree;

-- exactly two decimals on amounts, six on achievements
SELECT DISTINCT scale(operating), scale(total) FROM cop_alloc.allocate(2025);
SELECT DISTINCT scale(achievement) FROM cop_alloc.axis_deductions(2025);

-- the building blocks give the same figures
SELECT cop_alloc.apportion(585000.00, ARRAY[120000, 60000, 20000]);
SELECT cop_alloc.apportion(585000.00, ARRAY[120000, 60000, 20000],
                           ARRAY[NULL, NULL, 70000.00]::numeric[], '{}');
SELECT cop_alloc.achievement(740, 800) AS nord_axis_1,
       cop_alloc.achievement(30, 25, 'lower') AS nord_i4,
       cop_alloc.achievement(3, 0) AS ouest_i3b_not_applicable;

-- the aggregate, over consolidated indicator rows, per chamber and axis
WITH consolidated AS (
    SELECT coalesce(c.parent_code, c.code) AS chamber, i.axis_no, i.code,
           i.direction, i.weight, sum(t.target) AS target, sum(r.realized) AS realized
      FROM cop_alloc.com_target t
      JOIN cop_alloc.chamber c ON c.code = t.chamber_code
      JOIN cop_alloc.indicator i ON i.code = t.indicator_code
      LEFT JOIN cop_alloc.indicator_result r USING (year, chamber_code, indicator_code)
     WHERE t.year = 2024
     GROUP BY 1, 2, 3, 4, 5)
SELECT chamber, axis_no, cop_alloc.axis_achievement(realized, target, direction, weight)
  FROM consolidated GROUP BY chamber, axis_no ORDER BY chamber COLLATE "C", axis_no;

-- the performance part not decided by the general assembly (R312-2, last paragraph)
UPDATE cop_alloc.exercise SET performance_decided = false WHERE year = 2025;
SELECT * FROM cop_alloc.allocate(2025);
SELECT * FROM cop_alloc.summary(2025);
SELECT chamber_code, axis_no, achievement FROM cop_alloc.axis_deductions(2025) WHERE achievement < 1;

DROP EXTENSION cop_alloc;
