ALTER TABLE activities RESET (
    autovacuum_vacuum_scale_factor, autovacuum_vacuum_threshold,
    autovacuum_analyze_scale_factor, autovacuum_analyze_threshold
);
DROP INDEX activities_mixed_minutes_idx;
DROP INDEX activities_next_by_category_idx;
DROP INDEX activities_next_by_district_idx;
DO $$
BEGIN
    FOR d IN 1..7 LOOP
        EXECUTE format('DROP INDEX activities_next_on_%s_idx', d);
    END LOOP;
END $$;
DROP INDEX activities_next_idx;
CREATE INDEX activities_next_idx ON activities (next_starts_at, id)
    INCLUDE (next_from, next_ends_at, changed_at, category, district, age_min, age_max, is_free,
             total_cost_nok, drop_in, no_membership_needed, free_trial, adapted_for_disabilities,
             companion_card_accepted, organization_id, signup_required, confirmed_count, capacity)
    WHERE status = 'published';
CREATE OR REPLACE FUNCTION activities_refresh_next(ids uuid[]) RETURNS integer LANGUAGE sql AS $$
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
DROP FUNCTION activities_refresh_next_at(uuid[], timestamptz);
ALTER TABLE activities DROP COLUMN start_minute, DROP COLUMN next_on;
