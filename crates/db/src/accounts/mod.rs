//! Accounts: users, roles, refresh tokens and e-mail confirmation links.

pub mod refresh_tokens;
pub mod roles;
pub mod users;
pub mod verifications;
