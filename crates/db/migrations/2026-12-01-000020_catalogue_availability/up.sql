-- Kept search answers are forgotten more finely (`platform::changes`).
-- An UPDATE of activities now says what kind of change it made:
--
--   - only the places left (a sign-up, a cancellation: the counts and
--     their time stamps): `a:` and the activities' ids, or `f:` when one of
--     them now has free places where it had none, or the other way round.
--     Only the answers that show one of them have other counts; with `f:`,
--     the answers that filter by free places may show other activities.
--   - only the kept next occurrence (the job moving it on): nothing. The
--     search answers the same from a kept copy as from the occurrences
--     themselves (the equivalence test in tests/activities.rs), so no
--     answer changes.
--   - anything else (or the places of more than 100 activities at once):
--     '' (every answer).
--
-- Kept answers show published activities only, so writes to activities
-- that are not published before or after (drafts an organizer prepares,
-- cancelled ones), and to their occurrences, notify nothing. Nor do writes
-- to organizations, places and images that no published activity uses (a
-- new club, a BUA model's picture). Inserts and deletes of published
-- activities, and writes to categories and districts, still notify ''
-- (migration 000016).
CREATE FUNCTION fritid_activities_updated() RETURNS trigger LANGUAGE plpgsql AS $$
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

-- Rows inserted or deleted (`written_rows`): a change if one of them is
-- published.
CREATE FUNCTION fritid_activities_written() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM written_rows WHERE status = 'published') THEN
        PERFORM pg_notify('fritid_catalogue', '');
    END IF;
    RETURN NULL;
END $$;

-- Occurrences written (`written_rows`, and for an update `old_written`):
-- a change if one belongs to a published activity. An activity deleted
-- with its occurrences is told of by its own trigger.
CREATE FUNCTION fritid_occurrences_written() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM activities a
                WHERE a.status = 'published'
                  AND a.id IN (SELECT activity_id FROM written_rows)) THEN
        PERFORM pg_notify('fritid_catalogue', '');
    END IF;
    RETURN NULL;
END $$;
CREATE FUNCTION fritid_occurrences_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM activities a
                WHERE a.status = 'published'
                  AND a.id IN (SELECT activity_id FROM written_rows
                               UNION ALL SELECT activity_id FROM old_written)) THEN
        PERFORM pg_notify('fritid_catalogue', '');
    END IF;
    RETURN NULL;
END $$;

DROP TRIGGER activities_catalogue ON activities;
CREATE TRIGGER activities_catalogue_inserted AFTER INSERT ON activities
    REFERENCING NEW TABLE AS written_rows
    FOR EACH STATEMENT EXECUTE FUNCTION fritid_activities_written();
CREATE TRIGGER activities_catalogue_deleted AFTER DELETE ON activities
    REFERENCING OLD TABLE AS written_rows
    FOR EACH STATEMENT EXECUTE FUNCTION fritid_activities_written();
CREATE TRIGGER activities_catalogue_updated AFTER UPDATE ON activities
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION fritid_activities_updated();

DROP TRIGGER activity_occurrences_catalogue ON activity_occurrences;
CREATE TRIGGER activity_occurrences_catalogue_inserted AFTER INSERT ON activity_occurrences
    REFERENCING NEW TABLE AS written_rows
    FOR EACH STATEMENT EXECUTE FUNCTION fritid_occurrences_written();
CREATE TRIGGER activity_occurrences_catalogue_deleted AFTER DELETE ON activity_occurrences
    REFERENCING OLD TABLE AS written_rows
    FOR EACH STATEMENT EXECUTE FUNCTION fritid_occurrences_written();
CREATE TRIGGER activity_occurrences_catalogue_updated AFTER UPDATE ON activity_occurrences
    REFERENCING OLD TABLE AS old_written NEW TABLE AS written_rows
    FOR EACH STATEMENT EXECUTE FUNCTION fritid_occurrences_updated();

-- Organizations, places and images are shown by name (and in the words
-- searched) through the published activities that use them. One inserted
-- is used by none yet. One deleted was used by none (a place in use cannot
-- be deleted), or takes its activities with it (an organization), or sets
-- their image to none (an image), and their own triggers tell. An update
-- concerns kept answers only if a published activity uses it.
CREATE FUNCTION fritid_used_by_published() RETURNS trigger LANGUAGE plpgsql AS $$
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

DROP TRIGGER organizations_catalogue ON organizations;
CREATE TRIGGER organizations_catalogue_updated AFTER UPDATE ON organizations
    REFERENCING NEW TABLE AS written_rows
    FOR EACH STATEMENT EXECUTE FUNCTION fritid_used_by_published('organization');
DROP TRIGGER places_catalogue ON places;
CREATE TRIGGER places_catalogue_updated AFTER UPDATE ON places
    REFERENCING NEW TABLE AS written_rows
    FOR EACH STATEMENT EXECUTE FUNCTION fritid_used_by_published('place');
DROP TRIGGER images_catalogue ON images;
CREATE TRIGGER images_catalogue_updated AFTER UPDATE ON images
    REFERENCING NEW TABLE AS written_rows
    FOR EACH STATEMENT EXECUTE FUNCTION fritid_used_by_published('image');
