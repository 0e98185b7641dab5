-- BUA: free lending of sports and leisure equipment. Locations with opening
-- hours and loan rules, staff per location, a catalogue of models, the
-- physical units, and loans (a reservation is a loan not yet picked up).
-- No unit can be booked twice for overlapping days: an exclusion
-- constraint holds that whatever the application does.

CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE TABLE bua_locations (
    id                       uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    name                     text        NOT NULL,
    address                  text        NOT NULL,
    district                 text        NOT NULL REFERENCES districts (slug),
    contact_email            text,
    contact_phone            text,
    -- Loan rules, per location.
    max_loan_days            integer     NOT NULL DEFAULT 7,
    min_days_ahead           integer     NOT NULL DEFAULT 1,
    max_days_ahead           integer     NOT NULL DEFAULT 30,
    max_active_per_household integer     NOT NULL DEFAULT 3,
    created_at               timestamptz NOT NULL DEFAULT now(),
    updated_at               timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT bua_locations_name_key UNIQUE (name),
    CONSTRAINT bua_locations_rules CHECK (
        max_loan_days BETWEEN 1 AND 60
        AND min_days_ahead BETWEEN 0 AND 30
        AND max_days_ahead BETWEEN min_days_ahead AND 180
        AND max_active_per_household BETWEEN 1 AND 20)
);

-- Opening hours per ISO weekday (1 = Monday); a weekday without a row is closed.
CREATE TABLE bua_opening_hours (
    location_id uuid     NOT NULL REFERENCES bua_locations (id) ON DELETE CASCADE,
    weekday     smallint NOT NULL,
    opens       time     NOT NULL,
    closes      time     NOT NULL,
    PRIMARY KEY (location_id, weekday),
    CONSTRAINT bua_opening_hours_weekday CHECK (weekday BETWEEN 1 AND 7),
    CONSTRAINT bua_opening_hours_order CHECK (opens < closes)
);

-- Days a location is closed although its weekday is open (holidays).
CREATE TABLE bua_closed_days (
    location_id uuid NOT NULL REFERENCES bua_locations (id) ON DELETE CASCADE,
    day         date NOT NULL,
    reason      text NOT NULL DEFAULT '',
    PRIMARY KEY (location_id, day)
);

-- Lending staff per location. Acting at the desk needs this row and the
-- `lending_staff` role (both read from the database on every request).
CREATE TABLE bua_staff (
    location_id uuid        NOT NULL REFERENCES bua_locations (id) ON DELETE CASCADE,
    user_id     uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    granted_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (location_id, user_id)
);
CREATE INDEX bua_staff_user_idx ON bua_staff (user_id);

CREATE TABLE bua_models (
    id                uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    name              text        NOT NULL,
    category          text        NOT NULL,
    description       text        NOT NULL DEFAULT '',
    -- What a unit's size means: ski length in cm, EU shoe size, wheel
    -- inches, helmet size; NULL when size does not matter (a tent).
    size_kind         text,
    min_age           smallint,
    max_age           smallint,
    default_loan_days smallint    NOT NULL DEFAULT 7,
    image_id          uuid        REFERENCES images (id) ON DELETE SET NULL,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT bua_models_category CHECK (category IN (
        'ski', 'skoyter', 'sykkel', 'hjelm', 'telt', 'longboard', 'sparkesykkel',
        'truger', 'sovepose', 'fiske', 'ball', 'annet')),
    CONSTRAINT bua_models_size_kind CHECK (size_kind IN ('ski_cm', 'shoe_eu', 'wheel_inch', 'helmet', 'clothing')),
    CONSTRAINT bua_models_ages CHECK (min_age IS NULL OR max_age IS NULL OR min_age <= max_age),
    CONSTRAINT bua_models_loan_days CHECK (default_loan_days BETWEEN 1 AND 60),
    CONSTRAINT bua_models_name_not_blank CHECK (btrim(name) <> '')
);

CREATE TABLE bua_units (
    id               uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    label            text        NOT NULL,
    model_id         uuid        NOT NULL REFERENCES bua_models (id),
    location_id      uuid        NOT NULL REFERENCES bua_locations (id),
    -- '' when the model has no size.
    size             text        NOT NULL DEFAULT '',
    condition_note   text        NOT NULL DEFAULT '',
    status           text        NOT NULL DEFAULT 'available',
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT bua_units_label_key UNIQUE (label),
    CONSTRAINT bua_units_status CHECK (status IN ('available', 'maintenance', 'retired'))
);
CREATE INDEX bua_units_lookup_idx ON bua_units (location_id, model_id, size) WHERE status = 'available';
CREATE INDEX bua_units_model_idx ON bua_units (model_id);

