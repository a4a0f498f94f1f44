-- -------------------------------------------------------------------
-- BI, the annex and jobs.
-- -------------------------------------------------------------------

-- The legal date of a publication, apart from the time it was recorded.
-- A publication made by 0.1.0 takes the latest general-assembly meeting of
-- its year held by the day it was published (the deliberation it
-- published), else that day.  publication is append-only: its guard is
-- set aside for this one statement (ENABLE ALWAYS is restored below and
-- again by sql/functions/40_runs.sql).
ALTER TABLE cop_alloc.publication ADD COLUMN deliberated_on date NOT NULL DEFAULT current_date;
COMMENT ON COLUMN cop_alloc.publication.deliberated_on IS
    'The legal date of the distribution: the meeting of the general assembly that approved it (status(year).deliberation_on), else, when published without an approved deliberation, the day it was published. published_at is when it was recorded. Publications made by 0.1.0 take the date of the latest general-assembly meeting of their year held by the day they were published.';
ALTER TABLE cop_alloc.publication DISABLE TRIGGER publication_append_only;
UPDATE cop_alloc.publication p
   SET deliberated_on = coalesce(
           (SELECT max(v.meeting_on) FROM cop_alloc.deliberation_vote v
             WHERE v.year OPERATOR(pg_catalog.=) p.year
               AND v.meeting_on OPERATOR(pg_catalog.<=) p.published_at::date),
           p.published_at::date);
ALTER TABLE cop_alloc.publication ENABLE ALWAYS TRIGGER publication_append_only;

-- The reserve ledger: dated by the legal date, in date order, with plain
-- column types (its columns change).
DROP VIEW cop_alloc.reserve_ledger;

-- status gains a last column, inputs_changed.
DROP FUNCTION cop_alloc.status(int, date, bigint);

-- publish_when_ready(year) becomes publish_when_ready(year, strict).
DROP FUNCTION cop_alloc.publish_when_ready(int);

