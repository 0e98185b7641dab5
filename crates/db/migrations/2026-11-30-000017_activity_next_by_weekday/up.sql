-- Weekday and time-of-day searches read the activity row too (migration
-- 000014 kept only the next occurrence of any kind):
--
-- `next_on[d]` (ISO weekday d, 1 = Monday) is the start of the first
-- occurrence on that local weekday ending after `next_from`; for a search
-- from `t` for which the row is current (`next_from <= t < next_ends_at`)
-- it is the first such occurrence ending after `t`, since every occurrence
-- ending after `next_from` ends after the next one. A weekday search then
-- reads each chosen weekday's index in order and merges them.
--
-- `start_minute` is the local start minute shared by all those
-- occurrences (a weekly series starts at one local time; a single event is
-- one occurrence), null if they differ or there are none; a time-of-day
-- search looks such rows up.
ALTER TABLE activities
    ADD COLUMN next_on      timestamptz[],
    ADD COLUMN start_minute smallint;

-- The kept columns as they are for an instant `at` (the job and the
-- triggers use now(); tests may use another instant). Nothing to do
-- writes nothing: an empty UPDATE would still fire the statement trigger
-- that tells every server the catalogue changed (migration 000016).
CREATE FUNCTION activities_refresh_next_at(ids uuid[], at timestamptz) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    moved integer;
BEGIN
    IF coalesce(cardinality(ids), 0) = 0 THEN
        RETURN 0;
    END IF;
    WITH found AS (
        SELECT x.id, n.starts_at, n.ends_at, s.next_on, s.start_minute
        FROM unnest(ids) AS x(id)
        LEFT JOIN LATERAL (
            SELECT o.starts_at, o.ends_at FROM activity_occurrences o
            WHERE o.activity_id = x.id AND o.ends_at > at
            ORDER BY o.ends_at LIMIT 1
        ) n ON true
        CROSS JOIN LATERAL (
            SELECT ARRAY[min(o.starts_at) FILTER (WHERE o.weekday = 1),
                         min(o.starts_at) FILTER (WHERE o.weekday = 2),
                         min(o.starts_at) FILTER (WHERE o.weekday = 3),
                         min(o.starts_at) FILTER (WHERE o.weekday = 4),
                         min(o.starts_at) FILTER (WHERE o.weekday = 5),
                         min(o.starts_at) FILTER (WHERE o.weekday = 6),
                         min(o.starts_at) FILTER (WHERE o.weekday = 7)] AS next_on,
                   CASE WHEN min(o.start_minute) = max(o.start_minute)
                        THEN min(o.start_minute) END AS start_minute
            FROM activity_occurrences o
            WHERE o.activity_id = x.id AND o.ends_at > at
        ) s
    )
    UPDATE activities a
    SET next_from = at, next_starts_at = found.starts_at, next_ends_at = found.ends_at,
        next_on = found.next_on, start_minute = found.start_minute
    FROM found WHERE a.id = found.id;
    GET DIAGNOSTICS moved = ROW_COUNT;
    RETURN moved;
END $$;

CREATE OR REPLACE FUNCTION activities_refresh_next(ids uuid[]) RETURNS integer
LANGUAGE sql AS $$
    SELECT activities_refresh_next_at(ids, now())
$$;

SELECT activities_refresh_next(ARRAY(SELECT id FROM activities));

-- The common search's index gains the start minute and the weekdays, so
-- a time-of-day search and a weekday count stay index-only scans.
DROP INDEX activities_next_idx;
CREATE INDEX activities_next_idx ON activities (next_starts_at, id)
    INCLUDE (next_from, next_ends_at, next_on, start_minute, changed_at, category, district, age_min, age_max, is_free,
             total_cost_nok, drop_in, no_membership_needed, free_trial, adapted_for_disabilities,
             companion_card_accepted, organization_id, signup_required, confirmed_count, capacity)
    WHERE status = 'published';

-- One index per weekday, in the order a weekday search reads, with the
-- same columns: its page and its count read no rows.
DO $$
BEGIN
    FOR d IN 1..7 LOOP
        EXECUTE format(
            'CREATE INDEX activities_next_on_%1$s_idx ON activities ((next_on[%1$s]), id)
                 INCLUDE (next_from, next_ends_at, next_on, start_minute, changed_at, category,
                          district, age_min, age_max, is_free, total_cost_nok, drop_in,
                          no_membership_needed, free_trial, adapted_for_disabilities,
                          companion_card_accepted, organization_id, signup_required,
                          confirmed_count, capacity)
                 WHERE status = ''published'' AND next_on[%1$s] IS NOT NULL', d);
    END LOOP;
END $$;

-- A district or a category narrows most searches: the same columns by
-- district and by category, so a count of a selective search reads that
-- district's or category's entries instead of every published activity.
CREATE INDEX activities_next_by_district_idx ON activities (district, next_starts_at, id)
    INCLUDE (next_from, next_ends_at, next_on, start_minute, changed_at, category, age_min, age_max, is_free,
             total_cost_nok, drop_in, no_membership_needed, free_trial, adapted_for_disabilities,
             companion_card_accepted, organization_id, signup_required, confirmed_count, capacity)
    WHERE status = 'published';
CREATE INDEX activities_next_by_category_idx ON activities (category, next_starts_at, id)
    INCLUDE (next_from, next_ends_at, next_on, start_minute, changed_at, district, age_min, age_max, is_free,
             total_cost_nok, drop_in, no_membership_needed, free_trial, adapted_for_disabilities,
             companion_card_accepted, organization_id, signup_required, confirmed_count, capacity)
    WHERE status = 'published';

-- The job rewrites a few rows a minute, and each old version leaves an
-- entry in the indexes the search reads for stale rows: vacuum and
-- analyze after a few hundred changes, not after a fifth of the table
-- (PostgreSQL's default), so those scans stay short and the planner's
-- idea of "ended before now" stays current.
ALTER TABLE activities SET (
    autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 500,
    autovacuum_analyze_scale_factor = 0, autovacuum_analyze_threshold = 1000
);

-- Rows whose occurrences start at different minutes (none are made so
-- today), which a time-of-day search must look up.
CREATE INDEX activities_mixed_minutes_idx ON activities (id)
    WHERE start_minute IS NULL AND next_ends_at IS NOT NULL;
