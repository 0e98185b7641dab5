-- What the caseworker queue's counts and the fund board's statistics read:
-- per round, district, month of submission, month of decision and state, how many applications,
-- how many granted or rejected, and the amount granted; and per round how
-- many days decisions took. Triggers keep both in step with
-- fund_applications, so reading them costs the same at 100 applications as
-- at 100,000. Drafts are not counted (they are nobody's case yet).
CREATE TABLE fund_summary (
    round_id     uuid   NOT NULL REFERENCES fund_rounds (id),
    -- '' when the application names no district.
    district     text   NOT NULL,
    -- YYYY-MM of the submission, in Norwegian time.
    month        text   NOT NULL,
    -- YYYY-MM of the first decision, '' while there is none (the budget's
    -- burn-down).
    decided_month text  NOT NULL,
    status       text   NOT NULL,
    -- integer: their sum is a bigint, which the queue reads through a
    -- cached prepared statement (a numeric sum would need a cast in SQL text).
    applications integer NOT NULL DEFAULT 0,
    granted      integer NOT NULL DEFAULT 0,
    rejected     integer NOT NULL DEFAULT 0,
    granted_nok  bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (round_id, district, month, decided_month, status)
) WITH (fillfactor = 50);
-- Every change of state updates two of these rows; room on each page lets
-- PostgreSQL update them in place (HOT) instead of growing the table.

CREATE TABLE fund_decision_days (
    round_id   uuid    NOT NULL REFERENCES fund_rounds (id),
    -- Whole days from submission to the first decision.
    days       integer NOT NULL,
    decisions  bigint  NOT NULL DEFAULT 0,
    -- The exact durations' sum, for the average.
    total_days float8  NOT NULL DEFAULT 0,
    PRIMARY KEY (round_id, days)
) WITH (fillfactor = 50);

-- Adds (sign 1) or takes away (sign -1) one application's share.
CREATE FUNCTION fund_summary_add(a fund_applications, sign integer) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    d float8;
BEGIN
    IF a.status = 'draft' THEN
        RETURN;
    END IF;
    INSERT INTO fund_summary AS s (round_id, district, month, decided_month, status, applications, granted, rejected, granted_nok)
    VALUES (a.round_id, coalesce(a.district, ''),
            to_char(a.submitted_at AT TIME ZONE 'Europe/Oslo', 'YYYY-MM'),
            coalesce(to_char(a.decided_at AT TIME ZONE 'Europe/Oslo', 'YYYY-MM'), ''), a.status,
            sign, sign * (a.granted_nok > 0)::int,
            sign * (coalesce(coalesce(a.appeal_outcome, a.outcome) = 'rejected', false))::int,
            sign * a.granted_nok)
    ON CONFLICT (round_id, district, month, decided_month, status) DO UPDATE
       SET applications = s.applications + EXCLUDED.applications,
           granted = s.granted + EXCLUDED.granted,
           rejected = s.rejected + EXCLUDED.rejected,
           granted_nok = s.granted_nok + EXCLUDED.granted_nok;
    IF a.decided_at IS NOT NULL THEN
        d := extract(epoch FROM a.decided_at - a.submitted_at) / 86400.0;
        INSERT INTO fund_decision_days AS s (round_id, days, decisions, total_days)
        VALUES (a.round_id, floor(d)::int, sign, sign * d)
        ON CONFLICT (round_id, days) DO UPDATE
           SET decisions = s.decisions + EXCLUDED.decisions,
               total_days = s.total_days + EXCLUDED.total_days;
    END IF;
END
$$;

CREATE FUNCTION fund_applications_update_summary() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND
       (OLD.round_id, OLD.district, OLD.submitted_at, OLD.status, OLD.granted_nok,
        OLD.outcome, OLD.appeal_outcome, OLD.decided_at)
       IS NOT DISTINCT FROM
       (NEW.round_id, NEW.district, NEW.submitted_at, NEW.status, NEW.granted_nok,
        NEW.outcome, NEW.appeal_outcome, NEW.decided_at) THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'INSERT' THEN
        PERFORM fund_summary_add(NEW, 1);
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM fund_summary_add(OLD, -1);
    -- Two cases moving between the same two states in opposite directions
    -- lock the two rows in one order, so they cannot deadlock.
    ELSIF (coalesce(NEW.district, ''), NEW.status) < (coalesce(OLD.district, ''), OLD.status) THEN
        PERFORM fund_summary_add(NEW, 1);
        PERFORM fund_summary_add(OLD, -1);
    ELSE
        PERFORM fund_summary_add(OLD, -1);
        PERFORM fund_summary_add(NEW, 1);
    END IF;
    RETURN NULL;
END
$$;
-- Named to run after fund_applications_totals (triggers run in name order):
-- every transaction takes the round's row before the summary's rows.
CREATE TRIGGER fund_applications_update_summary
    AFTER INSERT OR UPDATE OF round_id, district, submitted_at, status, granted_nok,
          outcome, appeal_outcome, decided_at OR DELETE
    ON fund_applications FOR EACH ROW EXECUTE FUNCTION fund_applications_update_summary();

SELECT fund_summary_add(a, 1) FROM fund_applications a;

-- The queue's pages, oldest submission first (id breaks ties), for each
-- way it is filtered: by round, by state, by both (the index from the
-- first migration, widened by id), or by neither.
DROP INDEX fund_applications_queue_idx;
CREATE INDEX fund_applications_queue_idx ON fund_applications (round_id, status, submitted_at, id);
CREATE INDEX fund_applications_round_queue_idx ON fund_applications (round_id, submitted_at, id)
    WHERE status <> 'draft';
CREATE INDEX fund_applications_status_queue_idx ON fund_applications (status, submitted_at, id);
CREATE INDEX fund_applications_all_queue_idx ON fund_applications (submitted_at, id)
    WHERE status <> 'draft';
-- "Mine" and "not assigned": the page in order and the count per state
-- from the index alone.
DROP INDEX fund_applications_assigned_idx;
CREATE INDEX fund_applications_assigned_idx ON fund_applications (assigned_to, round_id, submitted_at, id)
    INCLUDE (status) WHERE assigned_to IS NOT NULL AND status <> 'draft';
CREATE INDEX fund_applications_unassigned_idx ON fund_applications (round_id, submitted_at, id)
    INCLUDE (status) WHERE assigned_to IS NULL AND status <> 'draft';
