-- The rules, each in one function.

CREATE OR REPLACE FUNCTION cop_alloc.vote_outcome(members_in_office int, members_present int,
                                       votes_for int, votes_against int,
                                       quorum_required boolean DEFAULT true)
RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    -- D333-2: the general assembly deliberates only if the members present
    -- are at least two thirds of the members in office (not required at a
    -- second meeting held within thirty days of one that lacked it).
    -- Decisions are taken by the absolute majority of the votes cast (for
    -- and against; abstentions are not votes cast).  A decision on the
    -- distribution of the tax (L312-2) that does not obtain it is deemed
    -- approved unless two thirds of the members present oppose it.
    SELECT CASE
        WHEN quorum_required AND 3 * members_present < 2 * members_in_office THEN 'no quorum'
        WHEN votes_for > votes_against THEN 'approved'
        WHEN 3 * votes_against >= 2 * members_present THEN 'rejected'
        ELSE 'deemed approved'
    END
$$;
COMMENT ON FUNCTION cop_alloc.vote_outcome(int, int, int, int, boolean) IS
    'D333-2 applied to a vote on the distribution: ''no quorum'' (fewer than two thirds of the members in office present, when the quorum is required), ''approved'' (absolute majority of the votes cast), ''rejected'' (opposition of two thirds of the members present) or ''deemed approved''.';

CREATE OR REPLACE FUNCTION cop_alloc.percentage_outcome(received_on date, decision text, notified_on date, as_of date,
                                             OUT state text, OUT adopted_from date, OUT deadline date)
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    -- R312-2 1°: the percentage is deemed adopted failing express approval
    -- or opposition notified by the minister at the end of fifteen days
    -- from receipt of the proposal.  The day of receipt does not count: the
    -- delay ends at the end of day received_on + 15 (a decision notified
    -- that day is in time), and the tacit adoption holds from the next day.
    SELECT CASE
               WHEN received_on IS NULL OR as_of IS NULL THEN NULL
               WHEN as_of < received_on THEN 'not received'
               WHEN decision IS NOT NULL AND notified_on <= as_of AND notified_on <= received_on + 15
                   THEN CASE decision WHEN 'approved' THEN 'approved' ELSE 'opposed' END
               WHEN as_of > received_on + 15 THEN 'tacitly adopted'
               ELSE 'pending'
           END,
           CASE
               WHEN received_on IS NULL OR as_of IS NULL OR as_of < received_on THEN NULL
               WHEN decision = 'approved' AND notified_on <= as_of AND notified_on <= received_on + 15 THEN notified_on
               WHEN decision IS NOT NULL AND notified_on <= as_of AND notified_on <= received_on + 15 THEN NULL
               WHEN as_of > received_on + 15 THEN received_on + 16
           END,
           received_on + 15
$$;
COMMENT ON FUNCTION cop_alloc.percentage_outcome(date, text, date, date) IS
    'R312-2 1° applied to a percentage proposal as of a date: ''approved'' or ''opposed'' when the minister''s decision was notified by the end of day received_on + 15, ''tacitly adopted'' from day received_on + 16 otherwise (a later opposition is too late), ''pending'' before; adopted_from is the first day the percentage holds, deadline the last day of the minister''s delay.';

CREATE OR REPLACE FUNCTION cop_alloc.deliberation_votes(year int, as_of date DEFAULT NULL)
RETURNS TABLE (vote_id bigint, meeting_on date, quorum_required boolean, outcome text,
               second_meeting_by date)
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    y int := $1;
    v record;
    inquorate_on date := NULL;   -- last meeting that lacked the quorum it needed
BEGIN
    -- D333-2: "Si le quorum n'est pas atteint, une seconde réunion [...] est
    -- convoquée, dans les trente jours suivants [...]. Cette assemblée se
    -- tient valablement sans condition de quorum."  A meeting held 1 to 30
    -- days after a meeting that lacked the quorum is that second meeting.
    FOR v IN SELECT d.* FROM cop_alloc.deliberation_vote d
              WHERE d.year = y AND (deliberation_votes.as_of IS NULL OR d.meeting_on <= deliberation_votes.as_of)
              ORDER BY d.meeting_on
    LOOP
        vote_id := v.vote_id;
        meeting_on := v.meeting_on;
        quorum_required := NOT (inquorate_on IS NOT NULL AND v.meeting_on - inquorate_on BETWEEN 1 AND 30);
        outcome := cop_alloc.vote_outcome(v.members_in_office, v.members_present, v.votes_for,
                                          v.votes_against, quorum_required);
        IF outcome = 'no quorum' THEN
            inquorate_on := v.meeting_on;
            second_meeting_by := v.meeting_on + 30;
        ELSE
            inquorate_on := NULL;
            second_meeting_by := NULL;
        END IF;
        RETURN NEXT;
    END LOOP;