-- A loan from reservation to return. A walk-in loan has no account: the
-- borrower's name and phone are kept until the return and then erased.
CREATE TABLE bua_loans (
    id               uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    unit_id          uuid        NOT NULL REFERENCES bua_units (id),
    location_id      uuid        NOT NULL REFERENCES bua_locations (id),
    model_id         uuid        NOT NULL REFERENCES bua_models (id),
    size             text        NOT NULL,
    borrower_id      uuid        REFERENCES users (id) ON DELETE SET NULL,
    walk_in_name     text,
    walk_in_phone    text,
    status           text        NOT NULL,
    pickup_on        date        NOT NULL,
    return_on        date        NOT NULL,
    -- Half-open: the unit is back on return_on and can go out again that day.
    period           daterange   GENERATED ALWAYS AS (daterange(pickup_on, return_on, '[)')) STORED,
    -- A waiting-list offer holds the unit until this time.
    offer_expires_at timestamptz,
    fund_application_id uuid     REFERENCES fund_applications (id) ON DELETE SET NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    picked_up_at     timestamptz,
    handed_out_by    uuid        REFERENCES users (id) ON DELETE SET NULL,
    returned_at      timestamptz,
    taken_back_by    uuid        REFERENCES users (id) ON DELETE SET NULL,
    return_condition text,
    damage_note      text,
    ended_at         timestamptz,
    CONSTRAINT bua_loans_status CHECK (status IN ('offered', 'reserved', 'picked_up', 'returned', 'cancelled', 'no_show', 'expired')),
    CONSTRAINT bua_loans_dates CHECK (return_on > pickup_on),
    CONSTRAINT bua_loans_borrower CHECK (borrower_id IS NOT NULL OR walk_in_name IS NOT NULL OR status IN ('returned', 'cancelled', 'no_show', 'expired')),
    CONSTRAINT bua_loans_offer CHECK ((status = 'offered') = (offer_expires_at IS NOT NULL)),
    CONSTRAINT bua_loans_return_condition CHECK (return_condition IN ('ok', 'damaged')),
    CONSTRAINT bua_loans_no_overlap EXCLUDE USING gist (unit_id WITH =, period WITH &&)
        WHERE (status IN ('offered', 'reserved', 'picked_up'))
);
CREATE INDEX bua_loans_borrower_idx ON bua_loans (borrower_id, pickup_on DESC);
CREATE INDEX bua_loans_desk_pickup_idx ON bua_loans (location_id, pickup_on) WHERE status IN ('offered', 'reserved');
CREATE INDEX bua_loans_desk_out_idx ON bua_loans (location_id, return_on) WHERE status = 'picked_up';
CREATE INDEX bua_loans_offer_idx ON bua_loans (offer_expires_at) WHERE status = 'offered';
-- Availability: every blocking loan over a period, for the catalogue (a
-- unit's own loans over a period use the exclusion constraint's index).
CREATE INDEX bua_loans_period_idx ON bua_loans USING gist (period)
    WHERE status IN ('offered', 'reserved', 'picked_up');

-- The waiting list per location, model and size: first come, first served.
CREATE TABLE bua_waitlist (
    id          uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    number      bigint      GENERATED ALWAYS AS IDENTITY,
    location_id uuid        NOT NULL REFERENCES bua_locations (id) ON DELETE CASCADE,
    model_id    uuid        NOT NULL REFERENCES bua_models (id) ON DELETE CASCADE,
    size        text        NOT NULL,
    user_id     uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    pickup_on   date        NOT NULL,
    return_on   date        NOT NULL,
    status      text        NOT NULL DEFAULT 'waiting',
    loan_id     uuid        REFERENCES bua_loans (id) ON DELETE SET NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT bua_waitlist_status CHECK (status IN ('waiting', 'offered', 'cancelled', 'lapsed')),
    CONSTRAINT bua_waitlist_dates CHECK (return_on > pickup_on)
);
CREATE INDEX bua_waitlist_line_idx ON bua_waitlist (location_id, model_id, size, number) WHERE status = 'waiting';
CREATE INDEX bua_waitlist_user_idx ON bua_waitlist (user_id);
CREATE UNIQUE INDEX bua_waitlist_once_idx ON bua_waitlist (user_id, location_id, model_id, size) WHERE status = 'waiting';

-- "Nothing in my size": what people asked for and did not get. No person.
CREATE TABLE bua_unmet_demand (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    location_id uuid        NOT NULL REFERENCES bua_locations (id) ON DELETE CASCADE,
    model_id    uuid        REFERENCES bua_models (id) ON DELETE CASCADE,
    category    text        NOT NULL,
    size        text        NOT NULL DEFAULT '',
    district    text        REFERENCES districts (slug),
    wanted_on   date,
    recorded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX bua_unmet_demand_location_idx ON bua_unmet_demand (location_id, recorded_at);
