-- -------------------------------------------------------------------
-- Publications: the one distribution of each year
-- -------------------------------------------------------------------

CREATE TABLE cop_alloc.publication (
    publication_id   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    year             int NOT NULL,
    run_id           bigint NOT NULL UNIQUE,
    published_at     timestamptz NOT NULL DEFAULT now(),
    published_by     text NOT NULL DEFAULT current_user,
    supersedes       bigint NULL UNIQUE,
    supersede_reason text NULL,
    forced_reason    text NULL,
    missing          text[] NOT NULL DEFAULT '{}',
    deliberated_on   date NOT NULL DEFAULT current_date,
    CONSTRAINT publication_year_key UNIQUE (year, publication_id),
    CONSTRAINT publication_run_of_its_year FOREIGN KEY (run_id, year) REFERENCES cop_alloc.run (run_id, year),
    CONSTRAINT publication_supersedes_same_year
        FOREIGN KEY (year, supersedes) REFERENCES cop_alloc.publication (year, publication_id),
    CONSTRAINT supersession_has_a_reason
        CHECK ((supersedes IS NULL) = (supersede_reason IS NULL) AND btrim(supersede_reason) <> ''),
    CONSTRAINT forcing_has_a_reason CHECK (btrim(forced_reason) <> '')
);
-- one first publication per year, and each publication superseded at most
-- once (UNIQUE supersedes): the publications of a year form one chain, whose
-- last link is the current publication.
CREATE UNIQUE INDEX publication_one_first_per_year ON cop_alloc.publication (year) WHERE supersedes IS NULL;
COMMENT ON TABLE cop_alloc.publication IS
    'Publications made by publish(run_id): the current one of a year (not superseded) is its distribution. Append-only; a publication is replaced only by a new one that supersedes it, with a reason.';
COMMENT ON COLUMN cop_alloc.publication.publication_id IS 'Publication number.';
COMMENT ON COLUMN cop_alloc.publication.year IS 'The exercise.';
COMMENT ON COLUMN cop_alloc.publication.run_id IS 'The run published; a run is published at most once.';
COMMENT ON COLUMN cop_alloc.publication.published_at IS 'When it was published.';
COMMENT ON COLUMN cop_alloc.publication.published_by IS 'The role that published it.';
COMMENT ON COLUMN cop_alloc.publication.supersedes IS 'The publication of the same year this one replaces.';
COMMENT ON COLUMN cop_alloc.publication.supersede_reason IS 'Why the previous publication was replaced.';
COMMENT ON COLUMN cop_alloc.publication.forced_reason IS 'Why it was published although approvals were missing.';
COMMENT ON COLUMN cop_alloc.publication.missing IS 'The approvals missing when it was forced (status(year).missing).';
COMMENT ON COLUMN cop_alloc.publication.deliberated_on IS
    'The legal date of the distribution: the meeting of the general assembly that approved it (status(year).deliberation_on), else, when published without an approved deliberation, the day it was published. published_at is when it was recorded. Publications made by 0.1.0 take the date of the latest general-assembly meeting of their year held by the day they were published.';
SELECT pg_catalog.pg_extension_config_dump('cop_alloc.publication', '');