END
$$;
COMMENT ON FUNCTION cop_alloc.deliberation_votes(int, date) IS
    'The general assembly''s meetings on the distribution of a year (up to as_of), in date order, each with whether the quorum was required, its outcome under D333-2, and after a meeting without quorum the last day of a second meeting that needs none.';

-- Approvals may be corrected until the year is published; after that they
-- are the record of how the publication was made enforceable.
CREATE OR REPLACE FUNCTION cop_alloc.approval_check_change() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    y int;
    pub bigint;
BEGIN
    IF TG_LEVEL = 'STATEMENT' THEN
        IF EXISTS (SELECT FROM cop_alloc.publication) THEN
            RAISE EXCEPTION 'cop_alloc.% cannot be truncated: it holds approvals of published exercises', TG_TABLE_NAME
                USING ERRCODE = 'restrict_violation',
                      DETAIL = 'The approvals of a published exercise record how it was made enforceable.';
        END IF;
        RETURN NULL;
    END IF;
    IF TG_TABLE_NAME = 'percentage_decision' THEN
        SELECT p.year INTO y FROM cop_alloc.percentage_proposal p WHERE p.proposal_id = OLD.proposal_id;
    ELSIF TG_TABLE_NAME = 'minister_approval' THEN
        SELECT d.year INTO y FROM cop_alloc.deliberation_vote d WHERE d.vote_id = OLD.vote_id;
    ELSIF TG_TABLE_NAME = 'authorisation_decision' THEN
        SELECT r.year INTO y FROM cop_alloc.authorisation_request r WHERE r.request_id = OLD.request_id;
    ELSIF TG_TABLE_NAME = 'review_response' THEN
        SELECT s.year INTO y FROM cop_alloc.review_submission s WHERE s.submission_id = OLD.submission_id;
    ELSE
        y := OLD.year;
    END IF;
    SELECT p.publication_id INTO pub FROM cop_alloc.publication p WHERE p.year = y ORDER BY p.publication_id LIMIT 1;
    IF pub IS NOT NULL THEN
        RAISE EXCEPTION 'approvals of exercise % cannot be %: the exercise is published', y,
                        CASE TG_OP WHEN 'UPDATE' THEN 'updated' ELSE 'deleted' END
            USING ERRCODE = 'restrict_violation',
                  DETAIL = format('Publication %s of %s relied on them (table cop_alloc.%s).', pub, y, TG_TABLE_NAME),
                  HINT = 'Record a new proposal, vote or decision instead; it counts from its date.';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION cop_alloc.approval_check_change() IS
    'Trigger: the approvals of an exercise (percentage, vote, minister''s approval, three-quarters authorisation, supervisory review, opinions) can be corrected or deleted only until it is published.';

CREATE OR REPLACE FUNCTION cop_alloc.approval_check_dates() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    received date;
    v record;
BEGIN
    IF TG_TABLE_NAME = 'percentage_decision' THEN
        SELECT p.received_on INTO received FROM cop_alloc.percentage_proposal p WHERE p.proposal_id = NEW.proposal_id;
        IF NEW.notified_on < received THEN
            RAISE EXCEPTION 'decision on proposal % notified on % before the proposal was received on %',
                            NEW.proposal_id, NEW.notified_on, received
                USING ERRCODE = 'check_violation',
                      HINT = 'Check notified_on and the proposal''s received_on.';
        END IF;
    ELSE
        SELECT d.year, d.meeting_on INTO v FROM cop_alloc.deliberation_vote d WHERE d.vote_id = NEW.vote_id;
        IF NEW.decided_on < v.meeting_on THEN
            RAISE EXCEPTION 'the minister''s decision on vote % is dated % before the meeting of %',
                            NEW.vote_id, NEW.decided_on, v.meeting_on
                USING ERRCODE = 'check_violation';
        END IF;
        IF NEW.decision = 'approved' AND NOT EXISTS (
               SELECT FROM cop_alloc.deliberation_votes(v.year) o
                WHERE o.vote_id = NEW.vote_id AND o.outcome IN ('approved', 'deemed approved')) THEN
            RAISE EXCEPTION 'vote % of exercise % did not approve the distribution: the minister cannot approve it',
                            NEW.vote_id, v.year
                USING ERRCODE = 'check_violation',
                      DETAIL = 'Only a deliberation approved or deemed approved under D333-2 can be approved (D333-5).',
                      HINT = 'See cop_alloc.deliberation_votes(year).';
        END IF;
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION cop_alloc.approval_check_dates() IS
    'Trigger: a percentage decision is notified on or after receipt of the proposal; the minister approves only a deliberation approved or deemed approved, on or after its meeting.';

