-- -------------------------------------------------------------------
-- Recording the approvals: each party records its own act, through a
-- function that checks who calls (README, "Security"); the tables take
-- no direct writes.  The triggers of 50_approvals.sql check the dates
-- and outcomes as before.
-- -------------------------------------------------------------------

CREATE OR REPLACE FUNCTION cop_alloc.propose_percentage(year int, operating_pct numeric, received_on date,
                                                        note text DEFAULT NULL)
RETURNS bigint
LANGUAGE sql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT cop_alloc.require_party('finance');
    INSERT INTO cop_alloc.percentage_proposal (year, operating_pct, received_on, note)
    VALUES (propose_percentage.year, propose_percentage.operating_pct, propose_percentage.received_on,
            propose_percentage.note)
    RETURNING proposal_id
$$;
COMMENT ON FUNCTION cop_alloc.propose_percentage(int, numeric, date, text) IS
    'Finance records the proposal to the minister of the operating percentage of an exercise (R312-2 1°) and the date the minister received it; returns the proposal_id.';

CREATE OR REPLACE FUNCTION cop_alloc.decide_percentage(proposal_id bigint, decision text, notified_on date,
                                                       note text DEFAULT NULL)
RETURNS bigint
LANGUAGE sql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT cop_alloc.require_party('ministry');
    INSERT INTO cop_alloc.percentage_decision (proposal_id, decision, notified_on, note)
    VALUES (decide_percentage.proposal_id, decide_percentage.decision, decide_percentage.notified_on,
            decide_percentage.note)
    RETURNING proposal_id
$$;
COMMENT ON FUNCTION cop_alloc.decide_percentage(bigint, text, date, text) IS
    'The ministry records its express decision on a percentage proposal: approved or opposed, with the date notified to CMA France; returns the proposal_id.';

CREATE OR REPLACE FUNCTION cop_alloc.record_vote(year int, meeting_on date, members_in_office int, members_present int,
                                                 votes_for int, votes_against int, abstentions int DEFAULT 0,
                                                 run_id bigint DEFAULT NULL, note text DEFAULT NULL)
RETURNS bigint
LANGUAGE sql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT cop_alloc.require_party('assembly');
    INSERT INTO cop_alloc.deliberation_vote (year, meeting_on, members_in_office, members_present,
                                             votes_for, votes_against, abstentions, run_id, note)
    VALUES (record_vote.year, record_vote.meeting_on, record_vote.members_in_office, record_vote.members_present,
            record_vote.votes_for, record_vote.votes_against, coalesce(record_vote.abstentions, 0),
            record_vote.run_id, record_vote.note)
    RETURNING vote_id
$$;
COMMENT ON FUNCTION cop_alloc.record_vote(int, date, int, int, int, int, int, bigint, text) IS
    'The general assembly''s secretariat records a meeting that voted (or lacked the quorum to vote) the distribution of a year (D333-2), optionally the run put to the vote; returns the vote_id.';

CREATE OR REPLACE FUNCTION cop_alloc.approve(vote_id bigint, decision text, decided_on date, note text DEFAULT NULL)
RETURNS bigint
LANGUAGE sql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT cop_alloc.require_party('ministry');
    INSERT INTO cop_alloc.minister_approval (vote_id, decision, decided_on, note)
    VALUES (approve.vote_id, approve.decision, approve.decided_on, approve.note)
    RETURNING vote_id
$$;
COMMENT ON FUNCTION cop_alloc.approve(bigint, text, date, text) IS
    'The ministry records the minister''s express decision on a deliberation (D333-5): approved, or refused with its motive in note; returns the vote_id.';

REVOKE EXECUTE ON FUNCTION cop_alloc.propose_percentage(int, numeric, date, text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION cop_alloc.decide_percentage(bigint, text, date, text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION cop_alloc.record_vote(int, date, int, int, int, int, int, bigint, text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION cop_alloc.approve(bigint, text, date, text) FROM PUBLIC;
