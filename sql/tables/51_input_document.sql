-- -------------------------------------------------------------------
-- The inputs of runs: each input row (one per chamber, plus the
-- exercise's parameters, axes and indicators) is stored once, as a
-- document named by its SHA-256, and a run lists the documents it read.
-- A run whose inputs did not change adds no document; one whose targets
-- changed for one chamber adds that chamber's.  The view run_input
-- (sql/functions/40_runs.sql) gives every run's rows as 0.1.0's table did.
-- -------------------------------------------------------------------

CREATE TABLE cop_alloc.input_document (
    digest bytea PRIMARY KEY
           CONSTRAINT digest_is_sha256 CHECK (pg_catalog.octet_length(digest) OPERATOR(pg_catalog.=) 32),
    kind   text NOT NULL,
    key    text NOT NULL,
    value  text NOT NULL
);
COMMENT ON TABLE cop_alloc.input_document IS
    'Every input row any run read, stored once whichever runs read it: digest is the SHA-256 of the line kind TAB key TAB value (UTF-8), so that sha256(convert_to(kind || E''\t'' || key || E''\t'' || value, ''UTF8'')) = digest for every row (verify_run checks it). Runs list theirs in run_input_set; read them per run in the view run_input. Append-only.';
COMMENT ON COLUMN cop_alloc.input_document.digest IS 'SHA-256 of the line kind TAB key TAB value: the document''s name.';
COMMENT ON COLUMN cop_alloc.input_document.kind IS 'exercise, exercise_axis, indicator or chamber_inputs (one per chamber: its association, exercise_chamber row, COM targets and results); from runs made by 0.1.0 also chamber, exercise_chamber, com_target and indicator_result rows.';
COMMENT ON COLUMN cop_alloc.input_document.key IS 'The row''s key as a JSON array of codes, e.g. ["NORD"], or ["NORD", "I1"] from runs made by 0.1.0.';
COMMENT ON COLUMN cop_alloc.input_document.value IS
    'The row''s values as jsonb prints them (value::jsonb::text = value), numbers without trailing zeros: the text hashed, byte for byte.';

CREATE TABLE cop_alloc.run_input_set (
    run_id  bigint PRIMARY KEY REFERENCES cop_alloc.run (run_id),
    digests bytea[] NOT NULL
);
COMMENT ON TABLE cop_alloc.run_input_set IS
    'The input documents each run read (input_document), in canonical order (by kind, then key, in byte order): the run''s fingerprint is the inputs_sha256 of their rows. Append-only.';
COMMENT ON COLUMN cop_alloc.run_input_set.run_id IS 'The run.';
COMMENT ON COLUMN cop_alloc.run_input_set.digests IS 'The digests of its input documents, in canonical order.';
-- SHA-256 digests do not compress: the list is stored out of line as it is
ALTER TABLE cop_alloc.run_input_set ALTER COLUMN digests SET STORAGE EXTERNAL;

-- User data survives pg_dump / pg_restore.
SELECT pg_catalog.pg_extension_config_dump('cop_alloc.input_document', '');
SELECT pg_catalog.pg_extension_config_dump('cop_alloc.run_input_set', '');

-- A chamber's document is about 2 kB: compressed with lz4 where the
-- server has it, several times faster than the default pglz for the same
-- size.  A server built without lz4 keeps pglz.
DO $$
BEGIN
    IF EXISTS (SELECT FROM pg_catalog.pg_settings s
                WHERE s.name OPERATOR(pg_catalog.=) 'default_toast_compression'
                  AND 'lz4' OPERATOR(pg_catalog.=) ANY (s.enumvals)) THEN
        ALTER TABLE cop_alloc.input_document ALTER COLUMN value SET COMPRESSION lz4;
    END IF;
END
$$;
