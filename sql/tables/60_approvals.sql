-- -------------------------------------------------------------------
-- Approvals: the operating percentage (R312-2 1°), the general
-- assembly's vote (D333-2) and the minister's approval (D333-5)
-- -------------------------------------------------------------------

CREATE TABLE cop_alloc.percentage_proposal (
    proposal_id   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    year          int NOT NULL REFERENCES cop_alloc.exercise (year),
    operating_pct cop_alloc.ratio NOT NULL,
    received_on   date NOT NULL,
    note          text NULL,
    recorded_by   text NOT NULL DEFAULT current_user,
    recorded_at   timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE cop_alloc.percentage_proposal IS
    'Proposals to the minister of the percentage that sets the operating part (R312-2 1°), with the date the minister received them.';
COMMENT ON COLUMN cop_alloc.percentage_proposal.proposal_id IS 'Proposal number.';
COMMENT ON COLUMN cop_alloc.percentage_proposal.year IS 'The exercise.';
COMMENT ON COLUMN cop_alloc.percentage_proposal.operating_pct IS 'The percentage proposed (0.65 for 65 %).';
COMMENT ON COLUMN cop_alloc.percentage_proposal.received_on IS 'Date the minister received the proposal: the fifteen days run from it.';
COMMENT ON COLUMN cop_alloc.percentage_proposal.note IS 'Reference of the letter, free text.';
COMMENT ON COLUMN cop_alloc.percentage_proposal.recorded_by IS 'Who recorded it.';
COMMENT ON COLUMN cop_alloc.percentage_proposal.recorded_at IS 'When it was recorded.';

CREATE TABLE cop_alloc.percentage_decision (
    proposal_id bigint PRIMARY KEY REFERENCES cop_alloc.percentage_proposal (proposal_id),
    decision    text NOT NULL CONSTRAINT percentage_decision_known CHECK (decision IN ('approved', 'opposed')),
    notified_on date NOT NULL,
    note        text NULL,
    recorded_by text NOT NULL DEFAULT current_user,
    recorded_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE cop_alloc.percentage_decision IS
    'The minister''s express decision on a percentage proposal: approved or opposed, with the date it was notified to CMA France. Without one, the percentage is adopted at the end of the fifteen days (R312-2 1°).';
COMMENT ON COLUMN cop_alloc.percentage_decision.proposal_id IS 'The proposal decided.';
COMMENT ON COLUMN cop_alloc.percentage_decision.decision IS 'approved (express approval) or opposed.';
COMMENT ON COLUMN cop_alloc.percentage_decision.notified_on IS 'Date the decision was notified to CMA France.';
COMMENT ON COLUMN cop_alloc.percentage_decision.note IS 'Reference of the letter, free text.';
COMMENT ON COLUMN cop_alloc.percentage_decision.recorded_by IS 'Who recorded it.';
COMMENT ON COLUMN cop_alloc.percentage_decision.recorded_at IS 'When it was recorded.';

CREATE TABLE cop_alloc.deliberation_vote (
    vote_id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    year              int NOT NULL REFERENCES cop_alloc.exercise (year),
    meeting_on        date NOT NULL,
    members_in_office int NOT NULL CONSTRAINT members_in_office_positive CHECK (members_in_office > 0),
    members_present   int NOT NULL,
    votes_for         int NOT NULL CONSTRAINT votes_for_not_negative CHECK (votes_for >= 0),
    votes_against     int NOT NULL CONSTRAINT votes_against_not_negative CHECK (votes_against >= 0),
    abstentions       int NOT NULL DEFAULT 0 CONSTRAINT abstentions_not_negative CHECK (abstentions >= 0),
    run_id            bigint NULL,
    note              text NULL,
    recorded_by       text NOT NULL DEFAULT current_user,
    recorded_at       timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT one_meeting_a_day UNIQUE (year, meeting_on),
    CONSTRAINT members_present_in_office CHECK (members_present BETWEEN 1 AND members_in_office),
    CONSTRAINT votes_within_members_present CHECK (votes_for + votes_against + abstentions <= members_present),
    CONSTRAINT vote_on_a_run_of_its_year FOREIGN KEY (run_id, year) REFERENCES cop_alloc.run (run_id, year)
);
COMMENT ON TABLE cop_alloc.deliberation_vote IS
    'Each meeting of the general assembly of CMA France that voted (or lacked the quorum to vote) the distribution of a year (R312-2, D333-2). Counts are voices: a member holding several voices (D333-1) counts once per voice.';
COMMENT ON COLUMN cop_alloc.deliberation_vote.vote_id IS 'Vote number.';
COMMENT ON COLUMN cop_alloc.deliberation_vote.year IS 'The exercise whose distribution was voted.';
COMMENT ON COLUMN cop_alloc.deliberation_vote.meeting_on IS 'Date of the meeting.';
COMMENT ON COLUMN cop_alloc.deliberation_vote.members_in_office IS 'Members of the general assembly in office.';
COMMENT ON COLUMN cop_alloc.deliberation_vote.members_present IS 'Members present with a deliberative voice.';
COMMENT ON COLUMN cop_alloc.deliberation_vote.votes_for IS 'Votes for the distribution.';
COMMENT ON COLUMN cop_alloc.deliberation_vote.votes_against IS 'Votes against (opposition).';
COMMENT ON COLUMN cop_alloc.deliberation_vote.abstentions IS 'Abstentions, blank and void ballots: not votes cast.';
COMMENT ON COLUMN cop_alloc.deliberation_vote.run_id IS 'The run whose figures were put to the vote, when recorded; publish then requires a run with the same fingerprint.';
COMMENT ON COLUMN cop_alloc.deliberation_vote.note IS 'Reference of the minutes, free text.';
COMMENT ON COLUMN cop_alloc.deliberation_vote.recorded_by IS 'Who recorded it.';
COMMENT ON COLUMN cop_alloc.deliberation_vote.recorded_at IS 'When it was recorded.';

CREATE TABLE cop_alloc.minister_approval (
    vote_id     bigint PRIMARY KEY REFERENCES cop_alloc.deliberation_vote (vote_id),
    decision    text NOT NULL CONSTRAINT minister_decision_known CHECK (decision IN ('approved', 'refused')),
    decided_on  date NOT NULL,
    note        text NULL,
    recorded_by text NOT NULL DEFAULT current_user,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT refusal_is_motivated CHECK (decision = 'approved' OR coalesce(btrim(note), '') <> '')
);
COMMENT ON TABLE cop_alloc.minister_approval IS
    'The minister''s express decision on a deliberation of the distribution: it is enforceable only once expressly approved (D333-5 1° b).';
COMMENT ON COLUMN cop_alloc.minister_approval.vote_id IS 'The deliberation (vote) decided.';
COMMENT ON COLUMN cop_alloc.minister_approval.decision IS 'approved or refused.';
COMMENT ON COLUMN cop_alloc.minister_approval.decided_on IS 'Date of the decision.';
COMMENT ON COLUMN cop_alloc.minister_approval.note IS 'Reference of the decision; the motive of a refusal (required).';
COMMENT ON COLUMN cop_alloc.minister_approval.recorded_by IS 'Who recorded it.';
COMMENT ON COLUMN cop_alloc.minister_approval.recorded_at IS 'When it was recorded.';
SELECT pg_catalog.pg_extension_config_dump('cop_alloc.percentage_proposal', '');
SELECT pg_catalog.pg_extension_config_dump('cop_alloc.percentage_decision', '');
SELECT pg_catalog.pg_extension_config_dump('cop_alloc.deliberation_vote', '');
SELECT pg_catalog.pg_extension_config_dump('cop_alloc.minister_approval', '');
SELECT pg_catalog.pg_extension_config_dump(pg_catalog.pg_get_serial_sequence('cop_alloc.run', 'run_id'), '');
SELECT pg_catalog.pg_extension_config_dump(pg_catalog.pg_get_serial_sequence('cop_alloc.publication', 'publication_id'), '');
SELECT pg_catalog.pg_extension_config_dump(pg_catalog.pg_get_serial_sequence('cop_alloc.percentage_proposal', 'proposal_id'), '');
SELECT pg_catalog.pg_extension_config_dump(pg_catalog.pg_get_serial_sequence('cop_alloc.deliberation_vote', 'vote_id'), '');
