-- -------------------------------------------------------------------
-- The COP catalogue is dumped whole, so that a row a user edited comes
-- back as edited after pg_dump / pg_restore (0.1.0 dumped only the rows
-- not installed from the COP, and an edited COP row came back as shipped).
-- -------------------------------------------------------------------
SELECT pg_catalog.pg_extension_config_dump('cop_alloc.axis', '');
SELECT pg_catalog.pg_extension_config_dump('cop_alloc.objective', '');
SELECT pg_catalog.pg_extension_config_dump('cop_alloc.indicator', '');
COMMENT ON COLUMN cop_alloc.axis.from_cop IS 'True for the rows installed from the COP text. pg_dump dumps every row, edited or not; on restore a dumped COP row replaces the one CREATE EXTENSION installed (trigger catalogue_row_restore).';
COMMENT ON COLUMN cop_alloc.objective.from_cop IS 'True for the rows installed from the COP text. pg_dump dumps every row, edited or not; on restore a dumped COP row replaces the one CREATE EXTENSION installed (trigger catalogue_row_restore).';
COMMENT ON COLUMN cop_alloc.indicator.from_cop IS 'True for the rows installed from the COP text. pg_dump dumps every row, edited or not; on restore a dumped COP row replaces the one CREATE EXTENSION installed (trigger catalogue_row_restore).';
