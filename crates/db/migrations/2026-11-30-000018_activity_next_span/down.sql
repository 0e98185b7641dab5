-- Back to migration 000017: the kept occurrence holds from the instant it
-- was found for, and step-free access is read from the place.
DROP TRIGGER places_step_free_changed ON places;
DROP FUNCTION places_step_free_changed();
DROP TRIGGER activities_step_free_update ON activities;
DROP FUNCTION activities_step_free_update();
ALTER TABLE activities DROP COLUMN step_free_access;
CREATE OR REPLACE FUNCTION activities_refresh_next_at(ids uuid[], at timestamptz) RETURNS integer
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

SELECT activities_refresh_next(ARRAY(SELECT id FROM activities));

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

