-- Invitations to join an organization. Nobody becomes a member without
-- accepting; the invitation is addressed to an e-mail address whether or not
-- an account has it, so inviting reveals nothing about who has an account.
CREATE TABLE organization_invitations (
    id              uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id uuid        NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    email           text        NOT NULL,
    role            text        NOT NULL,
    invited_by      uuid        REFERENCES users (id) ON DELETE SET NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    expires_at      timestamptz NOT NULL,
    status          text        NOT NULL DEFAULT 'pending',
    answered_at     timestamptz,
    CONSTRAINT organization_invitations_email_normalised CHECK (email = lower(btrim(email)) AND email <> ''),
    CONSTRAINT organization_invitations_role_known CHECK (role IN ('admin', 'editor')),
    CONSTRAINT organization_invitations_status_known CHECK (status IN ('pending', 'accepted', 'declined', 'revoked')),
    CONSTRAINT organization_invitations_answered CHECK ((status = 'pending') = (answered_at IS NULL)),
    CONSTRAINT organization_invitations_expiry_after_creation CHECK (expires_at > created_at)
);
-- One open invitation per organization and address.
CREATE UNIQUE INDEX organization_invitations_one_pending
    ON organization_invitations (organization_id, email) WHERE status = 'pending';
-- "Min side": the invitations to my address.
CREATE INDEX organization_invitations_email_idx
    ON organization_invitations (email) WHERE status = 'pending';
-- The per-inviter rate limit.
CREATE INDEX organization_invitations_inviter_idx
    ON organization_invitations (invited_by, created_at);
