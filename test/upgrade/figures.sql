-- test/upgrade/figures.sql -- the figures of every exercise, as a
-- deliberation reads them: allocate, axis_deductions and summary (the
-- columns of the spec's contract), the published lines and the reserve
-- ledger.  test/shell/upgrade.sh compares them before and after UPDATE,
-- and after pg_dump / pg_restore.
\pset format unaligned
\pset tuples_only on
\pset footer off
SET search_path = pg_catalog, pg_temp;
SELECT 'allocate', e.year, a.chamber_code COLLATE "C" AS code, a.operating, a.performance_envelope, a.deduction, a.performance, a.total
  FROM cop_alloc.exercise e, cop_alloc.allocate(e.year) a
 ORDER BY 2, 3;
SELECT 'axis', e.year, a.chamber_code COLLATE "C" AS code, a.axis_no, a.stake, a.achievement, a.deduction
  FROM cop_alloc.exercise e, cop_alloc.axis_deductions(e.year) a
 ORDER BY 2, 3, 4;
SELECT 'summary', e.year, s.tax_product, s.quote_part, s.distributable, s.operating_part,
       s.performance_part, s.allocated, s.reserve
  FROM cop_alloc.exercise e, cop_alloc.summary(e.year) s
 ORDER BY 2;
SELECT 'published', p.year, l.chamber_code COLLATE "C" AS code, l.operating, l.performance_envelope, l.deduction, l.performance, l.total
  FROM cop_alloc.publication p JOIN cop_alloc.run_line l ON l.run_id = p.run_id
 ORDER BY 2, 3;
-- the credits of a publication are dated by the day it was recorded in
-- 0.1.0 and by its deliberation in 0.2.0 (publication.deliberated_on,
-- checked by test/deliberation_publication.sql): only the grants' dates
-- are compared
SELECT 'ledger', l.year, CASE WHEN l.grant_id IS NOT NULL THEN l.entry_on END AS entry_on, l.entry, l.grant_id,
       l.chamber_code, l.project, l.credit, l.debit, l.balance
  FROM cop_alloc.reserve_ledger l
 ORDER BY 2, 5 NULLS FIRST, 4;
