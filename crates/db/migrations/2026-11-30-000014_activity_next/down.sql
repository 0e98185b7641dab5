DROP INDEX activities_next_from_idx;
DROP INDEX activities_next_ends_idx;
DROP INDEX activities_next_idx;
DROP TRIGGER activity_occurrences_deleted ON activity_occurrences;
DROP TRIGGER activity_occurrences_updated ON activity_occurrences;
DROP TRIGGER activity_occurrences_inserted ON activity_occurrences;
DROP FUNCTION activity_occurrences_refresh_next();
DROP FUNCTION activities_refresh_next(uuid[]);
ALTER TABLE activities DROP COLUMN next_ends_at, DROP COLUMN next_starts_at, DROP COLUMN next_from;
