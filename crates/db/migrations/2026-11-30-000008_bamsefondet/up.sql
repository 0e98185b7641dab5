-- Bamsefondet: funds, rounds with a budget the database keeps, applications
-- with one state machine, the thread with the applicant, internal notes,
-- declared conflicts of interest and attachments.

CREATE TABLE funds (
    id             uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    name           text        NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 100),
    decision_owner text        NOT NULL CHECK (btrim(decision_owner) <> ''),
    appeal_body    text        NOT NULL CHECK (btrim(appeal_body) <> ''),
    contact        text        NOT NULL CHECK (btrim(contact) <> ''),
    four_eyes      boolean     NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now()
);

-- committed_nok and paid_nok follow the applications (trigger below), so the
-- budget check sees every grant, in the same transaction, under the
-- round's row lock: concurrent approvals can never commit more than the
-- budget.
CREATE TABLE fund_rounds (
    id                uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    fund_id           uuid        NOT NULL REFERENCES funds (id) ON DELETE CASCADE,
    name              text        NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 100),
    opens_on          date        NOT NULL,
    closes_on         date,
    budget_nok        bigint      NOT NULL CHECK (budget_nok > 0),
    max_per_child_nok integer     NOT NULL CHECK (max_per_child_nok > 0),
    covers            text[]      NOT NULL,
    committed_nok     bigint      NOT NULL DEFAULT 0,
    paid_nok          bigint      NOT NULL DEFAULT 0,
    created_at        timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT fund_rounds_dates CHECK (closes_on IS NULL OR closes_on >= opens_on),
    CONSTRAINT fund_rounds_covers_known CHECK (
        cardinality(covers) > 0 AND covers <@ ARRAY['fee', 'equipment', 'travel', 'other']),
    CONSTRAINT fund_rounds_within_budget CHECK (committed_nok BETWEEN 0 AND budget_nok),
    CONSTRAINT fund_rounds_paid_within_committed CHECK (paid_nok BETWEEN 0 AND committed_nok)
);
CREATE INDEX fund_rounds_fund_idx ON fund_rounds (fund_id, opens_on);

