-- -------------------------------------------------------------------
-- Carrying last year forward: the record of each time the operating
-- parts published for year - 1 were written into exercise_chamber.
-- previous_operating of year, the base of the tunnel (spec §4).  The
-- engine reads only exercise_chamber; this table says where its bases
-- came from.
-- -------------------------------------------------------------------

CREATE TABLE cop_alloc.carried_forward (
    carry_id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    year           int NOT NULL,
    publication_id bigint NOT NULL REFERENCES cop_alloc.publication (publication_id),
    run_id         bigint NOT NULL,
    chambers       text[] NOT NULL CONSTRAINT carried_some_chamber CHECK (cardinality(chambers) > 0),
    carried_by     text NOT NULL DEFAULT current_user,
    carried_at     timestamptz NOT NULL DEFAULT now(),
    how            text NOT NULL DEFAULT 'carry_forward'
                   CONSTRAINT how_known CHECK (how IN ('carry_forward', 'update 0.1.0 to 0.2.0'))
);
COMMENT ON TABLE cop_alloc.carried_forward IS
    'Each time carry_forward(year) (or the update from 0.1.0) wrote the operating parts of the publication of year - 1 in force into exercise_chamber.previous_operating of year: which publication, which chambers, who and when. The amounts written are those of the publication''s run_line, which never change. Append-only.';
COMMENT ON COLUMN cop_alloc.carried_forward.carry_id IS 'Number of the step, in the order the steps were made.';
COMMENT ON COLUMN cop_alloc.carried_forward.year IS 'The exercise whose previous_operating was written.';
COMMENT ON COLUMN cop_alloc.carried_forward.publication_id IS 'The publication of year - 1 in force, whose operating parts were carried.';
COMMENT ON COLUMN cop_alloc.carried_forward.run_id IS 'Its published run: previous_operating of each chamber listed is run_line.operating of this run.';
COMMENT ON COLUMN cop_alloc.carried_forward.chambers IS 'The chambers whose previous_operating was written (it was NULL), in code order.';
COMMENT ON COLUMN cop_alloc.carried_forward.carried_by IS 'The role that made the step.';
COMMENT ON COLUMN cop_alloc.carried_forward.carried_at IS 'When (transaction start).';
COMMENT ON COLUMN cop_alloc.carried_forward.how IS
    'carry_forward (the function), or update 0.1.0 to 0.2.0 (the bases 0.1.0 read implicitly from the publication, written by ALTER EXTENSION UPDATE).';
SELECT pg_catalog.pg_extension_config_dump('cop_alloc.carried_forward', '');
