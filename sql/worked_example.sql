-- The worked example of the specification (section 8): exercise 2025,
-- results year 2024, every amount to the cent.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS cop_alloc;
RESET client_min_messages;

\i test/fixtures/example.sql

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
