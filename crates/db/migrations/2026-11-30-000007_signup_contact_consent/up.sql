-- The guardian's choice at sign-up: may the organizer see the account
-- holder's name and e-mail address (to reach them about changes)? Off
-- unless chosen; can be changed at any time.
ALTER TABLE signups ADD COLUMN share_contact boolean NOT NULL DEFAULT false;
