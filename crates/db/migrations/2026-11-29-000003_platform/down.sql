DROP TABLE jobs;
DROP TABLE outbox;
ALTER TABLE users
    DROP CONSTRAINT users_language_known,
    DROP COLUMN email_reminders,
    DROP COLUMN language;
