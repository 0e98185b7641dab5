-- The platform every area shares: each user's language and e-mail choice,
-- notifications written in the same transaction as the change that causes
-- them (a transactional outbox), and periodic jobs with their last result.

ALTER TABLE users
    ADD COLUMN language        text    NOT NULL DEFAULT 'nb',
    ADD COLUMN email_reminders boolean NOT NULL DEFAULT true,
    ADD CONSTRAINT users_language_known CHECK (language IN ('nb', 'en'));

-- One row per message to one person. The row is the message: it is shown
-- on "Min side" whether or not it is e-mailed. `send_email` is false when
-- the person turned off non-essential e-mail; essential messages (decisions,
-- cancellations) are always e-mailed.
CREATE TABLE outbox (
    id              uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id         uuid        REFERENCES users (id) ON DELETE CASCADE,
    recipient       text        NOT NULL,
    template        text        NOT NULL,
    language        text        NOT NULL,
    data            jsonb       NOT NULL,
    essential       boolean     NOT NULL,
    send_email      boolean     NOT NULL,
    -- Jobs that may run twice (reminders) name the message, so it is
    -- written once.
    dedup_key       text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    sent_at         timestamptz,
    failed_at       timestamptz,
    last_error      text,
    CONSTRAINT outbox_dedup_key_key UNIQUE (dedup_key),
    CONSTRAINT outbox_language_known CHECK (language IN ('nb', 'en')),
    CONSTRAINT outbox_attempts_not_negative CHECK (attempts >= 0),
    CONSTRAINT outbox_sent_or_failed CHECK (sent_at IS NULL OR failed_at IS NULL),
    CONSTRAINT outbox_essential_is_emailed CHECK (send_email OR NOT essential)
);
-- The sender's queue: only rows still to be e-mailed.
CREATE INDEX outbox_due_idx ON outbox (next_attempt_at)
    WHERE send_email AND sent_at IS NULL AND failed_at IS NULL;
-- "Min side": a person's newest messages.
CREATE INDEX outbox_user_idx ON outbox (user_id, created_at DESC);

-- Periodic jobs. A node runs a job while it holds the job's advisory lock
-- (released by PostgreSQL the moment the node's connection ends, even on
-- kill -9), and claims a run by moving `next_run_at` forward, so two nodes
-- never run one job at the same moment and a run is not repeated.
CREATE TABLE jobs (
    name             text        PRIMARY KEY,
    every_seconds    integer     NOT NULL,
    next_run_at      timestamptz NOT NULL DEFAULT now(),
    last_started_at  timestamptz,
    last_finished_at timestamptz,
    last_ok          boolean,
    last_summary     text,
    runs             bigint      NOT NULL DEFAULT 0,
    failures         bigint      NOT NULL DEFAULT 0,
    CONSTRAINT jobs_every_positive CHECK (every_seconds > 0)
);
