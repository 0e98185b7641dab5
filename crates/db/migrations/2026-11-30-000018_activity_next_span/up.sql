-- Two things the search had to look up, kept on the activity row instead.
--
-- 1. How long a kept next occurrence holds. It is the first occurrence
-- ending after any instant from the end of the activity's previous
-- occurrence (the last one that ended by the instant it was found for) on,
-- not only after that instant: no occurrence ends in between. So
-- `next_from` is now that earlier end (`-infinity` when none ended before),
-- and a search from today's midnight reads every row whose previous
-- occurrence ended before midnight, where it looked up every row found
-- later than midnight (all of them, once the job has run). The weekdays
-- and the start minute hold over the same span: the occurrences ending
-- after any instant in it are the same ones.
--
-- 2. Step-free access, a property of the place, copied onto its activities
-- so the search reads it from the row (and its indexes) without a join.
--
-- The covering indexes are dropped here and made again, with step-free
-- access, by the next migration: an index made in the transaction that
-- rewrote every row also holds an entry for each old version, and stayed
-- more than twice its size (48 against 18 MB at 100,000 activities, and a
-- count reading it twice as slow) until reindexed.

DO $$
BEGIN
    FOR d IN 1..7 LOOP
        EXECUTE format('DROP INDEX activities_next_on_%s_idx', d);
    END LOOP;
END $$;
DROP INDEX activities_next_idx;
DROP INDEX activities_next_by_district_idx;
DROP INDEX activities_next_by_category_idx;

CREATE OR REPLACE FUNCTION activities_refresh_next_at(ids uuid[], at timestamptz) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    moved integer;
BEGIN
    IF coalesce(cardinality(ids), 0) = 0 THEN
        RETURN 0;
    END IF;
    WITH found AS (
        SELECT x.id, n.starts_at, n.ends_at, s.next_on, s.start_minute,
               coalesce((SELECT max(o.ends_at) FROM activity_occurrences o
                         WHERE o.activity_id = x.id AND o.ends_at <= at), '-infinity') AS holds_from
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
    SET next_from = found.holds_from, next_starts_at = found.starts_at, next_ends_at = found.ends_at,
        next_on = found.next_on, start_minute = found.start_minute
    FROM found WHERE a.id = found.id;
    GET DIAGNOSTICS moved = ROW_COUNT;
    RETURN moved;
END $$;

ALTER TABLE activities ADD COLUMN step_free_access boolean NOT NULL DEFAULT false;

CREATE FUNCTION activities_step_free_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.step_free_access := (SELECT p.step_free_access FROM places p WHERE p.id = NEW.place_id);
    RETURN NEW;
END $$;
CREATE TRIGGER activities_step_free_update
    BEFORE INSERT OR UPDATE OF place_id, step_free_access
    ON activities FOR EACH ROW EXECUTE FUNCTION activities_step_free_update();

CREATE FUNCTION places_step_free_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE activities SET step_free_access = NEW.step_free_access WHERE place_id = NEW.id;
    RETURN NULL;
END $$;
CREATE TRIGGER places_step_free_changed AFTER UPDATE OF step_free_access ON places
    FOR EACH ROW WHEN (OLD.step_free_access IS DISTINCT FROM NEW.step_free_access)
    EXECUTE FUNCTION places_step_free_changed();

-- The rows as they are, in one pass: each kept occurrence holds from the
-- end of the previous one, and step-free access is the place's (setting
-- it fires the trigger above).
UPDATE activities a
SET next_from = CASE WHEN a.next_from IS NOT NULL THEN
        coalesce((SELECT max(o.ends_at) FROM activity_occurrences o
                  WHERE o.activity_id = a.id AND o.ends_at <= a.next_from), '-infinity') END,
    step_free_access = true;
