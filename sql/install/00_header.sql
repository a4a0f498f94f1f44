-- cop_alloc install script, assembled by the Makefile from sql/install/*.sql
-- in file-name order: schema and types, tables, the COP catalogue, the
-- engine's functions.  Everything lives in schema cop_alloc.

\echo Use "CREATE EXTENSION cop_alloc" to load this file. \quit

-- The schema belongs to the extension, so that DROP EXTENSION removes it.
CREATE SCHEMA cop_alloc;
COMMENT ON SCHEMA cop_alloc IS
    'cop_alloc: the R312-2 distribution of the TFCMA among the regional chambers of trades and crafts (COP 2023-2027).';
