DROP TABLE audit_log;
DROP FUNCTION audit_log_refuse_change();
DROP TABLE refresh_tokens;
DROP TABLE user_roles;
DROP TABLE users;
