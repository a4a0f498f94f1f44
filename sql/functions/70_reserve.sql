CREATE OR REPLACE VIEW cop_alloc.reserve_balance WITH (security_invoker = true) AS
SELECT p.year, p.run_id,
       coalesce(d.deductions, 0.00) AS deductions,
       r.reserve - coalesce(d.deductions, 0.00) - coalesce(d.modulations, 0.00) AS undistributed,
       r.reserve,
       coalesce(g.granted, 0.00) AS granted,
       r.reserve - coalesce(g.granted, 0.00) AS available,
       coalesce(d.modulations, 0.00) AS modulations
  FROM cop_alloc.current_publication p
  JOIN cop_alloc.run r ON r.run_id = p.run_id
  -- spec 5 bis: a line's modulation is its envelope less its deductions and performance part
  LEFT JOIN LATERAL (SELECT sum(l.deduction) AS deductions,
                            sum(l.performance_envelope - l.deduction - l.performance) AS modulations
                       FROM cop_alloc.run_line l WHERE l.run_id = p.run_id) d ON true
  LEFT JOIN LATERAL (
      SELECT sum(CASE WHEN x.cancels IS NULL THEN x.amount ELSE -x.amount END) AS granted
        FROM cop_alloc.reserve_grant x WHERE x.year = p.year) g ON true;
COMMENT ON VIEW cop_alloc.reserve_balance IS
    'The national-projects reserve of each published year: deductions, undistributed performance part, reserve, granted (net of cancellations), available, and the modulations for non-respect (decree art. 17-1 I 2°).';
COMMENT ON COLUMN cop_alloc.reserve_balance.year IS 'The published exercise.';
COMMENT ON COLUMN cop_alloc.reserve_balance.run_id IS 'Its published run.';
COMMENT ON COLUMN cop_alloc.reserve_balance.deductions IS 'Sum of the deductions of the performance part, euros.';
COMMENT ON COLUMN cop_alloc.reserve_balance.undistributed IS 'Performance part not distributed (no decision of the general assembly on its modalities), euros.';
COMMENT ON COLUMN cop_alloc.reserve_balance.reserve IS 'deductions + modulations + undistributed, euros.';
COMMENT ON COLUMN cop_alloc.reserve_balance.granted IS 'Granted out of it, net of cancellations, euros.';
COMMENT ON COLUMN cop_alloc.reserve_balance.available IS 'What can still be granted, euros.';
COMMENT ON COLUMN cop_alloc.reserve_balance.modulations IS 'Sum of the modulations of the performance part for non-respect of the COP and the COMs (decree art. 17-1 I 2°, spec 5 bis), euros.';

CREATE OR REPLACE VIEW cop_alloc.reserve_ledger WITH (security_invoker = true) AS
WITH entries AS (
    SELECT b.year, p.deliberated_on AS entry_on, 1 AS ord, NULL::bigint AS grant_id,
           'deductions'::text AS entry, NULL::text AS purpose, NULL::text AS chamber_code,
           NULL::text AS project, b.deductions AS credit, 0.00 AS debit,
           format('Réductions de la part de performance (run %s)', b.run_id) AS motive
      FROM cop_alloc.reserve_balance b JOIN cop_alloc.current_publication p ON p.year = b.year
    UNION ALL
    SELECT b.year, p.deliberated_on, 2, NULL, 'modulations', NULL, NULL, NULL, b.modulations, 0.00,
           format('Modulations de la part de performance pour non-respect des mesures du COP et des COM (décret, art. 17-1 I 2° ; run %s)', b.run_id)
      FROM cop_alloc.reserve_balance b JOIN cop_alloc.current_publication p ON p.year = b.year
     WHERE b.modulations > 0
    UNION ALL
    SELECT b.year, p.deliberated_on, 3, NULL, 'undistributed', NULL, NULL, NULL, b.undistributed, 0.00,
           'Part de performance non répartie, faute de décision de l''assemblée générale sur ses modalités (R312-2)'
      FROM cop_alloc.reserve_balance b JOIN cop_alloc.current_publication p ON p.year = b.year
     WHERE b.undistributed > 0
    UNION ALL
    SELECT g.year, g.granted_on, 4, g.grant_id,
           CASE WHEN g.cancels IS NULL THEN 'grant' ELSE 'cancellation' END,
           g.purpose::text, g.chamber_code, g.project,
           CASE WHEN g.cancels IS NULL THEN 0.00 ELSE g.amount END,
           CASE WHEN g.cancels IS NULL THEN g.amount ELSE 0.00 END,
           g.motive
      FROM cop_alloc.reserve_grant g)
