//! Accounts: users, roles and refresh tokens.

pub mod refresh_tokens;
pub mod roles;
pub mod users;
