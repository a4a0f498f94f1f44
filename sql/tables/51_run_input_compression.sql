-- -------------------------------------------------------------------
-- run_input holds one JSON document of about 2 kB per chamber and run:
-- compressed with lz4 where the server has it, several times faster
-- than the default pglz for the same size, so that storing a run's
-- inputs costs little next to computing it.  A server built without lz4
-- keeps pglz.  New values only: rows already stored keep theirs.
-- -------------------------------------------------------------------
DO $$
BEGIN
    IF EXISTS (SELECT FROM pg_catalog.pg_settings s
                WHERE s.name OPERATOR(pg_catalog.=) 'default_toast_compression'
                  AND 'lz4' OPERATOR(pg_catalog.=) ANY (s.enumvals)) THEN
        ALTER TABLE cop_alloc.run_input ALTER COLUMN value SET COMPRESSION lz4;
    END IF;
END
$$;
