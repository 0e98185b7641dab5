-- Aktiviteter: districts and categories as data, organizations and their
-- members, places, activities with stored occurrences, and sign-ups with
-- capacity and a waiting list enforced by the database.

CREATE TABLE districts (
    slug       text     PRIMARY KEY,
    name       text     NOT NULL,
    sort_order smallint NOT NULL DEFAULT 0,
    CONSTRAINT districts_slug_format CHECK (slug ~ '^[a-z0-9-]{1,40}$'),
    CONSTRAINT districts_name_key UNIQUE (name)
);

CREATE TABLE categories (
    slug       text     PRIMARY KEY,
    name_nb    text     NOT NULL,
    name_en    text     NOT NULL,
    sort_order smallint NOT NULL DEFAULT 0,
    CONSTRAINT categories_slug_format CHECK (slug ~ '^[a-z0-9-]{1,40}$')
);

CREATE TABLE organizations (
    id            uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    name          text        NOT NULL,
    org_number    text,
    description   text        NOT NULL DEFAULT '',
    website       text,
    contact_email text,
    contact_phone text,
    status        text        NOT NULL DEFAULT 'pending',
    status_reason text,
    is_demo       boolean     NOT NULL DEFAULT false,
    created_by    uuid        REFERENCES users (id) ON DELETE SET NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    decided_at    timestamptz,
    decided_by    uuid        REFERENCES users (id) ON DELETE SET NULL,
    CONSTRAINT organizations_status_known CHECK (status IN ('pending', 'approved', 'rejected')),
    CONSTRAINT organizations_org_number_format CHECK (org_number ~ '^[0-9]{9}$'),
    CONSTRAINT organizations_org_number_key UNIQUE (org_number),
    CONSTRAINT organizations_name_not_blank CHECK (btrim(name) <> '')
);
CREATE UNIQUE INDEX organizations_name_key ON organizations (lower(name));
CREATE INDEX organizations_status_idx ON organizations (status);

CREATE TABLE organization_districts (
    organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    district        text NOT NULL REFERENCES districts (slug),
    CONSTRAINT organization_districts_pkey PRIMARY KEY (organization_id, district)
);

CREATE TABLE organization_members (
    organization_id uuid        NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    user_id         uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role            text        NOT NULL,
    added_at        timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT organization_members_pkey PRIMARY KEY (organization_id, user_id),
    CONSTRAINT organization_members_role_known CHECK (role IN ('admin', 'editor'))
);
CREATE INDEX organization_members_user_idx ON organization_members (user_id);

CREATE TABLE places (
    id                uuid             PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id   uuid             NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    name              text             NOT NULL,
    address           text             NOT NULL,
    district          text             NOT NULL REFERENCES districts (slug),
    latitude          double precision,
    longitude         double precision,
    step_free_access  boolean          NOT NULL DEFAULT false,
    accessible_toilet boolean          NOT NULL DEFAULT false,
    hearing_loop      boolean          NOT NULL DEFAULT false,
    transit_note      text             NOT NULL DEFAULT '',
    created_at        timestamptz      NOT NULL DEFAULT now(),
    updated_at        timestamptz      NOT NULL DEFAULT now(),
    CONSTRAINT places_coordinates_together CHECK ((latitude IS NULL) = (longitude IS NULL)),
    CONSTRAINT places_latitude_range CHECK (latitude BETWEEN -90 AND 90),
    CONSTRAINT places_longitude_range CHECK (longitude BETWEEN -180 AND 180)
);
CREATE INDEX places_organization_idx ON places (organization_id);

