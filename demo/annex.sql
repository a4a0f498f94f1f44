-- demo/annex.sql -- writes the annex of exercise :annex_year (default
-- 2025) to the file :annex_file, inside the demo's transaction.
-- Included by demo/demo.sql when annex_file is set (demo/run.sh,
-- scripts/annex.sh).
\if :{?annex_year}
\else
\set annex_year 2025
\endif
\pset format unaligned
\pset tuples_only on
\o :annex_file
SELECT cop_alloc.annex_html(:annex_year);
\o
\pset format aligned
\pset tuples_only off
