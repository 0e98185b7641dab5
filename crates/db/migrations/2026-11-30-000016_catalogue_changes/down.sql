DROP INDEX activity_occurrences_ends_idx;
DROP TRIGGER images_catalogue ON images;
DROP TRIGGER districts_catalogue ON districts;
DROP TRIGGER categories_catalogue ON categories;
DROP TRIGGER places_catalogue ON places;
DROP TRIGGER organizations_catalogue ON organizations;
DROP TRIGGER activity_occurrences_catalogue ON activity_occurrences;
DROP TRIGGER activities_catalogue ON activities;
DROP FUNCTION fritid_catalogue_changed();
