-- -------------------------------------------------------------------
-- The national-projects reserve (art. 17-1 3° of the decree, COP
-- preamble): what was not distributed, and the grants out of it
-- -------------------------------------------------------------------

CREATE TYPE cop_alloc.grant_purpose AS ENUM ('national_project', 'determined_project', 'performing_com');
COMMENT ON TYPE cop_alloc.grant_purpose IS
    'What a grant from the reserve is for (art. 17-1 3°): national_project (financing a national project), determined_project (a chamber, for a determined project), performing_com (a chamber whose COM was particularly well carried out).';

CREATE TABLE cop_alloc.reserve_grant (
    grant_id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    year           int NOT NULL,
    publication_id bigint NOT NULL,
    purpose        cop_alloc.grant_purpose NOT NULL,
    chamber_code   text NULL REFERENCES cop_alloc.chamber (code),
    project        text NULL,
    amount         cop_alloc.amount NOT NULL CONSTRAINT grant_amount_positive CHECK (amount > 0),
    granted_on     date NOT NULL DEFAULT current_date,
    motive         text NOT NULL CONSTRAINT grant_has_a_motive CHECK (btrim(motive) <> ''),
    cancels        bigint NULL UNIQUE REFERENCES cop_alloc.reserve_grant (grant_id),
    recorded_by    text NOT NULL DEFAULT current_user,
    recorded_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT grant_recipient_matches_purpose CHECK ((purpose = 'national_project') = (chamber_code IS NULL)),
    CONSTRAINT grant_project_named CHECK (purpose = 'performing_com' OR coalesce(btrim(project), '') <> ''),
    CONSTRAINT cancellation_follows_its_grant CHECK (cancels < grant_id),
    CONSTRAINT grant_from_a_publication_of_its_year
        FOREIGN KEY (year, publication_id) REFERENCES cop_alloc.publication (year, publication_id)
);
COMMENT ON TABLE cop_alloc.reserve_grant IS
    'The grants out of the national-projects reserve of a published year (art. 17-1 3°), and their cancellations (rows with cancels set). Grants never exceed what is available, and they are no part of any chamber''s distribution: nothing flows back through equalisation. Append-only.';
COMMENT ON COLUMN cop_alloc.reserve_grant.grant_id IS 'Entry number, in the order the entries were recorded.';
COMMENT ON COLUMN cop_alloc.reserve_grant.year IS 'The exercise whose reserve the grant draws on (a cancellation: filled in from the grant).';
COMMENT ON COLUMN cop_alloc.reserve_grant.publication_id IS 'The publication in force when the entry was recorded (filled in when NULL).';
COMMENT ON COLUMN cop_alloc.reserve_grant.purpose IS 'national_project, determined_project or performing_com.';
COMMENT ON COLUMN cop_alloc.reserve_grant.chamber_code IS 'The regional chamber that receives the grant; NULL for a national project.';
COMMENT ON COLUMN cop_alloc.reserve_grant.project IS 'The project financed (required except for a performing COM).';
COMMENT ON COLUMN cop_alloc.reserve_grant.amount IS 'Euros, more than 0 (a cancellation: the amount given back).';
COMMENT ON COLUMN cop_alloc.reserve_grant.granted_on IS 'Date of the decision to grant, or to cancel.';
COMMENT ON COLUMN cop_alloc.reserve_grant.motive IS 'Why it is granted, or cancelled.';
COMMENT ON COLUMN cop_alloc.reserve_grant.cancels IS 'For a cancellation, the grant it cancels; its amount is available again.';
COMMENT ON COLUMN cop_alloc.reserve_grant.recorded_by IS 'Who recorded it.';
COMMENT ON COLUMN cop_alloc.reserve_grant.recorded_at IS 'When it was recorded.';
-- the ledger in the order it was recorded: a restore replays its checks
SELECT pg_catalog.pg_extension_config_dump('cop_alloc.reserve_grant', 'ORDER BY grant_id');
SELECT pg_catalog.pg_extension_config_dump(pg_catalog.pg_get_serial_sequence('cop_alloc.reserve_grant', 'grant_id'), '');