CREATE TABLE fund_applications (
    id                  uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    round_id            uuid        NOT NULL REFERENCES fund_rounds (id),
    -- The guardian. NULL while a coach's draft waits for the guardian, and
    -- after anonymisation.
    applicant_id        uuid        REFERENCES users (id) ON DELETE SET NULL,
    -- A coach (an organizer of the activity's club) who started it.
    started_by          uuid        REFERENCES users (id) ON DELETE SET NULL,
    guardian_email      text,
    claim_token_hash    bytea,
    status              text        NOT NULL DEFAULT 'draft',
    child_first_name    text,
    child_birth_year    smallint,
    district            text        REFERENCES districts (slug),
    activity_id         uuid        REFERENCES activities (id) ON DELETE SET NULL,
    club_name           text,
    activity_name       text,
    cost_lines          jsonb       NOT NULL DEFAULT '[]'::jsonb,
    requested_nok       integer     NOT NULL DEFAULT 0,
    reason              text,
    payout_to           text,
    account_number      text,
    consent             boolean     NOT NULL DEFAULT false,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    submitted_at        timestamptz,
    assigned_to         uuid        REFERENCES users (id) ON DELETE SET NULL,
    recommended_by      uuid        REFERENCES users (id) ON DELETE SET NULL,
    recommended_at      timestamptz,
    recommended_outcome text,
    recommended_nok     integer,
    recommended_reasons text,
    decided_by          uuid        REFERENCES users (id) ON DELETE SET NULL,
    decided_at          timestamptz,
    outcome             text,
    reasons             text,
    -- What the first decision granted.
    decided_nok         integer,
    -- What the standing decision grants (the first decision, or the appeal
    -- decision once there is one). The round's committed total is the sum.
    granted_nok         integer     NOT NULL DEFAULT 0,
    letter_sent_at      timestamptz,
    letter_opened_on    date,
    appeal_text         text,
    appealed_at         timestamptz,
    appeal_decided_by   uuid        REFERENCES users (id) ON DELETE SET NULL,
    appeal_decided_at   timestamptz,
    appeal_outcome      text,
    appeal_reasons      text,
    appeal_granted_nok  integer,
    appeal_letter_sent_at   timestamptz,
    appeal_letter_opened_on date,
    participation_confirmed_at timestamptz,
    participation_confirmed_by uuid REFERENCES users (id) ON DELETE SET NULL,
    paid_nok            integer     NOT NULL DEFAULT 0,
    paid_to             text,
    paid_on             date,
    paid_reference      text,
    preliminary_sent_at timestamptz,
    closed_at           timestamptz,
    anonymised_at       timestamptz,
    CONSTRAINT fund_applications_status_known CHECK (status IN (
        'draft', 'submitted', 'in_review', 'needs_info', 'recommended', 'decided',
        'paid', 'closed', 'withdrawn', 'appealed', 'appeal_decided')),
    CONSTRAINT fund_applications_outcome_known CHECK (
        outcome IS NULL OR outcome IN ('approved', 'partly_approved', 'rejected')),
    CONSTRAINT fund_applications_recommended_known CHECK (
        recommended_outcome IS NULL OR recommended_outcome IN ('approved', 'partly_approved', 'rejected')),
    CONSTRAINT fund_applications_appeal_outcome_known CHECK (
        appeal_outcome IS NULL OR appeal_outcome IN ('approved', 'partly_approved', 'rejected')),
    CONSTRAINT fund_applications_payout_known CHECK (payout_to IS NULL OR payout_to IN ('club', 'guardian')),
    CONSTRAINT fund_applications_paid_to_known CHECK (paid_to IS NULL OR paid_to IN ('club', 'guardian')),
    CONSTRAINT fund_applications_amounts CHECK (
        requested_nok >= 0 AND granted_nok BETWEEN 0 AND requested_nok
        AND paid_nok BETWEEN 0 AND granted_nok),
    CONSTRAINT fund_applications_submitted CHECK ((status = 'draft') = (submitted_at IS NULL)),
    CONSTRAINT fund_applications_decision_has_reasons CHECK (
        outcome IS NULL OR outcome = 'approved' OR reasons IS NOT NULL),
    -- A case is decided by someone else than who applied or recommended it.
    CONSTRAINT fund_applications_four_eyes CHECK (
        decided_by IS NULL OR recommended_by IS NULL OR decided_by <> recommended_by),
    CONSTRAINT fund_applications_appeal_by_another CHECK (
        appeal_decided_by IS NULL OR decided_by IS NULL OR appeal_decided_by <> decided_by)
);
CREATE INDEX fund_applications_applicant_idx ON fund_applications (applicant_id, created_at DESC);
-- The caseworker queue: by round and state, oldest submission first.
CREATE INDEX fund_applications_queue_idx ON fund_applications (round_id, status, submitted_at);
CREATE INDEX fund_applications_assigned_idx ON fund_applications (assigned_to, status) WHERE assigned_to IS NOT NULL;
CREATE INDEX fund_applications_activity_idx ON fund_applications (activity_id) WHERE activity_id IS NOT NULL;
CREATE UNIQUE INDEX fund_applications_claim_idx ON fund_applications (claim_token_hash) WHERE claim_token_hash IS NOT NULL;

CREATE FUNCTION fund_applications_totals() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    old_granted integer := 0;
    old_paid integer := 0;
    new_granted integer := 0;
    new_paid integer := 0;
BEGIN
    IF TG_OP <> 'INSERT' THEN old_granted := OLD.granted_nok; old_paid := OLD.paid_nok; END IF;
    IF TG_OP <> 'DELETE' THEN new_granted := NEW.granted_nok; new_paid := NEW.paid_nok; END IF;
    IF new_granted <> old_granted OR new_paid <> old_paid THEN
        UPDATE fund_rounds
           SET committed_nok = committed_nok + new_granted - old_granted,
               paid_nok = paid_nok + new_paid - old_paid
         WHERE id = COALESCE(NEW.round_id, OLD.round_id);
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER fund_applications_totals AFTER INSERT OR UPDATE OF granted_nok, paid_nok OR DELETE
    ON fund_applications FOR EACH ROW EXECUTE FUNCTION fund_applications_totals();

-- Every change of state, for the case history.
CREATE TABLE fund_events (
    id             bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    application_id uuid        NOT NULL REFERENCES fund_applications (id) ON DELETE CASCADE,
    at             timestamptz NOT NULL DEFAULT now(),
    actor_id       uuid,
    action         text        NOT NULL,
    from_status    text,
    to_status      text        NOT NULL
);
CREATE INDEX fund_events_application_idx ON fund_events (application_id, id);

-- The thread between the applicant and the fund.
CREATE TABLE fund_messages (
    id             bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    application_id uuid        NOT NULL REFERENCES fund_applications (id) ON DELETE CASCADE,
    author_id      uuid        REFERENCES users (id) ON DELETE SET NULL,
    from_fund      boolean     NOT NULL,
    body           text        NOT NULL CHECK (btrim(body) <> ''),
    created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX fund_messages_application_idx ON fund_messages (application_id, id);

-- Internal notes: a table of their own, so no query for the applicant can
-- reach them by forgetting a filter.
CREATE TABLE fund_notes (
    id             bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    application_id uuid        NOT NULL REFERENCES fund_applications (id) ON DELETE CASCADE,
    author_id      uuid        REFERENCES users (id) ON DELETE SET NULL,
    body           text        NOT NULL CHECK (btrim(body) <> ''),
    created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX fund_notes_application_idx ON fund_notes (application_id, id);

-- Forvaltningsloven § 6: a caseworker who declared themself disqualified
-- neither sees nor acts on the case.
CREATE TABLE fund_disqualifications (
    application_id uuid        NOT NULL REFERENCES fund_applications (id) ON DELETE CASCADE,
    user_id        uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    reason         text        NOT NULL,
    declared_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (application_id, user_id)
);
CREATE INDEX fund_disqualifications_user_idx ON fund_disqualifications (user_id);

-- Attachments, kept in the database next to the case they belong to; the
-- type is decided from the content.
CREATE TABLE fund_attachments (
    id             uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    application_id uuid        NOT NULL REFERENCES fund_applications (id) ON DELETE CASCADE,
    uploaded_by    uuid        REFERENCES users (id) ON DELETE SET NULL,
    file_name      text        NOT NULL CHECK (length(file_name) BETWEEN 1 AND 200),
    content_type   text        NOT NULL CHECK (content_type IN ('application/pdf', 'image/jpeg', 'image/png')),
    size_bytes     integer     NOT NULL CHECK (size_bytes BETWEEN 1 AND 10485760),
    sha256         bytea       NOT NULL CHECK (length(sha256) = 32),
    bytes          bytea       NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX fund_attachments_application_idx ON fund_attachments (application_id, created_at);
