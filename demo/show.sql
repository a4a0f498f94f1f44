-- demo/show.sql -- print the demo's two exercises, 2024 and 2025, with
-- psql (aligned tables; amounts in euros with 2 decimals, achievements
-- with 6).  Expects the data of demo/data.sql:
--   psql -X -f demo/show.sql

\set QUIET on
\pset footer off
\pset null ''

\set year 2024
\ir show_year.sql
\set year 2025
\ir show_year.sql
