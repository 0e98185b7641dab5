-- The notifications as migration 000020 made them: every function back to
-- `pg_notify` alone, nothing noted in the transaction.

CREATE OR REPLACE FUNCTION fritid_activities_updated() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    availability CONSTANT text[] := ARRAY['confirmed_count', 'waiting_count',
                                          'availability_updated_at', 'changed_at'];
    kept_next CONSTANT text[] := ARRAY['next_from', 'next_starts_at', 'next_ends_at',
                                       'next_on', 'start_minute'];
    ids text[];
    any_flipped boolean;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM old_rows WHERE status = 'published')
       AND NOT EXISTS (SELECT 1 FROM new_rows WHERE status = 'published') THEN
        RETURN NULL;
    END IF;
    -- Stops at the first row whose content changed.
    IF EXISTS (SELECT 1 FROM old_rows o FULL JOIN new_rows n ON n.id = o.id
               WHERE o.id IS NULL OR n.id IS NULL
                  OR to_jsonb(o) - availability - kept_next
                     IS DISTINCT FROM to_jsonb(n) - availability - kept_next) THEN
        PERFORM pg_notify('fritid_catalogue', '');
        RETURN NULL;
    END IF;
    SELECT array_agg(id), bool_or(flipped) INTO ids, any_flipped FROM (
        SELECT n.id::text AS id,
               -- Whether it now has free places or not, where it had not
               -- or had (the search's `has_free_places` filter).
               (NOT o.signup_required OR o.confirmed_count < o.capacity)
                   IS DISTINCT FROM (NOT n.signup_required OR n.confirmed_count < n.capacity)
               OR (o.signup_required AND o.confirmed_count >= o.capacity)
                   IS DISTINCT FROM (n.signup_required AND n.confirmed_count >= n.capacity)
                   AS flipped
          FROM old_rows o JOIN new_rows n ON n.id = o.id
         WHERE to_jsonb(o) - kept_next IS DISTINCT FROM to_jsonb(n) - kept_next
         LIMIT 101) s;
    IF cardinality(ids) > 100 THEN
        PERFORM pg_notify('fritid_catalogue', '');
    ELSIF cardinality(ids) > 0 THEN
        PERFORM pg_notify('fritid_catalogue',
                          CASE WHEN any_flipped THEN 'f:' ELSE 'a:' END || array_to_string(ids, ','));
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION fritid_activities_written() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM written_rows WHERE status = 'published') THEN
        PERFORM pg_notify('fritid_catalogue', '');
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION fritid_occurrences_written() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM activities a
                WHERE a.status = 'published'
                  AND a.id IN (SELECT activity_id FROM written_rows)) THEN
        PERFORM pg_notify('fritid_catalogue', '');
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION fritid_occurrences_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM activities a
                WHERE a.status = 'published'
                  AND a.id IN (SELECT activity_id FROM written_rows
                               UNION ALL SELECT activity_id FROM old_written)) THEN
        PERFORM pg_notify('fritid_catalogue', '');
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION fritid_used_by_published() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    used boolean;
BEGIN
    -- One query per kind, so that each uses its index on activities.
    IF TG_ARGV[0] = 'organization' THEN
        used := EXISTS (SELECT 1 FROM activities a WHERE a.status = 'published'
                           AND a.organization_id IN (SELECT id FROM written_rows));
    ELSIF TG_ARGV[0] = 'place' THEN
        used := EXISTS (SELECT 1 FROM activities a WHERE a.status = 'published'
                           AND a.place_id IN (SELECT id FROM written_rows));
    ELSE
        used := EXISTS (SELECT 1 FROM activities a WHERE a.status = 'published'
                           AND a.image_id IN (SELECT id FROM written_rows));
    END IF;
    IF used THEN
        PERFORM pg_notify('fritid_catalogue', '');
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION fritid_catalogue_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('fritid_catalogue', '');
    RETURN NULL;
END $$;
DROP FUNCTION fritid_catalogue_notify(text);
