-- Each activity's next occurrence on its own row, so that the common
-- search (from now on, no weekday or time of day) reads its page in index
-- order and stops, instead of looking up the next occurrence of every
-- matching activity.
--
-- `next_from` is the instant the next occurrence was found for:
-- `next_starts_at`/`next_ends_at` are the first occurrence ending after it
-- (both null: none). For a search from `t >= next_from` whose
-- `next_ends_at > t` they are exactly the first occurrence ending after
-- `t`; any other row is "stale" for that search, which then looks its
-- occurrences up as before. The occurrences' own triggers keep the columns
-- in the same transaction as every change; a job moves them forward once
-- the occurrence has ended.
ALTER TABLE activities
    ADD COLUMN next_from      timestamptz,
    ADD COLUMN next_starts_at timestamptz,
    ADD COLUMN next_ends_at   timestamptz;

CREATE FUNCTION activities_refresh_next(ids uuid[]) RETURNS integer LANGUAGE sql AS $$
    WITH found AS (
        SELECT x.id, o.starts_at, o.ends_at
        FROM unnest(ids) AS x(id)
        LEFT JOIN LATERAL (
            SELECT o.starts_at, o.ends_at FROM activity_occurrences o
            WHERE o.activity_id = x.id AND o.ends_at > now()
            ORDER BY o.ends_at LIMIT 1
        ) o ON true
    ), updated AS (
        UPDATE activities a
        SET next_from = now(), next_starts_at = found.starts_at, next_ends_at = found.ends_at
        FROM found WHERE a.id = found.id
        RETURNING 1
    )
    SELECT count(*)::integer FROM updated
$$;

CREATE FUNCTION activity_occurrences_refresh_next() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM activities_refresh_next(ARRAY(SELECT DISTINCT activity_id FROM changed));
    RETURN NULL;
END $$;
CREATE TRIGGER activity_occurrences_inserted AFTER INSERT ON activity_occurrences
    REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION activity_occurrences_refresh_next();
CREATE TRIGGER activity_occurrences_updated AFTER UPDATE ON activity_occurrences
    REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION activity_occurrences_refresh_next();
CREATE TRIGGER activity_occurrences_deleted AFTER DELETE ON activity_occurrences
    REFERENCING OLD TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION activity_occurrences_refresh_next();

SELECT activities_refresh_next(ARRAY(SELECT id FROM activities));

-- The common search: published activities by next occurrence, with the
-- columns its filters and its count read, so both are index-only scans
-- (the text search and step-free access still read the rows).
CREATE INDEX activities_next_idx ON activities (next_starts_at, id)
    INCLUDE (next_from, next_ends_at, changed_at, category, district, age_min, age_max, is_free,
             total_cost_nok, drop_in, no_membership_needed, free_trial, adapted_for_disabilities,
             companion_card_accepted, organization_id, signup_required, confirmed_count, capacity)
    WHERE status = 'published';
-- Rows whose next occurrence has ended (the job, and searches that must
-- look those up), and rows refreshed after a search's instant.
CREATE INDEX activities_next_ends_idx ON activities (next_ends_at) WHERE next_ends_at IS NOT NULL;
CREATE INDEX activities_next_from_idx ON activities (next_from);
