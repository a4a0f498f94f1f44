-- demo/show_year.sql -- print one exercise of the demo: the distribution
-- per regional chamber, the deductions and achievements per axis, the
-- equalisation bounds that hold, the summary and its checks.
-- Included by demo/show.sql with the psql variable :year set.

\echo
\echo '================================================================================'
SELECT format('Exercice %s  (résultats %s)  --  montants en euros', e.year,
              coalesce(e.results_year, e.year - 1)) AS demo_title
  FROM cop_alloc.exercise e WHERE e.year = :year \gset
\echo :demo_title
\echo '================================================================================'

\echo
\echo 'Répartition par CMAR : part de fonctionnement, part de performance, total,'
\echo 'et écart avec le total publié de l''exercice précédent'
WITH cur AS (
    SELECT a.chamber_code, c.name, a.operating, a.performance, a.total
      FROM cop_alloc.allocate(:year) a
      JOIN cop_alloc.chamber c ON c.code = a.chamber_code),
prev AS (                     -- the published distribution of the year before
    SELECT p.chamber_code, p.total
      FROM cop_alloc.published_distribution p
     WHERE p.year = :year - 1),
lines AS (
    SELECT 0 AS ord, cur.chamber_code, cur.name, cur.operating, cur.performance,
           cur.total, prev.total AS prev_total
      FROM cur LEFT JOIN prev USING (chamber_code)
    UNION ALL
    SELECT 1, NULL, format('Total (%s CMAR)', count(*)), sum(cur.operating),
           sum(cur.performance), sum(cur.total), sum(prev.total)
      FROM cur LEFT JOIN prev USING (chamber_code))
SELECT chamber_code AS code, name AS "CMAR", operating AS "fonctionnement",
       performance AS "performance", total AS "total", prev_total AS "total N-1",
       total - prev_total AS "écart",
       round(100 * (total - prev_total) / nullif(prev_total, 0), 2) AS "écart %"
  FROM lines
 ORDER BY ord, chamber_code COLLATE "C";

\echo 'Part de performance : enveloppe, réduction par axe (non-atteinte des objectifs),'
\echo 'part de performance versée'
WITH lines AS (
    SELECT 0 AS ord, a.chamber_code, a.performance_envelope, d.axis_no, d.deduction,
           a.performance
      FROM cop_alloc.allocate(:year) a
      JOIN cop_alloc.axis_deductions(:year) d USING (chamber_code)),
pivot AS (
    SELECT ord, chamber_code, performance_envelope, performance,
           sum(deduction) FILTER (WHERE axis_no = 1) AS d1,
           sum(deduction) FILTER (WHERE axis_no = 2) AS d2,
           sum(deduction) FILTER (WHERE axis_no = 3) AS d3,
           sum(deduction) FILTER (WHERE axis_no = 4) AS d4,
           sum(deduction) FILTER (WHERE axis_no = 5) AS d5,
           sum(deduction) FILTER (WHERE axis_no = 6) AS d6
      FROM lines
     GROUP BY ord, chamber_code, performance_envelope, performance)
SELECT chamber_code AS code, performance_envelope AS "enveloppe",
       d1 AS "axe 1", d2 AS "axe 2", d3 AS "axe 3", d4 AS "axe 4", d5 AS "axe 5", d6 AS "axe 6",
       performance AS "performance"
  FROM (SELECT * FROM pivot
        UNION ALL
        SELECT 1, 'Total', sum(performance_envelope), sum(performance),
               sum(d1), sum(d2), sum(d3), sum(d4), sum(d5), sum(d6)
          FROM pivot) t
 ORDER BY ord, chamber_code COLLATE "C";

\echo 'Taux d''atteinte par axe (consolidé avec les chambres associées)'
SELECT d.chamber_code AS code,
       (SELECT string_agg(m.code, '+' ORDER BY m.parent_code IS NOT NULL, m.code COLLATE "C")
          FROM cop_alloc.chamber m
         WHERE m.code = d.chamber_code OR m.parent_code = d.chamber_code) AS "membres",
       max(d.achievement) FILTER (WHERE d.axis_no = 1) AS "axe 1",
       max(d.achievement) FILTER (WHERE d.axis_no = 2) AS "axe 2",
       max(d.achievement) FILTER (WHERE d.axis_no = 3) AS "axe 3",
       max(d.achievement) FILTER (WHERE d.axis_no = 4) AS "axe 4",
       max(d.achievement) FILTER (WHERE d.axis_no = 5) AS "axe 5",
       max(d.achievement) FILTER (WHERE d.axis_no = 6) AS "axe 6"
  FROM cop_alloc.axis_deductions(:year) d
 GROUP BY d.chamber_code
 ORDER BY d.chamber_code COLLATE "C";

\echo 'Péréquation : chambres dont la part de fonctionnement est fixée par une borne'
\echo '(plancher outre-mer, tunnel autour de la part de fonctionnement publiée l''an dernier)'
SELECT b.chamber_code AS code, ec.previous_operating AS "fonct. N-1",
       b.lower_bound AS "borne basse",
       CASE b.lower_source WHEN 'floor' THEN 'plancher' ELSE b.lower_source END AS "source",
       b.upper_bound AS "borne haute",
       CASE b.upper_source WHEN 'ceiling' THEN 'plafond' ELSE b.upper_source END AS "source",
       CASE b.binding WHEN 'lower' THEN 'basse' WHEN 'upper' THEN 'haute' ELSE b.binding END
           AS "borne tenue",
       b.operating AS "fonctionnement"
  FROM cop_alloc.allocation_bounds(:year) b
  JOIN cop_alloc.exercise_chamber ec ON ec.year = :year AND ec.chamber_code = b.chamber_code
 WHERE b.binding <> 'none'
 ORDER BY b.chamber_code COLLATE "C";

\echo 'Synthèse : P produit de la taxe, Q quote-part de CMA France, D = P - Q,'
\echo 'O part de fonctionnement, Pf part de performance, réserve = projets nationaux'
SELECT tax_product AS "P", quote_part AS "Q", distributable AS "D",
       operating_part AS "O", performance_part AS "Pf",
       allocated AS "alloué aux CMAR", reserve AS "réserve"
  FROM cop_alloc.summary(:year);

SELECT CASE WHEN (SELECT sum(total) FROM cop_alloc.allocate(:year)) = s.allocated
            THEN 'oui' ELSE 'NON' END AS "somme des totaux = alloué",
       CASE WHEN s.tax_product = s.quote_part + s.allocated + s.reserve
            THEN 'oui' ELSE 'NON' END AS "P = Q + alloué + réserve",
       CASE WHEN (SELECT sum(deduction) FROM cop_alloc.axis_deductions(:year)) = s.reserve
            THEN 'oui' ELSE 'NON' END AS "réserve = somme des réductions"
  FROM cop_alloc.summary(:year) s;
