-- Registration no longer tells anyone whether an address has an account:
-- a new account waits for its owner to open the link sent to the address.
ALTER TABLE users ADD COLUMN email_verified_at timestamptz;
UPDATE users SET email_verified_at = created_at;

-- One open confirmation link per account. Only the SHA-256 of the token is
-- stored; the token itself travels only in the e-mail.
CREATE TABLE email_verifications (
    user_id    uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    token_hash bytea NOT NULL UNIQUE,
    return_to  text CHECK (return_to IS NULL OR (return_to LIKE '/%' AND length(return_to) <= 500)),
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL
);