SELECT e.year, e.entry_on, e.entry, e.grant_id, e.purpose, e.chamber_code, e.project,
       e.credit::numeric(15,2) AS credit, e.debit::numeric(15,2) AS debit,
       (sum(e.credit - e.debit) OVER (PARTITION BY e.year ORDER BY e.entry_on, e.ord, e.grant_id
                                      ROWS UNBOUNDED PRECEDING))::numeric(15,2) AS balance,
       e.motive
  FROM entries e
 ORDER BY e.year, e.entry_on, e.ord, e.grant_id;
COMMENT ON VIEW cop_alloc.reserve_ledger IS
    'The specific follow-up of the amounts not distributed (art. 17-1 3°): per year and in date order, the credits of its published run (deductions, undistributed performance part) on the legal date of the publication (the general assembly''s deliberation), then each grant (debit) and cancellation (credit) on the date it was decided, with its motive (French) and the running balance.';
COMMENT ON COLUMN cop_alloc.reserve_ledger.year IS 'The exercise whose reserve it is.';
COMMENT ON COLUMN cop_alloc.reserve_ledger.entry_on IS 'Date of the entry: the legal date of the publication (publication.deliberated_on), or the decision to grant or cancel.';
COMMENT ON COLUMN cop_alloc.reserve_ledger.entry IS 'deductions, modulations, undistributed, grant or cancellation.';
COMMENT ON COLUMN cop_alloc.reserve_ledger.grant_id IS 'The entry of reserve_grant.';
COMMENT ON COLUMN cop_alloc.reserve_ledger.purpose IS 'The grant''s purpose: national_project, determined_project or performing_com.';
COMMENT ON COLUMN cop_alloc.reserve_ledger.chamber_code IS 'The chamber that receives the grant.';
COMMENT ON COLUMN cop_alloc.reserve_ledger.project IS 'The project financed.';
COMMENT ON COLUMN cop_alloc.reserve_ledger.credit IS 'Paid into the reserve, euros.';
COMMENT ON COLUMN cop_alloc.reserve_ledger.debit IS 'Taken out of the reserve, euros.';
COMMENT ON COLUMN cop_alloc.reserve_ledger.balance IS 'Running balance of the year''s reserve, euros.';
COMMENT ON COLUMN cop_alloc.reserve_ledger.motive IS 'Motive of the entry.';

CREATE OR REPLACE FUNCTION cop_alloc.reserve_grant_check() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    g record;
    b record;
    parent text;
    reserve numeric;
BEGIN
    -- Under repeatable read the sum below could miss a grant committed by a
    -- concurrent transaction after this one's snapshot; read committed
    -- re-reads after the lock, serializable detects the conflict.
    IF current_setting('transaction_isolation') = 'repeatable read' THEN
        RAISE EXCEPTION 'grants from the reserve cannot be recorded under repeatable read isolation'
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = 'Two concurrent grants could both see the same available amount.',
                  HINT = 'Use read committed (the default) or serializable.';
    END IF;

    IF NEW.cancels IS NOT NULL THEN
        -- a cancellation: the grant's amount is available again
        SELECT x.* INTO g FROM cop_alloc.reserve_grant x WHERE x.grant_id = NEW.cancels;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'grant % does not exist', NEW.cancels USING ERRCODE = 'foreign_key_violation';
        END IF;
        IF g.cancels IS NOT NULL THEN
            RAISE EXCEPTION 'entry % is a cancellation and cannot be cancelled', NEW.cancels
                USING ERRCODE = 'check_violation';
        END IF;
        PERFORM cop_alloc.lock_year(g.year);
        NEW.year := g.year;
        NEW.purpose := g.purpose;
        NEW.chamber_code := g.chamber_code;
        NEW.project := g.project;
        NEW.amount := g.amount;
        NEW.publication_id := coalesce(NEW.publication_id, g.publication_id);
        RETURN NEW;
    END IF;

    PERFORM cop_alloc.lock_year(NEW.year);
    IF NEW.chamber_code IS NOT NULL THEN
        SELECT c.parent_code INTO parent FROM cop_alloc.chamber c WHERE c.code = NEW.chamber_code;
        IF parent IS NOT NULL THEN
            RAISE EXCEPTION 'chamber "%" is associated to "%" and cannot receive a grant', NEW.chamber_code, parent
                USING ERRCODE = 'check_violation',
                      HINT = format('Grant it to "%s", the regional chamber it is associated to.', parent);
        END IF;
    END IF;
    SELECT x.* INTO b FROM cop_alloc.reserve_balance x WHERE x.year = NEW.year;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'exercise % has no published distribution: its reserve is not known', NEW.year
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'Grants draw on the reserve of a published run; publish the exercise first.';
    END IF;
    NEW.publication_id := coalesce(NEW.publication_id,
                                   (SELECT p.publication_id FROM cop_alloc.current_publication p WHERE p.year = NEW.year));
    -- the reserve of the publication in force, or of the one the entry names
    -- if smaller (a restore replays the entries in grant_id order)
    SELECT least(b.reserve, r.reserve) INTO reserve
      FROM cop_alloc.publication p JOIN cop_alloc.run r ON r.run_id = p.run_id
     WHERE p.publication_id = NEW.publication_id;
    IF NEW.amount > coalesce(reserve, b.reserve) - b.granted THEN
        RAISE EXCEPTION 'a grant of % exceeds the available reserve of exercise %', cop_alloc.format_euros(NEW.amount), NEW.year
            USING ERRCODE = 'check_violation',
                  DETAIL = format('The reserve of %s is %s (deductions %s, undistributed %s); %s are already granted and %s available.',
                                  NEW.year, cop_alloc.format_euros(b.reserve), cop_alloc.format_euros(b.deductions),
                                  cop_alloc.format_euros(b.undistributed), cop_alloc.format_euros(b.granted),
                                  cop_alloc.format_euros(coalesce(reserve, b.reserve) - b.granted)),
                  HINT = 'Grant at most the available amount.';
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION cop_alloc.reserve_grant_check() IS
    'Trigger: a grant draws on the reserve of a published year, goes to a regional chamber (or to a national project) and never takes more than is available; a cancellation takes its grant''s figures. Entries of a year are serialized by its lock (lock_year).';

