-- ===================================================================
-- The legal record is written only through the extension's functions
-- (README, "Security").  Each table of the record has a statement-level
-- guard trigger, fired also under session_replication_role = replica
-- (ENABLE ALWAYS), that refuses any INSERT, UPDATE, DELETE or TRUNCATE
-- unless the statement runs as the extension's owner (inside one of its
-- SECURITY DEFINER functions, which check who calls) or a superuser.  A
-- role granted ALL on every table of the schema thus cannot write the
-- record directly, nor through a trigger of its own: the guard also
-- refuses to write a table that carries a trigger the extension did not
-- make, since it would run with the owner's rights.
-- ===================================================================

CREATE OR REPLACE FUNCTION cop_alloc.guard_record() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    foreign_triggers text;
BEGIN
    IF NOT cop_alloc.acts_for_everyone(current_user::text) THEN
        RAISE EXCEPTION 'cop_alloc.% is written only through the functions of cop_alloc', TG_TABLE_NAME
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = format('Role "%s" tried to %s it directly.', current_user, lower(TG_OP)),
                  HINT = TG_ARGV[0];
    END IF;
    SELECT string_agg(quote_ident(t.tgname), ', ' ORDER BY t.tgname) INTO foreign_triggers
      FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid
     WHERE t.tgrelid = TG_RELID AND NOT t.tgisinternal
       AND p.pronamespace <> 'cop_alloc'::regnamespace;
    IF foreign_triggers IS NOT NULL THEN
        RAISE EXCEPTION 'cop_alloc.% carries triggers that are not the extension''s: %', TG_TABLE_NAME, foreign_triggers
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = 'They would run with the rights of the extension''s owner.',
                  HINT = format('Drop them (DROP TRIGGER ... ON cop_alloc.%s) and revoke the TRIGGER privilege.', TG_TABLE_NAME);
    END IF;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION cop_alloc.guard_record() IS
    'Statement trigger of every table of the legal record: refuses INSERT, UPDATE, DELETE and TRUNCATE unless run as the extension''s owner (its SECURITY DEFINER functions) or a superuser, and while the table carries a trigger the extension did not make; its argument is the hint (which function to use).';

DO $$
DECLARE
    t record;
BEGIN
    FOR t IN SELECT * FROM (VALUES
        ('run', 'Use cop_alloc.run(year, note).'),
        ('run_line', 'Use cop_alloc.run(year, note).'),
        ('input_document', 'Use cop_alloc.run(year, note).'),
        ('run_input_set', 'Use cop_alloc.run(year, note).'),
        ('publication', 'Use cop_alloc.publish(run_id, ...).'),
        ('carried_forward', 'Use cop_alloc.carry_forward(year).'),
        ('percentage_proposal', 'Use cop_alloc.propose_percentage(year, operating_pct, received_on, note).'),
        ('percentage_decision', 'Use cop_alloc.decide_percentage(proposal_id, decision, notified_on, note).'),
        ('deliberation_vote', 'Use cop_alloc.record_vote(year, meeting_on, members_in_office, members_present, votes_for, votes_against, ...).'),
        ('minister_approval', 'Use cop_alloc.approve(vote_id, decision, decided_on, note).'),
        ('reserve_grant', 'Use cop_alloc.grant_from_reserve(year, purpose, amount, motive, ...) or cop_alloc.cancel_grant(grant_id, motive).'),
        ('party_member', 'Use cop_alloc.enrol(role, party, chamber_code) or cop_alloc.unenrol(...).'),
        ('job_log', 'Use cop_alloc.publish_when_ready(year, strict) or CALL cop_alloc.publication_job(year).'),
        ('chamber_report', 'Use cop_alloc.file_report(year, chamber_code, results, actions, received_on, summary).'),
        ('chamber_report_figure', 'Use cop_alloc.file_report(year, chamber_code, results, actions, received_on, summary).'),
        ('chamber_report_action', 'Use cop_alloc.file_report(year, chamber_code, results, actions, received_on, summary).'),
        ('late_report_acceptance', 'Use cop_alloc.accept_late_report(year, chamber_code, reason).'),
        ('figure_load', 'Use cop_alloc.import_targets(year, csv), cop_alloc.import_results(year, csv) or cop_alloc.file_report(...).'),

        ('authorisation_request', 'Use cop_alloc.request_authorisation(year, operating_pct, requested_on, motive, reference).'),
        ('authorisation_decision', 'Use cop_alloc.decide_authorisation(request_id, decision, decided_on, reference, authorized_pct, note).'),
        ('opinion', 'Use cop_alloc.record_opinion(year, body, given_on, content, run_id, reference).'),
        ('review_submission', 'Use cop_alloc.submit_for_review(run_id, received_on, reference).'),
        ('review_response', 'Use cop_alloc.record_review_response(submission_id, kind, notified_on, content, reference).'),
        ('run_source', 'Use cop_alloc.run(year, note).'),
        ('cop_act', 'Use cop_alloc.record_cop_act(kind, reference, signed_on, applies_from, motive).'),
        ('cop_indicator_version', 'Use cop_alloc.record_indicator_version(act_id, code, change, ...).')) v(tab, hint)
    LOOP
        EXECUTE pg_catalog.format(
            'CREATE OR REPLACE TRIGGER %I BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON cop_alloc.%I '
            'FOR EACH STATEMENT EXECUTE FUNCTION cop_alloc.guard_record(%L)', t.tab || '_guard', t.tab, t.hint);
        EXECUTE pg_catalog.format('ALTER TABLE cop_alloc.%I ENABLE ALWAYS TRIGGER %I', t.tab, t.tab || '_guard');
    END LOOP;
END
$$;

-- Who made a record: the calling role, also inside the SECURITY DEFINER
-- functions (where current_user is the owner).
ALTER TABLE cop_alloc.run ALTER COLUMN ran_by SET DEFAULT cop_alloc.calling_role();
ALTER TABLE cop_alloc.publication ALTER COLUMN published_by SET DEFAULT cop_alloc.calling_role();
ALTER TABLE cop_alloc.percentage_proposal ALTER COLUMN recorded_by SET DEFAULT cop_alloc.calling_role();
ALTER TABLE cop_alloc.percentage_decision ALTER COLUMN recorded_by SET DEFAULT cop_alloc.calling_role();
ALTER TABLE cop_alloc.deliberation_vote ALTER COLUMN recorded_by SET DEFAULT cop_alloc.calling_role();
ALTER TABLE cop_alloc.minister_approval ALTER COLUMN recorded_by SET DEFAULT cop_alloc.calling_role();
ALTER TABLE cop_alloc.reserve_grant ALTER COLUMN recorded_by SET DEFAULT cop_alloc.calling_role();

-- The writers of the record: the enrolled parties only (party_privileges()).
REVOKE EXECUTE ON FUNCTION cop_alloc.run(int, text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION cop_alloc.run_if_changed(int, text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION cop_alloc.publish(bigint, text, text) FROM PUBLIC;
