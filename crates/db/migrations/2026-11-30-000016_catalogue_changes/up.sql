-- Servers keep answers of the public activity search in memory. They must
-- forget them when anything an answer shows changes: every statement that
-- writes what the search reads notifies `fritid_catalogue` (delivered at
-- commit, once per transaction), and every server listens.
CREATE FUNCTION fritid_catalogue_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('fritid_catalogue', '');
    RETURN NULL;
END $$;

CREATE TRIGGER activities_catalogue AFTER INSERT OR UPDATE OR DELETE ON activities
    FOR EACH STATEMENT EXECUTE FUNCTION fritid_catalogue_changed();
CREATE TRIGGER activity_occurrences_catalogue AFTER INSERT OR UPDATE OR DELETE ON activity_occurrences
    FOR EACH STATEMENT EXECUTE FUNCTION fritid_catalogue_changed();
CREATE TRIGGER organizations_catalogue AFTER INSERT OR UPDATE OR DELETE ON organizations
    FOR EACH STATEMENT EXECUTE FUNCTION fritid_catalogue_changed();
CREATE TRIGGER places_catalogue AFTER INSERT OR UPDATE OR DELETE ON places
    FOR EACH STATEMENT EXECUTE FUNCTION fritid_catalogue_changed();
CREATE TRIGGER categories_catalogue AFTER INSERT OR UPDATE OR DELETE ON categories
    FOR EACH STATEMENT EXECUTE FUNCTION fritid_catalogue_changed();
CREATE TRIGGER districts_catalogue AFTER INSERT OR UPDATE OR DELETE ON districts
    FOR EACH STATEMENT EXECUTE FUNCTION fritid_catalogue_changed();
CREATE TRIGGER images_catalogue AFTER INSERT OR UPDATE OR DELETE ON images
    FOR EACH STATEMENT EXECUTE FUNCTION fritid_catalogue_changed();
-- Sync lists read the settled instant; they are not kept.

-- An answer "from now" stays the same until the next occurrence anywhere
-- ends: one probe of this index.
CREATE INDEX activity_occurrences_ends_idx ON activity_occurrences (ends_at);