CREATE OR REPLACE TRIGGER percentage_decision_check BEFORE INSERT OR UPDATE ON cop_alloc.percentage_decision
    FOR EACH ROW EXECUTE FUNCTION cop_alloc.approval_check_dates();
CREATE OR REPLACE TRIGGER minister_approval_check BEFORE INSERT OR UPDATE ON cop_alloc.minister_approval
    FOR EACH ROW EXECUTE FUNCTION cop_alloc.approval_check_dates();

CREATE OR REPLACE TRIGGER percentage_proposal_frozen BEFORE UPDATE OR DELETE ON cop_alloc.percentage_proposal
    FOR EACH ROW EXECUTE FUNCTION cop_alloc.approval_check_change();
CREATE OR REPLACE TRIGGER percentage_proposal_no_truncate BEFORE TRUNCATE ON cop_alloc.percentage_proposal
    FOR EACH STATEMENT EXECUTE FUNCTION cop_alloc.approval_check_change();
CREATE OR REPLACE TRIGGER percentage_decision_frozen BEFORE UPDATE OR DELETE ON cop_alloc.percentage_decision
    FOR EACH ROW EXECUTE FUNCTION cop_alloc.approval_check_change();
CREATE OR REPLACE TRIGGER percentage_decision_no_truncate BEFORE TRUNCATE ON cop_alloc.percentage_decision
    FOR EACH STATEMENT EXECUTE FUNCTION cop_alloc.approval_check_change();
CREATE OR REPLACE TRIGGER deliberation_vote_frozen BEFORE UPDATE OR DELETE ON cop_alloc.deliberation_vote
    FOR EACH ROW EXECUTE FUNCTION cop_alloc.approval_check_change();
CREATE OR REPLACE TRIGGER deliberation_vote_no_truncate BEFORE TRUNCATE ON cop_alloc.deliberation_vote
    FOR EACH STATEMENT EXECUTE FUNCTION cop_alloc.approval_check_change();
CREATE OR REPLACE TRIGGER minister_approval_frozen BEFORE UPDATE OR DELETE ON cop_alloc.minister_approval
    FOR EACH ROW EXECUTE FUNCTION cop_alloc.approval_check_change();
CREATE OR REPLACE TRIGGER minister_approval_no_truncate BEFORE TRUNCATE ON cop_alloc.minister_approval
    FOR EACH STATEMENT EXECUTE FUNCTION cop_alloc.approval_check_change();
ALTER TABLE cop_alloc.percentage_proposal ENABLE ALWAYS TRIGGER percentage_proposal_frozen;
ALTER TABLE cop_alloc.percentage_proposal ENABLE ALWAYS TRIGGER percentage_proposal_no_truncate;
ALTER TABLE cop_alloc.percentage_decision ENABLE ALWAYS TRIGGER percentage_decision_frozen;
ALTER TABLE cop_alloc.percentage_decision ENABLE ALWAYS TRIGGER percentage_decision_no_truncate;
ALTER TABLE cop_alloc.deliberation_vote ENABLE ALWAYS TRIGGER deliberation_vote_frozen;
ALTER TABLE cop_alloc.deliberation_vote ENABLE ALWAYS TRIGGER deliberation_vote_no_truncate;
ALTER TABLE cop_alloc.minister_approval ENABLE ALWAYS TRIGGER minister_approval_frozen;
ALTER TABLE cop_alloc.minister_approval ENABLE ALWAYS TRIGGER minister_approval_no_truncate;