CREATE TABLE activities (
    id                       uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id          uuid        NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    place_id                 uuid        NOT NULL REFERENCES places (id),
    -- Copied from the place so searches filter one table.
    district                 text        NOT NULL REFERENCES districts (slug),
    category                 text        NOT NULL REFERENCES categories (slug),
    title                    text        NOT NULL,
    title_en                 text,
    description              text        NOT NULL,
    description_en           text,
    tags                     text[]      NOT NULL DEFAULT '{}',
    age_min                  smallint    NOT NULL,
    age_max                  smallint    NOT NULL,
    contact_name             text        NOT NULL,
    contact_email            text,
    contact_phone            text,
    -- Cost, whole NOK.
    is_free                  boolean     NOT NULL,
    membership_fee_nok       integer     NOT NULL DEFAULT 0,
    session_fee_nok          integer     NOT NULL DEFAULT 0,
    equipment_cost_nok       integer     NOT NULL DEFAULT 0,
    other_cost_nok           integer     NOT NULL DEFAULT 0,
    total_cost_nok           integer     NOT NULL DEFAULT 0,
    -- Threshold.
    drop_in                  boolean     NOT NULL DEFAULT false,
    no_membership_needed     boolean     NOT NULL DEFAULT false,
    free_trial               boolean     NOT NULL DEFAULT false,
    newcomer_contact         text,
    languages                text[]      NOT NULL DEFAULT '{}',
    -- Equipment and accessibility.
    equipment_needed         text        NOT NULL DEFAULT '',
    equipment_lent           boolean     NOT NULL DEFAULT false,
    adapted_for_disabilities boolean     NOT NULL DEFAULT false,
    companion_card_accepted  boolean     NOT NULL DEFAULT false,
    -- Schedule: the definition as JSON (single span or weekly series); the
    -- expanded occurrences live in activity_occurrences.
    schedule                 jsonb       NOT NULL,
    -- Status.
    status                   text        NOT NULL DEFAULT 'draft',
    status_reason            text,
    published_at             timestamptz,
    -- Sign-up.
    signup_required          boolean     NOT NULL DEFAULT false,
    capacity                 integer,
    signup_opens_at          timestamptz,
    signup_closes_at         timestamptz,
    confirmed_count          integer     NOT NULL DEFAULT 0,
    waiting_count            integer     NOT NULL DEFAULT 0,
    is_demo                  boolean     NOT NULL DEFAULT false,
    search                   tsvector    NOT NULL DEFAULT ''::tsvector,
    created_by               uuid        REFERENCES users (id) ON DELETE SET NULL,
    created_at               timestamptz NOT NULL DEFAULT now(),
    updated_at               timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT activities_status_known CHECK (status IN ('draft', 'published', 'cancelled', 'postponed', 'withdrawn')),
    CONSTRAINT activities_age_range CHECK (age_min >= 0 AND age_max <= 120 AND age_min <= age_max),
    CONSTRAINT activities_costs_non_negative CHECK (
        membership_fee_nok >= 0 AND session_fee_nok >= 0 AND equipment_cost_nok >= 0
        AND other_cost_nok >= 0 AND total_cost_nok >= 0),
    CONSTRAINT activities_free_has_no_fees CHECK (NOT is_free OR (membership_fee_nok = 0 AND session_fee_nok = 0)),
    CONSTRAINT activities_capacity_with_signup CHECK ((capacity IS NOT NULL) = signup_required AND (capacity IS NULL OR capacity > 0)),
    -- No overbooking, whatever the application does.
    CONSTRAINT activities_no_overbooking CHECK (capacity IS NULL OR confirmed_count <= capacity),
    CONSTRAINT activities_counts_non_negative CHECK (confirmed_count >= 0 AND waiting_count >= 0),
    CONSTRAINT activities_signup_window CHECK (signup_opens_at IS NULL OR signup_closes_at IS NULL OR signup_opens_at < signup_closes_at),
    CONSTRAINT activities_reason_when_stopped CHECK (status NOT IN ('cancelled', 'postponed', 'withdrawn') OR status_reason IS NOT NULL)
);
CREATE INDEX activities_organization_idx ON activities (organization_id);
CREATE INDEX activities_place_idx ON activities (place_id);
CREATE INDEX activities_published_idx ON activities (status, category, district);
CREATE INDEX activities_updated_idx ON activities (updated_at, id);
CREATE INDEX activities_search_idx ON activities USING gin (search);

-- Full-text search in Norwegian (stemming): title weighs most, then tags,
-- then the description. A trigger because array_to_string is not immutable.
CREATE FUNCTION activities_search_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.search :=
        setweight(to_tsvector('norwegian', coalesce(NEW.title, '')), 'A') ||
        setweight(to_tsvector('norwegian', coalesce(NEW.title_en, '')), 'B') ||
        setweight(to_tsvector('norwegian', array_to_string(NEW.tags, ' ')), 'B') ||
        setweight(to_tsvector('norwegian', coalesce(NEW.description, '')), 'C') ||
        setweight(to_tsvector('norwegian', coalesce(NEW.description_en, '')), 'D');
    RETURN NEW;
END $$;
CREATE TRIGGER activities_search_update BEFORE INSERT OR UPDATE OF title, title_en, tags, description, description_en
    ON activities FOR EACH ROW EXECUTE FUNCTION activities_search_update();

