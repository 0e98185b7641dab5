DROP TRIGGER activities_revision_count ON activities;
DROP FUNCTION activities_revision_count();
ALTER TABLE activities DROP COLUMN revision;
DROP TRIGGER activities_availability_touch ON activities;
DROP FUNCTION activities_availability_touch();
DROP INDEX activities_changed_idx;
ALTER TABLE activities DROP COLUMN changed_at;
ALTER TABLE activities DROP COLUMN availability_updated_at;
