-- Lossless synchronisation of activities for third-party clients, and
-- the revision calendars count (iCalendar SEQUENCE).
--
-- `availability_updated_at` moves whenever the places left can change
-- (sign-ups, cancellations, capacity), which `updated_at` (the content)
-- does not. `changed_at` is the later of the two: the key sync clients
-- page by, with `id`, as a keyset cursor.

ALTER TABLE activities
    ADD COLUMN availability_updated_at timestamptz NOT NULL DEFAULT now();
UPDATE activities SET availability_updated_at = updated_at;
ALTER TABLE activities
    ADD COLUMN changed_at timestamptz
        GENERATED ALWAYS AS (greatest(updated_at, availability_updated_at)) STORED;
CREATE INDEX activities_changed_idx ON activities (changed_at, id) WHERE status <> 'draft';

CREATE FUNCTION activities_availability_touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.confirmed_count IS DISTINCT FROM OLD.confirmed_count
       OR NEW.waiting_count IS DISTINCT FROM OLD.waiting_count
       OR NEW.capacity IS DISTINCT FROM OLD.capacity
       OR NEW.signup_required IS DISTINCT FROM OLD.signup_required THEN
        NEW.availability_updated_at := now();
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER activities_availability_touch
    BEFORE UPDATE OF confirmed_count, waiting_count, capacity, signup_required ON activities
    FOR EACH ROW EXECUTE FUNCTION activities_availability_touch();

-- Each change of the content (`updated_at` moves) is a new revision.
ALTER TABLE activities ADD COLUMN revision integer NOT NULL DEFAULT 0;
CREATE FUNCTION activities_revision_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.revision := OLD.revision + 1;
    RETURN NEW;
END $$;
CREATE TRIGGER activities_revision_count
    BEFORE UPDATE ON activities
    FOR EACH ROW WHEN (NEW.updated_at IS DISTINCT FROM OLD.updated_at)
    EXECUTE FUNCTION activities_revision_count();
