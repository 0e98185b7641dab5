ALTER TABLE signups DROP COLUMN share_contact;
