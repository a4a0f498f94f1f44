-- cop_alloc install script, assembled by the Makefile from sql/install/*.sql
-- in file-name order: schema and types, tables, the COP catalogue, the
-- engine's functions.  Everything lives in schema cop_alloc.

\echo Use "CREATE EXTENSION cop_alloc" to load this file. \quit
