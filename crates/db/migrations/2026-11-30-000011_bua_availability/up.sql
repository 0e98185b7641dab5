-- Availability that a search reads instead of computing it from every unit
-- and loan. Both tables are kept by triggers in the same transaction as the
-- change, so they are never behind; they count only units in service
-- (status 'available'), as the catalogue does.

-- Units in service per model, location and size.
CREATE TABLE bua_stock (
    model_id    uuid    NOT NULL REFERENCES bua_models (id) ON DELETE CASCADE,
    location_id uuid    NOT NULL REFERENCES bua_locations (id) ON DELETE CASCADE,
    size        text    NOT NULL,
    units       integer NOT NULL CONSTRAINT bua_stock_units CHECK (units >= 0),
    PRIMARY KEY (model_id, location_id, size)
);
CREATE INDEX bua_stock_location_idx ON bua_stock (location_id, model_id) WHERE units > 0;

-- Per day, how many of those units a blocking loan holds. The exclusion
-- constraint allows one blocking loan per unit and day, so this is a count
-- of distinct units. A unit out past its return day is not in here for the
-- days after it (its period has ended); a search adds those from the loans.
CREATE TABLE bua_booked_days (
    model_id    uuid    NOT NULL,
    location_id uuid    NOT NULL,
    size        text    NOT NULL,
    day         date    NOT NULL,
    booked      integer NOT NULL CONSTRAINT bua_booked_days_booked CHECK (booked >= 0),
    PRIMARY KEY (model_id, location_id, size, day)
);
-- A day's counts for some models, read from the index alone.
CREATE INDEX bua_booked_days_day_model_idx ON bua_booked_days (day, model_id) INCLUDE (location_id, size, booked);

CREATE FUNCTION bua_book_days(p_model uuid, p_location uuid, p_size text, p_from date, p_to date, p_delta integer)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    -- Days in order, so two transactions lock the same rows in the same
    -- order. A release updates (an upsert would check the negative
    -- proposed row against the constraint before finding the conflict).
    IF p_delta > 0 THEN
        INSERT INTO bua_booked_days AS b (model_id, location_id, size, day, booked)
        SELECT p_model, p_location, p_size, d::date, p_delta
        FROM generate_series(p_from::timestamp, (p_to - 1)::timestamp, interval '1 day') AS d
        ORDER BY d
        ON CONFLICT (model_id, location_id, size, day) DO UPDATE SET booked = b.booked + EXCLUDED.booked;
    ELSE
        UPDATE bua_booked_days SET booked = booked + p_delta
        WHERE (model_id, location_id, size) = (p_model, p_location, p_size)
          AND day >= p_from AND day < p_to;
    END IF;
END
$$;

CREATE FUNCTION bua_loans_keep_booked() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    unit bua_units;
BEGIN
    IF TG_OP = 'UPDATE'
       AND (OLD.status IN ('offered', 'reserved', 'picked_up')) = (NEW.status IN ('offered', 'reserved', 'picked_up'))
       AND OLD.unit_id = NEW.unit_id AND OLD.pickup_on = NEW.pickup_on AND OLD.return_on = NEW.return_on THEN
        RETURN NULL;
    END IF;
    IF TG_OP <> 'INSERT' AND OLD.status IN ('offered', 'reserved', 'picked_up') THEN
        SELECT * INTO unit FROM bua_units WHERE id = OLD.unit_id;
        IF unit.status = 'available' THEN
            PERFORM bua_book_days(unit.model_id, unit.location_id, unit.size, OLD.pickup_on, OLD.return_on, -1);
        END IF;
    END IF;
    IF TG_OP <> 'DELETE' AND NEW.status IN ('offered', 'reserved', 'picked_up') THEN
        SELECT * INTO unit FROM bua_units WHERE id = NEW.unit_id;
        IF unit.status = 'available' THEN
            PERFORM bua_book_days(unit.model_id, unit.location_id, unit.size, NEW.pickup_on, NEW.return_on, 1);
        END IF;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER bua_loans_keep_booked
    AFTER INSERT OR DELETE OR UPDATE OF status, unit_id, pickup_on, return_on ON bua_loans
    FOR EACH ROW EXECUTE FUNCTION bua_loans_keep_booked();

-- A unit entering or leaving service (or changing model, place or size)
-- moves itself and its blocking loans' days between the counts.
CREATE FUNCTION bua_units_keep_stock() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    loan record;
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.status = NEW.status AND OLD.model_id = NEW.model_id
       AND OLD.location_id = NEW.location_id AND OLD.size = NEW.size THEN
        RETURN NULL;
    END IF;
    IF TG_OP <> 'INSERT' AND OLD.status = 'available' THEN
        UPDATE bua_stock SET units = units - 1
        WHERE model_id = OLD.model_id AND location_id = OLD.location_id AND size = OLD.size;
        FOR loan IN SELECT pickup_on, return_on FROM bua_loans
                    WHERE unit_id = OLD.id AND status IN ('offered', 'reserved', 'picked_up') ORDER BY pickup_on LOOP
            PERFORM bua_book_days(OLD.model_id, OLD.location_id, OLD.size, loan.pickup_on, loan.return_on, -1);
        END LOOP;
    END IF;
    IF TG_OP <> 'DELETE' AND NEW.status = 'available' THEN
        INSERT INTO bua_stock AS s (model_id, location_id, size, units)
        VALUES (NEW.model_id, NEW.location_id, NEW.size, 1)
        ON CONFLICT (model_id, location_id, size) DO UPDATE SET units = s.units + 1;
        FOR loan IN SELECT pickup_on, return_on FROM bua_loans
                    WHERE unit_id = NEW.id AND status IN ('offered', 'reserved', 'picked_up') ORDER BY pickup_on LOOP
            PERFORM bua_book_days(NEW.model_id, NEW.location_id, NEW.size, loan.pickup_on, loan.return_on, 1);
        END LOOP;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER bua_units_keep_stock
    AFTER INSERT OR DELETE OR UPDATE OF status, model_id, location_id, size ON bua_units
    FOR EACH ROW EXECUTE FUNCTION bua_units_keep_stock();

-- What is there today.
INSERT INTO bua_stock (model_id, location_id, size, units)
SELECT model_id, location_id, size, count(*) FROM bua_units WHERE status = 'available'
GROUP BY model_id, location_id, size;

INSERT INTO bua_booked_days (model_id, location_id, size, day, booked)
SELECT u.model_id, u.location_id, u.size, d::date, count(*)
FROM bua_loans b JOIN bua_units u ON u.id = b.unit_id AND u.status = 'available',
     generate_series(b.pickup_on::timestamp, (b.return_on - 1)::timestamp, interval '1 day') AS d
WHERE b.status IN ('offered', 'reserved', 'picked_up')
GROUP BY u.model_id, u.location_id, u.size, d::date;

-- Multi-day periods count the distinct units held from the loans of the
-- models (and location) asked for; the period-only index this replaces read
-- every model's.
DROP INDEX bua_loans_period_idx;
CREATE INDEX bua_loans_model_period_idx ON bua_loans USING gist (model_id, location_id, period)
    WHERE status IN ('offered', 'reserved', 'picked_up');
-- Units out past their return day: a short range at the start of the index.
CREATE INDEX bua_loans_overdue_idx ON bua_loans (return_on, unit_id) WHERE status = 'picked_up';