CREATE TABLE activity_occurrences (
    activity_id  uuid        NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
    starts_at    timestamptz NOT NULL,
    ends_at      timestamptz NOT NULL,
    -- Local (Europe/Oslo) weekday 1 = Monday … 7 = Sunday and start minute
    -- of the day, so weekday and time-of-day filters are exact.
    weekday      smallint    NOT NULL,
    start_minute smallint    NOT NULL,
    CONSTRAINT activity_occurrences_pkey PRIMARY KEY (activity_id, starts_at),
    CONSTRAINT activity_occurrences_span CHECK (ends_at > starts_at),
    CONSTRAINT activity_occurrences_weekday CHECK (weekday BETWEEN 1 AND 7),
    CONSTRAINT activity_occurrences_minute CHECK (start_minute BETWEEN 0 AND 1439)
);
CREATE INDEX activity_occurrences_starts_idx ON activity_occurrences (starts_at);
CREATE INDEX activity_occurrences_activity_ends_idx ON activity_occurrences (activity_id, ends_at);

CREATE TABLE signups (
    id               uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    activity_id      uuid        NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
    user_id          uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- 'self' or a child: first name and birth year only.
    participant      text        NOT NULL,
    first_name       text        NOT NULL,
    birth_year       smallint,
    status           text        NOT NULL,
    -- Queue order: the waiting list is served by (queued_at, seq).
    seq              bigint      GENERATED ALWAYS AS IDENTITY,
    queued_at        timestamptz NOT NULL DEFAULT now(),
    created_at       timestamptz NOT NULL DEFAULT now(),
    promoted_at      timestamptz,
    cancelled_at     timestamptz,
    CONSTRAINT signups_status_known CHECK (status IN ('confirmed', 'waiting', 'cancelled')),
    CONSTRAINT signups_participant_known CHECK (participant IN ('self', 'child')),
    CONSTRAINT signups_child_has_birth_year CHECK (participant = 'self' OR birth_year IS NOT NULL),
    CONSTRAINT signups_cancelled_at CHECK ((status = 'cancelled') = (cancelled_at IS NOT NULL))
);
-- One active sign-up per participant and activity.
CREATE UNIQUE INDEX signups_one_active_key ON signups (activity_id, user_id, participant, lower(first_name))
    WHERE status <> 'cancelled';
CREATE INDEX signups_queue_idx ON signups (activity_id, status, seq);
CREATE INDEX signups_user_idx ON signups (user_id, created_at);

-- The counters on activities follow the sign-ups, so the no-overbooking
-- check above sees every change, in the same transaction.
CREATE FUNCTION signups_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE activities SET
            confirmed_count = confirmed_count - (OLD.status = 'confirmed')::int,
            waiting_count = waiting_count - (OLD.status = 'waiting')::int
        WHERE id = OLD.activity_id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        UPDATE activities SET
            confirmed_count = confirmed_count + (NEW.status = 'confirmed')::int,
            waiting_count = waiting_count + (NEW.status = 'waiting')::int
        WHERE id = NEW.activity_id;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER signups_count AFTER INSERT OR UPDATE OF status OR DELETE ON signups
    FOR EACH ROW EXECUTE FUNCTION signups_count();

-- Asker's districts and the categories, as data (administrators may add more).
INSERT INTO districts (slug, name, sort_order) VALUES
    ('asker-sentrum', 'Asker sentrum', 1), ('hvalstad', 'Hvalstad', 2), ('vollen', 'Vollen', 3),
    ('holmen', 'Holmen', 4), ('nesbru', 'Nesbru', 5), ('billingstad', 'Billingstad', 6),
    ('borgen', 'Borgen', 7), ('heggedal', 'Heggedal', 8), ('dikemark', 'Dikemark', 9),
    ('slemmestad', 'Slemmestad', 10), ('spikkestad', 'Spikkestad', 11), ('royken', 'Røyken', 12),
    ('bodalen', 'Bødalen', 13), ('hyggen', 'Hyggen', 14), ('aros', 'Åros', 15), ('saetre', 'Sætre', 16),
    ('tofte', 'Tofte', 17), ('filtvet', 'Filtvet', 18);

INSERT INTO categories (slug, name_nb, name_en, sort_order) VALUES
    ('idrett', 'Idrett', 'Sports', 1), ('friluftsliv', 'Friluftsliv', 'Outdoor life', 2),
    ('kultur', 'Kultur', 'Culture', 3), ('musikk', 'Musikk', 'Music', 4), ('dans', 'Dans', 'Dance', 5),
    ('kunst-og-handverk', 'Kunst og håndverk', 'Arts and crafts', 6),
    ('sprak-og-samtale', 'Språk og samtale', 'Language and conversation', 7),
    ('bibliotek', 'Bibliotek', 'Library', 8), ('frivillighet', 'Frivillighet', 'Volunteering', 9),
    ('moteplass', 'Møteplass', 'Meeting place', 10), ('seniortrening', 'Seniortrening', 'Exercise for seniors', 11),
    ('kurs', 'Kurs', 'Courses', 12);
