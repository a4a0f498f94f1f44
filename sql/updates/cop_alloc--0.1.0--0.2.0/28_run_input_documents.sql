-- -------------------------------------------------------------------
-- The inputs of runs are stored once each, as documents named by their
-- SHA-256 (cop_alloc.input_document, created by 26_input_document.sql, a
-- link to sql/tables/51_input_document.sql), and each run lists those it
-- read (cop_alloc.run_input_set), instead of a copy of every input in
-- every run.  The rows of the runs already made move as they are: each
-- row's value is the text its jsonb prints, hashed with its kind and key;
-- the fingerprints stay as recorded.  run_input becomes a view giving the
-- same rows (sql/functions/40_runs.sql).
-- -------------------------------------------------------------------
INSERT INTO cop_alloc.input_document (digest, kind, key, value)
SELECT DISTINCT ON (d.digest) d.digest, d.kind, d.key, d.value
  FROM (SELECT pg_catalog.sha256(pg_catalog.convert_to(i.kind OPERATOR(pg_catalog.||) E'\t'
                                                       OPERATOR(pg_catalog.||) i.key OPERATOR(pg_catalog.||) E'\t'
                                                       OPERATOR(pg_catalog.||) i.value::pg_catalog.text, 'UTF8')) AS digest,
               i.kind, i.key, i.value::pg_catalog.text AS value
          FROM cop_alloc.run_input i) d
 ORDER BY d.digest;
INSERT INTO cop_alloc.run_input_set (run_id, digests)
SELECT i.run_id,
       pg_catalog.array_agg(pg_catalog.sha256(pg_catalog.convert_to(i.kind OPERATOR(pg_catalog.||) E'\t'
                                                                    OPERATOR(pg_catalog.||) i.key OPERATOR(pg_catalog.||) E'\t'
                                                                    OPERATOR(pg_catalog.||) i.value::pg_catalog.text, 'UTF8'))
                            ORDER BY i.kind COLLATE "C", i.key COLLATE "C")
  FROM cop_alloc.run_input i
 GROUP BY i.run_id
 ORDER BY i.run_id;
ALTER EXTENSION cop_alloc DROP TABLE cop_alloc.run_input;
DROP TABLE cop_alloc.run_input;
