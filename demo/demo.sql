-- demo/demo.sql -- the whole demo in one transaction that is rolled back:
-- create the extension if the database lacks it, load demo/data.sql,
-- print demo/show.sql, then deliberate and publish 2025
-- (demo/deliberation.sql); with -v annex_file=..., write the annex of
-- 2025 (or -v annex_year=...) there (demo/annex.sql).  Nothing is left in
-- the database afterwards.
-- Run by demo/run.sh; by hand: psql -X -f demo/demo.sql

\set ON_ERROR_STOP on
\set QUIET on
SET client_encoding = 'UTF8';
SET client_min_messages = warning;

\echo 'cop_alloc -- répartition de la TFCMA entre les CMAR (article R312-2, COP 2023-2027)'
\echo 'Démonstration : chiffres ILLUSTRATIFS, non officiels (demo/data.sql).'

BEGIN;
CREATE EXTENSION IF NOT EXISTS cop_alloc;
\ir data.sql
\ir show.sql
\ir deliberation.sql
\if :{?annex_file}
\ir annex.sql
\endif
ROLLBACK;
