DROP TRIGGER activities_catalogue_updated ON activities;
DROP TRIGGER activities_catalogue ON activities;
CREATE TRIGGER activities_catalogue AFTER INSERT OR UPDATE OR DELETE ON activities
    FOR EACH STATEMENT EXECUTE FUNCTION fritid_catalogue_changed();
DROP FUNCTION fritid_activities_updated();
