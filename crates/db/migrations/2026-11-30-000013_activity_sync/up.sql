-- Lossless synchronisation of activities for third-party clients.
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
