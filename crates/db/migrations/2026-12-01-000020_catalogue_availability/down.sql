DROP TRIGGER images_catalogue_updated ON images;
CREATE TRIGGER images_catalogue AFTER INSERT OR UPDATE OR DELETE ON images
    FOR EACH STATEMENT EXECUTE FUNCTION fritid_catalogue_changed();
DROP TRIGGER places_catalogue_updated ON places;
CREATE TRIGGER places_catalogue AFTER INSERT OR UPDATE OR DELETE ON places
    FOR EACH STATEMENT EXECUTE FUNCTION fritid_catalogue_changed();
DROP TRIGGER organizations_catalogue_updated ON organizations;
CREATE TRIGGER organizations_catalogue AFTER INSERT OR UPDATE OR DELETE ON organizations
    FOR EACH STATEMENT EXECUTE FUNCTION fritid_catalogue_changed();
DROP FUNCTION fritid_used_by_published();
DROP TRIGGER activity_occurrences_catalogue_updated ON activity_occurrences;
DROP TRIGGER activity_occurrences_catalogue_deleted ON activity_occurrences;
DROP TRIGGER activity_occurrences_catalogue_inserted ON activity_occurrences;
CREATE TRIGGER activity_occurrences_catalogue AFTER INSERT OR UPDATE OR DELETE ON activity_occurrences
    FOR EACH STATEMENT EXECUTE FUNCTION fritid_catalogue_changed();
DROP TRIGGER activities_catalogue_updated ON activities;
DROP TRIGGER activities_catalogue_deleted ON activities;
DROP TRIGGER activities_catalogue_inserted ON activities;
CREATE TRIGGER activities_catalogue AFTER INSERT OR UPDATE OR DELETE ON activities
    FOR EACH STATEMENT EXECUTE FUNCTION fritid_catalogue_changed();
DROP FUNCTION fritid_occurrences_updated();
DROP FUNCTION fritid_occurrences_written();
DROP FUNCTION fritid_activities_written();
DROP FUNCTION fritid_activities_updated();