-- An ordinary trigger: it fires for every role, but not under
-- session_replication_role = replica, so that a logical replica or a
-- restore with --disable-triggers takes the ledger as the origin accepted it.
CREATE OR REPLACE TRIGGER reserve_grant_check BEFORE INSERT ON cop_alloc.reserve_grant
    FOR EACH ROW EXECUTE FUNCTION cop_alloc.reserve_grant_check();

CREATE OR REPLACE FUNCTION cop_alloc.cancel_grant(grant_id bigint, motive text, cancelled_on date DEFAULT current_date)
RETURNS bigint
LANGUAGE sql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT cop_alloc.require_party('finance');
    INSERT INTO cop_alloc.reserve_grant (year, purpose, amount, cancels, motive, granted_on)
    SELECT g.year, g.purpose, g.amount, g.grant_id, cancel_grant.motive, coalesce(cancel_grant.cancelled_on, current_date)
      FROM cop_alloc.reserve_grant g
     WHERE g.grant_id = cancel_grant.grant_id
    RETURNING reserve_grant.grant_id
$$;
COMMENT ON FUNCTION cop_alloc.cancel_grant(bigint, text, date) IS
    'Records the cancellation of a grant, with its motive and date; its amount is available again. Returns the entry''s grant_id (NULL when there is no such grant).';

SELECT cop_alloc.make_append_only('cop_alloc.reserve_grant',
           'The reserve ledger keeps every grant and cancellation.',
           'Cancel a grant with cop_alloc.cancel_grant(grant_id, motive).');

CREATE OR REPLACE FUNCTION cop_alloc.grant_from_reserve(year int, purpose cop_alloc.grant_purpose, amount numeric,
                                                        motive text, chamber_code text DEFAULT NULL,
                                                        project text DEFAULT NULL, granted_on date DEFAULT current_date)
RETURNS bigint
LANGUAGE sql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT cop_alloc.require_party('finance');
    INSERT INTO cop_alloc.reserve_grant (year, purpose, chamber_code, project, amount, motive, granted_on)
    VALUES (grant_from_reserve.year, grant_from_reserve.purpose, grant_from_reserve.chamber_code,
            grant_from_reserve.project, grant_from_reserve.amount, grant_from_reserve.motive,
            coalesce(grant_from_reserve.granted_on, current_date))
    RETURNING reserve_grant.grant_id
$$;
COMMENT ON FUNCTION cop_alloc.grant_from_reserve(int, cop_alloc.grant_purpose, numeric, text, text, text, date) IS
    'Finance grants an amount out of the reserve of a published year (art. 17-1 3°): to a national project (no chamber), or to a regional chamber for a determined project or a performing COM, with its motive and date; never more than is available. Returns the grant_id.';

REVOKE EXECUTE ON FUNCTION cop_alloc.cancel_grant(bigint, text, date) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION cop_alloc.grant_from_reserve(int, cop_alloc.grant_purpose, numeric, text, text, text, date) FROM PUBLIC;
